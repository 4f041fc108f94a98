"""From analysed articles to story dossiers: cluster (with duplicate links), then build each
story's dossier. The corpus-level step that follows the per-article pipeline."""

from __future__ import annotations

import bisect
import json
import os
import pickle
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rasid._story_state import dump_index, load_index
from rasid.dossier import Dossier, build_dossier, dossier_to_json
from rasid.errors import StateError
from rasid.models import Article
from rasid.pipeline import ordered_map
from rasid.report import render_dossier
from rasid.store import Store, StoryRecord
from rasid.stories import Released, StoryIndex, StoryOptions, publication_key


class ArticleShelf:
    """Articles kept on disk between the per-article pipeline and the story step.

    Each article is pickled, zlib-compressed and appended to an anonymous temporary file
    (unlinked at once, so nothing is left behind even after a kill); memory holds only its
    offset and publication key, so a run's memory does not grow with the articles' text.
    (Kept in memory as compressed blobs, 31.5k ANT articles took several hundred MB.)
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        # in the output folder rather than /tmp, which is RAM on many systems
        self.directory = directory
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by close())
        self._end = 0
        self._where: dict[str, tuple[int, int, int]] = {}  # id -> offset, size, arrival
        self._order: list[tuple[tuple[int, float, str], str]] = []

    def __enter__(self) -> ArticleShelf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def add(self, article: Article) -> None:
        if article.id in self._where:
            return
        blob = zlib.compress(pickle.dumps(article, protocol=5), 1)
        self._file.seek(self._end)
        self._file.write(blob)
        self._where[article.id] = (self._end, len(blob), len(self._where))
        self._end += len(blob)
        self._order.append((publication_key(article), article.id))

    def __len__(self) -> int:
        return len(self._where)

    def packed(self, article_id: str) -> bytes:
        """The article as stored: compressed pickle (see :func:`unpack`)."""
        offset, size, _ = self._where[article_id]
        self._file.flush()
        return os.pread(self._file.fileno(), size, offset)

    def arrival(self, article_id: str) -> int:
        """How many articles were added before this one."""
        return self._where[article_id][2]

    def get(self, article_id: str) -> Article:
        return unpack(self.packed(article_id))

    def in_publication_order(self) -> Iterator[Article]:
        for _, article_id in sorted(self._order):
            yield self.get(article_id)

    def ids_in_publication_order(self) -> list[str]:
        return [article_id for _, article_id in sorted(self._order)]

    def ids(self) -> list[str]:
        return [article_id for _, article_id in self._order]


def unpack(blob: bytes) -> Article:
    """An article from :meth:`ArticleShelf.packed` (our own bytes: trusted input)."""
    article: Article = pickle.loads(zlib.decompress(blob))
    return article


def iter_stories(
    articles: Sequence[Article] | ArticleShelf,
    options: StoryOptions | None = None,
    *,
    workers: int = 1,
) -> Iterator[Dossier]:
    """Dossiers of every story in ``articles``, largest first (then earliest first report),
    one at a time so that a large run never holds them all.

    Articles are clustered in publication order, so the result does not depend on the order of
    the inputs; a duplicate joins its original's story and is listed, not counted. Clustering
    is sequential; the dossiers are built in ``workers`` processes.
    """
    if isinstance(articles, ArticleShelf):
        for _, dossier in _ranked(articles, options, workers, _build_batch, 0):
            yield dossier
        return
    with ArticleShelf() as shelf:
        for article in articles:
            shelf.add(article)
        yield from iter_stories(shelf, options, workers=workers)


@dataclass(frozen=True, slots=True)
class StoryOutput:
    """A dossier as a run writes it: ``json`` its encoded ``dossier_to_json`` (one line),
    ``html`` its report fragment when it was asked for, else None."""

    json: str
    html: str | None


def iter_story_outputs(
    shelf: ArticleShelf,
    options: StoryOptions | None = None,
    *,
    workers: int = 1,
    render: int = 0,
) -> Iterator[StoryOutput]:
    """:func:`iter_stories`, each dossier encoded (and the first ``render`` rendered for the
    report) in the process that built it, so that the parent never holds a dossier."""
    for rank, out in _ranked(shelf, options, workers, _output_batch, render):
        # rendered when it was among the largest so far; kept only if it still is
        yield out if rank < render or out.html is None else StoryOutput(out.json, None)


# a dossier job carries whole stories up to about this many articles: one-article stories
# (most of them) travel to the workers in groups, a large story alone
_JOB_ARTICLES = 24

# (-originals, -articles, position of the first report in publication order, story id)
_Rank = tuple[int, int, int, str]
# per story: its rank key, whether to render it, id, articles packed, duplicate links
_Job = list[tuple[_Rank, bool, str, list[bytes], dict[str, str]]]
_T = TypeVar("_T")


def _ranked(
    shelf: ArticleShelf,
    options: StoryOptions | None,
    workers: int,
    build: Callable[[_Job], list[tuple[_Rank, _T]]],
    render: int,
) -> Iterator[tuple[int, _T]]:
    """``build`` over every story, yielded largest first with its rank.

    The clustering hands each story over as soon as it can no longer change
    (:meth:`StoryIndex.release`) and the workers build it while clustering goes on, so
    neither the stories nor their dossiers accumulate in this process. The order of the
    output (largest first) is known only at the end: meanwhile the results wait, pickled,
    in a temporary file beside the shelf's, and only their rank keys stay in memory.
    """
    jobs = _released_jobs(shelf, options, render)
    with tempfile.TemporaryFile(dir=shelf.directory) as spool:
        placed: list[tuple[_Rank, int, int]] = []
        end = 0
        for batch in ordered_map(build, jobs, workers=workers):
            for key, built in batch:
                blob = pickle.dumps(built, protocol=5)
                spool.write(blob)
                placed.append((key, end, len(blob)))
                end += len(blob)
        spool.flush()
        placed.sort()
        for rank, (_, offset, size) in enumerate(placed):
            result: _T = pickle.loads(os.pread(spool.fileno(), size, offset))
            yield rank, result


class _Top:
    """The ``k`` smallest rank keys offered so far: a story outside them when it is built
    cannot be among the first ``k`` at the end, so only these are rendered."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.keys: list[_Rank] = []

    def admit(self, key: _Rank) -> bool:
        if len(self.keys) == self.k and (not self.keys or key > self.keys[-1]):
            return False
        bisect.insort(self.keys, key)
        del self.keys[self.k :]
        return True


def _released_jobs(
    shelf: ArticleShelf, options: StoryOptions | None, render: int
) -> Iterator[_Job]:
    index = StoryIndex(options)
    place: dict[str, int] = {}  # articles not yet handed over: position in publication order
    top = _Top(render)

    def released() -> Iterator[Released]:
        for position, article in enumerate(shelf.in_publication_order()):
            place[article.id] = position
            index.add(article)
            yield from index.release()
        yield from index.release(final=True)

    def stories() -> Iterator[tuple[_Rank, bool, str, list[str], dict[str, str]]]:
        for done in released():
            # the order the articles arrived in, as in a dossier built from the whole index
            group = sorted(done.story.articles, key=shelf.arrival)
            key = _rank(done.story.id, group, done.duplicates, [place.pop(i) for i in group])
            yield key, top.admit(key), done.story.id, group, done.duplicates

    yield from _batched(stories(), shelf)


def _rank(story_id: str, group: Sequence[str], duplicates: Mapping[str, str],
          positions: Sequence[int]) -> _Rank:
    """Rank key of a story: ``positions`` are its articles' places in publication order."""
    originals = sum(1 for i in group if i not in duplicates)
    return (-originals, -len(group), min(positions), story_id)


def _batched(stories: Iterable[tuple[_Rank, bool, str, list[str], dict[str, str]]],
             shelf: ArticleShelf) -> Iterator[_Job]:
    """Stories (key, render?, id, article ids, links) as jobs of about ``_JOB_ARTICLES``."""
    job: _Job = []
    count = 0
    for key, render, story_id, group, links in stories:
        job.append((key, render, story_id, [shelf.packed(i) for i in group], links))
        count += len(group)
        if count >= _JOB_ARTICLES:
            yield job
            job, count = [], 0
    if job:
        yield job


def _cluster(shelf: ArticleShelf, options: StoryOptions | None) -> StoryIndex:
    index = StoryIndex(options)
    for article in shelf.in_publication_order():
        index.add(article)
    return index


def _build_batch(job: _Job) -> list[tuple[_Rank, Dossier]]:
    return [(key, build_dossier(story_id, [unpack(b) for b in blobs], duplicates=duplicates))
            for key, _, story_id, blobs, duplicates in job]


def _output_batch(job: _Job) -> list[tuple[_Rank, StoryOutput]]:
    return [(key, StoryOutput(json.dumps(dossier_to_json(dossier), ensure_ascii=False),
                              render_dossier(dossier) if task[1] else None))
            for task, (key, dossier) in zip(job, _build_batch(job), strict=True)]


def _jobs(index: StoryIndex, shelf: ArticleShelf) -> Iterator[_Job]:
    """Every story of a whole index (one that has released nothing) as dossier jobs."""
    members: dict[str, list[str]] = {}
    duplicates: dict[str, str] = {}
    for article_id in shelf.ids():
        story_id = index.story_of(article_id) or article_id
        members.setdefault(story_id, []).append(article_id)
        link = index.link(article_id)
        if link is not None:
            duplicates[article_id] = link.original_id
    first = {article_id: n for n, article_id in enumerate(shelf.ids_in_publication_order())}
    ranked = sorted((_rank(story_id, group, duplicates, [first[i] for i in group]), story_id,
                     group) for story_id, group in members.items())
    # only the links inside the story: build_dossier reads nothing else
    yield from _batched(((key, False, story_id, group,
                          {i: duplicates[i] for i in group if i in duplicates})
                         for key, story_id, group in ranked), shelf)


# Bump when the pickled layout of StoryIndex changes: a saved state of another version is
# ignored and the stories are rebuilt from the stored articles.
STATE_VERSION = "story-index-2"


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    written: int  # stories written (new or changed)
    removed: int  # stories merged away
    full: bool  # True when everything was re-clustered (no usable saved state)
    refused: str | None = None  # why a saved state was not used (see ``_story_state``)


def refresh_stories(store: Store, options: StoryOptions | None = None) -> int:
    """Re-cluster every stored article and replace the store's stories, their dossiers and the
    saved story index in one transaction; returns the number of stories.

    Clustering runs in publication order over the whole store, so the result is the same
    whatever order the articles were ingested in.
    """
    with ArticleShelf() as shelf:
        for article in store.iter_articles():
            shelf.add(article)
        index = _cluster(shelf, options)
        records = (_record(d) for batch in map(_build_batch, _jobs(index, shelf))
                   for _, d in batch)
        return store.update_stories(records, replace_all=True, version=STATE_VERSION,
                                    state=dump_index(index))


def update_stories(store: Store, options: StoryOptions | None = None) -> StoryUpdate:
    """Add every stored article the saved story index does not know yet and rebuild only the
    dossiers of the stories they touched (or merged); without a saved index,
    :func:`refresh_stories`.

    The articles to add are found by comparing the store with the index, not taken from the
    last ingest, so articles committed by an ingest that was killed before this step are
    clustered by the next run.

    New articles are clustered in their own publication order after everything already
    clustered, so an ingest of old articles into a recent database can differ from a full
    re-clustering (run ``refresh_stories`` for the canonical result).
    """
    raw = store.story_state(STATE_VERSION)
    if raw is None:
        return StoryUpdate(refresh_stories(store, options), 0, True)
    try:
        index = load_index(raw)
    except StateError as exc:
        # the stories are rebuilt from the stored articles and the state replaced
        return StoryUpdate(refresh_stories(store, options), 0, True, str(exc))
    fresh = [a for i in store.article_ids() if index.story_of(i) is None
             and (a := store.get_article(i)) is not None]
    fresh.sort(key=publication_key)
    touched = {index.add(article) for article in fresh}
    stale = [sid for sid in store.story_ids() if index.resolve(sid) != sid]
    touched = {index.resolve(sid) for sid in touched} | {index.resolve(sid) for sid in stale}
    records = []
    for story_id in sorted(touched):
        members = [a for i in index.story(story_id).articles
                   if (a := store.get_article(i)) is not None]
        duplicates = {a.id: link.original_id for a in members
                      if (link := index.link(a.id)) is not None}
        records.append(_record(build_dossier(story_id, members, duplicates=duplicates)))
    written = store.update_stories(records, remove=stale, version=STATE_VERSION,
                                   state=dump_index(index))
    return StoryUpdate(written, len(stale), False)


def _record(d: Dossier) -> StoryRecord:
    return StoryRecord(
        story_id=d.story_id,
        headline=d.headline.text if d.headline is not None else None,
        members={a.id: a.duplicate_of for a in d.articles},
        dossier=dossier_to_json(d),
    )
