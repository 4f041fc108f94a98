"""Reported quantities in Arabic news: value, hedge, unit or counted noun, qualifier, place.

One entry point, :func:`extract_figures`. Numbers in digits (both scripts) or words are read
with their scale words; what follows tells what is counted. Rules (number words, hedges, units,
counted nouns and their synonym classes, nationality adjectives, places, casualty triggers,
year/label contexts) are data in ``data/figures.json``.

Conventions (documented choices):

* ``Figure.hedge`` is the canonical Arabic cue in light normal form (no diacritics, bare alef):
  ``نحو``, ``حوالي``, ``قرابة``, ``زهاء``, ``ما يقرب من`` (also ما يقارب/ما يناهز), ``اكثر من``
  (also ما يزيد عن/ازيد من/فاكثر), ``اقل من``, ``ما لا يقل عن``, ``على الاقل``, ``ما يصل الى``,
  ``تقريبا``, ``بضعة``; None when the number is stated flatly. "بضعة آلاف" has the value 3000
  (the lower bound of بضع) and hedge ``بضعة``.
* ``unit`` is set for currency, measures, time spans and percent (``%``); ``counted`` for counted
  nouns as a canonical singular. Soldier-like nouns (جنود, عسكري, عنصر, قوات, and فرد when the
  clause speaks of troops) count ``جندي``. A count of people the sentence says were killed,
  wounded or arrested counts ``قتيل``, ``جريح`` or ``معتقل``, so that "مقتل 7 أشخاص" and
  "7 قتلى" line up. A number followed by a nationality adjective ("32 صينيا") counts ``شخص``.
* Ages and durations are kept, with unit ``سنة``/``شهر``/``يوم``; years, dates, times, phone and
  reference numbers (القرار 2254) are not figures, nor are vague plurals (عشرات, مئات الآلاف)
  or bare ambiguous words (واحد, ست, عشر) with no noun after them.
* ``key`` is ``counted-or-unit|qualifier|place`` with empty parts where unknown.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from rasid._numbers import (
    Reading,
    Tok,
    light,
    load_rules,
    number_words,
    parse_number,
    read_number,
    strip_clitic,
    strong,
    tokenize,
)
from rasid.errors import ModelError
from rasid.models import Figure, Span

__all__ = ["extract_figures", "parse_number"]

_CLAUSE_PUNCT = frozenset(',،؛;:.!?؟()[]{}"«»“”')
_SENTENCE_PUNCT = frozenset(".!?؟")
_HEDGE_CLITICS = frozenset(("و", "ب", "ل", "ف", "وب", "ول"))
_PREFIXES = ("وب", "ول", "وال", "بال", "لل", "فال", "و", "ف", "ب", "ل", "ال")
# How far (in tokens) context may be from the number: short, because Arabic news packs several
# figures into one sentence and a wider window would hand one figure's noun to another.
_WINDOW_BEFORE = 6
_WINDOW_AFTER = 7
_QUALIFIER_WINDOW = 4
# Clauses are read at most this far either side of a number (run-on text without punctuation).
_CLAUSE_CAP = 25
_STOP_WORDS = frozenset(
    strong(w) for w in ("في", "الى", "إلى", "على", "عن", "مع", "منذ", "خلال", "بعد", "قبل")
)


@dataclass(frozen=True, slots=True)
class _Noun:
    canonical: str
    kind: str
    is_unit: bool


@dataclass(frozen=True, slots=True)
class _Lexicon:
    nouns: dict[tuple[str, ...], _Noun]
    max_noun_len: int
    nisba: dict[str, str]
    nisba_not_people: frozenset[str]
    places: dict[tuple[str, ...], str]
    max_place_len: int
    place_preps: frozenset[str]
    place_dirs: frozenset[str]
    hedges_before: tuple[tuple[tuple[str, ...], str], ...]
    hedges_after: tuple[tuple[tuple[str, ...], str], ...]
    troop_ambiguous: frozenset[str]
    troop_words: frozenset[str]
    force_nouns: frozenset[str]
    others: frozenset[str]
    of_them: frozenset[str]
    partitive_preps: frozenset[str]
    partitive_skip: frozenset[str]
    cas_before: dict[str, str]
    cas_after: dict[str, str]
    year_before: frozenset[str]
    label_before: frozenset[str]
    months: frozenset[str]
    time_before: frozenset[str]
    era_after: frozenset[str]
    range_words: frozenset[str]


def _words(items: Iterable[str]) -> frozenset[str]:
    return frozenset(strong(w) for w in items)


def _key(form: str) -> tuple[str, ...]:
    return tuple(strong(form).split())


@cache
def _lexicon() -> _Lexicon:
    try:
        return _build_lexicon(load_rules())
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ModelError(f"figure rules data/figures.json are malformed: {exc}") from exc


def _build_lexicon(r: dict[str, Any]) -> _Lexicon:
    nouns: dict[tuple[str, ...], _Noun] = {}
    suffixes = r["sound_plural_suffixes"]
    for canon, spec in r["counted"].items():
        if canon.startswith("_"):
            continue
        noun = _Noun(light(canon), spec["kind"], False)
        for form in spec["forms"]:
            k = _key(form)
            variants = {k, (*k[:-1], k[-1] + "ا")}
            if k[-1].endswith(("ين", "ون")) and "ين" in suffixes:
                variants.add((*k[:-1], k[-1][:-1]))  # construct state: مقاتلين → مقاتلي
            for v in variants:
                nouns.setdefault(v, noun)
    for canon, spec in r["units"].items():
        if canon.startswith("_"):
            continue
        unit = _Noun(light(canon), spec["kind"], True)
        for form in spec["forms"]:
            nouns[_key(form)] = unit
    pct = r["percent"]
    for form in (*pct["signs"], *pct["words"]):
        nouns[_key(form)] = _Noun(pct["canonical"], "percent", True)
    nisba: dict[str, str] = {}
    for canon, variants in r["nisba"].items():
        if canon.startswith("_"):
            continue
        for stem in (canon, *variants):
            s = strong(stem)
            for suffix in ("", "ه", "ين", "ون", "ا", "ات", "يه"):
                nisba.setdefault(s + suffix, light(canon))
    places: dict[tuple[str, ...], str] = {}
    for canon, variants in r["places"].items():
        if canon.startswith("_"):
            continue
        for form in (canon, *variants):
            places[_key(form)] = light(canon)
    hedges = r["hedges"]

    def hedge_table(entries: list[dict[str, Any]]) -> tuple[tuple[tuple[str, ...], str], ...]:
        rows = [(_key(f), light(e["canonical"])) for e in entries for f in e["forms"]]
        return tuple(sorted(set(rows), key=lambda row: -len(row[0])))

    troop, cas, nf = r["troop_context"], r["casualty"], r["not_figures"]
    return _Lexicon(
        nouns=nouns,
        max_noun_len=max(len(k) for k in nouns),
        nisba=nisba,
        nisba_not_people=_words(r["nisba_not_people"]["words"]),
        places=places,
        max_place_len=max(len(k) for k in places),
        place_preps=_words(r["place_prepositions"]),
        place_dirs=_words(r["place_directions"]),
        hedges_before=hedge_table(hedges["before"]),
        hedges_after=hedge_table(hedges["after"]),
        troop_ambiguous=_words(troop["ambiguous"]),
        troop_words=_words(troop["words"]),
        force_nouns=_words(troop["force_nouns"]),
        others=_words(r["person_markers"]["others"]),
        of_them=_words(r["person_markers"]["of_them"]),
        partitive_preps=_words(r["partitive"]["prepositions"]),
        partitive_skip=_words(r["partitive"]["skip"]),
        cas_before={strong(w): light(k) for k, ws in cas["before"].items() for w in ws},
        cas_after={strong(w): light(k) for k, ws in cas["after"].items() for w in ws},
        year_before=_words(nf["year_before"]),
        label_before=_words(nf["label_before"]),
        months=_words(nf["months"]),
        time_before=_words(nf["time_before"]),
        era_after=_words(nf["era_after"]),
        range_words=_words(r["range_connectors"]["words"]),
    )


def _unprefixed(norm: str, table: dict[str, str] | frozenset[str]) -> str | None:
    """``norm`` or ``norm`` without a proclitic (و ف ب ل ال and combinations) if in ``table``."""
    if norm in table:
        return norm
    for p in _PREFIXES:
        if norm.startswith(p) and norm[len(p) :] in table:
            return norm[len(p) :]
    return None


class _Context:
    """Tokens of one text with sentence and clause ids (clauses end at punctuation/newlines)."""

    def __init__(self, text: str, sentences: tuple[Span, ...] | None) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.sent: list[int] = []
        self.clause: list[int] = []
        starts = [s.start for s in sentences] if sentences else []
        sid = cid = 0
        prev_end = 0
        for t in self.toks:
            gap_newline = "\n" in text[prev_end : t.start]
            if sentences:
                idx = bisect.bisect_right(starts, t.start) - 1
                new_sid = idx if idx >= 0 and t.start < sentences[idx].end else -1 - len(self.sent)
            else:
                new_sid = sid + 1 if gap_newline else sid
            if new_sid != sid or gap_newline:
                cid += 1
            sid = new_sid
            self.sent.append(sid)
            self.clause.append(cid)
            if t.kind == "punct" and t.norm in _CLAUSE_PUNCT:
                cid += 1
                if not sentences and t.norm in _SENTENCE_PUNCT and not self._decimal_dot(t):
                    sid += 1
            prev_end = t.end

    def _decimal_dot(self, t: Tok) -> bool:
        return t.norm == "." and t.end < len(self.text) and self.text[t.end : t.end + 1].isdigit()

    def norm(self, i: int) -> str:
        return self.toks[i].norm if 0 <= i < len(self.toks) else ""

    def same_clause(self, i: int, j: int) -> bool:
        n = len(self.toks)
        return 0 <= i < n and 0 <= j < n and self.clause[i] == self.clause[j]


@dataclass(slots=True)
class _Draft:
    first: int  # first token of the figure text (hedge or number)
    num_first: int
    num_end: int
    end: int  # token index after the figure text
    value: float
    hedge: str | None = None
    noun: _Noun | None = None
    noun_at: int = -1
    person: bool = False  # a count of people with no kind named (آخرين, منهم, nationality)
    qualifier: str | None = None
    place: str | None = None
    start_char: int = -1
    range_end: int = -1  # end of the second number of a range "40 و60 ألفا"


def extract_figures(text: str, sentences: tuple[Span, ...] | None = None) -> tuple[Figure, ...]:
    """Every reported quantity in ``text``, in text order, with spans into ``text``.

    ``sentences`` (spans into ``text``) bound the context a figure may draw on; without them
    sentence ends are found at . ! ? ؟ and line breaks.
    """
    lex = _lexicon()
    ctx = _Context(text, sentences)
    drafts: list[_Draft] = []
    pos = 0  # tokens before pos belong to a figure already read
    # only digits and the words _read_at goes on with can start a figure: skip the rest
    for i, t in enumerate(ctx.toks):
        if i < pos or t.kind == "punct" or (t.kind == "word" and not _may_start(t.norm)):
            continue
        draft = _read_at(ctx, lex, i)
        if draft is None:
            continue
        pos = max(draft.num_end, i + 1)
        if _keep(ctx, lex, draft):
            _describe(ctx, lex, draft, drafts)
            _share_status(ctx, drafts, draft)
            _inherit_status(ctx, drafts, draft)
            drafts.append(draft)
            pos = max(pos, draft.end)
    return tuple(_figure(ctx, d) for d in drafts)


@lru_cache(maxsize=100_000)
def _may_start(norm: str) -> bool:
    """Can a figure start at a word with this normal form: a number word or a few-word (after
    a clitic), or a definite number word ("الأربعة") after its noun? Exactly the words
    :func:`_read_at` goes on with; cached, since it is asked for every word of every article."""
    nw = number_words()
    w = strip_clitic(norm, nw)
    if w in nw.few or nw.is_number_word(w):
        return True
    return norm.startswith("ال") and (norm[2:] in nw.units or norm[2:] in nw.tens)


def _read_at(ctx: _Context, lex: _Lexicon, i: int) -> _Draft | None:
    t = ctx.toks[i]
    if t.kind == "punct" or (t.kind == "word" and not _may_start(t.norm)):
        return None
    toks, nw = ctx.toks, number_words()
    if t.kind == "word":
        w = strip_clitic(t.norm, nw)
        if w in nw.few and ctx.norm(i + 1) in nw.plural_scales:
            value = nw.few[w] * nw.plural_scales[ctx.norm(i + 1)]
            d = _Draft(i, i, i + 2, i + 2, float(value), hedge="بضعة")
            d.start_char = t.start + (len(t.norm) - len(w))
            return d
        if not nw.is_number_word(w):
            return _postnominal(ctx, lex, i)
    reading = read_number(toks, i)
    if reading is None:
        return None
    d = _Draft(i, i, reading.end, reading.end, reading.value)
    clitic = len(t.norm) - len(strip_clitic(t.norm, nw)) if t.kind == "word" else 0
    d.start_char = t.start + clitic
    if _not_a_quantity(ctx, lex, reading):
        d.value = float("nan")
    else:
        _range(ctx, lex, d)
    return d


def _range(ctx: _Context, lex: _Lexicon, d: _Draft) -> None:
    """ "بين 40 و60 ألفا": the first end of a range borrows the second's scale word."""
    nw = number_words()
    if ctx.norm(d.num_end - 1) in nw.scales or ctx.norm(d.num_end - 1) in nw.plural_scales:
        return
    j = d.num_end
    if j >= len(ctx.toks):
        return
    if ctx.norm(j) in lex.range_words:
        j += 1
    elif not (ctx.toks[j].kind == "word" and ctx.norm(j).startswith("و")):
        return
    if not ctx.same_clause(d.num_first, j):
        return
    second = read_number(ctx.toks, j)
    if second is None or second.value <= d.value:
        return
    last = ctx.norm(second.end - 1)
    scale = nw.scales.get(last) or nw.plural_scales.get(last)
    if scale and d.value * scale < second.value:
        d.value *= scale
    d.range_end = second.end


def _postnominal(ctx: _Context, lex: _Lexicon, i: int) -> _Draft | None:
    """A definite number word after a definite counted noun: "القتلى الأربعة"."""
    norm, nw = ctx.norm(i), number_words()
    w = norm[2:]
    if not norm.startswith("ال") or (w not in nw.units and w not in nw.tens) \
            or not ctx.same_clause(i - 1, i):
        return None
    value = nw.units.get(w) or nw.tens.get(w)
    prev = ctx.norm(i - 1)
    if not value or w in nw.standalone_ignore or not prev.startswith("ال"):
        return None
    noun = lex.nouns.get((prev[2:],))
    if noun is None or noun.is_unit:
        return None
    d = _Draft(i - 1, i, i + 1, i + 1, float(value), noun=noun, noun_at=i - 1)
    d.start_char = ctx.toks[i - 1].start
    return d


def _before(ctx: _Context, i: int) -> int:
    """Index of the word before token ``i``, looking through an opening parenthesis."""
    i -= 1
    while i >= 0 and ctx.norm(i) in ("(", "[", "-", '"'):
        i -= 1
    return i


def _after(ctx: _Context, i: int) -> int:
    """Index of the word at or after token ``i``, looking through a closing parenthesis."""
    while i < len(ctx.toks) and ctx.norm(i) in (")", "]", '"'):
        i += 1
    return i


def _not_a_quantity(ctx: _Context, lex: _Lexicon, r: Reading) -> bool:
    """Dates, times, labels and identifiers (decided before looking for a noun)."""
    toks, text = ctx.toks, ctx.text
    first, last = toks[r.first], toks[r.end - 1]
    prev = ctx.norm(_before(ctx, r.first))
    if _unprefixed(prev, lex.label_before | lex.time_before | lex.months) is not None:
        return True
    if _unprefixed(ctx.norm(_after(ctx, r.end)), lex.months) is not None:
        return True
    if first.kind == "num":
        digits = first.norm
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return True  # phone numbers and codes
        before = text[first.start - 1 : first.start] if first.start else ""
        if before and before.isascii() and (before.isalpha() or before in "+#-/:."):
            return True  # F16, +964..., -5, 1/2, 08:30
    if ctx.norm(r.first - 1) == "[" and ctx.norm(r.end) == "]":
        return True  # a footnote mark
    line_start = text.rfind("\n", 0, first.start) + 1
    if not text[line_start : first.start].strip() and ctx.norm(r.end) in ("-", ".", ")", "–"):
        return True  # a list item number "3 - ..." at the start of a line
    if _unprefixed(ctx.norm(r.end + 1), lex.months) and ctx.norm(r.end) == "/":
        return True  # 20 / شعبان
    # 15/1/2024, 15 / 1 / 2024, 10:30, 2014-2017: dates, times and ranges of labels
    n = len(toks)
    if last.kind == "num" and r.end + 1 < n and toks[r.end + 1].kind == "num":
        sep = toks[r.end]
        tight = sep.start == last.end and toks[r.end + 1].start == sep.end
        if sep.norm in ("/", "-") or (sep.norm == ":" and tight):
            return True
    if first.kind == "num" and r.first >= 2 and toks[r.first - 2].kind == "num":
        sep = toks[r.first - 1]
        tight = sep.end == first.start and toks[r.first - 2].end == sep.start
        return sep.norm == "/" or (sep.norm == ":" and tight)
    return False


def _keep(ctx: _Context, lex: _Lexicon, d: _Draft) -> bool:
    if d.value != d.value:  # marked by _not_a_quantity
        return False
    _find_hedge_before(ctx, lex, d)
    _find_noun(ctx, lex, d)
    nw = number_words()
    first = ctx.toks[d.num_first]
    year_like = _year_digits(ctx, d)
    if year_like:
        marked = _unprefixed(ctx.norm(_before(ctx, d.num_first)), lex.year_before) is not None
        if d.noun is None and ctx.norm(_after(ctx, d.num_end)) in lex.era_after:
            return False
        if marked and d.hedge is None:
            return d.noun is not None and d.noun.kind in ("person", "casualty")
    if d.noun is None and not d.person:
        single = first.kind == "word" and d.num_end == d.num_first + 1
        if single and strip_clitic(first.norm, nw) in nw.standalone_ignore:
            return False
        if year_like and (1900 <= d.value <= 2100 or ctx.norm(d.num_first - 1) == "("):
            return False
        if first.kind == "num" and len(first.norm) >= 6 and first.norm.isdigit():
            return False  # a long bare digit run is an identifier, not a count
    return True


def _year_digits(ctx: _Context, d: _Draft) -> bool:
    """A lone four-digit integer in 1000..2100 (Hijri years included): could be a year."""
    t = ctx.toks[d.num_first]
    single = d.num_end == d.num_first + 1 and t.kind == "num"
    return single and len(t.norm) == 4 and t.norm.isdigit() and 1000 <= d.value <= 2100


def _match(ctx: _Context, i: int, form: tuple[str, ...], clitic_first: bool) -> bool:
    for k, w in enumerate(form):
        tok = ctx.norm(i + k)
        if tok == w:
            continue
        clitic = tok[: -len(w)] if len(tok) > len(w) and tok.endswith(w) else ""
        if k == 0 and clitic_first and clitic in _HEDGE_CLITICS:
            continue
        return False
    return True


def _find_hedge_before(ctx: _Context, lex: _Lexicon, d: _Draft) -> None:
    if d.hedge is not None:
        return
    prev = ctx.norm(d.num_first - 1)
    for form, canon in lex.hedges_before:
        if form and form[-1] != prev and (len(form) > 1 or not prev.endswith(form[0])):
            continue  # the word before the number is not this hedge's last word: no match
        i = d.num_first - len(form)
        if i >= 0 and ctx.same_clause(i, d.num_first) and _match(ctx, i, form, True):
            d.hedge, d.first = canon, i
            t = ctx.toks[i]
            d.start_char = t.start + max(0, len(t.norm) - len(form[0]))
            return


def _find_hedge_after(ctx: _Context, lex: _Lexicon, d: _Draft, j: int) -> int:
    for form, canon in lex.hedges_after:
        if ctx.same_clause(d.num_first, j) and _match(ctx, j, form, False):
            if d.hedge is None:
                d.hedge = canon
            return j + len(form)
    return j


def _noun_at(ctx: _Context, lex: _Lexicon, j: int, article: bool) -> tuple[_Noun, int] | None:
    """The unit/counted noun starting at token ``j`` (longest form first)."""
    for size in range(min(lex.max_noun_len, len(ctx.toks) - j), 0, -1):
        if not ctx.same_clause(j, j + size - 1) and size > 1:
            continue
        words = [ctx.norm(j + k) for k in range(size)]
        candidates = [tuple(words)]
        if article:
            for p in ("ال", "وال", "بال", "لل"):
                if words[0].startswith(p):
                    candidates.append((words[0][len(p) :], *words[1:]))
        if words[-1].endswith("يين"):  # a common misspelling of the sound plural (مسؤوليين)
            candidates += [(*c[:-1], c[-1][:-3] + "ين") for c in list(candidates)]
        for c in candidates:
            noun = lex.nouns.get(c)
            if noun is not None:
                return noun, j + size
    return None


def _nisba_at(ctx: _Context, lex: _Lexicon, j: int) -> str | None:
    return lex.nisba.get(_unprefixed(ctx.norm(j), lex.nisba) or "")


def _find_noun(ctx: _Context, lex: _Lexicon, d: _Draft) -> None:
    if d.noun is not None:  # post-nominal reading already has it
        d.end = max(d.end, d.num_end)
        return
    j = _find_hedge_after(ctx, lex, d, d.num_end)
    end = j if j > d.num_end else d.num_end
    if not ctx.same_clause(d.num_first, j) and ctx.norm(j) not in ("%", "٪"):
        d.end = end
        return
    found = _noun_at(ctx, lex, j, False)
    if found is None and d.range_end > 0 and j == d.num_end:
        ranged = _noun_at(ctx, lex, d.range_end, False)
        if ranged is not None:  # "بين 600 و700 فرد": the noun follows the second end
            d.noun, d.noun_at = ranged[0], d.range_end
    if found is not None:
        d.noun, d.noun_at, end = found[0], j, found[1]
    elif (q := _nisba_at(ctx, lex, j)) is not None and strong(q) not in lex.nisba_not_people:
        d.person, d.qualifier, d.noun_at, end = True, q, j, j + 1
    elif ctx.norm(j) in lex.others or ctx.norm(j) in lex.of_them:
        d.person, d.noun_at, end = True, j, j + 1
    elif ctx.norm(j) in lex.partitive_preps:
        k = j + 1
        while ctx.norm(k) in lex.partitive_skip and k < j + 3:
            k += 1
        part = _noun_at(ctx, lex, k, True) if ctx.same_clause(j, k) else None
        if part is not None and not part[0].is_unit:
            d.noun, d.noun_at, end = part[0], k, part[1]
        elif ctx.same_clause(j, k) and (q := _nisba_at(ctx, lex, k)) is not None:
            d.person, d.qualifier, d.noun_at, end = True, q, k, k + 1
    if ctx.norm(end) in lex.others:  # "1000 شخص آخر"
        end += 1
    d.end = _find_hedge_after(ctx, lex, d, end)


def _describe(ctx: _Context, lex: _Lexicon, d: _Draft, previous: list[_Draft]) -> None:
    """Fill qualifier, troop synonymy, casualty status, inheritance and place."""
    noun_end = d.end
    qualifiable = d.noun is not None and (not d.noun.is_unit or d.noun.kind == "currency")
    if (qualifiable or d.person) and d.qualifier is None:
        d.qualifier, q_end = _qualifier_after(ctx, lex, d)
        if q_end == d.end:
            d.end = noun_end = q_end + 1
    troops = d.noun is not None and ctx.norm(d.noun_at) in lex.troop_ambiguous
    if troops and any(ctx.norm(k) in lex.troop_words for k in _clause_range(ctx, d.num_first)):
        d.noun = lex.nouns[("جندي",)]
    if d.noun is None and not d.person and d.num_first > 0:
        prev = previous[-1] if previous else None
        joined = ctx.norm(d.num_first - 1) == "و" or ctx.norm(d.num_first).startswith("و")
        if prev is not None and joined and ctx.sent[prev.num_first] == ctx.sent[d.num_first]:
            d.noun, d.person, d.qualifier = prev.noun, prev.person, prev.qualifier
    if d.noun is None or not d.noun.is_unit:
        _subject(ctx, lex, d)
    if d.noun is None or d.noun.kind == "person":
        status = _casualty(ctx, lex, d, noun_end)
        if status is not None:
            d.noun, d.person = lex.nouns[(strong(status),)], False
    d.place = _place(ctx, lex, d)


_ADDITION = (("اضافه", "الي"), ("بالاضافه", "الي"), ("و",))  # strong normal form


def _inherit_status(ctx: _Context, drafts: list[_Draft], d: _Draft) -> None:
    """ "قتل 26 ... بالإضافة إلى تسعة مقاتلين": an added count of people shares the status."""
    if not drafts or not (d.person or (d.noun is not None and d.noun.kind == "person")):
        return
    prev = drafts[-1]
    if prev.noun is None or prev.noun.kind != "casualty":
        return
    if not ctx.same_clause(prev.num_first, d.num_first) or d.first - prev.end > 8:
        return
    glued = ctx.toks[d.first].kind == "word" and ctx.norm(d.first).startswith("و")
    if glued or any(_match(ctx, d.first - len(f), f, False) for f in _ADDITION):
        d.noun, d.person = prev.noun, False


def _share_status(ctx: _Context, drafts: list[_Draft], d: _Draft) -> None:
    """Coordinated counts share a casualty status: "14 من مقاتلي الحركة و59 من قوات ... قتلوا"."""
    if not drafts or d.noun is None or d.noun.kind != "casualty":
        return
    prev = drafts[-1]
    joined = ctx.norm(d.first - 1) == "و" or ctx.norm(d.first).startswith("و")
    if (
        joined
        and prev.noun is not None
        and prev.noun.kind == "person"
        and 0 <= d.first - prev.end <= 3
        and ctx.same_clause(prev.num_first, d.num_first)
    ):
        prev.noun = d.noun


def _clause_range(ctx: _Context, i: int) -> range:
    """Tokens of the clause of token ``i``, capped so run-on text stays linear."""
    lo = bisect.bisect_left(ctx.clause, ctx.clause[i])
    hi = bisect.bisect_right(ctx.clause, ctx.clause[i])
    return range(max(lo, i - _CLAUSE_CAP), min(hi, i + _CLAUSE_CAP))


def _qualifier_after(ctx: _Context, lex: _Lexicon, d: _Draft) -> tuple[str | None, int]:
    """A nationality adjective in the noun phrase after the noun (not in a later phrase)."""
    nw = number_words()
    window = 1 if d.person else _QUALIFIER_WINDOW  # "آخرين" takes no adjective but the next
    for k in range(d.end, d.end + window):
        if not ctx.same_clause(d.num_first, k) or ctx.toks[k].kind == "num":
            break
        q = _nisba_at(ctx, lex, k)
        if q is not None:
            return q, k
        norm = ctx.norm(k)
        if norm in _STOP_WORDS or (norm in lex.partitive_preps and k > d.end):
            break
        if norm.startswith(("بال", "لل", "كال")) or nw.is_number_word(strip_clitic(norm, nw)):
            break  # a prepositional phrase or another count begins
    return None, -1


def _subject(ctx: _Context, lex: _Lexicon, d: _Draft) -> None:
    """The counted kind/qualifier stated before the number: "عدد القوات الأمريكية ... يبلغ 2500"."""
    for k in range(d.first - 1, max(-1, d.first - 10), -1):
        if not ctx.same_clause(k, d.first):
            break
        if ctx.norm(k - 1) != "عدد":
            continue
        found = _noun_at(ctx, lex, k, True)
        if found is None or found[0].is_unit:
            return
        if d.noun is None:
            d.noun, d.person = found[0], False
        if d.qualifier is None and d.noun.canonical == found[0].canonical:
            d.qualifier = _nisba_at(ctx, lex, found[1])
        return


def _casualty(ctx: _Context, lex: _Lexicon, d: _Draft, noun_end: int) -> str | None:
    before: tuple[int, str] | None = None
    for dist, k in enumerate(range(d.first - 1, d.first - 1 - _WINDOW_BEFORE, -1), 1):
        if not ctx.same_clause(k, d.first):
            break
        w = _unprefixed(ctx.norm(k), lex.cas_before)
        if w is not None:
            before = (dist, lex.cas_before[w])
            break
    if before is not None and before[0] <= 3:
        return before[1]
    for k in range(noun_end, noun_end + _WINDOW_AFTER):
        if not ctx.same_clause(k, d.num_first):
            break
        w = _unprefixed(ctx.norm(k), lex.cas_after)
        if w is not None:
            return lex.cas_after[w]
    return before[1] if before else None


def _place_at(ctx: _Context, lex: _Lexicon, k: int) -> tuple[str, int] | None:
    for size in range(lex.max_place_len, 0, -1):
        words = tuple(ctx.norm(k + m) for m in range(size))
        if size > 1 and not ctx.same_clause(k, k + size - 1):
            continue
        if words in lex.places:
            return lex.places[words], k + size
        if words[0].startswith("ب") and (words[0][1:], *words[1:]) in lex.places:
            return lex.places[(words[0][1:], *words[1:])], k + size
    return None


def _place_from(ctx: _Context, lex: _Lexicon, k: int) -> tuple[str, int] | None:
    """A place introduced at token ``k`` by a preposition, a ب- prefix or a direction word."""
    norm = ctx.norm(k)
    if norm in lex.place_preps or norm in lex.place_dirs:
        nxt = k + 1
        if ctx.norm(nxt) in lex.place_dirs:
            nxt += 1
        if ctx.same_clause(k, nxt):
            return _place_at(ctx, lex, nxt)
        return None
    if norm.startswith("ب") and len(norm) > 2:
        return _place_at(ctx, lex, k)
    return None


def _place(ctx: _Context, lex: _Lexicon, d: _Draft) -> str | None:
    for k in range(d.end, d.end + _WINDOW_AFTER):
        if not ctx.same_clause(k, d.num_first) or ctx.toks[k].kind == "num":
            break
        found = _place_from(ctx, lex, k)
        if found is not None:
            return found[0]
    for k in range(d.first - 1, max(-1, d.first - _CLAUSE_CAP), -1):
        if not ctx.same_clause(k, d.first):
            break
        found = _place_from(ctx, lex, k)
        if found is not None:
            return found[0]
    return None


def _figure(ctx: _Context, d: _Draft) -> Figure:
    last = ctx.toks[d.end - 1]
    start = d.start_char if d.start_char >= 0 else ctx.toks[d.first].start
    unit = d.noun.canonical if d.noun is not None and d.noun.is_unit else None
    counted = d.noun.canonical if d.noun is not None and not d.noun.is_unit else None
    if counted is None and unit is None and d.person:
        counted = "شخص"
    key = "|".join((counted or unit or "", d.qualifier or "", d.place or ""))
    return Figure(
        text=ctx.text[start : last.end],
        start=start,
        end=last.end,
        value=d.value,
        hedge=d.hedge,
        unit=unit,
        counted=counted,
        qualifier=d.qualifier,
        place=d.place,
        key=key,
    )
