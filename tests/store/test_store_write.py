"""Writing and reading back: round trip, content-hash no-op, entities, quotes, figures, stories."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from rasid.errors import ConfigError
from rasid.models import (
    Article,
    DateMention,
    Entity,
    Figure,
    IngestFailure,
    Mention,
    Quote,
    RemovedLine,
    Span,
    Subhead,
)
from rasid.store import Store

from ._store_data import article, corpus

BODY = ("قال وزير الخارجية أحمد سالم إن 40 خبيرا وصلوا أمس.\n\n"
        "وأضاف سالم: «المحادثات مستمرة حتى 5 مايو 2022».")


def _full_article() -> Article:
    base = article("full-1", BODY, title="زيارة الخبراء", published="2022-05-01")
    name = BODY.index("أحمد سالم")
    fig = BODY.index("40 خبيرا")
    date = BODY.index("5 مايو 2022")
    quote = BODY.index("المحادثات")
    second = BODY.index("سالم:")
    return replace(
        base,
        url="https://example.org/a?x=1&y=2",
        author="مراسلنا",
        dateline="القاهرة -",
        paragraphs=(Span(0, BODY.index("\n\n")), Span(BODY.index("\n\n") + 2, len(BODY))),
        subheads=(Subhead("تفاصيل", 10),),
        removed=(RemovedLine("شارك المقال", "share_prompt", 3),
                 RemovedLine("اقرأ أيضا", "related")),
        mentions=(Mention("أحمد سالم", name, name + 9, "PERS", 0.93),),
        dates=(DateMention("5 مايو 2022", date, date + 11, "2022-05-05", "day", "absolute",
                           "2022-05-05", "2022-05-05"),
               DateMention("أمس", BODY.index("أمس"), BODY.index("أمس") + 3, "2022-04-30",
                           "day", "relative", anchored=False)),
        figures=(Figure("40 خبيرا", fig, fig + 8, 40.0, None, None, "خبير", None, None,
                        "خبير"),),
        quotes=(Quote("المحادثات مستمرة حتى 5 مايو 2022", quote, len(BODY) - 1, "أحمد سالم",
                      "person", "وزير الخارجية", True, "أضاف", 1, 5, second, second + 4),),
        entities=(Entity("PERS-1", "أحمد سالم", "PERS", (("سالم", 2), ("أحمد سالم", 1)),
                         "وزير الخارجية", "Ahmad Salem", (Span(name, name + 9),
                                                          Span(second, second + 4))),),
    )


def test_round_trip_keeps_every_field(store: Store) -> None:
    original = _full_article()
    assert store.add_article(original, stages={"segment": "1"})
    assert store.get_article("full-1") == original
    assert store.get_article("absent") is None


def test_reingest_is_a_noop(store: Store) -> None:
    original = _full_article()
    assert store.add_article(original)
    # same text and outlet under another id and path, whitespace differing: same content
    again = replace(original, id="other", path="elsewhere.txt", body=original.body + "  ")
    assert not store.add_article(again)
    assert store.count() == 1
    conn = sqlite3.connect(store.path)
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("mentions", "dates", "figures", "quotes", "entity_mentions")]
    conn.close()
    assert counts == [1, 2, 1, 1, 1]


def test_same_text_from_another_outlet_is_another_article(store: Store) -> None:
    assert store.add_article(article("x", BODY, source="أ"))
    assert store.add_article(article("y", BODY, source="ب"))


def test_same_id_new_text_gets_a_suffix(store: Store) -> None:
    assert store.add_article(article("dup", "نص أول عن الطقس الحار."))
    assert store.add_article(article("dup", "نص ثان عن المطر الغزير."))
    assert store.add_article(article("dup", "نص ثالث عن الرياح."))
    assert [store.get_article(i) is not None for i in ("dup", "dup~2", "dup~3")] == [True] * 3
    stored = store.get_article("dup~2")
    assert stored is not None and stored.body == "نص ثان عن المطر الغزير."


def test_untrusted_text_is_stored_and_returned_verbatim(store: Store) -> None:
    body = ("<script>alert('x')</script> & &amp; \u202eمعكوس\u202c \x00 صفر \ufeff"
            " 🙂 ‏\"; DROP TABLE articles; --")
    title = "<b>عنوان</b>\u200f"
    assert store.add_article(article("evil", body, title=title, source="'; --"))
    back = store.get_article("evil")
    assert back is not None
    assert (back.body, back.title, back.source) == (body, title, "'; --")
    page = store.search("script")
    assert [h.article_id for h in page.hits] == ["evil"]
    snippet = page.hits[0].snippet
    assert snippet.text == body[snippet.start:snippet.end]


def test_entities_are_one_row_per_variant_key_and_label(store: Store) -> None:
    def with_org(aid: str, body: str, name: str) -> Article:
        start = body.index(name)
        ent = Entity("ORG-1", name, "ORG", ((name, 1),), None, None,
                     (Span(start, start + len(name)),))
        return replace(article(aid, body), entities=(ent,))

    store.add_article(with_org("o1", "أصدرت البنتاغون بيانا.", "البنتاغون"))
    store.add_article(with_org("o2", "ورد البنتاجون على الأسئلة.", "البنتاجون"))
    store.add_article(with_org("o3", "قالت بنتاجون في رد مكتوب.", "بنتاجون"))
    row = store.entity("البنتاجون")
    assert row is not None
    assert (row.label, row.articles, row.mentions) == ("ORG", 3, 3)
    assert row.name == "البنتاغون"  # the first stored name stays canonical
    assert {t for t, _ in row.variants} == {"البنتاغون", "البنتاجون", "بنتاجون"}
    assert store.entity("البنتاغون", label="PERS") is None
    assert store.entity(row.key) == row  # an EntityRow.key works as well as a name
    assert [e.key for e in store.entities(label="ORG", limit=10)] == [row.key]
    assert store.entities(label="LOC", limit=10) == []
    # the per-article record comes back as written
    o2 = store.get_article("o2")
    assert o2 is not None and o2.entities[0].name == "البنتاجون"


def test_quotes_by_speaker_match_spelling_variants(store: Store) -> None:
    q = Quote("سنواصل العمل", 0, 12, "أوستن", "person", None, True, "قال")
    for i, speaker in enumerate(("أوستن", "اوستن", "لويد")):
        body = f"سنواصل العمل قال المسؤول رقم {i}."
        store.add_article(replace(article(f"q{i}", body, published=f"2021-0{i + 1}-01"),
                                  quotes=(replace(q, speaker=speaker),)))
    rows = store.quotes_by_speaker("أُوستن", limit=10)
    assert [r.article_id for r in rows] == ["q0", "q1"]
    assert rows[1].quote.speaker == "اوستن"
    assert [r.article_id for r in store.quotes_by_speaker("أوستن", limit=1, offset=1)] == ["q1"]


def test_figures_by_key_across_outlets(store: Store) -> None:
    fig = Figure("2500 جندي", 4, 13, 2500.0, None, None, "جندي", None, "العراق",
                 "جندي|العراق")
    store.add_article(replace(article("f1", "بقي 2500 جندي في العراق.", source="أ",
                                      published="2021-02-01"), figures=(fig,)))
    store.add_article(replace(article("f2", "بقي 2500 جندي في العراق.", source="ب",
                                      published="2021-01-01"), figures=(fig,)))
    rows = store.figures_by_key("جندي|العراق")
    assert [(r.article_id, r.source) for r in rows] == [("f2", "ب"), ("f1", "أ")]
    assert rows[0].figure == fig
    assert store.figures_by_key("غير|موجود") == []


def test_stories_put_replace_and_read(filled: Store) -> None:
    filled.put_story("s1", headline="الانسحاب", members={"a1": None, "a2": "a1"},
                     dossier={"claims": [{"text": "بيان", "n": 2}]})
    story = filled.get_story("s1")
    assert story is not None
    assert story.headline == "الانسحاب"
    assert story.dossier == {"claims": [{"text": "بيان", "n": 2}]}
    assert [(m.article_id, m.is_duplicate_of) for m in story.members] == [("a1", None),
                                                                            ("a2", "a1")]
    filled.put_story("s1", headline="الانسحاب الكامل", members={"a3": None})
    story = filled.get_story("s1")
    assert story is not None and story.dossier is None
    assert [m.article_id for m in story.members] == ["a3"]
    filled.put_story("s2", headline=None, members={"a4": None})
    assert {s.id for s in filled.stories(limit=10)} == {"s1", "s2"}
    assert filled.get_story("nope") is None


def test_story_with_unknown_article_is_refused_whole(filled: Store) -> None:
    with pytest.raises(ConfigError, match="not in the store"):
        filled.put_story("bad", headline="x", members={"a1": None, "ghost": None})
    assert filled.get_story("bad") is None


def test_articles_listing_filters_and_pages(filled: Store) -> None:
    assert [a.id for a in filled.articles(limit=10)] == ["a3", "a2", "a1", "a4"]
    assert [a.id for a in filled.articles(limit=10, source="وكالة أ")] == ["a3", "a1"]
    assert [a.id for a in filled.articles(limit=10, since="2021-03-11", until="2021-04")] == [
        "a3", "a2"]
    assert [a.id for a in filled.articles(limit=10, until="2021-03-10")] == ["a1", "a4"]
    assert [a.id for a in filled.articles(limit=2, offset=1)] == ["a2", "a1"]
    with pytest.raises(ConfigError):
        filled.articles(limit=0)


def test_add_articles_counts_and_reports(store: Store) -> None:
    seen: list[tuple[str, bool]] = []
    items: list[Article | IngestFailure] = [*corpus(), IngestFailure("bad.txt", "empty"),
                                            corpus()[0]]
    stats = store.add_articles(items, on_item=lambda item, new: seen.append(
        (getattr(item, "id", getattr(item, "path", "")), new)))
    assert (stats.added, stats.skipped, stats.failed) == (4, 1, 1)
    assert stats.failures == (IngestFailure("bad.txt", "empty"),)
    assert seen == [("a1", True), ("a2", True), ("a3", True), ("a4", True),
                    ("bad.txt", False), ("a1", False)]


def test_add_articles_surfaces_a_writer_error(store: Store) -> None:
    def listener(item: Article | IngestFailure, new: bool) -> None:
        raise RuntimeError("listener broke")

    with pytest.raises(RuntimeError, match="listener broke"):
        store.add_articles(corpus(), on_item=listener)
    # the listener runs after its group committed: what was reported stored is stored
    assert store.count() == len(corpus())
    # and the store still works
    assert store.add_article(article("after", "نص جديد بعد الخطأ."))


def test_add_articles_rolls_back_the_group_on_a_store_error(store: Store) -> None:
    bad = replace(corpus()[1], dates=(DateMention("x", 0, 1, None, "day", "absolute"),),
                  figures=(Figure("x", 0, 1, float("nan"), None, None, None, None, None,
                                  None),))  # type: ignore[arg-type]  # key NULL: NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.add_articles([corpus()[0], bad, corpus()[2]])
    # the failing group (a1 and the bad article) is rolled back whole: no partial article
    assert store.count() == 0
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*) FROM dates").fetchone()[0] == 0
    conn.close()
