"""Word normalisation shared by the NER features and the resource builders.

The model's features are computed on these forms, so they are frozen with the model: changing
them means retraining (``python scripts/train_ner.py``). That is why the recogniser does not
follow ``rasid.arabic``'s matching form, which may evolve for other stages.
"""

from __future__ import annotations

import re
from typing import Generic, TypeVar

T = TypeVar("T")

# Harakat, Quranic marks, superscript alef and tatweel carry no identity for NER.
_STRIP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
        **{c: str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")},
        **{c: str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    }
)

_ARABIC = re.compile("[\u0621-\u064a]")


def norm(word: str) -> str:
    """Matching form: no diacritics or tatweel, hamza-seats/alef-maqsura/ta-marbuta folded."""
    return _STRIP.sub("", word).translate(_FOLD).lower()


def is_arabic(word: str) -> bool:
    return _ARABIC.search(word) is not None


_ARTICLE = re.compile("^[وف]?(?:[بكل]?ال|لل)(..+)$")


def strip_clitics(n: str) -> str:
    """Drop conjunction + preposition + article (``وبال``, ``لل``...) from a normalised word.

    Only article-bearing forms are stripped: a bare initial و/ف/ب/ل is too often a root letter
    (``وزير``, ``فلسطين``, ``لبنان``); the affix features let the model learn those cases.
    """
    m = _ARTICLE.match(n)
    return m.group(1) if m else n


def strip_conj(n: str) -> str:
    """The word without a leading و/ف conjunction, when enough of it remains to be a word."""
    return n[1:] if len(n) > 4 and n[0] in "وف" else n


class WordCache(Generic[T]):
    """What a subclass's ``_build`` makes of each word type, built once per type.

    Bounded: cleared when it reaches ``limit`` entries (a long stream never grows it past that;
    news text repeats its words, so most lookups are hits).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._cache: dict[str, T] = {}

    def __call__(self, w: str) -> T:
        hit = self._cache.get(w)
        if hit is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            hit = self._cache[w] = self._build(w)
        return hit

    def _build(self, w: str) -> T:
        raise NotImplementedError
