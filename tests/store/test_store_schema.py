"""Opening the store: named migrations, pragmas, refusing foreign or newer files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rasid.errors import ConfigError
from rasid.store import MIGRATIONS, Store


def test_migrations_applied_once_in_order_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as first:
        assert first.migrations_applied == tuple(m.name for m in MIGRATIONS)
    with Store.open(path) as second:
        assert second.migrations_applied == ()
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT name, applied_at FROM migrations ORDER BY rowid").fetchall()
    conn.close()
    assert [r[0] for r in rows] == [m.name for m in MIGRATIONS]
    assert all(r[1] for r in rows)


def test_migration_names_are_unique_and_ordered() -> None:
    names = [m.name for m in MIGRATIONS]
    assert len(set(names)) == len(names)
    assert names == sorted(names)


def test_pragmas(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    reader = store._reader()
    assert reader.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert reader.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES ('9999_from_the_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(ConfigError, match="newer"):
        Store.open(path)
    with pytest.raises(ConfigError, match="newer"):
        Store.open(path, readonly=True)


def test_foreign_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database at all, just words " * 50, encoding="utf-8")
    with pytest.raises(ConfigError):
        Store.open(path)
    with pytest.raises(ConfigError):
        Store.open(path, readonly=True)


def test_readonly_needs_an_existing_migrated_store(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no Rasid store"):
        Store.open(tmp_path / "missing.db", readonly=True)
    with pytest.raises(ConfigError, match="no such folder"):
        Store.open(tmp_path / "no" / "dir.db")


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    with Store.open(path, readonly=True) as ro:
        assert ro.count() == 0
        with pytest.raises(ConfigError, match="read-only"):
            ro.put_story("s1", headline=None, members={})


def test_closed_store_raises(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    store.close()
    store.close()  # idempotent
    with pytest.raises(ConfigError, match="closed"):
        store.count()
