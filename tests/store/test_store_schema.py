"""Opening the store: named migrations, pragmas, refusing foreign or newer files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from rasid.errors import ConfigError
from rasid.models import Entity, Quote, Span
from rasid.store import MIGRATIONS, Store

from ._store_data import article


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


def _old_key(name: str) -> str:
    """``variant_key`` before 0003: every medial ي dropped, so حسين = حسن."""
    from rasid._quote_lexicon import _loose
    w = "".join(_loose(t) for t in name.split())
    return w[0] + w[1:-1].replace("ي", "") + w[-1] if len(w) > 3 else w


def _person(body: str, name: str, local: str = "e1") -> Entity:
    start = body.index(name)
    return Entity(id=local, name=name, label="PERS", variants=((name, 1),), role=None,
                  latin=None, mentions=(Span(start, start + len(name)),))


def test_name_keys_migration_rekeys_a_store_written_with_the_old_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasid.store import _write
    path = tmp_path / "s.db"
    body1 = "قال حسين إن الاجتماع انتهى."
    body2 = "قال حسن إن الوفد وصل."
    body3 = "وصل حسين إلى العاصمة."
    quote = Quote(text="الاجتماع انتهى", start=11, end=25, speaker="حسين", speaker_type="person",
                  speaker_role=None, direct=False, cue="قال")
    with monkeypatch.context() as m:
        m.setattr(_write, "variant_key", _old_key)
        with Store.open(path) as old:
            old.add_article(replace(article("a1", body1), entities=(_person(body1, "حسين"),),
                                    quotes=(quote,)))
            old.add_article(replace(article("a2", body2), entities=(_person(body2, "حسن"),)))
            old.add_article(replace(article("a3", body3), entities=(_person(body3, "حسين"),)))
    conn = sqlite3.connect(path)
    merged = conn.execute("SELECT key, name, variants, articles FROM entities").fetchall()
    assert merged == [("حسن", "حسين", '[["حسين",2],["حسن",1]]', 3)]  # the old defect
    conn.execute("DELETE FROM migrations WHERE name = '0003_name_keys_keep_pattern_ya'")
    conn.commit()
    conn.close()

    with Store.open(path) as store:
        assert store.migrations_applied == ("0003_name_keys_keep_pattern_ya",)
        husayn, hasan = store.entity("حسين"), store.entity("حسن")
        assert husayn is not None and hasan is not None
        assert (husayn.name, husayn.variants, husayn.articles, husayn.mentions) == (
            "حسين", (("حسين", 2),), 2, 2)
        assert (hasan.name, hasan.variants, hasan.articles, hasan.mentions) == (
            "حسن", (("حسن", 1),), 1, 1)
        assert [r.article_id for r in store.quotes_by_speaker("حسين", limit=10)] == ["a1"]
        assert store.quotes_by_speaker("حسن", limit=10) == []
        # each article's own entity record still points at the right corpus row
        assert [e.name for e in store.get_article("a2").entities] == ["حسن"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    aliases = conn.execute("SELECT a.key, e.name FROM entity_aliases a"
                           " JOIN entities e ON e.pk = a.entity_pk ORDER BY a.key").fetchall()
    conn.close()
    assert aliases == [("حسن", "حسن"), ("حسين", "حسين")]


def test_rekeying_merges_rows_that_now_share_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasid.store import _write
    path = tmp_path / "s.db"
    bodies = {"a1": "قال البنتاغون إن القوات ستبقى.", "a2": "أكد البنتاجون أن القوات ستبقى."}
    with monkeypatch.context() as m:
        m.setattr(_write, "variant_key", lambda name: name)  # a key that folds nothing
        with Store.open(path) as old:
            for aid, body in bodies.items():
                name = body.split()[1]
                start = body.index(name)
                ent = Entity(id="e1", name=name, label="ORG", variants=((name, 1),), role=None,
                             latin="al-Buntaghun" if aid == "a2" else None,
                             mentions=(Span(start, start + len(name)),))
                old.add_article(replace(article(aid, body), entities=(ent,)))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM entities").fetchone() == (2,)
    conn.execute("DELETE FROM migrations WHERE name = '0003_name_keys_keep_pattern_ya'")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        rows = store.entities(limit=10)
        assert len(rows) == 1
        row = rows[0]
        assert (row.name, row.latin, row.articles, row.mentions) == (
            "البنتاغون", "al-Buntaghun", 2, 2)
        assert dict(row.variants) == {"البنتاغون": 1, "البنتاجون": 1}
        assert store.entity("البنتاجون") == row
