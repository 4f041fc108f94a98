"""Walk the inputs (files, folders, ``-``) and hand each one to the reader for its kind."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import IO

from rasid.errors import InputError
from rasid.ingest._encoding import declared_charset, decode_bytes
from rasid.ingest._jsonl import iter_jsonl, os_reason, read_jsonl_file
from rasid.ingest._meta import META_CSV, SIDECAR_SUFFIX, MetaStore, apply_meta
from rasid.ingest._options import IngestOptions
from rasid.ingest._records import RecordMapper, normalise_newlines
from rasid.models import IngestFailure, RawDocument

Item = RawDocument | IngestFailure

STDIN = "-"
STDIN_NAME = "<stdin>"
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".jsonl.xz", ".ndjson.gz", ".ndjson.xz")
_TEXT_SUFFIXES = (".txt",)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_JSON_SUFFIXES = (".json",)
ARTICLE_SUFFIXES = _JSONL_SUFFIXES + _TEXT_SUFFIXES + _HTML_SUFFIXES + _JSON_SUFFIXES
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|span|h[1-6]|"
    r"table|br|!--)\b",
    re.IGNORECASE,
)
_PEEK = 65536


def _kind(name: str) -> str | None:
    lower = name.lower()
    for kind, suffixes in (
        ("jsonl", _JSONL_SUFFIXES),
        ("text", _TEXT_SUFFIXES),
        ("html", _HTML_SUFFIXES),
        ("json", _JSON_SUFFIXES),
    ):
        if lower.endswith(suffixes):
            return kind
    return None


def file_stem(path: str) -> str:
    """The file's name without its article suffix (``a.jsonl.xz`` -> ``a``)."""
    name = os.path.basename(path)
    lower = name.lower()
    for suffix in sorted(ARTICLE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    stem, _ = os.path.splitext(name)
    return stem or name


def _is_meta_file(name: str) -> bool:
    return name == META_CSV or name.endswith(SIDECAR_SUFFIX)


def _walk(folder: str) -> Iterator[str | IngestFailure]:
    """Article files under ``folder``, recursively, by name; hidden entries skipped.

    A sub-folder that cannot be listed gives a failure and the walk goes on.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield IngestFailure(folder, os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(entry.path)
        elif not _is_meta_file(entry.name) and _kind(entry.name) is not None:
            yield entry.path


def _read_limited(path: str, limit: int) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(path, f"file is {size:,} bytes, above the limit of {limit:,} bytes "
                                   "(max_file_bytes); not read")
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from None


def _sniff(data: bytes) -> str:
    """``jsonl``, ``json``, ``html`` or ``text`` for content without a telling name."""
    head = data[:_PEEK].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"<"):
        return "html" if _HTML_START.search(head[:2048].decode("latin-1")) else "text"
    return "text"


def _first_line_is_json(data: bytes) -> bool:
    first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _streamable_jsonl(head: bytes) -> bool:
    """Whether stdin starting with ``head`` can be streamed as JSON Lines.

    Yes when its first line is a JSON object, or is too long to see whole (a long one-line
    record); no when the first line is complete but not JSON (a pretty-printed object).
    """
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\n" not in body:
        return True
    return _first_line_is_json(body)


class _Reader:
    """One run of iter_documents: options, metadata cache and the record mapper."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.meta = MetaStore()
        self.mapper = RecordMapper(options)

    def _single(self, doc: RawDocument, with_meta: bool) -> Iterator[Item]:
        """A file's one article, with its meta.csv row and sidecar laid over it."""
        if not with_meta:
            yield doc
            return
        layers, failures = self.meta.lookup(doc.path)
        yield from failures
        yield apply_meta(doc, *layers)

    def _document(
        self, data: bytes, kind: str, path: str, stem: str, with_meta: bool = True
    ) -> Iterator[Item]:
        """One input already in memory: a single article, a JSON array or JSON Lines.

        Metadata files describe a file's one article, so they apply to single articles only.
        """
        if kind == "html":
            html = decode_bytes(data, path, declared_charset(data))
            if not html.strip():
                raise InputError(path, "file has no text (only whitespace)")
            yield from self._single(RawDocument(id=stem, path=path, html=html), with_meta)
            return
        text = decode_bytes(data, path)
        if not text.strip():
            raise InputError(path, "file has no text (only whitespace)")
        if kind == "text":
            doc = RawDocument(id=stem, path=path, text=normalise_newlines(text))
            yield from self._single(doc, with_meta)
            return
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and _first_line_is_json(data):
                # JSON Lines under a .json name (or on stdin): read it as such
                stream = io.BufferedReader(io.BytesIO(data))
                yield from iter_jsonl(stream, path, stem, self.mapper, self.options)
                return
            raise InputError(path, f"invalid JSON ({exc.msg} at line {exc.lineno}, column "
                                   f"{exc.colno})") from None
        except RecursionError:
            raise InputError(path, "invalid JSON (nested too deeply)") from None
        if isinstance(value, list):
            if not value:
                raise InputError(path, "JSON array holds no records")
            for number, record in enumerate(value, start=1):
                try:
                    yield self.mapper.to_document(record, f"{path}:{number}", f"{stem}-{number}")
                except InputError as exc:
                    yield IngestFailure(exc.path, exc.reason)
            return
        yield from self._single(self.mapper.to_document(value, path, stem), with_meta)

    def read_file(self, path: str, kind: str | None) -> Iterator[Item]:
        stem = file_stem(path)
        if kind == "jsonl":
            yield from read_jsonl_file(path, stem, self.mapper, self.options)
            return
        try:
            data = _read_limited(path, self.options.max_file_bytes)
            if not data:
                raise InputError(path, "empty file")
            if kind is None:
                # no telling suffix: JSON Lines, JSON, HTML or text by content; JSON Lines
                # is read as JSON, which turns to JSON Lines when a second record follows
                kind = _sniff(data)
                kind = "json" if kind == "jsonl" else kind
            yield from self._document(data, kind, path, stem)
        except InputError as exc:
            yield IngestFailure(exc.path, exc.reason)

    def read_folder(self, folder: str) -> Iterator[Item]:
        found = False
        for entry in _walk(folder):
            if isinstance(entry, IngestFailure):
                yield entry
                continue
            found = True
            yield from self.read_file(entry, _kind(entry))
        if not found:
            names = ", ".join(ARTICLE_SUFFIXES)
            yield IngestFailure(folder, f"folder holds no article files ({names})")

    def read_stdin(self) -> Iterator[Item]:
        stdin = sys.stdin
        stream: IO[bytes] | None = getattr(stdin, "buffer", None) if stdin is not None else None
        if stream is None:
            yield IngestFailure(STDIN_NAME, "no standard input to read")
            return
        try:
            head = stream.peek(_PEEK)[:_PEEK] if hasattr(stream, "peek") else b""
        except OSError as exc:
            yield IngestFailure(STDIN_NAME, os_reason(exc))
            return
        if head and _sniff(head) == "jsonl" and _streamable_jsonl(head):
            yield from iter_jsonl(stream, STDIN_NAME, "stdin", self.mapper, self.options)
            return
        limit = self.options.max_file_bytes
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            yield IngestFailure(STDIN_NAME, os_reason(exc))
            return
        if not data:
            yield IngestFailure(STDIN_NAME, "empty input")
            return
        if len(data) > limit:
            yield IngestFailure(STDIN_NAME, f"input is above the limit of {limit:,} bytes "
                                            "(max_file_bytes); not read")
            return
        kind = _sniff(data)
        try:
            yield from self._document(data, "json" if kind == "jsonl" else kind, STDIN_NAME,
                                      "stdin", with_meta=False)
        except InputError as exc:
            yield IngestFailure(exc.path, exc.reason)

    def read(self, path: str) -> Iterator[Item]:
        if path == STDIN:
            yield from self.read_stdin()
        elif os.path.isdir(path):
            yield from self.read_folder(path)
        elif os.path.exists(path):
            if _is_meta_file(os.path.basename(path)):
                # `rasid ingest folder/*` passes the metadata files too: they are read as
                # metadata of their neighbours, never as articles
                return
            yield from self.read_file(path, _kind(path))
        else:
            yield IngestFailure(path, "no such file or directory")


class _UniqueIds:
    """Makes ids unique within one run: a repeated id gets ``~2``, ``~3``, ... in input order."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, doc: RawDocument) -> RawDocument:
        if doc.id not in self._seen:
            self._seen.add(doc.id)
            return doc
        number = 2
        while f"{doc.id}~{number}" in self._seen:
            number += 1
        unique = f"{doc.id}~{number}"
        self._seen.add(unique)
        return replace(doc, id=unique)


def iter_documents(
    paths: Sequence[str], options: IngestOptions | None = None
) -> Iterator[RawDocument | IngestFailure]:
    """Stream the documents of ``paths`` (files, folders, ``-`` for stdin) in a stable order.

    Each bad input gives an :class:`IngestFailure` naming it and the reason, and reading goes
    on; bad input never raises. JSONL (also ``.gz``/``.xz``) is read line by line, so memory
    stays flat however many records a file has. Ids are unique within the run.
    """
    reader = _Reader(options if options is not None else IngestOptions())
    ids = _UniqueIds()
    for path in [paths] if isinstance(paths, str) else paths:
        for item in reader.read(os.fspath(path)):
            yield ids.claim(item) if isinstance(item, RawDocument) else item
