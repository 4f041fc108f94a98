"""End-to-end golden test: `rasid analyze` on our own sample corpus.

After an intended change, regenerate with `python scripts/update_examples_golden.py`
and read the diff before committing.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


_spec = importlib.util.spec_from_file_location(
    "update_examples_golden", REPO / "scripts" / "update_examples_golden.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_sample_corpus_matches_golden() -> None:
    expected = golden.GOLDEN.read_text(encoding="utf-8")
    actual = json.dumps(golden.current(), ensure_ascii=False, indent=1) + "\n"
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            "golden", "now", n=2))
        raise AssertionError("analysis of examples/ changed; if intended, run "
                             "scripts/update_examples_golden.py\n" + diff[:6000])
