"""report.html: a right-to-left page a person can read on a phone or a desktop.

All article text is untrusted: every string goes through ``html.escape``; URLs are linked
only when they are http(s).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from html import escape
from importlib.resources import files
from typing import Any, TextIO

from rasid.dossier import Dossier
from rasid.models import Article, IngestFailure, Span
from rasid.report._dossier_html import dossier_css, render_dossier

REASONS = {
    "section": "اسم قسم",
    "byline": "اسم الكاتب أو التوقيع",
    "published_label": "وسم النشر",
    "reading_time": "مدة القراءة",
    "caption": "تعليق صورة",
    "share_prompt": "دعوة للمشاركة أو الاشتراك",
    "related": "روابط ذات صلة",
    "navigation": "عنصر تصفح",
    "sidebar": "أخبار جانبية غير متصلة",
    "title_repeat": "تكرار العنوان",
    "duplicate": "فقرة مكررة",
}

_LABELS = {"PERS": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى", "DATE": "تاريخ",
           "FIG": "رقم"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _link(url: str | None) -> str:
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return f'<a class="ltr" href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>'
    return f'<span class="ltr">{_e(url)}</span>'


def _marks(article: Article) -> list[tuple[int, int, str, str]]:
    """Highlight spans (start, end, css class, tooltip), non-overlapping, in order."""
    found: list[tuple[int, int, str, str]] = []
    found += [(m.start, m.end, m.label, _LABELS.get(m.label, m.label)) for m in article.mentions]
    found += [(d.start, d.end, "DATE", d.value or "?") for d in article.dates]
    found += [(f.start, f.end, "FIG", f.key) for f in article.figures]
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str, str]] = []
    end = -1
    for mark in found:
        if mark[0] >= end:
            kept.append(mark)
            end = mark[1]
    return kept


def _paragraph(body: str, span: Span, marks: Sequence[tuple[int, int, str, str]]) -> str:
    out: list[str] = []
    pos = span.start
    for start, stop, cls, tip in marks:
        if start < span.start or stop > span.end:
            continue
        out.append(_e(body[pos:start]))
        out.append(f'<mark class="{_e(cls)}" title="{_e(tip)}">{_e(body[start:stop])}</mark>')
        pos = stop
    out.append(_e(body[pos:span.end]))
    return "<p>" + "".join(out) + "</p>"


def _display_title(article: Article) -> str:
    """The headline, or for an article without one the start of its lead, marked as such."""
    if article.title:
        return _e(article.title)
    lead = article.body[: article.sentences[0].end if article.sentences else 90]
    if len(lead) > 90:
        lead = lead[:90].rsplit(" ", 1)[0] + "…"
    return f'<span class="untitled" title="بلا عنوان في المصدر">{_e(lead)}</span>'


def _article(article: Article, index: int) -> str:
    meta = [f"<bdi>{_e(x)}</bdi>" for x in (article.source, article.published) if x]
    meta.append(f'<span class="ltr">{_e(article.path)}</span>')
    parts = [f'<article class="card" id="a{index}">',
             f"<h2>{_display_title(article)}</h2>",
             f'<div class="meta">{"".join(f"<span>{m}</span>" for m in meta)}'
             f"{_link(article.url)}</div>"]
    if article.dateline:
        parts.append(f'<p class="dateline">{_e(article.dateline)}</p>')
    marks = _marks(article)
    heads = {h.offset: h.text for h in article.subheads}
    paragraphs = article.paragraphs or (Span(0, len(article.body)),)
    for span in paragraphs:
        if span.start in heads:
            parts.append(f"<h3>{_e(heads[span.start])}</h3>")
        parts.append(_paragraph(article.body, span, marks))
    parts.append(_extractions(article))
    if article.removed:
        rows = "".join(
            f'<tr><td class="reason">{_e(REASONS.get(r.reason, r.reason))}</td>'
            f'<td class="removed-text">{_e(r.text)}</td></tr>' for r in article.removed)
        parts.append(f"<details><summary>ما أُزيل من الصفحة ({len(article.removed)})</summary>"
                     f"<table><tr><th>السبب</th><th>النص</th></tr>{rows}</table></details>")
    parts.append("</article>")
    return "\n".join(parts)


def _extractions(article: Article) -> str:
    out: list[str] = []
    if article.quotes:
        rows = "".join(
            f"<tr><td>{_e(q.speaker or 'غير معروف')}"
            f"{'<br><small>' + _e(q.speaker_role) + '</small>' if q.speaker_role else ''}</td>"
            f"<td>{'«' + _e(q.text) + '»' if q.direct else _e(q.text)}</td>"
            f"<td>{_e(q.cue or '')}</td></tr>" for q in article.quotes)
        out.append(f"<details open><summary>من قال ماذا ({len(article.quotes)})</summary><table>"
                   f"<tr><th>المتحدث</th><th>القول</th><th>الفعل</th></tr>{rows}</table></details>")
    if article.figures:
        rows = "".join(
            f"<tr><td>{_e(f'{f.value:g}')}</td><td>{_e(f.hedge or '')}</td>"
            f"<td>{_e(f.counted or f.unit or '')}</td><td>{_e(f.place or '')}</td>"
            f"<td>{_e(f.text)}</td></tr>" for f in article.figures)
        out.append(f"<details><summary>الأرقام ({len(article.figures)})</summary><table><tr>"
                   f"<th>القيمة</th><th>تقريب</th><th>المعدود</th><th>المكان</th><th>النص</th>"
                   f"</tr>{rows}</table></details>")
    if article.dates:
        rows = "".join(f"<tr><td>{_e(d.text)}</td><td class='ltr'>{_e(d.value or '?')}</td>"
                       f"<td>{_e(d.granularity)}</td></tr>" for d in article.dates)
        out.append(f"<details><summary>التواريخ ({len(article.dates)})</summary><table>"
                   f"<tr><th>العبارة</th><th>التاريخ</th><th>الدقة</th></tr>{rows}</table>"
                   "</details>")
    return "\n".join(out)


def render_stories(dossiers: Sequence[Dossier | str], total: int) -> str:
    """The stories part of the page: multi-article dossiers in full, single ones compactly.

    An item may be a fragment already rendered by ``render_dossier``: a long run renders each
    shown dossier as it comes rather than holding the largest stories' dossiers to the end.
    """
    return "".join(_story_chunks(dossiers, total))


def _story_chunks(dossiers: Sequence[Dossier | str], total: int) -> Iterator[str]:
    if not dossiers:
        return
    more = "" if len(dossiers) >= total else \
        f"<p>تعرض الصفحة أكبر {len(dossiers)} قصة من أصل {total}؛ الباقي في analysis.json.</p>"
    yield f'<section class="stories"><h2 class="section-title">القصص ({total})</h2>{more}'
    for d in dossiers:
        yield d if isinstance(d, str) else render_dossier(d)
    yield "</section>"


def render_report(
    articles: Iterable[Article],
    failures: Sequence[IngestFailure],
    summary: dict[str, Any],
    stories_html: str = "",
) -> str:
    """The whole page. ``articles`` may be a prefix of the run (``summary`` has the totals)."""
    return "".join(_page(articles, failures, summary, [stories_html] if stories_html else []))


def write_report(
    handle: TextIO,
    articles: Iterable[Article],
    failures: Sequence[IngestFailure],
    summary: dict[str, Any],
    stories: Sequence[Dossier | str] = (),
    story_total: int = 0,
) -> None:
    """:func:`render_report` with :func:`render_stories` (``stories``, ``story_total``),
    written part by part: a long run's page is tens of MB that need not exist as one string."""
    for chunk in _page(articles, failures, summary, _story_chunks(stories, story_total)):
        handle.write(chunk)


def _page(
    articles: Iterable[Article],
    failures: Sequence[IngestFailure],
    summary: dict[str, Any],
    stories: Iterable[str],
) -> Iterator[str]:
    css = files("rasid.report").joinpath("style.css").read_text(encoding="utf-8")
    parts = iter(stories)
    first = next(parts, "")
    if first:
        css += dossier_css()
    items = list(articles)
    toc = "".join(f'<li><a href="#a{i}">{_display_title(a)}</a></li>'
                  for i, a in enumerate(items))
    shown = len(items)
    total = summary.get("articles", shown)
    note = "" if shown >= total else f"<p>تعرض الصفحة أول {shown} من أصل {total} مقالاً؛ " \
        "الباقي في analysis.json.</p>"
    fails = ""
    if failures:
        fails = ('<section class="card failures"><h2>ملفات تعذرت قراءتها</h2><ul>'
                 + "".join(f'<li><span class="ltr">{_e(f.path)}</span>: {_e(f.reason)}</li>'
                           for f in failures) + "</ul></section>")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    legend = "".join(f'<mark class="{k}">{v}</mark>' for k, v in _LABELS.items())
    yield f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>تقرير راصد</title>
<style>{css}</style>
</head>
<body>
<header class="top"><h1>تقرير راصد</h1>
<p>{_e(total)} مقالاً، {_e(summary.get("failed", 0))} تعذرت قراءتها — {_e(when)}</p></header>
<main>
{note}
{fails}
"""
    yield first
    yield from parts
    yield f"""
<nav class="toc card"><h2>المقالات</h2><p class="legend">{legend}</p><ol>{toc}</ol></nav>
"""
    for i, a in enumerate(items):
        yield _article(a, i)
    yield """
</main>
</body>
</html>
"""
