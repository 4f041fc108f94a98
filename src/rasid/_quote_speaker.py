"""Speaker phrases: parse the words around a speech verb into a person, role, organisation or
anonymous source, and resolve names and roles against the people the article introduced."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rasid._quote_lexicon import (
    Item,
    Lexicon,
    cue_form,
    known_name,
    lexicon,
    name_key,
    name_table_size,
    token_key,
)
from rasid.models import Mention

_MAX_NAME = 4
_MAX_ROLE = 9
_MAX_ANON = 8


@dataclass(frozen=True, slots=True)
class Phrase:
    """A parsed speaker phrase. ``kind``: person, role, org, anon or pronoun.

    ``start``/``end`` cover the name when there is one (else the whole phrase); ``text`` is the
    display text of that span; ``role`` the role/title text when stated.
    """

    kind: str
    text: str
    start: int
    end: int
    role: str | None = None
    gender: str = ""
    role_start: int = -1


def _is_nisba(norm: str) -> bool:
    return norm.endswith(("ي", "يه", "يين", "يون"))


def _role_keys(words: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(all keys, required keys) of a role: nationality/nisba adjectives are not required."""
    keys: set[str] = set()
    required: set[str] = set()
    for w in words:
        k = token_key(w).rstrip("ه").rstrip("ي")  # الإثيوبي ~ الإثيوبية
        if not k:
            continue
        keys.add(k)
        if not _is_nisba(w.removeprefix("ال")):
            required.add(k)
    return frozenset(keys), frozenset(required)


def _span_text(text: str, ws: Sequence[Item], a: int, b: int) -> tuple[str, int, int]:
    s, e = ws[a].start, ws[b - 1].end
    return text[s:e], s, e


def _name_end(ws: Sequence[Item], j: int, lex: Lexicon, mention_end: dict[int, int],
              bounded: bool = False) -> int:
    """End index (exclusive) of a name starting at ``ws[j]``; ``bounded`` when commas close it."""
    if ws[j].start in mention_end:
        end_off = mention_end[ws[j].start]
        k = j
        while k < len(ws) and ws[k].end <= end_off:
            k += 1
        return max(k, j + 1)
    k = j
    while k < len(ws) and k - j < _MAX_NAME:
        t = ws[k].norm
        after_particle = ws[k - 1].norm in ("عبد", "ابو", "بن", "ابن", "بنت", "ال")
        if k >= j + 2 and not bounded and not (known_name(t) or after_particle) \
                and not _gazetteer_off():
            break  # a third or fourth word joins a name only when it is a known name part
        if (t in lex.stop_words or t in lex.complementizers or t in ("في", "من", "غير")
                or (k > j and (t in lex.titles or t in lex.role_heads or _adverbial(ws[k])))
                or t.startswith(("لل", "بال"))
                or (k > j and (cue_form(t) is not None or (t.startswith("و") and len(t) > 3)))):
            break
        k += 1
    return k


def _anon_head(norm: str, lex: Lexicon) -> bool:
    return norm in lex.anonymous or (norm.startswith("ال") and len(norm) > 5
                                      and norm[2:] in lex.anonymous)


def _gazetteer_off() -> bool:
    return name_table_size() == 0


def _adverbial(word: Item) -> bool:
    """مدافعاً، رسمياً: a word carrying the accusative tanween is an adverb, never a name."""
    return "\u064b" in word.text


def _looks_like_name_start(norm: str, lex: Lexicon) -> bool:
    if any("a" <= c.lower() <= "z" for c in norm):
        return False  # لـCNN, a Latin word: not an Arabic-written name
    return not (norm in lex.stop_words or norm in lex.complementizers or norm in ("في", "من")
                or cue_form(norm) is not None or norm in lex.channel_words
                or norm.startswith(("لل", "بال")) or len(norm) < 2 or norm.isdigit())


def parse_part(text: str, ws: Sequence[Item], mention_end: dict[int, int],
               mention_label: dict[int, str], bounded: bool = False,
               bare_definite: bool = False) -> Phrase | None:
    """Parse one comma-separated part of a subject region (words only).

    ``bare_definite``: a lone ال-word (الاتهامات) is refused as a name; callers that know the
    article's people (surnames such as الكاظمي) check those first.
    """
    lex = lexicon()
    n = len(ws)
    k = 0
    while k < n and (ws[k].norm in lex.subject_skip or (
            ws[k].norm in lex.titles and k + 1 < n
            and _looks_like_name_start(ws[k + 1].norm, lex))):
        k += 1
    if k >= n:
        return None
    h = ws[k].norm
    if h in lex.stop_words:
        return None
    if h in lex.pronouns:
        return Phrase("pronoun", ws[k].text, ws[k].start, ws[k].end)
    label = mention_label.get(ws[k].start)
    if label == "PERS":
        e = _name_end(ws, k, lex, mention_end)
        return Phrase("person", *_span_text(text, ws, k, e))
    if h in lex.role_heads:
        return _parse_role(text, ws, k, lex, mention_end)
    if h in lex.institutions or label in ("ORG", "LOC"):
        return _parse_org(text, ws, k, lex, mention_end)
    if _anon_head(h, lex) or (h in lex.quantifiers and k + 1 < n
                                 and (_anon_head(ws[k + 1].norm, lex) or ws[k + 1].norm == "من")):
        return _parse_anon(text, ws, k, lex)
    if not _looks_like_name_start(h, lex) or _adverbial(ws[k]):
        return None
    if h[:1] in "بل" and len(h) > 3 and not bounded and not _gazetteer_off() and not known_name(h) \
            and not known_name(h[1:]):
        return None  # بحضور، لدى ...: a preposition glued to a noun, not a name
    e = _name_end(ws, k, lex, mention_end, bounded)
    if e == k:
        return None
    for r in range(e, min(n, k + _MAX_NAME + 1)):
        if ws[r].norm in lex.role_heads:
            # إم إن تيواري نائب قائد الشرطة: the role right after bounds a long unknown name
            if all(_looks_like_name_start(w.norm, lex) for w in ws[e:r]):
                e = r
            break
    if all(w.norm.startswith("ال") for w in ws[k:e]) and (e - k > 1 or bare_definite):
        return None  # القطاع المحاصر, الاتهامات: a definite noun phrase, not a name
    apposition = e < n and ws[e].norm in lex.role_heads
    if e - k > 1 and not bounded and not apposition and not _gazetteer_off() \
            and not any(known_name(w.norm) for w in ws[k:k + 2]):
        return None  # كشفت اختبارات صحية: two words, neither a known name part
    name, s, en = _span_text(text, ws, k, e)
    if apposition:
        # نوري محمود المتحدث باسم ...: a role in apposition without a comma
        role = _parse_role(text, ws, e, lex, mention_end)
        if role.role and role.kind in ("role", "person"):
            # what follows the role here belongs to it (باسم وحدات حماية الشعب), not a 2nd name
            whole = text[role.role_start:max(role.end, role.role_start + len(role.role))]
            return Phrase("person", name, s, en, whole, role.gender, role.role_start)
    return Phrase("person", name, s, en)


def _role_word(t: str, lex: Lexicon) -> bool:
    """Does ``t`` continue a role phrase (ال-words, institutions, بحكومة/لشؤون/والتعليم)?"""
    if t.startswith(("ال", "لل")) or t in lex.role_heads or t in lex.institutions:
        return True
    if t[:1] in "بلو" and len(t) > 3:
        rest = t[1:]
        if rest in lex.stop_words:
            return False  # والذي، والتي: a relative clause begins
        return rest.startswith("ال") or rest in lex.institutions or rest in lex.role_heads
    return False


def _parse_role(text: str, ws: Sequence[Item], k: int, lex: Lexicon,
                mention_end: dict[int, int], objects: Mapping[int, int] | None = None) -> Phrase:
    """The role phrase headed by ``ws[k]`` and the name after it, if any. ``mention_end``: the
    person mentions (start → end); ``objects``: organisations and places the NER found, which
    inside a role are its object (الأمين العام لجامعة الدول العربية), not the name after it."""
    objects = objects or {}
    n = len(ws)
    j = k + 1
    # the role ran over an object: then only a person mention may follow as its name (لاعب
    # بايرن ضمن القائمة: a verb phrase, no name)
    over_object = False
    # أمين سر منظمة ...، رئيس بلدية القائم: one bare noun in construct right after the head
    if j + 1 < n and not _role_word(ws[j].norm, lex) and ws[j].norm not in lex.stop_words \
            and ws[j].norm not in lex.titles and ws[j].start not in mention_end \
            and ws[j + 1].norm in lex.institutions:
        j += 1
    while j < n and j - k < _MAX_ROLE:
        t = ws[j].norm
        if ws[j].start in objects and not known_name(t):
            end = objects[ws[j].start]
            over_object = True
            j += 1
            while j < n and ws[j].end <= end:
                j += 1
            continue
        if t in lex.role_object_links:
            j = min(n, j + 2)
            continue
        if t in lex.role_links:
            j += 1
            continue
        if t == "الى" and j + 1 < n and ws[j + 1].start in objects:
            # المبعوث الأممي إلى سوريا ستيفان دي ميستورا: only a person mention names it, as
            # after any object (وصل الرئيس إلى بغداد أمس)
            j += 1
            continue
        if t in lex.stop_words or t in lex.titles or ws[j].start in mention_end:
            break
        if _role_word(t, lex):
            if t.startswith("ال") and not _is_nisba(t) and t not in lex.institutions \
                    and t not in lex.role_heads and _is_nisba(ws[j - 1].norm):
                break  # المتحدث باسم السلطة الفلسطينية | الاتهامات: the verb's object begins
            j += 1
            continue
        if t in ("في", "لدى") and j + 1 < n and ws[j + 1].norm not in lex.channel_words \
                and ws[j + 1].norm not in lex.stop_words and ws[j + 1].start not in mention_end \
                and not any(c.isdigit() for c in ws[j + 1].text):  # في 13 مارس: a date
            j += 2  # السفير الإيراني في بريطانيا حميد ...
            continue
        break
    role_text, rs, re_ = _span_text(text, ws, k, j)
    gender = lex.role_heads.get(ws[k].norm, "")
    while j < n and ws[j].norm in lex.titles:
        j += 1
    construct = j > k and ws[j - 1].norm in lex.institutions and not ws[j - 1].norm.startswith("ال")
    if construct and not _gazetteer_off() and j + 2 < n and ws[j].start not in mention_end \
            and not known_name(ws[j].norm) and not known_name(ws[j + 1].norm) \
            and known_name(ws[j + 2].norm) and _looks_like_name_start(ws[j + 2].norm, lex) \
            and all(_looks_like_name_start(w.norm, lex) for w in ws[j:j + 2]):
        # المتحدث باسم حكومة بوركينا فاسو ريمي ...: the place belongs to the role
        j += 2
        role_text, rs, re_ = _span_text(text, ws, k, j)
    if j < n and ws[j].start not in mention_end and not _gazetteer_off() \
            and ws[j].norm[:1] in "لب" and not known_name(ws[j].norm):
        # a preposition on an unknown word: the role's object when a known name follows
        # (رئيس النقابة العامة لعمال الموانئ عبدالله المومني), else a verbal noun (رئيس أركان
        # الجيش لعقد محادثات، بتشكيل لجنة). An unknown word could also be a foreign name
        # (لويد, بوريس), so it is refused as a name only when the NER ran (it found something
        # in the article) and did not take it for one
        o = j + 1
        while o < n and o - j <= 3 and ws[o].norm.startswith("ال") \
                and ws[o].start not in mention_end and not known_name(ws[o].norm):
            o += 1
        if o < n and known_name(ws[o].norm) and _looks_like_name_start(ws[o].norm, lex):
            j = o
            role_text, rs, re_ = _span_text(text, ws, k, j)
        elif mention_end or objects:
            j = n
    if j < n and _looks_like_name_start(ws[j].norm, lex) and not _adverbial(ws[j]) \
            and ws[j].start not in objects and (ws[j].start in mention_end or not over_object):
        e = _name_end(ws, j, lex, mention_end)
        indefinite_anon = ws[k].norm in lex.anonymous and not ws[k].norm.startswith("ال")
        if indefinite_anon and ws[j].start not in mention_end and (
                e == j + 1 or (j == k + 1 and (_gazetteer_off() or _is_nisba(ws[j].norm) or not all(
                    known_name(w.norm) for w in ws[j:min(e, j + 2)])))):
            e = j  # مسؤول كبير, مصدر مطلع, مسؤول روسي بارز: adjectives, not a name
        if ws[j].norm.startswith("ال") and ws[j].start not in mention_end:
            e = j  # a full name after a role starts with a first name, not an ال-word
        if e == j + 1 and ws[j].start not in mention_end and not _gazetteer_off() \
                and not known_name(ws[j].norm):
            e = j  # المحامي الشخصي لترامب، ممثلة إباحية: one unknown word is no name
        if e > j + 1 and ws[j].start not in mention_end and not _gazetteer_off() \
                and any(w.norm.startswith("ال") for w in ws[j:e]) \
                and not any(known_name(w.norm) for w in ws[j:e]):
            e = j  # مدرب كرة القدم: an unknown word and an ال-noun are the role's object
        if e > j + 1 and ws[j].start not in mention_end and (mention_end or objects) \
                and not _gazetteer_off() and not any(known_name(w.norm) for w in ws[j:e]):
            e = j  # ولم يورد المتحدث تفاصيل أخرى: words the NER ran over and no name table has
        if e > j:
            name, s, en = _span_text(text, ws, j, e)
            return Phrase("person", name, s, en, role_text, gender, rs)
    if ws[k].norm in lex.anonymous and not ws[k].norm.startswith("ال"):
        return _parse_anon(text, ws, k, lex)
    return Phrase("role", role_text, rs, re_, role_text, gender, rs)


def _parse_org(text: str, ws: Sequence[Item], k: int, lex: Lexicon,
               mention_end: dict[int, int]) -> Phrase:
    n = len(ws)
    if ws[k].start in mention_end:
        e = _name_end(ws, k, lex, mention_end)
        gender = lex.institutions.get(ws[k].norm, "f")
        return Phrase("org", *_span_text(text, ws, k, e), gender=gender)
    loose = 3 if not ws[k].norm.startswith("ال") else 0
    j = k + 1
    while j < n and j - k < 7:
        t = ws[j].norm
        if t in lex.stop_words or t in ("في", "من") or cue_form(t) is not None:
            break
        if t.startswith(("ال", "لل", "وال")) or t in lex.institutions or t in lex.role_links:
            j += 1
            continue
        if t.startswith("ل") and j + 1 < n and ws[j + 1].norm.startswith("ال") and j - k < 5:
            j += 2  # المرصد السوري لحقوق الإنسان
            continue
        if loose > 0 and not t.startswith("بال"):
            loose -= 1
            j += 1
            continue
        break
    return Phrase("org", *_span_text(text, ws, k, j), gender=lex.institutions.get(ws[k].norm, "f"))


def _parse_anon(text: str, ws: Sequence[Item], k: int, lex: Lexicon) -> Phrase:
    n = len(ws)
    j = k + 1
    while j < n and j - k < _MAX_ANON:
        t = ws[j].norm
        if t in lex.stop_words or cue_form(t) is not None:
            break
        if t == "في" and (j + 1 >= n or ws[j + 1].norm in lex.channel_words):
            break
        if t[:1] == "ل" and not t.startswith("لل") and len(t) > 3 and not t.startswith("لا"):
            break  # لبي بي سي، لرويترز: the channel the source spoke to
        j += 1
    return Phrase("anon", *_span_text(text, ws, k, j), gender=lex.anonymous.get(ws[k].norm, "m"))


def parse_region(text: str, region: Sequence[Item], mention_end: dict[int, int],
                 mention_label: dict[int, str]) -> Phrase | None:
    """Parse the words between a speech verb and its complement into one speaker phrase.

    Parts are split at commas; parenthesised asides are skipped. A role-only first part takes
    a name from the next part (``المتحدث باسم الجيش، لول رواي``); a name takes its role from the
    next part (``جون كيربي، المتحدث باسم ...``).
    """
    parts: list[list[Item]] = [[]]
    depth = 0
    for it in region:
        if it.text in "([":
            depth += 1
        elif it.text in ")]":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif it.text in "،,":
            parts.append([])
        elif it.word:
            parts[-1].append(it)
    parts = [p for p in parts if p]
    if not parts:
        return None
    first = parse_part(text, parts[0], mention_end, mention_label)
    if first is None and len(parts[0]) <= _MAX_NAME:
        # وتقول أغيومارا كامبوس، التي ...: a short part closed by a comma or the verb's
        # complement is a name even when the name table does not know it
        whole = parse_part(text, parts[0], mention_end, mention_label, bounded=True)
        if whole is not None and whole.kind == "person" and whole.end == parts[0][-1].end:
            first = whole
    if len(parts) == 1:
        return first
    second = parse_part(text, parts[1], mention_end, mention_label)
    appositive = second is not None and (
        second.kind == "role"
        or (second.kind == "anon" and parts[1][0].norm in lexicon().role_heads))
    if first is None and appositive:
        # سيرغي كيزلياك، سفير روسيا ...: the comma and the role vouch for an unknown name
        first = parse_part(text, parts[0], mention_end, mention_label, bounded=True)
    if second is None and first is not None and first.kind in ("role", "anon") \
            and len(parts[1]) <= _MAX_NAME:
        # المتحدث باسم الخارجية الإثيوبية، ملس ألم، إن: the commas vouch for the name
        whole = parse_part(text, parts[1], mention_end, mention_label, bounded=True)
        if whole is not None and whole.kind == "person" and whole.end == parts[1][-1].end:
            second = whole
    if first is None or second is None:
        return first
    if first.kind in ("role", "anon") and second.kind == "person" and not second.role:
        # مراسل بي بي سي في أمريكا، أنتوني زورتشر: the named person holds the descriptor
        return Phrase("person", second.text, second.start, second.end, first.role or first.text,
                      first.gender, first.start)
    if first.kind == "person" and not first.role and appositive:
        # لام فول قبريال، نائب المتحدث ...: the comma closes the name, keep all of it
        whole = parse_part(text, parts[0], mention_end, mention_label, bounded=True) or first
        return Phrase("person", whole.text, whole.start, whole.end, second.role or second.text,
                      second.gender, second.start)
    return first


@dataclass
class Person:
    """A person the article names: built and mutated only inside one extraction call."""

    name: str
    keys: tuple[str, ...]
    pos: int
    role: str | None = None
    role_keys: frozenset[str] = frozenset()
    role_required: frozenset[str] = frozenset()
    role_head: str = ""
    gender: str = ""
    spoke: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # where a role introduced them


class Registry:
    """People of one article, with their roles, for name and role resolution."""

    def __init__(self) -> None:
        self.people: list[Person] = []

    def add(self, name: str, pos: int, role: str | None = None, gender: str = "") -> Person:
        keys = tuple(token_key(w) for w in name.split())
        found = self.by_name(name, pos, strict=True)
        if found is None:
            found = Person(name, keys, pos)
            self.people.append(found)
        elif len(keys) > len(found.keys):
            found.name, found.keys = name, keys
        if role and found.role is None:
            words = [w for w in role.split() if w]
            found.role = role
            found.role_keys, found.role_required = _role_keys(words)
            found.role_head = token_key(words[0]).rstrip("ه").rstrip("ي")
        if gender and not found.gender:
            found.gender = gender
        return found

    def by_name(self, name: str, pos: int, strict: bool = False) -> Person | None:
        """The fullest known person whose name holds every token of ``name``."""
        keys = [token_key(w) for w in name.split()]
        if not keys:
            return None
        joined = name_key(name)
        best: Person | None = None
        for p in self.people:
            if strict and len(p.keys) < len(keys):
                continue
            holds = all(k in p.keys for k in keys) or (
                not strict and len(joined) >= 4 and joined in name_key(p.name))
            if holds and (best is None or self._rank(p, keys, pos) > self._rank(best, keys, pos)):
                best = p
        return best

    @staticmethod
    def _rank(p: Person, keys: list[str], pos: int) -> tuple[bool, bool, int, int]:
        # earlier than pos, then the surname (last word) matching, then the latest speaker
        said = max([s for s in p.spoke if s <= pos], default=-1)
        return (p.pos <= pos, keys[-1] == p.keys[-1], said, -abs(pos - p.pos))

    def by_role(self, role: str, gender: str, pos: int) -> Person | None:
        """The person whose stated role fits a role-only mention: the latest before ``pos``
        (the latest speaker first), else the first after it."""
        words = role.split()
        keys, required = _role_keys(words)
        head = token_key(words[0]).rstrip("ه").rstrip("ي")
        nisba = keys - required

        def fits_role(p: Person) -> bool:
            if not p.role or head not in p.role_keys:
                return False
            # المتحدث باسم الخارجية الأميركية ~ المتحدث الأميركي, either way round
            if not (required <= p.role_keys or p.role_required <= keys):
                return False
            if gender and p.gender and p.gender != gender:
                return False
            theirs = p.role_keys - p.role_required
            # الرئيس الأميركي is not رئيس الوزراء العراقي: stated nationalities must agree
            return not (nisba and theirs and not nisba & theirs)

        fits = [p for p in self.people if fits_role(p)]
        if not fits:
            return None

        def rank(p: Person) -> tuple[int, int, int]:
            said = max([s for s in p.spoke if s <= pos], default=-1)
            return (len(keys & p.role_keys), said, p.pos)

        before = [p for p in fits if p.pos <= pos]
        if before:
            return max(before, key=rank)
        return min(fits, key=lambda p: p.pos)


def prescan(text: str, words: Sequence[Item], mentions: Sequence[Mention]) -> Registry:
    """Register every ``ROLE NAME`` phrase and every PERS mention of the article.

    ``words`` are the items of the text (punctuation included: a role stops at it, commas aside).
    """
    lex = lexicon()
    reg = Registry()
    mention_end = {m.start: m.end for m in mentions if m.label == "PERS"}
    person_end = {m.end: m for m in mentions if m.label == "PERS"}
    objects = {m.start: m.end for m in mentions if m.label != "PERS"}
    for m in mentions:
        if m.label == "PERS":
            reg.add(m.text, m.start)
    for i, it in enumerate(words):
        if not it.word:
            continue
        head = it
        if it.norm not in lex.role_heads:
            # لرئيس الوزراء / للمتحدث / وزير: a preposition or conjunction glued to the role
            if it.norm[:1] not in "لبو":
                continue
            bare = "ال" + it.norm[2:] if it.norm.startswith("لل") else it.norm[1:]
            if bare not in lex.role_heads:
                continue
            shown = "ال" + it.text[2:] if it.norm.startswith("لل") else it.text[1:]
            head = Item(shown, bare, it.start + 1, it.end, True)
        window: list[Item] = [head]
        comma_at: set[int] = set()
        for nxt in words[i + 1:i + _MAX_ROLE + _MAX_NAME + 4]:
            if not nxt.word:
                if nxt.text in "،,":
                    comma_at.add(len(window))
                    continue
                break
            window.append(nxt)
        ph = _parse_role(text, window, 0, lex, mention_end, objects)
        if ph.kind == "role" and ph.role and head is it and i >= 2 \
                and words[i - 1].text in "،," and words[i - 2].end in person_end:
            _apposition(reg, person_end[words[i - 2].end], ph, window, comma_at, lex)
            continue
        if ph.kind != "person" or not ph.role:
            continue
        first = next(n for n, w in enumerate(window) if w.start == ph.start)
        last = next(n for n, w in enumerate(window) if w.end == ph.end)
        if any(first < c <= last for c in comma_at):
            continue  # a comma inside is two phrases, not one name
        if first in comma_at and not _closed(window, last, comma_at, lex):
            continue  # الوزير، NAME، ...: an appositive name needs a comma or complementizer after
        if len(ph.text.split()) == 1 and reg.by_name(ph.text, ph.start) is None \
                and reg.by_role(ph.role, ph.gender, ph.start) is not None:
            continue  # a lone word after a role already held by a named person: not a name
        role = ph.role
        if head is not it:  # للمتحدث: the role as a reader would name it, المتحدث
            role = head.text + role[head.end - head.start:]
        person = reg.add(ph.text, ph.start, role, ph.gender)
        if (ph.start, ph.end) not in person.spans:  # نائب المتحدث: two heads, one person
            person.spans.append((ph.start, ph.end))
    return reg


def _closed(window: Sequence[Item], last: int, comma_at: set[int], lex: Lexicon) -> bool:
    """Does a comma or a complementizer follow ``window[last]``?"""
    return last + 1 in comma_at or (
        last + 1 < len(window) and window[last + 1].norm in lex.complementizers)


def _apposition(reg: Registry, person: Mention, ph: Phrase, window: Sequence[Item],
                comma_at: set[int], lex: Lexicon) -> None:
    """``NAME، ROLE، ...`` (جون كيربي، المتحدث باسم وزارة الدفاع الأمريكية، أن): the role
    belongs to the person mention before it when a comma or a complementizer closes it and no
    comma cuts it."""
    last = next((n for n, w in enumerate(window) if w.end == ph.end), -1)
    if last < 0 or any(0 < c <= last for c in comma_at):
        return
    if _closed(window, last, comma_at, lex):
        reg.add(person.text, person.start, ph.role, ph.gender)


def org_phrases(text: str, words: Sequence[Item]) -> list[Phrase]:
    """Organisation phrases of two words or more (وزارة الخارجية الروسية), in text order."""
    lex = lexicon()
    out: list[Phrase] = []
    run: list[Item] = []
    for it in [*words, Item(".", ".", len(text), len(text), False)]:
        if it.word:
            run.append(it)
            continue
        i = 0
        while i < len(run):
            if run[i].norm in lex.institutions:
                ph = _parse_org(text, run, i, lex, {})
                if len(ph.text.split()) > 1:
                    out.append(ph)
                    i += len(ph.text.split())
                    continue
            i += 1
        run = []
    return out
