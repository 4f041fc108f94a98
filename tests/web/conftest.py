"""Fixtures of the web tests: a small store built from our own Arabic examples (no ../shared
needed) and the seed story store for the browser tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extras (fastapi, jinja2, httpx) are not installed")

from _web_support import EXAMPLES, STORY, TOKEN, TestClient

from rasid.dossier import build_dossier, dossier_to_json
from rasid.store import Store, ingest_paths
from rasid.web import create_app


@pytest.fixture(scope="session")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-examples")
    source = folder / "examples.json"
    source.write_text(json.dumps(EXAMPLES, ensure_ascii=False), encoding="utf-8")
    db = folder / "examples.db"
    stats = ingest_paths([str(source)], db)
    assert stats.added == len(EXAMPLES)
    with Store.open(db) as store:
        members = ["ex-1", "ex-2"]
        arts = [a for i in members if (a := store.get_article(i)) is not None]
        d = build_dossier(STORY, arts)
        store.put_story(STORY, headline=d.headline.text if d.headline else None,
                        members=dict.fromkeys(members), dossier=dossier_to_json(d))
    return db


@pytest.fixture()
def writable_db(example_db: Path, tmp_path: Path) -> Path:
    """A private copy for tests that write."""
    copy = tmp_path / "copy.db"
    shutil.copy(example_db, copy)
    return copy


@pytest.fixture(scope="module")
def client(example_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(example_db))) as c:
        yield c


@pytest.fixture()
def writer(writable_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(writable_db), token=TOKEN, max_body_bytes=200_000)) as c:
        yield c


@pytest.fixture(scope="session")
def seed_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # exactly what a user runs (README): `rasid ingest ../shared/seeds --db x.db`, which also
    # clusters the stories and stores their dossiers
    from rasid.cli import main

    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    assert main(["ingest", str(seeds_dir), "--db", str(db), "--quiet"]) == 0
    with Store.open(db, readonly=True) as store:
        assert store.count() == 5
        assert len(store.stories(limit=10)) == 1
    return db
