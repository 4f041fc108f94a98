"""The real inputs in ../shared: the seed folder and the first records of the two corpora."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Generator
from pathlib import Path

import pytest

from rasid.ingest import IngestOptions, iter_documents
from rasid.models import IngestFailure, RawDocument

pytestmark = pytest.mark.shared

ANT = Path("ant_corpus_v2.1") / "ant_v2.1.jsonl.xz"
SNN = Path("saudinewsnet") / "saudinewsnet.jsonl.xz"


def test_seed_folder(seeds_dir: Path) -> None:
    items = list(iter_documents([str(seeds_dir)]))
    assert all(isinstance(item, RawDocument) for item in items), items
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert [d.id[:3] for d in docs] == ["000", "001", "002", "003", "004"]
    assert docs[0].id == "000_e3c0704792053e9b"
    assert [d.published for d in docs] == [
        "2020-06-12", "2021-04-08", "2024-01-25", "2021-03-24", "2021-07-27"]
    assert [d.source for d in docs] == ["CNN Arabic", None, "Asharq", None, None]
    assert {d.language for d in docs} == {"ar"}
    for doc in docs:
        assert doc.text is not None and doc.html is None
        raw = (seeds_dir / f"{doc.id}.txt").read_bytes().decode("utf-8-sig")
        expected = raw.replace("\r\n", "\n").replace("\r", "\n")
        assert hashlib.sha256(doc.text.encode()).digest() == hashlib.sha256(
            expected.encode()).digest()


def _first(path: Path, count: int, options: IngestOptions | None = None) -> list[
        RawDocument | IngestFailure]:
    stream = iter_documents([str(path)], options)
    assert isinstance(stream, Generator)
    try:
        return list(itertools.islice(stream, count))
    finally:
        stream.close()


@pytest.mark.parametrize(
    "options",
    [None, IngestOptions(id_field="docno", source_field="src", published_field="time_iso",
                         text_field="text")],
    ids=["auto", "configured"],
)
def test_ant_first_1000(data_dir: Path, options: IngestOptions | None) -> None:
    items = _first(data_dir / ANT, 1000, options)
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert len(docs) == 1000
    assert docs[0].id == "AL-culture-1-20180218"
    assert docs[0].path.endswith("ant_v2.1.jsonl.xz:1")
    assert docs[0].published == "2018-02-18T21:35:43+04:00"
    assert {d.source for d in docs} == {"alarabia"}
    assert all(d.text and d.title and d.url and d.published for d in docs)
    assert all(d.published is not None and d.published.startswith("201") for d in docs)
    assert len({d.id for d in docs}) == 1000
    assert not any("~" in d.id for d in docs)  # docnos are unique, even for URLs filed twice


def test_saudinewsnet_first_1000(data_dir: Path) -> None:
    items = _first(data_dir / SNN, 1000)
    docs = [item for item in items if isinstance(item, RawDocument)]
    failures = [item for item in items if isinstance(item, IngestFailure)]
    assert docs[0].id == "2015-07-21_00000"
    assert docs[0].source == "aawsat"
    assert docs[0].published == "2015-07-21T02:51:32"
    assert all(d.text and d.url and d.published for d in docs)
    assert all(d.published is not None and d.published.startswith("2015-0") for d in docs)
    # the records with an empty body are reported, by line, not dropped silently
    assert len(docs) + len(failures) == 1000
    assert all("record has no text" in f.reason and ".jsonl.xz:" in f.path for f in failures)


@pytest.mark.slow
def test_ant_whole_corpus_reads_every_record(data_dir: Path) -> None:
    docs = failures = 0
    ids: set[str] = set()
    for item in iter_documents([str(data_dir / ANT)]):
        if isinstance(item, RawDocument):
            docs += 1
            ids.add(item.id)
        else:
            failures += 1
    assert docs + failures == 31_525
    assert failures == 2  # two records have an empty text field
    assert len(ids) == docs
    # 1,180 URLs are filed under two categories, but every docno differs: nothing is renamed
    assert not any("~" in doc_id for doc_id in ids)
