"""Names that news text itself introduces by a role, for the runtime name table (build time).

The Wikidata name table (``names.tsv.gz``) knows mostly Arab names: it has neither دونالد nor
ترامب, nor ماكرون's given name, nor بومبيو. The recogniser leans on that table, so in 2018 news
it found ترامب only where the document's other evidence carried it (on 600 ANT articles, 396
of 666 occurrences). News writes such names after a role again and again (الرئيس الأميركي
دونالد ترامب، وزير الخارجية الروسي سيرغي لافروف): the quote attribution's role parser finds
those phrases without the recogniser, and the words of the names it reads there are the names
of the day. :func:`role_names` collects them; ``scripts/build_ner_resources.py`` writes them to
``model/news_names.tsv.gz``, which the runtime merges into the name table (training does not:
see ``rasid.ner.train``).

A word is kept when it is read as part of a role-introduced name in at least ``MIN_ARTICLES``
articles and in at least half of the articles that hold it: a common word the parser once took
for a name (وسط, منتخب) is in many more articles than that. Its role (given name or surname)
is where it stood: the last word of a name is a surname.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from rasid._quote_lexicon import items
from rasid._quote_speaker import prescan
from rasid.ner._text import norm

MIN_ARTICLES = 3
MIN_SHARE = 0.5
# suffixes a role word carries when the parser reads it as a name (وزير خارجيته)
_POSSESSIVES = ("ه", "ها", "هم", "نا")

NameRow = tuple[str, str, int]  # normalised word, "given" or "surname", articles


def _arabic(word: str) -> bool:
    return all("\u0621" <= ch <= "\u064a" for ch in word)


def _common_stem(word: str, named: int, articles: Counter[str]) -> bool:
    """Is ``word`` a common word with a clitic or a possessive glued to it (ومقدم، خارجيته)?"""
    stems = [word[1:]] if word[:1] in "وبل" else []
    for suffix in _POSSESSIVES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            stems.append(stem)
            if stem.endswith("ت"):
                stems.append(stem[:-1] + "ه")  # خارجيت-ه: the stem's ta marbuta
    return any(articles[s] >= 5 * named for s in stems)


def role_names(texts: Iterable[str], known: Collection[str] = ()) -> list[NameRow]:
    """Words of the names that the articles ``texts`` introduce by a role, with the number of
    articles that read each as a given name and as a surname; words in ``known`` (the
    Wikidata table) are left out. Sorted by word, then role."""
    roles: dict[str, Counter[str]] = {}
    named: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for text in texts:
        words = items(text)
        here: set[tuple[str, str]] = set()
        for person in prescan(text, words, ()).people:
            if not person.role:
                continue
            parts = [norm(w) for w in person.name.split()]
            for k, w in enumerate(parts):
                here.add((w, "surname" if k == len(parts) - 1 else "given"))
        for w, role in here:
            roles.setdefault(w, Counter())[role] += 1
        named.update({w for w, _ in here})
        articles.update({norm(it.text) for it in words if it.word})
    out: list[NameRow] = []
    for w, n in named.items():
        if n < MIN_ARTICLES or n < MIN_SHARE * articles[w] or w in known:
            continue
        if len(w) < 2 or not _arabic(w) or _common_stem(w, n, articles):
            continue
        out += [(w, role, c) for role, c in roles[w].items()]
    return sorted(out)
