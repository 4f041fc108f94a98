"""Hypothesis properties of the Arabic text layer, and bounded time on pathological input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.arabic import (
    digits_to_latin,
    fold,
    normalize,
    split_sentences,
    stem,
    strip_clitics,
    tokenize,
)
from rasid.arabic._normalize import invisible_codepoints

INVISIBLE = frozenset(chr(cp) for cp in invisible_codepoints())
LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئىة"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
BIDI = "\u200e\u200f\u061c\u200b\u200c\u200d\u2066\u2067\u2068\u2069\u202a\u202b\u202e\ufeff"
PUNCT = ".!?؟…،؛,:;-—()«»“”\"'‘’٫٬%٪ـ#_/"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
SPACE = " \n\t\u00a0\r\u2029"
PRESENTATION = "\ufefb\ufef7\ufe91\ufe8e\ufdf2\ufdfa\ufe70\ufb50"

# Arabic-heavy text that still reaches the odd corners, plus fully arbitrary Unicode
arabic_text = st.text(
    alphabet=st.sampled_from(
        LETTERS + MARKS + BIDI + PUNCT + DIGITS + SPACE + "AbZ" + PRESENTATION
    ),
    max_size=200,
)
any_text = st.one_of(arabic_text, st.text(max_size=200))


def non_space_positions(text: str) -> set[int]:
    return {i for i, c in enumerate(text) if not c.isspace() and c not in INVISIBLE}


@given(any_text)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.sampled_from(LETTERS + MARKS + BIDI + PUNCT + DIGITS + SPACE + "AZ")))
def test_normalize_of_fold_is_normalize(text: str) -> None:
    # holds wherever no ligature expands to several letters (fold keeps only the first)
    assert normalize(fold(text)) == normalize(text)


@given(any_text)
def test_tokens_slice_back_are_ordered_and_cover_all_visible_text(text: str) -> None:
    tokens = tokenize(text)
    covered: set[int] = set()
    previous_end = 0
    for tok in tokens:
        assert text[tok.start : tok.end] == tok.text
        assert tok.text
        assert tok.norm == normalize(tok.text)
        assert tok.start >= previous_end
        previous_end = tok.end
        covered.update(range(tok.start, tok.end))
    assert non_space_positions(text) <= covered
    assert not any(text[i].isspace() for i in covered)


@given(any_text)
def test_sentence_spans_are_ordered_non_empty_and_cover_all_visible_text(text: str) -> None:
    spans = split_sentences(text)
    covered: set[int] = set()
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous_end = span.end
        covered.update(range(span.start, span.end))
    assert non_space_positions(text) <= covered


def to_arabic_indic(latin: str) -> str:
    return latin.translate({ord(str(d)): chr(0x660 + d) for d in range(10)})


def to_persian(latin: str) -> str:
    return latin.translate({ord(str(d)): chr(0x6F0 + d) for d in range(10)})


@given(st.integers(min_value=0, max_value=10**30))
def test_any_integer_written_in_arabic_indic_reads_back_and_is_one_token(n: int) -> None:
    latin = str(n)
    for written in (to_arabic_indic(latin), to_persian(latin)):
        assert digits_to_latin(written) == latin
        assert normalize(written) == latin
    grouped = f"{n:,}"
    grouped_arabic = to_arabic_indic(grouped).replace(",", "٬")
    for form in (latin, to_arabic_indic(latin), grouped, grouped_arabic):
        tokens = tokenize(f"بلغ {form} جنديا")
        assert [t.text for t in tokens] == ["بلغ", form, "جنديا"]
    assert tokenize(f"بلغ {grouped_arabic} جنديا")[1].norm == grouped


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=999))
def test_a_decimal_number_is_one_token_in_both_scripts(whole: int, frac: int) -> None:
    latin = f"{whole}.{frac}"
    arabic = to_arabic_indic(latin).replace(".", "٫")
    assert [t.text for t in tokenize(latin)] == [latin]
    assert [t.text for t in tokenize(arabic)] == [arabic]
    assert len(split_sentences(f"النسبة {arabic} في المئة")) == 1


@given(
    st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=12),
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=12), st.sampled_from(MARKS + BIDI)),
        max_size=8,
    ),
)
def test_normalize_ignores_inserted_diacritics_tatweel_and_bidi(
    word: str, inserts: list[tuple[int, str]]
) -> None:
    decorated = list(word)
    for position, mark in sorted(inserts, reverse=True):
        decorated.insert(min(position, len(decorated)), mark)
    noisy = "".join(decorated)
    assert normalize(noisy) == normalize(word)
    # and the decorated word is still one token unless marks sit at its edges only
    inner = [t for t in tokenize(noisy) if t.norm]
    assert [t.norm for t in inner] == [normalize(word)]


@given(st.text(alphabet=st.sampled_from(LETTERS), max_size=12))
@settings(max_examples=200)
def test_stemming_is_deterministic_and_never_grows(word: str) -> None:
    norm = normalize(word)
    assert stem(norm) == stem(norm)
    assert len(stem(norm)) <= len(strip_clitics(norm)) <= len(norm)
    assert norm.endswith(strip_clitics(norm))


def test_pathological_inputs_run_in_bounded_time() -> None:
    inputs = [
        '"' * 100_000,
        "«»“”" * 25_000,
        "." * 100_000,
        ". " * 50_000,
        ",".join(["١٢"] * 25_000),
        "1." * 50_000,
        "\u064e" * 100_000,
        "\u200f" * 100_000,
        "د. " * 50_000,
        'ذهب. "نعم" ' * 20_000,
        "«" * 50_000 + "ذهب. " * 10_000 + "»" * 50_000,
    ]
    for text in inputs:
        started = time.perf_counter()
        normalize(text)
        fold(text)
        tokenize(text)
        split_sentences(text)
        # each is linear; a quadratic path would take minutes here
        assert time.perf_counter() - started < 5.0, text[:20]
    assert len(tokenize(",".join(["١٢"] * 25_000))) == 1
