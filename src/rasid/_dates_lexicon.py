"""Text preparation and lexicon for :mod:`rasid.dates` (private).

Matching runs on a *normalised* copy of the text: diacritics and tatweel are dropped, alef
variants, alef maqsura and ta marbuta folded, digits made ASCII. ``Prepared.index`` maps every
normalised position back to the original string so spans stay exact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rasid.arabic import digits_to_latin
from rasid.errors import ModelError

# Arabic short vowels, tanween, shadda, sukun, dagger alef and tatweel carry no date meaning.
_DROP = frozenset([*map(chr, range(0x064B, 0x0653)), "\u0670", "\u0640"])
_FOLD_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_FOLD = str.maketrans(dict(_FOLD_PAIRS))
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|\S")
_READINGS_MAX = 100_000


def fold(word: str) -> str:
    """The matching form of a lexicon word (same folding as the text)."""
    return digits_to_latin("".join(c for c in word if c not in _DROP)).translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Prepared:
    """Normalised text, its tokens and the way back to original offsets."""

    norm: str
    index: tuple[int, ...]  # norm position -> original position; one extra entry for the end
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    words: tuple[str, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised range ``[start, end)``.

        Diacritics and tatweel right after the last character stay with their word (غداً, هـ).
        """
        return self.index[start], self.index[end]


def prepare(text: str) -> Prepared:
    if _DROP_RE.search(text):
        # the kept stretches between dropped marks, as ranges: no per-character Python loop
        kept: list[int] = []
        pos = 0
        for m in _DROP_RE.finditer(text):
            kept.extend(range(pos, m.start()))
            pos = m.end()
        kept.extend(range(pos, len(text) + 1))
        index = tuple(kept)
        raw = _DROP_RE.sub("", text)
    else:
        index = tuple(range(len(text) + 1))
        raw = text
    norm = digits_to_latin(raw)
    # the same folding as _FOLD: on a whole article, six str.replace scans are ~20x faster than
    # a per-character translate (no replacement produces another pair's source letter)
    for a, b in _FOLD_PAIRS:
        norm = norm.replace(a, b)
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for m in _TOKEN.finditer(norm):
        starts.append(m.start())
        ends.append(m.end())
        words.append(m.group())
    return Prepared(norm, index, tuple(starts), tuple(ends), tuple(words))


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon phrase: its category, payload and folded words."""

    category: str
    payload: Any
    words: tuple[str, ...]


class Lexicon:
    """Phrases by category, indexed by their first folded word."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self._first: dict[str, list[Entry]] = {}
        self._readings: dict[str, tuple[tuple[Entry, int], ...]] = {}
        self.clitics: tuple[str, ...] = tuple(fold(p) for p in raw["clitics"]["prefixes"])
        g = raw["gregorian_months"]
        strict = {fold(w) for w in g["strict"]}
        cue = {fold(w) for w in g["cue"]}
        for name, num in g["names"].items():
            f = fold(name)
            level = 2 if f in strict else 1 if f in cue else 0
            self._add("gmonth", (num, level), name)
        self._add_map("hmonth", raw["hijri_months"]["names"])
        self._add_list("epithet", raw["hijri_months"]["epithets"])
        self._add_map("weekday", raw["weekdays"]["names"])
        self.weekday_blockers = frozenset(fold(w) for w in raw["weekdays"]["not_after"])
        self._add_map("relday", raw["relative_days"]["names"])
        self._add_list("daypart", raw["parts_of_day"]["names"])
        self._add_map("period", raw["periods"]["names"])
        self._add_map("plural", raw["periods"]["plural"])
        self._add_map("direction", raw["directions"]["names"])
        self._add_list("this", raw["directions"]["this"])
        self._add_map("part", raw["parts"]["names"])
        for name, (unit, count) in raw["units"]["names"].items():
            self._add("unit", (unit, count), name)
        self._add_map("offprep", raw["units"]["offset_preps"])
        self._add_list("anchor", raw["units"]["event_anchors"])
        nums = raw["numbers"]
        self._add_map("number", nums["names"])
        self._add_map("tens", nums["tens"])
        self._add_list("teen", nums["teens_suffix"])
        self._add_list("vague", nums["vague"])
        ords = raw["ordinals"]
        self._add_map("ordinal", ords["names"])
        self._add_map("ordtens", ords["tens"])
        self._add_list("ordteen", ords["teens_suffix"])
        cues = raw["cues"]
        for key in ("year_nouns", "prepositions", "date_nouns", "event_nouns", "month_word",
                    "day_word", "agreement", "eras_hijri", "eras_gregorian"):
            self._add_list(key, cues[key])
        for name, off in raw["relative_days"]["with_weekday"].items():
            if not name.startswith("_"):
                self._add("relday_weekday", off, name)
        self.relday_not_before = frozenset(fold(w) for w in raw["relative_days"]["not_before"])
        dec = raw["decades"]
        self._add_map("decade", dec["names"])
        self._add_map("century", dec["centuries"])
        self.decade_not_before = frozenset(fold(w) for w in dec["not_before"])
        per = raw["periods"]
        self.period_not_before = frozenset(fold(w) for w in per["not_before"])
        self.period_not_after = frozenset(fold(w) for w in per["not_after"])
        blockers = raw["relative_days"]["today_blockers"]
        self.today_after = frozenset(fold(w) for w in blockers["after"])
        self.today_before = frozenset(fold(w) for w in blockers["before"])
        self.strong_cues = frozenset(fold(w) for w in cues["strong_prepositions"])
        fut = raw["future"]
        self.future_words = frozenset(fold(w) for w in fut["words"])
        self.not_verbs = frozenset(fold(w) for w in fut["not_verbs"])
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e.words))

    def _add(self, category: str, payload: Any, phrase: str) -> None:
        words = tuple(fold(phrase).split())
        self._first.setdefault(words[0], []).append(Entry(category, payload, words))

    def _add_map(self, category: str, mapping: dict[str, Any]) -> None:
        for name, payload in mapping.items():
            if not name.startswith("_"):
                self._add(category, payload, name)

    def _add_list(self, category: str, names: list[str]) -> None:
        for name in names:
            self._add(category, name, name)

    def bases(self, word: str) -> Iterator[tuple[str, int]]:
        """``word`` and its readings without a proclitic, with the clitic's length."""
        yield word, 0
        if word.startswith("لل") and len(word) > 3:
            # ل + الX with the alef elided: the span keeps the whole word
            yield "ال" + word[2:], 0
        for p in self.clitics:
            if word.startswith(p) and len(word) - len(p) >= 2:
                yield word[len(p):], len(p)

    def entries(self, first: str) -> list[Entry]:
        return self._first.get(first, [])

    def readings(self, word: str) -> tuple[tuple[Entry, int], ...]:
        """Entries whose first word is ``word`` or one of its :meth:`bases`, with the clitic's
        length, in the order ``bases`` gives them (memoised: the parser asks for every token)."""
        found = self._readings.get(word)
        if found is None:
            found = tuple((e, clitic) for base, clitic in self.bases(word)
                          for e in self.entries(base))
            if len(self._readings) >= _READINGS_MAX:
                self._readings.clear()  # bounded: a cheap reset beats unbounded growth
            self._readings[word] = found
        return found


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon (``rasid/data/dates.json``), loaded once."""
    try:
        text = resources.files("rasid").joinpath("data/dates.json").read_text(encoding="utf-8")
        return Lexicon(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"rasid/data/dates.json is missing or corrupt: {exc}") from exc
