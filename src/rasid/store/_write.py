"""Writing articles (with every extraction), entities and stories, one transaction each.

Every function here runs inside a transaction its caller opened with ``BEGIN IMMEDIATE``; a
process killed half-way through an article leaves nothing of it behind (SQLite rolls the
uncommitted WAL frames back), so a resumed run simply writes the article again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from rasid.arabic import normalize
from rasid.entities import variant_key
from rasid.models import Article, Entity, Span
from rasid.store._search import index_text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(article: Article) -> str:
    """sha256 of the normalised body and the outlet: the same text from the same outlet is one
    article whatever its id, path or spacing."""
    data = normalize(article.body) + "\x1f" + (article.source or "")
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _spans(spans: Sequence[Span]) -> str:
    return _dumps([[s.start, s.end] for s in spans])


def _free_id(conn: sqlite3.Connection, wanted: str) -> str:
    # another text already holds this id (an edited article, two corpora with the same
    # numbering): keep both, the newcomer gets the reader's own ``~N`` suffix convention
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (wanted,)).fetchone() is None:
        return wanted
    n = 2
    while conn.execute("SELECT 1 FROM articles WHERE id = ?", (f"{wanted}~{n}",)).fetchone():
        n += 1
    return f"{wanted}~{n}"


def insert_article(
    conn: sqlite3.Connection,
    article: Article,
    stages: Mapping[str, str],
) -> str | None:
    """Insert one article with its extractions and entities; returns the id it is stored
    under, or None when an article with the same content hash is already stored."""
    digest = content_hash(article)
    if conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (digest,)).fetchone():
        return None
    article_id = _free_id(conn, article.id)
    cur = conn.execute(
        "INSERT INTO articles (id, content_hash, path, source, url, published, title, author,"
        " dateline, body, paragraphs, subheads, removed, sentences, stages, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            article_id, digest, article.path, article.source, article.url, article.published,
            article.title, article.author, article.dateline, article.body,
            _spans(article.paragraphs),
            _dumps([[s.text, s.offset] for s in article.subheads]),
            _dumps([[r.text, r.reason, r.line] for r in article.removed]),
            _spans(article.sentences),
            _dumps(dict(stages)),
            now(),
        ),
    )
    pk = cur.lastrowid
    conn.executemany(
        'INSERT INTO mentions (article_pk, start, "end", text, label, score)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(pk, m.start, m.end, m.text, m.label, m.score) for m in article.mentions],
    )
    conn.executemany(
        'INSERT INTO dates (article_pk, start, "end", text, value, granularity, kind, earliest,'
        " latest, anchored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(pk, d.start, d.end, d.text, d.value, d.granularity, d.kind, d.earliest, d.latest,
          int(d.anchored)) for d in article.dates],
    )
    conn.executemany(
        'INSERT INTO figures (article_pk, start, "end", text, value, hedge, unit, counted,'
        " qualifier, place, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(pk, f.start, f.end, f.text, f.value, f.hedge, f.unit, f.counted, f.qualifier,
          f.place, f.key) for f in article.figures],
    )
    conn.executemany(
        'INSERT INTO quotes (article_pk, start, "end", text, speaker, speaker_key, speaker_type,'
        " speaker_role, direct, cue, cue_start, cue_end, speaker_start, speaker_end)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(pk, q.start, q.end, q.text, q.speaker,
          variant_key(q.speaker) if q.speaker else None, q.speaker_type, q.speaker_role,
          int(q.direct), q.cue, q.cue_start, q.cue_end, q.speaker_start, q.speaker_end)
         for q in article.quotes],
    )
    for entity in article.entities:
        _add_entity(conn, pk, entity)
    conn.execute(
        "INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)",
        (pk, index_text(article.title), index_text(article.body)),
    )
    return article_id


def _add_entity(conn: sqlite3.Connection, article_pk: int | None, entity: Entity) -> None:
    """Fold one article's entity into the corpus-wide row of (variant_key(name), label)."""
    key = variant_key(entity.name)
    row = conn.execute(
        "SELECT pk, variants FROM entities WHERE key = ? AND label = ?", (key, entity.label)
    ).fetchone()
    counts: dict[str, int] = {}
    if row is not None:
        _add_variants(counts, json.loads(row[1]))
    _add_variants(counts, entity.variants)
    variants = _variants_json(counts)
    if row is None:
        cur = conn.execute(
            "INSERT INTO entities (key, label, name, latin, variants, articles, mentions)"
            " VALUES (?, ?, ?, ?, ?, 1, ?)",
            (key, entity.label, entity.name, entity.latin, variants, len(entity.mentions)),
        )
        entity_pk = cur.lastrowid
    else:
        entity_pk = row[0]
        conn.execute(
            "UPDATE entities SET variants = ?, articles = articles + 1,"
            " mentions = mentions + ?, latin = coalesce(latin, ?) WHERE pk = ?",
            (variants, len(entity.mentions), entity.latin, entity_pk),
        )
    conn.executemany(
        "INSERT OR IGNORE INTO entity_aliases (key, entity_pk) VALUES (?, ?)",
        [(k, entity_pk) for k in _alias_keys(key, (text for text, _ in entity.variants))],
    )
    conn.execute(
        "INSERT INTO entity_mentions (entity_pk, article_pk, local_id, name, role, latin,"
        " variants, spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (entity_pk, article_pk, entity.id, entity.name, entity.role, entity.latin,
         _dumps([list(v) for v in entity.variants]), _spans(entity.mentions)),
    )


def _add_variants(counts: dict[str, int], variants: Iterable[Sequence[Any]]) -> None:
    """Add ``[[text, count], ...]`` (an entity's variants, or a row's stored JSON) to ``counts``."""
    for text, count in variants:
        counts[str(text)] = counts.get(str(text), 0) + int(count)


def _variants_json(counts: Mapping[str, int]) -> str:
    """An entity row's ``variants``: most frequent first, then by text."""
    return _dumps(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _alias_keys(key: str, texts: Iterable[str]) -> set[str]:
    """The keys an entity is found by: its own and each spelling's ``variant_key``."""
    return {key, *(variant_key(t) for t in texts)}


def put_story(
    conn: sqlite3.Connection,
    story_id: str,
    headline: str | None,
    members: Mapping[str, str | None],
    dossier: Mapping[str, Any] | None,
) -> None:
    """Create or replace a story and its membership (article id -> id it duplicates)."""
    conn.execute(
        "INSERT INTO stories (id, headline, dossier, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET headline = excluded.headline,"
        " dossier = excluded.dossier, updated_at = excluded.updated_at",
        (story_id, headline, None if dossier is None else _dumps(dict(dossier)), now()),
    )
    conn.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
    conn.executemany(
        "INSERT INTO story_articles (story_id, article_id, is_duplicate_of) VALUES (?, ?, ?)",
        [(story_id, article_id, dup) for article_id, dup in members.items()],
    )


def rekey_names(conn: sqlite3.Connection) -> None:
    """Recompute every stored ``variant_key`` after the key function changed (a migration).

    ``quotes.speaker_key`` is recomputed in place. The corpus-wide ``entities`` rows are rebuilt
    from ``entity_mentions`` (each article's own record, kept as written) exactly as
    :func:`_add_entity` would have folded them in insertion order: rows whose names now have
    different keys are split, rows whose keys now agree are merged. An entity row keeps its
    ``pk`` when its first article's row had it; the aliases are rebuilt from the variants.
    """
    conn.executemany(
        "UPDATE quotes SET speaker_key = ? WHERE rowid = ?",
        [(key, rowid) for rowid, speaker, old in conn.execute(
            "SELECT rowid, speaker, speaker_key FROM quotes WHERE speaker IS NOT NULL")
         if (key := variant_key(speaker)) != old],
    )
    # per new (key, label): (rowid, old entity pk, name, latin, variants JSON, mention count)
    groups: dict[tuple[str, str], list[tuple[int, int, str, str | None, str, int]]] = {}
    for row in conn.execute(
        "SELECT m.rowid, m.entity_pk, e.label, m.name, m.latin, m.variants, m.spans"
        " FROM entity_mentions m JOIN entities e ON e.pk = m.entity_pk ORDER BY m.rowid"
    ):
        rowid, old_pk, label, name, latin, variants, spans = row
        groups.setdefault((variant_key(name), label), []).append(
            (rowid, old_pk, name, latin, variants, len(json.loads(spans))))
    # free every (key, label) so that rows can take their new keys in any order ("#" is never
    # in a key: name_key keeps word characters only)
    conn.execute("UPDATE entities SET key = '#' || pk")
    taken: set[int] = set()
    aliases: list[tuple[str, int]] = []
    for (key, label), rows in groups.items():
        counts: dict[str, int] = {}
        for *_, variants, _ in rows:
            _add_variants(counts, json.loads(variants))
        values = (
            key, label, rows[0][2], next((r[3] for r in rows if r[3] is not None), None),
            _variants_json(counts), len(rows), sum(r[5] for r in rows),
        )
        pk = rows[0][1]
        if pk in taken:
            cur = conn.execute(
                "INSERT INTO entities (key, label, name, latin, variants, articles, mentions)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", values)
            pk = int(cur.lastrowid or 0)
        else:
            conn.execute(
                "UPDATE entities SET key = ?, label = ?, name = ?, latin = ?, variants = ?,"
                " articles = ?, mentions = ? WHERE pk = ?", (*values, pk))
        taken.add(pk)
        conn.executemany("UPDATE entity_mentions SET entity_pk = ? WHERE rowid = ?",
                         [(pk, r[0]) for r in rows if r[1] != pk])
        aliases += [(k, pk) for k in _alias_keys(key, counts)]
    # rows no article refers to any more (their aliases go with them: ON DELETE CASCADE)
    conn.execute("DELETE FROM entities WHERE key GLOB '#*'")
    conn.execute("DELETE FROM entity_aliases")
    conn.executemany("INSERT OR IGNORE INTO entity_aliases (key, entity_pk) VALUES (?, ?)",
                     aliases)
