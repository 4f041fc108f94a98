"""The rule that splits a person span at a conjunction-joined name."""

from __future__ import annotations

from rasid.ner import extract_mentions
from rasid.ner._coordination import conjunction, person_words, split_coordinated
from rasid.ner._features import Resources

KNOWN = frozenset({"بوش", "بلير", "عنان", "صبري", "وليد", "خالد", "ريم"})


def test_a_joined_known_name_starts_a_second_person() -> None:
    words = ["وقال", "بوش", "وبلير", "إن"]
    tags = ["O", "B-PERS", "I-PERS", "O"]
    assert split_coordinated(words, tags, KNOWN) == ["O", "B-PERS", "B-PERS", "O"]


def test_a_name_that_starts_with_waw_stays_inside() -> None:
    # وليد is a name as written: محمد وليد is one person
    tags = ["B-PERS", "I-PERS"]
    assert split_coordinated(["محمد", "وليد"], tags, KNOWN | {"محمد"}) == tags


def test_unknown_remainder_short_words_and_other_types_are_left() -> None:
    # وايت without و is no known name; ورم is too short; an ORG span is not a person list
    assert split_coordinated(["ستيوارت", "وايت"], ["B-PERS", "I-PERS"], KNOWN) == [
        "B-PERS",
        "I-PERS",
    ]
    assert split_coordinated(["خالد", "وريم"], ["B-PERS", "I-PERS"], KNOWN) == [
        "B-PERS",
        "B-PERS",
    ]
    assert split_coordinated(["خالد", "ورم"], ["B-PERS", "I-PERS"], KNOWN | {"رم"}) == [
        "B-PERS",
        "I-PERS",
    ]
    assert split_coordinated(["بنك", "وبلير"], ["B-ORG", "I-ORG"], KNOWN) == ["B-ORG", "I-ORG"]


def test_an_unknown_name_joined_by_waw_starts_a_second_person() -> None:
    # neither name is known: the letter after و tells a list (وغريزمان, وأغويرو) from the W
    # of a foreign name (ويلشير, واينستين, ووكر, وليامز)
    tags = ["B-PERS", "I-PERS"]
    split = ["B-PERS", "B-PERS"]
    assert split_coordinated(["مبابي", "وغريزمان"], tags, KNOWN) == split
    assert split_coordinated(["ماريا", "وأغويرو"], tags, KNOWN) == split
    for w_name in ("ويلشير", "واينستين", "ووكر", "وليامز"):
        assert split_coordinated(["جاك", w_name], tags, KNOWN) == tags
    assert conjunction("وغريزمان", KNOWN) == 1
    assert conjunction("ويلشير", KNOWN) == 0


def test_the_first_word_of_a_span_is_never_split_off() -> None:
    # a span that starts with the joined name (وبلير قال) is already its own entity
    tags = ["B-PERS", "I-PERS"]
    assert split_coordinated(["وبلير", "بوش"], tags, KNOWN) == tags


def test_person_words_are_names_and_words_of_seen_persons() -> None:
    res = Resources(
        names={"صبري": (3, 1)},
        seen={("توني", "بلير"): ("PERS", 4), ("البيت", "الابيض"): ("ORG", 9)},
    )
    assert person_words(res) == {"صبري", "توني", "بلير"}


def test_conjunction_counts_the_clitic_and_its_harakat() -> None:
    assert conjunction("وبلير", KNOWN) == 1
    assert conjunction("وَبلير", KNOWN) == 2
    assert conjunction("وليد", KNOWN) == 0  # a name as written
    assert conjunction("بلير", KNOWN) == 0


def test_mentions_leave_the_conjunction_out() -> None:
    text = "ووصف عنان وصبري المحادثات بأنها مثمرة، وقال أنان إن صبري وافق."
    people = [m for m in extract_mentions(text) if m.label == "PERS"]
    assert all(text[m.start : m.end] == m.text for m in people)
    assert "صبري" in {m.text for m in people}
    assert not any(m.text.startswith("و") for m in people)
