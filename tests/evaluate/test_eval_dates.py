"""`rasid eval dates`: reading Wojood, scoring, and a pinned floor on the test split."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.evaluate.dates import main, read_conll, score

# own-written sample in the Wojood layout: token, outer tag, nested tags
SAMPLE = """\
وصل O
الوفد O
بتاريخ B-DATE
( I-DATE
15 I-DATE
/ I-DATE
1 I-DATE
/ I-DATE
2024 I-DATE
) I-DATE
. O

وقعت O
حرب B-EVENT
1967 I-EVENT B-DATE
و O
أمسية O
شعرية O
اليوم B-DATE
. O
"""


def test_read_conll_rebuilds_text_and_outermost_date_spans(tmp_path: Path) -> None:
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    sents = read_conll(path)
    assert len(sents) == 2
    first, second = sents
    assert [first.text[a:b] for a, b in first.gold] == ["بتاريخ ( 15 / 1 / 2024 )"]
    assert [second.text[a:b] for a, b in second.gold] == ["1967", "اليوم"]
    sc, errors = score(sents)
    assert (sc.gold, sc.predicted, sc.exact_tp) == (3, 3, 3)
    assert errors == []
    assert sc.exact() == (1.0, 1.0, 1.0)


def test_main_rejects_a_missing_directory(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "absent")]) == 2
    assert "no data directory" in capsys.readouterr().err


def test_floor_on_wojood_test_split(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wojood = data_dir / "wojood_sample"
    if not (wojood / "test.txt").is_file():
        pytest.skip("wojood_sample/test.txt is absent")
    sc, _ = score(read_conll(wojood / "test.txt"))
    # measured 0.892 exact / 0.964 overlap F1 (tuned on train/val only)
    assert sc.exact()[2] >= 0.86
    assert sc.overlap()[2] >= 0.94
    assert main(["--data", str(wojood)]) == 0
    out = capsys.readouterr().out
    assert "test" in out and "overlap" in out
