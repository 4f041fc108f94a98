"""What every request handler shares: the open store, our extra queries, the write token and
the ingest pipeline (built on the first upload: it loads the models)."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field

from rasid.pipeline import Pipeline
from rasid.stages import default_pipeline
from rasid.store import Store
from rasid.web._queries import ExtraQueries

MAX_LIMIT = 100
MAX_OFFSET = 100_000


@dataclass(slots=True)
class WebContext:
    store: Store
    extra: ExtraQueries
    token: str | None
    max_body_bytes: int
    _pipeline: Pipeline | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = default_pipeline()
            return self._pipeline

    def token_matches(self, given: str) -> bool:
        if self.token is None:
            return False
        # constant time: the comparison must not leak how much of the token was right
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def close(self) -> None:
        self.extra.close()
        self.store.close()
