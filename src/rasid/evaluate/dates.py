"""`rasid eval dates`: date-span detection against the DATE entities of the Wojood sample.

Each sentence is rebuilt from its tokens joined by single spaces (so offsets are known),
:func:`rasid.dates.extract_dates` runs on it without a publication date, and the predicted
spans are scored against the outermost DATE spans (any nesting column) by exact match and by
overlap. Overlap precision counts predictions touching some gold span; overlap recall counts
gold spans touched by some prediction. Since the gold is token-level, predicted spans are
widened to the whole tokens they touch before comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rasid.dates import extract_dates
from rasid.errors import InputError

SPLITS = ("train", "val", "test")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    gold: tuple[tuple[int, int], ...]  # outermost DATE spans


@dataclass(frozen=True, slots=True)
class Scores:
    gold: int
    predicted: int
    exact_tp: int
    overlap_tp_pred: int
    overlap_tp_gold: int

    @staticmethod
    def _f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def exact(self) -> tuple[float, float, float]:
        p = self.exact_tp / self.predicted if self.predicted else 0.0
        r = self.exact_tp / self.gold if self.gold else 0.0
        return p, r, self._f(p, r)

    def overlap(self) -> tuple[float, float, float]:
        p = self.overlap_tp_pred / self.predicted if self.predicted else 0.0
        r = self.overlap_tp_gold / self.gold if self.gold else 0.0
        return p, r, self._f(p, r)


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a Wojood file with their outermost DATE spans."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    out: list[Sentence] = []
    rows: list[list[str]] = []
    for line in [*lines, ""]:
        parts = line.split()
        if parts:
            rows.append(parts)
        elif rows:
            out.append(_sentence(rows))
            rows = []
    return out


def _sentence(rows: list[list[str]]) -> Sentence:
    starts: list[int] = []
    pos = 0
    for r in rows:
        starts.append(pos)
        pos += len(r[0]) + 1
    text = " ".join(r[0] for r in rows)
    spans: list[tuple[int, int]] = []
    width = max(len(r) for r in rows)
    for col in range(1, width):
        i = 0
        while i < len(rows):
            tag = rows[i][col] if col < len(rows[i]) else "O"
            if tag == "B-DATE":
                j = i + 1
                while j < len(rows) and col < len(rows[j]) and rows[j][col] == "I-DATE":
                    j += 1
                spans.append((starts[i], starts[j - 1] + len(rows[j - 1][0])))
                i = j
            else:
                i += 1
    outer = sorted({s for s in spans
                    if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)})
    return Sentence(text, tuple(outer))


def score(sentences: Sequence[Sentence]) -> tuple[Scores, list[tuple[str, str, str]]]:
    """Scores and the errors as (kind, sentence, span text) with kind ``miss``/``fp``/``bound``."""
    gold_n = pred_n = exact = ov_pred = ov_gold = 0
    errors: list[tuple[str, str, str]] = []
    for s in sentences:
        pred = [_widen(s.text, m.start, m.end) for m in extract_dates(s.text, None)]
        gold = list(s.gold)
        gold_n += len(gold)
        pred_n += len(pred)
        exact += len(set(pred) & set(gold))
        for p in pred:
            if any(p[0] < g[1] and g[0] < p[1] for g in gold):
                ov_pred += 1
                if p not in gold:
                    errors.append(("bound", s.text, s.text[p[0]:p[1]]))
            else:
                errors.append(("fp", s.text, s.text[p[0]:p[1]]))
        for g in gold:
            if any(p[0] < g[1] and g[0] < p[1] for p in pred):
                ov_gold += 1
            else:
                errors.append(("miss", s.text, s.text[g[0]:g[1]]))
    return Scores(gold_n, pred_n, exact, ov_pred, ov_gold), errors


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    # Wojood tags whole tokens, clitics included (لهذا العام); our spans leave out a proclitic
    # (هذا العام), so a prediction is compared on the whole tokens it touches.
    stop = text.find(" ", end)
    return text.rfind(" ", 0, start) + 1, len(text) if stop < 0 else stop


def default_dir() -> Path:
    shared = os.environ.get("RASID_SHARED")
    base = Path(shared) if shared else Path.cwd().parent / "shared"
    return base / "data" / "wojood_sample"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasid eval dates", description=__doc__)
    parser.add_argument("--data", type=Path, default=None,
                        help="directory with {train,val,test}.txt (default: "
                             "$RASID_SHARED/data/wojood_sample or ../shared/data/wojood_sample)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also print up to N errors per split "
                             "(misses, false positives, bounds)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    data: Path = args.data or default_dir()
    if not data.is_dir():
        print(f"rasid eval dates: no data directory {data}", file=sys.stderr)
        return 2
    print(f"{'split':<6} {'gold':>5} {'pred':>5}  {'exact P':>7} {'R':>6} {'F1':>6}"
          f"  {'overlap P':>9} {'R':>6} {'F1':>6}")
    for split in SPLITS:
        path = data / f"{split}.txt"
        if not path.is_file():
            continue
        try:
            sents = read_conll(path)
        except InputError as exc:
            print(f"rasid eval dates: {exc}", file=sys.stderr)
            return 1
        sc, errors = score(sents)
        ep, er, ef = sc.exact()
        op, orr, of = sc.overlap()
        print(f"{split:<6} {sc.gold:>5} {sc.predicted:>5}  {ep:>7.3f} {er:>6.3f} {ef:>6.3f}"
              f"  {op:>9.3f} {orr:>6.3f} {of:>6.3f}")
        for kind, text, span in errors[: args.errors]:
            print(f"    {kind:<5} [{span}]  {text[:160]}")
    return 0
