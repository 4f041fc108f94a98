"""Behaviour of the NER stage on our own sentences and recall on the seed articles' people."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.arabic import tokenize
from rasid.errors import ModelError
from rasid.ner import extract_mentions, tag_sentences, tag_tokens
from rasid.ner._features import Memory, load_resources
from rasid.ner._text import norm, strip_clitics

LABELS = {"PERS", "ORG", "LOC", "MISC"}

# People named in the seed articles (short entity names, not article text).
SEED_PEOPLE = (
    "ديفيد شينكر",
    "جون كيربي",
    "نيد برايس",
    "لويد أوستن",
    "ناثان تيك",
    "سابرينا سينج",
    "جو بايدن",
    "مصطفى الكاظمي",
    "جين ساكي",
    "يحيى رسول",
    "ثابت العباسي",
    "محمد شياع السوداني",
    "ديفيد هيل",
    "عبد الكريم هاشم مصطفى",
    "ريان براون",
    "ماثيو تولر",
    "قاسم سليماني",
    "أبو مهدي المهندس",
)
# measured with the shipped model (see the report); pinned slightly below
SEED_RECALL_FLOOR = 0.9  # measured 20 of 21 occurrences


def _by_label(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in extract_mentions(text):
        out.setdefault(m.label, set()).add(m.text)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وأعلن وزير الخارجية الأردني أيمن الصفدي في مؤتمر صحفي مع ممثل الأمم المتحدة "
            "في مدينة إربد أن المساعدات ستصل قريبا.",
            {("PERS", "أيمن الصفدي"), ("ORG", "الأمم المتحدة"), ("LOC", "إربد")},
        ),
        (
            "وقالت منظمة الصحة العالمية في بيان إن وزير الصحة المصري خالد عبد الغفار "
            "زار مدينة أسوان.",
            {("ORG", "منظمة الصحة العالمية"), ("PERS", "خالد عبد الغفار"), ("LOC", "أسوان")},
        ),
    ],
)
def test_minister_organisation_city(text: str, expected: set[tuple[str, str]]) -> None:
    # ANERcorp leaves ministries (وزارة الخارجية) untagged, so the model does too: the
    # organisation here is one the corpus annotates.
    found = extract_mentions(text)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.label in LABELS
        assert 0.0 < m.score <= 1.0
    assert {(m.label, m.text) for m in found} == expected


def test_company_and_capital() -> None:
    got = _by_label("وقالت شركة أرامكو السعودية في بيان صدر في الرياض إن أرباحها ارتفعت.")
    assert "الرياض" in got.get("LOC", set())
    assert any("أرامكو" in t for t in got.get("ORG", set()))


def test_explicit_tokens_give_the_same_mentions() -> None:
    text = "التقى الرئيس الفرنسي إيمانويل ماكرون نظيره المصري في القاهرة."
    assert extract_mentions(text, tokenize(text)) == extract_mentions(text)


def test_empty_and_entity_free_text() -> None:
    assert extract_mentions("") == ()
    assert extract_mentions("   \n ") == ()
    assert tag_tokens([]) == []
    assert tag_sentences([]) == []


def test_tag_tokens_gives_one_iob_tag_per_word() -> None:
    words = ["قال", "المتحدث", "باسم", "الوزارة", "محمد", "العلي", "في", "بغداد", "."]
    tags = tag_tokens(words)
    assert len(tags) == len(words)
    assert all(t == "O" or (t[:2] in ("B-", "I-") and t[2:] in LABELS) for t in tags)
    assert tags[7] == "B-LOC"
    assert tags[4:6] == ["B-PERS", "I-PERS"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "محمد",
                "في",
                "بغداد",
                "وزارة",
                "،",
                " ",
                "\n",
                "الصحة",
                "شركة",
                "Apple",
                "2024",
                "قال",
                ".",
            ]
        ),
        max_size=30,
    )
)
def test_mentions_slice_back_and_do_not_overlap(parts: list[str]) -> None:
    text = " ".join(parts)
    found = extract_mentions(text)
    end = -1
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.start >= end
        end = m.end


def test_normalisation_and_clitics() -> None:
    assert norm("إِيرانَ") == "ايران"
    assert norm("مدرسة") == "مدرسه"
    assert strip_clitics(norm("وبالعراق")) == "عراق"
    assert strip_clitics(norm("للحكومة")) == "حكومه"
    # a root-initial letter is not a clitic
    assert strip_clitics(norm("فلسطين")) == "فلسطين"


def test_missing_resources_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_resources(tmp_path)


def seed_recall(seeds: Path) -> tuple[int, int]:
    """(found, total) occurrences of SEED_PEOPLE tagged PERS with exactly the name's tokens."""
    found = total = 0
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        tokens = tokenize(text)
        pers = {(m.start, m.end) for m in extract_mentions(text, tokens) if m.label == "PERS"}
        for name in SEED_PEOPLE:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                # the name may carry a clitic (وجو بايدن): take the tokens it lies in
                first = next(t for t in tokens if t.end > start)
                last = next(t for t in tokens if t.end >= end)
                if last.end == end:
                    total += 1
                    found += (first.start, end) in pers
                start = text.find(name, end)
    return found, total


@pytest.mark.shared
def test_seed_people_recall(seeds_dir: Path) -> None:
    found, total = seed_recall(seeds_dir)
    assert total >= len(SEED_PEOPLE)
    assert found / total >= SEED_RECALL_FLOOR, (found, total)


def test_dropping_attributes_the_model_does_not_know_changes_no_tag_or_score() -> None:
    # the inference-time word table keeps only attributes with weights; the full feature
    # lists (as in training) must tag and score identically
    from rasid.ner import _model
    from rasid.ner._features import WordTable, sentence_features

    model = _model._load()
    assert model.words.known is not None
    full = WordTable(model.res)
    sentences = [
        ["قال", "وزير", "الخارجية", "سامي", "الحداد", "في", "عمان", "إن", "الوفد", "وصل"],
        ["وأضاف", "الحداد", "أن", "شركة", "نور", "للاتصالات", "ستفتح", "مكتبا", "في", "الدوحة"],
    ]
    for words in sentences:
        pruned = sentence_features(words, model.res, model.words)
        whole = sentence_features(words, model.res, full)
        assert all(set(p) <= set(w) for p, w in zip(pruned, whole, strict=True))
        assert sum(map(len, pruned)) < sum(map(len, whole))
        assert list(model.first.tag(pruned)) == list(model.first.tag(whole))
        model.first.set(pruned)
        a = [model.first.marginal("O", i) for i in range(len(words))]
        model.first.set(whole)
        b = [model.first.marginal("O", i) for i in range(len(words))]
        assert a == b


def _window_memory(keys: list[list[str]], tags: list[list[str]], j: int) -> Memory:
    """The second pass's document memory for sentence ``j``, counted directly."""
    from rasid.ner._conll import chunks
    from rasid.ner._features import DOC_WINDOW

    roles: dict[str, dict[str, int]] = {}
    spans: dict[tuple[str, ...], dict[str, int]] = {}
    own: dict[int, str] = {}
    lo = max(0, j - DOC_WINDOW)
    for x, (ks, tg) in enumerate(
        zip(keys[lo : j + DOC_WINDOW + 1], tags[lo : j + DOC_WINDOW + 1], strict=True), lo
    ):
        for a, b, t in chunks(tg):
            for k in range(a, b):
                role = "S" if b - a == 1 else "F" if k == a else "L" if k == b - 1 else "M"
                d = roles.setdefault(ks[k], {})
                d[role + t] = d.get(role + t, 0) + 1
                if x == j:
                    own[k] = role + t
            if b - a > 1:
                d = spans.setdefault(tuple(ks[a:b]), {})
                d[t] = d.get(t, 0) + 1
    return Memory(
        {k: v for k, v in roles.items() if k in keys[j]},
        {k: v for k, v in spans.items() if k[0] in keys[j]},
        own,
    )


TAGS = ["O", "B-PERS", "I-PERS", "I-ORG"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from("ابجدهو"), st.sampled_from(TAGS))),
        max_size=45,
    )
)
def test_sliding_document_memory_equals_direct_counts(doc: list[list[tuple[str, str]]]) -> None:
    from rasid.ner._features import doc_memory

    keys = [[k for k, _ in s] for s in doc]
    tags = [[t for _, t in s] for s in doc]
    memory = doc_memory(keys, tags)
    assert memory == [_window_memory(keys, tags, j) for j in range(len(doc))]


def test_second_pass_reads_roles_and_spans_of_the_document() -> None:
    from rasid.ner._features import doc_memory, stacked_features

    keys = [["قال", "سامي", "حداد", "امس"], ["واكد", "حداد", "ان", "سامي", "حداد", "وصل"]]
    first = [["O", "B-PERS", "I-PERS", "O"], ["O", "O", "O", "B-PERS", "O", "O"]]
    memory = doc_memory(keys, first)
    feats = stacked_features(keys[1], first[1], memory[1], ["O", "O", "O", "B-PERS", "O", "O"])
    # the lone surname: seen as the last word of a person (its own tag is O: no self-vote)
    expected = {"doc=PERS", "role=LPERS", "role=LPERS|t0=O", "t+2=B-PERS", "m+2=B-PERS"}
    assert expected <= set(feats[1])
    # "سامي حداد" was a two-word person in the first sentence: both words are marked
    assert "span=BPERS" in feats[3] and "span=IPERS" in feats[4]
    # the word tagged here is not its own evidence: only the other sentence's role counts
    assert "role=FPERS" in feats[3] and "docn=PERS1" in feats[3]


def test_the_shipped_model_stacks_both_passes_on_both_neural_taggers() -> None:
    from rasid.ner import _model
    from rasid.ner._dense import DenseTagger
    from rasid.ner._recurrent import RecurrentTagger

    model = _model._load()
    assert isinstance(model.dense, _model.Average)
    window, recurrent = model.dense.taggers
    assert isinstance(window, DenseTagger) and len(window.members) >= 1
    assert isinstance(recurrent, RecurrentTagger)
    # one table of word rows serves both
    assert recurrent.inputs.rows is window
    for crf in (model.first, model.second):
        assert crf is not None
        assert "m=B-PERS" in _model._known(crf)
