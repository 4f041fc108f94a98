"""Hand-written Arabic articles for the store tests (never text from ../shared)."""

from __future__ import annotations

from rasid.arabic import split_sentences
from rasid.models import Article
from rasid.pipeline import Pipeline
from rasid.stages import DATES, FIGURES, SEGMENT

# Stages that need no trained model, so these tests do not depend on the NER model's state.
LIGHT_PIPELINE = Pipeline((SEGMENT, DATES, FIGURES))

TEXTS = {
    "a1": (
        "وكالة أ", "2021-03-10T08:30:00",
        "القوات الأمريكية تنسحب من القاعدة",
        "أعلن المتحدث باسم وزارة الدفاع الأمريكية (البنتاغون) أن القوات الأمريكية ستغادر "
        "القاعدة الشمالية خلال أسبوعين.\n\nوقال مسؤول عسكري إن 300 جندي سيبقون لتدريب "
        "القوات المحلية.",
    ),
    "a2": (
        "صحيفة ب", "2021-03-12",
        "انسحاب أميركي",
        "ذكرت مصادر أن الجيش الأميركي بدأ نقل معداته من القاعدة الشمالية.\n\nوأكد "
        "البنتاجون في بيان أن العملية تسير وفق الجدول.",
    ),
    "a3": (
        "وكالة أ", "2021-04-02",
        "نمو الاقتصاد",
        "قَالَ الرَّئِيسُ إِنَّ الاقْتِصَادَ الامريكي يَنْمُو بِسُرْعَةٍ.\n\nوتوقع خبراء أن "
        "يستمر النمو في الربع المقبل.",
    ),
    "a4": (
        "صحيفة ب", "2020-12-01",
        None,
        "افتتحت المدينة مكتبة عامة جديدة تضم آلاف الكتب للأطفال.\n\nوقالت البلدية إن "
        "المكتبة ستفتح أبوابها يوميا.",
    ),
}


def article(article_id: str, body: str, *, title: str | None = None,
            source: str | None = "وكالة أ", published: str | None = "2021-01-01") -> Article:
    """A minimal article as the pipeline would hand it over (paragraphs and sentences set)."""
    return Article(id=article_id, path=f"{article_id}.txt", source=source, url=None,
                   published=published, title=title, author=None, dateline=None, body=body,
                   sentences=split_sentences(body))


def corpus() -> list[Article]:
    return [article(k, body, title=title, source=src, published=pub)
            for k, (src, pub, title, body) in TEXTS.items()]
