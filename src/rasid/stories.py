"""Incremental, time-aware story clustering: which articles report the same news story.

    StoryOptions                          thresholds, weights, window, memory bounds
    Story                                 a snapshot: articles, outlets, time span, top terms
    StoryIndex(options).add(article)      -> story id, articles in publication order
    StoryIndex.release()                  -> stories that can no longer change, forgotten
    cluster_articles(articles, options)   -> {article id: story id}, sorted and fed to an index

An article is a TF-IDF vector over light stems (``rasid._story_text``: title and lead count
more, spelling variants merged). It joins the active story it scores best against when the
score reaches ``threshold``, else it founds a new story. The score mixes

* text: cosine of the article with the story centroid (sum of its members' vectors),
* title overlap: the IDF-weighted share of the article's title terms found in the story's
  titles; NER mentions, when the article has them, add entity overlap the same way,
* time: the score decays once the gap to the story's last article exceeds a day.

After each add, the story is merged with another active story whose centroid has come close
to its own (``merge_threshold``) and whose first report is at most ``merge_span_hours`` from its
own (unless the article came late, older than the window): one event reported from two angles
first grows as two stories until the articles in between bridge them. The older story
survives; ids handed out earlier stay valid through :meth:`StoryIndex.resolve`.

Stories not fed for ``window_days`` retire: they leave the active index and drop their
vectors. A bounded "dormant" index keeps the top terms of the ``max_dormant`` most recently
retired stories; an article close enough to one of them (``dormant_threshold``, compared on
the top terms of both) revives it, which keeps a long-running story (a negotiation reported
every few months) together without comparing each article to every past story.

A story that has left the dormant index too, and whose last article is older than the
duplicate window (no later copy can link to it), can no longer change: :meth:`StoryIndex.release`
hands such stories over and forgets them, so a caller that consumes them as they come (``rasid
analyze``) holds only the window, not every story of the run.

Candidates come from inverted indexes over the stories' top terms, so the cost of ``add`` does
not grow with the number of stories clustered. Near-duplicates (``rasid.dedup``) join their
original's story without changing its vector: stories count outlets, not copies. Everything
is deterministic for a given input order: ties go to the oldest story.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rasid._story_text import ArticleTerms, Idf, Vector, article_terms, cosine, weigh
from rasid._story_time import DAY, epoch
from rasid.dedup import DedupOptions, DuplicateIndex, DuplicateLink, body_tokens
from rasid.errors import ConfigError
from rasid.models import Article


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """Weights and thresholds, tuned on the ANT dev gold (``rasid eval stories``).

    ``dedup`` None turns duplicate detection off (every article is clustered on its text).
    """

    threshold: float = 0.35
    merge_threshold: float = 0.40
    # stories merge only when their first reports are this close: two angles of one event
    # start together; stories that began days apart are two developments of a topic, and
    # merging them chained whole topics (a month of ANT: B-cubed precision 0.88 -> 0.94)
    merge_span_hours: float = 48.0
    dormant_threshold: float = 0.36
    window_days: float = 4.0
    max_dormant: int = 3000
    text_weight: float = 0.75
    title_weight: float = 0.25
    entity_weight: float = 0.15
    time_scale_days: float = 2.0
    title_boost: float = 2.0
    lead_boost: float = 1.5
    lead_words: int = 50
    tf_power: float = 1.0
    article_terms: int = 80
    story_terms: int = 150
    index_terms: int = 20
    query_terms: int = 15
    dormant_terms: int = 25
    use_prior_idf: bool = True
    join_words: bool = True  # title/lead names written apart, once seen written together
    dedup: DedupOptions | None = field(default_factory=DedupOptions)

    def __post_init__(self) -> None:
        for name in ("threshold", "merge_threshold", "dormant_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 2.0:
                raise ConfigError(f"story {name} must be in (0, 2], got {value}")
        if (self.window_days <= 0 or self.time_scale_days <= 0 or self.tf_power <= 0
                or self.merge_span_hours <= 0):
            raise ConfigError("story window_days, time_scale_days, tf_power and "
                              "merge_span_hours must be positive")
        for name in ("text_weight", "title_weight", "entity_weight", "title_boost",
                     "lead_boost"):
            if getattr(self, name) < 0:
                raise ConfigError(f"story {name} must not be negative")
        for name in ("lead_words", "article_terms", "story_terms", "index_terms",
                     "query_terms", "dormant_terms"):
            if getattr(self, name) < 1:
                raise ConfigError(f"story {name} must be at least 1")
        if self.max_dormant < 0:
            raise ConfigError("story max_dormant must not be negative")


@dataclass(frozen=True, slots=True)
class Story:
    """A story as it stands: ``articles`` in the order added (copies included), ``outlets``
    the distinct sources, ``copies`` how many articles were duplicates of another,
    ``terms`` its heaviest stems, ``active`` False once retired from the window."""

    id: str
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    copies: int
    first_published: str | None
    last_published: str | None
    terms: tuple[str, ...]
    active: bool


@dataclass(slots=True)
class _Live:
    """Vectors of an active story, dropped when it retires."""

    centroid: dict[str, float]
    norm: float
    titles: dict[str, int]
    entities: dict[str, int]
    indexed: tuple[str, ...] = ()


@dataclass(slots=True)
class _Record:
    """What is kept of every story for its lifetime: small, no vectors."""

    id: str
    order: int
    articles: list[str]
    outlets: set[str] = field(default_factory=set)
    copies: int = 0
    first: float | None = None
    last: float | None = None
    first_text: str | None = None
    last_text: str | None = None
    terms: tuple[str, ...] = ()
    absorbed: list[str] = field(default_factory=list)  # ids merged into this story


@dataclass(frozen=True, slots=True)
class Released:
    """A story handed over by :meth:`StoryIndex.release`: ``story`` as :meth:`StoryIndex.story`
    gave it last, ``duplicates`` the links of its copies (copy id -> original id)."""

    story: Story
    duplicates: dict[str, str]


@dataclass(slots=True)
class _Dormant:
    vector: Vector  # unit length, dormant_terms terms
    titles: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Query:
    """An article prepared for scoring: its vector and IDF-weighted title and entity terms."""

    vector: Vector
    title: dict[str, float]
    title_total: float
    entities: dict[str, float]
    entity_total: float


def _ranked(vector: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(vector.items(), key=lambda tw: (-tw[1], tw[0]))


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values())) or 1.0


class StoryIndex:
    """Clusters articles into stories one at a time (see the module docstring)."""

    def __init__(self, options: StoryOptions | None = None) -> None:
        self.options = options or StoryOptions()
        self.idf = Idf(self.options.use_prior_idf)
        self.duplicates = (DuplicateIndex(self.options.dedup)
                           if self.options.dedup is not None else None)
        self._stories: dict[str, _Record] = {}
        self._of: dict[str, str] = {}
        self._merged: dict[str, str] = {}  # absorbed story -> the story that absorbed it
        self._live: dict[str, _Live] = {}
        self._postings: defaultdict[str, set[str]] = defaultdict(set)
        self._dormant: OrderedDict[str, _Dormant] = OrderedDict()
        self._dormant_postings: defaultdict[str, dict[str, float]] = defaultdict(dict)
        self._expiry: list[tuple[float, int, str]] = []  # (last seen, order, id), lazy
        # stories past revival, waiting for the duplicate window: (last seen, order, id), lazy
        self._closing: list[tuple[float, int, str]] = []
        self._clock: float | None = None
        self._founded = 0
        self.revived = 0  # dormant stories brought back by a new article
        self.merges = 0  # active stories merged into an older one

    def __len__(self) -> int:
        return len(self._stories)

    @property
    def active(self) -> int:
        """Stories in the active window."""
        return len(self._live)

    @property
    def dormant(self) -> int:
        """Retired stories that can still be revived."""
        return len(self._dormant)

    def resolve(self, story_id: str) -> str:
        """The story a (possibly merged-away) story id now belongs to."""
        while story_id in self._merged:
            story_id = self._merged[story_id]
        return story_id

    def story_of(self, article_id: str) -> str | None:
        """The article's story now (following merges since it was added); None if unknown."""
        sid = self._of.get(article_id)
        return self.resolve(sid) if sid is not None else None

    def link(self, article_id: str) -> DuplicateLink | None:
        """The duplicate link of ``article_id`` (None for an original or without dedup)."""
        return self.duplicates.link(article_id) if self.duplicates is not None else None

    def story(self, story_id: str) -> Story:
        rec = self._stories.get(self.resolve(story_id))
        if rec is None:
            raise KeyError(story_id)
        live = self._live.get(rec.id)
        top = tuple(t for t, _ in _ranked(live.centroid)[:10]) if live else rec.terms
        return Story(rec.id, tuple(rec.articles), tuple(sorted(rec.outlets)), rec.copies,
                     rec.first_text, rec.last_text, top, live is not None)

    def stories(self) -> list[Story]:
        """Every story (merged ones once, under the surviving id), oldest first."""
        return [self.story(sid) for sid in self._stories]

    def add(self, article: Article) -> str:
        """Cluster ``article`` and return the id of its story."""
        if article.id in self._of:
            raise ConfigError(f"article {article.id!r} was already added to the story index")
        when = epoch(article.published)
        if when is None:
            when = self._clock  # an undated article is taken to be as recent as the stream
        if when is not None:
            self._clock = when if self._clock is None else max(self._clock, when)
            self._retire(self._clock)
        # one tokenization serves the duplicate check and the clustering terms
        words = body_tokens(article.body)
        link = (self.duplicates.add(article, words) if self.duplicates is not None
                else None)
        if link is not None and link.original_id in self._of:
            rec = self._stories[self.resolve(self._of[link.original_id])]
            rec.copies += 1
            self._attach(rec, article, when)
            return rec.id
        parts = self._parts(article, words)
        self.idf.observe(parts.counts)
        query = self._query(parts)
        sid = self._best_active(query, when)
        if sid is None:
            sid = self._best_dormant(query)
            if sid is not None:
                self._revive(sid)
                self.revived += 1
        if sid is None:
            sid = self._found(article)
        self._join(sid, query.vector, parts)
        self._attach(self._stories[sid], article, when)
        # an article older than the window (ingested late) is placed by content alone: the
        # merge span is a rule for a stream in publication order
        late = (when is not None and self._clock is not None
                and when < self._clock - self.options.window_days * DAY)
        return self._merge_around(sid, late)

    def dormant_scores(self, article: Article) -> dict[str, float]:
        """Scores of ``article`` against the dormant stories sharing a top term with it
        (diagnostics: which retired story it would revive, and by how much)."""
        return dict(self._dormant_candidates(self._query(self._parts(article)), 0.0))

    def release(self, *, final: bool = False) -> list[Released]:
        """Hand over, oldest first, the stories that can no longer change and forget them.

        A story is final when it is neither active nor dormant (so no article can join or
        revive it and no merge can reach it) and its last article is older than the duplicate
        window behind the newest publication time (so no later copy can link to it; with
        ``DedupOptions.window_days`` None that never happens). Their articles are forgotten
        too: :meth:`story_of` no longer knows them. ``final=True`` ends the stream: every story
        is handed over and the index is left empty, as new (the IDF counts stay).
        """
        if final:
            out = [self._release(sid) for sid in list(self._stories)]
            self._live.clear()
            self._postings.clear()
            self._dormant.clear()
            self._dormant_postings.clear()
            self._expiry.clear()
            self._closing.clear()
            self._merged.clear()
            if self.duplicates is not None:
                self.duplicates = DuplicateIndex(self.duplicates.options)
            return out
        horizon = self._final_horizon()
        done: list[str] = []
        while horizon is not None and self._closing and self._closing[0][0] < horizon:
            last, order, sid = heapq.heappop(self._closing)
            rec = self._stories.get(sid)
            if rec is None or rec.last is None:
                continue
            if rec.last != last:  # a late copy joined it: wait for the copy's window
                heapq.heappush(self._closing, (rec.last, order, sid))
            else:
                done.append(sid)
        return [self._release(sid) for sid in sorted(done, key=lambda s: self._stories[s].order)]

    def _final_horizon(self) -> float | None:
        if self._clock is None:
            return None
        if self.duplicates is None:
            return self._clock
        window = self.duplicates.options.window_days
        return None if window is None else self._clock - window * DAY

    def _release(self, sid: str) -> Released:
        story = self.story(sid)
        rec = self._stories.pop(sid)
        links: dict[str, str] = {}
        for article_id in rec.articles:
            del self._of[article_id]
            if self.duplicates is not None:
                link = self.duplicates.forget(article_id)
                if link is not None:
                    links[article_id] = link.original_id
        for gone in rec.absorbed:
            self._merged.pop(gone, None)
        return Released(story, links)

    def _close(self, sid: str) -> None:
        rec = self._stories[sid]
        if rec.last is not None:
            heapq.heappush(self._closing, (rec.last, rec.order, sid))

    # -- scoring -------------------------------------------------------------------------

    def _parts(self, article: Article, words: Sequence[str] | None = None) -> ArticleTerms:
        opts = self.options
        return article_terms(article, opts.title_boost, opts.lead_boost, opts.lead_words,
                             words, self.idf if opts.join_words else None)

    def _query(self, parts: ArticleTerms) -> _Query:
        opts = self.options
        vector = weigh(parts.counts, self.idf, opts.article_terms, opts.tf_power)
        title = {t: self.idf(t) for t in parts.title}
        entities = {e: max((self.idf(t) for t in e.split()), default=0.0)
                    for e in parts.entities}
        return _Query(vector, title, sum(title.values()), entities, sum(entities.values()))

    @staticmethod
    def _share(weights: dict[str, float], total: float,
               theirs: dict[str, int] | frozenset[str]) -> float:
        if total <= 0:
            return 0.0
        return sum(w for t, w in weights.items() if t in theirs) / total

    def _score(self, query: _Query, live: _Live) -> float:
        opts = self.options
        score = (opts.text_weight * cosine(query.vector, live.centroid) / live.norm
                 + opts.title_weight * self._share(query.title, query.title_total, live.titles))
        if query.entities and live.entities:
            score += opts.entity_weight * self._share(query.entities, query.entity_total,
                                                      live.entities)
        return score

    def _decay(self, when: float | None, last: float | None) -> float:
        if when is None or last is None:
            return 1.0
        gap = abs(when - last) / DAY - 1.0
        return math.exp(-gap / self.options.time_scale_days) if gap > 0 else 1.0

    def _best_active(self, query: _Query, when: float | None) -> str | None:
        candidates: set[str] = set()
        for term in list(query.vector)[: self.options.query_terms]:
            candidates |= self._postings.get(term, set())
        best: tuple[float, int, str] | None = None
        for sid in candidates:
            rec = self._stories[sid]
            score = self._score(query, self._live[sid]) * self._decay(when, rec.last)
            key = (-score, rec.order, sid)
            if score >= self.options.threshold and (best is None or key < best):
                best = key
        return best[2] if best is not None else None

    def _dormant_candidates(self, query: _Query, floor: float) -> list[tuple[str, float]]:
        opts = self.options
        # compared on equal footing, the article's top terms against the story's: a long
        # article's incidental terms say nothing about whether it continues the story
        ranked = list(query.vector.items())[: opts.dormant_terms]
        norm = math.sqrt(sum(w * w for _, w in ranked)) or 1.0
        dots: defaultdict[str, float] = defaultdict(float)
        for term, weight in ranked:
            for sid, theirs in self._dormant_postings.get(term, {}).items():
                dots[sid] += weight * theirs
        # the title share is at most 1, so a text part this low cannot reach ``floor``
        needed = (floor - opts.title_weight) * norm / opts.text_weight if opts.text_weight else 0
        out = []
        for sid in sorted(dots):
            if dots[sid] < needed:
                continue
            score = (opts.text_weight * dots[sid] / norm + opts.title_weight
                     * self._share(query.title, query.title_total, self._dormant[sid].titles))
            out.append((sid, score))
        return out

    def _best_dormant(self, query: _Query) -> str | None:
        threshold = self.options.dormant_threshold
        best: tuple[float, int, str] | None = None
        for sid, score in self._dormant_candidates(query, threshold):
            key = (-score, self._stories[sid].order, sid)
            if score >= threshold and (best is None or key < best):
                best = key
        return best[2] if best is not None else None

    # -- story state ---------------------------------------------------------------------

    def _found(self, article: Article) -> str:
        # named after its first article, so the id does not depend on what else was clustered
        sid = "story-" + hashlib.blake2b(article.id.encode("utf-8"), digest_size=6).hexdigest()
        while sid in self._stories or sid in self._merged:
            sid += "x"
        self._founded += 1
        self._stories[sid] = _Record(sid, self._founded, [])
        self._live[sid] = _Live({}, 1.0, {}, {})
        return sid

    def _attach(self, rec: _Record, article: Article, when: float | None) -> None:
        rec.articles.append(article.id)
        if article.source:
            rec.outlets.add(article.source)
        self._of[article.id] = rec.id
        if when is None:
            return
        if rec.first is None or when < rec.first:
            rec.first, rec.first_text = when, article.published
        if rec.last is None or when > rec.last:
            rec.last, rec.last_text = when, article.published
            if rec.id in self._live:
                heapq.heappush(self._expiry, (when, rec.order, rec.id))

    def _join(self, sid: str, vector: Vector, parts: ArticleTerms) -> None:
        live = self._live[sid]
        for term, weight in vector.items():
            live.centroid[term] = live.centroid.get(term, 0.0) + weight
        for term in parts.title:
            live.titles[term] = live.titles.get(term, 0) + 1
        for key in parts.entities:
            live.entities[key] = live.entities.get(key, 0) + 1
        self._reindex(sid)

    def _reindex(self, sid: str) -> None:
        live = self._live[sid]
        ranked = _ranked(live.centroid)
        if len(ranked) > self.options.story_terms:
            ranked = ranked[: self.options.story_terms]
            live.centroid = dict(ranked)
        live.norm = _norm(live.centroid)
        top = tuple(t for t, _ in ranked[: self.options.index_terms])
        if top != live.indexed:
            for term in set(live.indexed) - set(top):
                self._unpost(self._postings, term, sid)
            for term in set(top) - set(live.indexed):
                self._postings[term].add(sid)
            live.indexed = top

    def _merge_around(self, sid: str, late: bool = False) -> str:
        live = self._live[sid]
        candidates: set[str] = set()
        for term in live.indexed:
            candidates |= self._postings.get(term, set())
        candidates.discard(sid)
        best: tuple[float, int, str] | None = None
        first = self._stories[sid].first
        span = self.options.merge_span_hours * 3600.0
        for other in candidates:
            theirs = self._live[other]
            began = self._stories[other].first
            if not late and first is not None and began is not None and abs(first - began) > span:
                continue
            score = cosine(live.centroid, theirs.centroid) / (live.norm * theirs.norm)
            key = (-score, self._stories[other].order, other)
            if score >= self.options.merge_threshold and (best is None or key < best):
                best = key
        if best is None:
            return sid
        keep, gone = sorted((sid, best[2]), key=lambda s: self._stories[s].order)
        self._absorb(keep, gone)
        self.merges += 1
        return keep

    def _absorb(self, keep: str, gone: str) -> None:
        into, loose = self._live[keep], self._live.pop(gone)
        for term in loose.indexed:
            self._unpost(self._postings, term, gone)
        for term, weight in loose.centroid.items():
            into.centroid[term] = into.centroid.get(term, 0.0) + weight
        for term, count in loose.titles.items():
            into.titles[term] = into.titles.get(term, 0) + count
        for key, count in loose.entities.items():
            into.entities[key] = into.entities.get(key, 0) + count
        self._reindex(keep)
        a, b = self._stories[keep], self._stories.pop(gone)
        a.articles.extend(b.articles)
        a.outlets |= b.outlets
        a.copies += b.copies
        if b.first is not None and (a.first is None or b.first < a.first):
            a.first, a.first_text = b.first, b.first_text
        if b.last is not None and (a.last is None or b.last > a.last):
            a.last, a.last_text = b.last, b.last_text
            heapq.heappush(self._expiry, (b.last, a.order, keep))
        self._merged[gone] = keep
        a.absorbed += [gone, *b.absorbed]

    @staticmethod
    def _unpost(postings: defaultdict[str, set[str]], term: str, sid: str) -> None:
        bucket = postings.get(term)
        if bucket is not None:
            bucket.discard(sid)
            if not bucket:
                del postings[term]

    def _retire(self, now: float) -> None:
        horizon = now - self.options.window_days * DAY
        while self._expiry and self._expiry[0][0] < horizon:
            last, _, sid = heapq.heappop(self._expiry)
            if sid in self._live and self._stories[sid].last == last:
                self._sleep(sid)  # otherwise a stale entry: fed again, merged or retired

    def _sleep(self, sid: str) -> None:
        live = self._live.pop(sid)
        for term in live.indexed:
            self._unpost(self._postings, term, sid)
        ranked = _ranked(live.centroid)
        self._stories[sid].terms = tuple(t for t, _ in ranked[:10])
        if self.options.max_dormant == 0:
            self._close(sid)
            return
        top = ranked[: self.options.dormant_terms]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vector = {t: w / norm for t, w in top}
        most = max(live.titles.values(), default=0)
        titles = frozenset(t for t, c in live.titles.items() if c * 2 >= most)
        self._dormant[sid] = _Dormant(vector, titles)
        for term, weight in vector.items():
            self._dormant_postings[term][sid] = weight
        while len(self._dormant) > self.options.max_dormant:
            old, gone = self._dormant.popitem(last=False)
            self._unpost_dormant(old, gone)
            self._close(old)

    def _unpost_dormant(self, sid: str, sleeping: _Dormant) -> None:
        for term in sleeping.vector:
            bucket = self._dormant_postings.get(term)
            if bucket is not None:
                bucket.pop(sid, None)
                if not bucket:
                    del self._dormant_postings[term]

    def _revive(self, sid: str) -> None:
        sleeping = self._dormant.pop(sid)
        self._unpost_dormant(sid, sleeping)
        self._live[sid] = _Live(dict(sleeping.vector), 1.0, dict.fromkeys(sleeping.titles, 1),
                                {})
        self._reindex(sid)
        rec = self._stories[sid]
        if rec.last is not None:
            heapq.heappush(self._expiry, (rec.last, rec.order, sid))


def _order_key(article: Article) -> tuple[int, float, str]:
    when = epoch(article.published)
    return (0, when, article.id) if when is not None else (1, 0.0, article.id)


def publication_key(article: Article) -> tuple[int, float, str]:
    """Sort key of :func:`publication_order`: dated first by UTC time, then id."""
    return _order_key(article)


def publication_order(articles: Iterable[Article]) -> list[Article]:
    """Articles sorted by publication time (UTC), stable on id; undated ones last."""
    return sorted(articles, key=_order_key)


def cluster_articles(articles: Iterable[Article],
                     options: StoryOptions | None = None) -> dict[str, str]:
    """Cluster a batch: sort by publication time (stable on id; undated last), feed a fresh
    :class:`StoryIndex`, return ``{article id: story id}`` (after all merges)."""
    index = StoryIndex(options)
    ordered = publication_order(articles)
    for article in ordered:
        index.add(article)
    return {a.id: index.story_of(a.id) or "" for a in ordered}
