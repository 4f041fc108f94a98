"""``Store``: one SQLite file, one writer connection, one reader connection per thread.

WAL journaling lets any number of readers (threads here, or other processes) query while the
single writer commits. An article always goes whole into one ``BEGIN IMMEDIATE`` transaction
(``add_articles`` lets consecutive articles share one: group commit).
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from rasid.entities import variant_key
from rasid.errors import ConfigError
from rasid.models import Article, IngestFailure
from rasid.store import _read, _schema, _write
from rasid.store._read import ArticleSummary, EntityRow, FigureRow, QuoteRow, StoryRow
from rasid.store._search import Filters, SearchPage, run_search


@dataclass(frozen=True, slots=True)
class IngestStats:
    """What a batch did: ``added`` new articles, ``skipped`` already stored (same content),
    ``failed`` inputs that could not be read, with their reasons."""

    added: int
    skipped: int
    failed: int
    seconds: float
    failures: tuple[IngestFailure, ...] = field(default=())


ItemListener = Callable[[Article | IngestFailure, bool], None]

# articles computed ahead of the writer: enough to ride out a slow commit, little memory
_QUEUE = 64


def _check_page(limit: int, offset: int) -> None:
    if limit < 1 or offset < 0:
        raise ConfigError(f"limit must be >= 1 and offset >= 0, got {limit}, {offset}")


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story to store: ``members`` maps article id -> id of the article it duplicates."""

    story_id: str
    headline: str | None
    members: Mapping[str, str | None]
    dossier: Mapping[str, Any] | None = None


class Store:
    """The Rasid article store. Open with ``Store.open(path)``; use as a context manager."""

    # group commit of ``add_articles``: readers see new articles at most this late
    GROUP_ARTICLES = 64
    GROUP_SECONDS = 0.25

    def __init__(self, path: Path, writer: sqlite3.Connection | None) -> None:
        self.path = path
        self._writer = writer
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        self.migrations_applied: tuple[str, ...] = ()

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Store:
        """Open (and, unless ``readonly``, create and migrate) the store at ``path``.

        Raises ``ConfigError`` when the file is not a Rasid store, was written by a newer
        Rasid, or (read-only) does not exist or lacks a migration.
        """
        target = Path(path)
        if readonly:
            store = cls(target, None)
            try:
                # opening the reader now reports a missing or foreign file at once
                _schema.check_current(store._reader(), str(target))
            except BaseException:
                store.close()
                raise
            return store
        writer = _schema.connect(target, readonly=False)
        try:
            applied = _schema.migrate(writer, str(target))
        except BaseException:
            writer.close()
            raise
        store = cls(target, writer)
        store.migrations_applied = tuple(applied)
        return store

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        if self._writer is not None:
            self._writer.close()

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise ConfigError("the store is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _schema.connect(self.path, readonly=True)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def _write_conn(self) -> sqlite3.Connection:
        if self._closed:
            raise ConfigError("the store is closed")
        if self._writer is None:
            raise ConfigError(f"{self.path} was opened read-only")
        return self._writer

    # ------------------------------------------------------------------ writing

    def add_article(
        self,
        article: Article,
        *,
        stages: Mapping[str, str] | None = None,
    ) -> bool:
        """Store one article with all its extractions and entities in one transaction.

        Returns False, writing nothing, when an article with the same content hash (normalised
        body + outlet) is already stored. ``stages`` records the stage versions that made it.
        """
        conn = self._write_conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                stored = _write.insert_article(conn, article, stages or {})
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return stored is not None

    def add_articles(
        self,
        items: Iterable[Article | IngestFailure],
        *,
        stages: Mapping[str, str] | None = None,
        on_item: ItemListener | None = None,
    ) -> IngestStats:
        """Store every article of ``items``; failures are counted.

        ``items`` is consumed in the calling thread while a writer thread stores what it
        produced, so a lazy ``items`` (``rasid.pipeline.run``) computes the next article while
        SQLite writes the last one. Each article goes whole into one transaction; consecutive
        articles share it (group commit: at most ``GROUP_ARTICLES`` articles or
        ``GROUP_SECONDS`` seconds), which halves the cost of a commit per article. A kill
        loses at most the open group, never part of an article. ``on_item(item, added)`` is
        called after the item's group committed, in input order, from the writer thread.
        """
        started = time.perf_counter()
        counts = {"added": 0, "skipped": 0}
        failures: list[IngestFailure] = []
        errors: list[BaseException] = []
        pending: queue.Queue[Article | IngestFailure | None] = queue.Queue(maxsize=_QUEUE)
        conn = self._write_conn()
        versions = dict(stages or {})

        def write() -> None:
            done: list[tuple[Article | IngestFailure, bool]] = []
            opened: float | None = None  # when the open group's transaction began

            def commit() -> None:
                nonlocal opened
                if opened is not None:
                    opened = None
                    conn.execute("COMMIT")
                    self._write_lock.release()
                for item, new in done:
                    if isinstance(item, IngestFailure):
                        failures.append(item)
                    else:
                        counts["added" if new else "skipped"] += 1
                    if on_item is not None:
                        on_item(item, new)
                done.clear()

            while True:
                wait = None if opened is None else max(0.0, opened + self.GROUP_SECONDS
                                                       - time.perf_counter())
                finished = False
                try:
                    try:
                        item = pending.get(timeout=wait)
                    except queue.Empty:
                        commit()  # the producer is slow: do not keep readers waiting
                        continue
                    if item is None:
                        finished = True
                        if not errors:
                            commit()
                        return
                    if errors:
                        continue  # keep draining so the producer never blocks on a full queue
                    if isinstance(item, Article):
                        if opened is None:
                            self._write_lock.acquire()
                            conn.execute("BEGIN IMMEDIATE")
                            opened = time.perf_counter()
                        stored = _write.insert_article(conn, item, versions)
                        done.append((item, stored is not None))
                    else:
                        done.append((item, False))
                    if (opened is None or len(done) >= self.GROUP_ARTICLES
                            or time.perf_counter() - opened >= self.GROUP_SECONDS):
                        commit()
                except BaseException as exc:
                    errors.append(exc)
                    if opened is not None:
                        opened = None
                        conn.execute("ROLLBACK")
                        self._write_lock.release()
                    if finished:
                        return

        # the first item is taken before the writer thread starts: a multi-process ``run``
        # forks its workers then, and a fork should not copy a thread in the middle of a write
        iterator = iter(items)
        first = next(iterator, None)
        writer = threading.Thread(target=write, name="rasid-store-writer", daemon=True)
        writer.start()
        try:
            if first is not None:
                pending.put(first)
            for item in iterator:
                if errors:
                    break
                pending.put(item)
        finally:
            pending.put(None)
            writer.join()
        if errors:
            raise errors[0]
        return IngestStats(counts["added"], counts["skipped"], len(failures),
                           time.perf_counter() - started, tuple(failures))

    def put_story(
        self,
        story_id: str,
        *,
        headline: str | None,
        members: Mapping[str, str | None],
        dossier: Mapping[str, Any] | None = None,
    ) -> None:
        """Create or replace a story: ``members`` maps each article id to the id of the
        article it duplicates (None when it is not a duplicate). Raises ``ConfigError`` when a
        member is not a stored article."""
        conn = self._write_conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                _write.put_story(conn, story_id, headline, members, dossier)
                conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                conn.execute("ROLLBACK")
                raise ConfigError(f"story {story_id!r} names an article not in the store: "
                                  f"{exc}") from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def story_state(self, version: str) -> bytes | None:
        """The saved story-index state, None when absent or saved by another ``version``."""
        row = self._reader().execute(
            "SELECT version, state FROM story_state WHERE id = 1").fetchone()
        if row is None or row[0] != version:
            return None
        state: bytes = row[1]
        return state

    def update_stories(self, stories: Iterable[StoryRecord], *, remove: Iterable[str] = (),
                       state: bytes | None = None, version: str = "",
                       replace_all: bool = False) -> int:
        """Write stories (and drop ``remove``, or every story with ``replace_all``) and the
        story-index ``state`` in ONE transaction, so stories and state never disagree."""
        conn = self._write_conn()
        count = 0
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if replace_all:
                    conn.execute("DELETE FROM story_articles")
                    conn.execute("DELETE FROM stories")
                for story_id in remove:
                    conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
                    conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
                for story in stories:
                    _write.put_story(conn, story.story_id, story.headline, story.members,
                                     story.dossier)
                    count += 1
                if state is not None:
                    conn.execute(
                        "INSERT INTO story_state (id, version, state, updated_at)"
                        " VALUES (1, ?, ?, datetime('now')) ON CONFLICT (id) DO UPDATE SET"
                        " version = excluded.version, state = excluded.state,"
                        " updated_at = excluded.updated_at", (version, state))
                conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                conn.execute("ROLLBACK")
                raise ConfigError(f"a story names an article not in the store: {exc}") from exc
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return count

    def article_ids(self) -> list[str]:
        return [row[0] for row in self._reader().execute("SELECT id FROM articles ORDER BY pk")]

    def story_ids(self) -> list[str]:
        return [row[0] for row in self._reader().execute("SELECT id FROM stories")]

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article with its extractions, oldest first (by publication)."""
        ids = [row[0] for row in self._reader().execute(
            "SELECT id FROM articles ORDER BY published IS NULL, published, id")]
        for article_id in ids:
            article = self.get_article(article_id)
            if article is not None:
                yield article

    def known(self, article_id: str, path: str) -> bool:
        """True when an article read as ``article_id`` from ``path`` is stored (resume)."""
        row = self._reader().execute(
            "SELECT 1 FROM articles WHERE id = ? AND path = ?", (article_id, path)).fetchone()
        return row is not None

    # ------------------------------------------------------------------ reading

    def count(self) -> int:
        return int(self._reader().execute("SELECT count(*) FROM articles").fetchone()[0])

    def get_article(self, article_id: str) -> Article | None:
        """The article exactly as stored (body never normalised), with its extractions."""
        return _read.get_article(self._reader(), article_id)

    def articles(self, *, limit: int, offset: int = 0, source: str | None = None,
                 since: str | None = None, until: str | None = None) -> list[ArticleSummary]:
        """Newest first; ``since``/``until`` are inclusive ISO dates (year, month or day)."""
        _check_page(limit, offset)
        return _read.articles(self._reader(), limit=limit, offset=offset, source=source,
                              since=since, until=until)

    def quotes_by_speaker(self, speaker: str, *, limit: int, offset: int = 0) -> list[QuoteRow]:
        """Quotes whose speaker has the same ``variant_key`` as ``speaker``, oldest first."""
        _check_page(limit, offset)
        return _read.quotes_by_speaker(self._reader(), variant_key(speaker), limit=limit,
                                       offset=offset)

    def figures_by_key(self, key: str) -> list[FigureRow]:
        """Every figure with this ``Figure.key`` across outlets, oldest first."""
        return _read.figures_by_key(self._reader(), key)

    def entity(self, name: str, *, label: str | None = None) -> EntityRow | None:
        """The entity whose key is ``variant_key(name)``, else the most mentioned entity once
        written as ``name`` (a surname alone finds the full name), else the entity whose
        ``EntityRow.key`` is ``name``; None when unknown."""
        conn = self._reader()
        found = _read.entity(conn, variant_key(name), label)
        return found if found is not None else _read.entity(conn, name, label)

    def entities(self, *, label: str | None = None, limit: int,
                 offset: int = 0) -> list[EntityRow]:
        """Entities by the number of articles mentioning them."""
        _check_page(limit, offset)
        return _read.entities(self._reader(), label=label, limit=limit, offset=offset)

    def get_story(self, story_id: str) -> StoryRow | None:
        return _read.get_story(self._reader(), story_id)

    def stories(self, *, limit: int, offset: int = 0) -> list[StoryRow]:
        """Most recently updated first."""
        _check_page(limit, offset)
        return _read.stories(self._reader(), limit=limit, offset=offset)

    def search(
        self,
        query: str,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: str | None = None,
        entity: str | None = None,
        speaker: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchPage:
        """Ranked full-text search (syntax in docs/store.md); raises ``QueryError`` for a
        malformed query or filter. ``entity`` is a name matched by ``variant_key`` against
        every spelling an entity was written with; ``speaker`` a name matched by
        ``variant_key`` against quote speakers; ``story`` a story id."""
        filters = Filters(
            source=source, since=since, until=until, story=story,
            entity_key=variant_key(entity) if entity else None,
            speaker_key=variant_key(speaker) if speaker else None,
        )
        return run_search(self._reader(), query, filters, limit=limit, offset=offset)
