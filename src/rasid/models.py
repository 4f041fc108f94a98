"""Typed, frozen records that flow between pipeline stages.

Stages never mutate a record: they return a new one (``dataclasses.replace``).
Every record is picklable so stages can run in worker processes.
All character offsets are Python ``str`` indices (code points), end-exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input item as a reader found it, before cleaning.

    Exactly one of ``text`` (already flattened text) or ``html`` is set.
    ``published`` is an ISO-8601 date or datetime string when known.
    ``path`` names where it came from: a file, ``file.jsonl:17`` for a record, ``<stdin>``.
    """

    id: str
    path: str
    text: str | None = None
    html: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's ``body``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the body: ``body[start:end] == text``; ``norm`` is the matching form."""

    text: str
    start: int
    end: int
    norm: str


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner dropped, kept so a user can audit the decision.

    ``reason`` is a short machine-readable code (``byline``, ``reading_time``, ``caption``,
    ``share_prompt``, ``related``, ``navigation``, ``sidebar``, ``duplicate``, ...).
    ``line`` is the 0-based line number in the input text (-1 when not applicable).
    """

    text: str
    reason: str
    line: int = -1


@dataclass(frozen=True, slots=True)
class Subhead:
    """An intertitle inside the article; ``offset`` is where its section starts in ``body``."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class CleanText:
    """What the cleaner makes of one flattened text."""

    title: str | None
    dateline: str | None
    body: str
    paragraphs: tuple[Span, ...]
    subheads: tuple[Subhead, ...]
    removed: tuple[RemovedLine, ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention: ``body[start:end] == text``; label is PERS, ORG, LOC or MISC."""

    text: str
    start: int
    end: int
    label: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved to the calendar.

    ``value`` is ISO at the stated granularity: ``2024-01-25`` (day), ``2024-01`` (month),
    ``2024`` (year); None when it cannot be resolved. ``earliest``/``latest`` give the day range
    it covers (ISO days). ``kind`` is ``absolute``, ``partial``, ``relative`` or ``hijri``.
    ``anchored`` is False when a relative date had no publication date to resolve against.
    """

    text: str
    start: int
    end: int
    value: str | None
    granularity: str
    kind: str
    earliest: str | None = None
    latest: str | None = None
    anchored: bool = True


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported quantity: value, hedge flag, unit or counted noun, and a key to line it up.

    ``key`` is a normalised description (e.g. ``جندي|أمريكي|العراق``) shared by the same
    quantity reported by different outlets.
    """

    text: str
    start: int
    end: int
    value: float
    hedge: str | None
    unit: str | None
    counted: str | None
    qualifier: str | None
    place: str | None
    key: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement attributed to a speaker, direct (in quote marks) or reported.

    ``start``/``end`` span the statement text; ``cue_start``/``cue_end`` the speech verb.
    ``speaker`` is the resolved name (or the descriptor for anonymous sources), ``speaker_type``
    is ``person``, ``org`` or ``anonymous``; ``speaker_start``/``speaker_end`` point at the mention
    the attribution was made from (-1 when carried over from an earlier sentence).
    """

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_type: str
    speaker_role: str | None
    direct: bool
    cue: str | None
    cue_start: int = -1
    cue_end: int = -1
    speaker_start: int = -1
    speaker_end: int = -1


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation, place or other entity of an article.

    ``name`` is the fullest form (titles dropped); ``variants`` are the surface forms with their
    counts, most frequent first; ``role`` the title/office the article gives a person;
    ``latin`` a rule-based Latin transliteration of ``name``; ``mentions`` spans into the text.
    """

    id: str
    name: str
    label: str
    variants: tuple[tuple[str, int], ...]
    role: str | None
    latin: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned, segmented article: the unit every later stage works on.

    ``body`` is the display text (never normalised); paragraphs are separated by a blank line.
    ``sentences`` and ``paragraphs`` are spans into ``body``.
    """

    id: str
    path: str
    source: str | None
    url: str | None
    published: str | None
    title: str | None
    author: str | None
    dateline: str | None
    body: str
    paragraphs: tuple[Span, ...] = ()
    subheads: tuple[Subhead, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    sentences: tuple[Span, ...] = ()
    # filled by extraction stages (issue 3); empty until those stages run
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """An input that could not be processed: reported, never fatal to the batch."""

    path: str
    reason: str
