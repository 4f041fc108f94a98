"""Arabic text layer: normalisation for matching, segmentation with offsets, light stemming."""

from __future__ import annotations

# Arabic-Indic (U+0660..) and Persian/Urdu (U+06F0..) digits to ASCII, one code point each,
# so offsets computed on the translated text are valid in the original.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})


def digits_to_latin(text: str) -> str:
    """Replace Arabic-Indic and Persian digits by ASCII digits; length-preserving."""
    return text.translate(_DIGITS)


__all__ = ["digits_to_latin"]
