from __future__ import annotations

import io
import json
import re

from rasid.models import Article, IngestFailure, RemovedLine, Span, Subhead
from rasid.report import (
    JsonStreamWriter,
    article_to_json,
    render_report,
    render_stories,
    write_report,
)

BODY = "فقرة أولى عن <script>alert(1)</script> الموضوع.\n\nفقرة ثانية <img src=x onerror=alert(2)>."


CUT = BODY.index("\n\n")


def _article() -> Article:
    return Article(
        id="a1", path="x.txt", source="قناة <b>الأفق</b>", url="javascript:alert(3)",
        published="2025-03-10", title="عنوان <i>خبيث</i>", author=None, dateline=None,
        body=BODY, paragraphs=(Span(0, CUT), Span(CUT + 2, len(BODY))),
        subheads=(Subhead("عنوان فرعي", BODY.index("\n\n") + 2),),
        removed=(RemovedLine("<a href=x>اقرأ أيضا</a>", "related", 4),),
    )


def test_report_escapes_untrusted_text_and_is_rtl() -> None:
    page = render_report([_article()], [IngestFailure("<bad>.txt", "empty <file>")],
                         {"articles": 1, "failed": 1})
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
    assert "<h3>عنوان فرعي</h3>" in page
    assert "&lt;bad&gt;.txt" in page
    assert 'name="viewport"' in page


def test_report_says_when_it_shows_a_prefix() -> None:
    page = render_report([_article()], [], {"articles": 5000, "failed": 0})
    assert "5000" in page and "أول 1" in page


def test_written_report_is_the_rendered_page() -> None:
    fragments = ['<article class="dossier">أ</article>', '<article class="dossier">ب</article>']
    for stories, total in ((fragments, 7), ([], 0)):
        expected = render_report([_article()], [], {"articles": 1, "failed": 0},
                                 stories_html=render_stories(stories, total))
        handle = io.StringIO()
        write_report(handle, [_article()], [], {"articles": 1, "failed": 0}, stories, total)
        # the clock line can tick between the two renderings
        clock = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
        assert clock.sub("", handle.getvalue()) == clock.sub("", expected)
        assert ("أكبر 2 قصة من أصل 7" in expected) is bool(stories)


def test_json_stream_is_valid_and_complete() -> None:
    stream = io.StringIO()
    writer = JsonStreamWriter(stream, {"generator": {"name": "rasid"}, "inputs": ["x"]})
    for _ in range(3):
        writer.add(_article())
    writer.add(IngestFailure("bad.jsonl:2", "invalid JSON"))
    writer.close([], {"articles": 3, "failed": 1})
    doc = json.loads(stream.getvalue())
    assert doc["schema_version"] == "1.0"
    assert len(doc["articles"]) == 3
    assert doc["articles"][0] == article_to_json(_article())
    assert doc["failures"] == [{"path": "bad.jsonl:2", "reason": "invalid JSON"}]
    assert doc["stories"] == [] and doc["summary"]["failed"] == 1


def test_json_stream_with_no_articles_is_valid() -> None:
    stream = io.StringIO()
    writer = JsonStreamWriter(stream, {"inputs": []})
    writer.close([], {"articles": 0, "failed": 0})
    assert json.loads(stream.getvalue())["articles"] == []
