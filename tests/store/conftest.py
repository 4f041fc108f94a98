"""Fixtures of the store tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rasid.store import Store

from ._store_data import corpus


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "rasid.db") as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    for item in corpus():
        assert store.add_article(item)
    return store
