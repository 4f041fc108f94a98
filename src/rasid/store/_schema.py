"""The store's schema as an ordered list of NAMED migrations, and opening a connection.

A migration is a name, a tuple of SQL statements and, when SQL cannot express a data change,
a Python ``backfill``. ``migrate`` applies, in list order and in ONE ``BEGIN IMMEDIATE``
transaction, every migration whose name is not yet in the ``migrations`` table, and records
each (name, applied_at). Migrations are append-only: a released migration is never edited, a
change is a new migration at the end (docs/store.md).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rasid.errors import ConfigError
from rasid.store._write import rekey_names


@dataclass(frozen=True, slots=True)
class Migration:
    """``statements`` run in order, then ``backfill`` (a data change SQL cannot express, such as
    recomputing a key with Python), inside the migration transaction."""

    name: str
    statements: tuple[str, ...]
    backfill: Callable[[sqlite3.Connection], None] | None = None


# Articles are keyed by an INTEGER ``pk`` (a rowid alias, stable across VACUUM) so that the
# FTS index and every child table join on an integer; ``id`` is the public identifier.
_INITIAL = Migration("0001_initial", (
    """CREATE TABLE articles (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        source TEXT,
        url TEXT,
        published TEXT,
        title TEXT,
        author TEXT,
        dateline TEXT,
        body TEXT NOT NULL,
        paragraphs TEXT NOT NULL,
        subheads TEXT NOT NULL,
        removed TEXT NOT NULL,
        sentences TEXT NOT NULL,
        stages TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    "CREATE INDEX articles_source_published ON articles (source, published)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE mentions (
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        score REAL NOT NULL
    )""",
    "CREATE INDEX mentions_article ON mentions (article_pk)",
    """CREATE TABLE dates (
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        granularity TEXT NOT NULL,
        kind TEXT NOT NULL,
        earliest TEXT,
        latest TEXT,
        anchored INTEGER NOT NULL
    )""",
    "CREATE INDEX dates_article ON dates (article_pk)",
    "CREATE INDEX dates_value ON dates (value)",
    """CREATE TABLE figures (
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL NOT NULL,
        hedge TEXT,
        unit TEXT,
        counted TEXT,
        qualifier TEXT,
        place TEXT,
        key TEXT NOT NULL
    )""",
    "CREATE INDEX figures_article ON figures (article_pk)",
    "CREATE INDEX figures_key ON figures (key)",
    """CREATE TABLE quotes (
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,
        speaker_key TEXT,
        speaker_type TEXT NOT NULL,
        speaker_role TEXT,
        direct INTEGER NOT NULL,
        cue TEXT,
        cue_start INTEGER NOT NULL,
        cue_end INTEGER NOT NULL,
        speaker_start INTEGER NOT NULL,
        speaker_end INTEGER NOT NULL
    )""",
    "CREATE INDEX quotes_article ON quotes (article_pk)",
    "CREATE INDEX quotes_speaker_key ON quotes (speaker_key)",
    # one row per (variant_key of the canonical name, label) across the whole corpus
    """CREATE TABLE entities (
        pk INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        name TEXT NOT NULL,
        latin TEXT,
        variants TEXT NOT NULL,
        articles INTEGER NOT NULL DEFAULT 0,
        mentions INTEGER NOT NULL DEFAULT 0,
        UNIQUE (key, label)
    )""",
    # one row per (article, entity): the article's own record of it (Article.entities)
    """CREATE TABLE entity_mentions (
        entity_pk INTEGER NOT NULL REFERENCES entities (pk) ON DELETE CASCADE,
        article_pk INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        local_id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT,
        latin TEXT,
        variants TEXT NOT NULL,
        spans TEXT NOT NULL
    )""",
    "CREATE INDEX entity_mentions_entity ON entity_mentions (entity_pk, article_pk)",
    "CREATE INDEX entity_mentions_article ON entity_mentions (article_pk)",
    # every spelling an entity was written with, by variant_key: "ترامب" finds "دونالد ترامب"
    """CREATE TABLE entity_aliases (
        key TEXT NOT NULL,
        entity_pk INTEGER NOT NULL REFERENCES entities (pk) ON DELETE CASCADE,
        PRIMARY KEY (key, entity_pk)
    ) WITHOUT ROWID""",
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        headline TEXT,
        dossier TEXT,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        is_duplicate_of TEXT REFERENCES articles (id) ON DELETE SET NULL,
        PRIMARY KEY (story_id, article_id)
    )""",
    "CREATE INDEX story_articles_article ON story_articles (article_id)",
    # Contentless: the original text lives in ``articles``; the index holds only the stemmed,
    # folded terms (rasid.store._search.index_text), so it never needs the raw text back.
    """CREATE VIRTUAL TABLE search_fts USING fts5 (
        title, body, content='', tokenize='unicode61 remove_diacritics 0'
    )""",
    # the index vocabulary, for the query-side loanword spelling expansion
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, 'row')",
))

# The story index (clusters, active window, dormant stories, duplicate sketches) is kept
# between ingests so that adding articles updates stories incrementally.
_STORY_STATE = Migration("0002_story_state", (
    """CREATE TABLE story_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version TEXT NOT NULL,
        state BLOB NOT NULL,
        updated_at TEXT NOT NULL
    )""",
))

# ``variant_key`` keeps the ي of the فعيل / فعيلة name patterns (حسين is not حسن): the stored
# keys made by the earlier function are recomputed, and entity rows split or merged to match.
_NAME_KEYS = Migration("0003_name_keys_keep_pattern_ya", (), rekey_names)

MIGRATIONS: tuple[Migration, ...] = (_INITIAL, _STORY_STATE, _NAME_KEYS)

BUSY_TIMEOUT_MS = 10_000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str | os.PathLike[str], *, readonly: bool) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) with the store's pragmas set.

    Raises ``ConfigError`` when the file cannot be opened as a database.
    """
    target = Path(path)
    if readonly and not target.is_file():
        raise ConfigError(f"no Rasid store at {target}")
    if not readonly and not target.parent.is_dir():
        raise ConfigError(f"cannot create a store in {target.parent}: no such folder")
    try:
        if readonly:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ConfigError(f"{target}: the store needs WAL journaling, got {mode}")
            # WAL + NORMAL: a commit survives a process crash (kill -9); only a power loss
            # may drop the last commits, never corrupt the file
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{target} is not a usable Rasid store: {exc}") from exc
    return conn


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in the database, in the order applied."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if exists is None:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def _check_known(path: str, names: list[str]) -> None:
    known = [m.name for m in MIGRATIONS]
    if names != known[: len(names)]:
        unknown = [n for n in names if n not in known]
        what = f"unknown migrations {unknown}" if unknown else "migrations applied out of order"
        raise ConfigError(f"{path}: {what}; was it written by a newer Rasid?")


def migrate(conn: sqlite3.Connection, path: str) -> list[str]:
    """Apply the pending migrations; returns the names applied now (empty when up to date)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations ("
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            done = applied(conn)
            _check_known(path, done)
            pending = [m for m in MIGRATIONS if m.name not in set(done)]
            for migration in pending:
                for statement in migration.statements:
                    conn.execute(statement)
                if migration.backfill is not None:
                    migration.backfill(conn)
                conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                             (migration.name, _now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{path} is not a usable Rasid store: {exc}") from exc
    return [m.name for m in pending]


def check_current(conn: sqlite3.Connection, path: str) -> None:
    """For read-only opens: the database must carry every migration this code knows."""
    try:
        done = applied(conn)
    except sqlite3.DatabaseError as exc:
        raise ConfigError(f"{path} is not a usable Rasid store: {exc}") from exc
    _check_known(path, done)
    if len(done) < len(MIGRATIONS):
        missing = [m.name for m in MIGRATIONS[len(done):]]
        raise ConfigError(f"{path} needs migrations {missing}: open it once for writing")
