"""The schema page is a public contract: every field the code writes must be documented."""

from __future__ import annotations

import re
from pathlib import Path

from rasid.models import Article
from rasid.report import article_to_json

REPO = Path(__file__).resolve().parents[1]

DOC = (REPO / "docs" / "analysis-schema.md").read_text(encoding="utf-8")


def _documented() -> set[str]:
    return set(re.findall(r"^\| `([a-z_]+)` \|", DOC, flags=re.M))


def test_every_article_field_is_documented() -> None:
    article = Article(id="a", path="p", source=None, url=None, published=None, title=None,
                      author=None, dateline=None, body="x")
    missing = set(article_to_json(article)) - _documented()
    assert not missing, f"fields written but not documented in docs/analysis-schema.md: {missing}"


def test_top_level_fields_are_documented() -> None:
    for name in ("schema_version", "generator", "inputs", "articles", "failures", "stories",
                 "summary"):
        assert f"| `{name}` |" in DOC
