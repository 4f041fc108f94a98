"""Encoding detection: every encoding Arabic news files come in, and the bytes that are not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.errors import InputError
from rasid.ingest import iter_documents
from rasid.ingest._encoding import decode_bytes
from rasid.models import IngestFailure, RawDocument

ARABIC = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، بسعة مئة وخمسين سريرا.\n"
MIXED = "قال المتحدث باسم منظمة WHO إن 25 دولة شاركت في الاجتماع «الطارئ» يوم الأحد؟\n"


def _read_one(path: Path) -> RawDocument | IngestFailure:
    items = list(iter_documents([str(path)]))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(ARABIC.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + ARABIC.encode("utf-8"), id="utf-8-bom"),
        pytest.param(ARABIC.encode("utf-16"), id="utf-16-native-bom"),
        pytest.param(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(ARABIC.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(ARABIC.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(ARABIC.encode("utf-32"), id="utf-32-bom"),
        pytest.param(ARABIC.encode("cp1256"), id="windows-1256"),
    ],
)
def test_arabic_text_in_every_encoding_reads_back(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(encoded)
    doc = _read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == ARABIC


def test_mixed_arabic_latin_punctuation_in_cp1256(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(MIXED.encode("cp1256"))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == MIXED


def test_utf16_without_bom_english_is_detected_from_nul_pattern() -> None:
    text = "Plain English news text, written by a Windows tool without a BOM.\n"
    assert decode_bytes(text.encode("utf-16-le"), "x.txt") == text
    assert decode_bytes(text.encode("utf-16-be"), "x.txt") == text


def test_latin1_french_is_not_mistaken_for_windows_1256() -> None:
    # cp1256 shares é, è, à with Latin-1: the Arabic-share check must refuse it
    text = "Le ministre a déclaré à la presse que la réunion était très réussie. " * 4
    decoded = decode_bytes(text.encode("latin-1"), "fr.txt")
    assert decoded == text


def test_random_high_bytes_that_are_not_arabic_are_not_read_as_windows_1256() -> None:
    data = ("abc " + "\u00e9\u00e8" * 3).encode("latin-1") * 2
    decoded = decode_bytes(data, "x.txt")
    assert "é" in decoded
    assert not any("\u0600" <= ch <= "\u06ff" for ch in decoded)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)), "PNG image",
                     id="png"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document", id="pdf"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive", id="zip"),
        pytest.param(b"abc\x00\x01\x02\x03\xff\xfe\x00def" * 10, "NUL bytes", id="nul"),
        pytest.param(b"\x01\x02\x03\x04\x05 text \x06\x07\x08" * 20, "control characters",
                     id="controls"),
    ],
)
def test_binary_files_fail_with_their_kind(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(data)
    failure = _read_one(path)
    assert isinstance(failure, IngestFailure)
    assert failure.path == str(path)
    assert "binary file" in failure.reason
    assert fragment in failure.reason


def test_bom_that_lies_is_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "liar.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"\xd8\xa7\xff\xfe\xc7")
    failure = _read_one(path)
    assert isinstance(failure, IngestFailure)
    assert "undecodable" in failure.reason
    assert "utf-8" in failure.reason


def test_undecodable_bytes_fail_instead_of_being_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    # invalid UTF-8, and not Arabic in windows-1256; charset-normalizer finds nothing either
    from rasid.ingest import _encoding

    class _Nothing:
        def best(self) -> None:
            return None

    monkeypatch.setattr(_encoding, "from_bytes", lambda data: _Nothing())
    with pytest.raises(InputError) as caught:
        decode_bytes(b"abc \xe0\xe2\xe7\xe8 def" * 5, "bad.txt")
    assert caught.value.path == "bad.txt"
    assert "undecodable bytes" in caught.value.reason
    assert "offset 4" in caught.value.reason


def test_html_meta_charset_is_respected(tmp_path: Path) -> None:
    # ISO-8859-6 puts Arabic letters at other bytes than windows-1256: only the declaration
    # can tell them apart
    page = (
        '<html><head><meta charset="iso-8859-6"><title>خبر</title></head>'
        f"<body><p>{ARABIC}</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("iso-8859-6"))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.html == page
    assert doc.text is None


def test_html_http_equiv_windows_1256(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        f"</head><body><p>{MIXED}</p></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1256"))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.html == page


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from("\n\t"),
    min_size=1,
    max_size=200,
).filter(lambda text: text.strip() != "")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_round_trips(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode(encoding))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument), doc
    assert doc.text == text


def test_stale_charset_declaration_loses_to_valid_utf8(tmp_path: Path) -> None:
    # a page saved by a browser is re-encoded to UTF-8 while its <meta> still says 1256
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    path = tmp_path / "saved.html"
    path.write_bytes(page.encode("utf-8"))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument) and doc.html == page


def test_meta_csv_saved_by_excel_in_windows_1256(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARABIC, "utf-8")
    (tmp_path / "meta.csv").write_bytes("file,source,published\na.txt,صحيفة الوادي,2020-01-02\n"
                                        .encode("cp1256"))
    doc = _read_one(tmp_path)
    assert isinstance(doc, RawDocument)
    assert (doc.source, doc.published) == ("صحيفة الوادي", "2020-01-02")
