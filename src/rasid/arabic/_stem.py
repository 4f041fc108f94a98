"""Light stemming for indexing: clitic stripping and Light10-style suffix removal.

Rules live in ``data/affixes.json`` (prefix/suffix lists, minimum stem lengths, radical-و words)
and ``data/stopwords.json`` (function words left whole). Input is a token in ``normalize`` form.

Chosen over snowballstemmer's Arabic stemmer by a measurement on 30 hand-written lemma groups
of news words (186 inflected forms): our Light10 rules put 87% of same-lemma pairs on one stem
(21/30 groups fully conflated) against 58% (3/30) for snowball, neither merged two groups, and
an uncached call costs ~2.4 µs against ~77 µs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rasid.arabic._normalize import load_data, normalize


@dataclass(frozen=True, slots=True)
class _Rules:
    articles: tuple[str, ...]  # longest first
    article_min: int
    conjunctions: tuple[str, ...]
    conjunction_min: int
    radical_waw: frozenset[str]  # suffix-stripped forms whose first و is a root letter
    suffixes: tuple[str, ...]
    suffix_min: int
    stopwords: frozenset[str]


def _strip_suffixes(word: str, suffixes: tuple[str, ...], minimum: int) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
            word = word[: -len(suffix)]
    return word


@cache
def _rules() -> _Rules:
    data = load_data("affixes.json")
    art = data["article_prefixes"]
    conj = data["conjunction_prefixes"]
    suf = data["suffixes"]
    suffixes = tuple(normalize(s) for s in suf["suffixes"])
    suffix_min = int(suf["min_stem"])
    return _Rules(
        articles=tuple(sorted((normalize(p) for p in art["prefixes"]), key=len, reverse=True)),
        article_min=int(art["min_stem"]),
        conjunctions=tuple(normalize(p) for p in conj["prefixes"]),
        conjunction_min=int(conj["min_stem"]),
        radical_waw=frozenset(
            _strip_suffixes(normalize(w), suffixes, suffix_min) for w in conj["radical_waw"]
        ),
        suffixes=suffixes,
        suffix_min=suffix_min,
        stopwords=frozenset(normalize(w) for w in load_data("stopwords.json")["words"]),
    )


@lru_cache(maxsize=1 << 16)
def strip_clitics(word: str) -> str:
    """Remove the proclitics و ف ب ك ل and the article ال, conservatively.

    Article combinations (ال وال بال كال فال لل وبال ولل ...) go when at least two letters stay;
    a lone conjunction و goes when at least three stay (Light10), unless the word is a listed
    radical-و word (وزير, وكالة). A lone ب ك ل ف before a word without the article stays:
    without a lexicon بلد cannot be told from ب+لد. Function words (الذي, ولكن, الله) are
    returned whole. Expects a token in ``normalize`` form.
    """
    rules = _rules()
    if word in rules.stopwords:
        return word
    for prefix in rules.articles:
        if word.startswith(prefix) and len(word) - len(prefix) >= rules.article_min:
            return word[len(prefix) :]
    for prefix in rules.conjunctions:
        if word.startswith(prefix) and len(word) - len(prefix) >= rules.conjunction_min:
            if _strip_suffixes(word, rules.suffixes, rules.suffix_min) in rules.radical_waw:
                return word
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> str:
    """Light stem of a normalised token for indexing: ``strip_clitics`` then Light10 suffixes.

    Suffixes (ها ان ات ون ين يه ه ي) are visited once in that order and each is removed when at
    least two letters stay. Deterministic and cached; tokens that do not start with an Arabic
    letter (numbers, Latin, punctuation) come back unchanged.
    """
    if not word or not ("\u0621" <= word[0] <= "\u06ff"):
        return word
    rules = _rules()
    base = strip_clitics(word)
    if base in rules.stopwords:
        return base
    return _strip_suffixes(base, rules.suffixes, rules.suffix_min)
