"""``ingest_paths``: read inputs, run the pipeline, store the results.

Resumable: documents already stored under the same id and path are skipped before the
pipeline runs (so resuming after a kill costs only the reading), and the content hash makes
anything else that was stored before a no-op.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from itertools import islice

from rasid.errors import ConfigError
from rasid.ingest import IngestOptions, iter_documents
from rasid.models import IngestFailure, RawDocument
from rasid.pipeline import Pipeline, run
from rasid.stages import default_pipeline
from rasid.store._store import IngestStats, ItemListener, Store


def ingest_paths(
    paths: Sequence[str],
    db_path: str | os.PathLike[str],
    *,
    options: IngestOptions | None = None,
    workers: int = 1,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    on_item: ItemListener | None = None,
) -> IngestStats:
    """Read ``paths`` (files, folders, ``-``), run ``pipeline`` (default:
    ``rasid.stages.default_pipeline()``) with ``workers`` processes and store every article.

    Returns counts; an unreadable input is a failure in the stats, never an exception.
    ``limit`` stops after that many input documents (failures included).
    """
    if limit is not None and limit < 1:
        raise ConfigError(f"limit must be at least 1, got {limit}")
    pipe = pipeline or default_pipeline()
    started = time.perf_counter()
    resumed = 0
    with Store.open(db_path) as store:

        def fresh(items: Iterator[RawDocument | IngestFailure]
                  ) -> Iterator[RawDocument | IngestFailure]:
            nonlocal resumed
            for item in items:
                if isinstance(item, RawDocument) and store.known(item.id, item.path):
                    resumed += 1
                    continue
                yield item

        documents = fresh(islice(iter_documents(paths, options or IngestOptions()), limit))
        stats = store.add_articles(
            run(documents, pipe, workers=workers), stages=pipe.versions(),
            on_item=on_item,
        )
    return IngestStats(stats.added, stats.skipped + resumed, stats.failed,
                       time.perf_counter() - started, stats.failures)
