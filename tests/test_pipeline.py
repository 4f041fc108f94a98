from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from rasid.errors import ConfigError
from rasid.models import Article, IngestFailure, RawDocument
from rasid.pipeline import Pipeline, Stage, process_document, run
from rasid.stages import SEGMENT, default_pipeline

TEXT = (
    "وزير النقل يفتتح الطريق الساحلي الجديد\n\n"
    "افتتح وزير النقل سالم الهاشمي، أمس الأحد، الطريق الساحلي الجديد بطول 40 كيلومترا. "
    "وقال الوزير إن المشروع سيخدم نحو مئة ألف مسافر يوميا.\n\n"
    "وأضاف أن المرحلة الثانية تبدأ العام المقبل.\n"
)


def _doc(i: int, text: str = TEXT) -> RawDocument:
    return RawDocument(id=f"d{i}", path=f"mem:{i}", text=text, source="صحيفة المرصد",
                       published="2025-03-10")


def test_process_document_cleans_and_segments() -> None:
    item = process_document(_doc(1), default_pipeline())
    assert isinstance(item, Article)
    assert item.title == "وزير النقل يفتتح الطريق الساحلي الجديد"
    assert "الهاشمي" in item.body and item.title not in item.body
    assert len(item.sentences) == 3
    for span in item.sentences:
        assert item.body[span.start:span.end].strip() == item.body[span.start:span.end]


def test_bad_documents_become_failures_not_exceptions() -> None:
    pipe = default_pipeline()
    empty = process_document(RawDocument(id="e", path="empty.txt", text="   \n"), pipe)
    assert isinstance(empty, IngestFailure) and empty.path == "empty.txt"
    neither = process_document(RawDocument(id="n", path="x.json:3"), pipe)
    assert isinstance(neither, IngestFailure) and "neither text nor html" in neither.reason


def _boom(article: Article) -> Article:
    raise ValueError("stage bug")


def test_a_stage_bug_is_reported_with_the_stage_name() -> None:
    pipe = Pipeline((SEGMENT, Stage("boom", "1", _boom)))
    item = process_document(_doc(1), pipe)
    assert isinstance(item, IngestFailure)
    assert "boom" in item.reason and "stage bug" in item.reason


def _needs_entities(article: Article) -> Article:
    return article


def test_pipeline_checks_requirements_when_built() -> None:
    with pytest.raises(ConfigError, match="mentions"):
        Pipeline((Stage("quotes", "1", _needs_entities, requires=frozenset({"mentions"})),))
    with pytest.raises(ConfigError, match="twice"):
        Pipeline((SEGMENT, SEGMENT))


def _upper_title(article: Article) -> Article:
    return replace(article, title=(article.title or "") + "!")


@pytest.mark.parametrize("workers", [1, 2])
def test_run_keeps_input_order_and_passes_failures_through(workers: int) -> None:
    docs: list[RawDocument | IngestFailure] = [_doc(i) for i in range(150)]
    docs.insert(70, IngestFailure("bad.jsonl:71", "invalid JSON"))
    pipe = Pipeline((SEGMENT, Stage("mark", "1", _upper_title)))
    out = list(run(docs, pipe, workers=workers, batch_size=8))
    assert len(out) == 151
    assert isinstance(out[70], IngestFailure)
    ids = [a.id for a in out if isinstance(a, Article)]
    assert ids == [f"d{i}" for i in range(150)]
    assert all(a.title and a.title.endswith("!") for a in out if isinstance(a, Article))


def test_parallel_and_serial_give_identical_articles() -> None:
    docs = [_doc(i, TEXT.replace("40", str(i))) for i in range(40)]
    serial = list(run(docs, default_pipeline(), workers=1))
    parallel = list(run(docs, default_pipeline(), workers=2, batch_size=4))
    assert serial == parallel


def test_run_reads_input_lazily() -> None:
    consumed = 0

    def source() -> Iterator[RawDocument]:
        nonlocal consumed
        for i in range(10_000):
            consumed += 1
            yield _doc(i)

    stream = run(source(), default_pipeline(), workers=2, batch_size=10)
    next(stream)
    # at most 2 * workers batches in flight, plus the one being assembled
    assert consumed <= 10 * (2 * 2 + 1)
    stream.close()


def test_workers_must_be_positive() -> None:
    with pytest.raises(ConfigError):
        list(run([_doc(1)], default_pipeline(), workers=0))
