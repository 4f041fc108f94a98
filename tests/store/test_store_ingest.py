"""``ingest_paths`` end to end, kill -9 mid-batch then resume, readers during writes, seeds."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rasid.ingest import iter_documents
from rasid.models import Article
from rasid.pipeline import run
from rasid.store import QueryError, Store, ingest_paths

from ._store_data import LIGHT_PIPELINE

CITIES = ["القاهرة", "عمان", "تونس", "الرباط", "بيروت", "بغداد", "الدوحة", "مسقط"]


def _write_corpus(path: Path, n: int) -> None:
    """``n`` distinct own-written articles, each with a date and a figure the extractors find."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            text = (f"أعلنت السلطات في {city} يوم 12 مارس 2021 أن {100 + i} شخصا أصيبوا "
                    f"بالمرض في الحي رقم {7000 + i}.\n\nوقال المتحدث باسم الوزارة إن الوضع "
                    f"مستقر وإن المستشفيات تعمل بكامل طاقتها منذ {i % 28 + 1} يوما.")
            record = {"id": f"doc{i:04d}", "title": f"إصابات في {city}", "text": text,
                      "source": "وكالة الاختبار", "published": "2021-03-13"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


_CHILD = """
import sys
from rasid.pipeline import Pipeline
from rasid.stages import DATES, FIGURES, SEGMENT
from rasid.store import ingest_paths
ingest_paths([sys.argv[1]], sys.argv[2], pipeline=Pipeline((SEGMENT, DATES, FIGURES)))
"""


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not created or not migrated yet


def test_ingest_then_reingest_is_a_noop(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, 12)
    db = tmp_path / "s.db"
    first = ingest_paths([str(corpus)], db, pipeline=LIGHT_PIPELINE)
    assert (first.added, first.skipped, first.failed) == (12, 0, 0)
    again = ingest_paths([str(corpus)], db, pipeline=LIGHT_PIPELINE)
    assert (again.added, again.skipped) == (0, 12)
    with Store.open(db, readonly=True) as store:
        assert store.count() == 12
        expected = [a for a in run(iter_documents([str(corpus)]), LIGHT_PIPELINE)
                    if isinstance(a, Article)]
        assert [store.get_article(a.id) for a in expected] == expected


def test_ingest_with_worker_processes(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, 20)
    stats = ingest_paths([str(corpus)], tmp_path / "s.db", pipeline=LIGHT_PIPELINE, workers=2)
    assert (stats.added, stats.failed) == (20, 0)
    with Store.open(tmp_path / "s.db", readonly=True) as store:
        assert [a.id for a in store.articles(limit=3)] == ["doc0019", "doc0018", "doc0017"]


def test_ingest_counts_failures_and_limit(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, 5)
    with corpus.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    stats = ingest_paths([str(corpus)], tmp_path / "s.db", pipeline=LIGHT_PIPELINE)
    assert (stats.added, stats.failed) == (5, 1)
    assert "c.jsonl:6" in stats.failures[0].path
    limited = ingest_paths([str(corpus)], tmp_path / "t.db", pipeline=LIGHT_PIPELINE, limit=2)
    assert limited.added == 2


def test_kill_9_mid_ingest_then_resume(tmp_path: Path) -> None:
    n = 300
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, n)
    db = tmp_path / "s.db"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(corpus), str(db)])
    try:
        deadline = time.monotonic() + 60
        while _count(db) < 20 and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 20 <= before < n, "the writer was not interrupted mid-batch"
    # no partial article: every stored article has its extraction rows and its index entry
    orphans = conn.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM dates d"
        " WHERE d.article_pk = a.pk) OR NOT EXISTS (SELECT 1 FROM figures f"
        " WHERE f.article_pk = a.pk)").fetchone()[0]
    assert orphans == 0
    assert conn.execute("SELECT count(*) FROM search_fts").fetchone()[0] == before
    conn.close()

    stats = ingest_paths([str(corpus)], db, pipeline=LIGHT_PIPELINE)
    assert stats.added == n - before
    assert stats.skipped == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*), count(DISTINCT content_hash), count(DISTINCT id)"
                        " FROM articles").fetchone() == (n, n, n)
    conn.close()
    with Store.open(db, readonly=True) as store:
        expected = [a for a in run(iter_documents([str(corpus)]), LIGHT_PIPELINE)
                    if isinstance(a, Article)]
        assert all(store.get_article(a.id) == a for a in expected)
        hit = store.search(str(7000 + n - 1))
        assert [h.article_id for h in hit.hits] == [f"doc{n - 1:04d}"]


def test_readers_query_while_another_process_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, 150)
    db = tmp_path / "s.db"
    Store.open(db).close()  # migrated before readers attach
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(corpus), str(db)])
    seen: list[int] = []
    with Store.open(db, readonly=True) as store:
        while child.poll() is None:
            page = store.search("المستشفيات", limit=5)
            seen.append(page.total)
            assert store.count() >= page.total
    assert child.wait() == 0
    assert seen == sorted(seen), "a reader saw the corpus shrink"
    assert len(seen) > 1


def test_reader_threads_during_in_process_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, 80)
    errors: list[BaseException] = []
    done = threading.Event()
    with Store.open(tmp_path / "s.db") as store:

        def reader() -> None:
            try:
                while not done.is_set():
                    store.search("الوزارة OR السلطات", limit=3)
                    store.articles(limit=3)
            except (QueryError, sqlite3.Error) as exc:
                errors.append(exc)

        threads = [threading.Thread(target=reader) for _ in range(3)]
        for t in threads:
            t.start()
        stats = store.add_articles(run(iter_documents([str(corpus)]), LIGHT_PIPELINE))
        done.set()
        for t in threads:
            t.join()
        assert stats.added == 80
        assert store.search("المستشفيات").total == 80
    assert errors == []


@pytest.mark.shared
def test_seeds_story_is_found(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    stats = ingest_paths([str(seeds_dir)], db, pipeline=LIGHT_PIPELINE)
    assert (stats.added, stats.failed) == (5, 0)
    with Store.open(db, readonly=True) as store:
        american = store.search("الأمريكية")
        assert american.total == 5  # every seed, whatever its spelling (أمريكية/أميركية)
        pentagon = store.search("البنتاجون")
        assert sorted(h.article_id[:3] for h in pentagon.hits) == ["002", "003"]
        assert {h.article_id for h in pentagon.hits} == {
            h.article_id for h in store.search("البنتاغون").hits}
        for hit in pentagon.hits:
            body = store.get_article(hit.article_id).body  # type: ignore[union-attr]
            assert all(body[m.start:m.end].endswith("ون") for m in hit.snippet.matches)
