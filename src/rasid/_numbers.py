"""Number reading for rasid.figures: digits in both scripts and Arabic number words.

Private helper: the rules live in ``data/figures.json``; this module turns them into lookup
tables (built once, lazily) and reads a number phrase from a token sequence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from rasid.arabic import digits_to_latin
from rasid.errors import ModelError

# A reported quantity never needs more integer digits than this; longer digit runs are
# identifiers (phone, account numbers) and would also overflow float precision.
MAX_INT_DIGITS = 15

_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_LIGHT = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_STRONG = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)

# Digits keep their separators in one token ("5,200", "١٢٫٥"); separators must sit between
# digits, so the pattern is linear on any input (no nested quantifiers that could backtrack).
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,\u066b\u066c]\d+)*)"
    r"|(?P<word>(?:[^\W\d_]|[\u064b-\u065f\u0670\u0640])+)"
    r"|(?P<punct>\S)"
)


def light(text: str) -> str:
    """Display normal form: no diacritics or tatweel, hamzated alefs as bare alef."""
    return _DIACRITICS.sub("", text).translate(_LIGHT)


def strong(text: str) -> str:
    """Matching normal form: ``light`` plus ى→ي, ة→ه, ؤ→و, ئ→ي."""
    return _DIACRITICS.sub("", text).translate(_STRONG)


class Tok(NamedTuple):
    """A token of the text being read; ``norm`` is the strong normal form (digits in ASCII).

    A named tuple rather than a frozen dataclass: one is built for every token of every
    article, and a tuple is built faster (just as immutable)."""

    start: int
    end: int
    kind: str  # "num", "word" or "punct"
    norm: str


@lru_cache(maxsize=100_000)
def _strong_word(word: str) -> str:
    # every word of every article is normalised; news vocabulary repeats
    return strong(word)


def tokenize(text: str) -> list[Tok]:
    """Tokens with offsets into ``text``; digits are read in ASCII (length-preserving)."""
    latin = digits_to_latin(text)
    out: list[Tok] = []
    for m in _TOKEN.finditer(latin):
        kind = m.lastgroup or "punct"
        raw = m.group()
        a, b = m.span()
        out.append(Tok(a, b, kind, raw if kind != "word" else _strong_word(raw)))
    return out


_CLITICS = ("وب", "ول", "و", "ف", "ب", "ل")


@dataclass(frozen=True, slots=True)
class NumberWords:
    units: dict[str, int]
    needs_teen: dict[str, int]
    teen_words: frozenset[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    hundred_multiplicand: frozenset[str]
    scales: dict[str, float]
    dual_scales: dict[str, float]
    plural_scales: dict[str, float]
    fractions: dict[str, float]
    vague: frozenset[str]
    few: dict[str, int]
    standalone_ignore: frozenset[str]
    # derived in __post_init__: every number word, and every clitic + (number word or few word),
    # so that the per-token questions are one set lookup each
    forms: frozenset[str] = field(init=False)
    clitic_forms: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        forms = frozenset().union(self.units, self.tens, self.hundreds, self.scales,
                                  self.dual_scales, self.needs_teen, self.fractions)
        object.__setattr__(self, "forms", forms)
        object.__setattr__(self, "clitic_forms", frozenset(
            c + w for c in _CLITICS for w in forms.union(self.few)))

    def is_number_word(self, norm: str) -> bool:
        return norm in self.forms


def _table(raw: dict[str, Any]) -> dict[str, Any]:
    return {strong(k): v for k, v in raw.items() if not k.startswith("_")}


@cache
def load_rules() -> dict[str, Any]:
    """The raw rule file (parsed JSON), loaded once."""
    try:
        with resources.files("rasid").joinpath("data/figures.json").open(encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"figure rules data/figures.json cannot be loaded: {exc}") from exc
    return data


@cache
def number_words() -> NumberWords:
    """Number-word tables in strong normal form."""
    nw = load_rules()["number_words"]
    try:
        return NumberWords(
            units=_table(nw["units"]),
            needs_teen=_table(nw["needs_teen"]),
            teen_words=frozenset(strong(w) for w in nw["teen_words"]),
            tens=_table(nw["tens"]),
            hundreds=_table(nw["hundreds"]),
            hundred_multiplicand=frozenset(strong(w) for w in nw["hundred_multiplicand"]),
            scales=_table(nw["scales"]),
            dual_scales=_table(nw["dual_scales"]),
            plural_scales=_table(nw["plural_scales"]),
            fractions=_table(nw["fractions"]),
            vague=frozenset(strong(w) for w in nw["vague"]),
            few=_table(nw["few"]),
            standalone_ignore=frozenset(strong(w) for w in nw["standalone_ignore"]),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"figure rules: malformed number_words section: {exc}") from exc


def parse_digits(token: str) -> float | None:
    """Value of one digit token ("5,200", "٥٬٢٠٠", "3.5", "١٢٫٥", "8,4"); None if implausible.

    ``٬`` is always a thousands separator and ``٫`` always a decimal mark. With ``,`` or ``.``
    alone, groups of exactly three digits after the first mean thousands; a single separator
    followed by another group length is a decimal mark (French-style "8,4" as well as "3.5").
    """
    s = digits_to_latin(token).replace("\u066c", ",").replace("\u066b", ".")
    if not s or not s[0].isdigit() or not s[-1].isdigit():
        return None
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        if s.count(dec) != 1:
            return None
        int_part, frac = s.split(dec)
        if not _grouped(int_part, thou):
            return None
        return _value(int_part.replace(thou, ""), frac)
    sep = "," if commas else "." if dots else ""
    if not sep:
        return _value(s, "")
    groups = s.split(sep)
    if _grouped(s, sep) and not (sep == "." and len(groups) == 2):
        return _value("".join(groups), "")
    if len(groups) == 2:
        return _value(groups[0], groups[1])
    return None


def _grouped(s: str, sep: str) -> bool:
    groups = s.split(sep)
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _value(int_part: str, frac: str) -> float | None:
    int_part = int_part.lstrip("0") or "0"
    if len(int_part) > MAX_INT_DIGITS or len(frac) > MAX_INT_DIGITS:
        return None
    return float(f"{int_part}.{frac}" if frac else int_part)


@dataclass(frozen=True, slots=True)
class Reading:
    """A number phrase read from tokens ``[first, end)``; ``words_only`` when no digit occurs."""

    value: float
    first: int
    end: int
    words_only: bool
    single_word: bool


def _strip_waw(norm: str, nw: NumberWords) -> str | None:
    if norm.startswith("و") and nw.is_number_word(norm[1:]):
        return norm[1:]
    return None


def strip_clitic(norm: str, nw: NumberWords) -> str:
    """Drop one leading conjunction/preposition (و ف ب ل) when the rest is a number word."""
    if norm not in nw.clitic_forms or nw.is_number_word(norm) or norm in nw.few \
            or norm in nw.vague:
        return norm
    for c in _CLITICS:
        rest = norm[len(c) :]
        if norm.startswith(c) and (nw.is_number_word(rest) or rest in nw.few):
            return rest
    return norm


class _Reader:
    """Reads one number phrase: chunks (group × scale) joined by و in falling magnitude."""

    def __init__(self, toks: Sequence[Tok], nw: NumberWords) -> None:
        self.toks = toks
        self.nw = nw

    def form(self, i: int, first: bool, joined: bool) -> str | None:
        """Token ``i`` as a number form; ``joined`` asks for a و-prefixed continuation."""
        if i >= len(self.toks) or self.toks[i].kind == "punct":
            return None
        norm = self.toks[i].norm
        if joined:
            return _strip_waw(norm, self.nw)
        return strip_clitic(norm, self.nw) if first else norm

    def group(self, i: int, first: bool, joined: bool) -> tuple[float, int, bool] | None:
        """A value below 1000 (or any digit token) at ``i``: (value, next index, has_digits)."""
        toks, nw = self.toks, self.nw
        if joined:
            if i + 1 < len(toks) and toks[i].norm == "و" and toks[i + 1].kind == "num":
                v = parse_digits(toks[i + 1].norm)
                return None if v is None else (v, i + 2, True)
        elif i < len(toks) and toks[i].kind == "num":
            v = parse_digits(toks[i].norm)
            return None if v is None else (v, i + 1, True)
        w = self.form(i, first, joined)
        if w is None:
            return None
        nxt = self.form(i + 1, False, False)
        value: float
        if (w in nw.units or w in nw.needs_teen) and nxt in nw.teen_words:
            value = (nw.units.get(w) or nw.needs_teen[w]) + 10
            return value, i + 2, False
        if w in nw.units and nxt in nw.hundred_multiplicand and nw.units[w] < 10:
            value, i = nw.units[w] * 100, i + 2
        elif w in nw.hundreds:
            value, i = nw.hundreds[w], i + 1
        elif w in nw.units:
            value, i = nw.units[w], i + 1
            if value < 10:
                tens = self.form(i, False, True)
                if tens in nw.tens:
                    return value + nw.tens[tens], i + 1, False
            return value, i, False
        elif w in nw.tens:
            return nw.tens[w], i + 1, False
        else:
            return None
        # after hundreds: optional "و unit|teen" and "و tens"
        rest = self.group(i, False, True)
        if rest is not None and rest[0] < 100 and not rest[2]:
            return value + rest[0], rest[1], False
        return value, i, False

    def chunk(self, i: int, first: bool, joined: bool) -> tuple[float, float, int, bool] | None:
        """(value, scale, next index, has_digits) of a group optionally times a scale word."""
        nw = self.nw
        w = self.form(i, first, joined)
        if w is not None:
            if w in nw.dual_scales:
                return nw.dual_scales[w], nw.dual_scales[w], i + 1, False
            if w in nw.scales:
                return nw.scales[w], nw.scales[w], i + 1, False
            if w in nw.fractions:
                s = self.form(i + 1, False, False)
                if s in nw.scales:
                    return nw.fractions[w] * nw.scales[s], nw.scales[s], i + 2, False
                return nw.fractions[w], 1.0, i + 1, False
        g = self.group(i, first, joined)
        if g is None:
            return None
        value, j, digits = g
        s = self.form(j, False, False)
        if s in nw.scales and (digits or value >= 3):
            return value * nw.scales[s], nw.scales[s], j + 1, digits
        if s in nw.plural_scales and (digits or 3 <= value <= 10):
            return value * nw.plural_scales[s], nw.plural_scales[s], j + 1, digits
        return value, 1.0, j, digits

    def read(self, i: int) -> Reading | None:
        first = self.chunk(i, True, False)
        if first is None:
            return None
        value, scale, j, digits = first
        bare_fraction = self.form(i, True, False) in self.nw.fractions and scale == 1
        if self.toks[i].kind == "word" and bare_fraction:
            return None  # a bare "نصف" is not a quantity
        single = j == i + 1 and not digits
        while scale > 1:
            nxt = self.chunk(j, False, True)
            if nxt is None:
                break
            v, s, k, d = nxt
            if s == 1.0 and v < 1 and self.form(j, False, True) in self.nw.fractions:
                v = v * scale  # "مليون ونصف"
            if v >= scale:
                break
            value, scale, j, digits, single = value + v, s, k, digits or d, False
        return Reading(float(value), i, j, not digits, single)


def read_number(toks: Sequence[Tok], i: int) -> Reading | None:
    """Read the number phrase starting at token ``i`` (None when there is none)."""
    if i >= len(toks) or toks[i].kind == "punct":
        return None
    nw = number_words()
    r = _Reader(toks, nw).read(i)
    if r is None or r.value != r.value:  # NaN guard
        return None
    return r


def parse_number(text: str) -> float | None:
    """Value of a number written in digits and/or Arabic words; None for vague or non-numbers.

    >>> parse_number("ألفان وخمسمئة")
    2500.0
    >>> parse_number("عشرات") is None
    True
    """
    toks = tokenize(text.strip())
    if not toks:
        return None
    r = read_number(toks, 0)
    if r is None or r.end != len(toks):
        return None
    return r.value


__all__ = [
    "Reading",
    "Tok",
    "light",
    "load_rules",
    "number_words",
    "parse_digits",
    "parse_number",
    "read_number",
    "strip_clitic",
    "strong",
    "tokenize",
]
