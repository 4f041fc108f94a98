"""The article store: one SQLite file (WAL) with every article, its extractions, entities and
stories, and Arabic full-text search over it.

    Store.open(path, readonly=False)    open or create; named migrations applied at open
    Store.add_article / add_articles    one transaction per article; same content is a no-op
    Store.search(query, ...)            ranked, filtered, highlighted in the original text
    ingest_paths(paths, db_path)        read + pipeline + store, resumable after a kill

Schema, migrations and the search syntax: docs/store.md.
"""

from rasid.errors import QueryError
from rasid.store._ingest import ingest_paths
from rasid.store._read import (
    ArticleSummary,
    EntityRow,
    FigureRow,
    QuoteRow,
    StoryMember,
    StoryRow,
)
from rasid.store._schema import MIGRATIONS, Migration
from rasid.store._search import SearchHit, SearchPage, Snippet, parse_query
from rasid.store._store import IngestStats, Store, StoryRecord

__all__ = [
    "MIGRATIONS",
    "ArticleSummary",
    "EntityRow",
    "FigureRow",
    "IngestStats",
    "Migration",
    "QueryError",
    "QuoteRow",
    "SearchHit",
    "SearchPage",
    "Snippet",
    "Store",
    "StoryMember",
    "StoryRecord",
    "StoryRow",
    "ingest_paths",
    "parse_query",
]
