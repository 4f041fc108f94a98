"""The Rasid web app: a JSON API (``/api``, spec at ``/openapi.json``) and server-rendered,
right-to-left pages that work offline. ``create_app(db_path, token=...)`` builds it;
``rasid serve`` (``rasid.web.serve.main``) runs it with uvicorn."""

from rasid.web.app import create_app

__all__ = ["create_app"]
