"""Token features for the CRF: word forms, affixes, shape, clusters, gazetteers and triggers.

Everything here is a pure function of the words and a :class:`Resources` bundle, so training
and inference compute identical features.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from rasid.errors import ModelError
from rasid.ner._conll import chunks
from rasid.ner._dense import Array, dense_features, likeliest
from rasid.ner._text import WordCache, is_arabic, norm, strip_clitics, strip_conj

# longest multi-word gazetteer entry we try to match, in tokens
MAX_SPAN = 6


@dataclass(frozen=True)
class Resources:
    """Lookup tables the features read; all keys are normalised forms (see ``_text.norm``)."""

    clusters: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)
    names: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # given, surname counts
    places: frozenset[tuple[str, ...]] = frozenset()
    triggers: Mapping[str, str] = field(default_factory=dict)
    # entity strings seen in training with their most frequent type and its count
    seen: Mapping[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)
    # first word of the ``places`` / ``seen`` entries -> longest entry starting with it
    place_starts: Mapping[str, int] = field(init=False, repr=False, compare=False)
    seen_starts: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # most words start no entry: _span_marks skips them without building a tuple
        object.__setattr__(self, "place_starts", _starts(self.places))
        object.__setattr__(self, "seen_starts", _starts(self.seen))


def _starts(table: Iterable[tuple[str, ...]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for entry in table:
        if entry and len(entry) > out.get(entry[0], 0):
            out[entry[0]] = len(entry)
    return out


# the words of role-introduced names in news (``_harvest``): a runtime extension of the table
NEWS_NAMES = "news_names.tsv.gz"


def _read_names(path: Path, names: dict[str, tuple[int, int]]) -> None:
    """Add the given-name and surname counts of a name table file to ``names``."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, role, n = line.rstrip("\n").split("\t")
            g, s = names.get(w, (0, 0))
            if role == "surname":
                s += int(n)
            else:
                g += int(n)
            names[w] = (g, s)


def _bucket(n: int) -> str:
    return str(min(int(math.log2(n + 1)), 8))


def load_resources(
    model_dir: Path,
    seen: Mapping[tuple[str, ...], tuple[str, int]] | None = None,
    *,
    news_names: bool = True,
) -> Resources:
    """Read the tables built by ``scripts/build_ner_resources.py`` (and training) from a folder.

    ``news_names``: merge the names news text introduces by a role (``NEWS_NAMES``, see
    ``_harvest``) into the Wikidata name table, as the runtime does; training reads without.
    """
    try:
        clusters: dict[str, tuple[str, str, str]] = {}
        with gzip.open(model_dir / "clusters.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    w, a, b, c = line.rstrip("\n").split("\t")
                    clusters[w] = (a, b, c)
        names: dict[str, tuple[int, int]] = {}
        _read_names(model_dir / "names.tsv.gz", names)
        if news_names and (model_dir / NEWS_NAMES).is_file():
            _read_names(model_dir / NEWS_NAMES, names)
        places = frozenset(
            tuple(line.split())
            for line in (model_dir / "places.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        )
        raw = json.loads(
            resources.files("rasid.ner").joinpath("data/triggers.json").read_text(encoding="utf-8")
        )
        triggers: dict[str, str] = {}
        for label, words in raw.items():
            if not label.startswith("_"):
                for w in words:
                    triggers.setdefault(norm(w), label)
        if seen is None:
            seen = {}
            with gzip.open(model_dir / "seen.tsv.gz", "rt", encoding="utf-8") as fh:
                for line in fh:
                    if not line.startswith("#"):
                        text, label, n = line.rstrip("\n").split("\t")
                        seen[tuple(text.split())] = (label, int(n))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"NER resources in {model_dir} are missing or corrupt: {exc}") from exc
    return Resources(clusters, names, places, triggers, seen)


def _span_marks(
    keys: Sequence[str],
    alt: Sequence[str],
    table: Mapping[tuple[str, ...], object] | frozenset[tuple[str, ...]],
    starts: Mapping[str, int],
) -> list[tuple[int, int]]:
    """Greedy longest matches of ``table`` entries; the first word may also match stripped.
    ``starts``: the longest entry beginning with each first word (:func:`_starts`)."""
    marks: list[tuple[int, int]] = []
    i, n = 0, len(keys)
    while i < n:
        hit = 0
        longest = max(starts.get(keys[i], 0), starts.get(alt[i], 0))
        for size in range(min(MAX_SPAN, n - i, longest), 0, -1):
            tail = tuple(keys[i + 1 : i + size])
            if (keys[i], *tail) in table or (alt[i], *tail) in table:
                hit = size
                break
        if hit:
            marks.append((i, i + hit))
            i += hit
        else:
            i += 1
    return marks


def _shape(word: str) -> str:
    if word.isdigit():
        return "D"
    if is_arabic(word):
        return "A"
    if word.isalpha():
        return "L" + ("u" if word[:1].isupper() else "l")
    if any(c.isdigit() for c in word):
        return "DX"
    return "P" if len(word) == 1 else "X"


@dataclass(frozen=True)
class _Word:
    """What the features need of one word type, independent of its neighbours."""

    n: str
    s: str
    own: tuple[str, ...]  # the word's own context-free features
    # its features as the neighbour at offset -2, -1, +1, +2 of another word, prefixed
    at: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class WordTable(WordCache[_Word]):
    """Per-word-type feature cache; an entry takes about 1-2.5 KB, and 50,000 word types cover
    most tokens of a news stream."""

    def __init__(
        self, res: Resources, limit: int = 50_000, known: frozenset[str] | None = None
    ) -> None:
        super().__init__(limit)
        self.res = res
        # attributes the models have weights for: the others would be dropped by the tagger
        # after costing a conversion each, so they are dropped here, once per word type
        self.known = known

    def _build(self, w: str) -> _Word:
        res = self.res
        x = norm(w)
        s = strip_clitics(x)
        c = strip_conj(x)
        ci = res.clusters.get(x) or res.clusters.get(s) or res.clusters.get(c)
        trig = res.triggers.get(s) or res.triggers.get(x) or res.triggers.get(c) or ""
        # a name may carry a conjunction or preposition (وأشرف, بايهود): try the plain form first
        g, sn = (
            res.names.get(x)
            or res.names.get(c)
            or res.names.get(x[1:] if len(x) > 3 else "")
            or (0, 0)
        )
        shape = _shape(w)
        own = [
            "b",
            f"w={w}",
            f"n={x}",
            f"s={s}",
            f"c={c}",
            f"sh={shape}",
            f"len={min(len(s), 8)}",
            f"art={x != s}",
            f"p1={s[:1]}",
            f"p2={s[:2]}",
            f"p3={s[:3]}",
            f"x1={s[-1:]}",
            f"x2={s[-2:]}",
            f"x3={s[-3:]}",
            f"x4={s[-4:]}",
            f"np2={x[:2]}",
            f"np3={x[:3]}",
            f"np4={x[:4]}",
        ]
        if ci is not None:
            own += [f"k64={ci[0]}", f"k256={ci[1]}", f"k1k={ci[2]}"]
        else:
            own.append("k=none")
        if g:
            own.append(f"given={_bucket(g)}")
        if sn:
            own.append(f"surname={_bucket(sn)}")
        if trig:
            own.append(f"trig={trig}")
        far = [f"n={x}", f"s={s}"]
        if ci is not None:
            far.append(f"k256={ci[1]}")
        if trig:
            far.append(f"trig={trig}")
        near = [*far, f"sh={shape}"]
        if ci is not None:
            near += [f"k64={ci[0]}", f"k1k={ci[2]}"]
        if g:
            near.append("given")
        if sn:
            near.append("surname")
        known = self.known

        def keep(values: list[str]) -> tuple[str, ...]:
            return tuple(v for v in values if known is None or v in known)

        at = (
            keep([f"-2{u}" for u in far]),
            keep([f"-1{u}" for u in near]),
            keep([f"1{u}" for u in near]),
            keep([f"2{u}" for u in far]),
        )
        own = list(keep(own))
        return _Word(x, s, tuple(own), at)


def sentence_features(
    words: Sequence[str], res: Resources, table: WordTable | None = None
) -> list[list[str]]:
    """One list of ``name=value`` feature strings per word.

    ``table`` caches the per-word part across calls; pass the same one for a whole stream.
    """
    look = table if table is not None and table.res is res else WordTable(res)
    n = len(words)
    info = [look(w) for w in words]
    ns = [i.n for i in info]
    ss = [i.s for i in info]
    place = [""] * n
    for a, b in _span_marks(ns, ss, res.places, res.place_starts):
        for k in range(a, b):
            place[k] = "B" if k == a else "I"
    seen = [""] * n
    for a, b in _span_marks(ns, ss, res.seen, res.seen_starts):
        key = tuple(ns[a:b])
        label, count = res.seen.get(key) or res.seen.get((ss[a], *ns[a + 1 : b])) or ("", 0)
        for k in range(a, b):
            seen[k] = f"{'B' if k == a else 'I'}{label}{min(count, 3)}"
    # word pairs: most are unknown to the models (a tenth of all attributes), and the tagger
    # would convert each before dropping it, in both passes
    pairs = [f"{ns[i]}|{ns[i + 1]}" for i in range(n - 1)]
    before = [f"bg-={p}" for p in pairs]  # the pair ending at word i + 1
    after = [f"bg+={p}" for p in pairs]  # the pair starting at word i
    known = look.known
    if known is not None:
        before = [a if a in known else "" for a in before]
        after = [a if a in known else "" for a in after]
    feats: list[list[str]] = []
    for i in range(n):
        f = list(info[i].own)
        if place[i]:
            f.append(f"place={place[i]}")
        if seen[i]:
            f.append(f"seen={seen[i]}")
        for k, (d, prefix) in enumerate(_OFFSETS):
            j = i + d
            if 0 <= j < n:
                f += info[j].at[k]
                if seen[j] and d in (-1, 1):
                    f.append(f"{prefix}seen={seen[j]}")
            else:
                f.append(f"{prefix}=EDGE")
        if i > 0 and before[i - 1]:
            f.append(before[i - 1])
        if i + 1 < n and after[i]:
            f.append(after[i])
        feats.append(f)
    return feats


_OFFSETS = tuple((d, str(d)) for d in (-2, -1, 1, 2))


# Sentences either side that count as "the same document" for the second pass: ANERcorp
# articles average ~12 sentences, and an input text to extract_mentions is its own document.
DOC_WINDOW = 15


def word_keys(words: Sequence[str]) -> list[str]:
    """The forms the second pass matches words on across a document (``_Word.s``)."""
    return [strip_clitics(norm(w)) for w in words]


@dataclass(frozen=True)
class Memory:
    """What the first pass tagged elsewhere in the document, as one sentence's words see it.

    ``roles``: for each of the sentence's words (as :func:`word_keys`), how often the first
    pass tagged it in the window, by role in the entity (``S`` alone, ``F`` first, ``M`` middle,
    ``L`` last) and type: ``{"LPERS": 2}`` is a surname seen twice after a given name.
    ``spans``: the multi-word entities of the window that start with one of its words, with
    their types' counts. ``own``: the role + type of the sentence's own entity words, by
    position (the counts include them).
    """

    roles: Mapping[str, Mapping[str, int]]
    spans: Mapping[tuple[str, ...], Mapping[str, int]]
    own: Mapping[int, str]


def _entities(
    keys: Sequence[str], tags: Sequence[str]
) -> tuple[dict[int, str], list[tuple[tuple[str, ...], str]]]:
    """Each entity word's position → role + type (see :class:`Memory`), and the multi-word
    entities."""
    roles: dict[int, str] = {}
    spans: list[tuple[tuple[str, ...], str]] = []
    for a, b, t in sorted(chunks(tags)):
        if b - a == 1:
            roles[a] = "S" + t
            continue
        roles[a] = "F" + t
        for k in range(a + 1, b - 1):
            roles[k] = "M" + t
        roles[b - 1] = "L" + t
        spans.append((tuple(keys[a:b]), t))
    return roles, spans


K = TypeVar("K", str, tuple[str, ...])


def _slide(
    per: Sequence[Sequence[tuple[K, str]]],
    select: Callable[[int, dict[K, dict[str, int]]], dict[K, dict[str, int]]],
) -> list[dict[K, dict[str, int]]]:
    """Per sentence ``j``: ``select(j, counts)``, where ``counts`` is ``{item: {label: count}}``
    over the sentences within DOC_WINDOW of it (``select`` copies what it keeps).

    The window slides one sentence at a time (add the sentence entering it, remove the one
    leaving it) instead of merging 2 * DOC_WINDOW + 1 sentences for every sentence.
    """
    counts: dict[K, dict[str, int]] = {}

    def add(j: int, step: int) -> None:
        for k, t in per[j]:
            d = counts.setdefault(k, {})
            c = d.get(t, 0) + step
            if c:
                d[t] = c
            else:
                del d[t]
                if not d:
                    del counts[k]

    n = len(per)
    for j in range(min(n, DOC_WINDOW + 1)):
        add(j, 1)
    out: list[dict[K, dict[str, int]]] = []
    for j in range(n):
        if j:
            if j + DOC_WINDOW < n:
                add(j + DOC_WINDOW, 1)
            if j > DOC_WINDOW:
                add(j - DOC_WINDOW - 1, -1)
        out.append(select(j, counts))
    return out


def doc_memory(keys: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[Memory]:
    """One :class:`Memory` per sentence from the first pass's tags of the whole document."""
    own: list[dict[int, str]] = []
    roles: list[list[tuple[str, str]]] = []
    spans: list[list[tuple[tuple[str, ...], str]]] = []
    for ks, tg in zip(keys, tags, strict=True):
        r, sp = _entities(ks, tg)
        own.append(r)
        roles.append([(ks[i], x) for i, x in r.items()])
        spans.append(sp)
    words = [frozenset(ks) for ks in keys]

    def own_words(j: int, counts: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        return {k: dict(counts[k]) for k in words[j] if k in counts}

    def own_spans(
        j: int, counts: dict[tuple[str, ...], dict[str, int]]
    ) -> dict[tuple[str, ...], dict[str, int]]:
        return {k: dict(d) for k, d in counts.items() if k[0] in words[j]}

    by_word = _slide(roles, own_words)
    by_span = _slide(spans, own_spans)
    return [Memory(*m) for m in zip(by_word, by_span, own, strict=True)]


# the first pass's tag of word j as attributes of word j itself and of the words one after, one
# before, two after and two before it (for word j + 1, word j's tag is "t-1=...")
_SEEN_FROM = ("t0=", "t-1=", "t+1=", "t-2=", "t+2=")


def _tag_attributes(tags: Sequence[str], names: Sequence[str]) -> list[tuple[str, ...]]:
    made: dict[str, tuple[str, ...]] = {}
    return [made.get(t) or made.setdefault(t, tuple(p + t for p in names)) for t in tags]


def stacked_features(
    keys: Sequence[str],
    first: Sequence[str],
    memory: Memory,
    dense: Sequence[str] | None = None,
) -> list[list[str]]:
    """Second-pass features: the first pass's tags around a word (and the dense tagger's
    likeliest tags two words away, ``dense``), and what the document says of the word."""
    out: list[list[str]] = []
    n = len(keys)
    at = _tag_attributes(first, _SEEN_FROM)
    far = _tag_attributes(dense, ("m-2=", "m+2=")) if dense is not None else None
    for i, key in enumerate(keys):
        t0 = first[i]
        f = [at[i][0]]
        if i > 0:
            f.append(at[i - 1][1])
        if i + 1 < n:
            f.append(at[i + 1][2])
        if i > 1:
            f.append(at[i - 2][3])
        if i + 2 < n:
            f.append(at[i + 2][4])
        if far is not None:
            if i > 1:
                f.append(far[i - 2][0])
            if i + 2 < n:
                f.append(far[i + 2][1])
        roles = memory.roles.get(key)
        if roles and len(key) > 1:
            mine = memory.own.get(i)
            if mine is not None:
                roles = {**roles, mine: roles[mine] - 1}
            votes: dict[str, int] = {}
            for r, c in roles.items():
                votes[r[1:]] = votes.get(r[1:], 0) + c
            if sum(votes.values()) > 0:
                best = max(sorted(votes), key=votes.__getitem__)
                f.append(f"doc={best}")
                f.append(f"docn={best}{min(votes[best], 3)}")
                f.append(f"doc={best}|t0={t0}")
            kept = {r: c for r, c in roles.items() if c > 0}
            if kept:
                role = max(sorted(kept), key=kept.__getitem__)
                f.append(f"role={role}")
                f.append(f"role={role}|t0={t0}")
        out.append(f)
    # a multi-word entity of the document that starts here: the longest one marks its words
    starts: dict[str, list[tuple[tuple[str, ...], Mapping[str, int]]]] = {}
    for span, types in memory.spans.items():
        starts.setdefault(span[0], []).append((span, types))
    for i in range(n):
        hit: tuple[int, str] | None = None
        for span, types in starts.get(keys[i], ()):
            size = len(span)
            if (hit is None or size > hit[0]) and tuple(keys[i : i + size]) == span:
                hit = (size, max(sorted(types), key=types.__getitem__))
        if hit is not None:
            size, label = hit
            out[i].append(f"span=B{label}")
            for k in range(i + 1, i + size):
                out[k].append(f"span=I{label}")
    return out


def featurize(
    words: Sequence[str],
    res: Resources,
    first: Sequence[str] | None = None,
    memory: Memory | None = None,
    table: WordTable | None = None,
    dense: Array | None = None,
) -> list[list[str]]:
    """The CRF input for one sentence; with ``first``/``memory`` the second-pass input.

    ``dense``: the dense tagger's tag probabilities for the sentence (see ``_dense``).
    """
    x = sentence_features(words, res, table)  # fresh lists: extended in place
    if dense is not None:
        for own, extra in zip(x, dense_features(dense), strict=True):
            own.extend(extra)
    if first is not None and memory is not None:
        best = likeliest(dense) if dense is not None else None
        extras = stacked_features(word_keys(words), first, memory, best)
        for own, extra in zip(x, extras, strict=True):
            own.extend(extra)
    return x
