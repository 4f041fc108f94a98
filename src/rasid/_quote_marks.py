"""Quote-mark regions of a text: balanced pairs, unclosed quotes, lone closing marks.

One linear pass per text (pathological inputs with thousands of marks stay cheap). The pairs
live in ``rasid/data/quotes/quote_marks.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasid._quote_lexicon import lexicon


@dataclass(frozen=True, slots=True)
class Region:
    """A quoted stretch: ``start``/``end`` is the content, without the marks."""

    start: int
    end: int
    open: int  # offset of the opening mark, -1 for a lone closing mark


def _opener_like(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    if text[max(0, i - 3):i].rstrip().endswith(":"):
        return True
    return not nxt.isspace() and (prev.isspace() or not prev.isalnum() or prev in "لبـ")


def _closer_like(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    return not prev.isspace() and (nxt.isspace() or not nxt.isalnum())


@cache
def _marks() -> tuple[dict[str, frozenset[str]], frozenset[str], re.Pattern[str]]:
    """(closers of each opening mark, all closing marks, a pattern finding any mark or newline)."""
    pairs = lexicon().quote_pairs
    closer_of: dict[str, set[str]] = {}
    for a, b in pairs:
        closer_of.setdefault(a, set()).add(b)
    closers = frozenset(b for _, b in pairs)
    chars = sorted({"\n", *closer_of, *closers})
    return ({a: frozenset(bs) for a, bs in closer_of.items()}, closers,
            re.compile("[" + "".join(re.escape(c) for c in chars) + "]"))


def quote_regions(text: str) -> list[Region]:
    """Quote regions of the whole text, paragraph by paragraph, in one linear pass."""
    closer_of, closers, marks = _marks()
    out: list[Region] = []
    para_start = 0
    cur: tuple[str, int] | None = None
    last_end = 0
    # only newlines and marks change the state: the scan jumps from one to the next
    for m in marks.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            if cur is not None:
                out.append(Region(cur[1] + 1, i, cur[1]))
                cur = None
            para_start = last_end = i + 1
            continue
        if cur is not None:
            if ch in closer_of.get(cur[0], ()):
                out.append(Region(cur[1] + 1, i, cur[1]))
                last_end = i + 1
                cur = None
            continue
        # a mark that can open and close opens unless it sits like a closer (after a word,
        # before a space or punctuation)
        closing = ch in closers and (
            ch not in closer_of or (_closer_like(text, i) and not _opener_like(text, i)))
        if closing:
            # a closer with no opener: the quote runs from the colon before it
            colon = text.rfind(":", max(para_start, last_end), i)
            if colon >= 0:
                out.append(Region(colon + 1, i, -1))
            last_end = i + 1
        elif ch in closer_of:
            cur = (ch, i)
    if cur is not None:
        out.append(Region(cur[1] + 1, len(text), cur[1]))
    return [_trim(text, r) for r in out if r.end > r.start]


def _trim(text: str, r: Region) -> Region:
    s, e = r.start, r.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Region(s, e, r.open)
