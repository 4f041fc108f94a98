"""`rasid eval figures`: figure detection against the hand-made ANT dev gold.

The gold (``dev_gold/quotes_ant_*.json``) lists, per article, ``figures[]`` with an exact text
``fragment``, ``value``, ``unit`` (casualty status قتيل/جريح for casualty counts, else the counted
kind or ``%``/``دولار``) and ``approx`` (approximators and lower bounds). Its scope is quantities
about people, money, casualties, troops and percentages; dates, ages, durations, distances and
counts of things are out of scope, so only predictions in that scope are scored.

Match rule: a prediction matches a gold figure when the values are equal and the predicted
span overlaps the fragment; matching is one-to-one, in text order. Reported: precision, recall
and F1 of detection; on matched pairs, accuracy of the hedge flag (``approx``) and of the unit.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rasid._numbers import light, load_rules
from rasid.errors import ConfigError, InputError
from rasid.figures import extract_figures
from rasid.models import Figure

GOLD_NAME = "data/dev_gold/quotes_ant_2018-02-15_2018-04-30.json"
CORPUS_NAME = "data/ant_corpus_v2.1/ant_v2.1.jsonl.xz"
# Kinds of counted nouns in the gold's scope; units in scope are currency and percent.
_PEOPLE = ("person", "casualty")


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts and rates of one evaluation run."""

    gold: int
    predicted: int
    matched: int
    approx_correct: int
    unit_correct: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def approx_accuracy(self) -> float:
        return self.approx_correct / self.matched if self.matched else 0.0

    @property
    def unit_accuracy(self) -> float:
        return self.unit_correct / self.matched if self.matched else 0.0


def _shared_root() -> Path:
    env = os.environ.get("RASID_SHARED")
    return Path(env) if env else Path.cwd().parent / "shared"


def load_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    """docno → gold figures."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["articles"]
        return {docno: list(a.get("figures", [])) for docno, a in articles.items()}
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold: {exc}") from exc
    except (KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a figures gold file (no 'articles' map): {exc}") from exc


def iter_texts(path: Path, wanted: set[str]) -> Iterator[tuple[str, str]]:
    """Stream (docno, text) of the wanted records from the ANT jsonl(.xz) corpus."""
    opener = lzma.open if path.suffix == ".xz" else open
    left = set(wanted)
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not left:
                    return
                if not any(d in line for d in left):
                    continue
                rec = json.loads(line)
                docno = rec.get("docno")
                if docno in left:
                    left.discard(docno)
                    yield docno, str(rec.get("text") or "")
    except (OSError, lzma.LZMAError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read corpus: {exc}") from exc


@cache
def _scope() -> tuple[frozenset[str], frozenset[str]]:
    """(units in scope, counted nouns in scope) from the same rule file the extractor uses."""
    rules = load_rules()
    units = {
        light(k)
        for k, v in rules["units"].items()
        if not k.startswith("_") and v["kind"] == "currency"
    }
    units.add(rules["percent"]["canonical"])
    counted = {
        light(k)
        for k, v in rules["counted"].items()
        if not k.startswith("_") and v["kind"] in _PEOPLE
    }
    return frozenset(units), frozenset(counted)


def in_scope(f: Figure) -> bool:
    """Whether a prediction is of the kind the gold annotates (people, money, percent)."""
    units, counted = _scope()
    if f.unit is not None:
        return f.unit in units
    return f.counted in counted


def _locate(text: str, fragment: str, occurrence: int) -> tuple[int, int] | None:
    start = -1
    for _ in range(max(1, occurrence)):
        start = text.find(fragment, start + 1)
        if start < 0:
            return None
    return start, start + len(fragment)


def score_article(text: str, gold: list[dict[str, Any]]) -> tuple[Scores, list[str]]:
    """Scores of one article and human-readable lines for its misses and false alarms."""
    preds = [f for f in extract_figures(text) if in_scope(f)]
    used: set[int] = set()
    matched = approx_ok = unit_ok = 0
    notes: list[str] = []
    for g in gold:
        span = _locate(text, g["fragment"], int(g.get("occurrence", 1)))
        hit = None
        if span is not None:
            for k, f in enumerate(preds):
                if k in used or abs(f.value - float(g["value"])) > 1e-6 * max(1.0, f.value):
                    continue
                if f.start < span[1] and span[0] < f.end:
                    hit = k
                    break
        if hit is None:
            notes.append(f"  miss  {g['value']:>12} {g.get('unit')}  «{g['fragment']}»")
            continue
        used.add(hit)
        f = preds[hit]
        matched += 1
        approx_ok += (f.hedge is not None) == bool(g.get("approx"))
        label = f.counted or f.unit
        unit_ok += label == g.get("unit")
        if label != g.get("unit"):
            notes.append(f"  unit  {f.value:>12g} {label} ≠ {g.get('unit')}  «{f.text}»")
    for k, f in enumerate(preds):
        if k not in used:
            notes.append(f"  extra {f.value:>12g} {f.counted or f.unit}  «{f.text}»")
    return Scores(len(gold), len(preds), matched, approx_ok, unit_ok), notes


def evaluate(gold_path: Path, corpus_path: Path) -> tuple[Scores, dict[str, list[str]]]:
    """Score every gold article found in the corpus."""
    gold = load_gold(gold_path)
    total = Scores(0, 0, 0, 0, 0)
    notes: dict[str, list[str]] = {}
    seen: set[str] = set()
    for docno, text in iter_texts(corpus_path, set(gold)):
        seen.add(docno)
        s, lines = score_article(text, gold[docno])
        notes[docno] = lines
        total = Scores(
            total.gold + s.gold,
            total.predicted + s.predicted,
            total.matched + s.matched,
            total.approx_correct + s.approx_correct,
            total.unit_correct + s.unit_correct,
        )
    missing = set(gold) - seen
    if missing:
        raise InputError(str(corpus_path), f"{len(missing)} gold articles not in the corpus")
    return total, notes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasid eval figures", description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, help=f"dev gold JSON (default: <shared>/{GOLD_NAME})")
    parser.add_argument("--corpus", type=Path, help=f"ANT jsonl(.xz) <shared>/{CORPUS_NAME}")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(list(argv) if argv is not None else None)
    root = _shared_root()
    gold_path = args.gold or root / GOLD_NAME
    corpus_path = args.corpus or root / CORPUS_NAME
    try:
        for p in (gold_path, corpus_path):
            if not p.is_file():
                raise ConfigError(f"{p} not found (set RASID_SHARED or pass --gold/--corpus)")
        scores, notes = evaluate(gold_path, corpus_path)
    except (ConfigError, InputError) as exc:
        print(f"rasid eval figures: {exc}")
        return 2
    print(f"{'articles':<22}{len(notes):>8}")
    print(f"{'gold figures':<22}{scores.gold:>8}")
    print(f"{'predicted (in scope)':<22}{scores.predicted:>8}")
    print(f"{'matched':<22}{scores.matched:>8}")
    print(f"{'precision':<22}{scores.precision:>8.3f}")
    print(f"{'recall':<22}{scores.recall:>8.3f}")
    print(f"{'F1':<22}{scores.f1:>8.3f}")
    print(f"{'hedge accuracy':<22}{scores.approx_accuracy:>8.3f}")
    print(f"{'unit accuracy':<22}{scores.unit_accuracy:>8.3f}")
    if args.verbose:
        for docno, lines in sorted(notes.items()):
            if lines:
                print(docno)
                print("\n".join(lines))
    return 0
