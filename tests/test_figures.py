"""rasid.figures on our own sentences, on the seeds (by numbers only) and on hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from rasid.figures import extract_figures
from rasid.models import Figure, Span

# (sentence, value, hedge, unit, counted, qualifier, place): one expected figure per sentence.
CASES = [
    (
        "أعلن الجيش نشر 3000 جندي بريطاني في إستونيا.",
        3000,
        None,
        None,
        "جندي",
        "بريطاني",
        "استونيا",
    ),
    ("يتمركز في ألمانيا نحو 35 ألف جندي أمريكي.", 35000, "نحو", None, "جندي", "امريكي", "المانيا"),
    ("وصل حوالى ٤٠٠ عسكري فرنسي إلى مالي.", 400, "حوالي", None, "جندي", "فرنسي", None),
    (
        "انتشر قرابة 1,200 عنصر من القوات الخاصة الأردنية في الأردن.",
        1200,
        "قرابة",
        None,
        "جندي",
        "اردني",
        "الاردن",
    ),
    (
        "وقال إن عدد القوات التركية في قطر يبلغ الآن 5000 فرد.",
        5000,
        None,
        None,
        "جندي",
        "تركي",
        "قطر",
    ),
    ("قتل 12 شخصا في انفجار بسوق شعبي في بغداد.", 12, None, None, "قتيل", None, "بغداد"),
    ("أسفر القصف عن مقتل ما لا يقل عن 40 مدنيا.", 40, "ما لا يقل عن", None, "قتيل", None, None),
    ("وأصيب أكثر من 300 شخص بجروح مختلفة.", 300, "اكثر من", None, "جريح", None, None),
    ("سقط 25 قتيلا على الأقل في المواجهات.", 25, "على الاقل", None, "قتيل", None, None),
    ("واستجوبت الشرطة خمسة أشخاص للاشتباه في تورطهم.", 5, None, None, "شخص", None, None),
    ("واعتقلت الشرطة خمسة أشخاص للاشتباه في تورطهم.", 5, None, None, "معتقل", None, None),
    ("أعلنت الشرطة اعتقال خمسة أشخاص للاشتباه في تورطهم.", 5, None, None, "معتقل", None, None),
    ("تستضيف تركيا نحو 3.6 مليون لاجئ سوري.", 3_600_000, "نحو", None, "لاجئ", "سوري", None),
    (
        "قدم البنك قرضا بقيمة 1.2 مليار دولار للحكومة.",
        1_200_000_000,
        None,
        "دولار",
        None,
        None,
        None,
    ),
    ("خصصت الوزارة ٢٥٠ ألف يورو للمشروع.", 250_000, None, "يورو", None, None, None),
    ("ارتفع معدل التضخم إلى 12.5% في مايو.", 12.5, None, "%", None, None, None),
    ("تراجعت الصادرات بنسبة ٧٫٣ في المئة خلال الربع الأول.", 7.3, None, "%", None, None, None),
    ("بلغ الإنتاج زهاء مليون برميل يوميا.", 1_000_000, "زهاء", "برميل", None, None, None),
    ("تقع القرية على بعد 40 كيلومترا من الحدود.", 40, None, "كيلومتر", None, None, None),
    ("يضم الوفد ثلاثة دبلوماسيين روس.", 3, None, None, "دبلوماسي", "روسي", None),
    ("وأصيب 60 آخرون بالرصاص الإسرائيلي.", 60, None, None, "جريح", None, None),
    ("ارتفعت الأسعار 10 أضعاف خلال الحرب.", 10, None, "ضعف", None, None, None),
    ("طردت الحكومة 15 دبلوماسيا إيرانيا.", 15, None, None, "دبلوماسي", "ايراني", None),
    ("أطلقت الجماعة أكثر من عشرين صاروخا على المدينة.", 20, "اكثر من", None, "صاروخ", None, None),
    ("تحطمت طائرة تقل اثنين من الطيارين الأمريكيين.", 2, None, None, "طيار", "امريكي", None),
    ("وفرّ ألفان وخمسمئة شخص من القرى الحدودية.", 2500, None, None, "شخص", None, None),
    ("تبرع رجل أعمال بنصف مليون دولار للمستشفى.", 500_000, None, "دولار", None, None, None),
    ("قتل مئة وعشرون مقاتلا في المعارك.", 120, None, None, "قتيل", None, None),
    ("اختطف المسلحون 14 طالبا من مدرسة في الموصل.", 14, None, None, "طالب", None, "الموصل"),
    ("يعمل في المصنع ما يقرب من ألفي عامل.", 2000, "ما يقرب من", None, "عامل", None, None),
    ("حصل المرشح على 53 بالمئة من الأصوات.", 53, None, "%", None, None, None),
    ("قضى 20 عاما في السجن.", 20, None, "سنة", None, None, None),
    ("وصلنا طفل يبلغ 5 سنوات مصابا بالحمى.", 5, None, "سنة", None, None, None),
    ("بلغت الخسائر بضعة آلاف دولار.", 3000, "بضعة", "دولار", None, None, None),
    ("يعيش في المخيم 9000 نازح تقريبا.", 9000, "تقريبا", None, "نازح", None, None),
    ("لقي 32 صينيا حتفهم في الحادث.", 32, None, None, "قتيل", "صيني", None),
    (
        "نشرت واشنطن 900 عنصر من مشاة البحرية الأمريكية في سوريا.",
        900,
        None,
        None,
        "جندي",
        "امريكي",
        "سوريا",
    ),
]


def _only(text: str) -> Figure:
    figures = extract_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(("text", "value", "hedge", "unit", "counted", "qualifier", "place"), CASES)
def test_sentence(
    text: str,
    value: float,
    hedge: str | None,
    unit: str | None,
    counted: str | None,
    qualifier: str | None,
    place: str | None,
) -> None:
    f = _only(text)
    assert f.value == pytest.approx(value)
    assert f.hedge == hedge
    assert f.unit == unit
    assert f.counted == counted
    assert f.qualifier == qualifier
    assert f.place == place
    assert text[f.start : f.end] == f.text
    assert f.key == f"{counted or unit or ''}|{qualifier or ''}|{place or ''}"


@pytest.mark.parametrize(
    "text",
    [
        "وقعت الاتفاقية عام 2014 بحضور الوزراء.",
        "بدأت الحرب في العام 2011 ولم تنته.",
        "اجتمع الطرفان في 15 يناير 2024 في جنيف.",
        "صدر البيان بتاريخ 15/1/2024 عن الرئاسة.",
        "صدر البيان بتاريخ ١٥ / ١ / ٢٠٢٤ عن الرئاسة.",
        "تبدأ الجلسة الساعة 10 صباحا.",
        "وصل الوفد في الساعة 10:30 مساء.",
        "طالب بتطبيق القرار 2254 الصادر عن مجلس الأمن.",
        "استنادا إلى المادة 90 من الدستور.",
        "اتصل على الرقم 0791234567 للاستفسار.",
        "انطلقت الجولة الثالثة من المفاوضات.",
        "شارك عشرات الآلاف في المظاهرة.",
        "نزح مئات الآلاف من منازلهم.",
        "وهو واحد من أهم الملفات.",
        "أقلعت طائرة إف-16 من القاعدة.",
        "حدث ذلك في 2020 خلال الجائحة.",
        "منذ 2003 يعيش البلد أزمات متلاحقة.",
        "ولد في يافا سنة 1367 هـ.",
        "تخرجت الدفعة 51 من الكلية الحربية.",
        "انظر الحاشية [ 3 ] في آخر الكتاب.",
        "3 - يحق للمرشح تعيين وكلاء عنه.",
        "مقدمة\n2. تزويد القرى بالمياه.",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract_figures(text) == ()


def test_several_figures_each_get_their_own_context() -> None:
    text = "وينتشر في العراق نحو 2500 جندي أمريكي، بينما ينتشر في سوريا نحو 900 جندي أمريكي."
    iraq, syria = extract_figures(text)
    assert (iraq.value, iraq.place, syria.value, syria.place) == (2500, "العراق", 900, "سوريا")
    assert iraq.key == "جندي|امريكي|العراق"
    assert syria.key == "جندي|امريكي|سوريا"


def test_casualty_status_follows_the_nearest_verb() -> None:
    text = "قتل المهاجمون سبعة أشخاص وأصابوا نحو 40 آخرين."
    killed, wounded = extract_figures(text)
    assert (killed.value, killed.counted, killed.hedge) == (7, "قتيل", None)
    assert (wounded.value, wounded.counted, wounded.hedge) == (40, "جريح", "نحو")


def test_coordinated_counts_share_status_and_noun() -> None:
    text = "وقال إن 10 من مقاتلي الجماعة و6 من عناصر الشرطة قتلوا في الاشتباك."
    a, b = extract_figures(text)
    assert (a.value, a.counted, b.value, b.counted) == (10, "قتيل", 6, "قتيل")
    text = "يحتاج أكثر من 5 ملايين شخص إلى الغذاء و2,5 مليون إلى المياه النظيفة."
    a, b = extract_figures(text)
    assert (a.value, b.value) == (5_000_000, 2_500_000)
    assert a.counted == b.counted == "شخص"


def test_nested_counts_keep_their_own_adjectives() -> None:
    text = "أدى الهجوم إلى جرح أكثر من 20 شخصا بينهم أربعة جنود فرنسيين."
    people, soldiers = extract_figures(text)
    assert (people.value, people.hedge, people.counted, people.qualifier) == (
        20,
        "اكثر من",
        "جريح",
        None,
    )
    assert (soldiers.value, soldiers.counted, soldiers.qualifier) == (4, "جريح", "فرنسي")


def test_died_later_counts_as_killed() -> None:
    *_, died = extract_figures("نقل خمسة جرحى إلى المستشفى وتوفي اثنان منهم لاحقا.")
    assert (died.value, died.counted) == (2, "قتيل")


def test_range_ends_share_scale_and_noun() -> None:
    low, high = extract_figures("تتراوح الكلفة ما بين ستة إلى سبعة مليارات دولار.")
    assert (low.value, low.hedge, low.unit) == (6e9, "بين", "دولار")
    assert (high.value, high.unit) == (7e9, "دولار")
    low, high = extract_figures("تجمع هناك بين 600 و700 متظاهر.")
    assert (low.value, low.counted, high.value, high.counted) == (600, "متظاهر", 700, "متظاهر")


def test_postnominal_definite_number() -> None:
    (f,) = extract_figures("دفن الأهالي القتلى الخمسة في المقبرة.")
    assert (f.value, f.counted, f.text) == (5, "قتيل", "القتلى الخمسة")


def test_spans_point_into_the_original_text_with_indic_digits() -> None:
    text = "وأكدت الوزارة مقتل ١٬٢٥٠ شخصا في الهجمات."
    (f,) = extract_figures(text)
    assert f.value == 1250
    assert text[f.start : f.end] == f.text
    assert f.text.startswith("١٬٢٥٠")


def test_hedge_with_clitic_is_inside_the_span() -> None:
    text = "قدرت الخسائر بحوالي 75 مليون دولار."
    (f,) = extract_figures(text)
    assert (f.hedge, f.unit, f.value) == ("حوالي", "دولار", 75_000_000)
    assert f.text == "حوالي 75 مليون دولار"


def test_given_sentences_bound_the_context() -> None:
    text = "نشرت الحكومة قوات في العراق وسوريا الجديدة 2500 جندي أمريكي"
    cut = text.index("سوريا")
    (bounded,) = extract_figures(text, (Span(0, cut), Span(cut, len(text))))
    (free,) = extract_figures(text)
    assert free.place == "العراق"
    assert bounded.place is None


def test_hostile_input_in_bounded_time() -> None:
    started = time.perf_counter()
    assert extract_figures("5" * 50_000) == ()
    assert len(extract_figures("1," * 10_000)) <= 10_000
    sentence = "وقال المسؤول إن نحو 2500 جندي أمريكي ينتشرون في العراق منذ عام 2014، "
    article = sentence * 1000  # ~11,000 words
    figures = extract_figures(article)
    assert len(figures) == 1000
    run_on = "5 جنود و " * 4000  # one clause, no punctuation
    assert len(extract_figures(run_on)) == 4000
    assert time.perf_counter() - started < 15.0


def test_empty_and_odd_input() -> None:
    assert extract_figures("") == ()
    assert extract_figures("   \n\n") == ()
    assert extract_figures("%%%% ٪ , . ،") == ()


# Seeds: troop figures by (value, hedge, counted, qualifier, place); text is never copied here.
SEED_TROOPS = {
    "000": [(5200, "ما يقرب من", "العراق")],
    "001": [(2500, None, "العراق")],
    "002": [(2500, "نحو", "العراق"), (900, "نحو", "سوريا")],
    "003": [(2500, "نحو", "العراق")],
    "004": [(2500, "حوالي", "العراق")],
}


def _seed(seeds_dir: Path, prefix: str) -> str:
    (path,) = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(SEED_TROOPS))
def test_seed_troop_figures(seeds_dir: Path, prefix: str) -> None:
    text = _seed(seeds_dir, prefix)
    troops = [f for f in extract_figures(text) if f.counted == "جندي"]
    got = [(f.value, f.hedge, f.place) for f in troops]
    assert got == SEED_TROOPS[prefix]
    assert all(f.qualifier == "امريكي" for f in troops)


def test_seed_iraq_figures_share_one_key(seeds_dir: Path) -> None:
    keys = {
        f.key
        for prefix in SEED_TROOPS
        for f in extract_figures(_seed(seeds_dir, prefix))
        if f.place == "العراق" and f.counted == "جندي"
    }
    assert keys == {"جندي|امريكي|العراق"}


def test_seed_years_are_not_figures(seeds_dir: Path) -> None:
    values = {f.value for p in SEED_TROOPS for f in extract_figures(_seed(seeds_dir, p))}
    assert not values & {2008, 2014, 2017, 2020}
