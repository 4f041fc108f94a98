"""Read queries the web pages need and ``rasid.store.Store`` does not offer.

Written against the store's schema (docs/store.md, migration ``0001_initial``) on our own
read-only connections, one per thread like the store's, so the store's API stays small:

    stories_of_articles(ids)   which stories each article belongs to (search results, article)
    entity_articles(key, label) articles mentioning an entity, newest first
    entity_roles(key, label)    the roles articles give an entity, most frequent first
    stories_of_entity(key, label) stories whose articles mention it
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# SQLite's default limit on bound parameters is at least 999; a page never asks for more
_MAX_IDS = 500


@dataclass(frozen=True, slots=True)
class StoryRef:
    id: str
    headline: str | None


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    title: str | None
    source: str | None
    published: str | None


class ExtraQueries:
    """Thread-local read-only connections to the store file at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self._uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()

    def stories_of_articles(self, ids: Sequence[str]) -> dict[str, list[StoryRef]]:
        wanted = list(dict.fromkeys(ids))[:_MAX_IDS]
        out: dict[str, list[StoryRef]] = {}
        if not wanted:
            return out
        marks = ",".join("?" * len(wanted))
        rows = self._conn().execute(
            f"SELECT sa.article_id, s.id, s.headline FROM story_articles sa"
            f" JOIN stories s ON s.id = sa.story_id WHERE sa.article_id IN ({marks})"
            " ORDER BY s.updated_at DESC, s.id", wanted)
        for article_id, story_id, headline in rows:
            out.setdefault(article_id, []).append(StoryRef(story_id, headline))
        return out

    def entity_articles(self, key: str, label: str, *, limit: int,
                        offset: int = 0) -> list[ArticleRef]:
        rows = self._conn().execute(
            "SELECT a.id, a.title, a.source, a.published FROM entity_mentions m"
            " JOIN entities e ON e.pk = m.entity_pk JOIN articles a ON a.pk = m.article_pk"
            " WHERE e.key = ? AND e.label = ?"
            " ORDER BY a.published DESC, a.pk DESC LIMIT ? OFFSET ?",
            (key, label, limit, offset))
        return [ArticleRef(*r) for r in rows]

    def entity_roles(self, key: str, label: str, *, limit: int = 20) -> list[tuple[str, int]]:
        rows = self._conn().execute(
            "SELECT m.role, count(*) AS n FROM entity_mentions m"
            " JOIN entities e ON e.pk = m.entity_pk"
            " WHERE e.key = ? AND e.label = ? AND m.role IS NOT NULL AND m.role != ''"
            " GROUP BY m.role ORDER BY n DESC, m.role LIMIT ?", (key, label, limit))
        return [(str(r), int(n)) for r, n in rows]

    def entity_labels(self, key: str) -> list[str]:
        """Every label stored under ``key`` (one name can be a person and a place)."""
        rows = self._conn().execute(
            "SELECT label FROM entities WHERE key = ? ORDER BY mentions DESC, pk", (key,))
        return [str(r[0]) for r in rows]

    def stories_of_entity(self, key: str, label: str, *, limit: int = 50) -> list[StoryRef]:
        rows = self._conn().execute(
            "SELECT s.id, s.headline FROM stories s WHERE s.id IN ("
            " SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id"
            " JOIN entity_mentions m ON m.article_pk = a.pk"
            " JOIN entities e ON e.pk = m.entity_pk WHERE e.key = ? AND e.label = ?)"
            " ORDER BY s.updated_at DESC, s.id LIMIT ?", (key, label, limit))
        return [StoryRef(*r) for r in rows]

    def story_count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM stories").fetchone()[0])

    def ids_for_paths(self, paths: Sequence[str]) -> list[str]:
        """Ids of the articles stored from these paths, in the order of ``paths``."""
        out: list[str] = []
        for path in dict.fromkeys(paths):
            out.extend(str(r[0]) for r in self._conn().execute(
                "SELECT id FROM articles WHERE path = ? ORDER BY pk", (path,)))
        return out
