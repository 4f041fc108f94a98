"""Metadata kept beside articles: a folder's ``meta.csv`` and per-file ``<file>.meta.json``.

``meta.csv`` has a ``file`` column (the name of a file in that same folder) and any of
``source, url, published, title, language, id, author``; an empty cell means unknown.
A sidecar ``a.txt.meta.json`` holds one JSON object with the same keys (the usual aliases such as
``date`` or ``link`` are accepted too). Precedence: sidecar > meta.csv > what the file says.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, fields, replace

from rasid.errors import InputError
from rasid.ingest._dates import normalise_published
from rasid.ingest._encoding import decode_bytes
from rasid.ingest._options import AUTO_FIELDS
from rasid.models import IngestFailure, RawDocument

META_CSV = "meta.csv"
SIDECAR_SUFFIX = ".meta.json"
_MAX_META_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileMeta:
    """What metadata says about one file; None means it does not say."""

    id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None


_KEYS = tuple(spec.name for spec in fields(FileMeta))


def _clean(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def _meta_from(values: dict[str, object]) -> FileMeta:
    found: dict[str, str | None] = {}
    for key in _KEYS:
        if key == "published":
            raw = values.get(key)
            found[key] = normalise_published(raw) if raw not in (None, "") else None
        else:
            found[key] = _clean(values.get(key))
    return FileMeta(**found)


def _read_bytes(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > _MAX_META_BYTES:
            raise InputError(path, f"metadata file is {size:,} bytes, above {_MAX_META_BYTES:,}")
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(path, f"unreadable metadata file ({exc.strerror or exc})") from None


def read_meta_csv(path: str) -> dict[str, FileMeta]:
    """Rows of a ``meta.csv`` keyed by the normalised path of the file they describe."""
    text = decode_bytes(_read_bytes(path), path)
    folder = os.path.dirname(path)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        if "file" not in header:
            raise InputError(path, "meta.csv has no 'file' column (expected file, source, url, "
                                   "published, and optionally title, language, id)")
        reader.fieldnames = header
        table: dict[str, FileMeta] = {}
        for row in reader:
            name = (row.get("file") or "").strip()
            if not name:
                continue
            key = os.path.normpath(os.path.join(folder, name))
            table[key] = _meta_from({k: v for k, v in row.items() if isinstance(k, str)})
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})") from None
    return table


def read_sidecar(path: str) -> FileMeta:
    """The object in a ``<file>.meta.json`` sidecar."""
    text = decode_bytes(_read_bytes(path), path)
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(values, dict):
        raise InputError(path, "a .meta.json sidecar must hold one JSON object")
    for key in _KEYS:
        if key not in values:
            for alias in AUTO_FIELDS[key]:
                if values.get(alias) not in (None, ""):
                    values[key] = values[alias]
                    break
    return _meta_from(values)


def apply_meta(doc: RawDocument, *layers: FileMeta | None) -> RawDocument:
    """``doc`` with each non-empty value of ``layers`` laid over it, later layers winning."""
    changes: dict[str, str] = {}
    for layer in layers:
        if layer is None:
            continue
        for key in _KEYS:
            value = getattr(layer, key)
            if value is not None:
                changes[key] = value
    return replace(doc, **changes) if changes else doc


class MetaStore:
    """Loads each folder's ``meta.csv`` once per run and reports a broken one once."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, FileMeta]] = {}

    def lookup(self, path: str) -> tuple[list[FileMeta | None], list[IngestFailure]]:
        """Layers for ``path`` (meta.csv row, then sidecar) and failures met reading them."""
        failures: list[IngestFailure] = []
        folder = os.path.dirname(os.path.normpath(path))
        table = self._folders.get(folder)
        if table is None:
            table = {}
            csv_path = os.path.join(folder, META_CSV)
            if os.path.isfile(csv_path):
                try:
                    table = read_meta_csv(csv_path)
                except InputError as exc:
                    failures.append(IngestFailure(exc.path, exc.reason))
            self._folders[folder] = table
        row = table.get(os.path.normpath(path))
        sidecar: FileMeta | None = None
        sidecar_path = path + SIDECAR_SUFFIX
        if os.path.isfile(sidecar_path):
            try:
                sidecar = read_sidecar(sidecar_path)
            except InputError as exc:
                failures.append(IngestFailure(exc.path, exc.reason))
        return [row, sidecar], failures
