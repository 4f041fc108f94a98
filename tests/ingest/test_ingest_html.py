"""extract_html on hand-written Arabic pages: the article stays, the page furniture goes."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from rasid.errors import InputError
from rasid.ingest import HtmlContent, extract_html, iter_documents
from rasid.models import RawDocument

PARAGRAPHS = [
    "أعلن وزير المالية في مؤتمر صحفي عقده صباح اليوم عن خطة جديدة لدعم صغار المزارعين في "
    "المحافظات الجنوبية، تتضمن قروضا ميسرة بلا فوائد لمدة خمس سنوات وإعفاءات ضريبية.",
    "وقال الوزير إن الخطة ستكلف خزينة الدولة نحو مئتي مليون دينار خلال العام الأول، مؤكدا أن "
    "الحكومة رصدت المبلغ في موازنة العام الجاري، وأن التنفيذ سيبدأ مطلع الشهر المقبل.",
    "وأضاف أن وزارته ستتعاون مع وزارة الزراعة لتحديد المستفيدين وفق معايير واضحة تعتمد على "
    "مساحة الأرض وحجم الإنتاج، مشيرا إلى أن أكثر من ثلاثين ألف مزارع سيستفيدون من البرنامج.",
    "من جهته، رحب اتحاد المزارعين بالخطة، وقال رئيسه في بيان إن القرار جاء استجابة لمطالب طال "
    "انتظارها، داعيا إلى تبسيط الإجراءات الإدارية حتى تصل القروض إلى مستحقيها بسرعة.",
]
TITLE = "وزير المالية يعلن خطة جديدة لدعم المزارعين"
DEBRIS = [
    "الرئيسية", "اقتصاد", "الأكثر قراءة", "منتخب الوادي يفوز على ضيفه في مباراة ودية",
    "ارتفاع أسعار الذهب في الأسواق المحلية", "أخبار ذات صلة", "الحكومة تناقش موازنة العام المقبل",
    "شارك هذا الخبر", "جميع الحقوق محفوظة", "سياسة الخصوصية", "اشترك في النشرة البريدية",
    "نستخدم ملفات تعريف الارتباط",
]


def _page() -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{TITLE} | صحيفة الوادي</title>
<meta property="article:published_time" content="2023-05-14T09:30:00+03:00">
<meta name="author" content="سلمى الحداد">
</head><body>
<div class="cookie-banner">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li></ul></nav></header>
<div class="layout">
<aside class="sidebar"><h3>الأكثر قراءة</h3><ul>
<li><a href="/a1">منتخب الوادي يفوز على ضيفه في مباراة ودية</a></li>
<li><a href="/a2">ارتفاع أسعار الذهب في الأسواق المحلية</a></li></ul></aside>
<main><article><h1>{TITLE}</h1><p class="byline">بقلم: سلمى الحداد</p>
{body}
</article>
<section class="related"><h3>أخبار ذات صلة</h3><ul>
<li><a href="/r1">الحكومة تناقش موازنة العام المقبل</a></li>
<li><a href="/r2">مزارعو الشمال يطالبون بتعويضات عن الجفاف</a></li></ul></section>
<div class="share">شارك هذا الخبر: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div class="newsletter"><p>اشترك في النشرة البريدية</p><input type="email"></div>
</main></div>
<footer><p>جميع الحقوق محفوظة © صحيفة الوادي 2023</p>
<ul><li><a href="/about">من نحن</a></li><li><a href="/privacy">سياسة الخصوصية</a></li></ul>
</footer></body></html>"""


def test_article_kept_furniture_dropped_metadata_found() -> None:
    content = extract_html(_page(), "page.html")
    assert isinstance(content, HtmlContent)
    assert content.text.split("\n") == PARAGRAPHS
    for debris in DEBRIS:
        assert debris not in content.text, debris
    assert content.title == TITLE
    assert content.published == "2023-05-14"
    assert content.author == "سلمى الحداد"


def test_div_and_br_page_keeps_paragraph_breaks() -> None:
    page = (
        "<html><head><title>خبر</title></head><body>"
        '<div id="menu"><a href="/">الرئيسية</a> | <a href="/x">أخبار</a></div>'
        f'<div class="content">{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}<br><br>{PARAGRAPHS[2]}</div>'
        '<div id="foot">حقوق النشر محفوظة</div></body></html>'
    )
    content = extract_html(page, "p.html")
    assert content.text.split("\n") == PARAGRAPHS[:3]


def test_readability_fallback_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    content = extract_html(_page(), "page.html")
    lines = content.text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines
    assert "منتخب الوادي يفوز على ضيفه في مباراة ودية" not in content.text
    assert content.title is not None and TITLE in content.title


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>عنوان فقط</title></head><body></body></html>",
        '<html><body><nav><a href="/">الرئيسية</a></nav></body></html>',
        "<html><head><title>x</title>",
        "<!-- just a comment -->",
    ],
)
def test_page_without_body_raises_input_error(page: str) -> None:
    with pytest.raises(InputError) as caught:
        extract_html(page, "site/empty.html")
    assert caught.value.path == "site/empty.html"
    assert caught.value.reason == "HTML has no article text"


def test_blank_html_raises_input_error() -> None:
    with pytest.raises(InputError, match="HTML is empty"):
        extract_html("  \n ", "blank.html")


def test_reader_then_extract_on_windows_1256_page(tmp_path: Path) -> None:
    page = _page().replace('charset="utf-8"', 'charset="windows-1256"').replace("©", "(c)")
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1256"))
    [doc] = list(iter_documents([str(path)]))
    assert isinstance(doc, RawDocument) and doc.html is not None
    content = extract_html(doc.html, doc.path)
    assert content.text.split("\n") == PARAGRAPHS


def test_html_with_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + _page()
    assert extract_html(page, "x.xhtml").text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "page",
    [
        '<svg><meta charset="x"><p>--><![CDATA[&amp;<?xml version="1.0" encoding="utf-8"?>',
        "<html><body><p>\x00\x0b&#0;</p><svg><![CDATA[",
        '<?xml version="1.0" encoding="utf-8"?><html>&#0;<table><tr><td><!--',
        "<?xml version='1.0'?>",
    ],
)
def test_broken_markup_is_an_input_error_without_noise(
    page: str, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(InputError, match="HTML has no article text"):
        extract_html(page, "broken.html")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    # readability logs a traceback before giving up on such pages; none may get through
    assert not [record for record in caplog.records if record.exc_info]


def test_control_characters_do_not_lose_the_article() -> None:
    page = _page().replace(PARAGRAPHS[1], PARAGRAPHS[1] + "\x0b\x00")
    assert extract_html(page, "ctl.html").text.split("\n") == PARAGRAPHS
