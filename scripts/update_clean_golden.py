"""Regenerate the golden files of rasid.clean on the seed articles.

    python scripts/update_clean_golden.py [--shared ../shared] [--check]

Each golden file pins, per seed and WITHOUT copying any seed text: the title's line number, the
dateline's line number, the place every input line went to (title, dateline, body, subhead,
blank, removed:<reason>), the number of paragraphs and subheads, and a sha256 of the body.
Look at the seeds' results by eye (the script prints a summary) before committing new files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from rasid.clean import _clean

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "clean"


def golden_record(text: str) -> dict[str, object]:
    clean, labels = _clean(text, None)
    title_line = labels.index("title") if "title" in labels else None
    dateline_line = next(
        (i for i, lab in enumerate(labels) if lab in ("dateline", "body+dateline")), None
    )
    return {
        "title_line": title_line,
        "dateline_line": dateline_line,
        "lines": list(labels),
        "paragraphs": len(clean.paragraphs),
        "subheads": len(clean.subheads),
        "body_sha256": hashlib.sha256(clean.body.encode("utf-8")).hexdigest(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--check", action="store_true", help="only report differences")
    args = parser.parse_args(argv)
    seeds = sorted((args.shared / "seeds").glob("*.txt"))
    if not seeds:
        print(f"no seeds under {args.shared / 'seeds'}", file=sys.stderr)
        return 2
    GOLDEN.mkdir(parents=True, exist_ok=True)
    changed = 0
    for seed in seeds:
        record = golden_record(seed.read_text(encoding="utf-8"))
        path = GOLDEN / f"{seed.stem}.json"
        old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        lines = record["lines"]
        assert isinstance(lines, list)
        removed = [f"{i}:{lab[8:]}" for i, lab in enumerate(lines) if lab.startswith("removed:")]
        print(
            f"{seed.stem}: title_line={record['title_line']}"
            f" dateline_line={record['dateline_line']}"
            f" paragraphs={record['paragraphs']} subheads={record['subheads']} removed={removed}"
        )
        if old != record:
            changed += 1
            if not args.check:
                path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{changed} golden file(s) {'differ' if args.check else 'written'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
