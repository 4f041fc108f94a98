"""Pinned scores of the shipped NER model on ANERcorp test and AQMAR (entity-level F1).

Floors sit slightly below what the shipped model reaches (see the final report / NOTICE):
a drop below them means the model or its features regressed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.evaluate import ner as eval_ner
from rasid.ner._conll import Score, chunks, normalise_aqmar_tag, read_conll

TEST = "anercorp_camel_recon/ANERCorp_CamelLab_test.recon.txt"
AQMAR = "aqmar/AQMAR_Arabic_NER_corpus-1.0.concat.txt.xz"

# measured with the shipped model: micro 77.06, PERS 80.05, LOC 88.04, ORG 61.73, MISC 56.06;
# AQMAR micro 41.76. Floors sit about half a point below (PERS: four entities).
FLOORS_TEST = {None: 76.5, "PERS": 79.6, "LOC": 87.5, "ORG": 61.2, "MISC": 55.5}
FLOOR_AQMAR = 40.8


def test_chunks_follow_conlleval() -> None:
    # an I- after O opens a chunk; a type change inside a run splits it
    assert chunks(["O", "I-PERS", "I-PERS", "O"]) == {(1, 3, "PERS")}
    assert chunks(["B-ORG", "I-LOC", "O"]) == {(0, 1, "ORG"), (1, 2, "LOC")}
    assert chunks(["B-LOC", "B-LOC", "I-LOC"]) == {(0, 1, "LOC"), (1, 3, "LOC")}
    assert chunks(["B-PERS", "I-PERS"]) == {(0, 2, "PERS")}


def test_score_counts_exact_spans_only() -> None:
    s = Score()
    s.add(["B-PERS", "I-PERS", "O", "B-LOC"], ["B-PERS", "O", "O", "B-LOC"])
    p, r, _f, n = s.prf()
    assert (round(p), round(r), n) == (50, 50, 2)
    assert s.prf("LOC")[2] == 100.0
    assert s.prf("PERS")[2] == 0.0


def test_aqmar_tags_are_normalised() -> None:
    assert normalise_aqmar_tag("B-PER") == "B-PERS"
    assert normalise_aqmar_tag("I-MIS2") == "I-MISC"
    assert normalise_aqmar_tag("B-MIS1`") == "B-MISC"
    assert normalise_aqmar_tag("I--ORG") == "I-ORG"
    assert normalise_aqmar_tag("OO") == "O"
    assert normalise_aqmar_tag("B-ENGLISH") == "O"


@pytest.mark.shared
def test_anercorp_test_floors(data_dir: Path) -> None:
    path = data_dir / TEST
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    score = eval_ner.score_corpus(read_conll(path))
    for label, floor in FLOORS_TEST.items():
        assert score.prf(label)[2] >= floor, (label, score.table())


@pytest.mark.shared
def test_aqmar_floor(data_dir: Path) -> None:
    path = data_dir / AQMAR
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    score = eval_ner.score_corpus(read_conll(path, aqmar=True))
    assert score.prf()[2] >= FLOOR_AQMAR, score.table()


@pytest.mark.shared
def test_cli_prints_both_corpora(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not (data_dir / TEST).is_file():
        pytest.skip("ANERcorp test split absent")
    # the first sentences are enough to exercise the command
    lines = (data_dir / TEST).read_text(encoding="utf-8").splitlines()[:400]
    small = tmp_path / "small.txt"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert eval_ner.main(["--test", str(small), "--aqmar", str(small)]) == 0
    out = capsys.readouterr().out
    assert out.count("micro") == 2
    assert "PERS" in out and "MISC" in out


def test_cli_reports_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert eval_ner.main(["--test", str(missing), "--aqmar", str(missing)]) == 1
    assert "cannot read corpus" in capsys.readouterr().out
