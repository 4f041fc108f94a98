"""Arabic full-text search: index terms, our own query parser, ranking and snippets.

The FTS5 index never sees raw text: title and body are tokenised with ``rasid.arabic.tokenize``
and each word becomes ``stem(normalize(token))`` (plus the spelling table in
``data/search.json``), so diacritics, hamza forms, clitics and light suffixes never matter.
User queries go through the same analysis and a small parser that only ever emits quoted FTS5
strings joined by AND/OR/NOT, so no user syntax reaches FTS5. Highlights are computed on the
ORIGINAL body by re-tokenising it, and returned as offsets (the web layer escapes).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import product
from typing import Any

from rasid.arabic import normalize, stem
from rasid.arabic._segment import _token_re
from rasid.errors import ModelError, QueryError
from rasid.models import Span

MAX_QUERY_CHARS = 500
MAX_QUERY_ITEMS = 32
SNIPPET_CHARS = 240
TITLE_WEIGHT = 3.0


@dataclass(frozen=True, slots=True)
class _Rules:
    spelling: dict[str, str]
    g_letters: str
    g_min: int
    g_max: int


@cache
def _rules() -> _Rules:
    try:
        ref = resources.files("rasid.store").joinpath("data").joinpath("search.json")
        raw = ref.read_text("utf-8")
        data: dict[str, Any] = json.loads(raw)
        spelling = {normalize(k): normalize(v) for k, v in data["spelling"].items()}
        g = data["loanword_g"]
        letters = "".join(dict.fromkeys(normalize(c) for c in g["letters"] if normalize(c)))
        return _Rules(spelling, letters, int(g["min_stem"]), int(g["max_letters"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"rasid/store/data/search.json is missing or corrupt: {exc}") from exc


@lru_cache(maxsize=1 << 17)
def term_of(norm: str) -> str | None:
    """Index term of one token in ``normalize`` form; None for punctuation."""
    if not norm or not norm[0].isalnum():
        return None
    base = stem(norm)
    return _rules().spelling.get(base, base)


@lru_cache(maxsize=1 << 18)
def _raw_term(token_text: str) -> str | None:
    return term_of(normalize(token_text))


def analyze(text: str) -> list[str]:
    """The index terms of ``text`` in order: one per word or number token of ``tokenize``.

    Indexing is the store's main write cost, so this runs tokenize's own pattern without
    building ``Token`` records and caches per surface form (tests pin it to ``tokenize``).
    """
    words = map(re.Match.group, _token_re().finditer(text))
    return [t for t in map(_raw_term, words) if t is not None]


def index_text(text: str | None) -> str:
    """What FTS5 stores for one column: the terms separated by spaces."""
    return " ".join(analyze(text)) if text else ""


# ------------------------------------------------------------------------------ query parser


@dataclass(frozen=True, slots=True)
class _Item:
    terms: tuple[str, ...]  # one term, or a phrase
    negated: bool


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as FTS5 will run it: ``expression`` is built only from quoted terms.

    ``groups`` are the positive items (AND of ORs); ``terms`` every positive term (with its
    loanword spellings) for highlighting.
    """

    expression: str
    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]
    terms: frozenset[str]
    phrases: frozenset[tuple[str, ...]] = frozenset()


class _Or:
    """The OR operator in a lexed query."""


_OR = _Or()


def _ascii_quotes(query: str) -> str:
    # «…», “…” and the other quote styles delimit a phrase like "…" (normalize folds them all)
    return "".join('"' if c != '"' and normalize(c) == '"' else c for c in query)


def _lex(query: str) -> list[_Item | _Or]:
    """Words, ``"phrases"``, ``-`` exclusions and ``OR``; items without terms are dropped."""
    query = _ascii_quotes(query)
    out: list[_Item | _Or] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = query[i] == "-" and i + 1 < n and not query[i + 1].isspace()
        j = i + 1 if negated else i
        if query[j] == '"':
            close = query.find('"', j + 1)
            if close < 0:
                raise QueryError('unbalanced quotes: close the phrase with "')
            text, i = query[j + 1 : close], close + 1
        else:
            k = j
            while k < n and not query[k].isspace():
                k += 1
            text, i = query[j:k], k
            if '"' in text:
                raise QueryError('unbalanced quotes: a " inside a word')
            if text == "OR" and not negated:
                out.append(_OR)
                continue
        terms = tuple(analyze(text))
        if terms:
            out.append(_Item(terms, negated))
    return out


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def parse_query(query: str, vocabulary: Vocabulary | None = None) -> ParsedQuery:
    """Turn a user query into a safe FTS5 expression.

    Syntax: words are AND-ed; ``"exact phrase"``; ``a OR b`` (binds tighter than AND);
    ``-word`` or ``-"phrase"`` excludes. Raises ``QueryError`` for an empty query, unbalanced
    quotes, a dangling OR, an OR next to an exclusion, or a query with nothing to look for.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
    lexed = _lex(query)
    if not lexed:
        raise QueryError("empty query: give at least one word")
    if len(lexed) > MAX_QUERY_ITEMS:
        raise QueryError(f"query has more than {MAX_QUERY_ITEMS} words and operators")
    groups: list[list[_Item]] = []
    excluded: list[_Item] = []
    pending_or = False
    for i, item in enumerate(lexed):
        if isinstance(item, _Or):
            prev = lexed[i - 1] if i else None
            if not isinstance(prev, _Item) or prev.negated or pending_or:
                raise QueryError("OR needs a word on each side (and cannot join an exclusion)")
            pending_or = True
            continue
        if item.negated:
            if pending_or:
                raise QueryError("OR needs a word on each side (and cannot join an exclusion)")
            excluded.append(item)
        elif pending_or:
            groups[-1].append(item)
            pending_or = False
        else:
            groups.append([item])
    if pending_or:
        raise QueryError("OR needs a word on each side")
    if not groups:
        raise QueryError("the query only excludes: give at least one word to look for")

    terms: set[str] = set()
    phrases: set[tuple[str, ...]] = set()

    def render(item: _Item, positive: bool) -> str:
        # phrases are not expanded: an FTS5 phrase cannot hold alternatives
        spellings = list(item.terms[:1])
        if len(item.terms) == 1 and vocabulary is not None:
            spellings = vocabulary.spellings(item.terms[0])
        if positive and len(item.terms) == 1:
            terms.update(spellings)
        elif positive:
            phrases.add(item.terms)
        if len(item.terms) > 1:
            return _quote(" ".join(item.terms))
        if len(spellings) == 1:
            return _quote(spellings[0])
        return "(" + " OR ".join(map(_quote, spellings)) + ")"

    expression = " AND ".join(
        "(" + " OR ".join(render(it, True) for it in group) + ")" for group in groups
    )
    for item in excluded:
        expression = f"({expression}) NOT {render(item, False)}"
    return ParsedQuery(
        expression,
        tuple(tuple(it.terms for it in group) for group in groups),
        tuple(it.terms for it in excluded),
        frozenset(terms),
        frozenset(phrases),
    )


class Vocabulary:
    """Index vocabulary lookups, for the query-side loanword g expansion."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def spellings(self, term: str) -> list[str]:
        """``term`` and its spellings with g-letters swapped that occur in the index."""
        rules = _rules()
        slots = [i for i, c in enumerate(term) if c in rules.g_letters]
        if not slots or len(term) < rules.g_min or len(slots) > rules.g_max:
            return [term]
        chars = list(term)
        variants: list[str] = []
        for combo in product(rules.g_letters, repeat=len(slots)):
            for slot, letter in zip(slots, combo, strict=True):
                chars[slot] = letter
            variants.append("".join(chars))
        # one equality lookup each: fts5vocab answers ``term = ?`` from the index directly
        return [term, *(v for v in variants if v != term and self._conn.execute(
            "SELECT 1 FROM search_vocab WHERE term = ?", (v,)).fetchone() is not None)]


# ------------------------------------------------------------------------------ highlighting


@dataclass(frozen=True, slots=True)
class Snippet:
    """A window ``[start, end)`` of the ORIGINAL body, ``text == body[start:end]``;
    ``matches`` are absolute body offsets of the words that matched the query."""

    start: int
    end: int
    text: str
    matches: tuple[Span, ...]


def match_spans(
    text: str,
    terms: Iterable[str],
    phrases: Iterable[tuple[str, ...]] = (),
    *,
    reach: int | None = None,
) -> tuple[Span, ...]:
    """Offsets of the tokens of ``text`` whose index term is one of ``terms``, and of every
    run of consecutive words that spells one of ``phrases`` (punctuation between words is
    skipped, as in the index). With ``reach``, scanning stops ``reach`` characters after the
    first match (a snippet needs no more, and snippets are the hot path of a search)."""
    wanted = frozenset(terms)
    runs = tuple(p for p in phrases if p)
    if not (wanted or runs) or not text:
        return ()
    longest = max((len(r) for r in runs), default=0)
    recent: list[tuple[str, int, int]] = []  # the last words, for phrase ends
    hits: dict[int, int] = {}
    stop: int | None = None
    # tokenize's own pattern without Token records, terms cached per surface form
    for m in _token_re().finditer(text):
        start = m.start()
        if stop is not None and start > stop:
            break
        term = _raw_term(m.group())
        if term is None:
            continue
        end = m.end()
        if term in wanted:
            hits[start] = end
        if runs:
            recent.append((term, start, end))
            del recent[:-longest]
            for run in runs:
                n = len(run)
                if term == run[-1] and len(recent) >= n and \
                        tuple(w[0] for w in recent[-n:]) == run:
                    hits.update((s, e) for _, s, e in recent[-n:])
        if hits and stop is None and reach is not None:
            stop = min(hits) + reach
    return tuple(Span(s, hits[s]) for s in sorted(hits))


def make_snippet(
    body: str, terms: Iterable[str], phrases: Iterable[tuple[str, ...]] = (),
    width: int = SNIPPET_CHARS,
) -> Snippet:
    """A ``width``-character window of ``body`` on word bounds, starting shortly before the
    first match (the lead when nothing in the body matched, e.g. a title-only hit)."""
    spans = match_spans(body, terms, phrases, reach=width)
    if not spans:
        end = _word_end(body, min(len(body), width))
        return Snippet(0, end, body[:end], ())
    first = spans[0]
    # a little context before the first match, starting on a word boundary
    start = _word_start(body, max(0, first.start - width // 5))
    end = max(_word_end(body, min(len(body), start + width)), first.end)
    inside = tuple(s for s in spans if s.start >= start and s.end <= end)
    return Snippet(start, end, body[start:end], inside)


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos))
    return space + 1 if space >= 0 else 0


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    candidates = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0]
    return min(candidates) if candidates else len(text)


# ------------------------------------------------------------------------------ running


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One ranked result; ``title_matches`` are offsets into ``title``, the snippet's into
    the article body. ``score`` is bm25 (lower is better, as SQLite reports it)."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    score: float
    title_matches: tuple[Span, ...]
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    total: int
    offset: int
    limit: int
    hits: tuple[SearchHit, ...]


_ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?")


def date_bounds(since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions on ``a.published`` for an inclusive ISO range; ``until`` may be a year,
    a month or a day, and every datetime inside it is included."""
    where: list[str] = []
    params: list[str] = []
    for name, value in (("since", since), ("until", until)):
        if value is not None and _ISO_PREFIX.fullmatch(value) is None:
            raise QueryError(f"{name} must be an ISO date (2024, 2024-01 or 2024-01-25), "
                             f"got {value!r}")
    if since is not None:
        where.append("a.published >= ?")
        params.append(since)
    if until is not None:
        # ISO strings sort like time: whatever starts with ``until`` sorts below this bound
        where.append("a.published < ?")
        params.append(until + "\uffff")
    return where, params


@dataclass(frozen=True, slots=True)
class Filters:
    source: str | None = None
    since: str | None = None
    until: str | None = None
    story: str | None = None
    entity_key: str | None = None
    speaker_key: str | None = None


def run_search(
    conn: sqlite3.Connection, query: str, filters: Filters, *, limit: int, offset: int
) -> SearchPage:
    if limit < 1 or offset < 0:
        raise QueryError("limit must be at least 1 and offset not negative")
    parsed = parse_query(query, Vocabulary(conn))
    where, args = date_bounds(filters.since, filters.until)
    params: list[Any] = [parsed.expression, *args]
    if filters.source is not None:
        where.append("a.source = ?")
        params.append(filters.source)
    if filters.story is not None:
        where.append("a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
        params.append(filters.story)
    if filters.entity_key is not None:
        where.append("a.pk IN (SELECT m.article_pk FROM entity_mentions m"
                     " JOIN entity_aliases k ON k.entity_pk = m.entity_pk WHERE k.key = ?)")
        params.append(filters.entity_key)
    if filters.speaker_key is not None:
        where.append("a.pk IN (SELECT article_pk FROM quotes WHERE speaker_key = ?)")
        params.append(filters.speaker_key)
    # filters narrow the FTS rowids; articles are joined only for the page's hits, so a
    # frequent word never drags thousands of bodies through the sort
    restrict = ""
    if where:
        restrict = (" AND search_fts.rowid IN (SELECT a.pk FROM articles a WHERE "
                    + " AND ".join(where) + ")")
    matching = f"FROM search_fts WHERE search_fts MATCH ?{restrict}"
    try:
        total = conn.execute(f"SELECT count(*) {matching}", params).fetchone()[0]
        rows = conn.execute(
            "WITH ranked AS (SELECT search_fts.rowid AS pk,"
            f" bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score {matching}"
            " ORDER BY score, pk LIMIT ? OFFSET ?)"
            " SELECT a.id, a.title, a.source, a.published, a.url, a.body, ranked.score"
            " FROM ranked JOIN articles a ON a.pk = ranked.pk ORDER BY ranked.score, a.pk",
            [*params, limit, offset],
        ).fetchall()
    except sqlite3.OperationalError as exc:
        # the expression is ours, so this is a bug, but the user gets a typed error, not a trace
        raise QueryError(f"the search index could not run this query: {exc}") from exc
    hits = tuple(
        SearchHit(aid, title, source, published, url, float(score),
                  match_spans(title or "", parsed.terms, parsed.phrases),
                  make_snippet(body, parsed.terms, parsed.phrases))
        for aid, title, source, published, url, body, score in rows
    )
    return SearchPage(query, int(total), offset, limit, hits)
