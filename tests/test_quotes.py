"""Quote attribution: each pattern on our own sentences, then every direct quote of the seeds."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid._quote_lexicon import items, lexicon
from rasid._quote_marks import Region, _closer_like, _opener_like, _trim, quote_regions
from rasid.models import Mention, Quote, Span
from rasid.quotes import extract_quotes


def _sentences(text: str) -> tuple[Span, ...]:
    # the shared splitter may not be there yet: newlines and . ؟ ! are enough here
    out = []
    start = 0
    for m in re.finditer(r"[.!؟?]+(?=\s)|\n+", text):
        if text[start:m.end()].strip():
            out.append(Span(start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append(Span(start, len(text)))
    return tuple(out)


def _quotes(text: str, mentions: tuple[Mention, ...] = ()) -> tuple[Quote, ...]:
    quotes = extract_quotes(text, _sentences(text), mentions)
    for q in quotes:  # offsets always point into the text
        assert text[q.start:q.end] == q.text
        assert text[q.cue_start:q.cue_end] == q.cue
        if q.speaker_start >= 0:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return quotes


def _by_cue(quotes: tuple[Quote, ...], cue: str) -> Quote:
    found = [q for q in quotes if q.cue == cue]
    assert found, f"no quote with cue {cue}: {[q.cue for q in quotes]}"
    return found[0]


def test_direct_quote_with_role_and_name_after_the_verb() -> None:
    text = 'قال وزير الخارجية الفرنسي جان دوبون إن "الوضع صعب جدا على الحدود".'
    (q,) = _quotes(text)
    assert q.speaker == "جان دوبون"
    assert q.speaker_type == "person"
    assert q.speaker_role == "وزير الخارجية الفرنسي"
    assert q.direct
    assert q.text == "الوضع صعب جدا على الحدود"
    assert q.cue == "قال"
    assert text[q.speaker_start:q.speaker_end] == "جان دوبون"


def test_reported_speech_runs_from_the_complementizer_to_the_sentence_end() -> None:
    text = "وأكد المتحدث باسم الجيش سامي الحداد أن القوات انسحبت من المدينة. وهطل المطر."
    (q,) = _quotes(text)
    assert q.speaker == "سامي الحداد"
    assert not q.direct
    assert q.text == "القوات انسحبت من المدينة"


def test_name_then_role_between_commas() -> None:
    text = "أكد كريم منصور، المتحدث باسم وزارة الدفاع، أن الجنود عادوا إلى ثكناتهم."
    (q,) = _quotes(text)
    assert q.speaker == "كريم منصور"
    assert q.speaker_role == "المتحدث باسم وزارة الدفاع"


def test_carry_over_keeps_the_last_speaker_and_marks_it() -> None:
    text = ("قال رئيس البلدية فادي نصار إن المياه عادت إلى الأحياء.\n"
            'وأضاف: "سنعمل على إصلاح الشبكة كلها".\n'
            "ولفت إلى أن الأشغال تستمر شهرا.")
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["فادي نصار"] * 3
    assert quotes[1].direct and quotes[1].speaker_start == -1
    assert quotes[2].text == "الأشغال تستمر شهرا"


def test_feminine_verb_carries_the_last_female_speaker() -> None:
    text = ("قالت المتحدثة باسم البلدية هالة سليم إن الطريق مغلق.\n"
            "وقال قائد الشرطة مازن يوسف إن التحقيق بدأ.\n"
            'وأضافت "نعتذر للسكان عن الإزعاج".')
    quotes = _quotes(text)
    assert quotes[-1].cue == "وأضافت"
    assert quotes[-1].speaker == "هالة سليم"
    assert quotes[1].speaker == "مازن يوسف"


def test_role_only_and_surname_resolve_to_the_named_person() -> None:
    text = ("قال مساعد وزير المالية ماهر الشامي إن العجز تراجع.\n"
            "وأوضح مساعد وزير المالية أن الإيرادات ارتفعت.\n"
            "وقال الشامي إن الموازنة الجديدة جاهزة.")
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["ماهر الشامي"] * 3
    assert quotes[1].speaker_role == "مساعد وزير المالية"


def test_first_name_alone_resolves_to_the_full_name() -> None:
    text = ("قال المتحدث باسم الأمم المتحدة ستيفان دوجاريك إن المساعدات وصلت.\n"
            "وأوضح ستيفان أن القافلة الثانية تنتظر.")
    quotes = _quotes(text)
    assert quotes[1].speaker == "ستيفان دوجاريك"


def test_institutional_speakers_are_organisations() -> None:
    text = ("وقالت وزارة الخارجية في بيان إن السفير استدعي.\n"
            "وأضاف البيان أن العلاقات لن تتأثر.")
    quotes = _quotes(text)
    assert quotes[0].speaker == "وزارة الخارجية"
    assert quotes[0].speaker_type == "org"
    # البيان is the statement the ministry issued: the ministry still speaks
    assert quotes[1].speaker == "وزارة الخارجية"


def test_statement_of_an_issuer() -> None:
    text = "وذكر بيان للحكومة أن الانتخابات ستجري في موعدها."
    (q,) = _quotes(text)
    assert q.speaker == "الحكومة"
    assert q.speaker_type == "org"


def test_anonymous_source_keeps_its_affiliation() -> None:
    text = "وذكر مسؤول رفيع في الوزارة لوكالة الأنباء أن المحادثات ستستأنف."
    (q,) = _quotes(text)
    assert q.speaker == "مسؤول رفيع في الوزارة"
    assert q.speaker_type == "anonymous"


def test_agency_reporting_a_source_gives_the_source() -> None:
    text = 'ونقلت وكالة الأنباء المحلية عن مصدر مطلع قوله: "الاتفاق شبه جاهز".'
    (q,) = _quotes(text)
    assert q.cue == "ونقلت"
    assert q.speaker == "مصدر مطلع"
    assert q.speaker_type == "anonymous"
    assert q.text == "الاتفاق شبه جاهز"


def test_participle_takes_the_subject_of_its_sentence() -> None:
    text = "قال النائب عادل فهمي إن القانون سيمر، مشيرا إلى أن التصويت الأسبوع المقبل."
    quotes = _quotes(text)
    assert [q.cue for q in quotes] == ["قال", "مشيرا"]
    assert quotes[1].speaker == "عادل فهمي"
    assert quotes[0].text == "القانون سيمر"


def test_subject_before_the_verb() -> None:
    text = "وكان الوزير سمير عطية، قال الأحد إن الميناء سيفتح قريبا."
    (q,) = _quotes(text)
    assert q.speaker == "سمير عطية"


def test_definite_role_subject_before_the_verb_resolves() -> None:
    text = ("قال المتحدث باسم الخارجية الإيطالية ماركو روسي إن السفارة مغلقة.\n"
            "وكان المتحدث الإيطالي قد أشار إلى أن القنصلية تعمل.")
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["ماركو روسي"] * 2


def test_time_clauses_are_not_what_was_said() -> None:
    # بعد أن opens a time clause: أعلنت has no statement here
    assert _quotes("وأعلنت الوزارة الحداد بعد أن انتهت المراسم.") == ()


def test_a_media_channel_of_a_cued_quote_is_not_a_second_speaker() -> None:
    text = 'قال السفير كريم منصور إن الرد سيكون "حازما"، وفقا لما نقلته وكالة الأنباء الرسمية.'
    (q,) = _quotes(text)
    assert q.speaker == "كريم منصور"


def test_the_source_refers_back_to_the_last_anonymous_speaker() -> None:
    text = ("وقال مسؤول في وزارة الخارجية إن الاجتماع تأجل.\n"
            "وأضاف المصدر أن موعدا جديدا سيحدد.")
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["مسؤول في وزارة الخارجية"] * 2
    assert quotes[1].speaker_type == "anonymous"


def test_the_previous_sentence_subject_speaks_on() -> None:
    text = ("وزار وزير الصحة نادر سليمان المستشفى صباحا.\n"
            'وقال: "الوضع تحت السيطرة".')
    (q,) = _quotes(text)
    assert q.speaker == "نادر سليمان"


@pytest.mark.parametrize("pair", [("«", "»"), ("“", "”"), ('"', '"'), ("”", "”")])
def test_quote_mark_pairs(pair: tuple[str, str]) -> None:
    a, b = pair
    text = f"وقال المحامي رامي عون: {a}موكلي بريء تماما{b}."
    (q,) = _quotes(text)
    assert q.text == "موكلي بريء تماما"
    assert q.direct


def test_unclosed_quote_runs_to_the_end_of_the_paragraph() -> None:
    text = 'وقال المحامي رامي عون: "موكلي بريء. والمحكمة ستنصفه\n\nوفي خبر آخر ارتفعت الأسعار.'
    (q,) = _quotes(text)
    assert q.text == "موكلي بريء. والمحكمة ستنصفه"


def test_lone_closing_mark_after_a_colon() -> None:
    text = 'قال المحامي رامي عون إن القضية طويلة.\nوتابع: لن نستسلم أبدا".'
    quotes = _quotes(text)
    assert quotes[-1].cue == "وتابع"
    assert quotes[-1].text == "لن نستسلم أبدا"
    assert quotes[-1].direct
    assert quotes[-1].speaker == "رامي عون"


def test_attribution_preposition_claims_the_quote_next_to_it() -> None:
    text = 'وبحسب البيان المشترك "سيتواصل التعاون بين البلدين".'
    (q,) = _quotes(text)
    assert q.speaker == "البيان المشترك"
    assert q.cue == "وبحسب"
    assert q.text == "سيتواصل التعاون بين البلدين"


def test_short_quoted_names_are_not_statements() -> None:
    text = 'وقالت حركة "النهضة" في بيان إن الحوار مستمر.'
    (q,) = _quotes(text)
    assert q.text == "الحوار مستمر"
    assert q.speaker_type == "org"


def test_mentions_fix_name_boundaries() -> None:
    text = "وأوضح عمر خالد الجديد أن الخطة جاهزة."
    without = _quotes(text)
    assert without[0].speaker == "عمر خالد الجديد"
    m = Mention("عمر خالد", text.index("عمر"), text.index("عمر") + len("عمر خالد"), "PERS")
    (q,) = _quotes(text, (m,))
    assert q.speaker == "عمر خالد"


def test_text_without_speech_has_no_quotes() -> None:
    assert _quotes("ارتفعت درجات الحرارة في المدينة. وهطلت أمطار غزيرة.") == ()
    assert extract_quotes("", ()) == ()
    assert extract_quotes("   \n ", ()) == ()
    # نقل without عن means "moved", and a negated verb says nothing
    assert _quotes("ونقل الجيش المعدات إلى الشمال. ولم يعلن أن الحرب انتهت.") == ()


def test_out_of_range_spans_and_mentions_are_tolerated() -> None:
    text = "قال الوزير سامي نور إن الطريق مفتوح."
    (q,) = extract_quotes(text, (Span(-5, 10_000),), (Mention("x", 50, 60, "PERS"),))
    assert q.speaker == "سامي نور"
    for q in extract_quotes(text, (Span(-5, 3), Span(3, 10_000), Span(7, 7))):
        assert text[q.start:q.end] == q.text


def test_pathological_input_runs_in_bounded_time() -> None:
    marks = '"' * 10_000 + "«" * 3_000 + "”" * 3_000
    words = " ".join(["قال", "المسؤول", "إن", '"كلام', "طويل"] * 2_000)
    start = time.perf_counter()
    extract_quotes(marks, ())
    extract_quotes(words, ())
    extract_quotes(words.replace(" ", "\n"), ())
    assert time.perf_counter() - start < 20


_PIECES = ["قال", "وأضاف", "وقالت", "إن", "أن", ":", "،", ".", "\n", '"', "«", "»", "”", "“",
           "الوزير", "سامي", "نور", "المتحدث", "باسم", "الجيش", "مصدر", "مطلع", "البيان", "بحسب",
           "ونقلت", "عن", "قوله", "مشيرا", "إلى", "الاتفاق", "صعب", "جدا", "وكان", "الذي"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_any_word_salad_gives_well_formed_quotes(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for q in _quotes(text):  # _quotes checks every offset against the text
        assert q.start < q.end and q.text.strip() == q.text
        assert q.speaker_type in {"person", "org", "anonymous"}


# -- the seeds -------------------------------------------------------------------------------
# (seed prefix, line number, cue as written, expected speaker or part of it, speaker_type)
SEED_DIRECT = [
    ("000", 9, "حسبما", "البيان المشترك", "org"),
    ("000", 11, "وبحسب", "البيان", "org"),
    ("000", 11, "مشيرًا", "البيان", "org"),
    ("000", 13, "وقال", "البيان", "org"),
    ("000", 13, "وأكدت", "الولايات المتحدة", "org"),
    ("000", 15, "وأضاف", "البيان", "org"),
    ("000", 19, "لافتًا", "ديفيد شينكر", "person"),
    ("000", 21, "وأضاف", "ديفيد شينكر", "person"),
    ("000", 23, "وأوضح", "ديفيد شينكر", "person"),
    ("000", 25, "وبحسب", "البيان المشترك", "org"),
    ("000", 29, "وأضاف", "البيان", "org"),
    ("001", 3, "وقال", "بيان", "org"),
    ("001", 5, "وأكد", "بيان", "org"),
    ("001", 7, "وأضاف", "بيان", "org"),
    ("001", 9, "أكد", "جون كيربي", "person"),
    ("001", 11, "وأضاف", "جون كيربي", "person"),
    ("001", 13, "ولفت", "جون كيربي", "person"),
    ("001", 15, "أكد", "نيد برايس", "person"),
    ("001", 33, "أكد", "البلدان", "org"),
    ("001", 47, "وقال", "يحيى رسول", "person"),
    ("001", 49, "وأضاف", "يحيى رسول", "person"),
    ("002", 7, "وأوضح", "ناثان تيك", "person"),
    ("002", 7, "وأشار", "ناثان تيك", "person"),
    ("002", 9, "وذكر", "ناثان تيك", "person"),
    ("002", 9, "وشدد", "ناثان تيك", "person"),
    ("002", 11, "قال", "ثابت العباسي", "person"),
    ("002", 13, "أكد", "لويد أوستن", "person"),
    ("002", 13, "وقال", "لويد أوستن", "person"),
    ("002", 13, "وأضاف", "لويد أوستن", "person"),
    ("002", 15, "وذكر", "مسؤول كبير في البنتاجون", "anonymous"),
    ("002", 15, "أضاف", "مسؤول كبير في البنتاجون", "anonymous"),
    ("002", 17, "قالت", "سابرينا سينج", "person"),
    ("002", 17, "مشيرة", "سابرينا سينج", "person"),
    ("002", 21, "وأشار", "ناثان تيك", "person"),
    ("002", 21, "وتابع", "ناثان تيك", "person"),
    ("002", 23, "واعتبر", "ناثان تيك", "person"),
    ("002", 25, "وأشار", "ناثان تيك", "person"),
    ("002", 25, "مؤكداً", "ناثان تيك", "person"),
    ("003", 6, "وقالت", "جين ساكي", "person"),
    ("003", 8, "وأضافت", "جين ساكي", "person"),
    ("004", 8, "وغرد", "جو بايدن", "person"),
    ("004", 10, "ونقلت", "مسؤول مطلع", "anonymous"),
    ("004", 21, "بحسب", "مصدر دبلوماسي أمريكي", "anonymous"),
    ("004", 27, "وقال", "مصطفى الكاظمي", "person"),
    ("004", 33, "وكشف", "مصطفى الكاظمي", "person"),
]

# reported speech of the seeds the brief names (carry-over, role-only, pre-verbal subject)
SEED_REPORTED = [
    ("000", 17, "صرح", "ديفيد شينكر", "person"),
    ("000", 31, "وقال", "ديفيد شينكر", "person"),
    ("002", 5, "قال", "ناثان تيك", "person"),
    ("002", 5, "وأوضح", "ناثان تيك", "person"),
    ("003", 3, "قال", "البيت الأبيض", "org"),
    ("004", 3, "شدد", "مصطفى الكاظمي", "person"),
    ("004", 23, "قال", "مصطفى الكاظمي", "person"),
    ("004", 25, "وأكد", "مصطفى الكاظمي", "person"),
    ("004", 29, "وأضاف", "مصطفى الكاظمي", "person"),
    ("004", 31, "قال", "مصطفى الكاظمي", "person"),
]


def _seed_quotes(seeds_dir: Path, prefix: str) -> tuple[str, tuple[Quote, ...]]:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return text, _quotes(text)


def _at(text: str, quotes: tuple[Quote, ...], line: int, cue: str) -> Quote:
    found = [q for q in quotes if q.cue == cue and text.count("\n", 0, q.cue_start) + 1 == line]
    assert len(found) == 1, f"line {line} cue {cue}: {[(q.cue, q.speaker) for q in quotes]}"
    return found[0]


@pytest.mark.parametrize(("prefix", "line", "cue", "speaker", "kind"), SEED_DIRECT)
def test_every_direct_quote_of_the_seeds(seeds_dir: Path, prefix: str, line: int, cue: str,
                                         speaker: str, kind: str) -> None:
    text, quotes = _seed_quotes(seeds_dir, prefix)
    q = _at(text, quotes, line, cue)
    assert q.speaker is not None and speaker in q.speaker
    assert q.speaker_type == kind
    assert q.direct


@pytest.mark.parametrize(("prefix", "line", "cue", "speaker", "kind"), SEED_REPORTED)
def test_reported_speech_of_the_seeds(seeds_dir: Path, prefix: str, line: int, cue: str,
                                      speaker: str, kind: str) -> None:
    text, quotes = _seed_quotes(seeds_dir, prefix)
    q = _at(text, quotes, line, cue)
    assert q.speaker is not None and speaker in q.speaker
    assert q.speaker_type == kind


def test_seed_quote_marks_are_all_attributed(seeds_dir: Path) -> None:
    """Every quoted stretch of 4+ words in the seed bodies belongs to some quote."""
    for prefix in ("000", "001", "002", "004"):
        text, quotes = _seed_quotes(seeds_dir, prefix)
        for m in re.finditer(r'"([^"\n]+)"|“([^”\n]+)”|”([^”\n]+)”', text):
            inner = m.group(1) or m.group(2) or m.group(3)
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            whole_line = text[line_start:line_end if line_end >= 0 else None].strip() == m.group()
            if len(inner.split()) < 4 or text.count("\n", 0, m.start()) < 2 or whole_line:
                continue  # scare quotes, the headline and quoted subheads
            assert any(q.start <= m.start() + 1 < q.end or m.start() <= q.start < m.end()
                       for q in quotes), (prefix, text.count("\n", 0, m.start()) + 1)


def test_seed_speaker_offsets_and_carry_over(seeds_dir: Path) -> None:
    text, quotes = _seed_quotes(seeds_dir, "001")
    kirby = _at(text, quotes, 9, "أكد")
    assert text[kirby.speaker_start:kirby.speaker_end] == "جون كيربي"
    assert _at(text, quotes, 11, "وأضاف").speaker_start == -1
    text, quotes = _seed_quotes(seeds_dir, "002")
    role_only = _at(text, quotes, 9, "وذكر")
    assert text[role_only.speaker_start:role_only.speaker_end] == "المتحدث الأميركي"


def _regions_char_by_char(text: str) -> list[tuple[int, int, int]]:
    # reference: the same state machine visiting every character (quote_regions jumps from
    # mark to mark; characters that are neither marks nor newlines never change the state)
    pairs = lexicon().quote_pairs
    closer_of: dict[str, set[str]] = {}
    for a, b in pairs:
        closer_of.setdefault(a, set()).add(b)
    closers = {b for _, b in pairs}
    out: list[Region] = []
    para_start = last_end = 0
    cur: tuple[str, int] | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            if cur is not None:
                out.append(Region(cur[1] + 1, i, cur[1]))
                cur = None
            para_start = last_end = i + 1
            continue
        if cur is not None:
            if ch in closer_of.get(cur[0], ()):
                out.append(Region(cur[1] + 1, i, cur[1]))
                last_end = i + 1
                cur = None
            continue
        if ch in closer_of:
            if ch in closers and _closer_like(text, i) and not _opener_like(text, i):
                colon = text.rfind(":", max(para_start, last_end), i)
                if colon >= 0:
                    out.append(Region(colon + 1, i, -1))
                last_end = i + 1
                continue
            cur = (ch, i)
        elif ch in closers:
            colon = text.rfind(":", max(para_start, last_end), i)
            if colon >= 0:
                out.append(Region(colon + 1, i, -1))
            last_end = i + 1
    if cur is not None:
        out.append(Region(cur[1] + 1, len(text), cur[1]))
    return [(r.start, r.end, r.open) for r in (_trim(text, r) for r in out if r.end > r.start)]


@given(st.text(alphabet='قال: "«»“”„ \nأنه،.ـ', max_size=60))
@settings(max_examples=400, deadline=None)
def test_quote_regions_jumping_scan_matches_char_by_char(text: str) -> None:
    got = [(r.start, r.end, r.open) for r in quote_regions(text)]
    assert got == _regions_char_by_char(text)


def test_items_are_fresh_lists_over_a_shared_cache() -> None:
    text = "قال الوزير: «نحن هنا»."
    first = items(text)
    first.clear()
    again = items(text)
    assert [it.text for it in again] == ["قال", "الوزير", ":", "«", "نحن", "هنا", "»", "."]
    assert [it.start for it in items(text, 4)] == [4, 10, 12, 13, 17, 20, 21]
