"""Number reading: digits in both scripts, separators, Arabic number words and scale words."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid._numbers import number_words, parse_digits, strip_clitic, tokenize
from rasid.figures import parse_number

_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def indic(s: str) -> str:
    return s.translate(_INDIC)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2500", 2500),
        ("٢٥٠٠", 2500),
        ("5,200", 5200),
        ("٥٬٢٠٠", 5200),
        ("1,234,567", 1234567),
        ("3.5", 3.5),
        ("١٢٫٥", 12.5),
        ("8,4", 8.4),  # French-style decimal comma
        ("0", 0),
        ("ألفان وخمسمئة", 2500),
        ("ألفين وخمسمائة", 2500),
        ("ثلاثة آلاف", 3000),
        ("ثلاثة الاف", 3000),
        ("مليون", 1_000_000),
        ("1.5 مليار", 1_500_000_000),
        ("٢٫٥ مليون", 2_500_000),
        ("5 ملايين", 5_000_000),
        ("خمسة ملايين", 5_000_000),
        ("نصف مليون", 500_000),
        ("ربع مليون", 250_000),
        ("مليون ونصف", 1_500_000),
        ("مليون و200 ألف", 1_200_000),
        ("ثلاثة ملايين وخمسمئة ألف", 3_500_000),
        ("ألف", 1000),
        ("ألفا", 1000),
        ("مليونين", 2_000_000),
        ("مئتا ألف", 200_000),
        ("ثلاثمئة ألف", 300_000),
        ("ثلاث مئة", 300),
        ("مئة وخمسة وعشرون", 125),
        ("خمسة وعشرون ألفا", 25_000),
        ("سبعة", 7),
        ("سبع", 7),
        ("اثنين", 2),
        ("اثنا عشر", 12),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("ثلاثة عشر", 13),
        ("عشرون", 20),
        ("تسعين", 90),
        ("واحد وثلاثون", 31),
        ("مِئَة", 100),  # diacritics do not matter
        ("عشرة آلاف", 10_000),
    ],
)
def test_parse_number_table(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "عشرات",
        "آلاف",
        "مئات",
        "ملايين",
        "مئات الآلاف",
        "نصف",
        "",
        "   ",
        "جنود",
        "الخامسة",
        "2500 جندي",
        "1,2,3",
    ],
)
def test_parse_number_rejects_vague_and_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_parse_digits_thousands_and_decimals() -> None:
    assert parse_digits("1.234.567") == 1234567  # dotted thousands
    assert parse_digits("1,234.5") == 1234.5
    assert parse_digits("1.234,5") == 1234.5
    assert parse_digits("١٬٢٣٤٫٥") == 1234.5
    assert parse_digits("12,34,567") is None  # not a grouping we read
    assert parse_digits("9" * 40) is None  # identifiers are not quantities


def test_tokenize_keeps_offsets_for_indic_digits() -> None:
    text = "نحو ٢٬٥٠٠ جندي"
    toks = tokenize(text)
    num = next(t for t in toks if t.kind == "num")
    assert text[num.start : num.end] == "٢٬٥٠٠"
    assert num.norm == "2\u066c500"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_round_trips_in_both_scripts(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(indic(str(n))) == n
    grouped = f"{n:,}"
    assert parse_number(grouped) == n
    assert parse_number(indic(grouped.replace(",", "٬"))) == n


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip(whole: int, cents: int) -> None:
    text = f"{whole}.{cents:02d}"
    assert parse_number(text) == pytest.approx(float(text))
    assert parse_number(indic(text.replace(".", "٫"))) == pytest.approx(float(text))


def test_pathological_digit_runs_are_fast() -> None:
    started = time.perf_counter()
    assert parse_number("7" * 50_000) is None
    assert parse_number("1," * 10_000 + "1") is None
    assert parse_number("," * 10_000) is None
    assert time.perf_counter() - started < 2.0


def _strip_clitic_reference(norm: str) -> str:
    # the definition strip_clitic's precomputed clitic_forms shortcut must agree with
    nw = number_words()
    if nw.is_number_word(norm) or norm in nw.few or norm in nw.vague:
        return norm
    for c in ("وب", "ول", "و", "ف", "ب", "ل"):
        rest = norm[len(c):]
        if norm.startswith(c) and (nw.is_number_word(rest) or rest in nw.few):
            return rest
    return norm


def test_strip_clitic_shortcut_matches_the_plain_rule() -> None:
    nw = number_words()
    words = sorted(nw.forms | set(nw.few) | nw.vague | {"كتاب", "وزير", "ال", "و", "بالف"})
    prefixed = [c + w for w in words for c in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "ال")]
    assert len(prefixed) > 500
    for norm in prefixed:
        assert strip_clitic(norm, nw) == _strip_clitic_reference(norm), norm


@given(st.text(alphabet="وفبلثلاثةخمسونألفمليونعشراتبضع ", max_size=12))
@settings(max_examples=300, deadline=None)
def test_strip_clitic_shortcut_on_any_word(word: str) -> None:
    assert strip_clitic(word, number_words()) == _strip_clitic_reference(word)


def test_number_word_forms_cover_every_table() -> None:
    nw = number_words()
    for table in (nw.units, nw.tens, nw.hundreds, nw.scales, nw.dual_scales, nw.needs_teen,
                  nw.fractions):
        assert table and all(nw.is_number_word(w) for w in table)
    assert not nw.is_number_word("كتاب")
