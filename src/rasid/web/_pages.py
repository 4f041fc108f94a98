"""Server-rendered pages: home, story dossier, entity, article, search, API docs.

Templates are Jinja2 with autoescape on; the few HTML pieces built in Python (highlights, the
dossier fragment) escape article text themselves and are passed as ``Markup``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from rasid.dossier import Dossier, build_dossier
from rasid.entities import variant_key
from rasid.errors import InputError
from rasid.report._dossier_html import dossier_css, render_dossier
from rasid.store import EntityRow, QueryError, StoryRow
from rasid.web._context import MAX_OFFSET, WebContext
from rasid.web._dossier import dossier_from_json
from rasid.web._errors import ApiError
from rasid.web._render import (
    annotated_body,
    article_url,
    entity_url,
    link_dossier,
    marked,
    story_url,
)

PAGE = 20
# a story built on the fly (no stored dossier) reads at most this many articles
MAX_STORY_ARTICLES = 300
MAX_ENTITY_QUOTES = 200
LABELS = {"PERS": "شخص", "ORG": "جهة", "LOC": "مكان", "MISC": "أخرى"}
REASONS = {"byline": "سطر الكاتب", "reading_time": "مدة القراءة", "caption": "تعليق صورة",
           "share_prompt": "دعوة للمشاركة", "related": "روابط ذات صلة",
           "navigation": "تنقل", "sidebar": "شريط جانبي", "duplicate": "تكرار"}

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Text = Annotated[str | None, Query(max_length=500)]


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("rasid.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(article_url=article_url, entity_url=entity_url, story_url=story_url,
                       LABELS=LABELS, REASONS=REASONS)
    env.filters["day"] = lambda v: (v or "")[:10]
    return env


@cache
def stylesheet() -> str:
    """The report's look (``rasid/report/style.css``), the dossier's and the site's own."""
    report = files("rasid.report").joinpath("style.css").read_text(encoding="utf-8")
    site = files("rasid.web").joinpath("static/web.css").read_text(encoding="utf-8")
    return "\n".join((report, dossier_css(), site))


def _render(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(_env().get_template(name).render(**values), status_code=status)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are clickable: a ``javascript:`` URL from an article must not be."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def _dossier(ctx: WebContext, story: StoryRow) -> Dossier:
    if story.dossier is not None:
        try:
            return dossier_from_json(story.dossier, f"story {story.id}")
        except InputError:
            pass  # an older or foreign document: rebuild it from the articles below
    articles = [a for m in story.members[:MAX_STORY_ARTICLES]
                if (a := ctx.store.get_article(m.article_id)) is not None]
    dups = {m.article_id: m.is_duplicate_of for m in story.members if m.is_duplicate_of}
    return build_dossier(story.id, articles, duplicates=dups)


def router(ctx: WebContext, app: FastAPI) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def home(offset: Offset = 0) -> HTMLResponse:
        stories = ctx.store.stories(limit=PAGE, offset=offset)
        recent = ctx.store.articles(limit=PAGE) if offset == 0 else []
        return _render("home.html", stories=stories, recent=recent, offset=offset, page=PAGE,
                       total=ctx.extra.story_count(), articles=ctx.store.count())

    @pages.get("/story/{story_id}", response_class=HTMLResponse)
    def story(story_id: str) -> HTMLResponse:
        row = ctx.store.get_story(story_id)
        if row is None:
            raise ApiError(404, f"لا توجد قصة بالمعرّف {story_id}")
        d = _dossier(ctx, row)
        labels = {e.name: e.label for group in (d.places, d.organisations, d.people)
                  for e in group}
        fragment = link_dossier(render_dossier(d), labels)
        title = d.headline.text if d.headline else story_id
        return _render("story.html", story=row, title=title, dossier=fragment)

    @pages.get("/entity/{name:path}", response_class=HTMLResponse)
    def entity(name: str,
               label: Annotated[str | None, Query(pattern="^(PERS|ORG|LOC|MISC)$")] = None
               ) -> HTMLResponse:
        row = ctx.store.entity(name, label=label)
        if row is None and label is not None:
            row = ctx.store.entity(name)
        if row is None:
            # a speaker the quote stage named but NER did not (an anonymous source, a
            # descriptor): still a page of what was said
            quotes = ctx.store.quotes_by_speaker(name, limit=MAX_ENTITY_QUOTES)
            if not quotes:
                raise ApiError(404, f"لا يوجد كيان باسم {name}")
            speaker = EntityRow(variant_key(name), "", name, None, (), 0, 0)
            return _render("entity.html", entity=speaker, quotes=quotes,
                           more_quotes=len(quotes) == MAX_ENTITY_QUOTES, roles=[], labels=[],
                           stories=[], articles=[])
        quotes = ctx.store.quotes_by_speaker(row.name, limit=MAX_ENTITY_QUOTES)
        return _render(
            "entity.html", entity=row, quotes=quotes,
            more_quotes=len(quotes) == MAX_ENTITY_QUOTES,
            roles=ctx.extra.entity_roles(row.key, row.label),
            labels=[x for x in ctx.extra.entity_labels(row.key) if x != row.label],
            stories=ctx.extra.stories_of_entity(row.key, row.label),
            articles=ctx.extra.entity_articles(row.key, row.label, limit=50))

    @pages.get("/article/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str) -> HTMLResponse:
        art = ctx.store.get_article(article_id)
        if art is None:
            raise ApiError(404, f"لا يوجد مقال بالمعرّف {article_id}")
        return _render("article.html", article=art, body=annotated_body(art),
                       url=_safe_url(art.url),
                       stories=ctx.extra.stories_of_articles([art.id]).get(art.id, []))

    @pages.get("/search", response_class=HTMLResponse)
    def search(q: Text = None, source: Text = None, since: Text = None, until: Text = None,
               story: Text = None, entity: Text = None, speaker: Text = None,
               offset: Offset = 0) -> HTMLResponse:
        filters = {k: v for k, v in (("source", source), ("since", since), ("until", until),
                                     ("story", story), ("entity", entity),
                                     ("speaker", speaker)) if v}
        form = {"q": q or "", **filters}
        if not q or not q.strip():
            return _render("search.html", form=form, page=None, error=None, hits=[])
        try:
            page = ctx.store.search(q, limit=PAGE, offset=offset, **filters)
        except QueryError as exc:
            return _render("search.html", status=400, form=form, page=None, error=str(exc),
                           hits=[])
        in_stories = ctx.extra.stories_of_articles([h.article_id for h in page.hits])
        hits = [{"hit": h,
                 "title": marked(h.title, h.title_matches) if h.title else None,
                 "snippet": marked(h.snippet.text, h.snippet.matches, h.snippet.start),
                 "stories": in_stories.get(h.article_id, [])} for h in page.hits]

        def link(to: int) -> str:
            return "/search?" + urlencode({**form, "offset": to})

        prev_link = link(max(offset - PAGE, 0)) if offset > 0 else None
        next_link = link(offset + PAGE) if offset + PAGE < page.total else None
        return _render("search.html", form=form, page=page, error=None, hits=hits,
                       prev_link=prev_link, next_link=next_link)

    @pages.get("/docs", response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        spec = app.openapi()
        ops = [{"method": method.upper(), "path": path, "op": op}
               for path, item in spec.get("paths", {}).items()
               for method, op in item.items() if isinstance(op, dict)]
        return _render("docs.html", spec=spec, ops=ops)

    @pages.get("/static/rasid.css")
    def css() -> Response:
        return Response(stylesheet(), media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})

    return pages
