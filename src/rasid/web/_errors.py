"""One error shape everywhere: ``{"error": code, "detail": message}`` for the API, the same
message on an HTML page for the browser pages; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasid.errors import ConfigError, InputError, RasidError
from rasid.store import QueryError

log = logging.getLogger("rasid.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large",
         415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error"}


class ApiError(Exception):
    """Raised by a handler to answer with ``status`` and ``{"error": code, "detail": ...}``."""

    def __init__(self, status: int, detail: Any, *, code: str | None = None,
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None
                 ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.detail = detail
        self.headers = headers
        self.extra = extra or {}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path in ("/openapi.json",))


def _page(status: int, code: str, detail: Any) -> HTMLResponse:
    text = detail if isinstance(detail, str) else "; ".join(
        str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail
    ) if isinstance(detail, list) else str(detail)
    body = (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>خطأ {status}</title><link rel="stylesheet" href="/static/rasid.css">'
            f'</head><body><header class="top"><h1><a href="/">راصد</a></h1></header><main>'
            f'<section class="card error"><h2>خطأ <bdi dir="ltr">{status}</bdi></h2>'
            f'<p><code>{escape(code)}</code></p><p>{escape(text)}</p>'
            f'<p><a href="/">العودة إلى الصفحة الرئيسية</a></p></section></main></body></html>')
    return HTMLResponse(body, status_code=status)


def error_response(request: Request, status: int, detail: Any, *, code: str | None = None,
                   headers: dict[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> Response:
    name = code or CODES.get(status, "error")
    if _wants_html(request):
        return _page(status, name, detail)
    payload = {"error": name, "detail": jsonable_encoder(detail), **(extra or {})}
    return JSONResponse(payload, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(request, exc.status, exc.detail, code=exc.code,
                              headers=exc.headers, extra=exc.extra)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(request, exc.status_code, exc.detail,
                              headers=getattr(exc, "headers", None))

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # the offending input is echoed back only as its location and message
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""),
                   "type": e.get("type", "")} for e in exc.errors()]
        return error_response(request, 422, detail)

    async def rasid_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, QueryError):
            return error_response(request, 400, str(exc), code="invalid_query")
        if isinstance(exc, InputError):
            return error_response(request, 400, exc.reason, code="invalid_input")
        if isinstance(exc, ConfigError):
            return error_response(request, 400, str(exc))
        log.error("internal error on %s: %s", request.url.path, exc)
        return error_response(request, 500, "internal error")

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(RasidError, rasid_error)
    app.add_exception_handler(Exception, internal_error)


class BodyLimit:
    """ASGI middleware: 413 for a request body above ``limit`` bytes.

    A declared ``Content-Length`` above the limit is refused before reading; a chunked body
    is read up to the limit and refused as soon as it goes over, then replayed to the app.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._refuse(scope, receive, send, 400, "invalid Content-Length")
                return
            if size > self.limit:
                await self._refuse(scope, receive, send, 413, self._message())
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.limit:
                await self._refuse(scope, receive, send, 413, self._message())
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replay: list[Message] = [{"type": "http.request", "body": b"".join(chunks),
                                  "more_body": False}]

        async def replayed() -> Message:
            return replay.pop() if replay else await receive()

        await self.app(scope, replayed, send)

    def _message(self) -> str:
        return f"request body above the limit of {self.limit:,} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int,
                      detail: str) -> None:
        request = Request(scope, receive)
        response = error_response(request, status, detail, headers={"Connection": "close"})
        await response(scope, receive, send)
