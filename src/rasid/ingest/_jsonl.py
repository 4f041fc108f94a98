"""JSON Lines, plain or compressed, read one line at a time.

Only one line is ever held in memory, so a file of any number of records reads in constant
memory. A bad line is reported as ``file.jsonl:LINE`` and the next line is read; a compressed
stream that breaks off yields every good record before it, then one failure for the rest.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import lzma
import os
import zlib
from collections.abc import Iterator
from typing import IO, cast

from rasid.errors import InputError
from rasid.ingest._encoding import decode_bytes
from rasid.ingest._options import IngestOptions
from rasid.ingest._records import RecordMapper
from rasid.models import IngestFailure, RawDocument

# bytes allowed on one line per character of max_record_chars: JSON written with
# ensure_ascii spends six bytes (\\u0627) on an Arabic letter, plus the record's other fields
_BYTES_PER_CHAR = 8
_STREAM_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)


def open_compressed(path: str) -> IO[bytes]:
    """Open ``path`` for binary reading, decompressing ``.gz``/``.xz`` on the fly."""
    lower = path.lower()
    if lower.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    if lower.endswith(".xz"):
        return lzma.open(path, "rb")
    return open(path, "rb")


def _invalid_json(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON ({exc.msg} at column {exc.colno})"


def _parse(line: bytes | str, where: str) -> object:
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        # JSON should be UTF-8; a legacy code page gets the same principled detection as files
        assert isinstance(line, bytes)
        text = decode_bytes(line, where)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(where, _invalid_json(exc)) from None
    except json.JSONDecodeError as exc:
        raise InputError(where, _invalid_json(exc)) from None
    except RecursionError:
        raise InputError(where, "invalid JSON (nested too deeply)") from None


def _ends_line(line: bytes | str) -> bool:
    return line[-1:] in (b"\n", "\n")


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes | str, bool]]:
    """Yield ``(line, too_long)``; a line above ``limit`` is skipped without being kept."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    source: IO[bytes] | io.TextIOWrapper = stream
    wrapper: io.TextIOWrapper | None = None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not head.startswith(
        codecs.BOM_UTF32_LE
    ):
        # Windows tools (PowerShell's `>`) write UTF-16; decode the stream as text then
        source = wrapper = io.TextIOWrapper(stream, encoding="utf-16", newline="")
    elif head.startswith(codecs.BOM_UTF8):
        stream.read(len(codecs.BOM_UTF8))
    try:
        while True:
            line = source.readline(limit)
            if not line:
                return
            if len(line) >= limit and not _ends_line(line):
                while line and not _ends_line(line):
                    line = source.readline(limit)
                yield "", True
                continue
            yield line, False
    finally:
        if wrapper is not None:
            # the caller owns the byte stream (it may be stdin): do not let the wrapper close it
            wrapper.detach()


def iter_jsonl(
    stream: IO[bytes],
    display: str,
    stem: str,
    mapper: RecordMapper,
    options: IngestOptions,
) -> Iterator[RawDocument | IngestFailure]:
    """Records of an open JSONL stream; ``display`` names it in paths, ``stem`` in ids."""
    limit = options.max_record_chars * _BYTES_PER_CHAR
    lineno = 0
    records = 0
    try:
        for line, too_long in _lines(stream, limit):
            lineno += 1
            where = f"{display}:{lineno}"
            if too_long:
                yield IngestFailure(where, f"line is above the limit of {limit:,} bytes "
                                           f"(max_record_chars={options.max_record_chars:,}); "
                                           "skipped")
                continue
            if not line.strip():
                continue
            records += 1
            try:
                record = _parse(line, where)
                yield mapper.to_document(record, where, f"{stem}-{lineno}")
            except InputError as exc:
                yield IngestFailure(exc.path, exc.reason)
    except UnicodeDecodeError as exc:
        yield IngestFailure(f"{display}:{lineno + 1}", f"undecodable UTF-16 text ({exc.reason}); "
                                                       "the rest of the file is skipped")
        return
    except _STREAM_ERRORS as exc:
        detail = f"{type(exc).__name__}: {exc}"
        if lineno == 0:
            reason = f"cannot read the stream ({detail}); is the file really what its name says?"
        else:
            reason = (f"compressed or read stream broke off after line {lineno} ({detail}); "
                      "the rest of the file is lost")
        yield IngestFailure(f"{display}:{lineno + 1}", reason)
        return
    if records == 0:
        yield IngestFailure(display, "empty file" if lineno == 0 else "no records (only blank "
                                                                       "lines)")


def read_jsonl_file(
    path: str, stem: str, mapper: RecordMapper, options: IngestOptions
) -> Iterator[RawDocument | IngestFailure]:
    """Open and stream one JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``/``.xz``)."""
    try:
        stream = open_compressed(path)
    except OSError as exc:
        yield IngestFailure(path, os_reason(exc))
        return
    with stream:
        yield from iter_jsonl(stream, path, stem, mapper, options)


def os_reason(exc: OSError) -> str:
    """A user's words for why a file could not be opened."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return f"unreadable file: permission denied ({reason})"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read file ({os.strerror(exc.errno) if exc.errno else reason})"
