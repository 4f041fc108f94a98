"""JSONL is streamed: peak memory does not grow with the number of records in the file."""

from __future__ import annotations

import gzip
import json
import lzma
import tracemalloc
from pathlib import Path

import pytest

from rasid.ingest import iter_documents
from rasid.models import RawDocument

PARAGRAPH = "تواصل فرق الإنقاذ البحث عن مفقودين بعد السيول التي ضربت المنطقة الجبلية. " * 12
# the run keeps one short id per record to make ids unique; nothing else may accumulate
_ID_BYTES_PER_RECORD = 300


def _write(path: Path, count: int, opener: object = gzip.open) -> int:
    size = 0
    with opener(path, "wt", encoding="utf-8") as handle:  # type: ignore[operator]
        for number in range(count):
            line = json.dumps({"id": f"n{number}", "title": "عنوان", "text": f"{PARAGRAPH}{number}",
                               "published": "2020-01-01"}, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            handle.write(line)
    return size


def _peak(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_documents([str(path)]) if isinstance(item, RawDocument))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def test_peak_memory_does_not_grow_with_file_size(tmp_path: Path) -> None:
    small, large = tmp_path / "small.jsonl.gz", tmp_path / "large.jsonl.gz"
    _write(small, 2_000)
    large_bytes = _write(large, 8_000)
    small_count, small_peak = _peak(small)
    large_count, large_peak = _peak(large)
    assert (small_count, large_count) == (2_000, 8_000)
    # 6,000 more records of ~1.7 kB each add ~10 MB of text; memory may only grow by the ids
    assert large_peak - small_peak < 6_000 * _ID_BYTES_PER_RECORD
    assert large_peak < large_bytes / 10


@pytest.mark.slow
def test_100k_record_xz_file_streams_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.xz"
    data_bytes = _write(path, 100_000, opener=lzma.open)
    count, peak = _peak(path)
    assert count == 100_000
    assert peak < 100_000 * _ID_BYTES_PER_RECORD
    assert peak < data_bytes / 5
