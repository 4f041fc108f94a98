"""`rasid eval stories`: B-cubed precision/recall/F1 of story clustering against the ANT dev gold.

The gold (``dev_gold/stories_ant_2018-03-13_2018-04-10.json``) labels 253 ANT records of two
days with 101 hand-made stories. Texts come from the ANT JSONL by docno, through the same
ingestion and cleaning as any input. The gold's records are clustered in publication order by
:class:`rasid.stories.StoryIndex` (duplicate detection on); with ``--context`` the whole corpus
is clustered instead and only the gold records are scored, so that stories from other days and
categories can also attract them.

Duplicates: 18 URLs are filed twice in the selection (same article, two category feeds). The
headline score counts each URL once (its first record), as the gold's note advises, so that a
trivially correct copy does not inflate the score; the score over all 253 records is printed
too. B-cubed per item: precision = |own cluster & own gold story| / |own cluster|, recall =
same over |own gold story|, averaged over items; F1 of the two averages.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from rasid.errors import ConfigError, InputError
from rasid.ingest import IngestOptions, iter_documents
from rasid.models import Article, RawDocument
from rasid.pipeline import prepare
from rasid.stories import StoryIndex, StoryOptions, publication_order

# ../shared beside the checkout, as the tests find it (RASID_SHARED overrides)
_SHARED = Path(os.environ.get("RASID_SHARED",
                              Path(__file__).resolve().parents[3].parent / "shared")) / "data"
GOLD = "dev_gold/stories_ant_2018-03-13_2018-04-10.json"
CORPUS = "ant_corpus_v2.1/ant_v2.1.jsonl.xz"
ANT_FIELDS = IngestOptions(id_field="docno", source_field="src", published_field="time_iso")


@dataclass(frozen=True, slots=True)
class BCubed:
    items: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        return (f"{name:<28} n={self.items:<4} P={self.precision:.3f} R={self.recall:.3f} "
                f"F1={self.f1:.3f}")


@dataclass(frozen=True, slots=True)
class StoryScores:
    overall: BCubed  # one record per URL
    with_copies: BCubed  # every gold record
    per_day: dict[str, BCubed]
    gold_stories: int
    predicted_stories: int
    duplicate_links: int


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str],
           items: Iterable[str]) -> BCubed:
    """B-cubed over ``items`` (each must be in both mappings); clusters restricted to items."""
    keep = list(items)
    by_pred: defaultdict[str, set[str]] = defaultdict(set)
    by_gold: defaultdict[str, set[str]] = defaultdict(set)
    for item in keep:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    if not keep:
        return BCubed(0, 0.0, 0.0)
    p = r = 0.0
    for item in keep:
        mine, truth = by_pred[predicted[item]], by_gold[gold[item]]
        common = len(mine & truth)
        p += common / len(mine)
        r += common / len(truth)
    return BCubed(len(keep), p / len(keep), r / len(keep))


def load_gold(path: Path) -> tuple[dict[str, str], list[str]]:
    """(docno -> story label, selected days) of a stories gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        labels = {str(k): str(v) for k, v in data["labels"].items()}
        days = [str(d) for d in data["selection"]["days"]]
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(str(path), f"not a stories gold file: {exc}") from exc
    return labels, days


def read_articles(corpus: Path, wanted: set[str] | None) -> Iterator[Article]:
    """Articles of an ANT-style JSONL, only ``wanted`` docnos when given; records that cannot
    be cleaned are skipped (the caller sees them missing)."""
    for item in iter_documents([os.fspath(corpus)], ANT_FIELDS):
        if not isinstance(item, RawDocument) or (wanted is not None and item.id not in wanted):
            continue
        try:
            yield prepare(item)
        except InputError:
            continue


def evaluate(gold_path: Path, corpus: Path, options: StoryOptions | None = None, *,
             context: bool = False) -> StoryScores:
    labels, days = load_gold(gold_path)
    articles = publication_order(read_articles(corpus, None if context else set(labels)))
    index = StoryIndex(options)
    for article in articles:
        index.add(article)
    # final membership: stories merged after an article was added are followed
    predicted = {a.id: index.story_of(a.id) or "" for a in articles}
    missing = sorted(set(labels) - set(predicted))
    if missing:
        raise InputError(str(corpus), f"{len(missing)} gold records not found or not "
                         f"readable, e.g. {missing[0]}")
    gold_articles = [a for a in articles if a.id in labels]
    seen_urls: set[str] = set()
    unique: list[str] = []
    for a in gold_articles:
        key = a.url or a.id
        if key not in seen_urls:
            seen_urls.add(key)
            unique.append(a.id)
    # a record's day is the stored time_iso prefix, as the gold selected it
    per_day = {day: bcubed(predicted, labels,
                           [i for i in unique if (_published(gold_articles, i) or "")[:10] == day])
               for day in days}
    links = sum(1 for a in gold_articles if index.link(a.id) is not None)
    return StoryScores(
        overall=bcubed(predicted, labels, unique),
        with_copies=bcubed(predicted, labels, [a.id for a in gold_articles]),
        per_day=per_day,
        gold_stories=len(set(labels.values())),
        predicted_stories=len({predicted[i] for i in labels}),
        duplicate_links=links,
    )


def _published(articles: Sequence[Article], article_id: str) -> str | None:
    for a in articles:
        if a.id == article_id:
            return a.published
    return None


def _options(args: argparse.Namespace) -> StoryOptions:
    options = StoryOptions()
    for spec in fields(StoryOptions):
        value = getattr(args, spec.name, None)
        if value is not None:
            options = replace(options, **{spec.name: value})
    return options


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasid eval stories", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=_SHARED / GOLD, metavar="PATH")
    parser.add_argument("--corpus", type=Path, default=_SHARED / CORPUS, metavar="PATH")
    parser.add_argument("--context", action="store_true",
                        help="cluster the whole corpus, score the gold records")
    for name in ("threshold", "merge_threshold", "merge_span_hours", "dormant_threshold",
                 "window_days", "text_weight", "title_weight", "entity_weight"):
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=float,
                            metavar="X", help="override StoryOptions." + name)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        options = _options(args)
        scores = evaluate(args.gold, args.corpus, options, context=args.context)
    except (InputError, ConfigError) as exc:
        print(f"rasid eval stories: error: {exc}", file=sys.stderr)
        return 1
    print(f"gold stories {scores.gold_stories}, predicted {scores.predicted_stories}, "
          f"duplicate links among gold records {scores.duplicate_links}")
    print(scores.overall.line("B-cubed (one per URL)"))
    for day, s in scores.per_day.items():
        print(s.line(f"  {day}"))
    print(scores.with_copies.line("B-cubed (all records)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
