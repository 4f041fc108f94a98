"""Stories in the store: a full build, then incremental updates as articles arrive."""

from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path

import pytest

from rasid._story_state import load_index
from rasid.cli import main
from rasid.dossier import dossier_to_json
from rasid.errors import StateError
from rasid.ingest import iter_documents
from rasid.models import Article
from rasid.pipeline import run
from rasid.report import render_dossier
from rasid.stages import default_pipeline
from rasid.store import Store
from rasid.stories import publication_key
from rasid.storybook import (
    STATE_VERSION,
    ArticleShelf,
    iter_stories,
    iter_story_outputs,
    refresh_stories,
    update_stories,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "gulf_news_sample"


def _story_members(db: Path) -> dict[str, set[str]]:
    with Store.open(db, readonly=True) as store:
        return {s.id: {m.article_id for m in s.members} for s in store.stories(limit=1000)}


def test_seeds_ingested_in_two_batches_end_in_one_story(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert main(["ingest", *files[:2], "--db", str(db), "--quiet"]) == 0
    with Store.open(db) as store:
        assert store.story_state(STATE_VERSION) is not None  # saved by the first (full) build
    assert main(["ingest", *files[2:], "--db", str(db), "--quiet"]) == 0
    stories = _story_members(db)
    assert len(stories) == 1, stories
    assert next(iter(stories.values())) == {Path(f).stem for f in files}
    # the incremental result agrees with a full re-clustering of the same store
    with Store.open(db) as store:
        refresh_stories(store)
    assert list(_story_members(db).values()) == list(stories.values())


def test_update_without_saved_state_rebuilds_everything(seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "y.db"
    assert main(["ingest", str(seeds_dir), "--db", str(db), "--quiet", "--no-stories"]) == 0
    with Store.open(db) as store:
        assert store.stories(limit=10) == []
        update = update_stories(store)
        assert update.full and update.written == 1
        again = update_stories(store)  # nothing new: nothing rewritten
        assert not again.full and again.written == 0


def test_articles_left_unclustered_by_a_killed_run_are_clustered_next_time(
    seeds_dir: Path, tmp_path: Path
) -> None:
    db = tmp_path / "z.db"
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert main(["ingest", *files[:3], "--db", str(db), "--quiet"]) == 0
    # as if killed after the articles were committed but before the story step
    assert main(["ingest", *files[3:], "--db", str(db), "--quiet", "--no-stories"]) == 0
    assert sum(len(m) for m in _story_members(db).values()) == 3
    # the next run adds nothing new, yet clusters the two waiting articles
    assert main(["ingest", *files, "--db", str(db), "--quiet"]) == 0
    members = _story_members(db)
    assert sum(len(m) for m in members.values()) == 5


EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "gulf_news_sample"


def _sample_articles() -> list[Article]:
    items = run(iter_documents([str(EXAMPLES)]), default_pipeline())
    return [a for a in items if isinstance(a, Article)]


def test_shelf_keeps_articles_on_disk_and_returns_them_intact(tmp_path: Path) -> None:
    articles = _sample_articles()
    with ArticleShelf(tmp_path) as shelf:
        for article in articles:
            shelf.add(article)
        shelf.add(articles[0])  # a second add of the same id is ignored
        assert len(shelf) == len(articles)
        # the spool is an unlinked temporary file: nothing is left in the folder
        assert list(tmp_path.iterdir()) == []
        assert [shelf.get(a.id) for a in articles] == articles
        assert shelf.ids() == [a.id for a in articles]
        ordered = list(shelf.in_publication_order())
        assert sorted(ordered, key=publication_key) == ordered


def test_dossiers_built_in_two_processes_equal_those_built_in_one() -> None:
    articles = _sample_articles()
    one = [dossier_to_json(d) for d in iter_stories(articles, workers=1)]
    two = [dossier_to_json(d) for d in iter_stories(articles, workers=2)]
    assert len(one) >= 3  # the answer key has three stories (EXPECTED.md)
    assert one == two


def test_story_outputs_are_the_dossiers_encoded_and_the_first_ones_rendered(
    tmp_path: Path,
) -> None:
    articles = _sample_articles()
    dossiers = list(iter_stories(articles))
    with ArticleShelf(tmp_path) as shelf:
        for article in articles:
            shelf.add(article)
        outputs = list(iter_story_outputs(shelf, workers=2, render=2))
    assert [json.loads(o.json) for o in outputs] == [
        json.loads(json.dumps(dossier_to_json(d), ensure_ascii=False)) for d in dossiers]
    assert [o.html for o in outputs] == [render_dossier(d) for d in dossiers[:2]] + [
        None] * (len(dossiers) - 2)


class _Touch:
    """Unpickled by a plain ``pickle.loads``, this would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.marker,))


class _Reach:
    """getattr on something other than datasketch's LSH: refused, whatever the name."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path, str]]:
        return (getattr, (self.marker, "touch"))


def test_saved_story_state_loads_through_the_restricted_unpickler(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--quiet"]) == 0
    with Store.open(db) as store:
        raw = store.story_state(STATE_VERSION)
        assert raw is not None
        index = load_index(raw)
        assert len(index) >= len(store.stories(limit=1000)) > 0
        update = update_stories(store)  # nothing new, and the saved state was usable
        assert (update.full, update.refused, update.written) == (False, None, 0)


def test_a_story_state_naming_other_code_is_refused_and_the_stories_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "ran"
    for bad in (_Touch(marker), _Reach(marker)):
        with pytest.raises(StateError, match="refused"):
            load_index(pickle.dumps(bad))
    with pytest.raises(StateError, match="refused"):
        load_index(b"not a pickle")
    db = tmp_path / "s.db"
    assert main(["ingest", str(EXAMPLES), "--db", str(db), "--quiet"]) == 0
    before = _story_members(db)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE story_state SET state = ?", (pickle.dumps(_Touch(marker)),))
    con.close()
    capsys.readouterr()
    assert main(["ingest", str(EXAMPLES), "--db", str(db)]) == 0
    assert "saved story state refused" in capsys.readouterr().err
    assert not marker.exists()
    assert _story_members(db) == before  # rebuilt from the stored articles, nothing lost
    with Store.open(db) as store:
        raw = store.story_state(STATE_VERSION)
        assert raw is not None
        load_index(raw)  # the refused state was replaced by a usable one
