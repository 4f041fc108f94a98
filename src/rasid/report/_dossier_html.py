"""HTML fragment of a story dossier, for report.html.

Reads top-down the way an editor briefs a colleague: headline and coverage, the short summary,
what happened when, where sources disagree, the numbers (with a small chart of each figure over
time), who is involved, who said what, and the coverage over time. Every string from an article
is untrusted and goes through ``html.escape``; mixed-direction bits (outlet names, numbers, ISO
dates) are isolated with ``<bdi>`` or ``dir="ltr"`` so they do not scramble the Arabic line.
No script, no external resource: the chart is inline SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from importlib.resources import files

from rasid.dossier import (
    Disagreement,
    Dossier,
    FigureSeries,
    Speaker,
    Statement,
    StoryEntity,
    TimelineEvent,
)

_GRANULARITY = {"day": "", "week": "أسبوع", "month": "شهر", "year": "عام"}
_KIND = {"figure_conflict": "أرقام متعارضة في الفترة نفسها",
         "figure_change": "رقم تغيّر مع الوقت",
         "contradiction": "تصريحان متناقضان"}
_STYPE = {"person": "شخص", "org": "جهة", "anonymous": "مصدر غير مسمّى"}
# a big story keeps the page readable: the JSON has everything, the page shows the first ones
SHOW_SOURCES, SHOW_QUOTES, SHOW_POINTS, SHOW_ENTITIES, SHOW_EVENTS = 5, 8, 12, 12, 40


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def dossier_css() -> str:
    """The stylesheet of the fragment, for the page's ``<style>``."""
    return files("rasid.data").joinpath("dossier/dossier.css").read_text(encoding="utf-8")


def _ltr(text: object) -> str:
    return f'<bdi dir="ltr">{_e(text)}</bdi>'


def _time(value: str | None) -> str:
    if not value:
        return '<span class="src">بلا تاريخ</span>'
    return f'<time datetime="{_e(value[:10])}" dir="ltr">{_e(value[:10])}</time>'


def _source(source: str | None, article: str) -> str:
    name = f"<bdi>{_e(source)}</bdi>" if source else f'مصدر غير مسمّى {_ltr(article)}'
    return f'<span class="art" data-article="{_e(article)}" title="{_e(article)}">{name}</span>'


def _cite(source: str | None, article: str, published: str | None) -> str:
    return f'<span class="src">— {_source(source, article)}، {_time(published)}</span>'


def _more(hidden: int) -> str:
    return f' <span class="src">و{_ltr(hidden)} غيرها في analysis.json</span>' if hidden else ""


def _num(value: float) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
    return _ltr(text)


# -- sections -----------------------------------------------------------------------------------

def _header(d: Dossier) -> str:
    dated = [a.published for a in d.articles if a.published]
    span = ""
    if dated:
        first, last = min(dated), max(dated)
        span = f"، {_time(first)}" + (f" ← {_time(last)}" if last[:10] != first[:10] else "")
    outlets = (f"{_ltr(d.outlet_count)} منابر" if d.outlet_count != 1 else "منبر واحد")
    if d.unattributed:
        outlets += f" و{_ltr(d.unattributed)} بلا مصدر معروف"
    dups = sum(1 for a in d.articles if a.duplicate_of)
    dup_note = f"، و{_ltr(dups)} نسخ مكررة" if dups else ""
    title = _e(d.headline.text) if d.headline else "قصة بلا عنوان"
    return (f'<p class="kicker">ملف القصة {_ltr(d.story_id)} · {_ltr(d.article_count)} '
            f"مقالات من {outlets}{dup_note}{span}</p><h2>{title}</h2>")


def _summary(d: Dossier) -> str:
    if not d.summary:
        return ""
    items = "".join(f"<li>{_e(s.text)} {_cite(s.source, s.article, s.published)}</li>"
                    for s in d.summary)
    return f'<h3>الخلاصة</h3><ol class="summary">{items}</ol>'


def _event(ev: TimelineEvent) -> str:
    gran = _GRANULARITY.get(ev.granularity, ev.granularity)
    label = f'<time datetime="{_e(ev.earliest)}" dir="ltr">{_e(ev.date)}</time>'
    if gran:
        label += f' <span class="tag">{_e(gran)}</span>'
    seen: dict[str, str] = {}
    for r in ev.reports:
        # one citation per outlet (an unattributed article stands for itself)
        seen.setdefault(r.source or r.article, _source(r.source, r.article))
    sources = "، ".join(list(seen.values())[:SHOW_SOURCES])
    return (f'<li>{label} {_e(ev.text)} <span class="src">— {sources}</span>'
            f"{_more(len(seen) - SHOW_SOURCES if len(seen) > SHOW_SOURCES else 0)}</li>")


def _timeline(d: Dossier) -> str:
    if not d.timeline:
        return ""
    events = list(d.timeline)
    if len(events) > SHOW_EVENTS:
        # the most widely reported events, still in date order
        ranked = sorted(range(len(events)), key=lambda i: (-len(events[i].reports), i))
        keep = set(ranked[:SHOW_EVENTS])
        events = [ev for i, ev in enumerate(events) if i in keep]
    return ('<h3>التسلسل الزمني للأحداث</h3><ol class="timeline">'
            + "".join(_event(ev) for ev in events) + "</ol>"
            + _more(len(d.timeline) - len(events)))


def _statement(st: Statement) -> str:
    who = f"<strong>{_e(st.speaker)}</strong>: " if st.speaker else ""
    value = f'<span class="tag">{_num(st.value)}</span>' if st.value is not None else ""
    return f"<p>{value}{who}{_e(st.text)} {_cite(st.source, st.article, st.published)}</p>"


def _side(statements: Sequence[Statement], cls: str, head: str) -> str:
    return (f'<div class="side {cls}"><p class="kicker">{head}</p>'
            + "".join(_statement(s) for s in statements) + "</div>")


def _disagreement(x: Disagreement) -> str:
    kind = _KIND.get(x.kind, x.kind)
    if x.kind == "contradiction":
        left = _side(x.sides[0], "pos", "يؤكد")
        right = _side(x.sides[1], "neg", "ينفي")
        topic = _e(x.label)
    else:
        left = _side(x.sides[0], "", "قبل" if x.kind == "figure_change" else "رواية")
        right = _side(x.sides[1], "", "بعد" if x.kind == "figure_change" else "رواية أخرى")
        topic = f"<bdi>{_e(x.topic.replace('|', ' · '))}</bdi>: {_ltr(x.label)}"
    return (f'<div class="disagreement"><p><span class="tag">{_e(kind)}</span>{topic}</p>'
            f'<div class="versus">{left}{right}</div></div>')


def _disagreements(d: Dossier) -> str:
    if not d.disagreements:
        return ""
    return ("<h3>أين تختلف المصادر</h3>"
            + "".join(_disagreement(x) for x in d.disagreements))


def _ordinal(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def figure_chart(series: FigureSeries, *, width: int = 360, height: int = 150) -> str:
    """Inline SVG of a figure's values over publication time (points joined by a line)."""
    pts = [(x, p) for p in series.points if (x := _ordinal(p.published)) is not None]
    if not pts:
        return ""
    pad_l, pad_r, pad_t, pad_b = 52, 16, 14, 26
    xs = [x for x, _ in pts]
    x0, x1 = min(xs), max(xs)
    top = max(p.value for _, p in pts)
    bottom = min(0.0, min(p.value for _, p in pts))
    top = top * 1.1 if top > 0 else 1.0

    def sx(x: int) -> float:
        if x1 == x0:
            return (pad_l + width - pad_r) / 2
        return pad_l + (x - x0) / (x1 - x0) * (width - pad_l - pad_r)

    def sy(v: float) -> float:
        return height - pad_b - (v - bottom) / (top - bottom) * (height - pad_t - pad_b)

    coords = [(sx(x), sy(p.value), p) for x, p in pts]
    line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _ in coords)
    dots = "".join(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#0b5d7a">'
        f"<title>{_e(p.published or '')[:10]} · {_e(p.source or p.article)} · "
        f"{_e(p.text)}</title></circle>"
        for cx, cy, p in coords)
    # a value is labelled where it first appears: a run of equal values reads as one level
    labels = "".join(
        f'<text x="{cx:.1f}" y="{cy - 7:.1f}" font-size="10" text-anchor="middle">'
        f"{_e(f'{p.value:,.0f}' if p.value == int(p.value) else f'{p.value:g}')}</text>"
        for i, (cx, cy, p) in enumerate(coords) if i == 0 or coords[i - 1][2].value != p.value)
    first = (pts[0][1].published or "")[:10]
    last = (pts[-1][1].published or "")[:10]
    axis = (f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - pad_r}" '
            f'y2="{height - pad_b}" stroke="#99a" />'
            f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{height - pad_b}" stroke="#99a" />'
            f'<text x="{pad_l}" y="{height - 8}" font-size="10">{_e(first)}</text>'
            f'<text x="{width - pad_r}" y="{height - 8}" font-size="10" text-anchor="end">'
            f"{_e(last)}</text>"
            f'<text x="{pad_l - 4}" y="{height - pad_b + 4}" font-size="10" '
            f'text-anchor="end">{_e(f"{bottom:,.0f}")}</text>')
    label = f"{series.key}: " + "، ".join(f"{p.value:g} ({(p.published or '')[:10]})"
                                         for _, p in pts)
    poly = (f'<polyline points="{line}" fill="none" stroke="#0b5d7a" stroke-width="2" />'
            if len(coords) > 1 else "")
    return (f'<svg class="chart" dir="ltr" style="direction:ltr" role="img" '
            f'aria-label="{_e(label)}" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}">{axis}{poly}{dots}{labels}</svg>')


def _figure(series: FigureSeries) -> str:
    parts = [x for x in (series.counted, series.unit) if x]
    what = " ".join(parts) or series.key.replace("|", " ")
    where = f" في {_e(series.place)}" if series.place else ""
    rows = "".join(
        f"<tr><td>{_time(p.published)}</td><td>{_num(p.value)}"
        f"{' <span class=tag>' + _e(p.hedge) + '</span>' if p.hedge else ''}</td>"
        f"<td>{_source(p.source, p.article)}</td><td>{_e(p.text)}</td></tr>"
        for p in series.points[:SHOW_POINTS])
    hidden = max(len(series.points) - SHOW_POINTS, 0)
    chart = figure_chart(series) if len({p.published for p in series.points}) > 1 else ""
    return (f"<figure>{chart}<figcaption><strong>{_e(what)}</strong>{where} "
            f'<span class="src"><bdi>{_e(series.key)}</bdi></span></figcaption>'
            f"<table><tr><th>النشر</th><th>القيمة</th><th>المصدر</th><th>النص</th></tr>"
            f"{rows}</table>{_more(hidden)}</figure>")


def _figures(d: Dossier) -> str:
    if not d.figures:
        return ""
    return "<h3>الأرقام</h3>" + "".join(_figure(s) for s in d.figures)


def _entity(ent: StoryEntity) -> str:
    variants = (f' <span class="variants">(ويُكتب أيضاً: '
                f'{"، ".join(f"<bdi>{_e(v)}</bdi>" for v in ent.variants)})</span>'
                if ent.variants else "")
    role = f" — {_e(ent.role)}" if ent.role else ""
    return (f"<li><strong><bdi>{_e(ent.name)}</bdi></strong>{role}{variants} "
            f'<span class="src">{_ltr(ent.mentions)} ذكر في {_ltr(len(ent.articles))} مقال'
            "</span></li>")


def _entities(d: Dossier) -> str:
    out = []
    for title, items in (("الأشخاص", d.people), ("الجهات", d.organisations),
                         ("الأماكن", d.places)):
        if items:
            shown = "".join(_entity(e) for e in items[:SHOW_ENTITIES])
            out.append(f"<h3>{title}</h3><ul>{shown}</ul>")
    return "".join(out)


def _speaker(s: Speaker) -> str:
    name = f"<bdi>{_e(s.name)}</bdi>" if s.name else "متحدث غير محدد"
    role = f" — {_e(s.role)}" if s.role else ""
    kind = _STYPE.get(s.speaker_type, s.speaker_type)
    items = "".join(
        f"<li>{'«' + _e(q.text) + '»' if q.direct else _e(q.text)}"
        f"{'' if q.direct else ' <span class=tag>نقل غير مباشر</span>'} "
        f"{_cite(q.source, q.article, q.published)}</li>"
        for q in s.quotes[:SHOW_QUOTES])
    items += _more(max(len(s.quotes) - SHOW_QUOTES, 0))
    opened = " open" if len(s.quotes) <= 3 else ""
    return (f"<details{opened}><summary>{name}{role} <span class=\"tag\">{_e(kind)}</span> "
            f"({_ltr(len(s.quotes))})</summary><ul>{items}</ul></details>")


def _speakers(d: Dossier) -> str:
    if not d.speakers:
        return ""
    return "<h3>من قال ماذا</h3>" + "".join(_speaker(s) for s in d.speakers)


def _coverage(d: Dossier) -> str:
    rows = []
    for a in d.articles:
        cls = ' class="first"' if a.id == d.first_report else ""
        note = (f' <span class="dup">نسخة من {_ltr(a.duplicate_of)}</span>'
                if a.duplicate_of else "")
        first = ' <span class="tag">السبق</span>' if a.id == d.first_report else ""
        rows.append(f"<tr{cls}><td>{_time(a.published)}</td><td>{_source(a.source, a.id)}"
                    f"{first}</td><td>{_e(a.title or '—')}{note}</td></tr>")
    return ("<h3>التغطية عبر الزمن</h3><table><tr><th>النشر</th><th>المنبر</th>"
            f"<th>العنوان</th></tr>{''.join(rows)}</table>")


def render_dossier(d: Dossier, *, include_css: bool = False) -> str:
    """The dossier as an HTML fragment (a ``<section>``); ``include_css`` prepends its
    ``<style>`` for use outside report.html (the report adds :func:`dossier_css` once)."""
    css = f"<style>{dossier_css()}</style>" if include_css else ""
    body = [_header(d), _summary(d), _timeline(d), _disagreements(d), _figures(d),
            _entities(d), _speakers(d)]
    if len(d.articles) > 1:
        body.append(_coverage(d))
    single = " single" if len(d.articles) <= 1 else ""
    return (f'{css}<section class="card dossier{single}" dir="rtl" lang="ar" '
            f'id="story-{_e(d.story_id)}">' + "".join(p for p in body if p) + "</section>")
