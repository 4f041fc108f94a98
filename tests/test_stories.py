from __future__ import annotations

import csv
import itertools
import json
import lzma
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid._story_text import Idf, article_terms, cosine, joined_terms, terms
from rasid.dedup import DedupOptions, body_tokens
from rasid.errors import ConfigError
from rasid.models import Article, Mention, RawDocument
from rasid.pipeline import prepare
from rasid.stories import (
    Released,
    StoryIndex,
    StoryOptions,
    cluster_articles,
    publication_order,
)


def _art(i: str, title: str, body: str, source: str, published: str | None,
         mentions: tuple[Mention, ...] = ()) -> Article:
    return Article(id=i, path=f"mem:{i}", source=source, url=None, published=published,
                   title=title, author=None, dateline=None, body=body, mentions=mentions)


# two outlets, one event; they spell the names differently (أمريكي/أميركي, ترمب/ترامب)
VISIT_1 = _art(
    "visit-1", "وزير الدفاع الأمريكي يصل إلى بغداد في زيارة مفاجئة",
    "وصل وزير الدفاع الأمريكي جون هاربر إلى بغداد صباح الخميس في زيارة لم يعلن عنها مسبقا، "
    "التقى خلالها رئيس الوزراء العراقي وقادة القوات الأمنية.\n\n"
    "وبحث هاربر مع المسؤولين العراقيين مستقبل القوات الأمريكية في العراق والتعاون في مكافحة "
    "تنظيم داعش، وفق بيان للسفارة الأمريكية في بغداد.\n\n"
    "وتأتي زيارة هاربر بعد أسبوعين من إعلان الرئيس ترمب نيته مراجعة حجم القوات الأمريكية "
    "المنتشرة في العراق وسوريا.",
    "وكالة الرافدين", "2025-05-01T08:00:00+03:00")

VISIT_2 = _art(
    "visit-2", "زيارة غير معلنة لوزير الدفاع الأميركي هاربر إلى بغداد",
    "في زيارة غير معلنة، حط وزير الدفاع الأميركي جون هاربر في العاصمة العراقية بغداد، حيث "
    "اجتمع برئيس الوزراء العراقي وبقادة الأجهزة الأمنية.\n\n"
    "وقالت السفارة الأميركية في بغداد إن المحادثات تناولت مستقبل القوات الأميركية في العراق "
    "ومواصلة الحرب على تنظيم داعش.\n\n"
    "وكان الرئيس ترامب قد أعلن قبل أسبوعين أنه سيراجع حجم القوات الأميركية في العراق وسوريا.",
    "شبكة الخليج", "2025-05-01T11:30:00+03:00")

FLOOD = _art(
    "flood", "فيضانات تغمر قرى في جنوب البلاد وتشرد مئات العائلات",
    "غمرت مياه الأمطار الغزيرة عشرات القرى في المحافظات الجنوبية ليل الأربعاء، ما أدى إلى "
    "تشريد مئات العائلات وانقطاع الطرق الرئيسية بين المدن.\n\n"
    "وقال الدفاع المدني إن فرق الإنقاذ أجلت أكثر من ألفي شخص بالقوارب، وإن منسوب الأنهار "
    "ما زال يرتفع مع توقع هطول مزيد من الأمطار خلال اليومين المقبلين.",
    "شبكة الخليج", "2025-05-01T12:00:00+03:00")

# a month later, same topic (US forces in Iraq), a new development
WITHDRAWAL = _art(
    "withdrawal", "واشنطن تبدأ سحب ألف جندي من قاعدة عين الأسد",
    "بدأت القوات الأمريكية سحب نحو ألف جندي من قاعدة عين الأسد الجوية غربي العراق، في أول "
    "خطوة لتنفيذ قرار تقليص الوجود العسكري الأمريكي في البلاد.\n\n"
    "وقال متحدث عسكري إن عملية الانسحاب ستستغرق ثلاثة أسابيع، وإن القاعدة ستسلم للجيش "
    "العراقي بعد نقل المعدات الثقيلة إلى الكويت.",
    "وكالة الرافدين", "2025-05-31T09:00:00+03:00")

# a close continuation of the visit story (same people, same talks)
SEQUEL = _art(
    "sequel", "وزير الدفاع الأمريكي هاربر يبحث في بغداد مستقبل القوات الأمريكية",
    "عاد وزير الدفاع الأمريكي جون هاربر إلى بغداد، حيث بحث مع رئيس الوزراء العراقي جدول "
    "تقليص القوات الأمريكية في العراق ومستقبل التعاون في مكافحة تنظيم داعش.\n\n"
    "وقالت السفارة الأمريكية إن الجانبين اتفقا على مواصلة التنسيق الأمني بعد مراجعة حجم "
    "القوات التي أعلنها الرئيس ترمب.",
    "شبكة الخليج", "2025-05-02T10:00:00+03:00")


def test_spelling_variants_merge_into_one_term() -> None:
    assert terms(body_tokens("الأمريكي الأميركية أمريكا")) == ["امريك"] * 3
    assert terms(body_tokens("ترمب ترامب")) == ["ترامب", "ترامب"]
    # the indefinite accusative meets the other forms; weekdays and "said" are not terms
    assert terms(body_tokens("حوارا الحوار قال الخميس")) == ["حوار", "حوار"]


def test_two_outlets_one_event_and_an_unrelated_report() -> None:
    index = StoryIndex()
    first = index.add(VISIT_1)
    assert index.add(VISIT_2) == first
    assert index.add(FLOOD) != first
    story = index.story(first)
    assert story.articles == ("visit-1", "visit-2")
    assert story.outlets == ("شبكة الخليج", "وكالة الرافدين") and story.copies == 0
    assert story.active and "هاربر" in story.terms
    assert story.first_published == VISIT_1.published
    assert story.last_published == VISIT_2.published


def test_a_month_later_same_topic_new_development_starts_a_new_story() -> None:
    index = StoryIndex()
    visit = index.add(VISIT_1)
    index.add(VISIT_2)
    assert index.add(WITHDRAWAL) != visit
    assert not index.story(visit).active and index.dormant == 1


def test_retirement_window_and_dormant_revival() -> None:
    def sequel_joins(published: str, options: StoryOptions) -> bool:
        index = StoryIndex(options)
        visit = index.add(VISIT_1)
        index.add(VISIT_2)
        return index.add(replace(SEQUEL, published=published)) == visit

    # within the window the sequel joins; a month later the story has retired: without the
    # dormant index it is a new story, with it (the default) the close sequel revives it
    assert sequel_joins("2025-05-02T10:00:00+03:00", StoryOptions(max_dormant=0))
    assert not sequel_joins("2025-05-31T10:00:00+03:00", StoryOptions(max_dormant=0))
    assert sequel_joins("2025-05-31T10:00:00+03:00", StoryOptions())


def test_memory_is_bounded_by_the_window_and_the_dormant_cap() -> None:
    index = StoryIndex(StoryOptions(max_dormant=3))
    for day in range(1, 21):
        body = f"تقرير رقم {day} عن موضوع مختلف كليا: " + " ".join(
            f"كلمة{day}x{k}" for k in range(30))
        index.add(_art(f"d{day}", f"عنوان {day}", body, "مصدر", f"2025-01-{day:02d}T12:00:00"))
    assert len(index) == 20
    assert index.active <= 5  # window_days = 4: only the last few days stay active
    assert index.dormant == 3
    assert all(not s.active for s in index.stories()[:10])


def _whole(articles: list[Article], options: StoryOptions
           ) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    index = StoryIndex(options)
    for article in publication_order(articles):
        index.add(article)
    links = {a.id: link.original_id for a in articles if (link := index.link(a.id)) is not None}
    return {s.id: frozenset(s.articles) for s in index.stories()}, links


def _released(articles: list[Article], options: StoryOptions
              ) -> tuple[dict[str, frozenset[str]], dict[str, str], int, int]:
    """The stories as handed over one by one; the most stories the index held at once and how
    many were handed over before the end of the stream."""
    index = StoryIndex(options)
    groups: dict[str, frozenset[str]] = {}
    links: dict[str, str] = {}
    peak = early = 0

    def take(batch: list[Released]) -> None:
        for done in batch:
            assert done.story.id not in groups
            groups[done.story.id] = frozenset(done.story.articles)
            links.update(done.duplicates)

    for article in publication_order(articles):
        index.add(article)
        batch = index.release()
        early += len(batch)
        take(batch)
        peak = max(peak, len(index))
        assert all(index.story_of(i) is None for d in batch for i in d.story.articles)
    take(index.release(final=True))
    assert len(index) == 0 and index.active == 0 and index.dormant == 0
    return groups, links, peak, early


def _topic_stream() -> list[Article]:
    """Twenty topics, each reported for three days, most with a copy by a second outlet; the
    first topic comes back after two weeks (a dormant story that a sequel revives)."""
    out = []
    for day in range(60):
        topic = day // 3 if day != 8 else 0
        words = " ".join(f"موضوع{topic}ك{k}" for k in range(40))
        for n in range(2):
            body = f"تقرير {day}-{n}: {words} " + " ".join(f"يوم{day}ن{n}ك{k}" for k in range(6))
            article = _art(f"a{day}-{n}", f"عنوان الموضوع {topic} موضوع{topic}ك1", body,
                           f"مصدر{n}", f"2025-01-01T{8 + n:02d}:00:00")
            out.append(replace(article, published=f"2025-{1 + day // 28:02d}-"
                                                  f"{1 + day % 28:02d}T{8 + n:02d}:00:00"))
            if (day + n) % 3 == 0:
                out.append(replace(out[-1], id=f"c{day}-{n}", source="ناقل",
                                   published=out[-1].published[:11] + "20:00:00"))
    return out


def test_released_stories_are_the_stories_of_a_whole_run_and_memory_stays_bounded() -> None:
    articles = _topic_stream()
    options = StoryOptions(max_dormant=2, dedup=DedupOptions(window_days=5.0))
    whole, whole_links = _whole(articles, options)
    groups, links, peak, early = _released(articles, options)
    assert groups == whole and links == whole_links
    assert len(whole) >= 18 and len(whole_links) >= 30
    assert any(len(g) > 8 for g in whole.values())  # the revived first topic
    assert early >= len(whole) - 6  # nearly all handed over before the stream ended
    assert peak <= 6  # the window (4 days), two dormant and the 5-day duplicate window


def test_nothing_is_released_while_a_copy_could_still_link_to_it() -> None:
    index = StoryIndex(StoryOptions(max_dormant=0, dedup=DedupOptions(window_days=None)))
    index.add(VISIT_1)
    index.add(replace(FLOOD, published="2025-07-01T12:00:00+03:00"))
    assert index.release() == []  # duplicates are kept for ever: no story is ever final
    closed = StoryIndex(StoryOptions(max_dormant=0, dedup=None))
    closed.add(VISIT_1)
    assert closed.release() == []
    closed.add(replace(FLOOD, published="2025-07-01T12:00:00+03:00"))
    assert [r.story.articles for r in closed.release()] == [("visit-1",)]


@pytest.mark.slow
def test_released_stories_equal_a_whole_run_on_ant(data_dir: Path) -> None:
    path = data_dir / "ant_corpus_v2.1" / "ant_v2.1.jsonl.xz"
    articles = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, 0, None, 10):  # every tenth: eight months
            rec = json.loads(line)
            if rec.get("text"):
                articles.append(_art(f"{rec['docno']}-{len(articles)}", rec.get("title") or "",
                                     rec["text"], rec.get("src") or "", rec.get("time_iso")))
    # fewer dormant stories than the default 3,000, which would outlast this sample
    options = StoryOptions(max_dormant=300)
    whole, whole_links = _whole(articles, options)
    groups, links, peak, early = _released(articles, options)
    assert groups == whole and links == whole_links
    assert len(whole_links) >= 5
    assert early > len(whole) // 2 and peak < len(whole) // 2


def test_duplicate_joins_the_original_story_and_counts_as_a_copy() -> None:
    index = StoryIndex()
    sid = index.add(VISIT_1)
    copy = replace(VISIT_1, id="visit-1-copy", source="صحيفة الضفة",
                   published="2025-05-01T09:00:00+03:00")
    assert index.add(copy) == sid
    link = index.link("visit-1-copy")
    assert link is not None and link.original_id == "visit-1" and link.kind == "exact"
    story = index.story(sid)
    assert story.copies == 1 and len(story.articles) == 2 and len(story.outlets) == 2
    # without dedup the copy is clustered on its text (and still lands in the story)
    plain = StoryIndex(StoryOptions(dedup=None))
    sid = plain.add(VISIT_1)
    assert plain.add(copy) == sid
    assert plain.link("visit-1-copy") is None and plain.story(sid).copies == 0


# ties the visit to the withdrawal (same day): a report of both
BRIDGE = _art(
    "bridge", "هاربر في بغداد وبدء سحب ألف جندي أمريكي من عين الأسد",
    "تزامنت زيارة وزير الدفاع الأمريكي جون هاربر إلى بغداد مع بدء القوات الأمريكية سحب "
    "نحو ألف جندي من قاعدة عين الأسد الجوية غربي العراق.\n\n"
    "وبحث هاربر مع رئيس الوزراء العراقي مستقبل القوات الأمريكية في العراق، فيما قال متحدث "
    "عسكري إن عملية الانسحاب من القاعدة ستستغرق ثلاثة أسابيع قبل تسليمها للجيش العراقي.",
    "شبكة الخليج", "2025-05-01T13:00:00+03:00")


def test_a_bridging_report_merges_two_stories_and_old_ids_resolve() -> None:
    # the visit and a same-day withdrawal start apart (centroid cosine ~0.08); a report tying
    # them together joins the visit and brings the two centroids close enough to merge
    withdrawal = replace(WITHDRAWAL, published="2025-05-01T09:00:00+03:00")
    bridge = BRIDGE
    for merge, merged in ((0.3, True), (0.9, False)):
        index = StoryIndex(StoryOptions(merge_threshold=merge))
        visit = index.add(VISIT_1)
        later = index.add(withdrawal)
        assert later != visit
        assert index.add(bridge) == visit
        assert (index.story_of("withdrawal") == visit) is merged
        assert (index.resolve(later) == visit) is merged
        assert len(index.stories()) == (1 if merged else 2) and index.merges == int(merged)
        if merged:
            assert index.story(later).articles == ("visit-1", "bridge", "withdrawal")


def test_stories_that_began_far_apart_are_not_merged() -> None:
    # the withdrawal story begins 35 hours after the visit; a bridging report joins the visit
    # and brings the centroids together: they merge only if 35 h is within merge_span_hours
    withdrawal = replace(WITHDRAWAL, published="2025-05-02T19:00:00+03:00")
    bridge = replace(BRIDGE, published="2025-05-02T20:00:00+03:00")
    for span, merged in ((24.0, False), (48.0, True)):
        index = StoryIndex(StoryOptions(merge_threshold=0.3, merge_span_hours=span))
        visit = index.add(VISIT_1)
        index.add(withdrawal)
        index.add(bridge)
        assert (index.story_of("withdrawal") == visit) is merged
        assert index.merges == int(merged)
    with pytest.raises(ConfigError):
        StoryOptions(merge_span_hours=0)


def test_cluster_articles_is_deterministic_and_order_free() -> None:
    articles = [VISIT_1, VISIT_2, FLOOD, WITHDRAWAL]
    expected = cluster_articles(articles)
    for seed in range(3):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        assert cluster_articles(shuffled) == expected
    assert expected["visit-1"] == expected["visit-2"] != expected["flood"]
    # a story is named after its first article, whatever else is clustered with it
    assert cluster_articles([VISIT_2, VISIT_1])["visit-2"] == expected["visit-1"]


def test_publication_order_uses_utc_and_puts_undated_last() -> None:
    a = replace(VISIT_1, id="a", published="2025-05-01T10:00:00+04:00")  # 06:00 UTC
    b = replace(VISIT_1, id="b", published="2025-05-01T07:00:00+00:00")
    c = replace(VISIT_1, id="c", published=None)
    d = replace(VISIT_1, id="d", published="not a date")
    assert [x.id for x in publication_order([c, b, d, a])] == ["a", "b", "c", "d"]


def test_entity_keys_come_from_person_org_and_place_mentions() -> None:
    body = "التقى جون هاربر في بغداد ممثلي الأمم المتحدة خلال مهرجان الربيع."
    mentions = (Mention("جون هاربر", 6, 15, "PERS"), Mention("بغداد", 19, 24, "LOC"),
                Mention("مهرجان الربيع", 49, 62, "MISC"))
    parts = article_terms(_art("m", "", body, "س", None, mentions), 2.0, 1.5, 50)
    assert parts.entities == frozenset({"جون هاربر", "بغداد"})
    assert article_terms(_art("n", "", body, "س", None), 2.0, 1.5, 50).entities == frozenset()


def test_shared_entities_raise_the_score() -> None:
    # a short report sharing one name and little else with the visit story: with the NER
    # mention on both sides the entity overlap lifts it over a (raised) threshold
    body = "التقى جون هاربر عددا من المسؤولين صباح اليوم وسط إجراءات أمنية مشددة."
    start = body.index("جون هاربر")
    short = replace(VISIT_2, id="short", title="لقاءات صباحية", body=body)
    options = StoryOptions(threshold=0.45, merge_threshold=0.9)

    def joins(first: Article, second: Article) -> bool:
        index = StoryIndex(options)
        sid = index.add(first)
        return index.add(second) == sid

    assert not joins(VISIT_1, short)
    at = VISIT_1.body.index("جون هاربر")
    named_visit = replace(VISIT_1, mentions=(Mention("جون هاربر", at, at + 9, "PERS"),))
    named_short = replace(short, mentions=(Mention("جون هاربر", start, start + 9, "PERS"),))
    assert joins(named_visit, named_short)


def test_words_given_by_the_caller_give_the_same_terms() -> None:
    words = body_tokens(VISIT_1.body)
    assert article_terms(VISIT_1, 2.0, 1.5, 50, words) == article_terms(VISIT_1, 2.0, 1.5, 50)


def test_names_written_apart_join_the_form_seen_written_together() -> None:
    idf = Idf()
    apart = ["شركة", "كلاود", "مير"]
    assert joined_terms(apart, idf) == terms(apart)  # never seen written together
    idf.observe(terms(["كلاودمير"]))
    assert joined_terms(apart, idf) == terms(["شركة", "كلاودمير"])
    assert joined_terms(["كلاود"], idf) == terms(["كلاود"])
    # two everyday words are left apart even when their concatenation was seen
    idf.observe(terms(["وزيرالدفاع"]))
    assert joined_terms(["وزير", "الدفاع"], idf) == terms(["وزير", "الدفاع"])


def test_idf_of_many_terms_is_idf_of_each() -> None:
    idf = Idf()
    for art in (VISIT_1, VISIT_2, FLOOD):
        idf.observe(article_terms(art, 2.0, 1.5, 50).counts)
    some = [*article_terms(SEQUEL, 2.0, 1.5, 50).counts, "كلمةلمترد"]
    assert idf.many(some) == [idf(t) for t in some]  # exactly, not approximately


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.floats(0.001, 5.0), max_size=8),
       st.dictionaries(st.sampled_from("defghijk"), st.floats(0.001, 5.0), max_size=8))
def test_cosine_over_shared_terms_is_the_full_sum(a: dict[str, float],
                                                  b: dict[str, float]) -> None:
    small, big = (b, a) if len(a) > len(b) else (a, b)
    full = sum(w * big.get(t, 0.0) for t, w in small.items())
    assert cosine(a, b) == full  # the same bits: the terms skipped add exactly 0.0


def test_bad_options_and_double_add() -> None:
    with pytest.raises(ConfigError):
        StoryOptions(threshold=0.0)
    with pytest.raises(ConfigError):
        StoryOptions(window_days=0)
    with pytest.raises(ConfigError):
        StoryOptions(article_terms=0)
    index = StoryIndex()
    index.add(VISIT_1)
    with pytest.raises(ConfigError):
        index.add(VISIT_1)
    with pytest.raises(KeyError):
        index.story("story-nope")


def test_seeds_are_one_story_across_four_years(seeds_dir: Path) -> None:
    with open(seeds_dir / "meta.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    articles = [prepare(RawDocument(id=row["file"], path=str(seeds_dir / row["file"]),
                                    text=(seeds_dir / row["file"]).read_text(encoding="utf-8"),
                                    source=row["source"] or None, published=row["published"]))
                for row in rows]
    assert len(articles) == 5
    # 003 carries a sidebar of unrelated headlines; the cleaner removes it before clustering
    sidebar = next(a for a in articles if a.id.startswith("003"))
    assert sum(1 for r in sidebar.removed if r.reason == "sidebar") >= 4
    index = StoryIndex()
    ids = {index.add(a) for a in publication_order(articles)}
    assert len(ids) == 1
    story = index.story(ids.pop())
    assert len(story.articles) == 5 and index.revived == 4
    assert story.first_published == "2020-06-12" and story.last_published == "2024-01-25"
    assert {"عراق", "قو"} <= set(story.terms)
