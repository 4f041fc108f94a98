"""``create_app``: the Rasid web application (JSON API under ``/api`` and the pages).

The store is opened once, at creation, so a missing or foreign database fails at start-up
with a ``ConfigError`` rather than on the first request; read-only unless a write token is
given (then ``POST /api/articles`` can ingest). Swagger UI and ReDoc are off because they load
their scripts from a CDN: ``/openapi.json`` is the spec and ``/docs`` an offline page built
from it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from rasid.errors import ConfigError
from rasid.store import Store
from rasid.web import _api, _errors, _pages
from rasid.web._context import WebContext
from rasid.web._queries import ExtraQueries

VERSION = "1"


def create_app(db_path: str, *, token: str | None = None,
               max_body_bytes: int = 10_000_000, threads: int = 8) -> FastAPI:
    """The ASGI app over the store at ``db_path``.

    ``token`` enables ``POST /api/articles`` for clients sending ``Authorization: Bearer
    <token>`` (without it the store is opened read-only and writes answer 403);
    ``max_body_bytes`` bounds any request body (413 above it); ``threads`` is the number
    of requests served at once (SQLite reads run in a thread pool of that size).
    """
    if threads < 1:
        raise ConfigError(f"threads must be at least 1, got {threads}")
    if token is not None and not token.strip():
        token = None
    store = Store.open(db_path, readonly=token is None)
    ctx = WebContext(store=store, extra=ExtraQueries(db_path), token=token,
                     max_body_bytes=max_body_bytes)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # handlers are mostly Python (snippets, JSON) holding the GIL: a few threads keep
        # the CPU busy, forty (anyio's default) only add switching and stretch the tail
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        ctx.close()

    app = FastAPI(title="Rasid API", version=VERSION, docs_url=None, redoc_url=None,
                  swagger_ui_oauth2_redirect_url=None, lifespan=lifespan,
                  description="Arabic news intelligence: stories, articles, entities, search.")
    app.state.rasid = ctx
    _errors.install(app)
    app.add_middleware(_errors.BodyLimit, limit=max_body_bytes)
    app.include_router(_api.router(ctx))
    app.include_router(_pages.router(ctx, app))
    return app
