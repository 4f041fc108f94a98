"""The rules on the second pass's person spans (rasid.ner._person_spans)."""

from __future__ import annotations

from rasid.ner import tag_tokens
from rasid.ner._person_spans import mend, nationalities

PLACES = frozenset({("غانا",), ("الجزائر",), ("ايطاليا",), ("مصر",), ("جزر", "القمر")})
NISBAS = nationalities(PLACES, {"المصري": (2, 104)})


def test_nationalities_are_made_from_one_word_country_names_and_the_list() -> None:
    assert {"الغاني", "الجزائري", "الايطالي"} <= NISBAS
    assert "الاميركي" in NISBAS  # from the data file: الولايات المتحدة is two words
    # a common family name is no nationality here
    assert "المصري" not in NISBAS
    assert "المصري" in nationalities(PLACES, {})


def test_a_nationality_at_the_edge_of_a_person_leaves_the_span() -> None:
    assert mend(["كوفي", "عنان", "الغاني"], ["B-PERS", "I-PERS", "I-PERS"], NISBAS) == [
        "B-PERS",
        "I-PERS",
        "O",
    ]
    assert mend(["والإيطالي", "فيرارا"], ["B-PERS", "I-PERS"], NISBAS) == ["O", "B-PERS"]
    # alone, it was never a person
    assert mend(["الغاني"], ["B-PERS"], NISBAS) == ["O"]


def test_a_nationality_joined_by_waw_starts_a_second_person() -> None:
    words = ["تيمو", "والجزائري", "بلقاسم"]
    assert mend(words, ["B-PERS", "I-PERS", "I-PERS"], NISBAS) == ["B-PERS", "O", "B-PERS"]


def test_a_common_family_name_and_other_types_stay() -> None:
    tags = ["B-PERS", "I-PERS"]
    assert mend(["طاهر", "المصري"], tags, NISBAS) == tags
    assert mend(["البنك", "الغاني"], ["B-ORG", "I-ORG"], NISBAS) == ["B-ORG", "I-ORG"]


def test_a_latin_acronym_is_an_organisation_not_a_person() -> None:
    assert mend(["قالت", "IBM", "إن"], ["O", "B-PERS", "O"], NISBAS) == ["O", "B-ORG", "O"]
    # a span with any other word is left to the CRFs
    assert mend(["John", "SMITH"], ["B-PERS", "I-PERS"], NISBAS) == ["B-PERS", "I-PERS"]


def test_bin_with_a_clitic_joins_the_name_after_it() -> None:
    words = ["حارسا", "لبن", "لادن"]
    assert mend(words, ["O", "O", "B-PERS"], NISBAS) == ["O", "B-PERS", "I-PERS"]
    # لبن (milk) before anything but a person stays a word
    assert mend(["شرب", "لبن", "بارد"], ["O", "O", "O"], NISBAS) == ["O", "O", "O"]


def test_the_shipped_recogniser_applies_the_rules() -> None:
    # without the rules, the recogniser tags الكيني as the name's last word, and نوفاك
    # والسلوفاكي هرباتي as one person
    words = ["وسجل", "هدف", "المباراة", "غور", "ماهيا", "الكيني", "في", "الدقيقة", "العاشرة"]
    assert tag_tokens(words)[3:6] == ["B-PERS", "I-PERS", "O"]
    words = ["تأهل", "الثنائي", "التشيكي", "نوفاك", "والسلوفاكي", "هرباتي", "إلى", "الدور"]
    assert tag_tokens(words)[3:6] == ["B-PERS", "O", "B-PERS"]
