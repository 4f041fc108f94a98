"""Regenerate the end-to-end golden file of the sample corpus (`examples/gulf_news_sample`).

    python scripts/update_examples_golden.py [--check]

The golden file pins what `rasid analyze` makes of our own sample corpus: per article the
metadata, title, dateline, subheads, removed lines with reasons, paragraph and sentence counts,
and the extractions (dates, figures, quotes, entities), plus the stories when they exist.
Timings and generation stamps are left out so the file is stable. Read the diff by eye before
committing a new version: it is the end-to-end behaviour users see.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from rasid.analyze import analyze

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "examples" / "gulf_news_sample"
GOLDEN = REPO / "tests" / "golden" / "examples" / "gulf_news_sample.json"


def _article(a: dict[str, Any]) -> dict[str, Any]:
    body = a["body"]
    return {
        "id": a["id"],
        "source": a["source"],
        "published": a["published"],
        "title": a["title"],
        "dateline": a["dateline"],
        "subheads": [s["text"] for s in a["subheads"]],
        "removed": [[r["line"], r["reason"]] for r in a["removed"]],
        "paragraphs": len(a["paragraphs"]),
        "sentences": len(a["sentences"]),
        "dates": [[d["text"], d["value"], d["granularity"]] for d in a["dates"]],
        "figures": [[f["text"], f["value"], f["hedge"], f["key"]] for f in a["figures"]],
        "quotes": [[q["speaker"], q["speaker_type"], q["cue"], q["direct"],
                    body[q["start"]:q["end"]][:60]] for q in a["quotes"]],
        "entities": [[e["name"], e["label"]] for e in a["entities"]],
    }


def _story(s: dict[str, Any]) -> dict[str, Any]:
    return {"id": s.get("story_id"), "articles": sorted(x["id"] for x in s.get("articles", []))}


def current() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        analyze([str(CORPUS)], tmp)
        doc = json.loads((Path(tmp) / "analysis.json").read_text(encoding="utf-8"))
    return {
        "articles": [_article(a) for a in doc["articles"]],
        "failures": doc["failures"],
        "stories": [_story(s) for s in doc["stories"]],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="only report differences")
    ns = parser.parse_args()
    new = current()
    text = json.dumps(new, ensure_ascii=False, indent=1) + "\n"
    old = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else ""
    if text == old:
        print("golden file is up to date")
        return 0
    if ns.check:
        print("golden file differs; run without --check to rewrite it", file=sys.stderr)
        return 1
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(text, encoding="utf-8")
    print(f"wrote {GOLDEN}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
