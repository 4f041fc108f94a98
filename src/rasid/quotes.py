"""Who said what: direct quotes and reported speech with their speakers.

One entry point, :func:`extract_quotes`. The strategy, top to bottom:

1. find quote-mark regions paragraph by paragraph (balanced pairs, a quote opened and never
   closed runs to the end of its paragraph, a lone closing mark after ``قوله:`` opens at the colon);
2. people the article names with a role (``وزير الدفاع الأميركي لويد أوستن``) and NER person
   mentions are registered, so that surnames, first names and role-only mentions resolve;
3. attribution prepositions (``بحسب``/``حسبما``/``وفقا لـ``) claim the quote next to them;
4. each speech verb (``قال``/``أضافت``/``مشيرا`` ...) finds its complement (إن/أن/بأن, ``:``, a
   quote mark, ``قوله``), the speaker phrase between the two (or before the verb:
   ``وكان X، قال``), and the statement after the complement up to the next cue or the sentence end;
5. a verb with no subject carries the last speaker of the same grammatical gender over.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from rasid._quote_lexicon import (
    CueForm,
    Item,
    cue_form,
    fold,
    items,
    known_name,
    lexicon,
    strip_conj,
    token_key,
)
from rasid._quote_marks import Region, quote_regions
from rasid._quote_speaker import (
    Phrase,
    Registry,
    org_phrases,
    parse_part,
    parse_region,
    prescan,
)
from rasid.models import Mention, Quote, Span

_MAX_GAP = 22  # items between a verb and its complement (subject, time, channel)
_MAX_GAP_NP = 16  # tighter for verbs that also take a bare noun phrase
_MAX_LOOKBACK = 8
_SENT_END = re.compile(r"[.!?؟]+(?=\s)|\n+")


@dataclass(frozen=True, slots=True)
class _Said:
    speaker: str | None
    kind: str  # person, org, anonymous
    role: str | None
    gender: str
    start: int = -1
    end: int = -1


def _fallback_sentences(text: str) -> tuple[Span, ...]:
    out: list[Span] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if text[start:m.end()].strip():
            out.append(Span(start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append(Span(start, len(text)))
    return tuple(out)


def _stem(word: str) -> str:
    """Crude stem for comparing descriptors: المسؤول/مسؤول, بالتحالف/التحالف, الحوثي/حوثي."""
    w = token_key(word)
    for p in ("بال", "لل", "ال", "ب", "ل"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    for suf in ("ين", "ون", "يه", "ه", "ي"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[:-len(suf)]
    return w


class _Article:
    """Working state of one extraction call (never shared between calls)."""

    def __init__(self, text: str, sentences: tuple[Span, ...], mentions: tuple[Mention, ...]):
        self.text = text
        self.sentences = sentences or _fallback_sentences(text)
        self.items = items(text)
        self.regions = sorted(quote_regions(text), key=lambda r: r.start)
        self._starts = [r.start for r in self.regions]
        self._ends = [r.end for r in self.regions]
        self._by_open = {(r.open if r.open >= 0 else r.start): r for r in self.regions}
        self.claimed: set[int] = set()
        self.mention_end = {m.start: m.end for m in mentions}
        self.mention_label = {m.start: m.label for m in mentions}
        self.registry: Registry = prescan(text, self.items, mentions)
        self.history: list[_Said] = []
        self.owner: _Said | None = None  # who issued the statement (بيان) last mentioned
        self.orgs: list[str] = []
        self.topic: Phrase | None = None
        self.lex = lexicon()
        self.org_mentions = org_phrases(text, self.items)
        self.quotes: list[Quote] = []

    # -- quote regions -------------------------------------------------------------------------
    def region_opened_at(self, pos: int) -> Region | None:
        """The unclaimed region whose opening mark (for a lone closing mark: content) is at pos."""
        r = self._by_open.get(pos)
        return r if r is not None and r.start not in self.claimed else None

    def region_closed_before(self, pos: int, claimed_too: bool = False) -> Region | None:
        """The unclaimed region closed just before ``pos`` (only spaces and commas between)."""
        k = bisect_right(self._ends, pos) - 1
        while k >= 0:
            r = self.regions[k]
            if self.text[r.end:pos].strip(" \t،,\"»”“") == "":
                return r if claimed_too or r.start not in self.claimed else None
            if pos - r.end > 6:
                return None
            k -= 1
        return None

    def overlaps_quote(self, start: int, end: int) -> bool:
        """Does any quoted stretch share characters with ``[start, end)``?"""
        k = bisect_right(self._starts, end - 1) - 1
        return k >= 0 and self.regions[k].end > start

    def inside_quote(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and self.regions[k].start <= pos < self.regions[k].end

    def region_starting_in(self, a: int, b: int, min_words: int = 0) -> Region | None:
        """The first unclaimed region starting in ``[a, b]`` with at least ``min_words``."""
        k = bisect_left(self._starts, a)
        while k < len(self.regions) and self.regions[k].start <= b:
            r = self.regions[k]
            if r.start not in self.claimed and len(self.text[r.start:r.end].split()) >= min_words:
                return r
            k += 1
        return None

    def extend(self, end: int) -> int:
        """Move a clause end past a quote region it would cut."""
        k = bisect_right(self._starts, end) - 1
        if k >= 0 and self.regions[k].start < end < self.regions[k].end:
            return min(self.regions[k].end + 1, len(self.text))
        return end

    # -- speakers ------------------------------------------------------------------------------
    def carry(self, gender: str) -> _Said | None:
        if not self.history:
            return None
        if gender in ("m", "f"):
            for n, said in enumerate(reversed(self.history)):
                # writers put قال or قالت before an organisation's name either way
                if said.gender == gender or (n == 0 and said.kind != "person"):
                    return _Said(said.speaker, said.kind, said.role, said.gender)
            if gender == "f":
                return None  # وقالت with no woman quoted yet: better unattributed than wrong
        if gender == "p" and self.history[-1].kind == "person":
            return None  # قالوا after one person spoke: some group we did not catch
        last = self.history[-1]
        return _Said(last.speaker, last.kind, last.role, last.gender)

    def resolve(self, ph: Phrase | None, gender: str, pos: int,
                loose: bool = False) -> _Said | None:
        if ph is None or ph.kind == "pronoun":
            return self.carry(gender)
        g = gender if gender in ("m", "f") else ph.gender
        if ph.kind == "person":
            words = ph.text.split()
            person = None
            if ph.role and len(words) == 1 and self.registry.by_name(ph.text, pos) is None:
                # الرئيس الاميركي انتهاء ...: without NER a word after a role may not be a name
                person = self.registry.by_role(ph.role, g, pos)
            for n in range(len(words), 0 if loose else len(words) - 1, -1):
                if person is not None:
                    break
                person = self.registry.by_name(" ".join(words[:n]), pos)
                if person is not None:
                    break
            if person is None:
                person = self.registry.add(ph.text, pos, ph.role, g)
            elif ph.role and person.role is None:
                self.registry.add(person.name, person.pos, ph.role, g)
            if g and not person.gender:
                person.gender = g
            person.spoke.append(pos)
            return _Said(person.name, "person", person.role or ph.role, person.gender or g,
                         ph.start, ph.end)
        if ph.kind == "role":
            person = self.registry.by_role(ph.text, g, pos)
            if person is not None:
                person.spoke.append(pos)
                return _Said(person.name, "person", person.role, person.gender or g,
                             ph.start, ph.end)
            back = self._anaphor(ph, g)
            if back is not None:
                return back
            return _Said(ph.text, "person", ph.text, g, ph.start, ph.end)
        if ph.kind == "org":
            return self._org(ph, g)
        back = self._anaphor(ph, g)
        if back is not None:
            return back
        return _Said(ph.text, "anonymous", None, g, ph.start, ph.end)

    def _anaphor(self, ph: Phrase, gender: str) -> _Said | None:
        """المصدر / المسؤول / المتحدث alone: the source or speaker already quoted."""
        words = ph.text.split()
        first = fold(words[0])
        if not first.startswith("ال"):
            return None
        head = token_key(first)
        rest = {_stem(w) for w in words[1:]}
        if len(words) == 1 and self.history and self.history[-1].kind == "anonymous" \
                and first in ("المصدر", "المسوول", "المسؤول"):
            last = self.history[-1]  # وأضاف المصدر: the source just quoted, whatever its noun
            return _Said(last.speaker, last.kind, last.role, last.gender, ph.start, ph.end)
        for said in reversed(self.history):
            if said.kind != "anonymous" or not said.speaker:
                continue
            theirs = said.speaker.split()
            if token_key(theirs[0]) == head and (not rest or rest & {_stem(w) for w in theirs[1:]}):
                return _Said(said.speaker, said.kind, said.role, said.gender, ph.start, ph.end)
        if first in ("المتحدث", "الناطق", "المتحدثه", "الناطقه") and len(words) == 1:
            return self.carry(gender)
        return None

    def _org(self, ph: Phrase, gender: str) -> _Said:
        words = ph.text.split()
        head = fold(words[0])
        second = fold(words[1]) if len(words) > 1 else ""
        if head in ("بيان", "البيان") and second.startswith("ل") and len(second) > 2:
            # بيان للحكومة / بيان لوزارة الدفاع: the statement's issuer speaks
            issuer = "ال" + words[1][2:] if second.startswith("لل") else words[1][1:]
            said = _Said(" ".join([issuer, *words[2:]]), "org", None, gender, ph.start, ph.end)
            self.owner = said
            return said
        if head in ("بيان", "البيان") and second.startswith("ال") and len(words) == 2 \
                and second in self.lex.org_anaphors:
            words, head = words[1:], second  # بيان اللجنة: the committee named before
        if head in self.lex.org_anaphors and len(words) == 1:
            named = [o for o in self.org_mentions if o.start < ph.start and (
                len(o.text.split()) > 2 or fold(o.text.split()[0]) not in self.lex.org_anaphors)]
            same = [o for o in named if token_key(fold(o.text.split()[0])) == token_key(head)]
            pick = same or ([o for o in named if len(o.text.split()) > 2]
                            if head in ("المنظمه", "الهيئه") else [])
            if pick:
                return _Said(pick[-1].text, "org", None, gender, ph.start, ph.end)
        if head == "البيان" and len(words) == 1:
            if self.owner is not None:
                o = self.owner
                return _Said(o.speaker, o.kind, o.role, o.gender, ph.start, ph.end)
            longer = [o for o in self.orgs if fold(o.split()[0]) == "البيان" and len(o.split()) > 1]
            if longer:
                return _Said(longer[-1], "org", None, gender, ph.start, ph.end)
        self.orgs.append(ph.text)
        return _Said(ph.text, "org", None, gender, ph.start, ph.end)

    def remember(self, said: _Said) -> None:
        self.history.append(said)


@dataclass
class _Cand:
    """A speech verb or attribution found in pass 1, completed in pass 2."""

    cue: Item
    form: CueForm | None  # None for an attribution preposition (بحسب ...)
    phrase: Phrase | None
    clause_start: int
    stmt_start: int
    region: Region | None = None
    fixed_end: int = -1
    np: bool = False
    via_statement: bool = False  # في بيان: the speaker issued a statement
    silent: bool = False  # no statement: only its subject is remembered for carry-over


def _skip(text: str, pos: int, chars: str = " \t:،,") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _lookback(art: _Article, sitems: list[Item], i: int) -> Phrase | None:
    """A subject written before its verb: ``وكان X، قال``, ``X الذي قال``, ``فإن X أشار``."""
    lex = lexicon()
    if sitems[i].norm[:1] in "وف" and cue_form(sitems[i].norm[1:]) is not None:
        return None  # وأضاف: a new coordinated clause, its subject is not behind it
    words: list[Item] = []
    k = i - 1
    relative = False
    comma = False
    while k >= 0 and len(words) < _MAX_LOOKBACK:
        it = sitems[k]
        if not it.word:
            if it.text in "،," and not words:
                comma = True
                k -= 1
                continue
            break
        n = it.norm
        if n == "قد":
            k -= 1
            continue
        if n in lex.triggers:
            if n in ("الذي", "التي", "الذين") and not words:
                relative = True
                k -= 1
                continue
            break
        if n in lex.pronouns or n in ("انه", "لكنه", "لكنها"):
            if not words:
                return Phrase("pronoun", it.text, it.start, it.end)
            break
        words.insert(0, it)
        k -= 1
    if not words:
        return None
    if not relative and k >= 0 and not (sitems[k].word and sitems[k].norm in lex.triggers):
        return None  # only كان/فإن/الذي or the sentence start introduce a subject before a verb
    if comma and k >= 0 and sitems[k].norm in lex.complementizers | {"فان"}:
        return None  # إن سلوكهم خاطئ، قال: the words belong to the previous statement
    for s in range(len(words) if relative else 1):
        ph = parse_part(art.text, words[s:], art.mention_end, art.mention_label)
        if ph is not None and ph.kind != "pronoun" and ph.end >= words[-1].end:
            if k < 0 and not relative and _credible(art, ph) is None:
                return None  # ولطالما قال: a sentence-opening adverb, not a subject
            if k < 0 and not relative and ph.kind == "person" and not ph.role \
                    and art.registry.by_name(ph.text, ph.start) is None \
                    and ph.start not in art.mention_end:
                return None
            return ph
    return None


def _credible(art: _Article, ph: Phrase | None) -> Phrase | None:
    """Drop a one-word 'name' nobody introduced: an ال-noun (نفى الاتهامات) or, when the name
    table is there, a word that is no known name (وأضاف بنغمة ...)."""
    if ph is None or ph.kind != "person" or ph.role or " " in ph.text.strip():
        return ph
    if ph.start in art.mention_end or art.registry.by_name(ph.text, ph.start) is not None:
        return ph
    word = fold(ph.text)
    if word.startswith("ال") or (word[:1] in "بل" and len(word) >= 5 and not known_name(word)):
        return None  # الاتهامات, بنغمة: a noun or a prepositional phrase, not a new name
    if word[:1] == "م" and word.endswith("ا") and len(word) >= 5 and not known_name(word):
        return None  # وأضاف ممازحا: an adverbial participle, not a name
    return ph


def _label_quote(art: _Article, sitems: list[Item], k: int, r: Region) -> bool:
    """A short quoted name inside a subject (وكالة "سانا"، قالت "فتح" في بيان إن): the
    statement's complement still follows it."""
    if len(art.text[r.start:r.end].split()) > 3:
        return False
    lex = lexicon()
    for it in sitems[k + 1:k + 28]:
        if it.start <= r.end:
            continue
        if it.text in ".!?؟" or it.text in _MARKS:
            return False
        if it.norm in lex.complementizers or it.norm in lex.say_nouns or it.text == ":":
            return True
    return False


def _find_cue(art: _Article, sitems: list[Item], i: int, form: CueForm,
              sent_end: int) -> _Cand | None:
    lex = lexicon()
    cue = sitems[i]
    j = i + 1
    via_without_source = False
    if form.via:  # نقلت وكالة X عن مسؤول قوله: the source after عن speaks
        for k in range(j, min(len(sitems), j + 12)):
            if sitems[k].word and sitems[k].norm == "عن":
                j = k + 1
                break
        else:
            via_without_source = True  # نقل شهود أن ...: fine; نقل السفارة ("moved"): no أن
    gap = 5 if form.kind == "part" else _MAX_GAP_NP if form.np else _MAX_GAP
    k = j
    comp: tuple[str, int] | None = None
    while k < len(sitems) and k - j <= gap:
        it = sitems[k]
        if not it.word:
            if it.text == ":":
                comp = ("colon", k)
                break
            r = art.region_opened_at(it.start)
            if r is not None:
                prev = sitems[k - 1] if k - 1 >= j else None
                channel = prev is not None and prev.word and (
                    prev.norm in lex.channel_before_quote or prev.text.endswith("ـ"))
                # أعلن/أكد with quoted words: the marks are part of its object, keep looking
                if channel or form.np or _label_quote(art, sitems, k, r):
                    before = k
                    while k < len(sitems) and sitems[k].start <= r.end:
                        k += 1
                    gap += k - before  # the quoted name does not count against the window
                    continue
                comp = ("quote", k)
                break
            if it.text in ".!?؟":
                break
            k += 1
            continue
        n = it.norm
        if n in lex.complementizers and not (k > j and sitems[k - 1].norm in lex.not_that_after):
            comp = ("that", k)
            break
        if n in lex.say_nouns:
            comp = ("say", k)
            break
        other = cue_form(n) if k > j and sitems[k - 1].norm not in lex.not_speech_before else None
        if (other is not None and other.kind != "part") \
                or strip_conj(n, lex.attribution) in lex.attribution:
            break
        k += 1
    if via_without_source and (comp is None or comp[0] != "that"):
        return None
    if comp is not None and comp[1] == j and form.kind == "pres" and not cue.norm.endswith("ون"):
        return None  # ويذكر أن / ويشار إلى أن: impersonal, nobody speaks
    region_items = sitems[j:k] if comp is not None else []
    channel = any(it.norm in ("بيان", "بيانه", "بيانها") for it in region_items)
    if comp is None:
        if form.kind == "part":
            return None
        head = []
        for it in sitems[i + 1:i + 9]:
            if not it.word:
                break
            head.append(it)
        ph = _credible(art, parse_region(art.text, head, art.mention_end, art.mention_label))
        start = _skip(art.text, ph.end if ph is not None else cue.end)
        if form.np and art.region_starting_in(start, sent_end) is not None:
            return _Cand(cue, form, ph, cue.start, start, np=True)
        if ph is not None and (ph.kind in ("org", "anon", "role") or ph.role):
            # أدانت حركة حماس ...، وقال في بيان: the subject speaks next
            return _Cand(cue, form, ph, cue.start, start, silent=True)
        return None
    ph = None
    clause_start = cue.start
    if form.kind != "part":
        ph = _credible(art, parse_region(art.text, region_items, art.mention_end,
                                         art.mention_label))
        if ph is None:
            ph = _lookback(art, sitems, i)
            if ph is not None and ph.kind != "pronoun":
                clause_start = min(clause_start, ph.start)
    kind, kc = comp
    pos = sitems[kc].start if kind == "quote" else sitems[kc].end
    pos = _skip(art.text, pos)
    r = art.region_opened_at(pos)
    if r is not None and r.start not in art.claimed:
        art.claimed.add(r.start)
        if kind in ("that", "say"):
            # أن "20 مستشفى..." أصيبت في هجمات: the reported clause runs on after the marks
            return _Cand(cue, form, ph, clause_start, r.start, via_statement=channel)
        return _Cand(cue, form, ph, clause_start, r.start, region=r, via_statement=channel)
    return _Cand(cue, form, ph, clause_start, pos, via_statement=channel)


def _find_attribution(art: _Article, sitems: list[Item], i: int, sent: Span,
                      cued: bool = False) -> _Cand | None:
    lex = lexicon()
    prep = sitems[i]
    n = len(sitems)
    if cued and i > 1:
        return None  # قال X ...، وفقا لما نقلته وكالة: the channel of a statement already cued
    k = i + 1
    if prep.norm.endswith("ما") or (k < n and sitems[k].norm in ("ما", "لما")):
        if k < n and sitems[k].norm in ("ما", "لما"):
            k += 1
        if k < n and sitems[k].word:
            k += 1
        if k < n and sitems[k].norm in ("في", "عن", "به"):
            k += 1
    words: list[Item] = []
    while k < n and sitems[k].word and len(words) < 8:
        it = sitems[k]
        if not words and it.norm.startswith("ل") and len(it.norm) > 3 \
                and it.norm not in lex.institutions:
            # وفقا لوزارة / طبقا للمسؤولين: the preposition is glued to the speaker
            rest = it.text[1:]
            norm = fold(rest)
            if norm.startswith("ل"):
                norm, rest = "ا" + norm, "ا" + rest
            it = Item(rest, norm, it.start + 1, it.end, True)
        words.append(it)
        k += 1
    ph = parse_part(art.text, words, art.mention_end, art.mention_label) if words else None
    if ph is None or ph.kind == "pronoun":
        return None
    if ph.kind == "person" and not ph.role and ph.start not in art.mention_end \
            and art.registry.by_name(ph.text, ph.start) is None:
        return None  # بحسب قوانين كل دولة: a bare unknown noun after بحسب is rarely a source
    glued = words and words[0].text != art.text[words[0].start:words[0].end]
    if glued and ph.start == words[0].start:
        # للمرصد → المرصد: show the speaker without the glued preposition
        ph = replace(ph, text=words[0].text + art.text[words[0].end:ph.end])
    after = _skip(art.text, ph.end)
    r = art.region_opened_at(after)
    if r is not None and len(art.text[r.start:r.end].split()) <= 3 and ph.kind in ("org", "anon"):
        r = None  # وكالة الأنباء الروسية "ريا نوفوستي": a name in quote marks
    glue = re.match(r"(?:ف?[إاأ]ن|لأن|بأن)\s*", art.text[after:after + 8])
    if r is None and glue:
        r = art.region_opened_at(after + glue.end())
    if r is None:
        before = art.region_closed_before(prep.start, claimed_too=True)
        if before is not None and before.start in art.claimed:
            return None  # وفقا لما نقلته وكالة ...: the channel of an already attributed quote
        r = before
    if r is not None:
        art.claimed.add(r.start)
        return _Cand(prep, None, ph, prep.start, r.start, region=r)
    first_words = [it for it in sitems[:i] if it.word]
    if len(first_words) <= 1:
        start = _skip(art.text, ph.end)
        m = re.match(r"(?:ف?[إا]ن\s+)", art.text[start:])
        return _Cand(prep, None, ph, prep.start, start + (m.end() if m else 0))
    return _Cand(prep, None, ph, prep.start, sent.start, fixed_end=prep.start)


_TRAIL = " \t\n،,.:;؛"
_MARKS = frozenset("\"«»“”„")


def _sentence_subject(art: _Article, sitems: list[Item]) -> Phrase | None:
    """Subject of the sentence's first verb (``وسلط شينكر الضوء ...``, ``في المقابل، رد X،
    المتحدث باسم ...``), for participles and subject-less verbs later in the sentence."""
    starts = [2] if sitems and sitems[0].norm in lexicon().negation else [1]
    for idx, it in enumerate(sitems[:7]):
        if it.text in "،,":
            starts.append(idx + 2)
            break
    for first in starts:
        if first - 1 >= len(sitems) or not sitems[first - 1].word:
            continue
        region: list[Item] = []
        for it in sitems[first:first + 16]:
            if not it.word and it.text not in "،,":
                break
            region.append(it)
        ph = parse_region(art.text, region, art.mention_end, art.mention_label) if region else None
        if ph is None or ph.kind == "pronoun":
            continue
        if ph.kind == "person" and not ph.role:
            names = ph.text.split()
            if not any(art.registry.by_name(" ".join(names[:n]), ph.start)
                       for n in range(1, len(names) + 1)):
                continue
        return ph
    return None


def _speaker(art: _Article, c: _Cand, prev: _Said | None, sitems: list[Item]) -> _Said | None:
    """Who speaks for one cue: its own subject, the sentence's, or the last speaker."""
    pos = c.cue.start
    if c.form is None:
        return art.resolve(c.phrase, "", pos)
    if c.form.kind == "part" and prev is not None:
        return _Said(prev.speaker, prev.kind, prev.role, prev.gender)
    if c.phrase is None and prev is None and (c.form.kind == "part" or pos > sitems[0].start):
        # ونعته الناطقة ... ماري كلير فغالي ...، وكتبت: the sentence's own subject speaks
        subject = _sentence_subject(art, sitems)
        if subject is not None:
            return art.resolve(subject, c.form.gender, pos, loose=True)
        return art.carry(c.form.gender)
    if c.phrase is None and prev is None and art.topic is not None:
        # واستنفر الوزير التركي ... . وقال: "...": the previous sentence's subject goes on
        said = art.resolve(art.topic, c.form.gender, pos, loose=True)
        if said is not None and (not said.gender or said.gender == c.form.gender
                                 or c.form.gender == "p" or said.kind != "person"):
            return said
    return art.resolve(c.phrase, c.form.gender, pos)


def _emit(art: _Article, sent: Span, sitems: list[Item], cands: list[_Cand]) -> None:
    prev: _Said | None = None
    for idx, c in enumerate(cands):
        if c.region is not None:
            start, end = c.region.start, c.region.end
        elif c.fixed_end >= 0:
            start, end = _skip(art.text, c.stmt_start, " \t\n،,"), c.fixed_end
        else:
            start = c.stmt_start
            end = art.extend(sent.end)
            for later in cands[idx + 1:]:
                if later.clause_start > start:
                    end = min(end, later.clause_start)
                    break
        while end > start and art.text[end - 1] in _TRAIL:
            end -= 1
        while end > start and art.text[end - 1] in _MARKS and \
                sum(ch in _MARKS for ch in art.text[start:end]) % 2:
            end -= 1  # the closing mark of a quote the statement starts inside
        while end > start and art.text[end - 1] in _TRAIL:
            end -= 1
        if end <= start and not c.silent:
            continue
        said = _speaker(art, c, prev, sitems)
        if c.np and not c.silent:
            # وصف "المرأة المرعبة": a scare-quoted label is not a statement
            r = art.region_starting_in(start, end, min_words=4)
            if r is None:
                c = replace(c, silent=True)
            else:
                art.claimed.add(r.start)
        if c.silent:
            if said is not None and said.speaker:
                art.remember(said)  # أدانت حركة حماس ...، وقال في بيان: she speaks next
                prev = said
            continue
        if said is None or not said.speaker:
            continue
        art.remember(said)
        prev = said
        if c.via_statement:
            art.owner = _Said(said.speaker, said.kind, said.role, said.gender)
        direct = c.region is not None or art.overlaps_quote(start, end)
        art.quotes.append(Quote(
            text=art.text[start:end], start=start, end=end, speaker=said.speaker,
            speaker_type=said.kind, speaker_role=said.role, direct=direct, cue=c.cue.text,
            cue_start=c.cue.start, cue_end=c.cue.end, speaker_start=said.start,
            speaker_end=said.end))


@lru_cache(maxsize=100_000)
def _speech_word(norm: str) -> bool:
    """Can this folded word start a candidate (a speech verb or an attribution preposition)?
    Cached: asked for every word of every article, and most words are neither."""
    lex = lexicon()
    return strip_conj(norm, lex.attribution) in lex.attribution or cue_form(norm) is not None


def extract_quotes(text: str, sentences: tuple[Span, ...],
                   mentions: tuple[Mention, ...] = ()) -> tuple[Quote, ...]:
    """Direct quotes and reported statements of one article body, with their speakers.

    ``sentences`` are spans into ``text`` (from ``rasid.arabic``; when empty the text is split on
    newlines and . ؟ !). ``mentions`` (NER output, optional) sharpen name boundaries and add
    people to resolve surnames against. Quotes come out in text order.
    """
    if not text.strip():
        return ()
    n = len(text)
    spans = tuple(Span(max(0, s.start), min(n, s.end)) for s in sentences
                  if min(n, s.end) > max(0, s.start))
    art = _Article(text, spans, tuple(m for m in mentions if 0 <= m.start < m.end <= n))
    lex = lexicon()
    starts = [it.start for it in art.items]
    for sent in art.sentences:
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        sitems = art.items[lo:hi]
        cands: list[_Cand] = []
        for i, it in enumerate(sitems):
            if not it.word or not _speech_word(it.norm) or art.inside_quote(it.start):
                continue
            if i and sitems[i - 1].norm in lex.not_speech_before:
                continue  # طلب عدم كشف هويته: a verbal noun, not a speech verb
            if any(c.clause_start <= it.start < c.stmt_start for c in cands[-1:]):
                continue  # a verb inside the previous cue's subject or channel phrase
            if strip_conj(it.norm, lex.attribution) in lex.attribution:
                cued = any(c.form is not None and not c.np and not c.silent for c in cands)
                cand = _find_attribution(art, sitems, i, sent, cued=cued)
            else:
                form = cue_form(it.norm)
                cand = _find_cue(art, sitems, i, form, sent.end) if form is not None else None
            if cand is not None:
                cands.append(cand)
        _emit(art, sent, sitems, cands)
        # a sentence without speech hands its subject on to a verb with none in the next one
        art.topic = None if cands or not sitems else _sentence_subject(art, sitems)
    return tuple(sorted(art.quotes, key=lambda q: (q.start, q.cue_start)))
