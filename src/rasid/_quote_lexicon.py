"""Lexicon and tokens shared by quote attribution and entity resolution.

The word lists live in ``rasid/data/quotes/*.json``; this module loads them once (lazily) and
offers the matching form (``fold``) and an offset-keeping tokenizer (``items``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from rasid._rules import load_rules

_DIACRITICS = re.compile("[\u0640\u064b-\u065f\u0670]")
# ى stays: folding it to ي would make the preposition على the name علي
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه"})
# a word keeps its diacritics and tatweel so that offsets stay on the display text
_ITEM = re.compile(r"[\w\u0640\u064b-\u065f\u0670]+|[^\s\w]")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Matching form of a word: no diacritics/tatweel, hamza-alef as alef, ة as ه.

    Cached: every word of every article passes here, and news vocabulary repeats."""
    return _DIACRITICS.sub("", word).translate(_FOLD)


class Item(NamedTuple):
    """A word or a single punctuation character of the text, with its folded form.

    A named tuple rather than a frozen dataclass: every word of every article becomes one,
    and a tuple is built about twice as fast (just as immutable)."""

    text: str
    norm: str
    start: int
    end: int
    word: bool


def items(text: str, start: int = 0, end: int | None = None) -> list[Item]:
    """Words and punctuation marks of ``text[start:end]`` with absolute offsets."""
    return list(_items(text, start, len(text) if end is None else end))


@lru_cache(maxsize=4)
def _items(text: str, start: int, stop: int) -> tuple[Item, ...]:
    # Entity resolution and quote attribution each tokenize the same article body (entity
    # resolution three times), one article after the other: the last few texts are kept.
    # Items are immutable, so sharing them between callers is safe.
    out: list[Item] = []
    for m in _ITEM.finditer(text, start, stop):
        s = m.group()
        is_word = s[0].isalnum() or s[0] == "_" or len(s) > 1
        a, b = m.span()
        out.append(Item(s, fold(s) if is_word else s, a, b, is_word))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CueForm:
    """One written form of a speech verb (folded) and what it tells about its subject."""

    lemma: str
    gender: str  # "m", "f" or "p" (plural/dual)
    kind: str  # "verb", "pres" or "part"
    np: bool
    carry: bool
    via: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: dict[str, CueForm]
    complementizers: frozenset[str]
    say_nouns: frozenset[str]
    attribution: frozenset[str]
    role_heads: dict[str, str]  # folded head -> gender
    role_links: frozenset[str]
    titles: frozenset[str]
    institutions: dict[str, str]
    anonymous: dict[str, str]
    stop_words: frozenset[str]
    channel_words: frozenset[str]
    pronouns: frozenset[str]
    triggers: frozenset[str]
    quote_pairs: tuple[tuple[str, str], ...]
    quantifiers: frozenset[str]
    subject_skip: frozenset[str]
    org_anaphors: frozenset[str]
    role_object_links: frozenset[str]
    channel_before_quote: frozenset[str]
    not_speech_before: frozenset[str]
    not_that_after: frozenset[str]
    negation: frozenset[str]


def _load(name: str) -> dict[str, Any]:
    return load_rules("rasid.data", name)


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _gendered(table: dict[str, list[str]], definite: bool = False) -> dict[str, str]:
    """Folded word -> gender; with ``definite`` each head is also listed with/without ال."""
    out: dict[str, str] = {}
    for gender in ("m", "f"):
        for w in table.get(gender, []):
            f = fold(w)
            out.setdefault(f, gender)
            if definite:
                out.setdefault(f[2:] if f.startswith("ال") else "ال" + f, gender)
    return out


@cache
def lexicon() -> Lexicon:
    """The cue-verb and speaker lexicon (built once: a few thousand dict entries)."""
    cues_raw = _load("quotes/cues.json")
    spk = _load("quotes/speakers.json")
    marks = _load("quotes/quote_marks.json")
    cues: dict[str, CueForm] = {}
    for v in cues_raw["verbs"]:
        flags = {"np": bool(v.get("np")), "carry": bool(v.get("carry")), "via": bool(v.get("via"))}
        forms: list[tuple[str, str, str]] = [(v["m"], "m", "verb"), (v["f"], "f", "verb")]
        forms += [(w, "p", "verb") for w in v.get("pl", [])]
        forms += [(w, "f" if w.startswith("ت") else "m", "pres") for w in v.get("pres", [])]
        forms += [(w, "m", "part") for w in v.get("part_m", [])]
        forms += [(w, "f", "part") for w in v.get("part_f", [])]
        for w, g, kind in forms:
            cues.setdefault(fold(w), CueForm(fold(v["m"]), g, kind, **flags))
    return Lexicon(
        cues=cues,
        complementizers=_folded(cues_raw["complementizers"]),
        say_nouns=_folded(cues_raw["say_nouns"]),
        attribution=_folded(cues_raw["attribution_prepositions"]),
        role_heads=_gendered(spk["role_heads"], definite=True),
        role_links=_folded(spk["role_links"]),
        titles=_folded(spk["titles"]),
        institutions=_gendered(spk["institution_heads"], definite=True),
        anonymous=_gendered(spk["anonymous_heads"]),
        stop_words=_folded(spk["stop_words"]),
        channel_words=_folded(spk["channel_words"]),
        pronouns=_folded(spk["pronoun_subjects"]),
        triggers=_folded(spk["subject_triggers"]),
        quote_pairs=tuple((a, b) for a, b in marks["pairs"]),
        quantifiers=_folded(spk["quantifiers"]),
        subject_skip=_folded(spk["subject_skip"]),
        org_anaphors=_folded(spk["org_anaphors"]),
        role_object_links=_folded(spk["role_object_links"]),
        channel_before_quote=_folded(cues_raw["channel_before_quote"]),
        not_speech_before=_folded(cues_raw["not_speech_before"]),
        not_that_after=_folded(cues_raw["not_that_after"]),
        negation=_folded(cues_raw["negation"]),
    )


def cue_form(norm: str) -> CueForm | None:
    """The cue a folded word is (a conjunction و/ف in front is allowed), else None."""
    cues = lexicon().cues
    form = cues.get(norm)
    if form is None and len(norm) > 3 and norm[0] in "وف":
        form = cues.get(norm[1:])
    return form


def strip_conj(norm: str, table: dict[str, str] | frozenset[str]) -> str:
    """``norm`` without a leading و when only the bare form is in ``table``."""
    if norm not in table and len(norm) > 2 and norm[0] == "و" and norm[1:] in table:
        return norm[1:]
    return norm


_G_FOLD = str.maketrans({
    "ى": "ي", "غ": "ج", "گ": "ج", "چ": "ج", "ڤ": "ف", "پ": "ب", "ؤ": "و", "ئ": "ي", "ء": "",
})


@lru_cache(maxsize=100_000)
def _loose(word: str) -> str:
    w = fold(word).translate(_G_FOLD)
    return w[2:] if len(w) > 4 and w.startswith("ال") else w


# stands for a ي that is part of the word's pattern while the others are dropped
_KEPT_YA = "\ue000"


def _keep_pattern_ya(w: str) -> str:
    """Mark the ي of the Arabic فعيل / فعيلة patterns (حسين, سعيد, حميدة) as kept: without it
    they are other names (حسن, سعد, حمدة), unlike a loanword's optional long vowel."""
    if len(w) in (4, 5) and w[2] == "ي" and (len(w) == 4 or w[4] == "ه"):
        return w[:2] + _KEPT_YA + w[3:]
    return w


def _drop_medial_ya(w: str) -> str:
    # أمريكي/أميركي, كيربي/كربي: the long vowel ي is written or not inside loanwords
    if len(w) > 3:
        w = w[0] + w[1:-1].replace("ي", "") + w[-1]
    return w.replace(_KEPT_YA, "ي")


@lru_cache(maxsize=100_000)
def token_key(word: str) -> str:
    """Spelling-tolerant key of one name token (loanword g as غ/ج, ال, medial ي dropped unless
    the word is فعيل or فعيلة).

    Cached like :func:`fold`: name resolution asks for the same words again and again."""
    return _drop_medial_ya(_keep_pattern_ya(_loose(word)))


_NON_WORD = re.compile(r"[^\w\u064b-\u065f\u0670]+")


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Key of a whole name: token keys joined without spaces (أبو زيد = أبوزيد)."""
    words = [w for w in _NON_WORD.split(name.replace("_", " ")) if w]
    return _drop_medial_ya("".join(_keep_pattern_ya(_loose(w)) for w in words))


_NAME_PARTICLES = frozenset(
    {"بن", "بنت", "ابن", "ابو", "أبو", "ابي", "عبد", "آل", "ال", "ولد", "اب"})


@cache
def _name_gazetteer() -> frozenset[str]:
    """Given names and surnames (Wikidata via arabic-name-romanizer) shipped with ``rasid.ner``.

    Optional: without the table name boundaries fall back to the lexicon alone.
    """
    import gzip

    try:
        ref = resources.files("rasid.ner").joinpath("model/names.tsv.gz")
        with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            return frozenset(line.split("\t", 1)[0] for line in fh if not line.startswith("#"))
    except (OSError, ModuleNotFoundError, EOFError):
        return frozenset()


def known_name(word: str) -> bool:
    """Is ``word`` a given name, a surname or a name particle (بن، أبو، عبد)?"""
    w = fold(word).replace("ى", "ي")
    if w in _NAME_PARTICLES:
        return True
    names = _name_gazetteer()
    forms = {w, w.replace("غ", "ج"), w.replace("ج", "غ"), w.replace("ك", "ج")}
    return any(f in names or (f.startswith("ال") and f[2:] in names) for f in forms)


def name_table_size() -> int:
    return len(_name_gazetteer())
