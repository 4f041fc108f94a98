"""Reading the store back: frozen row records and the queries that build them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rasid.models import (
    Article,
    DateMention,
    Entity,
    Figure,
    Mention,
    Quote,
    RemovedLine,
    Span,
    Subhead,
)
from rasid.store._search import date_bounds


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One line of an article listing."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    path: str


@dataclass(frozen=True, slots=True)
class QuoteRow:
    article_id: str
    source: str | None
    published: str | None
    quote: Quote


@dataclass(frozen=True, slots=True)
class FigureRow:
    article_id: str
    source: str | None
    published: str | None
    figure: Figure


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A corpus-wide entity: identity is (``key`` = variant_key of the name, ``label``).

    ``name`` is the canonical name first stored; ``variants`` the surface forms with their
    counts over the corpus, most frequent first; ``articles``/``mentions`` are counts.
    """

    key: str
    label: str
    name: str
    latin: str | None
    variants: tuple[tuple[str, int], ...]
    articles: int
    mentions: int


@dataclass(frozen=True, slots=True)
class StoryMember:
    article_id: str
    is_duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the story stage stored it; ``dossier`` is its JSON document (or None)."""

    id: str
    headline: str | None
    dossier: Mapping[str, Any] | None
    updated_at: str
    members: tuple[StoryMember, ...]


def _spans(raw: str) -> tuple[Span, ...]:
    return tuple(Span(s, e) for s, e in json.loads(raw))


def get_article(conn: sqlite3.Connection, article_id: str) -> Article | None:
    row = conn.execute(
        "SELECT pk, id, path, source, url, published, title, author, dateline, body,"
        " paragraphs, subheads, removed, sentences FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    pk = row[0]
    mentions = tuple(Mention(t, s, e, label, score) for s, e, t, label, score in conn.execute(
        'SELECT start, "end", text, label, score FROM mentions WHERE article_pk = ?'
        " ORDER BY rowid", (pk,)))
    dates = tuple(
        DateMention(t, s, e, v, g, k, lo, hi, bool(anch))
        for s, e, t, v, g, k, lo, hi, anch in conn.execute(
            'SELECT start, "end", text, value, granularity, kind, earliest, latest, anchored'
            " FROM dates WHERE article_pk = ? ORDER BY rowid", (pk,)))
    figures = tuple(
        Figure(t, s, e, v, h, u, c, q, p, k)
        for s, e, t, v, h, u, c, q, p, k in conn.execute(
            'SELECT start, "end", text, value, hedge, unit, counted, qualifier, place, key'
            " FROM figures WHERE article_pk = ? ORDER BY rowid", (pk,)))
    quotes = tuple(_quote(r) for r in conn.execute(
        f"SELECT {_QUOTE_COLUMNS} FROM quotes WHERE article_pk = ? ORDER BY rowid", (pk,)))
    entities = tuple(
        Entity(local_id, name, label, tuple((str(t), int(c)) for t, c in json.loads(variants)),
               role, latin, _spans(spans))
        for local_id, name, label, variants, role, latin, spans in conn.execute(
            "SELECT m.local_id, m.name, e.label, m.variants, m.role, m.latin, m.spans"
            " FROM entity_mentions m JOIN entities e ON e.pk = m.entity_pk"
            " WHERE m.article_pk = ? ORDER BY m.rowid", (pk,)))
    return Article(
        id=row[1], path=row[2], source=row[3], url=row[4], published=row[5], title=row[6],
        author=row[7], dateline=row[8], body=row[9],
        paragraphs=_spans(row[10]),
        subheads=tuple(Subhead(t, o) for t, o in json.loads(row[11])),
        removed=tuple(RemovedLine(t, r, n) for t, r, n in json.loads(row[12])),
        sentences=_spans(row[13]),
        mentions=mentions, dates=dates, figures=figures, quotes=quotes, entities=entities,
    )


_QUOTE_COLUMNS = ('start, "end", text, speaker, speaker_type, speaker_role, direct, cue,'
                  " cue_start, cue_end, speaker_start, speaker_end")
_QUOTE_COLUMNS_Q = ", ".join(f"q.{c.strip()}" for c in _QUOTE_COLUMNS.split(","))


def _quote(r: tuple[Any, ...]) -> Quote:
    s, e, t, spk, typ, role, direct, cue, cs, ce, ss, se = r
    return Quote(t, s, e, spk, typ, role, bool(direct), cue, cs, ce, ss, se)


def articles(
    conn: sqlite3.Connection, *, limit: int, offset: int, source: str | None,
    since: str | None, until: str | None,
) -> list[ArticleSummary]:
    where, params = date_bounds(since, until)
    args: list[Any] = list(params)
    if source is not None:
        where.append("a.source = ?")
        args.append(source)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT a.id, a.title, a.source, a.published, a.url, a.path FROM articles a {clause}"
        " ORDER BY a.published DESC, a.pk DESC LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return [ArticleSummary(*r) for r in rows]


def quotes_by_speaker(
    conn: sqlite3.Connection, speaker_key: str, *, limit: int, offset: int
) -> list[QuoteRow]:
    rows = conn.execute(
        f"SELECT a.id, a.source, a.published, {_QUOTE_COLUMNS_Q} FROM quotes q"
        " JOIN articles a ON a.pk = q.article_pk WHERE q.speaker_key = ?"
        " ORDER BY a.published, a.pk, q.rowid LIMIT ? OFFSET ?",
        (speaker_key, limit, offset),
    )
    return [QuoteRow(r[0], r[1], r[2], _quote(r[3:])) for r in rows]


def figures_by_key(conn: sqlite3.Connection, key: str) -> list[FigureRow]:
    rows = conn.execute(
        'SELECT a.id, a.source, a.published, f.text, f.start, f."end", f.value, f.hedge,'
        " f.unit, f.counted, f.qualifier, f.place, f.key FROM figures f"
        " JOIN articles a ON a.pk = f.article_pk WHERE f.key = ?"
        " ORDER BY a.published, a.pk, f.rowid", (key,),
    )
    return [FigureRow(r[0], r[1], r[2], Figure(*r[3:])) for r in rows]


_ENTITY_COLUMNS = "key, label, name, latin, variants, articles, mentions"


def _entity(r: tuple[Any, ...]) -> EntityRow:
    variants = tuple((str(t), int(c)) for t, c in json.loads(r[4]))
    return EntityRow(r[0], r[1], r[2], r[3], variants, r[5], r[6])


def entity(conn: sqlite3.Connection, key: str, label: str | None) -> EntityRow | None:
    """The entity with this key, else the most mentioned one written this way once."""
    by_label = "" if label is None else " AND label = ?"
    args = [key] if label is None else [key, label]
    row = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE key = ?{by_label}"
        " ORDER BY mentions DESC, pk LIMIT 1", args).fetchone()
    if row is None:
        row = conn.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE pk IN"
            f" (SELECT entity_pk FROM entity_aliases WHERE key = ?){by_label}"
            " ORDER BY mentions DESC, pk LIMIT 1", args).fetchone()
    return None if row is None else _entity(row)


def entities(
    conn: sqlite3.Connection, *, label: str | None, limit: int, offset: int
) -> list[EntityRow]:
    clause, args = ("WHERE label = ?", [label]) if label is not None else ("", [])
    rows = conn.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities {clause}"
        " ORDER BY articles DESC, mentions DESC, pk LIMIT ? OFFSET ?", [*args, limit, offset])
    return [_entity(r) for r in rows]


def get_story(conn: sqlite3.Connection, story_id: str) -> StoryRow | None:
    row = conn.execute("SELECT id, headline, dossier, updated_at FROM stories WHERE id = ?",
                       (story_id,)).fetchone()
    if row is None:
        return None
    members = tuple(StoryMember(a, d) for a, d in conn.execute(
        "SELECT article_id, is_duplicate_of FROM story_articles WHERE story_id = ?"
        " ORDER BY rowid", (story_id,)))
    dossier = None if row[2] is None else json.loads(row[2])
    return StoryRow(row[0], row[1], dossier, row[3], members)


def stories(conn: sqlite3.Connection, *, limit: int, offset: int) -> list[StoryRow]:
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM stories ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
        (limit, offset))]
    found = (get_story(conn, i) for i in ids)
    return [s for s in found if s is not None]
