"""Shared fixtures. Tests that need ``../shared`` (seeds, corpora, gold) skip where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: seeds and corpora live beside the checkout "
                    "(or set RASID_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    path = shared_dir / "seeds"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def data_dir(shared_dir: Path) -> Path:
    path = shared_dir / "data"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path
