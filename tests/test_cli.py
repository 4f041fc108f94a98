from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rasid.cli import _parser, main

REPO = Path(__file__).resolve().parents[1]

ARTICLE = (
    "ميناء الساحل يستأنف العمل بعد إضراب استمر ثلاثة أيام\n\n"
    "كتب: سامر العلي\n\n"
    "استأنف ميناء الساحل العمل صباح اليوم بعد إضراب شارك فيه نحو 1200 عامل، "
    "وقال مدير الميناء إن \"الحركة ستعود إلى طبيعتها خلال يومين\".\n\n"
    "شارك هذا المقال\n"
)


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("1200", "1500"), encoding="utf-8")
    (folder / "meta.csv").write_text(
        "file,source,url,published\na.txt,صحيفة المرصد,https://example.com/a,2025-03-10\n",
        encoding="utf-8")


def test_analyze_writes_json_and_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_corpus(tmp_path / "in")
    code = main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert code == 0
    doc = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in doc["articles"]] == ["a", "b"]
    first = doc["articles"][0]
    assert first["source"] == "صحيفة المرصد" and first["published"].startswith("2025-03-10")
    assert first["title"].startswith("ميناء الساحل")
    assert "1200" in first["body"] and "كتب:" not in first["body"]
    assert any("كتب:" in r["text"] for r in first["removed"])
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in html and "ميناء الساحل" in html
    err = capsys.readouterr().err
    assert re.search(r"2 articles read, 0 failed, [\d.]+ s", err)


def test_bad_inputs_are_reported_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_corpus(tmp_path / "in")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "in" / "feed.jsonl").write_text(
        '{"id": "r1", "title": "عنوان", "text": "نص الخبر الأول هنا."}\n{"id": "r2", "te\n',
        encoding="utf-8")
    code = main(["analyze", str(tmp_path / "in"), str(tmp_path / "missing"),
                 "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name in ("empty.txt", "bin.txt", "feed.jsonl:2", "missing"):
        assert name in err, err
    doc = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in doc["articles"]) == ["a", "b", "r1"]
    assert len(doc["failures"]) == 4


def test_workers_give_the_same_json(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "in")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o1"), "--quiet"]) == 0
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o2"), "--quiet",
                 "--workers", "2"]) == 0
    one = json.loads((tmp_path / "o1" / "analysis.json").read_text(encoding="utf-8"))
    two = json.loads((tmp_path / "o2" / "analysis.json").read_text(encoding="utf-8"))
    assert one["articles"] == two["articles"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["analyze", str(tmp_path), "--out", str(tmp_path / "o"), "--workers", "0"]) == 2


@pytest.mark.parametrize("command", ["analyze", "ingest", "eval", "serve"])
def test_every_cli_option_is_documented_in_the_readme(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"rasid {command}" in readme, f"`rasid {command}` is not documented in README.md"
    if command == "serve":
        from rasid.web.serve import _parser as serve_parser

        sub_parser = serve_parser()
    else:
        parser = _parser()
        sub = next(a for a in parser._actions if a.dest == "command")
        sub_parser = sub.choices[command]  # type: ignore[attr-defined]
    for action in sub_parser._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in readme, f"rasid {command} {flag} is not documented in README.md"


def test_seeds_meta_csv_is_picked_up(seeds_dir: Path, tmp_path: Path) -> None:
    assert main(["analyze", str(seeds_dir), "--out", str(tmp_path / "r"), "--quiet"]) == 0
    doc = json.loads((tmp_path / "r" / "analysis.json").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in doc["articles"]}
    assert len(by_id) == 5
    assert by_id["000_e3c0704792053e9b"]["source"] == "CNN Arabic"
    assert by_id["002_e54e3eecf1d0ea7e"]["source"] == "Asharq"
    assert by_id["001_ee866bc3eb3562dc"]["source"] is None
    dates = {k: v["published"][:10] for k, v in by_id.items()}
    assert dates["000_e3c0704792053e9b"] == "2020-06-12"
    assert dates["004_025d1d67db656732"] == "2021-07-27"
    # the trailing sidebar stories of 003 are not in its body
    body = by_id["003_48ff7eaf9fb7bef6"]["body"]
    assert "آل نهيان" not in body and "2500" in body
