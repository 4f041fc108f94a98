"""Arabic text layer: normalisation for matching, segmentation with offsets, light stemming.

    digits_to_latin(text)   Arabic-Indic/Persian digits to ASCII, length-preserving
    normalize(text)         matching form (not for display), idempotent
    fold(text)              length-preserving matching form, for searching with offsets
    tokenize(text)          Token(text, start, end, norm) records
    split_sentences(text)   sentence Spans
    strip_clitics(word)     proclitics و ف ب ك ل ال removed, conservatively
    stem(word)              light stem of a normalised token, for indexing

Rules are data: ``rasid/arabic/data/*.json``, each with an ``_about`` on its source.
"""

from __future__ import annotations

import re

from rasid.arabic._normalize import FOLD_PLACEHOLDER, fold, normalize
from rasid.arabic._segment import split_sentences, tokenize
from rasid.arabic._stem import stem, strip_clitics

# Arabic-Indic (U+0660..) and Persian/Urdu (U+06F0..) digits to ASCII, one code point each,
# so offsets computed on the translated text are valid in the original.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
# most articles have none: a search is ten times cheaper than a translate of the whole text
_ANY_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def digits_to_latin(text: str) -> str:
    """Replace Arabic-Indic and Persian digits by ASCII digits; length-preserving."""
    return text.translate(_DIGITS) if _ANY_DIGIT.search(text) else text


__all__ = [
    "FOLD_PLACEHOLDER",
    "digits_to_latin",
    "fold",
    "normalize",
    "split_sentences",
    "stem",
    "strip_clitics",
    "tokenize",
]
