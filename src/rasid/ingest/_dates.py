"""Publication dates as feeds and pages write them, normalised to ISO-8601.

Accepted: ISO-8601 (``2018-02-18``, ``2018-02-18T21:35:43+04:00``, ``...Z``), the SQL form
``YYYY-MM-DD hh:mm:ss``, RFC-822 (``Sun, 18 Feb 2018 21:35:43 +0400``), day-first
``DD/MM/YYYY`` (also with ``-`` or ``.``, optionally followed by a time), ``YYYY/MM/DD`` and
Unix timestamps (seconds or milliseconds). Arabic-Indic digits are read as digits.
Anything else gives None: an unknown date never fails the article.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DAY_FIRST = re.compile(
    r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_YEAR_FIRST_SLASH = re.compile(
    r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
_MIN_YEAR, _MAX_YEAR = 1800, 2200


def _plausible(year: int) -> bool:
    return _MIN_YEAR <= year <= _MAX_YEAR


def _from_parts(groups: tuple[str | None, ...], day_first: bool) -> str | None:
    if day_first:
        day, month, year = (int(g) for g in groups[:3] if g is not None)
    else:
        year, month, day = (int(g) for g in groups[:3] if g is not None)
    if day_first and month > 12 >= day:
        # an American month-first date cannot be read day-first; there is no other reading
        day, month = month, day
    try:
        if groups[3] is None:
            return date(year, month, day).isoformat() if _plausible(year) else None
        hour, minute = int(groups[3]), int(groups[4] or 0)
        second = int(groups[5] or 0)
        stamp = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return stamp.isoformat() if _plausible(year) else None


def _from_number(value: float) -> str | None:
    # values above 1e11 cannot be seconds within the plausible years: they are milliseconds
    seconds = value / 1000 if abs(value) >= 1e11 else value
    try:
        stamp = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return stamp.isoformat() if _plausible(stamp.year) else None


def normalise_published(value: object) -> str | None:
    """ISO-8601 date or datetime for ``value``, or None when it cannot be read as one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_number(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip().translate(_DIGITS)
    if not text or len(text) > 64:
        return None
    if len(text) == 10 and text[4] == "-":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None
        return day.isoformat() if _plausible(day.year) else None
    if text[:4].isdigit() and len(text) > 10 and text[4] == "-":
        iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
        try:
            stamp = datetime.fromisoformat(iso)
        except ValueError:
            stamp = None
        if stamp is not None:
            return stamp.isoformat() if _plausible(stamp.year) else None
    if text.isdigit() and len(text) >= 9:
        return _from_number(float(text))
    match = _DAY_FIRST.fullmatch(text) or None
    if match is not None:
        return _from_parts(match.groups(), day_first=True)
    match = _YEAR_FIRST_SLASH.fullmatch(text)
    if match is not None:
        return _from_parts(match.groups(), day_first=False)
    if text[:1].isalpha() or text[:1].isdigit():
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        return stamp.isoformat() if _plausible(stamp.year) else None
    return None
