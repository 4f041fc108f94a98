"""Rebuild the shipped NER model: ``python scripts/train_ner.py [--dev] [...]``.

Run ``scripts/build_ner_resources.py`` first when the cluster/name/place tables are missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rasid.ner.train import main

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
