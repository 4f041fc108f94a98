"""Entity resolution within one article, and a folding key to line names up across articles.

:func:`resolve_entities` groups NER mentions: a surname or first name alone (``أوستن``,
``ناثان``) joins the fullest name that holds it (``لويد أوستن``), the role written next to a
person (``وزير الدفاع الأميركي``) is attached, and role-only mentions that fit that role
(``المتحدث الأميركي``) are added to the person's mentions. Organisations and places group by
:func:`variant_key`, which folds loanword spellings and the curated alias table.
"""

from __future__ import annotations

import gzip
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from importlib import resources

from rasid._quote_lexicon import fold, items, lexicon, name_key, token_key
from rasid._quote_speaker import Registry, prescan
from rasid._rules import load_rules, rule_list
from rasid.errors import ModelError
from rasid.models import Entity, Mention, Span


def _base_key(name: str) -> str:
    return name_key(name)


@cache
def _aliases() -> dict[str, str]:
    data = load_rules("rasid.data", "aliases.json")
    if not isinstance(data.get("aliases"), dict):
        raise ModelError("rule file rasid/data/aliases.json has no 'aliases' object")
    table: dict[str, list[str]] = data["aliases"]
    out: dict[str, str] = {}
    for canonical, names in table.items():
        key = _base_key(canonical)
        for n in names:
            out.setdefault(_base_key(n), key)
    return out


def variant_key(name: str) -> str:
    """Cross-article key of a name: equal keys mean the same name written differently.

    Folds diacritics and tatweel, hamza forms, ى/ي, ة/ه, the loanword g (غ/ج/گ), the article
    ال on each word, a medial long ي (أمريكي/أميركي), spaces and punctuation
    (أسوشيتد برس/أسوشيتدبرس), then maps curated aliases (البنتاغون → وزارة الدفاع الأمريكية).
    """
    key = _base_key(name)
    return _aliases().get(key, key)


# -- romanisation -------------------------------------------------------------------------------

_LATIN = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "'", "ؤ": "'", "ئ": "'", "ب": "b", "ت": "t",
    "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a",
    "گ": "g", "چ": "ch", "پ": "p", "ڤ": "v",
}


def _romanise_word(word: str) -> str:
    w = re.sub("[\u064b-\u065f\u0670\u0640]", "", word)
    out: list[str] = []
    prefix = ""
    if w.startswith("ال") and len(w) > 3:
        prefix, w = "al-", w[2:]
    for i, ch in enumerate(w):
        if ch == "و":
            out.append("w" if i == 0 or (i + 1 < len(w) and w[i + 1] in "اوي") else "u")
        elif ch == "ي":
            out.append("y" if i == 0 or (i + 1 < len(w) and w[i + 1] in "اوي") else "i")
        elif ch == "ا" and i == 0:
            out.append("a")
        else:
            out.append(_LATIN.get(ch, ch if ch.isascii() else ""))
    latin = prefix + "".join(out)
    return latin[:1].upper() + latin[1:] if latin else latin


@cache
def _name_romanizer() -> Callable[[str], str] | None:
    """The optional MIT-licensed ``arabic-name-romanizer`` (offline dictionary + ONNX model)."""
    try:
        from arabic_name_romanizer import transliterate
    except ImportError:
        return None

    def run(name: str) -> str:
        out = transliterate(name)
        return out if isinstance(out, str) else str(out)

    return run


@lru_cache(maxsize=50_000)
def romanise(name: str, person: bool = False, *, neural: bool = False) -> str | None:
    """A readable Latin form of an Arabic name, offline.

    With ``neural`` and ``person``, the name goes through ``arabic-name-romanizer`` when it is
    installed (likely real-world spellings: ``Moustafa al-Kazimi``; about 10 ms a name, so the
    per-article stage does not ask for it). Otherwise a small letter-by-letter romaniser of our
    own (readable, not a standard).
    """
    if person and neural:
        lib = _name_romanizer()
        if lib is not None:
            try:
                latin = lib(name).strip()
            except (ValueError, RuntimeError, KeyError, IndexError):
                latin = ""
            if latin:
                return latin
    words = [_romanise_word(w) for w in name.split() if w]
    words = [w for w in words if w]
    return " ".join(words) or None


# -- resolution ---------------------------------------------------------------------------------

def _clean_name(text: str) -> str:
    lex = lexicon()
    words = text.split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in lex.titles:
        words = words[1:]
    return " ".join(words)


def _group_people(mentions: list[Mention], reg: Registry) -> list[list[Mention]]:
    """Cluster person mentions: longest names first, shorter ones join the fullest holder."""
    groups: list[tuple[tuple[str, ...], list[Mention]]] = []
    order = sorted(mentions, key=lambda m: (-len(m.text.split()), m.start))
    for m in order:
        keys = tuple(token_key(w) for w in _clean_name(m.text).split())
        best = None
        for g in groups:
            if keys and all(k in g[0] for k in keys):
                # the nearest earlier mention wins when two people share a surname
                near = max((x.start for x in g[1] if x.start <= m.start), default=-1)
                if best is None or near > best[0]:
                    best = (near, g)
        if best is None:
            full = reg.by_name(_clean_name(m.text), m.start)
            if full is not None and len(full.keys) > len(keys):
                keys = full.keys
            groups.append((keys, [m]))
        else:
            best[1][1].append(m)
    return [g[1] for g in groups]


def _role_spans(text: str, reg: Registry) -> dict[str, list[Span]]:
    """Role-only mentions (``المتحدث الأميركي``) that fit exactly one named person."""
    lex = lexicon()
    out: dict[str, list[Span]] = {}
    toks = [it for it in items(text) if it.word]
    for i, it in enumerate(toks):
        if it.norm not in lex.role_heads:
            continue
        j = i + 1
        while j < len(toks) and j - i < 8:
            t = toks[j].norm
            if t in lex.role_object_links and j + 1 < len(toks):
                j += 2  # المتحدث باسم وزارة ...: the link and the noun it governs
            elif t.startswith(("ال", "لل")) or t in lex.role_links:
                j += 1
            else:
                break
        role = text[it.start:toks[j - 1].end]
        nxt = toks[j].norm if j < len(toks) else ""
        if nxt and nxt not in lex.stop_words and nxt not in lex.complementizers and \
                reg.by_name(toks[j].text, it.start) is not None:
            continue  # a role followed by a name belongs to that name's mention
        gender = lex.role_heads[it.norm]
        person = reg.by_role(role, gender, it.start)
        if person is not None:
            out.setdefault(person.name, []).append(Span(it.start, toks[j - 1].end))
    return out


def _pattern_mentions(text: str, reg: Registry, mentions: tuple[Mention, ...]) -> list[Mention]:
    """Person mentions the NER may have missed: names a role introduced (``وزير الدفاع لويد
    أوستن``) and later bare surnames of those people (``أوستن``). Scored 0.5: rule-found."""
    taken = [(m.start, m.end) for m in mentions]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    out: list[Mention] = []
    for p in reg.people:
        for s, e in p.spans:
            if free(s, e):
                out.append(Mention(text[s:e], s, e, "PERS", 0.5))
                taken.append((s, e))
    surnames = {p.keys[-1]: p for p in reg.people if p.spans and len(p.keys) > 1
                and len(p.keys[-1]) >= 3}
    if not surnames:
        return out
    stop = lexicon().stop_words
    for it in items(text):
        if it.word and it.norm not in stop and token_key(it.text) in surnames \
                and free(it.start, it.end):
            out.append(Mention(it.text, it.start, it.end, "PERS", 0.5))
            taken.append((it.start, it.end))
    return out


@cache
def _construct_heads() -> frozenset[str]:
    return frozenset(token_key(w) for w in rule_list("rasid.data", "entity_heads.json", "heads"))


@cache
def _proclitics() -> tuple[str, ...]:
    # longest first: ول before و
    words = rule_list("rasid.data", "entity_heads.json", "proclitics")
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _not_names() -> frozenset[str]:
    """Keys of words that alone make no person (:file:`entity_heads.json` ``not_names`` and the
    quote lexicon's anonymous-source heads)."""
    words = [*rule_list("rasid.data", "entity_heads.json", "not_names"), *lexicon().anonymous]
    return frozenset(token_key(w) for w in words)


def _words_key(words: list[str]) -> str:
    return " ".join(token_key(w) for w in words)


def _name_keys(text: str) -> set[str]:
    """What a person mention makes known: its last word (a surname) and its whole name."""
    words = text.split()
    return {token_key(words[-1]), _words_key(words)} if words else set()


def proclitic_rests(name: str) -> list[tuple[int, str]]:
    """What ``name`` could be without a proclitic on its first word, longest proclitic first:
    ``(cut, rest)`` with ``rest`` the name written alone (``وترامب`` → ``(1, "ترامب")``). A ل
    before the article ال takes the place of its alif (``للعراق`` is ل + ``العراق``): there
    ``rest`` is not a substring and ``cut`` is 0. A rest needs three letters. Whether a rest
    is right takes evidence: a name it matches elsewhere."""
    words = name.split()
    out: list[tuple[int, str]] = []
    for p in _proclitics() if words else ():
        cut = len(p)
        if not words[0].startswith(p) or len(fold(words[0][cut:])) < 3:
            continue
        while cut < len(name) and not fold(name[cut]):
            cut += 1  # harakat on the proclitic (وَترامب)
        out.append((cut, name[cut:]))
        if p.endswith("ل") and name[cut:].startswith("ل"):
            out.append((0, "ا" + name[cut:]))
    return out


def _without_proclitic(m: Mention, givers: Counter[str]) -> Mention | None:
    """``m`` without a proclitic on its first word (``وترامب`` → ``ترامب``) when the rest is a
    name another mention makes known and ``m`` as written is not; else None. ``givers``: how
    many distinct mention texts make each key known."""
    mine = _name_keys(m.text)

    def known(key: str) -> bool:
        return givers[key] > (key in mine)

    if known(_words_key(m.text.split())):
        return None
    for cut, rest in proclitic_rests(m.text):
        if cut and known(_words_key(rest.split())):
            return Mention(rest, m.start + cut, m.end, m.label, m.score)
    return None


def _agree_labels(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """A person mention that the article's other mentions more often write as an organisation
    or a place takes that label (``لفرانس برس`` tagged a person once, ``فرانس برس`` an
    organisation elsewhere), and loses its proclitic when only the rest matches."""
    persons: Counter[str] = Counter()
    others: dict[str, Counter[str]] = {}
    for m in mentions:
        key = variant_key(m.text)
        if m.label == "PERS":
            persons[key] += 1
        else:
            others.setdefault(key, Counter())[m.label] += 1
    out: list[Mention] = []
    for m in mentions:
        if m.label == "PERS" and others:
            for cut, rest in [(0, m.text), *((c, r) for c, r in proclitic_rests(m.text) if c)]:
                key = variant_key(rest)
                label, n = others[key].most_common(1)[0] if key in others else ("", 0)
                if n > persons[key]:
                    m = Mention(rest, m.start + cut, m.end, label, m.score)
                    break
        out.append(m)
    return tuple(out)


def _repair_people(mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """Fix the person mentions the NER gets wrong in ways the article or the words show.

    A person mention whose first word carries a proclitic (``وترامب``, ``لبومبيو``) loses it,
    one whose first word is a noun governing a name (``زيارة الكاظمي``, ``باسم الكاظمي``) is
    trimmed to the name, and one that joins two people with و (``بايدن والكاظمي``) is split,
    but only when the remaining name is known from another person mention of the same
    article: the article itself is the evidence. Before that, a person mention the article
    writes more often as an organisation or place takes that label (:func:`_agree_labels`),
    and one made only of common nouns (:func:`_not_names`) is dropped.
    """
    mentions = tuple(m for m in _agree_labels(mentions) if m.label != "PERS" or not all(
        token_key(w) in _not_names() for w in m.text.split()))
    people = [m for m in mentions if m.label == "PERS"]
    # the keys the article's person mentions make known, each with how many distinct mention
    # texts give it: a key is known from *another* mention when some other text gives it
    known: Counter[str] = Counter()
    for text in {m.text for m in people}:
        known.update(_name_keys(text))
    out: list[Mention] = []
    for m in mentions:
        if m.label == "PERS":
            m = _without_proclitic(m, known) or m
        words = m.text.split()
        if m.label != "PERS" or len(words) < 2:
            out.append(m)
            continue
        offsets: list[int] = []
        pos = 0
        for w in words:
            pos = m.text.index(w, pos)
            offsets.append(pos)
            pos += len(w)
        last = words[-1]
        if len(words) == 2 and last.startswith("و") and len(last) > 3 \
                and token_key(last[1:]) in known and token_key(words[0]) in known:
            cut = offsets[1]
            out.append(Mention(words[0], m.start, m.start + len(words[0]), "PERS", m.score))
            out.append(Mention(last[1:], m.start + cut + 1, m.end, "PERS", m.score))
            continue
        tail = _words_key(words[1:])
        if token_key(words[0]) == token_key("باسم") and not any(
                p is not m and token_key(p.text.split()[-1]) == token_key(last)
                for p in people):
            # "المتحدث باسم البنتاغون": the preposition باسم ('on behalf of') before an
            # institution, not the given name Basim
            start = m.start + offsets[1]
            out.append(Mention(m.text[offsets[1]:], start, m.end, "ORG", m.score))
            continue
        if tail in known and token_key(words[0]) in _construct_heads() and any(
                p is not m and token_key(p.text.split()[-1]) == token_key(last)
                for p in people):
            start = m.start + offsets[1]
            out.append(Mention(m.text[offsets[1]:], start, m.end, "PERS", m.score))
            continue
        out.append(m)
    return tuple(out)


@cache
def _type_heads() -> dict[str, frozenset[str]]:
    """The nouns that head organisation and place names (مجلس، وزارة، مدينة), from the
    recogniser's trigger list, as :func:`token_key` keys."""
    return {label: frozenset(token_key(w) for w in rule_list("rasid.ner", "data/triggers.json",
                                                               label))
            for label in ("ORG", "LOC")}


@cache
def _gazetteer() -> dict[str, frozenset[str]]:
    """Keys of the place and organisation names the recogniser ships: the country names of
    ``rasid/ner/model/places.tsv`` (from pycountry) and the names its training split tags
    LOC or ORG at least twice (``seen.tsv.gz``: طهران, البنتاغون); empty without the model."""
    model = resources.files("rasid.ner").joinpath("model")
    found: dict[str, set[str]] = {"LOC": set(), "ORG": set()}
    try:
        for line in model.joinpath("places.tsv").read_text(encoding="utf-8").splitlines():
            if (name := line.split("\t")[0].strip()) and not line.startswith("#"):
                found["LOC"].add(variant_key(name))
        with gzip.open(io.BytesIO(model.joinpath("seen.tsv.gz").read_bytes()), "rt",
                       encoding="utf-8") as fh:
            for line in fh:
                name, label, count = [*line.rstrip("\n").split("\t"), "", "", ""][:3]
                if label in found and count.isdigit() and int(count) >= 2:
                    found[label].add(variant_key(name))
    except (OSError, ModuleNotFoundError, EOFError, gzip.BadGzipFile):
        return {}
    return {label: frozenset(keys) for label, keys in found.items()}


def _keyed_others(mentions: Sequence[Mention]) -> list[tuple[Mention, str]]:
    """Each mention that is not a person with the key it groups under. One written with a
    proclitic (والعراق, للولايات المتحدة, ومجلس الأمن, وماليزيا, لطهران) loses it when the rest
    is a name of the same label another mention of the article writes, an organisation or
    place whose first word is a noun that heads such names (مجلس, وزارة, مدينة), or a name of
    that label the recogniser ships (:func:`_gazetteer`), and no other mention writes it as it
    is. A ل before ال takes the article's alif (للعراق): that spelling cannot be cut to the
    name, so it is kept whole and only grouped with it."""
    others = [m for m in mentions if m.label != "PERS"]
    givers: Counter[tuple[str, str]] = Counter(
        (label, variant_key(text)) for label, text in {(m.label, m.text) for m in others})
    heads = _type_heads()
    out: list[tuple[Mention, str]] = []
    for m in others:
        key = variant_key(m.text)
        if givers[(m.label, key)] == 1:
            for cut, rest in proclitic_rests(m.text):
                rest_key = variant_key(rest)
                named = givers[(m.label, rest_key)] > 0 or rest_key in _gazetteer().get(
                    m.label, ())
                if named or (cut and token_key(rest.split()[0]) in heads.get(m.label, ())):
                    key = rest_key
                    if cut:
                        m = Mention(m.text[cut:], m.start + cut, m.end, m.label, m.score)
                    break
        out.append((m, key))
    return out


def resolve_entities(text: str, mentions: tuple[Mention, ...]) -> tuple[Entity, ...]:
    """Group one article's mentions into entities (persons, organisations, places, other).

    Persons a role introduces are found even when ``mentions`` misses them (or is empty).
    """
    if not text.strip():
        return ()
    mentions = _repair_people(mentions)
    reg = prescan(text, items(text), mentions)
    mentions = tuple(sorted((*mentions, *_pattern_mentions(text, reg, mentions)),
                            key=lambda m: m.start))
    if not mentions:
        return ()
    people = [m for m in mentions if m.label == "PERS"]
    # (label, key, mentions); people group by _group_people, so their key is unused
    groups = [("PERS", "", g) for g in _group_people(people, reg)]
    by_key: dict[tuple[str, str], list[Mention]] = {}
    for m, key in _keyed_others(mentions):
        by_key.setdefault((m.label, key), []).append(m)
    groups += [(label, key, g) for (label, key), g in by_key.items()]
    groups.sort(key=lambda g: min(m.start for m in g[2]))
    roles = _role_spans(text, reg)
    out: list[Entity] = []
    for n, (label, key, group) in enumerate(groups, 1):
        counts = Counter(m.text for m in group)
        if label == "PERS":
            name = _clean_name(max(counts, key=lambda v: (len(v.split()), counts[v], -len(v))))
            person = reg.by_name(name, min(m.start for m in group))
            role = person.role if person is not None else None
            if person is not None and len(person.keys) > len(name.split()):
                name = person.name
            spans = {Span(m.start, m.end) for m in group} | set(roles.get(name, []))
        else:
            # a spelling of the group's own key first: not a clitic form kept whole (للعراق)
            name = max(counts, key=lambda v: (variant_key(v) == key, counts[v], len(v)))
            if variant_key(name) != key:
                # only the clitic spelling was written (للعراق): the name is what it joins
                name = next((rest for cut, rest in proclitic_rests(name)
                             if not cut and variant_key(rest) == key), name)
            role = None
            spans = {Span(m.start, m.end) for m in group}
        variants = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(Entity(
            id=f"{label}-{n}", name=name, label=label, variants=variants, role=role,
            latin=romanise(name, person=label == "PERS"),
            mentions=tuple(sorted(spans, key=lambda s: s.start))))
    return tuple(out)
