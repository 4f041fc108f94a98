"""Arabic full-text search: spelling variants, diacritics, syntax, filters, snippets, errors."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.arabic import tokenize
from rasid.errors import ConfigError
from rasid.models import Entity, Quote, Span
from rasid.store import QueryError, SearchPage, Store, parse_query
from rasid.store._search import analyze, term_of

from ._store_data import article, corpus


def ids(page: SearchPage) -> set[str]:
    return {h.article_id for h in page.hits}


@pytest.mark.parametrize("query", ["أمريكي", "أميركي", "امريكي", "الأمريكية", "الأميركيين"])
def test_american_spellings_find_each_other(filled: Store, query: str) -> None:
    assert ids(filled.search(query)) == {"a1", "a2", "a3"}


@pytest.mark.parametrize("query", ["البنتاغون", "البنتاجون", "بنتاجون"])
def test_loanword_g_spellings_find_each_other(filled: Store, query: str) -> None:
    page = filled.search(query)
    assert ids(page) == {"a1", "a2"}
    for hit in page.hits:
        body = filled.get_article(hit.article_id).body  # type: ignore[union-attr]
        words = {body[m.start:m.end] for m in hit.snippet.matches}
        assert words & {"(البنتاغون", "البنتاغون", "البنتاجون"}


def test_g_expansion_only_uses_spellings_in_the_index(filled: Store) -> None:
    conn = filled._reader()
    from rasid.store._search import Vocabulary

    assert Vocabulary(conn).spellings("بنتاج") == ["بنتاج", "بنتاغ"]
    # short words are never expanded: غدا/جدا, غرب/جرب are different words
    assert Vocabulary(conn).spellings("غرب") == ["غرب"]


def test_diacritics_never_matter(filled: Store) -> None:
    assert ids(filled.search("الاقتصاد")) == {"a3"}  # the body is vocalised
    assert ids(filled.search("الرَّئِيسُ")) == {"a3"}
    assert ids(filled.search("المَكتبة")) == {"a4"}


def test_phrase_query(filled: Store) -> None:
    assert ids(filled.search('"القاعدة الشمالية"')) == {"a1", "a2"}
    assert ids(filled.search('"الشمالية القاعدة"')) == set()
    page = filled.search('"القوات الأمريكية"')
    assert ids(page) == {"a1"}
    body = filled.get_article("a1").body  # type: ignore[union-attr]
    words = [body[m.start:m.end] for m in page.hits[0].snippet.matches]
    # the phrase is highlighted where it occurs, not each of its words everywhere
    assert words[:2] == ["القوات", "الأمريكية"]
    assert "المحلية" not in words


def test_and_or_and_exclusion(filled: Store) -> None:
    assert ids(filled.search("القاعدة الجيش")) == {"a2"}
    assert ids(filled.search("مكتبة OR البنتاغون")) == {"a1", "a2", "a4"}
    assert ids(filled.search("القاعدة -الجيش")) == {"a1"}
    # an exclusion covers every spelling, like a positive term
    assert ids(filled.search("القاعدة -البنتاجون")) == set()
    assert ids(filled.search('القاعدة -"الجيش الأميركي"')) == {"a1"}


@pytest.mark.parametrize("query", [
    "", "   ", '"غير مغلق', 'كلمة"مقتبسة', "OR", "كلمة OR", "OR كلمة", "كلمة OR OR أخرى",
    "-كلمة", '-"عبارة كاملة"', "كلمة OR -أخرى", "... ؟؟ !!", "x" * 600,
])
def test_malformed_queries_raise_query_error(filled: Store, query: str) -> None:
    with pytest.raises(QueryError):
        filled.search(query)


def test_query_error_is_a_config_error() -> None:
    assert issubclass(QueryError, ConfigError)


def test_bad_filters_raise_query_error(filled: Store) -> None:
    with pytest.raises(QueryError):
        filled.search("القاعدة", since="last week")
    with pytest.raises(QueryError):
        filled.search("القاعدة", limit=0)


def test_parser_emits_only_quoted_terms() -> None:
    parsed = parse_query('NEAR(a b) "x* OR" col:word ^start -(y) z OR w*')
    stripped = re.sub(r'"(?:[^"]|"")*"', "", parsed.expression)
    assert set(stripped) <= set("() ANDORT")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('أبتالقوةكي "-*():^ORNEADT{}\u064e0،')),
               max_size=40))
def test_any_input_is_a_page_or_a_query_error(filled: Store, query: str) -> None:
    try:
        page = filled.search(query)
    except QueryError:
        return
    assert page.total >= len(page.hits)


def test_filters(filled: Store, tmp_path: Path) -> None:
    assert ids(filled.search("أمريكي", source="وكالة أ")) == {"a1", "a3"}
    assert ids(filled.search("أمريكي", since="2021-03-11")) == {"a2", "a3"}
    assert ids(filled.search("أمريكي", until="2021-03")) == {"a1", "a2"}
    assert ids(filled.search("أمريكي", until="2021-03-10")) == {"a1"}  # datetime inside day
    assert ids(filled.search("أمريكي", since="2021-03", until="2021-03-12")) == {"a1", "a2"}
    filled.put_story("s", headline=None, members={"a2": None, "a3": None})
    assert ids(filled.search("أمريكي", story="s")) == {"a2", "a3"}
    assert ids(filled.search("أمريكي", story="none")) == set()


def test_entity_and_speaker_filters(store: Store) -> None:
    body = "قال الوزير سامي نور إن الاتفاق الأمريكي قريب."
    start = body.index("سامي نور")
    ent = Entity("PERS-1", "سامي نور", "PERS", (("سامي نور", 1), ("نور", 1)), "الوزير", None,
                 (Span(start, start + 8),))
    quote = Quote("الاتفاق الأمريكي قريب", body.index("الاتفاق"), len(body) - 1, "سامي نور",
                  "person", "الوزير", False, "قال")
    store.add_article(replace(article("e1", body), entities=(ent,), quotes=(quote,)))
    store.add_article(article("e2", "رحب المسؤول الأمريكي بالاتفاق."))
    assert ids(store.search("الأمريكي")) == {"e1", "e2"}
    assert ids(store.search("الأمريكي", entity="سامى نور")) == {"e1"}
    assert ids(store.search("الأمريكي", entity="نور")) == {"e1"}  # a variant the text used
    assert ids(store.search("الأمريكي", entity="سامي")) == set()  # not a written variant
    found = store.entity("نُور")
    assert found is not None and found.name == "سامي نور"
    assert ids(store.search("الأمريكي", speaker="سامي نُور")) == {"e1"}
    assert ids(store.search("الأمريكي", speaker="غيره")) == set()


def test_snippets_point_into_the_original_text(filled: Store) -> None:
    for query in ("أمريكي", "البنتاجون", '"القاعدة الشمالية"', "الاقتصاد", "مكتبة OR نمو"):
        page = filled.search(query)
        assert page.hits
        for hit in page.hits:
            stored = filled.get_article(hit.article_id)
            assert stored is not None
            snippet = hit.snippet
            assert snippet.text == stored.body[snippet.start:snippet.end]
            for m in snippet.matches:
                assert snippet.start <= m.start < m.end <= snippet.end
                word = stored.body[m.start:m.end]
                assert word == word.strip() and word
            for m in hit.title_matches:
                assert stored.title is not None and stored.title[m.start:m.end].strip()
    vocalised = filled.search("الاقتصاد").hits[0]
    body = filled.get_article("a3").body  # type: ignore[union-attr]
    assert [body[m.start:m.end] for m in vocalised.snippet.matches] == ["الاقْتِصَادَ"]


def test_title_weighs_more_than_body(store: Store) -> None:
    store.add_article(article("body", "تحدث التقرير عن الزراعة والري والمحاصيل في القرى.",
                              title="تقرير محلي"))
    store.add_article(article("title", "تحدث التقرير عن المياه والري والآبار في القرى.",
                              title="الزراعة في القرى"))
    page = store.search("الزراعة")
    assert [h.article_id for h in page.hits] == ["title", "body"]
    assert page.hits[0].score < page.hits[1].score


def test_paging_and_total(store: Store) -> None:
    for i in range(7):
        store.add_article(article(f"p{i}", f"خبر رقم {i} عن الأمطار الغزيرة في المدينة."))
    first = store.search("الأمطار", limit=3)
    second = store.search("الأمطار", limit=3, offset=3)
    last = store.search("الأمطار", limit=3, offset=6)
    assert (first.total, len(first.hits), len(second.hits), len(last.hits)) == (7, 3, 3, 1)
    assert len(ids(first) | ids(second) | ids(last)) == 7


def test_title_only_match_gets_the_lead_as_snippet(store: Store) -> None:
    store.add_article(article("t", "بدأ الموسم الدراسي اليوم في كل المدارس.", title="الشتاء"))
    hit = store.search("الشتاء").hits[0]
    assert hit.snippet.start == 0 and hit.snippet.matches == ()
    assert [(m.start, m.end) for m in hit.title_matches] == [(0, 6)]


def test_corpus_fixture_is_searchable_after_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        for item in corpus():
            store.add_article(item)
    with Store.open(path, readonly=True) as ro:
        assert ids(ro.search("مكتبة")) == {"a4"}


def test_arabic_quote_marks_make_a_phrase(filled: Store) -> None:
    assert ids(filled.search("«القاعدة الشمالية»")) == {"a1", "a2"}
    assert ids(filled.search("“الشمالية القاعدة”")) == set()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("أإآابتثةجغكلمنهويىءؤئ ًٌَُِّـ،.«»\"0123٤٥-\n"
                                             "\u200fAbc")), max_size=60))
def test_index_analysis_is_tokenize_then_stem(text: str) -> None:
    expected = [t for t in (term_of(tok.norm) for tok in tokenize(text)) if t is not None]
    assert analyze(text) == expected
