"""One JSON object (a JSONL line, an item of a JSON array, a .json file) to a RawDocument."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasid.errors import InputError
from rasid.ingest._dates import normalise_published
from rasid.ingest._options import IngestOptions
from rasid.models import RawDocument

_ROLES = ("id", "title", "text", "html", "url", "source", "published", "author", "language")


def normalise_newlines(text: str) -> str:
    """Unix line ends: the cleaner reasons in lines, and a stray CR would glue them."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _as_text(value: object) -> str | None:
    """A field's value as text; lists of strings (paragraphs) are joined by newlines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return None


def _as_id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        stripped = value.strip()
        return stripped or None
    return None


class RecordMapper:
    """Maps records to RawDocuments, remembering which fields each shape of record has.

    Records of one file almost always share their keys, so the field lookup is worked out
    once per key layout instead of once per record.
    """

    def __init__(self, options: IngestOptions) -> None:
        self._options = options
        self._candidates = {role: options.candidates(role) for role in _ROLES}
        self._layouts: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}

    def _layout(self, record: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
        keys = tuple(record)
        layout = self._layouts.get(keys)
        if layout is None:
            present = set(keys)
            layout = {
                role: tuple(name for name in names if name in present)
                for role, names in self._candidates.items()
            }
            if len(self._layouts) < 256:  # bounded: hostile input could vary keys per line
                self._layouts[keys] = layout
        return layout

    def _first(self, record: Mapping[str, Any], names: tuple[str, ...]) -> object:
        for name in names:
            value = record[name]
            if value is not None and value != "" and value != []:
                return value
        return None

    def _string(self, record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
        value = _as_text(self._first(record, names))
        if value is None:
            return None
        value = value.strip()
        return value or None

    def to_document(self, record: object, path: str, fallback_id: str) -> RawDocument:
        """Build the document, or raise InputError naming ``path`` (``file.jsonl:17``)."""
        if not isinstance(record, dict):
            raise InputError(path, f"expected a JSON object, got {type(record).__name__}")
        layout = self._layout(record)
        text = _as_text(self._first(record, layout["text"]))
        html: str | None = None
        if text is not None and not text.strip():
            text = None
        if text is None:
            html = _as_text(self._first(record, layout["html"]))
            if html is not None and not html.strip():
                html = None
        if text is None and html is None:
            tried = self._candidates["text"] + self._candidates["html"]
            names = ", ".join(repr(name) for name in tried)
            raise InputError(path, f"record has no text (no non-empty field among {names})")
        body = text if text is not None else html
        assert body is not None
        limit = self._options.max_record_chars
        if len(body) > limit:
            raise InputError(path, f"record text has {len(body):,} characters, above the limit "
                                   f"of {limit:,} (max_record_chars)")
        return RawDocument(
            id=_as_id(self._first(record, layout["id"])) or fallback_id,
            path=path,
            text=normalise_newlines(text) if text is not None else None,
            html=html,
            title=self._string(record, layout["title"]),
            source=self._string(record, layout["source"]),
            url=self._string(record, layout["url"]),
            published=normalise_published(self._first(record, layout["published"])),
            author=self._string(record, layout["author"]),
            language=self._string(record, layout["language"]),
        )
