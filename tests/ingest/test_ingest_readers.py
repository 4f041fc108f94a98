"""Every reader, folders, ids, metadata precedence, stdin, and every kind of bad input."""

from __future__ import annotations

import builtins
import gzip
import io
import json
import lzma
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from rasid.errors import ConfigError
from rasid.ingest import IngestOptions, iter_documents
from rasid.models import IngestFailure, RawDocument

BODY = "اجتمع وزراء الخارجية العرب في القاهرة لبحث الأزمة.\nوصدر عن الاجتماع بيان ختامي."
BODY2 = "فاز الفريق المحلي بالمباراة النهائية بهدفين نظيفين أمام جمهور غفير."


def _docs(items: Iterable[RawDocument | IngestFailure]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def _fails(items: Iterable[RawDocument | IngestFailure]) -> list[IngestFailure]:
    return [item for item in items if isinstance(item, IngestFailure)]


def _run(*paths: Path | str, **options: Any) -> list[RawDocument | IngestFailure]:
    return list(iter_documents([str(p) for p in paths], IngestOptions(**options)))


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


RECORDS = [
    {"id": "a1", "title": "عنوان أول", "text": BODY, "url": "https://example.com/1",
     "source": "الوكالة", "published": "2024-01-25 10:00:00", "author": "كاتب"},
    {"id": "a2", "headline": "عنوان ثان", "content": BODY2, "link": "https://example.com/2",
     "outlet": "صحيفة", "date": "Sun, 18 Feb 2018 21:35:43 +0400"},
]


# --- single-article files -----------------------------------------------------------------

def test_txt_reads_text_with_stem_id_and_unix_newlines(tmp_path: Path) -> None:
    path = tmp_path / "000_abc.txt"
    path.write_bytes(BODY.replace("\n", "\r\n").encode("utf-8"))
    [doc] = _run(path)
    assert isinstance(doc, RawDocument)
    assert doc.id == "000_abc"
    assert doc.path == str(path)
    assert doc.text == BODY
    assert doc.html is None
    assert doc.source is None and doc.published is None


def test_html_is_decoded_not_extracted(tmp_path: Path) -> None:
    page = f"<html><body><p>{BODY2}</p></body></html>"
    for name in ("p.html", "q.htm"):
        (tmp_path / name).write_text(page, encoding="utf-8")
    docs = _run(tmp_path / "p.html", tmp_path / "q.htm")
    assert [d.id for d in _docs(docs)] == ["p", "q"]
    assert all(d.html == page and d.text is None for d in _docs(docs))


def test_json_single_object_and_array(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"title": "ت", "body": BODY}), "utf-8")
    (tmp_path / "many.json").write_text(json.dumps([*RECORDS, {"id": "x"}]), "utf-8")
    items = _run(tmp_path / "one.json", tmp_path / "many.json")
    docs, fails = _docs(items), _fails(items)
    assert [d.id for d in docs] == ["one", "a1", "a2"]
    assert docs[0].text == BODY and docs[0].title == "ت"
    assert docs[1].path == f"{tmp_path / 'many.json'}:1"
    assert [f.path for f in fails] == [f"{tmp_path / 'many.json'}:3"]
    assert "record has no text" in fails[0].reason


def test_jsonl_lines_named_json_are_read_as_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(_jsonl(RECORDS))
    assert [d.id for d in _docs(_run(path))] == ["a1", "a2"]


# --- JSON Lines ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".jsonl.gz", ".jsonl.xz", ".ndjson.gz"])
def test_jsonl_variants_map_auto_fields(tmp_path: Path, suffix: str) -> None:
    data = _jsonl(RECORDS)
    if suffix.endswith(".gz"):
        data = gzip.compress(data)
    elif suffix.endswith(".xz"):
        data = lzma.compress(data)
    path = tmp_path / f"feed{suffix}"
    path.write_bytes(data)
    first, second = _run(path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.id == "a1" and first.path == f"{path}:1"
    assert (first.title, first.text, first.url, first.source, first.author) == (
        "عنوان أول", BODY, "https://example.com/1", "الوكالة", "كاتب")
    assert first.published == "2024-01-25T10:00:00"
    assert (second.title, second.text, second.url, second.source) == (
        "عنوان ثان", BODY2, "https://example.com/2", "صحيفة")
    assert second.published == "2018-02-18T21:35:43+04:00"


def test_configured_fields_override_auto_detection(tmp_path: Path) -> None:
    path = tmp_path / "ant.jsonl"
    path.write_bytes(_jsonl([{"docno": "D-1", "id": "wrong", "src": "bbc", "source": "wrong",
                              "time_iso": "2018-03-01T08:00:00+00:00", "date": "1999-01-01",
                              "text": "wrong", "body_text": BODY}]))
    [doc] = _run(path, id_field="docno", source_field="src", published_field="time_iso",
                 text_field="body_text")
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.source, doc.published, doc.text) == (
        "D-1", "bbc", "2018-03-01T08:00:00+00:00", BODY)


def test_record_with_html_only_carries_html(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    path.write_bytes(_jsonl([{"id": 7, "raw_html": "<p>نص</p>", "text": "  "}]))
    [doc] = _run(path)
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.text, doc.html) == ("7", None, "<p>نص</p>")


def test_record_ids_fall_back_to_stem_and_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n" + _jsonl([{"text": BODY}, {"text": BODY2}])))
    assert [d.id for d in _docs(_run(path))] == ["feed-2", "feed-3"]


def test_malformed_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "ok", "text": BODY}, ensure_ascii=False)
    path.write_text("\n".join([good, '{"id": "t", "text": "مقطوع', "[1, 2]", "",
                               '{"id": "ok2", "text": "' + BODY2 + '"}',
                               '{"id": "empty", "text": ""}', '{"id": "cut"']), "utf-8")
    items = _run(path)
    assert [d.id for d in _docs(items)] == ["ok", "ok2"]
    fails = {f.path: f.reason for f in _fails(items)}
    assert set(fails) == {f"{path}:{n}" for n in (2, 3, 6, 7)}
    assert fails[f"{path}:2"].startswith("invalid JSON (")
    assert "expected a JSON object, got list" in fails[f"{path}:3"]
    assert "record has no text" in fails[f"{path}:6"]
    assert fails[f"{path}:7"].startswith("invalid JSON (")


@pytest.mark.parametrize("compress", [gzip.compress, lzma.compress], ids=["gz", "xz"])
def test_truncated_compressed_stream_yields_good_records_then_one_failure(
    tmp_path: Path, compress: Any
) -> None:
    records = [{"id": f"r{i}", "text": f"{BODY} {i}"} for i in range(400)]
    data = compress(_jsonl(records))
    path = tmp_path / ("cut.jsonl.gz" if compress is gzip.compress else "cut.jsonl.xz")
    path.write_bytes(data[: len(data) * 2 // 3])
    items = _run(path)
    docs, fails = _docs(items), _fails(items)
    assert docs and len(docs) < 400
    assert [d.id for d in docs] == [f"r{i}" for i in range(len(docs))]
    assert len(fails) == 1 and items[-1] is fails[0]
    assert fails[0].path == f"{path}:{len(docs) + 1}"
    assert "broke off" in fails[0].reason


def test_not_actually_compressed(tmp_path: Path) -> None:
    path = tmp_path / "fake.jsonl.xz"
    path.write_bytes(_jsonl(RECORDS))
    [failure] = _run(path)
    assert isinstance(failure, IngestFailure)
    assert failure.path == f"{path}:1" and "LZMAError" in failure.reason


def test_record_above_max_record_chars(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_bytes(_jsonl([{"id": "long", "text": "ب" * 600}, {"id": "over", "text": "ب" * 601},
                             {"id": "huge", "text": "ب" * 5000}, {"id": "short", "text": BODY}]))
    items = _run(path, max_record_chars=600)
    assert [d.id for d in _docs(items)] == ["long", "short"]
    over, huge = _fails(items)
    assert over.path == f"{path}:2"
    assert over.reason == (
        "record text has 601 characters, above the limit of 600 (max_record_chars)")
    # a line too long to be any acceptable record is skipped without being parsed
    assert huge.path == f"{path}:3"
    assert huge.reason.startswith("line is above the limit of 4,800 bytes")


def test_utf16_jsonl_from_windows_tools(tmp_path: Path) -> None:
    path = tmp_path / "win.jsonl"
    path.write_bytes(_jsonl(RECORDS).decode("utf-8").replace("\n", "\r\n").encode("utf-16"))
    assert [d.text for d in _docs(_run(path))] == [BODY, BODY2]


def test_cp1256_jsonl_line_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(_jsonl([{"id": "c", "text": BODY}]).decode("utf-8").encode("cp1256"))
    [doc] = _run(path)
    assert isinstance(doc, RawDocument) and doc.text == BODY


# --- ids ----------------------------------------------------------------------------------

def test_repeated_ids_get_deterministic_suffixes(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(_jsonl([
        {"id": "x", "text": BODY}, {"id": "x~2", "text": BODY}, {"id": "x", "text": BODY2}]))
    (tmp_path / "x.txt").write_text(BODY, "utf-8")
    items = _run(tmp_path / "a.jsonl", tmp_path / "x.txt")
    assert [d.id for d in _docs(items)] == ["x", "x~2", "x~3", "x~4"]
    assert [d.id for d in _docs(_run(tmp_path / "a.jsonl", tmp_path / "x.txt"))] == [
        "x", "x~2", "x~3", "x~4"]


# --- folders ------------------------------------------------------------------------------

def test_folder_is_recursive_sorted_and_skips_hidden_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(BODY, "utf-8")
    (tmp_path / "a.html").write_text(f"<p>{BODY}</p>", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(BODY2, "utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text(BODY, "utf-8")
    (tmp_path / "README.md").write_text("# notes", "utf-8")
    (tmp_path / "meta.csv").write_text("file,source,url,published\n", "utf-8")
    (tmp_path / "b.txt.meta.json").write_text("{}", "utf-8")
    items = _run(tmp_path)
    assert not _fails(items)
    assert [d.id for d in _docs(items)] == ["a", "b", "c"]
    assert _docs(items)[2].path == str(tmp_path / "sub" / "c.txt")


def test_folder_with_no_articles(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", "utf-8")
    [failure] = _run(tmp_path)
    assert isinstance(failure, IngestFailure)
    assert failure.path == str(tmp_path) and "no article files" in failure.reason


# --- metadata -----------------------------------------------------------------------------

def test_meta_csv_and_sidecar_precedence(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "b.txt").write_text(BODY2, "utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"text": BODY, "source": "own", "title": "own",
                                                 "url": "https://own"}), "utf-8")
    (tmp_path / "meta.csv").write_text(
        "\ufefffile,source,url,published,title,language,id\n"
        "a.txt,CSV Source,https://csv/a,12/06/2020,,ar,\n"
        "b.txt,,,2021-04-08,عنوان,,custom-b\n"
        "c.json,CSV Source,,,,,\n", "utf-8")
    (tmp_path / "a.txt.meta.json").write_text(
        json.dumps({"source": "Sidecar", "date": "2020-06-13T08:00:00Z", "title": ""}), "utf-8")
    a, b, c = _run(tmp_path)
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument) and isinstance(c, RawDocument)
    assert (a.source, a.url, a.published, a.language, a.id) == (
        "Sidecar", "https://csv/a", "2020-06-13T08:00:00+00:00", "ar", "a")
    assert a.title is None  # an empty sidecar value says nothing
    assert (b.source, b.published, b.title, b.id) == (None, "2021-04-08", "عنوان", "custom-b")
    assert (c.source, c.title, c.url) == ("CSV Source", "own", "https://own")


def test_meta_csv_applies_to_a_file_given_directly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "meta.csv").write_text("file,source,published\na.txt,Outlet,2019-01-02\n", "utf-8")
    [doc] = _run(tmp_path / "a.txt")
    assert isinstance(doc, RawDocument)
    assert (doc.source, doc.published) == ("Outlet", "2019-01-02")


def test_broken_metadata_is_reported_and_articles_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "b.txt").write_text(BODY2, "utf-8")
    (tmp_path / "meta.csv").write_text("name,source\na.txt,X\n", "utf-8")
    (tmp_path / "a.txt.meta.json").write_text("{not json", "utf-8")
    items = _run(tmp_path)
    assert [d.id for d in _docs(items)] == ["a", "b"]
    reasons = {f.path: f.reason for f in _fails(items)}
    assert "no 'file' column" in reasons[str(tmp_path / "meta.csv")]
    assert "invalid JSON" in reasons[str(tmp_path / "a.txt.meta.json")]
    assert len(_fails(items)) == 2  # the broken meta.csv is reported once, not per file


# --- bad inputs ---------------------------------------------------------------------------

def test_every_bad_input_is_one_clear_failure_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", "utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "big.txt").write_bytes(b"a" * 2048)
    (tmp_path / "bad.json").write_text('{"text": ', "utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "good.txt").write_text(BODY, "utf-8")
    items = _run(tmp_path, tmp_path / "missing.txt", max_file_bytes=1024)
    assert [d.id for d in _docs(items)] == ["good"]
    reasons = {Path(f.path).name: f.reason for f in _fails(items)}
    assert reasons == {
        "bad.json": "invalid JSON (Expecting value at line 1, column 10)",
        "big.txt": "file is 2,048 bytes, above the limit of 1,024 bytes (max_file_bytes); not read",
        "blank.txt": "file has no text (only whitespace)",
        "empty.jsonl": "empty file",
        "empty.txt": "empty file",
        "image.txt": "binary file (PNG image), not text",
        "missing.txt": "no such file or directory",
    }


def test_oversized_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"x" * 4096 + b"</p>")
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    [failure] = _run(path, max_file_bytes=100)
    assert isinstance(failure, IngestFailure) and "above the limit" in failure.reason
    assert str(path) not in opened


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(BODY, "utf-8")
    (tmp_path / "open.txt").write_text(BODY2, "utf-8")
    locked.chmod(0)
    real_open = builtins.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        # root ignores file modes, so refuse the way the kernel would for anyone else
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    try:
        items = _run(tmp_path)
    finally:
        locked.chmod(0o644)
    assert [d.id for d in _docs(items)] == ["open"]
    [failure] = _fails(items)
    assert failure.path == str(locked)
    assert failure.reason.startswith("unreadable file: permission denied")


def test_bad_options_raise_config_error() -> None:
    with pytest.raises(ConfigError, match="max_file_bytes"):
        IngestOptions(max_file_bytes=0)
    with pytest.raises(ConfigError, match="max_record_chars"):
        IngestOptions(max_record_chars=True)
    with pytest.raises(ConfigError, match="text_field"):
        IngestOptions(text_field=" ")
    with pytest.raises(ConfigError, match="both name"):
        IngestOptions(text_field="body", html_field="body")


def test_single_path_string_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    assert [d.id for d in _docs(iter_documents(str(tmp_path / "a.txt")))] == ["a"]


# --- stdin --------------------------------------------------------------------------------

def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    stream = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, _jsonl(RECORDS) + b'{"text": ""}\n' + _jsonl([{"text": BODY}]))
    items = _run("-")
    assert [d.id for d in _docs(items)] == ["a1", "a2", "stdin-4"]
    assert _docs(items)[0].path == "<stdin>:1"
    assert [f.path for f in _fails(items)] == ["<stdin>:3"]


def test_stdin_plain_text_html_and_pretty_json(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, BODY.encode("cp1256"))
    [doc] = _run("-")
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.path, doc.text) == ("stdin", "<stdin>", BODY)
    page = f"<!DOCTYPE html><html><body><p>{BODY}</p></body></html>"
    _stdin(monkeypatch, page.encode("utf-8"))
    [doc] = _run("-")
    assert isinstance(doc, RawDocument) and doc.html == page and doc.text is None
    _stdin(monkeypatch, json.dumps({"id": "p", "text": BODY}, indent=2).encode("utf-8"))
    [doc] = _run("-")
    assert isinstance(doc, RawDocument) and (doc.id, doc.text) == ("p", BODY)


def test_stdin_empty_or_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    [failure] = _run("-")
    assert isinstance(failure, IngestFailure)
    assert (failure.path, failure.reason) == ("<stdin>", "empty input")
    monkeypatch.setattr(sys, "stdin", None)
    [failure] = _run("-")
    assert isinstance(failure, IngestFailure) and "no standard input" in failure.reason


def test_extensionless_file_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "article").write_text(BODY, "utf-8")
    (tmp_path / "feed").write_bytes(_jsonl(RECORDS))
    (tmp_path / "page").write_text(f"<html><body><p>{BODY}</p></body></html>", "utf-8")
    items = _run(tmp_path / "article", tmp_path / "feed", tmp_path / "page")
    docs = _docs(items)
    assert [d.id for d in docs] == ["article", "a1", "a2", "page"]
    assert docs[0].text == BODY and docs[3].html is not None
    assert os.path.basename(docs[1].path) == "feed:1"


def test_metadata_never_applies_to_the_records_of_a_collection(tmp_path: Path) -> None:
    (tmp_path / "feed.json").write_bytes(_jsonl(RECORDS))
    (tmp_path / "arr.json").write_text(json.dumps(RECORDS), "utf-8")
    (tmp_path / "meta.csv").write_text("file,source,id\nfeed.json,X,same\narr.json,X,same\n",
                                       "utf-8")
    docs = _docs(_run(tmp_path))
    assert [d.id for d in docs] == ["a1", "a2", "a1~2", "a2~2"]
    assert "X" not in {d.source for d in docs}


def test_blank_only_jsonl_and_plain_file_named_gz(tmp_path: Path) -> None:
    (tmp_path / "blank.jsonl").write_text("\n \n\n", "utf-8")
    (tmp_path / "plain.jsonl.gz").write_bytes(_jsonl(RECORDS))
    items = _run(tmp_path / "blank.jsonl", tmp_path / "plain.jsonl.gz")
    blank, plain = _fails(items)
    assert len(items) == 2
    assert blank.reason == "no records (only blank lines)"
    assert plain.path.endswith("plain.jsonl.gz:1")
    assert plain.reason.startswith("cannot read the stream (BadGzipFile")


def test_shell_glob_of_a_folder_reads_metadata_as_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "meta.csv").write_text("file,source\na.txt,Outlet\n", "utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"url": "https://e/a"}', "utf-8")
    items = list(iter_documents(sorted(tmp_path.iterdir())))  # type: ignore[arg-type]
    assert len(items) == 1
    [doc] = items
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.source, doc.url) == ("a", "Outlet", "https://e/a")
