"""How records are read: which fields hold what, and the size limits."""

from __future__ import annotations

from dataclasses import dataclass, fields

from rasid.errors import ConfigError

# Field names tried in order when the option for a role is None. They cover the corpora in
# ../shared/data (ANT: docno/src/time_iso/text, SaudiNewsNet: id/source/date_extracted/content)
# and the usual names of scrapers and feed exports.
AUTO_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "docno", "_id"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article"),
    "html": ("html", "raw_html"),
    "url": ("url", "link"),
    "source": ("source", "src", "outlet", "site"),
    "published": (
        "published", "time_iso", "date", "date_published", "pubDate", "date_extracted", "time",
    ),
    "author": ("author", "byline"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options of :func:`rasid.ingest.iter_documents`.

    A ``*_field`` set to a name reads that field only; None tries the usual names
    (see ``AUTO_FIELDS``). ``max_file_bytes`` bounds a single-article file (.txt, .html, .json,
    plain-text or HTML on stdin), which is refused unread above it; JSONL is streamed and has no
    total limit, only ``max_record_chars`` on one record's text.
    """

    id_field: str | None = None
    title_field: str | None = None
    text_field: str | None = None
    html_field: str | None = None
    url_field: str | None = None
    source_field: str | None = None
    published_field: str | None = None
    author_field: str | None = None
    max_file_bytes: int = 50 * 1024 * 1024
    max_record_chars: int = 2_000_000

    def __post_init__(self) -> None:
        named: dict[str, str] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name.endswith("_field"):
                if value is None:
                    continue
                if not isinstance(value, str) or not value.strip():
                    raise ConfigError(f"{spec.name} must be a non-empty field name or None, "
                                      f"got {value!r}")
                if value in named:
                    raise ConfigError(f"{spec.name} and {named[value]} both name the field "
                                      f"{value!r}")
                named[value] = spec.name
            elif isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ConfigError(f"{spec.name} must be a positive integer, got {value!r}")

    def candidates(self, role: str) -> tuple[str, ...]:
        """The field names to try, in order, for ``role`` (``id``, ``text``, ...)."""
        configured: str | None = getattr(self, f"{role}_field", None)
        if configured is not None:
            return (configured,)
        return AUTO_FIELDS[role]
