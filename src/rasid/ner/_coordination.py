"""Splitting a person span at a conjunction-joined name (a rule run after the second CRF pass).

The CRFs often tag a list of two names as one person (``بوش وبلير``, ``عنان وصبري``,
``سولانا ولاريجاني``), where ANERcorp, and a reader, see two. A word inside a person span
starts a new one when it begins with a conjunction (``data/coordination.json``), is not a
known name as written (``وليد``, ``وجدي`` and ``وقاص`` are) and is one without the conjunction.
Known names are the name table's given and family names and the words of the person entities
seen in training. Scored over the training split's five folds, the rule made 7 splits, all
right (person F1 79.09 → 79.48); on the dev split 1 (83.75 → 84.28).

Most names of a list are unknown, though (sports reports: ``مبابي وغريزمان``, ``نوفاك وريكل``).
An unknown word also starts a new person when the letter after its و cannot be the W of a
foreign name (``ويلشير``, ``واينستين``, ``ووكر`` and ``وليامز`` are one word each); the JSON
file says what that was measured on.

ANERcorp keeps the clitic in the entity's token (``والكاظمي``); the mentions ``rasid.ner``
returns leave it out (:func:`conjunction` says how many letters it takes).
"""

from __future__ import annotations

import json
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasid.ner._conll import chunks
from rasid.ner._features import Resources
from rasid.ner._text import norm

PERSON = "PERS"


@dataclass(frozen=True)
class _Rules:
    conjunctions: tuple[str, ...]
    min_letters: int
    w_letters: frozenset[str]


@cache
def _rules() -> _Rules:
    raw = json.loads(
        resources.files("rasid.ner").joinpath("data/coordination.json").read_text(encoding="utf-8")
    )
    return _Rules(
        tuple(raw["conjunctions"]), int(raw["min_letters"]), frozenset(raw["w_letters"])
    )


def person_words(res: Resources) -> frozenset[str]:
    """Normalised words known as (parts of) person names: the name table and training's persons."""
    seen = (w for key, (label, _) in res.seen.items() if label == PERSON for w in key)
    return frozenset(res.names).union(seen)


def conjunction(word: str, known: frozenset[str], names: Container[str] | None = None) -> int:
    """How many letters of ``word`` are a conjunction before a name (``وبلير``: 1): a known
    name, or an unknown word whose first letter cannot follow the W of a foreign name
    (``وغريزمان``; ``ويلشير`` is one word); 0 when it has none or is a name as written
    (``وليد``): one of ``names``, by default ``known``. (Training's persons include clitic
    forms, ``وصبري``: a mention trims those unless the name table has them.)"""
    w = norm(word)
    rules = _rules()
    if len(w) < rules.min_letters or w in (known if names is None else names):
        return 0
    for c in rules.conjunctions:
        if not w.startswith(c):
            continue
        # the letters of ``word`` that make the conjunction, with the harakat after it
        k = got = 0
        while k < len(word) and (got < len(c) or not norm(word[k])):
            got += len(norm(word[k]))
            k += 1
        if w[len(c) :] in known or (k < len(word) and word[k] not in rules.w_letters):
            return k
    return 0


def split_coordinated(
    words: Sequence[str], tags: Sequence[str], known: frozenset[str]
) -> list[str]:
    """``tags`` with each conjunction-joined name inside a person span made a span of its own."""
    out = list(tags)
    for a, b, label in chunks(tags):
        if label != PERSON:
            continue
        for i in range(a + 1, b):
            if conjunction(words[i], known):
                out[i] = f"B-{PERSON}"
    return out
