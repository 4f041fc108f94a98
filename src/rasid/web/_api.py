"""The JSON API under ``/api``: stories, articles, entities, search, quotes, figures, upload.

Handlers are plain ``def`` (FastAPI runs them in its thread pool) because SQLite calls block;
each pool thread gets its own read connection from the store. Responses are built as dicts
(no response models): the API is read-heavy and validation of our own output costs time.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from rasid.ingest import iter_documents
from rasid.models import Article, IngestFailure, RawDocument
from rasid.pipeline import run
from rasid.report import article_to_json
from rasid.store import EntityRow, SearchHit, StoryRow
from rasid.web._context import MAX_LIMIT, MAX_OFFSET, WebContext
from rasid.web._errors import ApiError

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Text = Annotated[str | None, Query(max_length=500)]
Label = Annotated[str | None, Query(pattern="^(PERS|ORG|LOC|MISC)$",
                                    description="PERS, ORG, LOC or MISC")]

_SAFE_NAME = re.compile(r"[^\w.\-]+")
_UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".gz", ".xz")


def _span(s: Any) -> dict[str, int]:
    return {"start": s.start, "end": s.end}


def _hit(h: SearchHit) -> dict[str, Any]:
    return {
        "article_id": h.article_id, "title": h.title, "source": h.source,
        "published": h.published, "url": h.url, "score": h.score,
        "title_matches": [_span(s) for s in h.title_matches],
        "snippet": {"start": h.snippet.start, "end": h.snippet.end, "text": h.snippet.text,
                    "matches": [_span(s) for s in h.snippet.matches]},
    }


def _entity(e: EntityRow) -> dict[str, Any]:
    return {"name": e.name, "label": e.label, "key": e.key, "latin": e.latin,
            "variants": [{"text": t, "count": c} for t, c in e.variants],
            "articles": e.articles, "mentions": e.mentions}


def _story(s: StoryRow, *, dossier: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id, "headline": s.headline, "updated_at": s.updated_at,
        "articles": len(s.members),
    }
    if dossier:
        out["members"] = [{"article_id": m.article_id, "is_duplicate_of": m.is_duplicate_of}
                          for m in s.members]
        out["dossier"] = s.dossier
    return out


def _page(items: list[Any], limit: int, offset: int, **extra: Any) -> dict[str, Any]:
    return {"limit": limit, "offset": offset, "count": len(items), **extra, "items": items}


def _upload_name(name: str | None, fallback: str) -> str:
    base = _SAFE_NAME.sub("_", os.path.basename(name or "")).strip("._") or fallback
    if not base.lower().endswith(_UPLOAD_SUFFIXES):
        base += ".txt"
    return base[-120:]


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.get("/stories", summary="Stories, most recently updated first")
    def list_stories(limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        rows = ctx.store.stories(limit=limit, offset=offset)
        return _page([_story(s, dossier=False) for s in rows], limit, offset,
                     total=ctx.extra.story_count())

    @api.get("/stories/{story_id}", summary="One story with its members and dossier JSON")
    def get_story(story_id: str) -> dict[str, Any]:
        row = ctx.store.get_story(story_id)
        if row is None:
            raise ApiError(404, f"no story {story_id!r}")
        return _story(row, dossier=True)

    @api.get("/articles", summary="Articles, newest first")
    def list_articles(limit: Limit = 20, offset: Offset = 0, source: Text = None,
                      since: Text = None, until: Text = None) -> dict[str, Any]:
        rows = ctx.store.articles(limit=limit, offset=offset, source=source, since=since,
                                  until=until)
        items = [{"id": a.id, "title": a.title, "source": a.source, "published": a.published,
                  "url": a.url, "path": a.path} for a in rows]
        return _page(items, limit, offset, total=ctx.store.count())

    @api.get("/articles/{article_id:path}",
             summary="One article with its extractions (the analysis.json article form)")
    def get_article(article_id: str) -> dict[str, Any]:
        article = ctx.store.get_article(article_id)
        if article is None:
            raise ApiError(404, f"no article {article_id!r}")
        out = article_to_json(article)
        out["stories"] = [{"id": s.id, "headline": s.headline}
                          for s in ctx.extra.stories_of_articles([article.id]).get(article.id, [])]
        return out

    @api.post(
        "/articles", summary="Ingest articles (JSON object or array, or uploaded files)",
        description="Runs the same reader and pipeline as `rasid ingest`. Needs "
                    "`Authorization: Bearer <token>`. Body: `application/json` (one article "
                    "object or an array of them; fields as for JSON input) or "
                    "`multipart/form-data` with one or more `file` parts (.txt, .html, .json, "
                    ".jsonl, .gz, .xz).",
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"oneOf": [
                {"type": "object"}, {"type": "array", "items": {"type": "object"}}]}},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
        }}},
        responses={401: {"description": "no bearer token"}, 403: {"description": "wrong token"},
                   413: {"description": "body too large"}, 400: {"description": "invalid JSON"},
                   422: {"description": "nothing could be ingested"}},
    )
    async def post_articles(request: Request) -> dict[str, Any]:
        _authorise(ctx, request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        files: list[tuple[str, bytes]] = []
        if kind == "application/json" or kind.endswith("+json"):
            raw = await request.body()
            try:
                value = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ApiError(400, f"invalid JSON: {exc}", code="invalid_json") from None
            except RecursionError:
                raise ApiError(400, "invalid JSON: nested too deeply",
                               code="invalid_json") from None
            if not isinstance(value, dict | list) or value == []:
                raise ApiError(422, "expected an article object or a non-empty array of them")
            files.append(("articles.json", raw))
        elif kind == "multipart/form-data":
            form = await request.form(max_files=100, max_fields=100)
            for number, part in enumerate(form.getlist("file"), start=1):
                if isinstance(part, str):
                    raise ApiError(422, "the 'file' field must be an uploaded file")
                files.append((_upload_name(part.filename, f"upload-{number}"),
                              await part.read()))
            await form.close()
            if not files:
                raise ApiError(422, "multipart body without a 'file' part")
        else:
            raise ApiError(415, "send application/json or multipart/form-data")
        result = await run_in_threadpool(_ingest, ctx, files)
        if result["added"] + result["skipped"] == 0:
            raise ApiError(422, "nothing could be ingested", code="ingest_failed",
                           extra={"failures": result["failures"]})
        return result

    @api.get("/search", summary="Full-text search (syntax in docs/store.md)")
    def search(q: Annotated[str, Query(max_length=500, description="the query")],
               source: Text = None, since: Text = None, until: Text = None,
               story: Text = None, entity: Text = None, speaker: Text = None,
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        page = ctx.store.search(q, source=source, since=since, until=until, story=story,
                                entity=entity, speaker=speaker, limit=limit, offset=offset)
        return _page([_hit(h) for h in page.hits], page.limit, page.offset, query=page.query,
                     total=page.total)

    @api.get("/entities", summary="Entities by the number of articles mentioning them")
    def list_entities(label: Label = None, limit: Limit = 20,
                      offset: Offset = 0) -> dict[str, Any]:
        rows = ctx.store.entities(label=label, limit=limit, offset=offset)
        return _page([_entity(e) for e in rows], limit, offset)

    @api.get("/entities/{name:path}",
             summary="One entity (any spelling) with its roles, articles and stories")
    def get_entity(name: str, label: Label = None) -> dict[str, Any]:
        row = ctx.store.entity(name, label=label)
        if row is None:
            raise ApiError(404, f"no entity {name!r}")
        out = _entity(row)
        out["roles"] = [{"role": r, "count": n}
                        for r, n in ctx.extra.entity_roles(row.key, row.label)]
        out["stories"] = [{"id": s.id, "headline": s.headline}
                          for s in ctx.extra.stories_of_entity(row.key, row.label)]
        out["recent_articles"] = [
            {"id": a.id, "title": a.title, "source": a.source, "published": a.published}
            for a in ctx.extra.entity_articles(row.key, row.label, limit=MAX_LIMIT)]
        return out

    @api.get("/quotes", summary="Statements by one speaker (any spelling), oldest first")
    def quotes(speaker: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        rows = ctx.store.quotes_by_speaker(speaker, limit=limit, offset=offset)
        items = [{"article_id": r.article_id, "source": r.source, "published": r.published,
                  "text": r.quote.text, "start": r.quote.start, "end": r.quote.end,
                  "speaker": r.quote.speaker, "speaker_type": r.quote.speaker_type,
                  "speaker_role": r.quote.speaker_role, "direct": r.quote.direct,
                  "cue": r.quote.cue} for r in rows]
        return _page(items, limit, offset, speaker=speaker)

    @api.get("/figures", summary="One quantity (a figure key) across outlets, oldest first")
    def figures(key: Annotated[str, Query(min_length=1, max_length=300)]) -> dict[str, Any]:
        rows = ctx.store.figures_by_key(key)
        items = [{"article_id": r.article_id, "source": r.source, "published": r.published,
                  "text": r.figure.text, "start": r.figure.start, "end": r.figure.end,
                  "value": r.figure.value, "hedge": r.figure.hedge, "unit": r.figure.unit,
                  "counted": r.figure.counted, "place": r.figure.place} for r in rows]
        return {"key": key, "count": len(items), "items": items}

    return api


def _authorise(ctx: WebContext, request: Request) -> None:
    header = request.headers.get("authorization")
    if ctx.token is None:
        raise ApiError(403, "writing is disabled: the server was started without a token")
    if not header:
        raise ApiError(401, "send Authorization: Bearer <token>",
                       headers={"WWW-Authenticate": "Bearer"})
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "send Authorization: Bearer <token>",
                       headers={"WWW-Authenticate": "Bearer"})
    if not ctx.token_matches(given.strip()):
        raise ApiError(403, "wrong token")


def _ingest(ctx: WebContext, files: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Write the uploads to a private folder and run ``rasid ingest``'s reader and pipeline.

    Stored paths name the upload (``upload-<id>/<name>``), not the temporary folder, and are
    unique per request, so the ids the store actually gave can be read back by path.
    """
    tag = f"upload-{uuid.uuid4().hex[:12]}"
    with tempfile.TemporaryDirectory(prefix="rasid-upload-") as tmp:
        paths = []
        for name, data in files:
            target = Path(tmp) / name
            n = 1
            while target.exists():
                n += 1
                target = Path(tmp) / f"{n}-{name}"
            target.write_bytes(data)
            paths.append(str(target))

        def relabel(item: RawDocument | IngestFailure) -> RawDocument | IngestFailure:
            return replace(item, path=item.path.replace(tmp, tag, 1))

        pipe = ctx.pipeline()
        documents = (relabel(d) for d in iter_documents(paths))
        stored: list[str] = []

        def seen(item: Article | IngestFailure, added: bool) -> None:
            if isinstance(item, Article):
                stored.append(item.path)

        stats = ctx.store.add_articles(run(documents, pipe), stages=pipe.versions(),
                                       on_item=seen)
    ids = ctx.extra.ids_for_paths(stored)
    return {"added": stats.added, "skipped": stats.skipped, "failed": stats.failed,
            "articles": ids,
            "failures": [{"path": f.path, "reason": f.reason} for f in stats.failures]}
