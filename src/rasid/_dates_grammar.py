"""The date grammar of :mod:`rasid.dates` (private).

A left-to-right scan over tokens; every rule looks ahead a bounded number of tokens and the
longest match at a position wins, so the run time is linear in the text length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rasid import _dates_calendar as cal
from rasid._dates_calendar import Resolved, Resolver
from rasid._dates_lexicon import Lexicon, Prepared

log = logging.getLogger("rasid.dates")

_SEPS = frozenset("/-.")
_CLAUSE_END = frozenset(".!?؟؛:،,\"«»“”()")
_VAGUE_COUNT = {"day": 7, "week": 3, "month": 3, "year": 3, "decade": 2}
_FUNCTION_WORDS = frozenset(
    ["من", "على", "الى", "في", "عن", "مع", "بعد", "قبل", "حين", "عندما", "حيث", "ثم", "او", "قد",
     "لكن", "كما", "حتى", "اذ", "اذا", "بين", "ان", "انه", "لم", "لن", "ما", "عند", "لدى",
     "منذ", "اثناء", "خلال", "ضد", "حول", "عبر", "ضمن", "الا", "اي", "كان", "كانت"]
)

_NONE: list[_Lex] = []
_PLURAL_LEADS = ("خلال", "طوال", "طيله")  # lead-ins of "[خلال] الأيام الماضية"


@dataclass(frozen=True, slots=True)
class Hit:
    end: int  # token index after the match
    start_char: int  # normalised offsets
    end_char: int
    kind: str
    resolve: Resolver
    needs_anchor: bool


@dataclass(frozen=True, slots=True)
class _Lex:
    category: str
    payload: Any
    end: int  # token index after the phrase
    start_char: int  # after any proclitic


class Parser:
    def __init__(self, prep: Prepared, lex: Lexicon) -> None:
        self.p = prep
        self.lex = lex
        self.n = len(prep.words)
        self._cache: list[list[_Lex] | None] = [None] * self.n
        lead = {"date_nouns", "daypart", "day_word", "weekday"}
        self._triggers: tuple[tuple[Callable[[int], Hit | None], set[str]], ...] = (
            (self.r_full_date, lead | {"ordinal", "ordtens"}),
            (self.r_numeric, lead),
            (self.r_month, {"gmonth", "hmonth", "month_word", "part", "date_nouns"}),
            (self.r_year, {"year_nouns", "part", "date_nouns"}),
            (self.r_period, {"period", "this", "part"}),
            (self.r_plural, {"plural"}),
            (self.r_relday, {"relday", "daypart", "day_word"}),
            (self.r_weekday, {"weekday", "daypart", "day_word"}),
            (self.r_offset, {"offprep"}),
            (self.r_decade, {"decade"}),
        )

    # ---- token helpers -------------------------------------------------------------------
    def w(self, i: int) -> str:
        return self.p.words[i] if 0 <= i < self.n else ""

    def num(self, i: int, max_digits: int = 4) -> int | None:
        t = self.w(i)
        return int(t) if t.isdigit() and t.isascii() and len(t) <= max_digits else None

    def adjacent(self, i: int) -> bool:
        """Token ``i`` follows token ``i-1`` without a line break in between."""
        return "\n" not in self.p.norm[self.p.ends[i - 1]:self.p.starts[i]]

    def phrases(self, i: int) -> list[_Lex]:
        """Lexicon phrases starting at token ``i`` (memoised; empty for digits and punctuation)."""
        if not 0 <= i < self.n:
            return _NONE
        cached = self._cache[i]
        if cached is not None:
            return cached
        out: list[_Lex] = []
        word = self.p.words[i]
        if word[0].isalpha():
            for e, clitic in self.lex.readings(word):
                k = len(e.words)
                if i + k <= self.n and all(
                        self.p.words[i + j] == e.words[j] for j in range(1, k)):
                    out.append(_Lex(e.category, e.payload, i + k, self.p.starts[i] + clitic))
        self._cache[i] = out or _NONE
        return out

    def get(self, i: int, category: str, clitic: bool = True) -> _Lex | None:
        for x in self.phrases(i):
            if x.category == category and (clitic or x.start_char == self.p.starts[i]):
                return x
        return None

    # ---- building blocks -----------------------------------------------------------------
    def year_num(self, i: int) -> tuple[int, int, str | None, bool, int | None] | None:
        """``1948``, ``(1948)``, ``1445 هـ``, ``1936 - 1939``, ``(1931/1932)``.

        Returns (year, next index, era H/G/None, parenthesised, last year of a range or None).
        """
        paren = self.w(i) == "("
        j = i + 1 if paren else i
        t = self.w(j)
        if not (t.isdigit() and 3 <= len(t) <= 4):
            return None
        y, y2 = int(t), None
        j += 1
        t2 = self.w(j + 1)
        if (self.w(j) in ("-", "/", "–") and t2.isdigit() and len(t2) == 4 and int(t2) > y
                and self.w(j + 2) not in _SEPS):
            y2, j = int(t2), j + 2
        if paren:
            if self.w(j) != ")":
                return None
            j += 1
        era: str | None = None
        if (e := self.get(j, "eras_hijri", clitic=False)) is not None:
            era, j = "H", e.end
        elif (e := self.get(j, "eras_gregorian", clitic=False)) is not None and \
                self.w(e.end) not in ("مربع", "مكعب"):
            era, j = "G", e.end
        if len(t) == 3 and era is None:
            return None
        return y, j, era, paren, y2

    def month(self, i: int, clitic: bool = True) -> tuple[int, int, int, int] | None:
        """Gregorian month, double-named ones as one: (month, next, strictness, start_char)."""
        first = self.get(i, "gmonth", clitic)
        if first is None:
            return None
        num, level = first.payload
        j = first.end
        k = j + 1 if self.w(j) in ("/", "-", "(") else j
        second = self.get(k, "gmonth", clitic=False)
        if second is not None and second.payload[0] == num:
            j = second.end
            if self.w(k - 1) == "(" and self.w(j) == ")":
                j += 1
            level = 0
        return int(num), j, int(level), first.start_char

    def day_num(self, i: int) -> tuple[int, int] | None:
        """A day of the month: ``15`` or ``الخامس عشر`` / ``الحادي والعشرين``."""
        v = self.num(i, 2)
        if v is not None:
            return (v, i + 1) if 1 <= v <= 31 else None
        o = self.get(i, "ordinal")
        if o is not None:
            d, j = int(o.payload), o.end
            if (t := self.get(j, "ordteen", clitic=False)) is not None:
                return d + 10, t.end
            if (t := self.get(j, "ordtens")) is not None and self.w(j).startswith("و"):
                return d + int(t.payload), t.end
            return d, j
        o = self.get(i, "ordtens")
        return (int(o.payload), o.end) if o is not None else None

    def count(self, i: int) -> tuple[int | None, int] | None:
        """A cardinal before a unit noun: digits or words; None value for vague بضعة."""
        v = self.num(i, 3)
        if v is not None:
            return v, i + 1
        n = self.get(i, "number")
        if n is not None:
            if self.get(i, "vague") is not None:
                return None, n.end
            val, j = int(n.payload), n.end
            if (t := self.get(j, "teen", clitic=False)) is not None:
                return val + 10, t.end
            if (t := self.get(j, "tens")) is not None and self.w(j).startswith("و"):
                return val + int(t.payload), t.end
            return val, j
        t = self.get(i, "tens")
        return (int(t.payload), t.end) if t is not None else None

    def year_link(self, j: int) -> int:
        """Skip what may stand between a month and its year: ، / - من عام, العام الميلادي."""
        if self.w(j) in ("/", "-", "،", ","):
            return j + 1
        k = j + 1 if self.w(j) == "من" else j
        if (yn := self.get(k, "year_nouns", clitic=False)) is not None:
            k = yn.end
            if self.get(k, "eras_gregorian", clitic=False) or self.get(k, "eras_hijri",
                                                                         clitic=False):
                k += 1
            return k
        return j

    def direction(self, i: int) -> tuple[int, int] | None:
        d = self.get(i, "direction", clitic=False)
        return (int(d.payload), d.end) if d is not None else None

    def future(self, i: int) -> bool:
        """Does the clause before token ``i`` speak of the future?"""
        for k in range(i - 1, max(i - 9, -1), -1):
            t = self.p.words[k]
            if t in _CLAUSE_END or t == "." or not self.adjacent(k + 1):
                return False
            for base, _ in self.lex.bases(t):
                if base in self.lex.future_words:
                    return True
            core = t[1:] if t[:1] in ("و", "ف") else t
            if (len(core) >= 4 and core[0] == "س" and core[1] in "يتن"
                    and core not in self.lex.not_verbs and t not in self.lex.not_verbs):
                return True
        return False

    def prefix(self, i: int) -> tuple[int, int | None]:
        """Optional lead-in of a full date: بتاريخ / يوم / [يوم] الخميس [الموافق].

        Returns (index where the date proper starts, weekday or None).
        """
        j, wd = i, None
        if not self.phrases(i):
            return i, None
        if (d := self.get(j, "date_nouns")) is not None:
            return d.end + (self.w(d.end) == ":"), None
        if (d := self.get(j, "daypart")) is not None:
            j = d.end
        if (d := self.get(j, "day_word")) is not None:
            j = d.end
        if (d := self.get(j, "weekday")) is not None:
            wd, j = int(d.payload), d.end
            if self.w(j) in ("،", ","):
                j += 1
            if (a := self.get(j, "agreement")) is not None:
                j = a.end
        return j, wd

    # ---- rules ---------------------------------------------------------------------------
    def rules(self, i: int) -> list[Callable[[int], Hit | None]]:
        """The rules that can start at token ``i``, chosen by what the token is."""
        t = self.p.words[i]
        if t[0].isdigit():
            return [self.r_full_date, self.r_numeric, self.r_year]
        if t == "(":
            return [self.r_numeric, self.r_year]
        found = self.phrases(i)
        if not found and t not in _PLURAL_LEADS:
            return []  # most tokens: no lexicon phrase, no rule can start here
        cats = {x.category for x in found}
        if t in _PLURAL_LEADS:
            cats.add("plural")
        out: list[Callable[[int], Hit | None]] = []
        for rule, triggers in self._triggers:
            if cats & triggers:
                out.append(rule)
        return out

    def hit(self, i: int, end: int, kind: str, resolve: Resolver, needs_anchor: bool,
            start_char: int | None = None) -> Hit:
        s = self.p.starts[i] if start_char is None else start_char
        e = self.p.ends[end - 1]
        if self.w(i) == "(" and self.w(end - 1) == ")":
            # a bare "(1948)" is a year in brackets: the brackets are not part of the date
            s, e = self.p.starts[i + 1], self.p.ends[end - 2]
        return Hit(end, s, e, kind, resolve, needs_anchor)

    def start_of(self, i: int) -> int:
        """Start of token ``i`` after any proclitic that a lexicon reading strips."""
        return min((x.start_char for x in self.phrases(i)), default=self.p.starts[i])

    def r_full_date(self, i: int) -> Hit | None:
        """[بتاريخ|يوم|الخميس الموافق] 15 [من] [شهر] يناير/رجب [،] [2024 [هـ]]."""
        j, _wd = self.prefix(i)
        dn = self.day_num(j)
        if dn is None:
            return None
        d, j = dn
        if self.w(j) in ("/", "-", "من"):
            j += 1
        if (mw := self.get(j, "month_word", clitic=False)) is not None:
            j = mw.end
        gm = self.month(j, clitic=False)
        hm = self.get(j, "hmonth", clitic=False) if gm is None else None
        if gm is not None:
            j = gm[1]
        elif hm is not None:
            j = hm.end
        else:
            return None
        dirn = self.direction(j)
        yr = self.year_num(self.year_link(dirn[1] if dirn else j))
        if yr is not None and yr[4] is not None:
            yr = None
        if gm is not None:
            m = gm[0]
            if yr is not None and yr[2] != "H":
                y, end = yr[0], yr[1]
                return self.hit(i, end, "absolute", lambda _p: cal.day_or_none(y, m, d), False,
                                self.start_of(i))
            fut = self.future(i)
            end = dirn[1] if dirn else j
            sign = dirn[0] if dirn else None
            return self.hit(i, end, "partial",
                            lambda p: cal.partial_day(p, m, d, sign, fut), True, self.start_of(i))
        hmonth = int(hm.payload) if hm is not None else 0
        if yr is None:
            # السادس من شوال: the Hijri year comes from the publication date
            fut = self.future(i)
            end = dirn[1] if dirn else j
            hsign = dirn[0] if dirn else None
            return self.hit(i, end, "hijri",
                            lambda p: cal.partial_hijri_day(p, hmonth, d, hsign, fut), True,
                            self.start_of(i))
        if yr[2] == "G" or (yr[2] is None and yr[0] >= 1600):
            return None
        hy, end = yr[0], yr[1]

        def hijri(_p: date | None) -> Resolved | None:
            g = cal.hijri_to_gregorian(hy, hmonth, d)
            return cal.day(g) if g else None

        return self.hit(i, end, "hijri", hijri, False, self.start_of(i))

    def r_numeric(self, i: int) -> Hit | None:
        """[بتاريخ|الخميس الموافق] [(] 15/1/2024 [)] [هـ|م]  and ISO 2024-01-15."""
        j, _wd = self.prefix(i)
        paren = self.w(j) == "("
        if paren:
            j += 1
        a, s1, b, s2, c = self.p.words[j:j + 5] if j + 5 <= self.n else ("",) * 5
        if not (a.isdigit() and b.isdigit() and c.isdigit() and s1 in _SEPS and s1 == s2):
            return None
        # a chain like 1/2/3/4 is a list, a path or a code, not a date
        if self.w(j - 1) in _SEPS and self.w(j - 2).isdigit():
            return None
        if self.w(j + 5) in _SEPS and self.w(j + 6).isdigit():
            return None
        if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
            y, m, d = int(a), int(b), int(c)
        elif len(c) == 4 and len(a) <= 2 and len(b) <= 2:
            x, z = int(a), int(b)
            d, m = (z, x) if z > 12 >= x else (x, z)
            y = int(c)
        else:
            return None
        end = j + 5
        if paren:
            if self.w(end) != ")":
                return None
            end += 1
        era = None
        if (e := self.get(end, "eras_hijri", clitic=False)) is not None:
            era, end = "H", e.end
        elif (e := self.get(end, "eras_gregorian", clitic=False)) is not None:
            end = e.end
        if era == "H":
            def hijri(_p: date | None) -> Resolved | None:
                g = cal.hijri_to_gregorian(y, m, d)
                return cal.day(g) if g else None
            return self.hit(i, end, "hijri", hijri, False, self.start_of(i))
        if cal.safe_date(y, m, d) is None:
            return None
        return self.hit(i, end, "absolute", lambda _p: cal.day_or_none(y, m, d), False,
                        self.start_of(i))

    def r_month(self, i: int) -> Hit | None:
        """[مطلع] [شهر] يناير [كانون الثاني] [الماضي] [2020]  /  [شهر] رمضان [1445]."""
        j = i
        part = None
        if (dn := self.get(j, "date_nouns")) is not None:
            j = dn.end + (self.w(dn.end) == ":")
        if (pt := self.get(j, "part", clitic=j == i)) is not None:
            part, j = str(pt.payload), pt.end
        has_word = False
        if (mw := self.get(j, "month_word", clitic=j == i)) is not None:
            has_word, j = True, mw.end
        clitic_ok = j == i
        gm = self.month(j, clitic=clitic_ok)
        if gm is None:
            return self._hijri_month(i, j, part, has_word, clitic_ok)
        m, j, level, _ = gm
        dirn = self.direction(j)
        if dirn is not None:
            j = dirn[1]
        yr = self.year_num(self.year_link(j))
        if yr is not None and yr[4] is not None:
            yr = None
        if yr is not None and yr[2] != "H":
            y = yr[0]
            # a parenthesised full date after the month name: شباط (28/2/1945)
            if self.w(yr[1]) == "(" and (num := self.r_numeric(yr[1])) is not None:
                return self._extend(i, num)
            return self.hit(i, yr[1], "absolute", cal.narrowed(lambda _p: cal.month(y, m), part),
                            False, self.start_of(i))
        if self.w(j) == "(" and (num := self.r_numeric(j)) is not None:
            return self._extend(i, num)
        prev = self.get(i - 1, "prepositions") if i > 0 else None
        ok = {0: True,
              1: has_word or dirn is not None or part is not None or prev is not None,
              2: has_word or dirn is not None}[level]
        if not ok:
            return None
        fut = self.future(i)
        sign = dirn[0] if dirn else None
        return self.hit(i, j, "partial",
                        cal.narrowed(lambda p: cal.partial_month(p, m, sign, fut), part), True,
                        self.start_of(i))

    def _extend(self, i: int, inner: Hit) -> Hit:
        return Hit(inner.end, self.start_of(i), self.p.ends[inner.end - 1], inner.kind,
                    inner.resolve, inner.needs_anchor)

    def _hijri_month(self, i: int, j: int, part: str | None, has_word: bool,
                     clitic_ok: bool) -> Hit | None:
        hm = self.get(j, "hmonth", clitic=clitic_ok)
        if hm is None:
            return None
        m, j = int(hm.payload), hm.end
        if (ep := self.get(j, "epithet", clitic=False)) is not None:
            j = ep.end
        dirn = self.direction(j)
        if dirn is not None:
            j = dirn[1]
        yr = self.year_num(self.year_link(j))
        if yr is not None and yr[4] is None and (yr[2] == "H" or (yr[2] is None and yr[0] < 1600)):
            hy = yr[0]
            return self.hit(i, yr[1], "hijri",
                            cal.narrowed(lambda _p: cal.hijri_month(hy, m), part), False,
                            self.start_of(i))
        if yr is not None and yr[4] is None:
            gy = yr[0]  # رمضان عام 1992: the Ramadan that began in Gregorian 1992
            return self.hit(i, yr[1], "hijri",
                            cal.narrowed(lambda _p: cal.hijri_month_in(gy, m), part), False,
                            self.start_of(i))
        if not has_word:
            return None
        fut = self.future(i)
        sign = dirn[0] if dirn else None
        return self.hit(i, j, "hijri",
                        cal.narrowed(lambda p: cal.partial_hijri_month(p, m, sign, fut), part),
                        True, self.start_of(i))

    def r_year(self, i: int) -> Hit | None:
        """عام 2014 / العام (1948) هـ / مطلع 2019 / في 2014 / (1948) / حرب 1948 / 1445 هـ."""
        j, part, noun = i, None, False
        if (dn := self.get(j, "date_nouns")) is not None:
            noun, j = True, dn.end + (self.w(dn.end) == ":")
        if (pt := self.get(j, "part", clitic=j == i)) is not None:
            part, j = str(pt.payload), pt.end
        adj_era = None
        if (yn := self.get(j, "year_nouns", clitic=j == i)) is not None:
            noun, j = True, yn.end
            # العام الميلادي 2014, العام الهجري 1437
            if self.get(j, "eras_hijri", clitic=False) is not None:
                adj_era, j = "H", j + 1
            elif self.get(j, "eras_gregorian", clitic=False) is not None:
                adj_era, j = "G", j + 1
        yr = self.year_num(j)
        if yr is None:
            return None
        y, end, era, paren, y2 = yr
        era = era or adj_era
        # بين عامي 2001 و2007
        if noun and y2 is None and self.w(end) == "و" and self.num(end + 1) is not None \
                and len(self.w(end + 1)) == len(str(y)) and int(self.w(end + 1)) > y:
            y2, end = int(self.w(end + 1)), end + 2
        if not (noun or part or era):
            if not 1800 <= y <= 2100:
                return None
            # "(1948)" alone is a year, "(2571) مليون ريال" is an amount
            if paren and not self._year_follows(end):
                return None
            if not paren and not self._cued_year(i, end):
                return None
        elif not (noun or era) and not 1000 <= y <= 2100:
            return None
        elif era == "G" and not (noun or paren) and not 1500 <= y <= 2100:
            return None  # 1000 م is a thousand metres
        if era == "H":
            last_h = y2 or y
            return self.hit(i, end, "hijri",
                            cal.narrowed(lambda _p: cal.hijri_years(y, last_h), part), False,
                            self.start_of(i))
        if y2 is not None:
            last = y2
            return self.hit(i, end, "absolute",
                            lambda _p: cal.interval(date(y, 1, 1), date(last, 12, 31)), False,
                            self.start_of(i))
        return self.hit(i, end, "absolute", cal.narrowed(lambda _p: cal.year(y), part), False,
                        self.start_of(i))

    def _cued_year(self, i: int, end: int) -> bool:
        """Is the bare number at ``i`` a year by the word before it (في 2014, حرب 1948)?"""
        prev = self.get(i - 1, "prepositions")
        if prev is not None and self.p.words[i - 1][prev.start_char - self.p.starts[i - 1]:] \
                in self.lex.strong_cues:
            return True
        # حرب 1948, الانتفاضة الأولى 1987, ثورة فلسطين 1936: an event noun up to two words back
        if prev is None:
            return any(self._event_noun(k) for k in (i - 1, i - 2))
        return self._year_follows(end)

    def _event_noun(self, k: int) -> bool:
        if k < 0:
            return False
        t = self.w(k)
        return self.get(k, "event_nouns") is not None or (
            t.startswith("ال") and any(e.category == "event_nouns"
                                       for e in self.lex.entries(t[2:])))

    def _year_follows(self, j: int) -> bool:
        """After a weakly cued number: a counted noun (من 2500 جندي) means it is not a year."""
        t = self.w(j)
        if not t or not t[0].isalpha() or j >= self.n:
            return True
        # a counted noun is indefinite and bare; ال-words, conjunctions and prepositions are not
        if t.startswith(("ال", "و", "ف", "لل", "بال", "كال")) or t in _FUNCTION_WORDS:
            return True
        return any(x.category in ("gmonth", "eras_gregorian", "eras_hijri", "prepositions")
                   for x in self.phrases(j))

    def r_period(self, i: int) -> Hit | None:
        """[نهاية] [هذا] العام [الماضي|المقبل|الجاري]."""
        j, part, this = i, None, False
        if (pt := self.get(j, "part")) is not None:
            part, j = str(pt.payload), pt.end
        if (th := self.get(j, "this", clitic=part is None)) is not None:
            this, j = True, th.end
        per = self.get(j, "period", clitic=part is None and not this)
        if per is None:
            return None
        gran, j = str(per.payload), per.end
        if self.w(j) in self.lex.period_not_before or self.w(i - 1) in self.lex.period_not_after:
            return None  # العام الدراسي (school year), عطلة نهاية الأسبوع (weekend)
        dirn = self.direction(j)
        if dirn is not None:
            sign, j = dirn
        elif this or part:
            sign = 0
        else:
            return None
        if this and sign != 0:
            return None
        unit = gran
        if unit == "decade" and (dirn is None or sign == 0):
            return None  # العقد is also "the contract": only العقد الماضي/المقبل are decades
        if unit == "decade":
            return self.hit(i, j, "relative",
                            cal.narrowed(lambda p: cal.decade_around(p, sign) if p else None,
                                         part), True, self.start_of(i))
        return self.hit(i, j, "relative",
                        cal.narrowed(lambda p: cal.shift(p, unit, sign) if p else None, part), True,
                        self.start_of(i))

    def r_plural(self, i: int) -> Hit | None:
        """[خلال] الأيام [الخمسة] [القليلة] الماضية/المقبلة/الأخيرة."""
        j = i
        lead = self.w(j)
        if lead in _PLURAL_LEADS:
            j += 1
        pl = self.get(j, "plural", clitic=j == i)
        if pl is None:
            return None
        unit, j = str(pl.payload), pl.end
        n: int | None = None
        if (c := self.count(j)) is not None:
            n, j = c
        elif self.w(j).startswith("ال") and (
                e := [x for x in self.lex.entries(self.w(j)[2:]) if x.category == "number"]):
            n, j = int(e[0].payload), j + 1  # الأيام الخمسة الماضية
        if self.w(j) == "القليله":
            j += 1
        dirn = self.direction(j)
        if dirn is None or dirn[0] == 0:
            return None
        sign, j = dirn
        if self.w(j) == "من" or self.w(j).startswith("لل"):
            return None  # الأيام الأخيرة للحرب: the last days of something else
        size = n or _VAGUE_COUNT[unit]

        def resolve(p: date | None) -> Resolved | None:
            if p is None:
                return None
            other = cal.shift(p, unit, sign * size)
            if other is None or other.earliest is None:
                return None
            return cal.interval(p, other.earliest if sign < 0 else other.latest or p)

        return self.hit(i, j, "relative", resolve, True, self.start_of(i))

    def r_relday(self, i: int) -> Hit | None:
        """[مساء] [يوم] أمس|اليوم|غدا [الأربعاء]."""
        j = i
        if (dp := self.get(j, "daypart")) is not None:
            j = dp.end
        if (dw := self.get(j, "day_word", clitic=j == i)) is not None and \
                self.get(dw.end, "relday", clitic=False) is not None:
            j = dw.end
        rd = self.get(j, "relday", clitic=j == i)
        if rd is None:
            # غد alone is too often figurative; غد الأحد / يوم غد are tomorrow
            rd = self.get(j, "relday_weekday", clitic=j == i)
            if rd is None or (self.get(rd.end, "weekday", clitic=False) is None
                              and self.get(j - 1, "day_word") is None):
                return None
        off, j = int(rd.payload), rd.end
        if self.w(j) in self.lex.relday_not_before:
            return None  # أمسّ الحاجة (most in need)
        if off == 0:
            nxt = self.w(j)
            if nxt in self.lex.today_after or self.w(i - 1) in self.lex.today_before:
                return None
            if nxt.startswith("ال") and self.get(j, "weekday", clitic=False) is None \
                    and self.get(j, "agreement", clitic=False) is None:
                return None
        wd = None
        if (w := self.get(j, "weekday", clitic=False)) is not None:
            wd, j = int(w.payload), w.end
        text = self.p.norm[self.p.starts[i]:self.p.ends[j - 1]]

        def resolve(p: date | None) -> Resolved | None:
            if p is None:
                return None
            d = p + timedelta(days=off)
            if wd is not None and d.weekday() != wd:
                log.debug("%r: weekday disagrees with the relative day; keeping %s", text, d)
            return cal.day(d)

        return self.hit(i, j, "relative", resolve, True, self.start_of(i))

    def r_weekday(self, i: int) -> Hit | None:
        """[مساء|ليل] [يوم] الخميس [الماضي|المقبل]."""
        j = i
        if (dp := self.get(j, "daypart")) is not None:
            j = dp.end
        if (dw := self.get(j, "day_word", clitic=j == i)) is not None:
            j = dw.end
        w = self.get(j, "weekday", clitic=j == i)
        if w is None:
            return None
        wd, j = int(w.payload), w.end
        if self.w(j) in ("عشر", "عشره") or self.w(i - 1) in self.lex.weekday_blockers:
            return None  # الأحد عشر (eleven), كلا الاثنين (both), سوق الخميس (a market)
        dirn = self.direction(j)
        sign = None
        if dirn is not None and dirn[0] != 0:
            sign, j = dirn
        fut = self.future(i)
        return self.hit(i, j, "relative", lambda p: cal.weekday_near(p, wd, sign, fut), True,
                        self.start_of(i))

    def r_decade(self, i: int) -> Hit | None:
        """الأربعينات / تسعينيات القرن الماضي (not في الأربعينات من عمره)."""
        dec = self.get(i, "decade")
        if dec is None:
            return None
        tens, j = int(dec.payload), dec.end
        century = 1900
        k = j + 1 if self.w(j) == "من" else j
        if (c := self.get(k, "century", clitic=False)) is not None:
            century, j = int(c.payload), c.end
        if self.w(j) in self.lex.decade_not_before or self.w(j + 1) in self.lex.decade_not_before:
            return None
        first = century + tens
        return self.hit(i, j, "absolute",
                        lambda _p: cal.interval(date(first, 1, 1), date(first + 9, 12, 31)),
                        False, self.start_of(i))

    def r_offset(self, i: int) -> Hit | None:
        """قبل ثلاثة أيام / منذ أسبوعين / بعد شهرين / قبل نحو 20 عاما."""
        op = self.get(i, "offprep")
        if op is None:
            return None
        sign, j = int(op.payload), op.end
        if self.w(j) in ("نحو", "حوالي", "قرابه", "زهاء", "اكثر", "اقل"):
            j += 2 if self.w(j + 1) == "من" else 1
        n: int | None
        c = self.count(j)
        if c is not None:
            n, j = c
            u = self.get(j, "unit", clitic=False)
            if u is None:
                return None
        else:
            u = self.get(j, "unit", clitic=False)
            if u is None:
                return None
            n = int(u.payload[1])
            if n == 0:
                return None
        unit, j = str(u.payload[0]), u.end
        # "بعد يومين من الهجوم" counts from an event, not from the publication date;
        # "قبل عام 2014", "بعد يوم الخميس" are other constructions
        if self.w(j) in ("واحد", "واحده"):
            j += 1
        nxt = self.get(j, "anchor", clitic=False)
        if nxt is not None or self.w(j).isdigit() or self.w(j) == "(":
            return None
        if any(x.category in ("weekday", "gmonth", "hmonth", "relday") for x in self.phrases(j)):
            return None
        count = n

        def resolve(p: date | None) -> Resolved | None:
            if p is None:
                return None
            if count is None:
                near, far = cal.shift(p, unit, 3 * sign), cal.shift(p, unit, 9 * sign)
                if near is None or far is None or near.earliest is None or far.earliest is None:
                    return None
                return cal.interval(near.earliest, far.earliest)
            return cal.shift(p, unit, sign * count)

        return self.hit(i, j, "relative", resolve, True, self.start_of(i))

    # ---- driver --------------------------------------------------------------------------
    def best_at(self, i: int) -> Hit | None:
        """The longest match starting at token ``i`` (earlier rules win ties)."""
        best: Hit | None = None
        for rule in self.rules(i):
            h = rule(i)
            if h is not None and (best is None or h.end > best.end):
                best = h
        return best

    def may_start(self, i: int) -> bool:
        """Could any rule start at token ``i``? False only where :meth:`rules` would be empty
        (no digit, no bracket, no lead-in, no lexicon reading of the word), so most tokens are
        passed over without building their phrases."""
        t = self.p.words[i]
        return t[0].isdigit() or t == "(" or t in _PLURAL_LEADS or (
            t[0].isalpha() and bool(self.lex.readings(t)))

    def run(self) -> list[Hit]:
        hits: list[Hit] = []
        i = 0
        while i < self.n:
            best = self.best_at(i) if self.may_start(i) else None
            if best is None:
                i += 1
                continue
            # "السادس من شوال الموافق 22 يوليو": one date told in two calendars; keep the
            # more explicit reading, the Gregorian one when both are as explicit
            if best.end < self.n and (ag := self.get(best.end, "agreement", clitic=False)):
                other = self.best_at(ag.end) if ag.end < self.n else None
                if other is not None:
                    keep = other if _rank(other) >= _rank(best) else best
                    best = Hit(other.end, best.start_char, other.end_char, keep.kind,
                               keep.resolve, keep.needs_anchor)
            hits.append(best)
            i = best.end
        return hits


def _rank(h: Hit) -> int:
    if not h.needs_anchor:
        return 4
    # a yearless Hijri date is placed more reliably (nearest occurrence) than a yearless
    # Gregorian one, which defaults to the past
    return {"hijri": 3, "partial": 2}.get(h.kind, 1)
