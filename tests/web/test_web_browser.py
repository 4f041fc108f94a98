"""The web UI in a real browser (Debian's Chromium driven by Playwright), against uvicorn on a
free localhost port: the seed story end to end, and untrusted article text that must never run.

Skipped, with the reason, where Playwright or /usr/bin/chromium is missing. Screenshots go to
``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _web_support import TOKEN, LiveServer

CHROMIUM = Path(os.environ.get("RASID_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install chromium)",
                allow_module_level=True)

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(seed_db: Path) -> Iterator[LiveServer]:
    with LiveServer(seed_db, TOKEN) as server:
        yield server


@pytest.fixture()
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ar")
    pg = context.new_page()
    offsite: list[str] = []
    # the UI must work offline: any request that leaves the server is a failure
    pg.on("request", lambda r: None if r.url.startswith((live.url, "data:"))
          else offsite.append(r.url))
    yield pg
    context.close()
    assert not offsite, offsite


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _direction(page: Any, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).direction"))


def test_search_story_dossier_entity(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "/")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    page.fill("form.quick input[name=q]", "الأمريكية")
    page.click("form.quick button")
    page.wait_for_selector("ol.results li.result")
    assert _direction(page, "body") == "rtl"
    assert page.locator("li.result").count() >= 3
    assert page.locator(".snippet mark").count() >= 3  # the matches are highlighted
    _shot(page, "01-search")

    page.locator("a.story-link").first.click()
    page.wait_for_selector("section.dossier")
    assert _direction(page, "section.dossier") == "rtl"
    assert page.locator("ol.timeline li").count() >= 2
    assert page.locator("section.dossier svg.chart").count() >= 1
    assert page.locator("section.dossier svg.chart circle").count() >= 2
    _shot(page, "02-dossier")

    page.locator("section.dossier a.ent-link", has_text="لويد أوستن").first.click()
    page.wait_for_selector("ol.quotes li")
    assert page.locator("h2").first.inner_text() == "لويد أوستن"
    statements = page.locator("ol.quotes li.quote-item")
    assert statements.count() >= 3
    assert "«" in statements.first.inner_text()
    _shot(page, "03-entity")

    page.locator("ol.quotes li a").first.click()
    page.wait_for_selector("#article-body")
    assert page.locator("#article-body a.ent").count() > 0
    assert page.locator("#article-body span.quote").count() >= 3
    _shot(page, "04-article")


def test_search_loanword_spelling_finds_the_story(page: Any, live: LiveServer) -> None:
    page.goto(live.url + "/search?q=" + "البنتاجون")
    page.wait_for_selector("ol.results li.result")
    assert page.locator("a.story-link").count() >= 1
    assert page.locator(".snippet mark").count() >= 1
    page.goto(live.url + '/search?q="unbalanced')
    assert page.locator("#search-error").count() == 1


def test_phone_width_has_no_horizontal_scroll(browser: Any, live: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    pg = context.new_page()
    story = json.loads(urllib.request.urlopen(live.url + "/api/stories").read())["items"][0]
    pg.goto(f"{live.url}/story/{story['id']}")
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "05-dossier-phone.png"), full_page=True)
    context.close()
    assert overflow <= 1


HOSTILE_TITLE = 'عنوان <script>window.__pwned = 1; document.title = "pwned"</script>'
HOSTILE_TEXT = (
    'قال المتحدث إن <img src=x onerror="window.__pwned = 2"> لن يمر.\n\n'
    '<script>window.__pwned = 3</script> نص عادي عن <b onmouseover="window.__pwned=4">تجربة</b>'
    ' الأمان في المدينة.\n\n<a href="javascript:window.__pwned=5">رابط</a> نهاية.')


def test_hostile_article_never_executes(page: Any, live: LiveServer) -> None:
    record = {"id": "hostile-1", "title": HOSTILE_TITLE, "source": "<i>outlet</i>",
              "url": "javascript:window.__pwned=6", "published": "2024-02-01",
              "text": HOSTILE_TEXT}
    request = urllib.request.Request(
        live.url + "/api/articles", data=json.dumps(record).encode("utf-8"), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    result = json.loads(urllib.request.urlopen(request).read())
    assert result["added"] == 1
    article_id = result["articles"][0]

    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{live.url}/article/{article_id}")
    page.wait_for_selector("#article-body")
    for element in page.locator("#article-body *, h2 *, a").all():
        if element.is_visible():
            element.hover()
    assert page.evaluate("window.__pwned") is None
    assert page.title() == f"{HOSTILE_TITLE} · راصد"  # the script would have set "pwned"
    body = page.inner_text("#article-body")
    assert '<img src=x onerror="window.__pwned = 2">' in body  # shown literally
    assert "<script>window.__pwned = 3</script>" in body
    assert "<script>" in page.inner_text("#article-title")
    assert page.locator("#article-body img, #article-body script, #article-body b").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    _shot(page, "06-hostile-article")

    page.goto(live.url + "/search?q=" + "الأمان")
    page.wait_for_selector("ol.results li.result")
    assert page.evaluate("window.__pwned") is None
    assert "<script>" in page.inner_text("ol.results")
    assert page.locator("ol.results script, ol.results img").count() == 0
    assert not dialogs
