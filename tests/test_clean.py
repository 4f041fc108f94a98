"""Tests of rasid.clean: every debris reason, titles, datelines, subheads, offsets, speed, seeds.

All article texts here are written for these tests (invented events); none is copied from
../shared. The seed articles are pinned by the golden files in tests/golden/clean/ (line labels,
counts and a body hash, no text); regenerate them with scripts/update_clean_golden.py.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.clean import _clean, clean_text
from rasid.errors import InputError
from rasid.models import CleanText

GOLDEN = Path(__file__).resolve().parent / "golden" / "clean"

# Invented news paragraphs (each well over a dozen words, each ending with a full stop).
P1 = (
    "أعلنت وزارة الزراعة في بيان صدر صباح الثلاثاء أنها ستوزع بذورا محسنة على صغار المزارعين "
    "في ثلاث محافظات جنوبية قبل بدء موسم الزراعة الشتوي."
)
P2 = (
    "وقال المتحدث باسم الوزارة إن البرنامج يشمل نحو أربعة آلاف مزرعة صغيرة، وإن التوزيع سيجري "
    "عبر الجمعيات التعاونية المحلية خلال الأسابيع الثلاثة المقبلة."
)
P3 = (
    "وأضاف أن الوزارة تتوقع ارتفاع إنتاج القمح بنسبة تقارب عشرة في المئة إذا جاءت الأمطار "
    "في مواعيدها المعتادة هذا العام."
)
P4 = (
    "وفي سياق متصل، دعت نقابة المزارعين الحكومة إلى خفض أسعار الأسمدة ودعم تكاليف النقل "
    "التي ارتفعت كثيرا منذ مطلع العام الجاري."
)
TITLE = "الحكومة توزع بذورا محسنة على صغار المزارعين"


def _reasons(c: CleanText) -> dict[str, str]:
    return {r.text: r.reason for r in c.removed}


def _paragraphs(c: CleanText) -> list[str]:
    return [c.body[s.start : s.end] for s in c.paragraphs]


def _check_invariants(text: str, c: CleanText) -> None:
    """Spans, subhead offsets, and removed line numbers must all agree with the input."""
    paras = _paragraphs(c)
    assert c.body == "\n\n".join(paras)
    for p in paras:
        assert p and p == p.strip()
    starts = {s.start for s in c.paragraphs}
    for sh in c.subheads:
        assert sh.offset in starts
    lines = text.splitlines()
    for r in c.removed:
        assert lines[r.line].strip() == r.text or r.text in lines[r.line]


# --- clean text -----------------------------------------------------------------------------


def test_clean_article_keeps_everything() -> None:
    text = f"{TITLE}\n\n{P1}\n\n{P2}\n\n{P3}\n"
    c = clean_text(text)
    assert c.title == TITLE
    assert c.dateline is None
    assert c.removed == ()
    assert _paragraphs(c) == [P1, P2, P3]
    assert c.subheads == ()
    _check_invariants(text, c)


def test_corpus_body_single_newlines_nothing_removed() -> None:
    # corpus records: paragraphs one per line, no title line, given title from metadata
    text = "\n".join([P1, P2, P3, P4])
    c = clean_text(text, title=TITLE)
    assert c.title == TITLE
    assert c.removed == ()
    assert _paragraphs(c) == [P1, P2, P3, P4]


def test_given_title_drops_repeated_first_line() -> None:
    text = f"{TITLE}\n{P1}\n{P2}"
    c = clean_text(text, title=TITLE)
    assert c.title == TITLE
    assert [(r.reason, r.line) for r in c.removed] == [("title_repeat", 0)]
    assert _paragraphs(c) == [P1, P2]


def test_given_title_with_outlet_suffix_still_matches_headline_line() -> None:
    c = clean_text(f"{TITLE}\n{P1}", title=f"{TITLE} | موقع الأخبار")
    assert _reasons(c) == {TITLE: "title_repeat"}
    assert _paragraphs(c) == [P1]


def test_no_title_when_text_opens_with_lead() -> None:
    c = clean_text(f"{P1}\n\n{P2}")
    assert c.title is None
    assert _paragraphs(c) == [P1, P2]


def test_long_lead_without_full_stop_is_body_not_title() -> None:
    lead = P1.rstrip(".") + " وفق ما ذكرته مصادر في الوزارة للصحفيين في العاصمة مساء أمس"
    c = clean_text(f"{lead}\n{P2}")
    assert c.title is None
    assert _paragraphs(c)[0] == lead


def test_title_only_article() -> None:
    c = clean_text(f"\n{TITLE}\n\n")
    assert c.title == TITLE
    assert c.body == ""
    assert c.paragraphs == ()
    assert c.removed == ()


@pytest.mark.parametrize("text", ["", "\n\n", "\u00a0\n \t\n\u200b"])
def test_empty_inputs(text: str) -> None:
    c = clean_text(text)
    assert c == CleanText(None, None, "", (), (), ())


def test_bad_input_type_is_typed_error() -> None:
    with pytest.raises(InputError):
        clean_text(None)  # type: ignore[arg-type]


def test_crlf_and_nbsp_lines() -> None:
    text = f"{TITLE}\r\n\u00a0\r\n{P1}\r\n \u00a0 \r\n{P2}\r\n"
    c = clean_text(text)
    assert c.title == TITLE
    assert _paragraphs(c) == [P1, P2]
    assert c.removed == ()


def test_foreign_language_lines_inside_arabic_are_kept() -> None:
    en = "The ministry said the distribution would start next week in all three provinces."
    fr = "« Nous restons prudents sur les prévisions de récolte », a déclaré un responsable."
    c = clean_text(f"{TITLE}\n\n{P1}\n\n{en}\n\n{fr}\n\n{P2}")
    assert _paragraphs(c) == [P1, en, fr, P2]
    assert c.removed == ()


def test_letters_are_never_normalised() -> None:
    para = (
        "أعلنَت الهيئةُ العامّة ـ للأرصاد ـ أن درجات الحرارة ستنخفض "
        "إلى ما دون المعدل في معظم المناطق الشمالية."
    )
    c = clean_text(f"{P1}\n{para}")
    assert _paragraphs(c)[1] == para


# --- each reason ----------------------------------------------------------------------------


def test_header_furniture_section_published_reading_time_byline() -> None:
    text = "\n".join(
        [
            TITLE,
            "",
            "اقتصاد",
            "نشر",
            "آخر تحديث: 12 يونيو 2023 - 10:30 ص",
            "5 دقائق قراءة",
            "بقلم: سامي الخطيب",
            "",
            P1,
            "",
            P2,
        ]
    )
    c = clean_text(text)
    assert c.title == TITLE
    assert [(r.line, r.reason) for r in c.removed] == [
        (2, "section"),
        (3, "published_label"),
        (4, "published_label"),
        (5, "reading_time"),
        (6, "byline"),
    ]
    assert _paragraphs(c) == [P1, P2]
    _check_invariants(text, c)


def test_section_name_inside_body_is_not_removed() -> None:
    # a lone category word between paragraphs is left in place (it is a subhead here)
    c = clean_text(f"{P1}\n\nاقتصاد\n\n{P2}")
    assert c.removed == ()
    assert [s.text for s in c.subheads] == []  # one word: too short to be an intertitle
    assert "اقتصاد" in _paragraphs(c)


def test_lines_that_merely_start_like_a_cue_are_news() -> None:
    lines = [
        "نشر الجيش وحدات إضافية على الحدود الشمالية بعد تصاعد التوتر في المنطقة خلال الأيام.",
        "كتب الوزير في تغريدة على حسابه أن المفاوضات ستستأنف في العاصمة الأسبوع المقبل.",
        "وأضاف أن الاشتراك في النشرة الزراعية الأسبوعية مجاني للمزارعين المسجلين لدى الجمعيات.",
    ]
    c = clean_text("\n".join([P1, *lines, P2]))
    assert c.removed == ()
    assert _paragraphs(c) == [P1, *lines, P2]


@pytest.mark.parametrize(
    "line",
    ["4 دقائق قراءة", "وقت القراءة: دقيقتان", "قراءة 3 دقائق", "7 min read", "دقيقة قراءة"],
)
def test_reading_time_variants(line: str) -> None:
    c = clean_text(f"{TITLE}\n{line}\n{P1}")
    assert _reasons(c) == {line: "reading_time"}


def test_caption_printed_twice_with_credit() -> None:
    cap = "مزارعون يحصدون القمح في حقل قرب المدينة"
    text = f"{TITLE}\n\n{cap}\n{cap} Credit: JOHN DOE/AFP via Getty Images\n\n{P1}\n\n{P2}"
    c = clean_text(text)
    assert [(r.line, r.reason) for r in c.removed] == [(2, "caption"), (3, "caption")]
    assert _paragraphs(c) == [P1, P2]


@pytest.mark.parametrize(
    "caption",
    [
        "جانب من الاجتماع الوزاري في العاصمة (رويترز)",
        "مزارع يتفقد محصوله الصورة: أرشيف الوزارة",
        "صورة أرشيفية: سوق الخضار المركزي",
        "A farmer inspects his crop. Photo: Jane Roe",
    ],
)
def test_caption_with_credit_anywhere(caption: str) -> None:
    c = clean_text(f"{P1}\n{caption}\n{P2}")
    assert _reasons(c) == {caption: "caption"}


def test_long_paragraph_ending_with_agency_is_not_a_caption() -> None:
    para = " ".join([P1.rstrip("."), P3.rstrip("."), P4.rstrip(".")]) + " (رويترز)"
    c = clean_text(f"{P2}\n{para}")
    assert c.removed == ()


@pytest.mark.parametrize(
    "line",
    [
        "اشترك الآن في نشرتنا البريدية",
        "تابعونا على فيسبوك وتويتر",
        "فيسبوك تويتر واتساب تلغرام",
        "حمّل تطبيق الموقع على هاتفك",
        "Subscribe to our newsletter",
    ],
)
def test_share_prompts(line: str) -> None:
    c = clean_text(f"{P1}\n{P2}\n{line}")
    assert _reasons(c) == {line: "share_prompt"}


@pytest.mark.parametrize(
    "line",
    ["زر الذهاب إلى الأعلى", "الرئيسية › أخبار › اقتصاد", "العودة إلى الأعلى", "تطورات الساعة"],
)
def test_navigation(line: str) -> None:
    c = clean_text(f"{P1}\n{P2}\n{line}")
    assert _reasons(c) == {line: "navigation"}


def test_trailing_related_headers_and_items() -> None:
    items = ["ارتفاع أسعار الخضار في الأسواق المحلية", "افتتاح معرض الكتاب في دورته الجديدة"]
    text = "\n\n".join([P1, P2, "مقالات ذات صلة", *items, "قصص قد تهمك"])
    c = clean_text(text)
    assert _paragraphs(c) == [P1, P2]
    assert [r.reason for r in c.removed] == ["related"] * 4


def test_trailing_sidebar_of_bullet_items_with_teasers() -> None:
    teaser1 = (
        "افتتح محافظ المدينة صباح اليوم جسرا جديدا يربط الضفتين بطول كيلومترين، "
        "بعد أعمال استمرت ثلاث سنوات بتكلفة تجاوزت المليار."
    )
    teaser2 = (
        "أعلن النادي الأهلي تعاقده مع مدرب جديد لموسمين، في خطوة تهدف إلى استعادة "
        "لقب الدوري الذي غاب عن خزائنه منذ خمس سنوات."
    )
    text = "\n\n".join(
        [
            TITLE,
            P1,
            P2,
            P3,
            "الأكثر من أخبار المنطقة",
            "أخبار محلية",
            "  • افتتاح جسر جديد يربط ضفتي النهر",
            "    " + teaser1,
            "  • النادي الأهلي يتعاقد مع مدرب جديد",
            "    " + teaser2,
        ]
    )
    c = clean_text(text)
    assert _paragraphs(c) == [P1, P2, P3]
    got = [r.reason for r in c.removed]
    assert got == ["related", "section", "sidebar", "sidebar", "sidebar", "sidebar"]
    _check_invariants(text, c)


def test_inline_read_also_items_in_the_middle() -> None:
    text = "\n".join(
        [
            P1,
            "اقرأ أيضاً: الحكومة ترفع أسعار الوقود للمرة الثانية",
            P2,
            "اقرأ أيضاً:",
            "الأمطار الغزيرة تغلق طرقا رئيسية في الشمال",
            "البنك المركزي يثبت سعر الفائدة",
            P3,
        ]
    )
    c = clean_text(text)
    assert _paragraphs(c) == [P1, P2, P3]
    assert [(r.line, r.reason) for r in c.removed] == [
        (1, "related"),
        (3, "related"),
        (4, "related"),
        (5, "related"),
    ]


def test_html_extracted_text_with_leaked_related_links() -> None:
    # what trafilatura-style extraction returns when a "related" box leaks into the text
    text = "\n".join(
        [
            TITLE,
            P1,
            P2,
            "- ارتفاع أسعار الخضار في الأسواق",
            "- افتتاح معرض الكتاب",
            P3,
            "أخبار ذات صلة",
            "- وزير الزراعة يزور المحافظات الجنوبية",
            "- انخفاض صادرات القطن هذا العام",
            "جميع الحقوق محفوظة © 2024",
        ]
    )
    c = clean_text(text, title=TITLE)
    assert c.title == TITLE
    # a dash list inside the body is content (it may be a list in the article itself)
    assert _paragraphs(c) == [
        P1,
        P2,
        "- ارتفاع أسعار الخضار في الأسواق",
        "- افتتاح معرض الكتاب",
        P3,
    ]
    assert [r.reason for r in c.removed] == [
        "title_repeat",
        "related",
        "related",
        "related",
        "copyright",
    ]


def test_duplicate_paragraph_removed() -> None:
    c = clean_text(f"{P1}\n\n{P2}\n\n{P2}\n\n{P3}")
    assert _paragraphs(c) == [P1, P2, P3]
    assert [(r.line, r.reason) for r in c.removed] == [(4, "duplicate")]


def test_short_repeated_lines_are_kept() -> None:
    verse = "يا دار عبلة بالجواء تكلمي"
    c = clean_text(f"{P1}\n{verse}\n{P2}\n{verse}\n{P3}")
    assert c.removed == ()


def test_separator_and_end_marker_lines() -> None:
    c = clean_text(f"{P1}\n-----------\n{P2}\n***\n{P3}\n// انتهى //")
    assert _paragraphs(c) == [P1, P2, P3]
    assert [r.reason for r in c.removed] == ["separator", "separator", "end_marker"]


def test_contact_line() -> None:
    c = clean_text(f"{P1}\n{P2}\nللتواصل مع الكاتب: writer@example.com")
    assert [r.reason for r in c.removed] == ["contact"]


# --- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "dateline"),
    [
        ("بيروت (رويترز) - ", "بيروت (رويترز) -"),
        ("عمّان، الأردن (CNN)--\u00a0", "عمّان، الأردن (CNN)--"),
        ("الرياض - واس: ", "الرياض - واس:"),
        ("باريس (أ ف ب) ", "باريس (أ ف ب)"),
    ],
)
def test_dateline_split_off_the_lead(prefix: str, dateline: str) -> None:
    c = clean_text(f"{TITLE}\n\n{prefix}{P1}\n\n{P2}")
    assert c.dateline == dateline
    assert _paragraphs(c) == [P1, P2]
    assert c.removed == ()


def test_parenthesis_that_is_not_an_agency_is_not_a_dateline() -> None:
    lead = (
        "أعلنت وزارة الدفاع (البنتاغون) - في بيان مقتضب - أنها سترسل مزيدا من القوات إلى المنطقة."
    )
    c = clean_text(f"{lead}\n{P2}")
    assert c.dateline is None
    assert _paragraphs(c)[0] == lead


def test_standalone_credit_line_is_the_dateline() -> None:
    text = f"{TITLE}\n\nالقاهرة - أ ف ب\n\n{P1}\n\n{P2}"
    c = clean_text(text)
    assert c.title == TITLE
    assert c.dateline == "القاهرة - أ ف ب"
    assert _paragraphs(c) == [P1, P2]
    assert c.removed == ()


# --- subheads -------------------------------------------------------------------------------


def test_subheads_with_and_without_blank_lines() -> None:
    sub1 = "مخاوف من موجة جفاف"
    sub2 = '"خطة طوارئ للمحافظات"'
    text = f"{TITLE}\n\n{P1}\n\n{sub1}\n{P2}\n\n{sub2}\n\n{P3}"
    c = clean_text(text)
    paras = _paragraphs(c)
    assert paras == [P1, P2, P3]
    assert [(s.text, s.offset) for s in c.subheads] == [
        (sub1, c.paragraphs[1].start),
        (sub2, c.paragraphs[2].start),
    ]
    _check_invariants(text, c)


def test_sentence_or_verse_lines_are_not_subheads() -> None:
    question = "ولكن ما الذي يدفع المزارعين إلى ترك أراضيهم؟"
    verse = "أَلا لَيتَ الشَبابَ يَعودُ يَوماً فَأُخبِرَهُ بِما فَعَلَ المَشيبُ"
    colon = "وتشمل الخطة ما يلي:"
    c = clean_text("\n".join([P1, question, P2, verse, P3, colon, P4]))
    assert c.subheads == ()
    assert _paragraphs(c) == [P1, question, P2, verse, P3, colon, P4]


def test_no_subhead_without_paragraphs_on_both_sides() -> None:
    c = clean_text(f"{P1}\n\nخلاصة القول\n\nنهاية قصيرة.")
    assert c.subheads == ()


# --- robustness and speed -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "(" * 50_000,
        "بيروت " * 20_000 + "(",
        "-" * 100_000 + "x",
        "ا" * 200_000,
        "بيروت - " * 20_000,
        "a@" * 50_000,
        "› " * 40_000,
        "نشر " + "12 " * 30_000,
    ],
)
def test_pathological_lines_run_in_linear_time(line: str) -> None:
    start = time.perf_counter()
    c = clean_text(f"{line}\n{P1}\n{line}")
    assert time.perf_counter() - start < 1.0
    assert P1 in c.body


def test_ten_thousand_lines_linear() -> None:
    block = [TITLE, P1, "مخاوف من موجة جفاف", P2, "اشترك الآن في نشرتنا", P3, "نشر", P4]
    text = "\n".join(block * 1250)
    start = time.perf_counter()
    c = clean_text(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, elapsed
    assert len(text.splitlines()) == 10_000
    _check_invariants(text, c)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                P1,
                P2,
                P3,
                TITLE,
                "",
                "\u00a0",
                "نشر",
                "اقتصاد",
                "• خبر آخر عن الطقس",
                "مقالات ذات صلة",
                "بيروت (رويترز) - " + P4,
                "مخاوف من موجة جفاف",
                "-----",
                "English line here.",
            ]
        )
        | st.text(max_size=80),
        max_size=30,
    )
)
def test_every_line_lands_somewhere(lines: list[str]) -> None:
    text = "\n".join(lines)
    c, labels = _clean(text, None)
    split = text.splitlines()
    assert len(labels) == len(split)
    removed = {r.line: r for r in c.removed}
    paras = iter(_paragraphs(c))
    subheads = iter(s.text for s in c.subheads)
    for i, (raw, label) in enumerate(zip(split, labels, strict=True)):
        if label == "blank":
            assert not raw.strip().strip("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff").strip()
        elif label.startswith("removed:"):
            assert removed[i].reason == label[8:]
        elif label == "body":
            assert (
                next(paras)
                == raw.strip().strip("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff").strip()
            )
        elif label == "body+dateline":
            assert c.dateline is not None
            assert raw.strip().endswith(next(paras))
        elif label == "subhead":
            assert next(subheads) in raw
        else:
            assert label in ("title", "dateline")
    assert next(paras, None) is None
    _check_invariants(text, c)


# --- golden seeds ---------------------------------------------------------------------------


def _golden_record(text: str) -> dict[str, object]:
    # mirrors scripts/update_clean_golden.py
    clean, labels = _clean(text, None)
    return {
        "title_line": labels.index("title") if "title" in labels else None,
        "dateline_line": next(
            (i for i, lab in enumerate(labels) if lab in ("dateline", "body+dateline")), None
        ),
        "lines": list(labels),
        "paragraphs": len(clean.paragraphs),
        "subheads": len(clean.subheads),
        "body_sha256": hashlib.sha256(clean.body.encode("utf-8")).hexdigest(),
    }


def _diff(expected: dict[str, object], got: dict[str, object]) -> str:
    out = []
    for field in ("title_line", "dateline_line", "paragraphs", "subheads", "body_sha256"):
        if expected.get(field) != got.get(field):
            out.append(f"  {field}: expected {expected.get(field)!r}, got {got.get(field)!r}")
    exp_lines = expected.get("lines")
    got_lines = got.get("lines")
    assert isinstance(exp_lines, list) and isinstance(got_lines, list)
    for i in range(max(len(exp_lines), len(got_lines))):
        e = exp_lines[i] if i < len(exp_lines) else "<none>"
        g = got_lines[i] if i < len(got_lines) else "<none>"
        if e != g:
            out.append(f"  line {i + 1:>3}: expected {e:<24} got {g}")
    return "\n".join(out)


def test_seed_golden(seeds_dir: Path) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) == 5
    problems = []
    for seed in seeds:
        golden = GOLDEN / f"{seed.stem}.json"
        assert golden.exists(), (
            f"no golden file for {seed.stem}: run scripts/update_clean_golden.py"
        )
        expected = json.loads(golden.read_text(encoding="utf-8"))
        got = _golden_record(seed.read_text(encoding="utf-8"))
        if got != expected:
            problems.append(f"{seed.stem}:\n{_diff(expected, got)}")
    assert not problems, (
        "seed output changed (rerun scripts/update_clean_golden.py if intended):\n"
        + "\n".join(problems)
    )


def test_seed_requirements(seeds_dir: Path) -> None:
    """The properties the golden files encode, stated directly (counts and reasons, no text)."""
    results = {
        p.stem[:3]: _clean(p.read_text(encoding="utf-8"), None) for p in seeds_dir.glob("*.txt")
    }
    c0, l0 = results["000"]
    assert l0[0] == "title" and c0.dateline is not None and c0.dateline.endswith("(CNN)--")
    assert [r.reason for r in c0.removed] == [
        "section",
        "published_label",
        "reading_time",
        "caption",
        "caption",
        "published_label",
    ]
    c1, l1 = results["001"]
    assert c1.title is None and l1[0] == "body"
    assert [r.reason for r in c1.removed] == ["related", "navigation", "share_prompt"]
    c2, l2 = results["002"]
    assert l2[2] == "dateline" and len(c2.subheads) == 1
    assert [r.reason for r in c2.removed] == ["related", "related"]
    c3, _ = results["003"]
    assert [r.reason for r in c3.removed] == ["related", "section"] + ["sidebar"] * 8
    c4, _ = results["004"]
    assert [s.offset for s in c4.subheads] == [c4.paragraphs[1].start, c4.paragraphs[4].start]
    assert [r.reason for r in c4.removed] == ["related", "navigation"]
    for c, _labels in results.values():
        assert "\u00a0" not in "".join(_paragraphs(c)[i][:1] for i in range(len(c.paragraphs)))


def test_seed_with_given_title_drops_the_headline_line(seeds_dir: Path) -> None:
    seed = sorted(seeds_dir.glob("004_*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    first = text.splitlines()[0].strip()
    c = clean_text(text, title=first)
    assert c.title == first
    assert c.removed[0].reason == "title_repeat" and c.removed[0].line == 0
    assert len(c.paragraphs) == len(clean_text(text).paragraphs)


@pytest.mark.slow
def test_ant_sample_removes_almost_nothing(data_dir: Path) -> None:
    import lzma

    path = data_dir / "ant_corpus_v2.1" / "ant_v2.1.jsonl.xz"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    lines = removed = 0
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for n, raw in enumerate(fh):
            if n >= 2000:
                break
            rec = json.loads(raw)
            c = clean_text(rec["text"], title=rec["title"])
            lines += sum(1 for ln in rec["text"].splitlines() if ln.strip())
            removed += len(c.removed)
    assert removed / lines < 0.002, (removed, lines)


def test_real_html_extraction_then_clean() -> None:
    trafilatura = pytest.importorskip("trafilatura")
    html = (
        "<html><head><title>t</title></head><body><nav><a href='/'>الرئيسية</a></nav><article>"
        f"<h1>{TITLE}</h1><p>نشر</p><p>4 دقائق قراءة</p><p>{P1}</p><h2>مخاوف من موجة جفاف</h2>"
        f"<p>{P2}</p><p>اقرأ أيضاً: <a href='/x'>ارتفاع أسعار الخضار في الأسواق المحلية</a></p>"
        f"<p>{P3}</p><p>زر الذهاب إلى الأعلى</p></article></body></html>"
    )
    text = trafilatura.extract(html, favor_recall=True) or ""
    c = clean_text(text)
    for para in (P1, P2, P3):
        assert para in c.body
    for debris in ("اقرأ أيضاً", "زر الذهاب", "دقائق قراءة"):
        assert debris not in c.body
    assert "\n\nنشر\n\n" not in f"\n\n{c.body}\n\n"


# --- rule files -----------------------------------------------------------------------------


def test_rule_files_document_their_source() -> None:
    from importlib.resources import files

    for name in ("debris.json", "dateline.json"):
        data = json.loads(files("rasid").joinpath("data", "clean", name).read_text("utf-8"))
        assert data["_about"]
        for key, value in data.items():
            if isinstance(value, dict):
                assert value.get("_about"), f"{name}:{key} lacks an _about comment"


def test_corrupt_rule_file_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasid.clean as clean_mod
    from rasid.errors import ModelError

    monkeypatch.setattr(clean_mod, "_load_json", lambda name: {"_about": "broken"})
    clean_mod._rules.cache_clear()
    try:
        with pytest.raises(ModelError):
            clean_text("نص")
    finally:
        monkeypatch.undo()
        clean_mod._rules.cache_clear()
    assert clean_text(P1).body == P1


def test_related_list_above_the_article() -> None:
    text = "\n".join(
        [TITLE, "الأكثر قراءة", "البنك المركزي يثبت سعر الفائدة", "• افتتاح معرض الكتاب", P1, P2]
    )
    c = clean_text(text)
    assert c.title == TITLE
    assert _paragraphs(c) == [P1, P2]
    assert [r.reason for r in c.removed] == ["related", "related", "related"]


@pytest.mark.parametrize(
    "line", ["الأربعاء 12 يونيو 2024 - 10:30 ص", "3 آذار/مارس 2023", "Published 5 March 2024"]
)
def test_bare_date_line_in_header(line: str) -> None:
    c = clean_text(f"{TITLE}\n{line}\n{P1}\n{P2}")
    assert _reasons(c) == {line: "published_label"}


def test_share_cue_inside_a_sentence_is_news() -> None:
    line = "وقالت النشرة الإخبارية للتلفزيون الرسمي إن الاجتماع تأجل."
    c = clean_text(f"{P1}\n{line}\n{P2}")
    assert c.removed == ()


def test_many_related_headers_stay_linear() -> None:
    text = "\n".join(["مقالات ذات صلة", "البنك المركزي يثبت سعر الفائدة"] * 5000 + [P1])
    start = time.perf_counter()
    c = clean_text(text)
    assert time.perf_counter() - start < 2.0
    assert c.body.endswith(P1)
