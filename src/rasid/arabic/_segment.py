"""Tokens and sentences with character offsets into the original (display) text.

Both passes are compiled-regex scans built once from the JSON rule files; the only Python work
per token is building the ``Token`` record, per sentence candidate a few string checks.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from typing import Any

from rasid.arabic._normalize import (
    codepoint_set,
    invisible_codepoints,
    load_data,
    mark_codepoints,
    normalize,
)
from rasid.models import Span, Token

# Python's str.isspace() set (what re's \s and str.split() use), spelled out so edge stripping
# can use str.strip(chars) without scanning Unicode at import time.
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# line breaks that always end a sentence (str.splitlines' set)
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _char_class(codepoints: frozenset[int]) -> str:
    """A regex character-class body for a set of code points, as compact ranges."""
    parts: list[str] = []
    run: list[int] = []
    for cp in sorted(codepoints):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            parts.append(_range(run[0], run[-1]))
        run = [cp]
    if run:
        parts.append(_range(run[0], run[-1]))
    return "".join(parts)


def _range(lo: int, hi: int) -> str:
    return re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"


@cache
def _invisible_chars() -> str:
    return "".join(chr(cp) for cp in sorted(invisible_codepoints()))


@cache
def _word_class() -> str:
    """Regex for a run of word characters: letters (``[^\\W\\d_]``) and combining marks.

    The common letters (Arabic, Latin) come first as one explicit class, which the regex
    engine scans much faster than the negated Unicode class; the explicit class is filtered
    to letters and marks, so the union is exactly letters + marks. Repeat it with ``++``.
    """
    marks = mark_codepoints() | set(range(0x300, 0x370))
    common = {
        cp
        for lo, hi in ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x621, 0x6D3), (0x6FA, 0x6FF))
        for cp in range(lo, hi + 1)
        if chr(cp).isalpha() or cp in marks
    }
    return rf"(?:[{_char_class(frozenset(common | marks))}]++|[^\W\d_]++)"


@cache
def _token_re() -> re.Pattern[str]:
    punct = load_data("punctuation.json")
    invisible = _char_class(invisible_codepoints())
    # quote marks and brackets are always single tokens (quote extraction pairs them one by one);
    # other punctuation runs (..., !!, --, ؟؟) are one token
    singles = _char_class(codepoint_set(punct["quotes"]["chars"]) | codepoint_set("()[]{}<>"))
    word_char = _word_class()
    # possessive quantifiers: no backtracking, so runs of 100k marks or separators stay linear
    pattern = (
        r"\d++(?:[.,\u066b\u066c]\d++)*+"
        rf"|{word_char}++(?:[{invisible}]++{word_char}++)*+"
        rf"|[{singles}]"
        rf"|([^\s{invisible}])\1*+"
    )
    return re.compile(pattern)


@lru_cache(maxsize=1 << 16)
def _norm(token_text: str) -> str:
    # tokens repeat heavily (Zipf): a cache halves tokenize's cost on news text
    return normalize(token_text)


_TOKEN_FIELDS = ("text", "start", "end", "norm")


@cache
def _token_setters() -> tuple[Callable[[Token, Any], None], ...] | None:
    """Slot setters for building ``Token`` records without a Python-level ``__init__`` call.

    Tokenize makes ~300 records per article and the frozen dataclass ``__init__`` is half its
    time; filling the slots through their C descriptors in ``map`` is twice as fast and gives
    equal records. Used only while ``Token`` is exactly a slotted dataclass of these four
    fields without ``__post_init__``; otherwise the ordinary constructor is used.
    """
    names = tuple(f.name for f in dataclasses.fields(Token))
    if names != _TOKEN_FIELDS or hasattr(Token, "__post_init__"):
        return None
    if getattr(Token, "__slots__", ()) != _TOKEN_FIELDS:
        return None
    return tuple(getattr(Token, name).__set__ for name in _TOKEN_FIELDS)


def tokenize(text: str) -> tuple[Token, ...]:
    """Split ``text`` into word, number and punctuation tokens with offsets.

    Words are runs of letters with their diacritics and tatweel (bidi/zero-width marks between
    letters stay inside the word); numbers keep internal separators (``5,200``, ``١٢٫٥``); quote
    marks and brackets are single tokens, other punctuation runs (``...``) one token each.
    Whitespace and bidi/zero-width characters outside words are not tokens. Clitics stay
    attached. ``text[t.start:t.end] == t.text`` and ``t.norm == normalize(t.text)``.
    """
    matches = list(_token_re().finditer(text))
    texts = list(map(re.Match.group, matches))
    starts = map(re.Match.start, matches)
    ends = map(re.Match.end, matches)
    norms = map(_norm, texts)
    setters = _token_setters()
    if setters is None:
        return tuple(map(Token, texts, starts, ends, norms))
    new = object.__new__
    tokens = [new(Token) for _ in matches]
    set_text, set_start, set_end, set_norm = setters
    # deque(maxlen=0) drains the C-level map without building a list
    _drain(map(set_text, tokens, texts))
    _drain(map(set_start, tokens, starts))
    _drain(map(set_end, tokens, ends))
    _drain(map(set_norm, tokens, norms))
    return tuple(tokens)


def _drain(iterator: Iterator[None]) -> None:
    deque(iterator, maxlen=0)


# ---------------------------------------------------------------- sentences


@cache
def _sentence_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
    punct = load_data("punctuation.json")
    terminators = _char_class(codepoint_set(punct["sentence_terminators"]["chars"]))
    closers = _char_class(codepoint_set(punct["sentence_closers"]["chars"]))
    invisible = _char_class(invisible_codepoints())
    marks = _char_class(mark_codepoints() | {0x640})
    # a boundary candidate: a run of terminators with the closing quotes/brackets after it,
    # followed by space, the end of the line, or (a missing space) directly by a letter
    term = re.compile(rf"[{terminators}]++[{closers}]*+(?=[\s{invisible}]|$|(?P<glued>[^\W\d_]))")
    # the word right before a terminator, to recognise abbreviations (د. U.S. بي.بي.سي.)
    prev_word = re.compile(rf"(?:[^\W\d_]|[{marks}])++(?:\.(?:[^\W\d_]|[{marks}])++)*+$")
    quote_chars = "".join(
        _char_class(codepoint_set(fam)) for fam in punct["quote_families"]["families"]
    )
    quote = re.compile(f"[{quote_chars}]") if quote_chars else None
    return term, prev_word, quote


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = load_data("abbreviations.json")
    folded = frozenset(normalize(w) for key in ("arabic", "latin") for w in data[key]["words"])
    exact = frozenset(data["latin_case_sensitive"]["words"])
    era = frozenset(normalize(w) for w in data["era_markers"]["words"])
    return folded, exact, era


@cache
def _quote_families() -> tuple[dict[str, int], int]:
    data = load_data("punctuation.json")["quote_families"]
    family: dict[str, int] = {}
    for i, members in enumerate(data["families"]):
        for cp in codepoint_set(members):
            family[chr(cp)] = i
    return family, int(data["max_quote_chars"])


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Closed quotations inside one line as sorted, disjoint ``(open, after_close)`` ranges.

    Members of a family toggle open/closed; nested or crossing quotations of different
    families are merged into one range.
    """
    _, _, quote = _sentence_rules()
    if quote is None:
        return []
    family, limit = _quote_families()
    open_at: dict[int, int] = {}
    regions: list[tuple[int, int]] = []
    for m in quote.finditer(text, start, end):
        fam = family[m.group()]
        if fam in open_at:
            opened = open_at.pop(fam)
            # a very long "quotation" is more likely a mismatched pair than one statement
            if m.end() - opened <= limit:
                regions.append((opened, m.end()))
        else:
            open_at[fam] = m.start()
    regions.sort()
    merged: list[tuple[int, int]] = []
    for q_open, q_close in regions:
        if merged and q_open < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], q_close))
        else:
            merged.append((q_open, q_close))
    return merged


def _inside_quote(regions: list[tuple[int, int]], opens: list[int], s: int, e: int) -> bool:
    """Is the candidate ``[s, e)`` strictly inside a quotation (which continues after it)?"""
    i = bisect_left(opens, s) - 1
    return i >= 0 and e < regions[i][1]


def _is_abbreviation(text: str, line_start: int, term_start: int) -> bool:
    _, prev_word, _ = _sentence_rules()
    window = text[max(line_start, term_start - 40) : term_start]
    # only the last whitespace-delimited chunk can hold the word: searching it alone keeps the
    # regex from retrying at every position of the window
    chunks = window.rsplit(None, 1)
    tail = chunks[-1] if chunks else ""  # a window of only spaces has no chunk
    m = prev_word.search(tail)
    if m is None:
        return False
    word = m.group()
    folded, exact, era = _abbreviations()
    if word in exact:
        return True
    norm = normalize(word)
    last = norm.rsplit(".", 1)[-1]
    if len(last) == 1 or norm in folded or last in folded:
        # a year marker after a number (2024 م. / 2024م.) may end the sentence
        before = (window[: len(window) - len(tail)] + tail[: m.start()]).rstrip()
        return not (norm in era and before[-1:].isdigit())
    return False


def _line_boundaries(text: str, start: int, end: int) -> list[int]:
    """End offsets of the sentences in one line (the last one is ``end``)."""
    term, _, _ = _sentence_rules()
    cuts: list[int] = []
    regions: list[tuple[int, int]] | None = None
    opens: list[int] = []
    for m in term.finditer(text, start, end):
        s, e = m.span()
        if e >= end:
            break
        run = text[s:e]
        if run == "." and (
            _is_abbreviation(text, start, s)
            or _is_list_number(text, cuts[-1] if cuts else start, s)
        ):
            continue
        if m.group("glued") is not None and not _glued_boundary(text, s, run):
            continue
        if regions is None:
            regions = _quote_regions(text, start, end)
            opens = [q_open for q_open, _ in regions]
        if _inside_quote(regions, opens, s, e):
            continue
        cuts.append(e)
    cuts.append(end)
    return cuts


_LIST_NUMBER_RE = re.compile(r"\W{0,8}\d{1,3}")


def _is_list_number(text: str, piece_start: int, term_start: int) -> bool:
    """``2. ...`` at the start of a piece numbers a list item; it does not end a sentence."""
    # a short piece only: keeps the check constant-time on long runs of punctuation
    return term_start - piece_start <= 12 and (
        _LIST_NUMBER_RE.fullmatch(text, piece_start, term_start) is not None
    )


def _glued_boundary(text: str, s: int, run: str) -> bool:
    """A terminator directly followed by a letter: a missing space (ذلك.وقال), not a.m. or 3.5."""
    if run[0] != ".":
        return True
    # Latin letters around a bare period are domains, initials and file names
    before = text[s - 1] if s else ""
    return before > "\u00ff" and text[s + len(run)] > "\u00ff"


def split_sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans of ``text``: in order, non-overlapping, stripped, never empty.

    Boundaries: after ``. ! ? ؟ …`` (with any closing quotes/brackets), and at every line break.
    Not after abbreviations (any single letter, the lists in ``data/abbreviations.json``), not
    inside numbers (``3.5``), not inside a closed quotation of at most ``max_quote_chars`` on the
    same line, never at commas. A piece made only of punctuation joins the sentence before it.
    Whitespace and bidi/zero-width characters at the edges are not part of a sentence.
    """
    strip_chars = _WHITESPACE + _invisible_chars()
    spans: list[Span] = []
    pos = 0
    length = len(text)
    while pos < length:
        nl = _next_line_break(text, pos)
        line_start, line_end = pos, nl
        pos = nl + 1
        piece_start = line_start
        line_first = len(spans)
        for cut in _line_boundaries(text, line_start, line_end):
            piece = text[piece_start:cut]
            stripped = piece.strip(strip_chars)
            if stripped:
                s = piece_start + len(piece) - len(piece.lstrip(strip_chars))
                e = s + len(stripped)
                if len(spans) > line_first and not _has_alnum(stripped):
                    spans[-1] = Span(spans[-1].start, e)
                else:
                    spans.append(Span(s, e))
            piece_start = cut
    return tuple(spans)


_LINE_BREAK_RE = re.compile(f"[{re.escape(_LINE_BREAKS)}]")


def _next_line_break(text: str, pos: int) -> int:
    m = _LINE_BREAK_RE.search(text, pos)
    return m.start() if m else len(text)


_ALNUM_RE = re.compile(r"[^\W_]")


def _has_alnum(text: str) -> bool:
    return _ALNUM_RE.search(text) is not None
