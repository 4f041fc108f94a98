"""``analyze``: read inputs, run the pipeline, write ``analysis.json`` and ``report.html``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rasid import __version__
from rasid.errors import ConfigError
from rasid.ingest import IngestOptions, iter_documents
from rasid.models import Article, IngestFailure, RawDocument
from rasid.pipeline import Pipeline, RunStats, run
from rasid.report import JsonStreamWriter, write_report
from rasid.stages import default_pipeline
from rasid.storybook import ArticleShelf, iter_story_outputs


@dataclass(frozen=True, slots=True)
class AnalyzeOptions:
    workers: int = 1
    report_limit: int = 300  # articles shown in report.html; analysis.json always has all
    limit: int | None = None  # stop after this many input documents
    stories: bool = True  # cluster into stories and build their dossiers
    report_stories: int = 50  # dossiers shown in report.html; analysis.json has all
    ingest: IngestOptions = field(default_factory=IngestOptions)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if self.report_limit < 0:
            raise ConfigError("report_limit must not be negative")
        if self.limit is not None and self.limit < 1:
            raise ConfigError("limit must be at least 1")


@dataclass(frozen=True, slots=True)
class AnalyzeResult:
    articles: int
    failed: int
    seconds: float
    failures: tuple[IngestFailure, ...]
    json_path: Path
    html_path: Path


Listener = Callable[[Article | IngestFailure], None]


def analyze(
    paths: Sequence[str],
    out_dir: str | os.PathLike[str],
    options: AnalyzeOptions | None = None,
    *,
    pipeline: Pipeline | None = None,
    on_item: Listener | None = None,
) -> AnalyzeResult:
    """Analyse ``paths`` (files, folders, ``-`` for stdin) into ``out_dir``.

    Outputs are written to temporary files and moved into place at the end, so an
    interrupted run never leaves a half-written ``analysis.json`` over a good one.
    ``on_item`` is called for every article or failure as it completes (progress, logging).
    """
    opts = options or AnalyzeOptions()
    pipe = pipeline or default_pipeline()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stats = RunStats()
    shown: list[Article] = []
    # stories are built once every article is known (clustering runs in publication order);
    # until then the articles wait compressed in a temporary file, not in memory
    kept = ArticleShelf(out)
    failures: list[IngestFailure] = []
    documents = iter_documents(paths, opts.ingest)
    if opts.limit is not None:
        documents = _take(documents, opts.limit)
    header = {
        "generator": {"name": "rasid", "version": __version__, "stages": pipe.versions()},
        "inputs": list(paths),
    }
    json_path = out / "analysis.json"
    html_path = out / "report.html"
    # a plain open (not tempfile) so the result gets the user's usual file mode
    tmp_path = out / f".analysis.{os.getpid()}.tmp"
    with open(tmp_path, "w", encoding="utf-8") as tmp:
        try:
            writer = JsonStreamWriter(tmp, header)
            for item in run(documents, pipe, workers=opts.workers):
                stats.add(item)
                writer.add(item)
                if isinstance(item, IngestFailure):
                    failures.append(item)
                else:
                    if len(shown) < opts.report_limit:
                        shown.append(item)
                    if opts.stories:
                        kept.add(item)
                if on_item is not None:
                    on_item(item)
            # encoded and rendered in the workers: the shown stories are the largest, and a
            # long run's largest dossiers are big objects this process never needs to hold
            shown_stories: list[str] = []
            story_count = 0

            def stories() -> Iterator[str]:
                nonlocal story_count
                stream = iter_story_outputs(kept, workers=opts.workers,
                                            render=opts.report_stories) if opts.stories else ()
                for out in stream:
                    story_count += 1
                    if out.html is not None:
                        shown_stories.append(out.html)
                    yield out.json

            summary: dict[str, object] = {}

            def finish() -> dict[str, object]:
                summary.update(articles=stats.articles, failed=stats.failed,
                               stories=story_count, seconds=round(stats.seconds, 3))
                return summary

            writer.close(stories(), finish)
        except BaseException:
            tmp.close()
            tmp_path.unlink(missing_ok=True)
            raise
        finally:
            kept.close()
    os.replace(tmp_path, json_path)
    html_tmp = html_path.with_name(".report.html.tmp")
    with open(html_tmp, "w", encoding="utf-8") as page:
        write_report(page, shown, failures, summary, shown_stories, story_count)
    os.replace(html_tmp, html_path)
    return AnalyzeResult(stats.articles, stats.failed, stats.seconds, tuple(failures),
                         json_path, html_path)


def _take(
    documents: Iterator[RawDocument | IngestFailure], limit: int
) -> Iterator[RawDocument | IngestFailure]:
    # failures do not count against the limit: it bounds the articles a user asked for
    taken = 0
    for item in documents:
        yield item
        if not isinstance(item, IngestFailure):
            taken += 1
            if taken >= limit:
                return
