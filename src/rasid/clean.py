"""Turn flattened news text into title, dateline, subheads, body paragraphs and audited debris.

Public entry point: :func:`clean_text`. Every non-blank input line ends up in exactly one place:
the title, the dateline, a subhead, a body paragraph, or ``removed`` with a reason code, so a
user can audit what was dropped. The cue lists (section labels, share prompts, related-story
headers, photo credits, agencies, ...) live in ``rasid/data/clean/*.json``; this module holds
only the positional logic that decides where page furniture may sit.

The passes, in order:

1. per line, intrinsic cues (reading time, publication label, share prompt, navigation,
   related header, caption credit, byline, separator, section label);
2. captions printed twice (a line repeated by the next one with a photo credit added);
3. the title (given, or the first headline-like line) and the header zone above the lead:
   section labels, bylines, a standalone credit line (dateline);
4. the trailer: a related/section header followed only by furniture, link items, bullet items
   and their teasers (a sidebar of other stories), plus trailing furniture lines;
5. inside the body: furniture lines, inline "read also" items, verbatim duplicates;
6. the dateline prefix of the first paragraph, then subheads (short headline-like lines between
   two real paragraphs).

All regular expressions are anchored or bounded so the cost stays linear in the input size.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from rasid.errors import InputError, ModelError
from rasid.models import CleanText, RemovedLine, Span, Subhead

__all__ = ["clean_text"]

# Matching normalisation. Output text is never normalised; only the keys used for comparison.
_FOLD_MAP: dict[int, int | None] = {c: None for c in range(0x064B, 0x0660)}
_FOLD_MAP.update(
    {
        0x0670: None,  # superscript alef
        0x0640: None,  # tatweel
        0x200B: None,
        0x200C: None,
        0x200D: None,
        0x200E: None,
        0x200F: None,
        0x2060: None,
        0xFEFF: None,
        ord("أ"): ord("ا"),
        ord("إ"): ord("ا"),
        ord("آ"): ord("ا"),
        ord("ٱ"): ord("ا"),
        ord("ى"): ord("ي"),
        ord("ة"): ord("ه"),
        ord("ـ"): None,
    }
)
_FOLD = str.maketrans(_FOLD_MAP)
_EDGE = " \t/\\:：-–—|•·»«>›<‹*#.،,؛;!؟?\"'“”‘’„()[]{}…_=~+"
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
# Terminal punctuation that ends a sentence (a headline has none; a question mark is allowed).
_STOP_END = frozenset(".،,:;؛…!")
_CLOSERS = "\"'”’»)]›"
_DASH_ITEMS = frozenset({"- ", "– ", "— ", "* "})  # list items as HTML extraction writes them
_HAS_WORD = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W_]+")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")

# Sizes that decide what a line can be; measured on the ANT corpus (titles: 99% <= 15 words).
_TITLE_MAX_WORDS = 18
_TITLE_MAX_CHARS = 160
_TITLE_COMMA_MAX_WORDS = 12
_SUBHEAD_MAX_WORDS = 12
_SUBHEAD_MAX_CHARS = 110
_PARAGRAPH_MIN_WORDS = 12  # a subhead needs a real paragraph on both sides
_ITEM_MAX_WORDS = 20  # a linked headline in a related list
_DUPLICATE_MIN_WORDS = 6  # shorter repeats (refrains, list labels) are kept
_MAX_CUE_WORDS = 40  # no cue applies to longer lines; they skip the cue checks
_MAX_CUE_CHARS = 600
_CREDIT_TAIL = 160  # longest credit a pattern in debris.json can match, with margin


def _key(text: str) -> str:
    """Matching form: NFKC, no diacritics/tatweel, folded alef/ya/ta marbuta, lower case."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_FOLD).lower().split())


def _core(key: str) -> str:
    return key.strip(_EDGE)


def _alternation(phrases: list[str]) -> str:
    keys = sorted({_core(_key(p)) for p in phrases if _core(_key(p))}, key=len, reverse=True)
    return "|".join(re.escape(k) for k in keys)


@dataclass(frozen=True, slots=True)
class _Rules:
    section: frozenset[str]
    published: re.Pattern[str]
    date_words: frozenset[str]
    date_names: frozenset[str]
    reading_time: re.Pattern[str]
    byline: re.Pattern[str]
    byline_max: int
    credit: re.Pattern[str]
    credit_triggers: tuple[str, ...]
    caption_prefix: re.Pattern[str]
    caption_max: int
    share: re.Pattern[str]
    social: re.Pattern[str]
    share_max: int
    related_exact: frozenset[str]
    related_prefix: re.Pattern[str]
    related_inline: re.Pattern[str]
    related_header_max: int
    nav_exact: frozenset[str]
    breadcrumb: re.Pattern[str]
    copyright: re.Pattern[str]
    copyright_max: int
    bullets: frozenset[str]
    agency_keys: frozenset[str]
    agency: re.Pattern[str]
    credit_line_max: int
    lead_prefix_max: int
    end_marker: frozenset[str]
    contact_max: int
    conjunctions: str
    conj_nouns: frozenset[str]
    max_diacritics: float


def _load_json(name: str) -> dict[str, Any]:
    try:
        raw = files("rasid").joinpath("data", "clean", name).read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ModelError(f"rule file rasid/data/clean/{name} is missing or corrupt: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"rule file rasid/data/clean/{name} is not a JSON object")
    return data


def _fold_pattern(pattern: str) -> str:
    # Patterns are written like the text; fold their letters the way keys are folded.
    return pattern.translate(_FOLD)


@cache
def _rules() -> _Rules:
    """Compile the cue lists once (a few ms); every call after that is a dictionary lookup."""
    debris = _load_json("debris.json")
    dateline = _load_json("dateline.json")
    try:
        return _compile(debris, dateline)
    except (KeyError, TypeError, re.error) as exc:
        raise ModelError(f"rule files in rasid/data/clean are malformed: {exc!r}") from exc


def _compile(d: dict[str, Any], dl: dict[str, Any]) -> _Rules:
    def keyset(phrases: list[str]) -> frozenset[str]:
        return frozenset(_core(_key(p)) for p in phrases)

    sep = r"(?=$|[\s:：\-–—,،/|])"
    pub = d["published_label"]
    by = d["byline"]
    cap = d["caption"]
    sh = d["share_prompt"]
    rel = d["related"]
    nav = d["navigation"]
    cr = d["copyright"]
    crumbs = re.escape(nav["breadcrumb_separators"])
    agencies = [_core(_key(a)) for a in dl["agencies"]]
    # Spaced or dotted abbreviations ("أ ف ب") are often glued to the outlet before them on
    # scraped credit lines, so they need no word boundary on the left.
    single = [a for a in agencies if " " not in a and "." not in a]
    multi = [a for a in agencies if a not in single]
    agency_re = (
        r"(?:(?<![^\W_])(?:"
        + _alternation(single)
        + r")|(?:"
        + _alternation(multi)
        + r"))(?![^\W_])"
    )
    return _Rules(
        section=keyset(d["section"]["exact"]),
        published=re.compile(r"^(?:" + _alternation(pub["cues"]) + r")" + sep),
        date_words=keyset(pub["date_words"]),
        date_names=keyset(pub["date_names"]),
        reading_time=re.compile(
            "|".join(f"(?:{_fold_pattern(p)})" for p in d["reading_time"]["patterns"])
        ),
        byline=re.compile(
            r"^(?:(?:"
            + _alternation(by["cues"])
            + r")\s?[:：\-–—/]|(?:بقلم|by)\s)\s?(?P<name>\S.*)$"
        ),
        byline_max=int(by["max_name_words"]),
        credit=re.compile("|".join(f"(?:{_fold_pattern(p)})" for p in cap["credit_patterns"])),
        credit_triggers=tuple(_key(t) for t in cap["credit_triggers"]),
        caption_prefix=re.compile(r"^(?:" + _alternation(cap["prefix_cues"]) + r")\s?[:：\-–—]"),
        caption_max=int(cap["max_words"]),
        share=re.compile(_alternation(sh["contains"])),
        social=re.compile(r"(?<![^\W_])(?:" + _alternation(sh["social"]) + r")(?![^\W_])"),
        share_max=int(sh["max_words"]),
        related_exact=keyset(rel["exact"]),
        related_prefix=re.compile(r"^(?:" + _alternation(rel["prefix"]) + r")\s"),
        related_inline=re.compile(
            r"^(?:"
            + _alternation(rel["inline_prefix"])
            + r")\s?[:：\-–—]\s?(?P<item>\S.*[^\W_].*)$"
        ),
        related_header_max=int(rel["header_max_words"]),
        nav_exact=keyset(nav["exact"]),
        breadcrumb=re.compile(
            r"^[^" + crumbs + r"]{1,40}(?:[" + crumbs + r"][^" + crumbs + r"]{1,40}){2,8}$"
        ),
        copyright=re.compile(_alternation(cr["contains"])),
        copyright_max=int(cr["max_words"]),
        bullets=frozenset(d["bullets"]["chars"]),
        agency_keys=frozenset(agencies),
        agency=re.compile(agency_re),
        credit_line_max=int(dl["credit_line_max_words"]),
        lead_prefix_max=int(dl["lead_prefix_max_words"]),
        end_marker=keyset(d["end_marker"]["exact"]),
        contact_max=int(d["contact"]["max_words"]),
        conjunctions=str(d["subhead"]["conjunction_letters"]),
        conj_nouns=keyset(d["subhead"]["noun_exceptions"]),
        max_diacritics=float(d["subhead"]["max_diacritic_ratio"]),
    )


@dataclass(slots=True)
class _Unit:
    """One non-blank input line while it is being judged (internal, mutable, never returned)."""

    line: int
    text: str
    key: str
    core: str
    words: int
    bullet: bool
    kind: str | None = None  # intrinsic cue, or None for candidate news text
    label: str = ""  # final place: title, dateline, body, subhead, removed
    reason: str = ""


# Kinds found by cues alone. "related_header" opens a list; "section?" is only furniture where
# furniture sits (header, trailer); both are turned into final reasons by position.
_HEADER = "related_header"
_SECTION = "section?"


def _ends_with_stop(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _STOP_END


def _ends_with_sentence(text: str) -> bool:
    # a single full stop closes a sentence; a trailing ellipsis ("اضغط هنا...") does not
    stripped = text.rstrip(_CLOSERS + " ")
    return stripped.endswith(".") and not stripped.endswith("..")


def _headline_like(u: _Unit, max_words: int, max_chars: int, min_words: int = 1) -> bool:
    return (
        min_words <= u.words <= max_words
        and len(u.text) <= max_chars
        and not u.bullet
        and not _ends_with_stop(u.text)
        and u.text[0] not in "-–—*"
    )


def _intrinsic(u: _Unit, r: _Rules) -> str | None:
    if not _HAS_WORD.search(u.key):
        return "separator"
    if u.words > _MAX_CUE_WORDS or len(u.text) > _MAX_CUE_CHARS:
        return None
    core, key = u.core, u.key
    if core in r.end_marker:
        return "end_marker"
    if u.words <= r.contact_max and _EMAIL.search(key):
        return "contact"
    if r.reading_time.fullmatch(core):
        return "reading_time"
    m = r.published.match(core)
    if m and _only_date_words(core[m.end() :], r):
        return "published_label"
    if u.words <= 10 and _is_date_line(core, r):
        return "published_label"
    if core in r.nav_exact or (u.words <= 12 and r.breadcrumb.match(core)):
        return "navigation"
    if u.words <= r.share_max and (
        (r.share.search(key) and not _ends_with_sentence(u.text))
        or not _HAS_WORD.search(r.social.sub(" ", core))
    ):
        return "share_prompt"
    if u.words <= r.copyright_max and r.copyright.search(key):
        return "copyright"
    if core in r.related_exact or (
        u.words <= r.related_header_max
        and r.related_prefix.match(core)
        and not _ends_with_stop(u.text)
    ):
        return _HEADER
    if u.words <= _ITEM_MAX_WORDS + 3 and r.related_inline.match(core):
        return "related"
    # credits are anchored at the end of the line: only its tail needs scanning
    if u.words <= r.caption_max and (_has_credit(key, r) or r.caption_prefix.match(core)):
        return "caption"
    if u.words <= r.byline_max + 3:
        b = r.byline.match(core)
        if (
            b
            and len(b.group("name").split()) <= r.byline_max
            and not _ends_with_stop(u.text)
            and u.text.rstrip(_CLOSERS + " ")[-1:] not in "؟?"
        ):
            return "byline"
    if core in r.section:
        return _SECTION
    return None


def _has_credit(key: str, r: _Rules) -> bool:
    tail = key[-_CREDIT_TAIL:]
    return any(t in tail for t in r.credit_triggers) and bool(
        r.credit.search(key, max(0, len(key) - _CREDIT_TAIL))
    )


def _only_date_words(rest: str, r: _Rules) -> bool:
    for tok in _WORD.findall(rest):
        if tok in r.date_words:
            continue
        if len(tok) <= 6 and any(ch.isdigit() for ch in tok):
            continue
        return False
    return True


def _is_date_line(core: str, r: _Rules) -> bool:
    """A bare date such as 'الأربعاء 12 يونيو 2024 - 10:30': names a month or day, has a digit."""
    tokens = _WORD.findall(core)
    return (
        any(t in r.date_names for t in tokens)
        and any(ch.isdigit() for ch in core)
        and _only_date_words(core, r)
    )


def _is_credit_line(u: _Unit, r: _Rules) -> bool:
    """A standalone place/agency credit such as 'بيروت - رويترز' or 'دبي/بغداد-أ ف ب'."""
    if u.words > r.credit_line_max or _ends_with_stop(u.text):
        return False
    if u.core in r.agency_keys:
        return True
    if not r.agency.search(u.key):
        return False
    return any(ch in u.text for ch in "-–—/|")


def _split_units(text: str, r: _Rules) -> tuple[list[_Unit], int]:
    units: list[_Unit] = []
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        stripped = raw.strip().strip(_INVISIBLE).strip()
        if not stripped:
            continue
        words = stripped.split()
        # Long lines are news text that no cue applies to: skip the (costly) folding and keep
        # a whitespace-collapsed key, enough for the verbatim-duplicate check.
        short = len(words) <= _MAX_CUE_WORDS and len(stripped) <= _MAX_CUE_CHARS
        key = _key(stripped) if short else " ".join(words)
        u = _Unit(
            line=i,
            text=stripped,
            key=key,
            core=_core(key),
            words=len(words),
            bullet=stripped[0] in r.bullets or stripped[:2] in _DASH_ITEMS,
        )
        u.kind = _intrinsic(u, r)
        units.append(u)
    return units, len(lines)


def _remove(u: _Unit, reason: str) -> None:
    u.label, u.reason = "removed", reason


def _furniture_reason(kind: str) -> str:
    if kind == _HEADER:
        return "related"
    if kind == _SECTION:
        return "section"
    return kind


def _mark_double_captions(units: list[_Unit]) -> None:
    # A caption is often printed twice: once bare, then again with the photo credit appended.
    for prev, cur in pairwise(units):
        if (
            cur.kind == "caption"
            and prev.kind is None
            and len(prev.core) >= 8
            and len(cur.core) > len(prev.core)
            and cur.core.startswith(prev.core)
        ):
            prev.kind = "caption"


def _same_title(u: _Unit, title_core: str) -> bool:
    if not title_core or not u.core:
        return False
    if u.core == title_core:
        return True
    # metadata titles often carry the outlet ("... | CNN Arabic"); a line may be the headline alone
    short, long_ = sorted((u.core, title_core), key=len)
    return len(short) >= 0.6 * len(long_) and long_.startswith(short)


def _pick_title(units: list[_Unit], title: str | None, r: _Rules) -> tuple[str | None, int]:
    """Return the title and the index of the first unit after the title/header decision."""
    if title is not None:
        title = " ".join(title.split()) or None
    title_core = _core(_key(title)) if title else ""
    for idx, u in enumerate(units):
        if u.kind is not None:
            continue
        if title is not None:
            if _same_title(u, title_core):
                _remove(u, "title_repeat")
            return title, idx
        if _is_credit_line(u, r):
            return None, idx
        if _headline_like(u, _TITLE_MAX_WORDS, _TITLE_MAX_CHARS, min_words=2) and not (
            # a long line with a comma is a lead sentence that merely lacks its full stop
            u.words > _TITLE_COMMA_MAX_WORDS and ("،" in u.text or "," in u.text)
        ):
            u.label = "title"
            return u.text, idx
        return None, idx
    return title, len(units)


def _header(units: list[_Unit], r: _Rules, title: str | None) -> tuple[int, _Unit | None]:
    """Strip furniture above the lead; return the lead's index and a standalone credit line."""
    credit: _Unit | None = None
    title_core = _core(_key(title)) if title else ""
    in_list = False  # inside a list of links printed above the article
    for idx, u in enumerate(units):
        if u.label:
            continue
        if u.kind is not None and u.kind != "related":
            _remove(u, _furniture_reason(u.kind))
            in_list = u.kind == _HEADER or (in_list and u.kind == _SECTION)
            continue
        if in_list and (u.bullet or _headline_like(u, _ITEM_MAX_WORDS, _TITLE_MAX_CHARS)):
            _remove(u, "related")
            continue
        in_list = False
        if credit is None and u.kind is None and _is_credit_line(u, r):
            u.label = "dateline"
            credit = u
            continue
        if u.kind is None and _same_title(u, title_core):
            _remove(u, "title_repeat")
            continue
        return idx, credit
    return len(units), credit


def _trailer_start(units: list[_Unit], start: int) -> int:
    """Index where a trailing block of furniture begins (len(units) if none).

    The block opens at the first related header after which every line is furniture, a list
    item, the teaser of the item just above it, or a short linked headline. One backward scan
    finds the last line that breaks this, so the cost stays linear however many headers occur.
    """
    end = len(units)
    last_bad = start - 1
    for j in range(end - 1, start - 1, -1):
        if not _trailer_line_ok(units, j):
            last_bad = j
            break
    for h in range(max(start, last_bad + 1), end):
        if units[h].kind == _HEADER and not units[h].label:
            return h
    idx = end
    while idx > start and units[idx - 1].kind is not None and not units[idx - 1].label:
        idx -= 1
    return idx


def _trailer_line_ok(units: list[_Unit], j: int) -> bool:
    u = units[j]
    if u.kind is not None or u.bullet:
        return True
    prev = units[j - 1] if j > 0 else None
    if prev is not None and prev.kind is None and prev.bullet:
        return True  # the teaser of the item above
    return _headline_like(u, _ITEM_MAX_WORDS, _TITLE_MAX_CHARS)


def _mark_trailer(units: list[_Unit], start: int) -> None:
    # Bullet items with teaser paragraphs are a sidebar of other stories; bare link items
    # (no teasers) are a plain related list.
    tail = [u for u in units[start:] if not u.label]
    roles: list[str] = []
    after_bullet = False
    for u in tail:
        if u.kind is not None:
            roles.append(_furniture_reason(u.kind))
            after_bullet = False
        elif u.bullet:
            roles.append("item")
            after_bullet = True
        elif after_bullet:
            roles.append("teaser")
            after_bullet = False
        else:
            roles.append("related")
    item = "sidebar" if "teaser" in roles else "related"
    for u, role in zip(tail, roles, strict=True):
        _remove(u, item if role in ("item", "teaser") else role)


def _mark_middle(units: list[_Unit], start: int, stop: int) -> None:
    in_list = False
    for u in units[start:stop]:
        if u.label:
            continue
        if u.kind == _HEADER:
            _remove(u, "related")
            in_list = True
            continue
        if u.kind is not None and u.kind != _SECTION:
            _remove(u, u.kind)
            in_list = False
            continue
        if in_list and (u.bullet or _headline_like(u, _ITEM_MAX_WORDS, _TITLE_MAX_CHARS)):
            _remove(u, "related")
            continue
        in_list = False
        u.label = "body"


def _mark_duplicates(units: list[_Unit]) -> None:
    seen: set[str] = set()
    for u in units:
        if u.label not in ("body", "dateline"):
            continue
        if u.core in seen and u.words >= _DUPLICATE_MIN_WORDS:
            _remove(u, "duplicate")
        else:
            seen.add(u.core)


_LEAD_PAREN = re.compile(
    r"(?P<d>(?P<place>[^()\n.؟?!\"“”]{2,80}?)\s?\((?P<a>[^()\n]{1,30})\)\s{0,3}(?P<dash>-{1,3}|[–—:]{1,2})?)\s*"
)
_LEAD_DASH = re.compile(
    r"(?P<d>(?P<place>[^\W\d][^\n()\-–—:.،]{0,40}?)\s?[-–—]{1,2}\s?(?P<a>[^\n:\-–—()]{2,30}?)\s?[:\-–—]{1,2})\s*"
)


def _split_lead(text: str, r: _Rules) -> tuple[str, str] | None:
    """Split a dateline such as 'بيروت (رويترز) -' off a lead paragraph."""
    for pattern in (_LEAD_PAREN, _LEAD_DASH):
        m = pattern.match(text)
        if not m:
            continue
        place = m.group("place")
        if len(place.split()) > r.lead_prefix_max:
            continue
        agency = m.group("a")
        if _core(_key(agency)) not in r.agency_keys:
            continue
        rest = text[m.end() :].strip()
        if len(rest.split()) < 3:
            continue
        return m.group("d").strip(), rest
    return None


def _subhead_like(u: _Unit, r: _Rules) -> bool:
    if not _headline_like(u, _SUBHEAD_MAX_WORDS, _SUBHEAD_MAX_CHARS, min_words=2):
        return False
    first = u.core.split(" ", 1)[0]
    if first[:1] in r.conjunctions and first not in r.conj_nouns:
        return False  # "وأضاف ..." / "ولكن ...؟": a sentence, not an intertitle
    marks = sum(1 for ch in u.text if "\u064b" <= ch <= "\u0652")
    return marks <= r.max_diacritics * max(1, len(u.text) - u.words)  # vowelled verse


def _mark_subheads(kept: list[_Unit], r: _Rules) -> None:
    for prev, cur, nxt in zip(kept, kept[1:], kept[2:], strict=False):
        if (
            prev.label == "body"
            and prev.words >= _PARAGRAPH_MIN_WORDS
            and nxt.words >= _PARAGRAPH_MIN_WORDS
            and _subhead_like(cur, r)
        ):
            cur.label = "subhead"


def _clean(text: str, title: str | None) -> tuple[CleanText, tuple[str, ...]]:
    """Clean ``text``; also return one label per input line (for golden tests and audits).

    Labels: ``blank``, ``title``, ``dateline``, ``body``, ``body+dateline``, ``subhead`` or
    ``removed:<reason>``.
    """
    if not isinstance(text, str):
        raise InputError("<text>", f"expected text (str), got {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise InputError("<text>", f"expected a title string, got {type(title).__name__}")
    r = _rules()
    units, n_lines = _split_units(text, r)
    _mark_double_captions(units)
    title_out, first = _pick_title(units, title, r)
    for u in units[:first]:
        if not u.label and u.kind is not None:
            _remove(u, _furniture_reason(u.kind))
    lead, credit = _header(units, r, title_out)
    trailer = _trailer_start(units, lead)
    _mark_trailer(units, trailer)
    _mark_middle(units, lead, trailer)
    _mark_duplicates(units)

    kept = [u for u in units if u.label == "body"]
    dateline = credit.text if credit else None
    first_text: str | None = None
    if kept and dateline is None:
        split = _split_lead(kept[0].text, r)
        if split:
            dateline, first_text = split
    _mark_subheads(kept, r)

    labels = ["blank"] * n_lines
    paragraphs: list[Span] = []
    subheads: list[Subhead] = []
    pending: list[str] = []
    parts: list[str] = []
    pos = 0
    removed: list[RemovedLine] = []
    for u in units:
        labels[u.line] = u.label if u.label != "removed" else f"removed:{u.reason}"
        if u.label == "removed":
            removed.append(RemovedLine(u.text, u.reason, u.line))
        elif u.label == "subhead":
            pending.append(u.text)
        elif u.label == "body":
            para = u.text
            if first_text is not None and u is kept[0]:
                para = first_text
                labels[u.line] = "body+dateline"
            if parts:
                pos += 2
            paragraphs.append(Span(pos, pos + len(para)))
            subheads.extend(Subhead(s, pos) for s in pending)
            pending.clear()
            parts.append(para)
            pos += len(para)
    clean = CleanText(
        title=title_out,
        dateline=dateline,
        body="\n\n".join(parts),
        paragraphs=tuple(paragraphs),
        subheads=tuple(subheads),
        removed=tuple(removed),
    )
    return clean, tuple(labels)


def clean_text(text: str, *, title: str | None = None) -> CleanText:
    """Split flattened news text into title, dateline, subheads, body paragraphs and debris.

    ``text`` is scraped page text, text extracted from HTML, or a corpus body (paragraphs one per
    line or separated by blank lines). ``title``, when the source gave one, is used as the title
    and a first line repeating it is dropped (``title_repeat``); otherwise the first headline-like
    line becomes the title, and the title is None when the text opens with its lead paragraph.
    ``body`` joins the kept paragraphs with a blank line, each with its original characters.
    Every dropped non-blank line is listed in ``removed`` with its 0-based line number.
    """
    return _clean(text, title)[0]
