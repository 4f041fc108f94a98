"""Unit tests for the matching form: one test per rule family, with our own Arabic examples."""

from __future__ import annotations

import json
from importlib import resources

import pytest

import rasid.arabic as ar
from rasid.arabic import FOLD_PLACEHOLDER, digits_to_latin, fold, normalize
from rasid.arabic._normalize import load_data, normalize_table
from rasid.errors import ModelError


def test_public_api_is_exactly_the_documented_names() -> None:
    assert sorted(ar.__all__) == sorted(
        [
            "FOLD_PLACEHOLDER",
            "digits_to_latin",
            "fold",
            "normalize",
            "split_sentences",
            "stem",
            "strip_clitics",
            "tokenize",
        ]
    )
    for name in ar.__all__:
        assert hasattr(ar, name)


# ---------------------------------------------------------------- character rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كَتَبَ", "كتب"),  # fatha
        ("كُتُبٌ", "كتب"),  # damma, dammatan
        ("مدرسةٍ", "مدرسه"),  # kasratan (and taa marbuta)
        ("شكرًا", "شكرا"),  # fathatan
        ("مدّة", "مده"),  # shadda
        ("قِسْم", "قسم"),  # kasra, sukun
        ("هٰذا", "هذا"),  # superscript alef
        ("الرحمٰن", "الرحمن"),
        ("محمد\u0610", "محمد"),  # honorific sign, Quranic annotation range
        ("قال\u06d6", "قال"),  # small high ligature (Quranic pause mark)
        ("سلام\u08f0", "سلام"),  # Arabic Extended-A open fathatan
        ("ا\u0653", "ا"),  # combining maddah above
    ],
)
def test_diacritics_and_quranic_marks_are_removed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_ayah_symbols_are_not_marks() -> None:
    # U+06DD END OF AYAH and U+06DE RUB EL HIZB are symbols, not decorations of a letter
    assert normalize("\u06dd") == "\u06dd"
    assert normalize("\u06de") == "\u06de"


def test_tatweel_is_removed() -> None:
    assert normalize("جـــديـد") == "جديد"
    assert normalize("ـ") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إسلام", "اسلام"),
        ("آمال", "امال"),
        ("ٱلكتاب", "الكتاب"),
        ("\u0672", "ا"),
        ("\u0673", "ا"),
        ("\u0675", "ا"),
    ],
)
def test_alef_forms_fold_to_bare_alef(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_hamza_carriers_fold_to_bare_hamza() -> None:
    # our choice (see data/charmap.json): ؤ and ئ become ء so spelling variants meet
    assert normalize("مسؤول") == normalize("مسئول") == "مسءول"
    assert normalize("شؤون") == normalize("شئون")
    assert normalize("زملاؤه") == normalize("زملائه") == normalize("زملاءه")
    assert normalize("سماء") == "سماء"  # a bare hamza stays
    # and they are not confused with the plain letters
    assert normalize("يؤم") != normalize("يوم")


def test_alef_maqsura_and_farsi_yeh_fold_to_ya() -> None:
    assert normalize("على") == normalize("علي") == "علي"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("\u06cc") == "ي"


def test_taa_marbuta_folds_to_ha() -> None:
    assert normalize("مدينة") == normalize("مدينه") == "مدينه"
    assert normalize("\u06c1") == "ه"


def test_keheh_folds_to_kaf() -> None:
    assert normalize("\u06a9تاب") == "كتاب"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("عام ٢٠٢٤", "عام 2024"),
        ("۱۴۰۳", "1403"),
    ],
)
def test_arabic_indic_and_persian_digits_become_ascii(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("نعم، لا", "نعم, لا"),
        ("أولا؛ ثانيا", "اولا; ثانيا"),
        ("لماذا؟", "لماذا?"),
        ("٥٠٪", "50%"),
        ("١٢٫٥", "12.5"),
        ("٥٬٢٠٠", "5,200"),
        ("انتهى۔", "انتهي."),
    ],
)
def test_arabic_punctuation_becomes_ascii(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "mark",
    [
        "\u200e",
        "\u200f",
        "\u061c",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\ufeff",
    ],
)
def test_bidi_and_invisible_marks_are_removed(mark: str) -> None:
    assert normalize(f"سعر{mark}النفط") == "سعرالنفط"
    assert normalize(f"{mark}2024{mark}") == "2024"


@pytest.mark.parametrize(
    "quote", ['"', "“", "”", "„", "‟", "«", "»", "‹", "›", "'", "‘", "’", "‚", "″", "＂"]
)
def test_every_quote_style_becomes_ascii_double_quote(quote: str) -> None:
    assert normalize(f"{quote}نعم{quote}") == '"نعم"'


def test_dashes_become_hyphen() -> None:
    assert normalize("2020–2024") == "2020-2024"
    assert normalize("بيروت — وكالات") == "بيروت - وكالات"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufe91\ufe8e\ufe91", "باب"),  # initial/medial/final glyph codes
        ("\ufefb", "لا"),  # lam-alef ligature
        ("\ufef7", "لا"),  # lam-alef with hamza above: hamza folded with the alef
        ("\ufdf2", "الله"),  # Allah ligature (its shadda and dagger alef go too)
        ("\ufe94", "ه"),  # taa marbuta final form
        ("\ufe70", ""),  # isolated fathatan: a space and a mark, nothing left
    ],
)
def test_presentation_forms_become_base_letters(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_nfkc_is_limited_to_arabic_presentation_ranges() -> None:
    # outside those ranges NFKC would fold these; the matching form keeps them
    assert normalize("x²") == "x²"
    assert normalize("ﬁ") == "ﬁ"


def test_whitespace_runs_collapse_and_ends_are_stripped() -> None:
    assert normalize("  قال\t\tالوزير\n\nاليوم\u00a0\u2003 ") == "قال الوزير اليوم"
    assert normalize("\n \t") == ""
    # a deleted mark between spaces does not leave a double space
    assert normalize("قال \u200f الوزير") == "قال الوزير"


def test_latin_is_lower_cased() -> None:
    assert normalize("CNN و BBC") == "cnn و bbc"


def test_display_text_is_left_alone() -> None:
    original = "قالَ «الوزير»"
    copy = str(original)
    assert normalize(original) != original
    assert original == copy


def test_normalize_is_idempotent_on_examples() -> None:
    for text in ["قالَ «المسؤولُ»: ﻻ ٥٬٢٠٠", "ﷺ ﷲ", "İSTANBUL ـــ"]:
        once = normalize(text)
        assert normalize(once) == once


def test_every_table_value_is_a_fixpoint() -> None:
    table = normalize_table()
    for cp, value in table.items():
        assert value.lower().translate(table) == value, f"U+{cp:04X}"


# ---------------------------------------------------------------- fold


def test_fold_is_length_preserving_and_aligned() -> None:
    text = "قالَ\u200f «المسؤولة» ٥٬٢٠٠ CNN"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded[2] == "ل" and folded[3] == FOLD_PLACEHOLDER  # fatha
    assert folded[4] == FOLD_PLACEHOLDER  # RLM
    assert folded[6] == '"'
    assert folded[7:15] == "المسءوله"
    assert folded.index("5,200") == text.index("٥٬٢٠٠")
    assert folded.endswith("cnn")


def test_fold_keeps_whitespace_in_place() -> None:
    text = "قال\n\n  الوزير"
    assert fold(text) == text


def test_fold_keeps_first_letter_of_a_ligature() -> None:
    assert fold("\ufefb") == "ل"


def test_fold_then_normalize_equals_normalize() -> None:
    text = "  قالَ الرئيسُ:\u200f «سنعود» في ١٢٫٥٪ من الحالات  "
    assert normalize(fold(text)) == normalize(text)


def test_fold_survives_capitals_that_lower_case_to_two_chars() -> None:
    assert len(fold("İstanbul")) == len("İstanbul")


# ---------------------------------------------------------------- digits_to_latin


def test_digits_to_latin_is_length_preserving() -> None:
    text = "بلغ ٢٥٠٠ جندي و۳۰۰ آلية"
    out = digits_to_latin(text)
    assert out == "بلغ 2500 جندي و300 آلية"
    assert len(out) == len(text)


# ---------------------------------------------------------------- data files


@pytest.mark.parametrize(
    "name",
    ["charmap.json", "punctuation.json", "abbreviations.json", "affixes.json", "stopwords.json"],
)
def test_every_data_file_says_where_it_comes_from(name: str) -> None:
    raw = resources.files("rasid.arabic").joinpath("data", name).read_text(encoding="utf-8")
    data = json.loads(raw)
    assert isinstance(data["_about"], str) and len(data["_about"]) > 40


def test_missing_rule_file_is_a_model_error() -> None:
    with pytest.raises(ModelError):
        load_data("no_such_rules.json")


def test_decomposed_hamza_folds_like_the_precomposed_letter() -> None:
    assert normalize("ي\u0654") == normalize("ئ") == "ء"
    assert normalize("سو\u0654ال") == normalize("سؤال")
    assert normalize("ا\u0655سلام") == normalize("إسلام") == "اسلام"
    assert normalize("ا\u0653") == "ا"
