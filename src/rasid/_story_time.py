"""Publication times as UTC epoch seconds, shared by duplicate detection and story clustering."""

from __future__ import annotations

from datetime import UTC, datetime

DAY = 86400.0


def epoch(published: str | None) -> float | None:
    """``published`` (ISO date or datetime, any offset) as UTC seconds; None when absent or
    unreadable. A date without a time counts as its noon UTC, a time without an offset as UTC,
    so that a bare date sorts in the middle of its day rather than before every timed item."""
    if not published:
        return None
    text = published.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        moment = moment.replace(hour=12)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
