"""Calendar arithmetic for :mod:`rasid.dates` (private): Hijri conversion, months, weeks, parts."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

MIN_YEAR, MAX_YEAR = 1, 9998


@dataclass(frozen=True, slots=True)
class Resolved:
    """A calendar value before it becomes a :class:`rasid.models.DateMention`."""

    value: str | None
    granularity: str
    earliest: date | None = None
    latest: date | None = None


def day(d: date) -> Resolved:
    return Resolved(d.isoformat(), "day", d, d)


def month(y: int, m: int) -> Resolved | None:
    if not MIN_YEAR <= y <= MAX_YEAR or not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    return Resolved(f"{y:04d}-{m:02d}", "month", date(y, m, 1), date(y, m, last))


def year(y: int) -> Resolved | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    return Resolved(f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def week(d: date) -> Resolved:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return Resolved(f"{iso.year:04d}-W{iso.week:02d}", "week", monday, monday + timedelta(days=6))


def interval(a: date, b: date) -> Resolved:
    a, b = min(a, b), max(a, b)
    return Resolved(f"{a.isoformat()}/{b.isoformat()}", "range", a, b)


def safe_date(y: int, m: int, d: int) -> date | None:
    if not MIN_YEAR <= y <= MAX_YEAR or not 1 <= m <= 12:
        return None
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return date(y, m, d)


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def shift(base: date, unit: str, n: int) -> Resolved | None:
    """The period ``n`` units away from ``base`` at that unit's granularity."""
    try:
        if unit == "day":
            return day(base + timedelta(days=n))
        if unit == "week":
            return week(base + timedelta(weeks=n))
        if unit == "month":
            return month(*add_months(base.year, base.month, n))
        if unit == "decade":
            return year(base.year + 10 * n)
        return year(base.year + n)
    except OverflowError:
        return None


def narrow(r: Resolved, part: str) -> Resolved:
    """Keep ``r``'s value but narrow its day range to its start, middle or end."""
    if r.earliest is None or r.latest is None:
        return r
    a, b = r.earliest, r.latest
    length = (b - a).days + 1
    if r.granularity == "year":
        y = a.year
        months = {"start": (1, 3), "mid": (5, 8), "end": (10, 12)}[part]
        last = calendar.monthrange(y, months[1])[1]
        return Resolved(r.value, r.granularity, date(y, months[0], 1), date(y, months[1], last))
    if r.granularity == "month":
        windows = {"start": (0, 9), "mid": (10, 19), "end": (20, length - 1)}
    else:
        third = max(length // 3, 1)
        windows = {"start": (0, third - 1), "mid": (third, 2 * third - 1),
                   "end": (2 * third, length - 1)}
    lo, hi = windows[part]
    hi = min(hi, length - 1)
    return Resolved(r.value, r.granularity, a + timedelta(days=lo), a + timedelta(days=hi))


def _tabular_hijri(y: int, m: int, d: int) -> date | None:
    # Arithmetic (civil) Islamic calendar: used outside hijridate's Umm al-Qura table
    # (1343-1500 AH); may be a day or two off the observed calendar.
    jdn = d + -(-59 * (m - 1) // 2) + (y - 1) * 354 + (3 + 11 * y) // 30 + 1948439
    ordinal = jdn - 1721425
    if ordinal < 1 or ordinal > date.max.toordinal():
        return None
    return date.fromordinal(ordinal)


def hijri_month_length(y: int, m: int) -> int:
    try:
        return int(Hijri(y, m, 1).month_length())
    except (OverflowError, ValueError):
        return 30 if m % 2 == 1 or (m == 12 and (14 + 11 * y) % 30 < 11) else 29


def hijri_to_gregorian(y: int, m: int, d: int) -> date | None:
    if not 1 <= m <= 12 or not 1 <= d <= 30 or y < 1:
        return None
    if d > hijri_month_length(y, m):
        return None
    try:
        g = Hijri(y, m, d).to_gregorian()
        return date(g.year, g.month, g.day)
    except (OverflowError, ValueError):
        return _tabular_hijri(y, m, d)


def hijri_month(y: int, m: int) -> Resolved | None:
    a = hijri_to_gregorian(y, m, 1)
    b = hijri_to_gregorian(y, m, hijri_month_length(y, m))
    return interval(a, b) if a and b else None


def hijri_year(y: int) -> Resolved | None:
    a = hijri_to_gregorian(y, 1, 1)
    b = hijri_to_gregorian(y, 12, hijri_month_length(y, 12))
    return interval(a, b) if a and b else None


def hijri_years(first: int, last: int) -> Resolved | None:
    """Hijri year ``first`` (to ``last``, as in 1435/1436 هـ) as a Gregorian day range."""
    a, b = hijri_year(first), hijri_year(last)
    if a is None or b is None or a.earliest is None or b.latest is None:
        return None
    return interval(a.earliest, b.latest)


def gregorian_to_hijri(d: date) -> tuple[int, int, int]:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return int(h.year), int(h.month), int(h.day)
    except (OverflowError, ValueError):
        # invert the arithmetic calendar by stepping from an estimate
        y = int((d.year - 622) * 33 / 32)
        while (start := _tabular_hijri(y + 1, 1, 1)) is not None and start <= d:
            y += 1
        m = 12
        while m > 1 and ((s := _tabular_hijri(y, m, 1)) is None or s > d):
            m -= 1
        first = _tabular_hijri(y, m, 1)
        return y, m, (d - first).days + 1 if first else 1


# ---- resolving partial and relative expressions against the publication date ----------------

Resolver = Callable[[date | None], Resolved | None]


def day_or_none(y: int, m: int, d: int) -> Resolved | None:
    x = safe_date(y, m, d)
    return day(x) if x else None


def narrowed(resolve: Resolver, part: str | None) -> Resolver:
    if part is None:
        return resolve

    def inner(p: date | None) -> Resolved | None:
        r = resolve(p)
        return narrow(r, part) if r is not None else None

    return inner


def month_year(p: date, m: int, sign: int | None, future: bool) -> int:
    if sign == -1:
        return p.year if m < p.month else p.year - 1
    if sign == 1:
        return p.year if m > p.month else p.year + 1
    if sign == 0:
        return p.year
    if future:
        return p.year if m >= p.month else p.year + 1
    return p.year if m <= p.month else p.year - 1


def partial_month(p: date | None, m: int, sign: int | None, future: bool) -> Resolved | None:
    return month(month_year(p, m, sign, future), m) if p else None


def partial_day(p: date | None, m: int, d: int, sign: int | None,
                 future: bool) -> Resolved | None:
    if p is None:
        return None
    if sign is None and not future:
        y = p.year if (m, d) <= (p.month, p.day) else p.year - 1
    elif sign is None:
        y = p.year if (m, d) >= (p.month, p.day) else p.year + 1
    else:
        y = month_year(p, m, sign, future)
    return day_or_none(y, m, d)


def hijri_month_in(gy: int, m: int) -> Resolved | None:
    hy = gregorian_to_hijri(date(gy, 1, 1))[0]
    for y in (hy, hy + 1):
        r = hijri_month(y, m)
        if r is not None and r.earliest is not None and r.earliest.year == gy:
            return r
    return None


def _nearest_hijri(p: date, at: Callable[[int], date | None], hy: int, sign: int | None,
                   future: bool) -> date | None:
    """Place a Hijri date without a year. Saudi and Gulf papers name Hijri dates of the current
    season without a year, for what is coming as often as for what happened, so with no cue the
    occurrence nearest to publication wins; المقبل/الماضي/الجاري and future clauses decide
    otherwise."""
    options = [(y, g) for y in (hy - 1, hy, hy + 1) if (g := at(y)) is not None]
    if not options:
        return None
    if sign == 0:
        return next((g for y, g in options if y == hy), None)
    if sign == -1:
        past = [g for _, g in options if g < p]
        return max(past) if past else None
    if sign == 1 or future:
        ahead = [g for _, g in options if (g > p if sign == 1 else g >= p)]
        return min(ahead) if ahead else None
    return min((g for _, g in options), key=lambda g: abs((g - p).days))


def partial_hijri_month(p: date | None, m: int, sign: int | None,
                        future: bool) -> Resolved | None:
    if p is None:
        return None
    hy = gregorian_to_hijri(p)[0]
    if sign is None and not future:
        # the month containing publication, else the one whose span is nearest to it
        best: Resolved | None = None
        best_gap = 0
        for y in (hy - 1, hy, hy + 1):
            r = hijri_month(y, m)
            if r is None or r.earliest is None or r.latest is None:
                continue
            gap = 0 if r.earliest <= p <= r.latest else min(abs((r.earliest - p).days),
                                                           abs((r.latest - p).days))
            if best is None or gap < best_gap:
                best, best_gap = r, gap
        return best
    start = _nearest_hijri(p, lambda y: hijri_to_gregorian(y, m, 1), hy, sign, future)
    if start is None:
        return None
    y = gregorian_to_hijri(start)[0]
    return hijri_month(y, m)


def weekday_near(p: date | None, wd: int, sign: int | None, future: bool) -> Resolved | None:
    if p is None:
        return None
    back = (p.weekday() - wd) % 7
    ahead = (wd - p.weekday()) % 7
    if sign == -1:
        return day(p - timedelta(days=back or 7))
    if sign == 1:
        return day(p + timedelta(days=ahead or 7))
    if future:
        return day(p + timedelta(days=ahead))
    return day(p - timedelta(days=back))


def partial_hijri_day(p: date | None, m: int, d: int, sign: int | None,
                      future: bool) -> Resolved | None:
    """A Hijri day and month without a year (see :func:`_nearest_hijri`)."""
    if p is None:
        return None
    hy = gregorian_to_hijri(p)[0]
    g = _nearest_hijri(p, lambda y: hijri_to_gregorian(y, m, d), hy, sign, future)
    return day(g) if g else None


def decade_around(p: date, sign: int) -> Resolved | None:
    """العقد الماضي / المقبل: the ten years before or after ``p``."""
    try:
        if sign < 0:
            return interval(p.replace(year=p.year - 10, day=min(p.day, 28)), p)
        return interval(p, p.replace(year=p.year + 10, day=min(p.day, 28)))
    except ValueError:
        return None
