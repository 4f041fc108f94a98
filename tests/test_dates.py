"""rasid.dates: own-written Arabic sentences with exact spans and values, properties, seeds."""

from __future__ import annotations

import calendar
import csv
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid._dates_grammar import Parser
from rasid._dates_lexicon import _DROP, lexicon, prepare
from rasid.dates import extract_dates, infer_publication_range
from rasid.models import DateMention

EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
            "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
             "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MAGHREBI = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
            "أكتوبر", "نونبر", "دجنبر"]
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def one(text: str, published: str | None = "2024-01-25") -> DateMention:
    found = extract_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def values(text: str, published: str | None = "2024-01-25") -> list[tuple[str, str | None]]:
    return [(m.text, m.value) for m in extract_dates(text, published)]


def check_spans(text: str, published: str | None = "2024-01-25") -> tuple[DateMention, ...]:
    found = extract_dates(text, published)
    for m in found:
        assert text[m.start:m.end] == m.text
    return found


# ---- absolute dates --------------------------------------------------------------------------

def test_day_month_year_egyptian() -> None:
    text = "وصل الوفد في 15 يناير 2024 إلى العاصمة"
    m = one(text)
    assert (m.text, m.value, m.granularity, m.kind) == ("15 يناير 2024", "2024-01-15", "day",
                                                        "absolute")
    assert (m.start, m.end) == (text.index("15"), text.index("2024") + 4)
    assert (m.earliest, m.latest) == ("2024-01-15", "2024-01-15")


def test_day_month_year_levantine_and_arabic_indic_digits() -> None:
    text = "اجتمع المجلس يوم ١٥ كانون الثاني ٢٠٢٤ في المقر"
    m = one(text)
    assert m.text == "يوم ١٥ كانون الثاني ٢٠٢٤"
    assert m.value == "2024-01-15"
    assert text[m.start:m.end] == m.text


def test_double_month_naming_is_one_mention() -> None:
    assert values("وقعت الحادثة في يناير كانون الثاني 2020 قرب الحدود") == [
        ("يناير كانون الثاني 2020", "2020-01")]
    assert values("صدر التقرير في أكتوبر / تشرين الأول 2019") == [
        ("أكتوبر / تشرين الأول 2019", "2019-10")]
    assert values("أعلن ذلك في 3 شباط / فبراير 2017") == [("3 شباط / فبراير 2017", "2017-02-03")]


def test_ordinal_day_words() -> None:
    m = one("وصل الموفد الخامس عشر من يناير 2023 إلى المدينة")
    assert (m.text, m.value) == ("الخامس عشر من يناير 2023", "2023-01-15")
    m = one("جرت الانتخابات في الحادي والعشرين من مارس 2021")
    assert m.value == "2021-03-21"


def test_numeric_dates_all_separators() -> None:
    text = "صدر القرار 15/1/2024 ونشر 2024-01-15 وطبق ١٥-١-٢٠٢٤"
    found = check_spans(text)
    assert [m.text for m in found] == ["15/1/2024", "2024-01-15", "١٥-١-٢٠٢٤"]
    assert {m.value for m in found} == {"2024-01-15"}
    assert all(m.kind == "absolute" for m in found)


def test_numeric_date_prefixes_and_month_first_order() -> None:
    assert values("صدر بتاريخ 26/4/1948 كتاب") == [("بتاريخ 26/4/1948", "1948-04-26")]
    assert values("في يوم الثلاثاء الموافق 5/8/2008 تقرر") == [
        ("يوم الثلاثاء الموافق 5/8/2008", "2008-08-05")]
    # the second number cannot be a month: read as month/day
    assert values("كتاب مؤرخ 4/22/1948 وصل") == [("4/22/1948", "1948-04-22")]


def test_numeric_chains_and_fractions_are_not_dates() -> None:
    assert extract_dates("الرمز 1/2/3/4/2024 في القائمة", "2024-01-25") == ()
    assert extract_dates("فاز الفريق 3-1 وحصل على 2/3 الأصوات", "2024-01-25") == ()
    assert extract_dates("التاريخ 31/2/2024 غير صحيح", "2024-01-25") == ()


def test_month_before_bracketed_full_date() -> None:
    assert values("أرسلت الرسالة في شباط (12/2/1946) إلى اللجنة") == [
        ("شباط (12/2/1946)", "1946-02-12")]


# ---- Hijri -----------------------------------------------------------------------------------

def test_hijri_day_converted_with_hijridate() -> None:
    m = one("توفي الشيخ في 13 رجب 1445 هـ بعد مرض")
    assert (m.text, m.value, m.kind, m.granularity) == ("13 رجب 1445 هـ", "2024-01-25", "hijri",
                                                        "day")


def test_hijri_year_is_a_range() -> None:
    m = one("بني المسجد عام 1445 هـ على نفقة الأهالي")
    assert m.kind == "hijri" and m.granularity == "range"
    assert (m.earliest, m.latest) == ("2023-07-19", "2024-07-06")
    assert m.value == "2023-07-19/2024-07-06"


def test_hijri_month_name_alone_needs_shahr() -> None:
    # رجب as a first name is not a month
    assert extract_dates("التقى الوزير رجب أردوغان", "2024-01-25") == ()
    m = one("يبدأ شهر رمضان المبارك قريبا", "2024-01-25")
    assert m.text == "شهر رمضان المبارك" and m.kind == "hijri"
    # a yearless Hijri month is the occurrence nearest to publication: 1445 AH (March 2024)
    assert m.earliest == "2024-03-11"
    assert one("صام الناس شهر رمضان الماضي", "2024-01-25").earliest == "2023-03-23"


def test_yearless_hijri_day_is_nearest_occurrence() -> None:
    # 2015-07-21 is 5 Shawwal 1436
    assert values("تبدأ الدراسة يوم الأحد 8 ذي القعدة", "2015-07-21") == [
        ("يوم الأحد 8 ذي القعدة", "2015-08-23")]
    assert values("أقيم الحفل في 20 رمضان", "2015-07-21") == [("20 رمضان", "2015-07-07")]


def test_two_calendars_joined_by_al_muwafiq_are_one_mention() -> None:
    text = "يبدأ التسجيل الأربعاء السادس من شوال الموافق 22 يوليو"
    assert values(text, "2015-07-21") == [
        ("الأربعاء السادس من شوال الموافق 22 يوليو", "2015-07-22")]
    assert values("وقعت في 27-7-1429هـ الموافق 30 يوليو 2008 الاتفاقية", "2015-07-21") == [
        ("27-7-1429هـ الموافق 30 يوليو 2008", "2008-07-30")]
    assert values("صدر يوم الاثنين 4-10-1436 هـ", "2015-07-21") == [
        ("يوم الاثنين 4-10-1436 هـ", "2015-07-20")]


def test_hijri_out_of_table_uses_arithmetic_calendar() -> None:
    m = one("أسس الوقف عام 1325 هجري في المدينة")
    assert m.earliest is not None and m.earliest.startswith("1907-02")


# ---- partial dates ---------------------------------------------------------------------------

def test_bare_month_is_most_recent_not_after_publication() -> None:
    assert values("تولى منصبه في يناير وسط أزمة", "2021-03-24") == [("يناير", "2021-01")]
    assert values("عقدت الجولة الأولى في يونيو وأغسطس", "2021-03-24") == [
        ("يونيو", "2020-06"), ("أغسطس", "2020-08")]


def test_bare_month_in_a_future_clause() -> None:
    assert values("سيعقد الطرفان جولة جديدة في أبريل", "2021-03-24") == [("أبريل", "2021-04")]
    assert values("يأمل المسؤولون في إنهاء الملف خلال أبريل", "2021-03-24") == [
        ("أبريل", "2021-04")]
    assert values("انتهى الملف في أبريل", "2021-03-24") == [("أبريل", "2020-04")]


def test_month_with_direction() -> None:
    assert values("جرت المحادثات في يونيو الماضي", "2021-03-24") == [("يونيو الماضي", "2020-06")]
    assert values("ضربة جوية في يناير الماضي", "2021-03-24") == [("يناير الماضي", "2021-01")]
    assert values("تعقد القمة في مارس المقبل", "2021-03-24") == [("مارس المقبل", "2022-03")]
    # an explicit year wins over the direction
    assert values("غارة في يناير كانون الثاني الماضي 2020", "2020-06-12") == [
        ("يناير كانون الثاني الماضي 2020", "2020-01")]


def test_day_and_month_without_year() -> None:
    m = one("وصلت البعثة في 3 يناير", "2024-01-25")
    assert (m.value, m.kind) == ("2024-01-03", "partial")
    assert one("وصلت البعثة في 30 ديسمبر", "2024-01-25").value == "2023-12-30"


def test_ambiguous_month_names_need_support() -> None:
    assert extract_dates("مارس الضغط على الحكومة", "2024-01-25") == ()
    assert extract_dates("ناشد آب الكنيسة المؤمنين", "2024-01-25") == ()
    assert values("في 10 آب 2020 وصل", "2024-01-25") == [("10 آب 2020", "2020-08-10")]
    assert values("خلال شهر آب ارتفعت الحرارة", "2024-01-25") == [("شهر آب", "2023-08")]
    assert values("في مارس وقعت", "2024-01-25") == [("مارس", "2023-03")]
    assert values("في ماي 2019 بدأ المشروع", "2024-01-25") == [("ماي 2019", "2019-05")]


# ---- years -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("وقعت الاتفاقية عام 2008 في بغداد", [("عام 2008", "2008")]),
    ("أطلق التحالف في العام 2014 عملياته", [("العام 2014", "2014")]),
    ("تأسست الشركة سنة 1998 في عمان", [("سنة 1998", "1998")]),
    ("ولعام 2019 خطة أخرى", [("عام 2019", "2019")]),
    ("في 2014 سقطت المدينة", [("2014", "2014")]),
    ("منذ 2011 والبلاد في أزمة", [("2011", "2011")]),
    ("تعود إلى حرب 1967 والنكسة", [("1967", "1967")]),
    ("كتاب عن المدينة (1948) للمؤلف", [("1948", "1948")]),
])
def test_year_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "ينتشر 2500 جندي في البلاد",
    "بلغت القروض (2571) مليون ريال",
    "قتل أكثر من 2000 شخص في المعارك",
    "بلغت مساحتها 1000 م مربع",
    "ارتفع العدد إلى 1500 حالة",
])
def test_four_digit_numbers_without_a_cue_are_not_years(text: str) -> None:
    assert extract_dates(text, "2024-01-25") == ()


def test_year_links_and_ranges() -> None:
    assert values("احترق المبنى فجر 28 أكتوبر عام 1971م") == [
        ("فجر 28 أكتوبر عام 1971م", "1971-10-28")]
    assert values("أطلقت في 15 مايو من عام 2013 خدمة") == [("15 مايو من عام 2013", "2013-05-15")]
    assert values("ارتفع في فبراير من العام 2013 المؤشر") == [("فبراير من العام 2013", "2013-02")]
    assert values("دراسة بين عامي 2001 و2007 للأطفال") == [
        ("عامي 2001 و2007", "2001-01-01/2007-12-31")]
    assert values("أنجز المحطة أواخر العام الميلادي 2014") == [
        ("أواخر العام الميلادي 2014", "2014")]
    m = one("خلال العام المالي 1435/ 1436هـ قدم الصندوق")
    assert (m.text, m.kind, m.earliest, m.latest) == ("1435/ 1436هـ", "hijri", "2013-11-04",
                                                      "2015-10-13")


def test_decades() -> None:
    m = one("صور المدينة في الأربعينيات من القرن الماضي")
    assert (m.text, m.value) == ("الأربعينيات من القرن الماضي", "1940-01-01/1949-12-31")
    assert values("تطورت في تسعينات القرن التاسع عشر") == [
        ("تسعينات القرن التاسع عشر", "1890-01-01/1899-12-31")]
    assert extract_dates("رجل في الأربعينات من عمره", "2024-01-25") == ()
    assert values("تضاعف خلال العقد الماضي", "2015-07-21") == [
        ("العقد الماضي", "2005-07-21/2015-07-21")]
    # العقد is also "the contract"
    assert extract_dates("نص هذا العقد على بدء العقد", "2015-07-21") == ()


def test_year_range_and_part_of_year() -> None:
    m = one("اندلعت الثورة 1936 - 1939 في الريف")
    assert (m.text, m.value, m.granularity) == ("1936 - 1939", "1936-01-01/1939-12-31", "range")
    m = one("انتشرت الخلايا منذ أواخر عام 2017 في المنطقة")
    assert (m.text, m.value, m.earliest, m.latest) == ("أواخر عام 2017", "2017", "2017-10-01",
                                                       "2017-12-31")


# ---- periods relative to publication ---------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "granularity", "earliest", "latest"), [
    ("نهاية العام", "2021", "year", "2021-10-01", "2021-12-31"),
    ("مطلع العام المقبل", "2022", "year", "2022-01-01", "2022-03-31"),
    ("نهاية العام الجاري", "2021", "year", "2021-10-01", "2021-12-31"),
    ("منتصف الشهر", "2021-07", "month", "2021-07-11", "2021-07-20"),
    ("بداية الشهر الجاري", "2021-07", "month", "2021-07-01", "2021-07-10"),
    ("الأسبوع الماضي", "2021-W29", "week", "2021-07-19", "2021-07-25"),
    ("الأسبوع المقبل", "2021-W31", "week", "2021-08-02", "2021-08-08"),
    ("هذا الأسبوع", "2021-W30", "week", "2021-07-26", "2021-08-01"),
    ("الشهر الماضي", "2021-06", "month", "2021-06-01", "2021-06-30"),
    ("الشهر المقبل", "2021-08", "month", "2021-08-01", "2021-08-31"),
    ("الشهر الجاري", "2021-07", "month", "2021-07-01", "2021-07-31"),
    ("العام الماضي", "2020", "year", "2020-01-01", "2020-12-31"),
    ("السنة المقبلة", "2022", "year", "2022-01-01", "2022-12-31"),
])
def test_relative_periods(text: str, value: str, granularity: str, earliest: str,
                          latest: str) -> None:
    m = one(f"قال المسؤول إن ذلك سيحدث {text} حسب الخطة", "2021-07-27")
    assert (m.text, m.value, m.granularity, m.kind) == (text, value, granularity, "relative")
    assert (m.earliest, m.latest) == (earliest, latest)


def test_vague_plural_ranges() -> None:
    m = one("ستواصل القوات الانسحاب خلال الأشهر المقبلة", "2020-06-12")
    assert (m.text, m.granularity) == ("خلال الأشهر المقبلة", "range")
    assert (m.earliest, m.latest) == ("2020-06-12", "2020-09-30")
    m = one("تراجع العدد خلال الأيام الخمسة الماضية", "2020-06-12")
    assert (m.earliest, m.latest) == ("2020-06-07", "2020-06-12")


# ---- relative days ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("اليوم", "2024-01-25"), ("أمس", "2024-01-24"), ("أول أمس", "2024-01-23"),
    ("غدا", "2024-01-26"), ("غداً", "2024-01-26"), ("بعد غد", "2024-01-27"),
    ("البارحة", "2024-01-24"),
])
def test_relative_day_words(text: str, expected: str) -> None:
    m = one(f"قال الوزير {text} إن الاتفاق قريب")
    assert (m.text, m.value, m.granularity, m.kind) == (text, expected, "day", "relative")


def test_proclitics_are_handled_and_left_out_of_the_span() -> None:
    text = "وأمس وبالأمس والخميس فيوم الجمعة ولعام 2019"
    assert [(m.text, m.value) for m in check_spans(text)] == [
        ("أمس", "2024-01-24"), ("الأمس", "2024-01-24"), ("الخميس", "2024-01-25"),
        ("يوم الجمعة", "2024-01-19"), ("عام 2019", "2019")]


@pytest.mark.parametrize("text", [
    "حضرنا أمسية شعرية جميلة",
    "تصدر المجلة اليومية صباحا",
    "في اليوم التالي للهجوم عاد الهدوء",
    "منذ ذلك اليوم تغير كل شيء",
    "فاز الأحد عشر لاعبا",
    "افتتح سوق الخميس الجديد",
    "نحن في أمسّ الحاجة إلى الدعم",
    "مستقبل أفضل في غد مشرق",
    "في الأيام الأخيرة للحرب",
    "زحام في إجازات نهاية الأسبوع",
    "بدأ العام الدراسي الجديد",
    "ارتفع في الأعوام التالية",
])
def test_no_match_inside_words_or_idioms(text: str) -> None:
    assert extract_dates(text, "2024-01-25") == ()


def test_part_of_day_is_kept_in_span_dropped_from_value() -> None:
    assert values("عقدت الجلسة مساء الخميس وصباح اليوم وليل الثلاثاء", "2020-06-12") == [
        ("مساء الخميس", "2020-06-11"), ("صباح اليوم", "2020-06-12"),
        ("ليل الثلاثاء", "2020-06-09")]


def test_yesterday_with_weekday_and_disagreement() -> None:
    assert values("أكدت الخارجية أمس الأربعاء موقفها", "2021-04-08") == [
        ("أمس الأربعاء", "2021-04-07")]
    # 2021-04-08 is a Thursday: "أمس الاثنين" disagrees, أمس wins
    assert values("أكدت الخارجية أمس الاثنين موقفها", "2021-04-08") == [
        ("أمس الاثنين", "2021-04-07")]


def test_weekday_arithmetic_against_calendar() -> None:
    start = date(2024, 1, 1)
    for offset in range(14):
        pub = start + timedelta(days=offset)
        for wd, name in enumerate(WEEKDAYS):
            got = one(f"قال الوزير {name} إن", pub.isoformat()).value
            assert got is not None
            d = date.fromisoformat(got)
            assert calendar.weekday(d.year, d.month, d.day) == wd
            assert 0 <= (pub - d).days <= 6
            nxt = one(f"يصل الوزير {name} المقبل", pub.isoformat()).value
            assert nxt is not None
            assert 1 <= (date.fromisoformat(nxt) - pub).days <= 7
            prev = one(f"وصل الوزير {name} الماضي", pub.isoformat()).value
            assert prev is not None
            assert 1 <= (pub - date.fromisoformat(prev)).days <= 7


def test_weekday_on_publication_day_is_that_day() -> None:
    assert values("قال المتحدث الخميس إن", "2024-01-25") == [("الخميس", "2024-01-25")]
    assert values("يزور الرئيس يوم الأربعاء المدينة", "2020-06-12") == [
        ("يوم الأربعاء", "2020-06-10")]


@pytest.mark.parametrize(("text", "value", "granularity"), [
    ("قبل ثلاثة أيام", "2024-01-22", "day"),
    ("قبل يومين", "2024-01-23", "day"),
    ("قبل 5 أيام", "2024-01-20", "day"),
    ("منذ أسبوعين", "2024-W02", "week"),
    ("بعد شهرين", "2024-03", "month"),
    ("قبل عشرين عاما", "2004", "year"),
    ("قبل خمسة وعشرين يوما", "2023-12-31", "day"),
])
def test_offsets(text: str, value: str, granularity: str) -> None:
    m = one(f"وقع ذلك {text} كما قيل")
    assert (m.text, m.value, m.granularity) == (text, value, granularity)


def test_offset_from_an_event_is_not_anchored_to_publication() -> None:
    assert extract_dates("عاد الهدوء بعد يومين من الهجوم", "2024-01-25") == ()
    assert extract_dates("هربت بعد يوم واحد من وصولها", "2024-01-25") == ()
    # قبل شهر رمضان is "before Ramadan", not "a month ago"
    assert values("ارتفعت الأسعار قبل شهر رمضان المبارك", "2024-01-25") == [
        ("شهر رمضان المبارك", "2024-03-11/2024-04-09")]


def test_tomorrow_with_ghad() -> None:
    assert values("تقام المباراة يوم غد الأحد", "2015-07-25") == [("يوم غد الأحد", "2015-07-26")]
    assert values("تنطلق مساء غد الأحد", "2015-07-25") == [("مساء غد الأحد", "2015-07-26")]


# ---- without a publication date ----------------------------------------------------------------

def test_unanchored_without_publication() -> None:
    found = extract_dates("قال أمس إنه وصل في 15 يناير 2024 وسيغادر الأسبوع المقبل", None)
    assert [(m.text, m.value, m.anchored, m.granularity) for m in found] == [
        ("أمس", None, False, "day"), ("15 يناير 2024", "2024-01-15", True, "day"),
        ("الأسبوع المقبل", None, False, "week")]


def test_bad_publication_date_is_treated_as_absent() -> None:
    m = one("قال أمس", "not a date")
    assert (m.value, m.anchored) == (None, False)
    assert one("قال أمس", "2024-01-25T23:30:00+03:00").value == "2024-01-24"


def test_infer_publication_range() -> None:
    text = "زار الوفد المدينة عام 2010 ثم عاد في 15 يناير 2024"
    assert infer_publication_range(text) == ("2024-01-15", "2025-01-15")
    assert infer_publication_range("قال أمس إن الوضع هادئ") is None


# ---- robustness ------------------------------------------------------------------------------

def test_pathological_inputs_are_linear() -> None:
    for text in ("1/" * 50_000, "١٢/" * 33_000, "يناير " * 10_000, "كانون " * 10_000,
                 "15 " * 30_000, "قبل " * 20_000):
        # CPU time, so that other jobs on a shared machine do not make this flaky
        t0 = time.process_time()
        extract_dates(text, "2024-01-25")
        assert time.process_time() - t0 < 0.9, text[:10]


def test_diacritics_and_tatweel_keep_offsets() -> None:
    text = "وصل غَداً، وفي 15 يـنـايـر 2024"
    found = check_spans(text)
    assert [(m.text, m.value) for m in found] == [("غَداً", "2024-01-26"),
                                                  ("15 يـنـايـر 2024", "2024-01-15")]


@settings(max_examples=200, deadline=None)
@given(d=st.dates(date(1990, 1, 1), date(2035, 12, 31)),
       p=st.dates(date(1990, 1, 1), date(2035, 12, 31)),
       names=st.sampled_from([EGYPTIAN, LEVANTINE, MAGHREBI]),
       indic=st.booleans())
def test_explicit_dates_resolve_whatever_the_publication(d: date, p: date, names: list[str],
                                                         indic: bool) -> None:
    phrase = f"{d.day} {names[d.month - 1]} {d.year}"
    if indic:
        phrase = phrase.translate(INDIC)
    text = f"أعلن المكتب في {phrase} عن النتائج"
    m = one(text, p.isoformat())
    assert (m.text, m.value, m.kind) == (phrase, d.isoformat(), "absolute")


# ---- seeds -----------------------------------------------------------------------------------

def _seed(seeds_dir: Path, index: int) -> tuple[str, tuple[DateMention, ...]]:
    with (seeds_dir / "meta.csv").open(encoding="utf-8") as fh:
        row = sorted(csv.DictReader(fh), key=lambda r: r["file"])[index]
    text = (seeds_dir / row["file"]).read_text(encoding="utf-8")
    return text, extract_dates(text, row["published"])


def _by_text(found: tuple[DateMention, ...]) -> dict[str, set[str | None]]:
    out: dict[str, set[str | None]] = {}
    for m in found:
        out.setdefault(m.text, set()).add(m.value)
    return out


def test_seeds_relative_dates(seeds_dir: Path) -> None:
    text0, s0 = _seed(seeds_dir, 0)  # published Friday 2020-06-12
    b0 = _by_text(s0)
    assert b0["مساء الخميس"] == {"2020-06-11"} and b0["الخميس"] == {"2020-06-11"}
    assert b0["يوم الأربعاء"] == {"2020-06-10"}
    assert b0["يناير كانون الثاني الماضي 2020"] == {"2020-01"}
    assert b0["عام 2008"] == {"2008"}
    assert all(text0[m.start:m.end] == m.text for m in s0)
    # "5200 جندي" is a count, not a year
    assert not any(m.value and m.value.startswith("5200") for m in s0)

    _, s1 = _seed(seeds_dir, 1)  # 2021-04-08
    assert _by_text(s1)["أمس الأربعاء"] == {"2021-04-07"}
    assert not any("2500" in m.text for m in s1)

    _, s2 = _seed(seeds_dir, 2)  # Thursday 2024-01-25
    b2 = _by_text(s2)
    assert b2["الخميس"] == {"2024-01-25"}
    assert b2["العام 2014"] == {"2014"}

    text3, s3 = _seed(seeds_dir, 3)  # 2021-03-24
    b3 = _by_text(s3)
    assert b3["الثلاثاء"] == {"2021-03-23"}
    assert b3["يونيو الماضي"] == {"2020-06"}
    # the text says "يناير الماضي" for an event of January 2020; resolved as written
    assert b3["يناير الماضي"] == {"2021-01"}
    assert b3["بداية الشهر الجاري"] == {"2021-03"}
    assert b3["أغسطس"] == {"2020-08"}
    # "يونيو" alone (the talks held in June and August) and "يناير" (took office) are past,
    # both "أبريل" mentions are in future clauses
    assert b3["يونيو"] == {"2020-06"}
    assert b3["يناير"] == {"2021-01"}
    assert b3["أبريل"] == {"2021-04"}
    line = {m.text: text3.count("\n", 0, m.start) + 1 for m in s3 if m.text == "يناير"}
    assert line == {"يناير": 12}

    _, s4 = _seed(seeds_dir, 4)  # Tuesday 2021-07-27
    b4 = _by_text(s4)
    assert b4["الأحد"] == {"2021-07-25"}
    assert b4["هذا الأسبوع"] == {"2021-W30"}
    assert b4["إبريل الماضي"] == {"2021-04"}
    assert b4["نهاية العام"] == {"2021"}
    assert b4["عام 2017"] == {"2017"} and b4["عام 2014"] == {"2014"}
    assert b4["العام الماضي"] == {"2020"}
    assert not any("2500" in m.text for m in s4)


@given(st.text(alphabet="ابتأة١2 \u064e\u0651\u0640\u0670.", max_size=40))
@settings(max_examples=300, deadline=None)
def test_prepared_index_maps_back_to_the_original(text: str) -> None:
    prep = prepare(text)
    kept = [i for i, c in enumerate(text) if c not in _DROP]
    assert prep.index == (*kept, len(text))
    folded = "".join(text[i] for i in kept).translate(
        str.maketrans("أإآٱىة١", "اااايه1"))
    assert prep.norm == folded


def test_tokens_passed_over_start_no_rule() -> None:
    text = ("قال الوزير يوم الخميس 15 يناير 2024 إن الاجتماع المقبل خلال الأيام الثلاثة "
            "المقبلة، وبعد شهرين من العام الماضي (1948) وفي رمضان 1445 هـ مساء أمس.")
    parser = Parser(prepare(text), lexicon())
    skipped = [i for i in range(parser.n) if not parser.may_start(i)]
    assert skipped and len(skipped) < parser.n
    for i in skipped:
        assert parser.rules(i) == [], parser.w(i)
