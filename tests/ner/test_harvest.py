"""The news-name harvest (rasid.ner._harvest) and the runtime name table it extends."""

from __future__ import annotations

from rasid.ner import _model, tag_tokens
from rasid.ner._features import NEWS_NAMES, load_resources
from rasid.ner._harvest import MIN_ARTICLES, role_names

# our own sentences, with invented people
ROLE = "قال وزير الخارجية البلغاري نيكولاي بيتروف إن صوفيا تدعم الحوار."
AGAIN = "وأكد وزير الخارجية البلغاري نيكولاي بيتروف أمس أن الاتفاق قائم."
ELSEWHERE = "التقى الرئيس الكيني دانيال موانغي وزير الخارجية البلغاري نيكولاي بيتروف."


def test_role_introduced_names_are_harvested_with_their_place_in_the_name() -> None:
    rows = role_names([ROLE, AGAIN, ELSEWHERE])
    assert ("بيتروف", "surname", 3) in rows
    assert ("نيكولاي", "given", 3) in rows
    # one article is not enough
    assert not any(w in ("دانيال", "موانغي") for w, _, _ in rows)
    assert rows == sorted(rows)


def test_known_names_and_rare_ones_are_left_out() -> None:
    rows = role_names([ROLE, AGAIN, ELSEWHERE], known={"نيكولاي"})
    assert [w for w, _, _ in rows] == ["بيتروف"]
    # two articles are fewer than MIN_ARTICLES
    assert MIN_ARTICLES == 3
    assert role_names([ROLE, AGAIN]) == []


def test_a_word_mostly_used_otherwise_is_no_name() -> None:
    # بيتروف is read as a name in 3 articles, and stands without a role in 4 more
    plain = [f"وصل وفد بيتروف رقم {k} إلى المدينة." for k in range(4)]
    rows = role_names([ROLE, AGAIN, ELSEWHERE, *plain])
    assert "بيتروف" not in {w for w, _, _ in rows}
    assert "نيكولاي" in {w for w, _, _ in rows}


def test_the_runtime_table_holds_the_news_names_and_training_reads_without() -> None:
    folder = _model.model_dir()
    assert (folder / NEWS_NAMES).is_file()
    with_news = load_resources(folder, seen={})
    without = load_resources(folder, seen={}, news_names=False)
    for word in ("دونالد", "ترامب", "ماكرون", "بومبيو"):
        assert word in with_news.names
        assert word not in without.names
    assert set(without.names) < set(with_news.names)


def test_a_president_named_between_commas_is_found() -> None:
    # the Wikidata table knows neither word: before the news names, the recogniser tagged
    # both O here
    words = ["وقع", "الرئيس", "الأميركي", "،", "دونالد", "ترامب", "،", "الاثنين", "،", "مرسوما"]
    tags = tag_tokens(words)
    assert tags[4:6] == ["B-PERS", "I-PERS"]
