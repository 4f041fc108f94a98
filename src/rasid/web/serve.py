"""``rasid serve --db rasid.db [--host 127.0.0.1] [--port 8000] [--token T]``.

The token may also come from the environment (``RASID_TOKEN``), which keeps it out of the
process list; without one the server is read-only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from rasid.errors import RasidError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rasid serve",
                                description="Serve the Rasid API and web pages over a store.")
    p.add_argument("--db", required=True, help="the SQLite store (made by rasid ingest)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument("--token", default=None,
                   help="bearer token enabling POST /api/articles (or env RASID_TOKEN)")
    p.add_argument("--max-body-bytes", type=int, default=10_000_000,
                   help="largest request body accepted (10,000,000)")
    p.add_argument("--threads", type=int, default=8,
                   help="requests served at once (thread pool size, 8)")
    p.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"])
    return p


def main(argv: Sequence[str] | None = None) -> int:
    ns = _parser().parse_args(argv)
    if not 0 < ns.port < 65536:
        print(f"rasid serve: --port must be 1..65535, got {ns.port}", file=sys.stderr)
        return 2
    if ns.max_body_bytes < 1:
        print("rasid serve: --max-body-bytes must be positive", file=sys.stderr)
        return 2
    token = ns.token or os.environ.get("RASID_TOKEN") or None
    try:
        import uvicorn

        from rasid.web.app import create_app
    except ImportError as exc:
        print(f"rasid serve: the web extras are not installed ({exc.name}): "
              "pip install fastapi uvicorn jinja2 python-multipart", file=sys.stderr)
        return 2
    try:
        app = create_app(ns.db, token=token, max_body_bytes=ns.max_body_bytes,
                         threads=ns.threads)
    except RasidError as exc:
        print(f"rasid serve: {exc}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=ns.host, port=ns.port, log_level=ns.log_level,
                access_log=ns.log_level == "debug")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
