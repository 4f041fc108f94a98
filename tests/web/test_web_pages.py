"""The server-rendered pages in process: content, links, escaping, errors; and the helpers
that build HTML in Python (highlights, the dossier's links, the stored-dossier reader)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from _web_support import STORY, TOKEN, TestClient

from rasid.dossier import build_dossier, dossier_to_json
from rasid.errors import InputError
from rasid.models import Article, Entity, Quote, Span
from rasid.report._dossier_html import render_dossier
from rasid.store import Store
from rasid.web._dossier import dossier_from_json
from rasid.web._render import annotated_body, link_dossier, marked
from rasid.web.serve import main as serve_main

RTL = '<html lang="ar" dir="rtl">'


def test_home_lists_stories_and_articles(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and RTL in page.text
    assert f'href="/story/{STORY}"' in page.text
    assert 'href="/article/ex-3"' in page.text
    assert "<script" not in page.text and "http" not in page.text.replace(
        "http-equiv", "")  # offline: no external resource


def test_story_page_embeds_the_linked_dossier(client: TestClient) -> None:
    page = client.get(f"/story/{STORY}")
    assert page.status_code == 200 and RTL in page.text
    assert 'class="card dossier' in page.text
    assert "<svg" in page.text  # the figure chart: 120 ألف then 150 ألف طفل
    person = quote("سمير الحداد", safe="")
    assert f'<a class="ent-link" href="/entity/{person}?label=PERS">سمير الحداد</a>' in page.text
    assert 'href="/article/ex-1"' in page.text


def test_story_without_stored_dossier_is_built_on_the_fly(writable_db: Path) -> None:
    with Store.open(writable_db) as store:
        store.put_story("bare", headline=None, members={"ex-1": None, "ex-2": None})
    from rasid.web import create_app
    with TestClient(create_app(str(writable_db))) as c:
        page = c.get("/story/bare")
    assert page.status_code == 200 and 'id="story-bare"' in page.text
    assert "سمير الحداد" in page.text


def test_entity_page_lists_statements_roles_stories(client: TestClient) -> None:
    page = client.get("/entity/" + quote("الحداد"))
    assert page.status_code == 200
    text = page.text
    assert "<h2>سمير الحداد</h2>" in text
    assert text.count('class="quote-item"') >= 3
    assert "الحملة تسير وفق الخطة المرسومة" in text
    assert "وزير الصحة" in text and f'href="/story/{STORY}"' in text


def test_speaker_without_entity_row_still_has_a_page(client: TestClient) -> None:
    assert client.get("/entity/" + quote("مصادر غير موجودة")).status_code == 404


def test_article_page_highlights_and_debris(client: TestClient) -> None:
    page = client.get("/article/ex-1")
    assert page.status_code == 200
    body = re.search(r'<div class="body" id="article-body">(.*?)</div>', page.text, re.S)
    assert body is not None
    assert 'class="ent PERS"' in body.group(1) and 'class="quote"' in body.group(1)
    assert f'href="/entity/{quote("سمير الحداد", safe="")}?label=PERS"' in body.group(1)
    assert f'href="/story/{STORY}"' in page.text


def test_search_page_marks_and_errors(client: TestClient) -> None:
    page = client.get("/search", params={"q": "التطعيم"})
    assert page.status_code == 200
    assert page.text.count('class="result"') == 2 and "<mark>" in page.text
    assert 'class="story-link"' in page.text
    bad = client.get("/search", params={"q": '"unbalanced'})
    assert bad.status_code == 400 and 'id="search-error"' in bad.text
    assert "&#34;" in bad.text or "&quot;" in bad.text or "quotes" in bad.text
    empty = client.get("/search")
    assert empty.status_code == 200 and 'class="result"' not in empty.text
    paged = client.get("/search", params={"q": "التطعيم", "offset": 1})
    assert paged.text.count('class="result"') == 1 and "السابق" in paged.text


def test_unknown_pages_are_html_404(client: TestClient) -> None:
    for path in ("/story/nope", "/article/nope", "/entity/" + quote("لا أحد")):
        page = client.get(path)
        assert page.status_code == 404 and RTL in page.text, path
    bad = client.get("/search", params={"offset": -5})
    assert bad.status_code == 422 and RTL in bad.text


def test_stylesheet_is_served(client: TestClient) -> None:
    css = client.get("/static/rasid.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".dossier" in css.text and "header.site" in css.text and "--accent" in css.text


HOSTILE = {"id": "bad<1>", "title": "<script>document.title='x'</script>",
           "url": "javascript:alert(1)", "source": "<b>outlet</b>", "published": "2024-01-01",
           "text": 'نص <img src=x onerror="alert(1)"> في المدينة.\n\n"><script>alert(2)</script>'}


def test_hostile_article_is_escaped_everywhere(writer: TestClient) -> None:
    result = writer.post("/api/articles", json=HOSTILE,
                         headers={"Authorization": f"Bearer {TOKEN}"}).json()
    article_id = result["articles"][0]
    page = writer.get("/article/" + quote(article_id, safe=""))
    assert page.status_code == 200
    assert "<script>" not in page.text.split("</head>")[1]
    assert "<img" not in page.text and "<b>outlet" not in page.text
    shown = re.search(r'<div class="body" id="article-body">(.*?)</div>', page.text, re.S)
    assert shown is not None  # the text reads literally once our own tags are taken out
    assert unescape(re.sub(r"<[^>]+>", "", shown.group(1))) == HOSTILE["text"]
    assert 'href="javascript' not in page.text
    found = writer.get("/search", params={"q": "المدينة"})
    assert "<img" not in found.text and "&lt;img" in found.text


# -- helpers ----------------------------------------------------------------------------------

def test_marked_escapes_then_marks() -> None:
    text = "<b>عنوان</b> & نص"
    out = str(marked(text, [Span(3, 8), Span(5, 7), Span(100, 120)]))
    assert out == "&lt;b&gt;<mark>عنوان</mark>&lt;/b&gt; &amp; نص"
    assert str(marked("كلمة", [Span(10, 14)], base=10)) == "<mark>كلمة</mark>"


def _article(body: str, **kw: object) -> Article:
    return Article(id="a", path="p", source=None, url=None, published=None, title=None,
                   author=None, dateline=None, body=body, **kw)  # type: ignore[arg-type]


def test_annotated_body_nests_mentions_inside_quotes() -> None:
    body = 'قال زيد إن "عمرو <i>وصل</i>".'
    amr = body.index("عمرو")
    ents = (Entity("e1", "زيد", "PERS", (("زيد", 1),), None, None, (Span(4, 7),)),
            Entity("e2", "عمرو", "PERS", (("عمرو", 1),), None, None, (Span(amr, amr + 4),)))
    quotes = (Quote(body[amr:-2], amr, len(body) - 2, "زيد", "person", None, True, "قال"),)
    html = str(annotated_body(_article(body, entities=ents, quotes=quotes)))
    assert "<i>" not in html and "&lt;i&gt;" in html
    assert html.count('class="ent PERS"') == 2
    assert re.search(r'<span class="quote" title="زيد"><a class="ent PERS"[^>]*>عمرو</a></span>',
                     html)
    # every character of the body is there once, in order
    assert unescape(re.sub(r"<[^>]+>", "", html)) == body


def test_link_dossier_and_json_round_trip(client: TestClient, example_db: Path) -> None:
    with Store.open(example_db, readonly=True) as store:
        arts = [a for i in ("ex-1", "ex-2") if (a := store.get_article(i)) is not None]
    d = build_dossier("s", arts)
    assert dossier_from_json(dossier_to_json(d)) == d
    html = str(link_dossier(render_dossier(d), {"سمير الحداد": "PERS"}))
    assert '<a class="art" href="/article/ex-1"' in html
    assert "?label=PERS" in html
    with pytest.raises(InputError):
        dossier_from_json({"story_id": "s"})
    with pytest.raises(InputError):
        dossier_from_json({**dossier_to_json(d), "articles": "no"})


def test_serve_refuses_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert serve_main(["--db", str(tmp_path / "absent.db")]) == 2
    assert "absent.db" in capsys.readouterr().err
    assert serve_main(["--db", "x.db", "--port", "70000"]) == 2
