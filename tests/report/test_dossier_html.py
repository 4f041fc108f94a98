"""The dossier HTML fragment: escaping, right-to-left markup, chart, compact single story."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from rasid.arabic import split_sentences
from rasid.dossier import Dossier, build_dossier
from rasid.models import Article, DateMention, Figure, Quote
from rasid.report._dossier_html import dossier_css, figure_chart, render_dossier

KEY = "شاحنة|مساعدات|المعبر"
EVIL = "<script>alert(1)</script>"


def _article(ident: str, published: str, source: str | None, title: str | None, value: float,
             *, affirm: bool) -> Article:
    claim = ("وقال المسؤول إن الطرفين ناقشا سحب القوات من المعبر." if affirm
             else "وقال المسؤول إن الحكومة لا تبحث انسحاب القوات من المعبر.")
    fig = f"{value:.0f} شاحنة"
    quote = f"الوضع {EVIL} صعب جدا"
    body = (f"دخلت {fig} محملة بالمساعدات عبر المعبر يوم الاثنين. {claim} "
            f"وقال مدير المعبر كريم <b>سالم</b> إن \"{quote}\".")
    day = body.index("يوم الاثنين")
    f0 = body.index(fig)
    q0 = body.index(quote)
    return Article(
        id=ident, path=f"{ident}.txt", source=source, url=None, published=published,
        title=title, author=None, dateline=None, body=body, sentences=split_sentences(body),
        dates=(DateMention("يوم الاثنين", day, day + 11, published, "day", "relative",
                           published, published),),
        figures=(Figure(fig, f0, f0 + len(fig), value, None, None, "شاحنة", None, "المعبر",
                        KEY),),
        quotes=(Quote(quote, q0, q0 + len(quote), "كريم <b>سالم</b>", "person", None, True,
                      "قال"),))


def _story() -> Dossier:
    arts = [
        _article("n1", "2024-05-06", "إذاعة <i>الضفة</i>", "عنوان <img src=x onerror=alert(2)>",
                 120, affirm=True),
        _article("n2", "2024-06-20", None, "دخول شاحنات المساعدات عبر المعبر", 80,
                 affirm=False),
        _article("n3", "2024-08-12", "قناة النهار", "شاحنات المساعدات تعبر المعبر", 40,
                 affirm=False),
    ]
    return build_dossier("st<1>", arts)


def test_untrusted_text_is_escaped() -> None:
    page = render_dossier(_story())
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "<i>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;سالم&lt;/b&gt;" in page
    assert 'id="story-st&lt;1&gt;"' in page
    assert "javascript:" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_markup_is_rtl_safe_and_well_formed() -> None:
    page = render_dossier(_story())
    root = lxml_html.fragment_fromstring(page)
    assert root.tag == "section" and root.get("dir") == "rtl" and root.get("lang") == "ar"
    assert "<bdi>" in page and "<bdi dir=\"ltr\">" in page
    times = root.findall(".//time")
    assert times and all(t.get("dir") == "ltr" for t in times)
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", t.get("datetime") or "") for t in times)


def test_sections_a_reader_needs() -> None:
    d = _story()
    page = render_dossier(d)
    for heading in ("الخلاصة", "التسلسل الزمني للأحداث", "أين تختلف المصادر", "الأرقام",
                    "من قال ماذا", "التغطية عبر الزمن"):
        assert f"<h3>{heading}</h3>" in page
    # contradiction side by side: an affirming and a denying side
    assert re.search(r'class="versus"><div class="side pos">.*?<div class="side neg">', page)
    # the speaker's quotes are grouped under one name, with all three articles cited
    root = lxml_html.fragment_fromstring(page)
    groups = [s for s in root.iter("details")
              if "سالم" in "".join(s.xpath("string(./summary)"))]
    assert len(groups) == 1 and len(groups[0].findall(".//li")) == 3
    assert "السبق" in page  # who reported first


def test_figure_chart_plots_values_over_time() -> None:
    d = _story()
    (series,) = d.figures
    svg = figure_chart(series)
    assert svg.startswith("<svg") and 'dir="ltr"' in svg and "<polyline" in svg
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert len(circles) == 3
    xs = [float(x) for x, _ in circles]
    ys = [float(y) for _, y in circles]
    assert xs == sorted(xs)  # later publications to the right
    assert ys == sorted(ys)  # 120 > 80 > 40: falling values go down the chart
    assert "<script" not in svg
    assert svg in render_dossier(d)


def test_single_article_story_is_compact() -> None:
    art = _article("only", "2024-05-06", "قناة النهار", "شاحنات تعبر", 60, affirm=True)
    page = render_dossier(build_dossier("one", [art]))
    assert 'class="card dossier single"' in page
    assert "التغطية عبر الزمن" not in page and "أين تختلف المصادر" not in page
    assert "<svg" not in page  # one point is a number, not a chart
    assert "منبر واحد" in page


def test_css_is_offered_separately() -> None:
    css = dossier_css()
    assert ".dossier" in css and "url(" not in css and "@import" not in css
    assert render_dossier(_story(), include_css=True).startswith("<style>")


def test_long_timeline_shows_the_most_reported_events_in_order() -> None:
    arts = []
    for i in range(50):
        day = f"2024-02-{(i % 28) + 1:02d}" if i < 28 else f"2024-03-{(i - 27):02d}"
        body = f"وقع الحادث رقم {i} يوم الاثنين في حي مختلف من أحياء المدينة القديمة {i}."
        s0 = body.index("يوم الاثنين")
        arts.append(Article(
            id=f"t{i}", path="x", source="منبر", url=None, published=day, title=None,
            author=None, dateline=None, body=body, sentences=split_sentences(body),
            dates=(DateMention("يوم الاثنين", s0, s0 + 11, day, "day", "relative", day,
                               day),)))
    d = build_dossier("long", arts)
    assert len(d.timeline) == 50
    page = render_dossier(d)
    dates = re.findall(r'<li><time datetime="([\d-]+)"', page)
    assert len(dates) == 40 and dates == sorted(dates)
    assert "analysis.json" in page  # says that more are in the JSON
