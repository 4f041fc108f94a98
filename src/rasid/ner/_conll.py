"""CoNLL-style corpora and the entity-level span scorer (conlleval semantics).

Shared by training (dev-split decisions) and ``rasid eval ner`` so both count the same way.
"""

from __future__ import annotations

import lzma
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rasid.errors import InputError

LABELS = ("PERS", "LOC", "ORG", "MISC")

# AQMAR's release has PER and article-specific MIS0..MIS3 classes plus a few typo tags.
_AQMAR_TYPES = {"PER": "PERS", "PERS": "PERS", "LOC": "LOC", "ORG": "ORG"}


@dataclass(frozen=True, slots=True)
class Sentence:
    words: tuple[str, ...]
    tags: tuple[str, ...]


def read_conll(path: Path, *, aqmar: bool = False) -> list[Sentence]:
    """Read ``word TAG`` lines (blank line between sentences); ``.xz`` files are decompressed."""
    try:
        if path.suffix == ".xz":
            with lzma.open(path, "rt", encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, lzma.LZMAError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read corpus: {exc}") from exc
    out: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in lines:
        parts = line.split()
        if not parts:
            if words:
                out.append(Sentence(tuple(words), tuple(tags)))
                words, tags = [], []
            continue
        if len(parts) == 1:
            # a bare tag or a bare word: the release has a few such lines; keep the position
            words.append(parts[0])
            tags.append("O")
            continue
        words.append(" ".join(parts[:-1]))
        tags.append(normalise_aqmar_tag(parts[-1]) if aqmar else parts[-1])
    if words:
        out.append(Sentence(tuple(words), tuple(tags)))
    return out


def normalise_aqmar_tag(tag: str) -> str:
    """Map AQMAR tags onto ANERcorp's: PER→PERS, MIS*→MISC; typo tags repaired or dropped."""
    t = tag.strip("`").upper()
    if t in ("O", "OO"):
        return "O"
    prefix, _, kind = t.partition("-")
    kind = kind.strip("-")
    if prefix not in ("B", "I") or not kind:
        return "O"
    if kind.startswith("MIS"):
        return f"{prefix}-MISC"
    mapped = _AQMAR_TYPES.get(kind)
    # language-name tags such as B-ENGLISH are not entity classes of either scheme
    return f"{prefix}-{mapped}" if mapped else "O"


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` as conlleval reads IOB: an I- tag whose type differs
    from the open chunk (or that follows O) starts a new chunk."""
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        if prefix == "I" and kind == t and start >= 0:
            continue
        if start >= 0:
            out.add((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "I") and t:
            start, kind = i, t
    return out


@dataclass
class Score:
    """Entity-level counts per type; micro P/R/F1 over all types."""

    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, gold: Sequence[str], pred: Sequence[str]) -> None:
        g, p = chunks(gold), chunks(pred)
        for _, _, t in g & p:
            self.tp[t] = self.tp.get(t, 0) + 1
        for _, _, t in p - g:
            self.fp[t] = self.fp.get(t, 0) + 1
        for _, _, t in g - p:
            self.fn[t] = self.fn.get(t, 0) + 1

    def prf(self, label: str | None = None) -> tuple[float, float, float, int]:
        """Precision, recall, F1 (percent) and gold support; ``None`` means micro over all."""
        keys: Iterable[str] = [label] if label else set(self.tp) | set(self.fp) | set(self.fn)
        tp = sum(self.tp.get(k, 0) for k in keys)
        keys = [label] if label else set(self.tp) | set(self.fp) | set(self.fn)
        fp = sum(self.fp.get(k, 0) for k in keys)
        fn = sum(self.fn.get(k, 0) for k in keys)
        p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
        r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    def table(self) -> str:
        rows = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for label in (*LABELS, None):
            p, r, f, n = self.prf(label)
            rows.append(f"{label or 'micro':<6} {p:6.2f} {r:6.2f} {f:6.2f} {n:6d}")
        return "\n".join(rows)
