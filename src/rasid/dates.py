"""Find date expressions in Arabic news text and resolve them to the calendar.

One public entry point, :func:`extract_dates`, plus :func:`infer_publication_range` for texts
without a publication date. The grammar is a left-to-right scan over tokens where every rule
looks ahead a bounded number of tokens, so the run time is linear in the text length.

Resolution policy (news conventions):

* a bare weekday (``الخميس``) is the most recent such day on or before publication — the same
  day when the article is published on that weekday — or the next one on or after it when the
  clause speaks of the future (``المقبل``, a ``سـ`` verb, ``من المقرر`` ...);
* a bare month (``في أبريل``) is the most recent such month not after the publication month,
  or the next one not before it in a future clause; ``يناير الماضي`` is the most recent January
  strictly before the publication month, ``يناير المقبل`` the next one strictly after it;
  an explicit year always wins (``يناير الماضي 2020``);
* ``أمس الأربعاء``: when the weekday disagrees with ``أمس``, ``أمس`` wins (logged at debug level);
* parts of the day (``مساء الخميس``) stay in the span but not in the value;
* parts of a period (``نهاية العام``) keep the period as value and narrow ``earliest``/``latest``;
* vague plural periods (``خلال الأشهر المقبلة``) become ranges from the publication date.

Without a publication date, mentions that need one get ``value=None`` and ``anchored=False``.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from rasid._dates_grammar import Hit, Parser
from rasid._dates_lexicon import lexicon, prepare
from rasid.models import DateMention

log = logging.getLogger(__name__)

__all__ = ["extract_dates", "infer_publication_range"]


def _publication(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        log.warning("publication date %r is not ISO; relative dates stay unanchored", published)
        return None


def extract_dates(text: str, published: str | None) -> tuple[DateMention, ...]:
    """Date mentions in ``text``, in order, resolved against ``published`` (ISO date/datetime).

    Spans index ``text`` itself (``text[m.start:m.end] == m.text``). A ``published`` value that
    is not ISO is treated as absent (logged), never raised.
    """
    prep = prepare(text)
    pub = _publication(published)
    out: list[DateMention] = []
    for h in Parser(prep, lexicon()).run():
        start, end = prep.span(h.start_char, h.end_char)
        anchored = pub is not None or not h.needs_anchor
        r = h.resolve(pub) if anchored else None
        if r is None:
            out.append(DateMention(text[start:end], start, end, None, "unknown" if anchored
                                   else _granularity_hint(h), h.kind, anchored=anchored))
            continue
        out.append(DateMention(
            text[start:end], start, end, r.value, r.granularity, h.kind,
            r.earliest.isoformat() if r.earliest else None,
            r.latest.isoformat() if r.latest else None, anchored))
    return tuple(out)


def _granularity_hint(h: Hit) -> str:
    # resolve against an arbitrary anchor just to learn the granularity of the expression
    r = h.resolve(date(2000, 6, 15))
    return r.granularity if r is not None else "unknown"


def infer_publication_range(text: str) -> tuple[str, str] | None:
    """Estimate when an undated text was published, from the absolute dates it mentions.

    This is an *estimate*: the text was presumably written no earlier than the start of the
    latest period it mentions absolutely (dates, months, years, Hijri dates), and we allow one
    year after the end of that period. Returns ISO days ``(earliest, latest)`` or None when the
    text names no absolute date.
    """
    best: DateMention | None = None
    for m in extract_dates(text, None):
        if m.kind in ("absolute", "hijri") and m.earliest and m.latest and (
                best is None or (m.earliest, m.latest) > (best.earliest or "", best.latest or "")):
            best = m
    if best is None or best.earliest is None or best.latest is None:
        return None
    last = date.fromisoformat(best.latest)
    try:
        until = last.replace(year=last.year + 1)
    except ValueError:  # 29 February, or year 9999
        until = last + timedelta(days=365)
    return best.earliest, until.isoformat()
