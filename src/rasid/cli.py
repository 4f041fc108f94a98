"""Command line: a thin layer over the library (``rasid.analyze``, ``rasid.evaluate``)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rasid import __version__
from rasid.errors import ConfigError, RasidError
from rasid.models import Article, IngestFailure

if TYPE_CHECKING:
    from rasid.ingest import IngestOptions

# `rasid eval NAME ...` hands the remaining arguments to `main(argv) -> int` of the module.
EVALUATIONS: dict[str, str] = {
    "ner": "rasid.evaluate.ner",
    "quotes": "rasid.evaluate.quotes",
    "dates": "rasid.evaluate.dates",
    "figures": "rasid.evaluate.figures",
    "stories": "rasid.evaluate.stories",
}

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def _input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-file-mb", type=float, default=50.0, metavar="MB",
                        help="largest single-article file read (default 50)")
    fields = parser.add_argument_group("record fields", "field names in JSON/JSONL records "
                                       "(default: common names are recognised)")
    for name in ("id", "title", "text", "html", "url", "source", "published", "author"):
        fields.add_argument(f"--{name}-field", metavar="NAME")


def _ingest_options(ns: argparse.Namespace) -> IngestOptions:
    from rasid.ingest import IngestOptions

    return IngestOptions(
        id_field=ns.id_field, title_field=ns.title_field, text_field=ns.text_field,
        html_field=ns.html_field, url_field=ns.url_field, source_field=ns.source_field,
        published_field=ns.published_field, author_field=ns.author_field,
        max_file_bytes=int(ns.max_file_mb * 1024 * 1024))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasid", description="Arabic news intelligence: clean, group and explain news.")
    parser.add_argument("--version", action="version", version=f"rasid {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    an = sub.add_parser("analyze", help="analyse articles into analysis.json and report.html")
    an.add_argument("paths", nargs="+", metavar="PATH",
                    help="files or folders (.txt .html .json .jsonl[.gz|.xz]); - for stdin")
    an.add_argument("--out", required=True, metavar="DIR", help="output folder")
    an.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    an.add_argument("--quiet", action="store_true", help="no progress and no summary line")
    an.add_argument("--limit", type=int, metavar="N", help="stop after N articles")
    an.add_argument("--report-limit", type=int, default=300, metavar="N",
                    help="articles shown in report.html (default 300; JSON has all)")
    an.add_argument("--no-stories", action="store_true",
                    help="skip story clustering and dossiers")
    _input_options(an)

    ing = sub.add_parser("ingest", help="add articles to a database and update its stories")
    ing.add_argument("paths", nargs="+", metavar="PATH",
                     help="files or folders (.txt .html .json .jsonl[.gz|.xz]); - for stdin")
    ing.add_argument("--db", required=True, metavar="FILE", help="SQLite database (created)")
    ing.add_argument("--workers", type=int, default=1, metavar="N", help="processes (default 1)")
    ing.add_argument("--quiet", action="store_true", help="no progress and no summary line")
    ing.add_argument("--limit", type=int, metavar="N", help="stop after N input documents")
    ing.add_argument("--no-stories", action="store_true",
                     help="do not re-cluster stories after adding articles")
    _input_options(ing)

    srv = sub.add_parser("serve", help="serve the web UI and the API over a database",
                         add_help=False)
    srv.add_argument("args", nargs=argparse.REMAINDER)

    ev = sub.add_parser("eval", help="evaluate an extractor on real data",
                        description="rasid eval {" + ",".join(EVALUATIONS) + "} [options]")
    ev.add_argument("name", choices=sorted(EVALUATIONS))
    ev.add_argument("args", nargs=argparse.REMAINDER)
    return parser


class _Progress:
    """A one-line progress display on a terminal (tqdm when it is a TTY)."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self._bar = None
        if enabled and stream.isatty():
            from tqdm import tqdm  # only needed on a terminal

            self._bar = tqdm(unit=" articles", file=stream, smoothing=0.1, dynamic_ncols=True)

    def __call__(self, item: Article | IngestFailure) -> None:
        if isinstance(item, IngestFailure):
            line = f"rasid: error: {item.path}: {item.reason}"
            if self._bar is not None:
                self._bar.write(line, file=sys.stderr)
            else:
                print(line, file=sys.stderr)
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _analyze(ns: argparse.Namespace) -> int:
    from rasid.analyze import AnalyzeOptions, analyze
    from rasid.pipeline import tune_gc

    tune_gc()
    started = time.perf_counter()
    options = AnalyzeOptions(workers=ns.workers, report_limit=ns.report_limit, limit=ns.limit,
                             stories=not ns.no_stories, ingest=_ingest_options(ns))
    progress = _Progress(sys.stderr, not ns.quiet)
    try:
        result = analyze(ns.paths, ns.out, options, on_item=progress)
    finally:
        progress.close()
    if not ns.quiet:
        seconds = time.perf_counter() - started
        print(f"rasid: {result.articles} articles read, {result.failed} failed, "
              f"{seconds:.1f} s -> {result.json_path}, {result.html_path}", file=sys.stderr)
    return EXIT_FAILURES if result.failed else EXIT_OK


def _ingest(ns: argparse.Namespace) -> int:
    from rasid.pipeline import tune_gc
    from rasid.store import Store, ingest_paths
    from rasid.storybook import update_stories

    if ns.workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {ns.workers}")
    tune_gc()
    started = time.perf_counter()
    progress = _Progress(sys.stderr, not ns.quiet)
    try:
        stats = ingest_paths(ns.paths, ns.db, options=_ingest_options(ns), workers=ns.workers,
                             limit=ns.limit, on_item=lambda item, _new: progress(item))
    finally:
        progress.close()
    told = ""
    if not ns.no_stories:
        # also when nothing was added: a killed run may have left articles unclustered
        with Store.open(ns.db) as store:
            update = update_stories(store)
        told = (f", {update.written} stories {'built' if update.full else 'updated'}"
                + (f" ({update.removed} merged away)" if update.removed else ""))
        if update.refused and not ns.quiet:
            print(f"rasid: {update.refused}; stories rebuilt from the stored articles",
                  file=sys.stderr)
    if not ns.quiet:
        print(f"rasid: {stats.added} articles added, {stats.skipped} already stored, "
              f"{stats.failed} failed{told}, {time.perf_counter() - started:.1f} s -> {ns.db}",
              file=sys.stderr)
    return EXIT_FAILURES if stats.failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"]:
        # the server has its own options (host, port, token); its parser owns them
        from rasid.web.serve import main as serve

        return serve(args[1:])
    ns = _parser().parse_args(args)
    try:
        if ns.command == "analyze":
            return _analyze(ns)
        if ns.command == "ingest":
            return _ingest(ns)
        module = importlib.import_module(EVALUATIONS[ns.name])
        code: int = module.main(list(ns.args))
        return code
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("rasid: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
