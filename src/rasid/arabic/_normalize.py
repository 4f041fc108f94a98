"""Matching form of Arabic text: ``normalize`` (compact) and ``fold`` (length-preserving).

Both are one ``str.translate`` over a table built once, lazily, from ``data/charmap.json`` and
``data/punctuation.json``; no per-character Python loop runs on the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from rasid._rules import load_rules
from rasid.errors import ModelError

# U+0640 TATWEEL: already meaningless inside words, so normalize deletes it anyway; fold uses it
# for every deleted character so offsets into the folded text are offsets into the input.
FOLD_PLACEHOLDER = "\u0640"


@cache
def load_data(name: str) -> dict[str, Any]:
    """Read one JSON rule file shipped in ``rasid/arabic/data``."""
    return load_rules("rasid.arabic", f"data/{name}")


def _codepoints(spec: str) -> Iterator[int]:
    """``'U+0640'``, ``'U+064B-U+065F'`` or a literal single character."""
    if spec.startswith("U+") and len(spec) > 2:
        lo, _, hi = spec.partition("-")
        start = int(lo[2:], 16)
        end = int(hi[2:], 16) if hi else start
        yield from range(start, end + 1)
    elif len(spec) == 1:
        yield ord(spec)
    else:
        raise ModelError(f"bad code point spec {spec!r} in an Arabic rule file")


def _chars(spec: str) -> str:
    """A replacement value: ``'U+XXXX'`` or literal text."""
    if spec.startswith("U+") and len(spec) > 2:
        return "".join(chr(cp) for cp in _codepoints(spec))
    return spec


def codepoint_set(specs: Iterable[str]) -> frozenset[int]:
    return frozenset(cp for spec in specs for cp in _codepoints(spec))


@cache
def removed_codepoints() -> frozenset[int]:
    """Everything ``normalize`` deletes (diacritics, Quranic marks, tatweel, bidi/invisible)."""
    groups = load_data("charmap.json")["remove"]
    return frozenset(cp for g in groups for cp in codepoint_set(g["chars"]))


@cache
def invisible_codepoints() -> frozenset[int]:
    """Bidi controls and zero-width characters: deleted, and treated like space by segmentation."""
    groups = load_data("charmap.json")["remove"]
    return frozenset(
        cp for g in groups if g["name"] == "bidi_and_invisible" for cp in codepoint_set(g["chars"])
    )


@cache
def mark_codepoints() -> frozenset[int]:
    """Combining marks that belong to the letter before them (harakat, Quranic signs)."""
    return removed_codepoints() - invisible_codepoints() - {ord(FOLD_PLACEHOLDER)}


@cache
def _base_table() -> dict[int, str]:
    """Explicit one-character rules, before presentation forms are added."""
    charmap = load_data("charmap.json")
    punct = load_data("punctuation.json")
    table: dict[int, str] = {}
    for cp in removed_codepoints():
        table[cp] = ""
    for group in charmap["map"]:
        for key, value in group["pairs"].items():
            for cp in _codepoints(key):
                table[cp] = _chars(value)
    for key, value in punct["to_ascii"]["pairs"].items():
        for cp in _codepoints(key):
            table[cp] = _chars(value)
    for cp in codepoint_set(punct["quotes"]["chars"]):
        table[cp] = '"'
    for cp in codepoint_set(punct["dashes"]["chars"]):
        table[cp] = "-"
    # rules must be fixpoints so that normalize is idempotent
    for cp, value in table.items():
        if value.lower().translate(table) != value:
            raise ModelError(f"Arabic char map is not a fixpoint at U+{cp:04X}")
    return table


@cache
def normalize_table() -> dict[int, str]:
    """Full ``str.translate`` table of ``normalize`` (values may be empty or several chars)."""
    table = dict(_base_table())
    ranges = load_data("charmap.json")["nfkc_ranges"]["ranges"]
    for cp in codepoint_set(ranges):
        if cp in table:
            continue
        char = chr(cp)
        if unicodedata.category(char) == "Cn":
            continue
        value = unicodedata.normalize("NFKC", char)
        if value == char:
            continue
        # a presentation form may decompose into marks or letters the base rules fold further
        value = value.lower().translate(table)
        table[cp] = value
    return table


@cache
def fold_table() -> dict[int, str]:
    """One character per character: deletions become the placeholder, expansions keep one char."""
    table: dict[int, str] = {}
    for cp, value in normalize_table().items():
        # lam-alef ligatures and the like expand to several letters; the first one stands for
        # the glyph so that fold stays length-preserving (normalize gives the full expansion)
        table[cp] = value[:1] if value else FOLD_PLACEHOLDER
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    return table


_COMBINING_HAMZA = re.compile("[\u0653\u0654\u0655]")


def normalize(text: str) -> str:
    """Matching form of ``text`` (never for display).

    Deletes diacritics, Quranic marks, tatweel and bidi/zero-width characters; folds alef forms
    to ا, ؤ and ئ to ء, ى to ي, ة to ه, Arabic-Indic and Persian digits to ASCII, Arabic
    punctuation to ASCII, every quote style to ``"``, dashes to ``-``, Arabic presentation forms
    to base letters; lower-cases; collapses whitespace runs to one space and strips the ends.
    Idempotent.
    """
    if _COMBINING_HAMZA.search(text) is not None:
        # some editors store أ ؤ ئ آ as a letter plus combining hamza/madda; composing them first
        # makes them fold exactly like the precomposed letters (ئ → ئ → ء, not ي)
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.lower().translate(normalize_table()).split())


def fold(text: str) -> str:
    """Length-preserving matching form: ``len(fold(text)) == len(text)``.

    Same character rules as ``normalize``, but a deleted character becomes ``FOLD_PLACEHOLDER``
    (U+0640 tatweel, which ``normalize`` deletes), every whitespace character stays where it is,
    a multi-letter presentation ligature keeps only its first letter, and only letters whose
    lower case is one character are lower-cased. ``fold(text)[i]`` corresponds to ``text[i]``.
    Unlike ``normalize`` it cannot compose a letter + combining hamza (two code points) into
    one, so decomposed ئ folds to ي + placeholder.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        # a handful of capitals (İ) lower-case to two code points; keep those as they are
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered.translate(fold_table())
