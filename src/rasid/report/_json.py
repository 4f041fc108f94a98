"""analysis.json: the public output contract, written as a stream.

The document is written article by article so that a 100k-article run never holds all
articles in memory. Field order and names are documented in ``docs/analysis-schema.md``;
later versions only add fields (``schema_version`` minor bump) and never remove or rename one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import IO, Any

from rasid.models import Article, Entity, IngestFailure

SCHEMA_VERSION = "1.0"


def _spans(spans: tuple[Any, ...]) -> list[dict[str, int]]:
    return [{"start": s.start, "end": s.end} for s in spans]


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "role": entity.role,
        "latin": entity.latin,
        "variants": [{"text": text, "count": count} for text, count in entity.variants],
        "mentions": _spans(entity.mentions),
    }


def article_to_json(article: Article) -> dict[str, Any]:
    """The JSON form of one article (see docs/analysis-schema.md)."""
    return {
        "id": article.id,
        "path": article.path,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "title": article.title,
        "author": article.author,
        "dateline": article.dateline,
        "body": article.body,
        "paragraphs": _spans(article.paragraphs),
        "subheads": [{"text": s.text, "offset": s.offset} for s in article.subheads],
        "removed": [{"text": r.text, "reason": r.reason, "line": r.line} for r in article.removed],
        "sentences": _spans(article.sentences),
        "mentions": [asdict(m) for m in article.mentions],
        "dates": [asdict(d) for d in article.dates],
        "figures": [asdict(f) for f in article.figures],
        "quotes": [asdict(q) for q in article.quotes],
        "entities": [_entity(e) for e in article.entities],
    }


class JsonStreamWriter:
    """Writes ``{"schema_version", "generator", "articles": [...], "failures", "stories",
    "summary"}`` incrementally to an open text file."""

    def __init__(self, stream: IO[str], header: dict[str, Any]) -> None:
        self._stream = stream
        self._count = 0
        self._failures: list[IngestFailure] = []
        head = {"schema_version": SCHEMA_VERSION, **header}
        # open the top-level object and the articles array by hand; everything else is json.dumps
        stream.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "articles": [')

    def add(self, item: Article | IngestFailure) -> None:
        if isinstance(item, IngestFailure):
            self._failures.append(item)
            return
        sep = "\n  " if self._count == 0 else ",\n  "
        self._stream.write(sep + json.dumps(article_to_json(item), ensure_ascii=False))
        self._count += 1

    def close(self, stories: Iterable[dict[str, Any] | str],
              summary: Callable[[], dict[str, Any]] | dict[str, Any]) -> None:
        """Write the failures, then ``stories`` one at a time (an iterator keeps memory
        bounded; a str is a story already encoded as one line of JSON), then ``summary`` (a
        callable is called after the stories are written, so it can count them)."""
        failures = json.dumps([{"path": f.path, "reason": f.reason} for f in self._failures],
                              ensure_ascii=False, indent=1).replace("\n", "\n ")
        self._stream.write(f'\n ],\n "failures": {failures},\n "stories": [')
        for n, story in enumerate(stories):
            text = story if isinstance(story, str) else json.dumps(story, ensure_ascii=False)
            self._stream.write(("\n  " if n == 0 else ",\n  ") + text)
        final = summary() if callable(summary) else summary
        tail = json.dumps(final, ensure_ascii=False, indent=1).replace("\n", "\n ")
        self._stream.write(f'\n ],\n "summary": {tail}\n}}\n')
