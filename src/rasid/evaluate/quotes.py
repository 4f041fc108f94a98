"""`rasid eval quotes`: quote attribution against the hand-made ANT development gold.

A predicted quote matches a gold statement when its span overlaps the gold ``fragment`` (the
``occurrence``-th time that fragment appears in the article text); matching is one-to-one. A
match is *speaker-correct* when the names agree after :func:`rasid.entities.variant_key` folding
or one folded name contains the other (full name vs surname, ``البيان`` vs ``البيان المشترك``).
Optional gold items are neither required nor penalised: a prediction on one counts for nothing.

    precision = speaker-correct matches of required items / (those + false predictions)
    recall    = speaker-correct matches of required items / required items

False predictions are predictions that overlap no gold statement and predictions whose speaker
is wrong. The gold's ``persons`` list is scored too: a gold person is found when a person entity
(from NER mentions when ``--ner`` is given, plus the person speakers) has a matching name or
variant.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasid.entities import resolve_entities, variant_key
from rasid.errors import ConfigError, RasidError
from rasid.models import Mention, Quote, Span
from rasid.quotes import extract_quotes

GOLD_NAME = "dev_gold/quotes_ant_2018-02-15_2018-04-30.json"
CORPUS_NAME = "ant_corpus_v2.1/ant_v2.1.jsonl.xz"


def _data_dir() -> Path:
    shared = os.environ.get("RASID_SHARED")
    if shared:
        return Path(shared) / "data"
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


@dataclass
class Scores:
    """Counts over the evaluated articles; ratios are properties."""

    tp: int = 0
    fp: int = 0
    required: int = 0
    neutral: int = 0
    type_ok: int = 0
    direct_ok: int = 0
    persons_gold: int = 0
    persons_found: int = 0
    persons_predicted: int = 0
    persons_right: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def same_speaker(predicted: str | None, gold: str) -> bool:
    """Names agree after folding, or one folded name holds the other."""
    if not predicted:
        return False
    a, b = variant_key(predicted), variant_key(gold)
    return bool(a and b) and (a == b or a in b or b in a)


def _fragment_span(text: str, fragment: str, occurrence: int) -> Span | None:
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(fragment, pos + 1)
        if pos < 0:
            return None
    return Span(pos, pos + len(fragment))


def _overlap(q: Quote, s: Span) -> int:
    return max(0, min(q.end, s.end) - max(q.start, s.start))


def score_article(text: str, gold: dict[str, Any], quotes: Sequence[Quote], scores: Scores,
                  label: str = "", verbose: bool = False) -> None:
    """Add one article's counts to ``scores``."""
    items: list[tuple[Span, dict[str, Any]]] = []
    for g in gold.get("quotes", []):
        span = _fragment_span(text, g["fragment"], int(g.get("occurrence", 1)))
        if span is None:
            scores.errors.append(f"{label}: fragment not found: {g['fragment'][:40]}")
            continue
        items.append((span, g))
    scores.required += sum(1 for _, g in items if not g.get("optional"))
    pairs = []
    for qi, q in enumerate(quotes):
        for gi, (span, g) in enumerate(items):
            ov = _overlap(q, span)
            if ov:
                ok = same_speaker(q.speaker, g["speaker"])
                pairs.append((not ok, bool(g.get("optional")), -ov, qi, gi, ok))
    pairs.sort()
    used_q: set[int] = set()
    used_g: set[int] = set()
    for _, optional, _, qi, gi, ok in pairs:
        if qi in used_q or gi in used_g:
            continue
        used_q.add(qi)
        used_g.add(gi)
        q, g = quotes[qi], items[gi][1]
        if optional:
            scores.neutral += 1
        elif ok:
            scores.tp += 1
            scores.type_ok += q.speaker_type == g["speaker_type"]
            scores.direct_ok += q.direct == bool(g["direct"])
        else:
            scores.fp += 1
            if verbose:
                print(f"  WRONG {label} {q.cue}: {q.speaker!r} vs gold {g['speaker']!r}")
    for qi, q in enumerate(quotes):
        if qi in used_q:
            continue
        if any(_overlap(q, span) and g.get("optional") for span, g in items):
            scores.neutral += 1
            continue
        scores.fp += 1
        if verbose:
            print(f"  FP    {label} {q.cue} {q.speaker!r}: {q.text[:70]}")
    if verbose:
        for gi, (_, g) in enumerate(items):
            if gi not in used_g and not g.get("optional"):
                print(f"  MISS  {label} {g['cue']} {g['speaker']!r}: {g['fragment'][:60]}")


def score_persons(text: str, gold: dict[str, Any], quotes: Sequence[Quote],
                  mentions: tuple[Mention, ...], scores: Scores) -> None:
    names = {q.speaker for q in quotes if q.speaker and q.speaker_type == "person"}
    for e in resolve_entities(text, mentions):
        if e.label == "PERS":
            names.add(e.name)
            names.update(v for v, _ in e.variants)
    gold_forms = [[p["name"], *p.get("variants", [])] for p in gold.get("persons", [])]
    for forms in gold_forms:
        scores.persons_gold += 1
        if any(same_speaker(n, f) for n in names for f in forms):
            scores.persons_found += 1
    predicted = {variant_key(n) for n in names}
    scores.persons_predicted += len(predicted)
    scores.persons_right += sum(
        1 for key in predicted
        if any(same_speaker(key, f) or key in variant_key(f) for fs in gold_forms for f in fs))


def _records(corpus: Path, wanted: set[str]) -> Iterator[dict[str, Any]]:
    opener = lzma.open if corpus.suffix == ".xz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not wanted:
                return
            rec: dict[str, Any] = json.loads(line)
            if rec.get("docno") in wanted:
                wanted.discard(rec["docno"])
                yield rec


def _sentences(text: str) -> tuple[Span, ...]:
    try:
        from rasid.arabic import split_sentences
    except ImportError:
        return ()
    spans: tuple[Span, ...] = tuple(split_sentences(text))
    return spans


def _mentions(text: str) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """All NER mentions (what the pipeline's entities stage reads) and the confident person
    mentions among them (what its quotes stage reads)."""
    try:
        from rasid.ner import extract_mentions
    except ImportError as exc:
        raise ConfigError("--ner: rasid.ner.extract_mentions is not available") from exc
    from rasid.stages import QUOTE_SPEAKER_MIN_SCORE

    found = extract_mentions(text)
    return found, tuple(
        m for m in found if m.label == "PERS" and m.score >= QUOTE_SPEAKER_MIN_SCORE)


def evaluate(gold_path: Path, corpus_path: Path, *, use_ner: bool = False,
             verbose: bool = False) -> Scores:
    """Score :func:`rasid.quotes.extract_quotes` on every article of the gold file."""
    try:
        gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise ConfigError(f"cannot read quote gold {gold_path}: {exc}") from exc
    if not corpus_path.is_file():
        raise ConfigError(f"corpus {corpus_path} is absent")
    scores = Scores()
    for rec in _records(corpus_path, set(gold)):
        text = rec["text"]
        mentions, speakers = _mentions(text) if use_ner else ((), ())
        quotes = extract_quotes(text, _sentences(text), speakers)
        score_article(text, gold[rec["docno"]], quotes, scores, rec["docno"], verbose)
        score_persons(text, gold[rec["docno"]], quotes, mentions, scores)
        scores.articles += 1
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasid eval quotes", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=None,
                        help=f"gold JSON (default: shared {GOLD_NAME})")
    parser.add_argument("--corpus", type=Path, default=None,
                        help=f"ANT jsonl(.xz) (default: shared {CORPUS_NAME})")
    parser.add_argument("--ner", action="store_true",
                        help="feed rasid.ner mentions to the extractor")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list wrong, false and missed items")
    args = parser.parse_args(list(argv) if argv is not None else None)
    data = _data_dir()
    try:
        s = evaluate(args.gold or data / GOLD_NAME, args.corpus or data / CORPUS_NAME,
                     use_ner=args.ner, verbose=args.verbose)
    except RasidError as exc:  # a bad option, or --ner without a trained model
        print(f"rasid eval quotes: {exc}", file=sys.stderr)
        return 2
    for err in s.errors:
        print(f"warning: {err}", file=sys.stderr)
    print(f"articles {s.articles}  required statements {s.required}")
    print(f"speaker-correct  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}"
          f"  (tp {s.tp}, fp {s.fp}, neutral {s.neutral})")
    if s.tp:
        print(f"among correct: speaker_type {s.type_ok / s.tp:.3f}"
              f"  direct {s.direct_ok / s.tp:.3f}")
    if s.persons_gold:
        print(f"persons found {s.persons_found}/{s.persons_gold} "
              f"({s.persons_found / s.persons_gold:.3f}); predicted person names that are gold "
              f"persons {s.persons_right}/{s.persons_predicted}")
    return 0
