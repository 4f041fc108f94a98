"""HTML pieces built in Python: highlighted snippets, the annotated article body and links in
the dossier fragment. Everything from an article is untrusted: it is escaped here, and only our
own tags are added around the escaped text (``Markup`` tells Jinja2 not to escape twice).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from html import unescape
from urllib.parse import quote

from markupsafe import Markup, escape

from rasid.models import Article, Span


def entity_url(name: str, label: str | None = None) -> str:
    url = "/entity/" + quote(name, safe="")
    return f"{url}?label={quote(label, safe='')}" if label else url


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def story_url(story_id: str) -> str:
    return "/story/" + quote(story_id, safe="")


def marked(text: str, spans: Sequence[Span], base: int = 0) -> Markup:
    """``text`` escaped, with each span (offsets relative to ``base``) wrapped in ``<mark>``.

    Overlapping or out-of-range spans are clipped, so a bad offset can never cut a tag.
    """
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start = max(span.start - base, pos)
        end = min(span.end - base, len(text))
        if end <= start:
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def annotated_body(article: Article) -> Markup:
    """The body with entity mentions (linked to their entity page) and quotes highlighted.

    The text is cut at every mention and quote boundary; each piece is escaped and wrapped in
    the quote's ``<span>`` and the mention's ``<a>`` that cover it, so overlaps nest correctly.
    """
    body = article.body
    n = len(body)
    ents: list[tuple[int, int, str, str]] = []
    for ent in article.entities:
        for sp in ent.mentions:
            if 0 <= sp.start < sp.end <= n:
                ents.append((sp.start, sp.end, ent.name, ent.label))
    quotes = [(q.start, q.end, q.speaker) for q in article.quotes if 0 <= q.start < q.end <= n]
    cuts = sorted({0, n, *(p for s, e, *_ in ents for p in (s, e)),
                   *(p for s, e, _ in quotes for p in (s, e))})
    ents.sort()
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = str(escape(body[a:b]))
        covering = next((x for x in ents if x[0] <= a and b <= x[1]), None)
        if covering is not None:
            _, _, name, label = covering
            piece = (f'<a class="ent {escape(label)}" href="{escape(entity_url(name, label))}"'
                     f' title="{escape(name)}">{piece}</a>')
        q = next((x for x in quotes if x[0] <= a and b <= x[1]), None)
        if q is not None:
            who = escape(q[2] or "")
            piece = f'<span class="quote" title="{who}">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


_ART = re.compile(r'<span class="art" data-article="([^"<>]*)" title="[^"<>]*">(.*?)</span>',
                  re.S)
_NAMED = re.compile(r"<(strong|summary)><bdi>([^<>]*)</bdi>")
_STATEMENT = re.compile(r"<strong>([^<>]+)</strong>: ")


def link_dossier(fragment: str, labels: dict[str, str]) -> Markup:
    """``render_dossier``'s fragment with article citations and entity names made links.

    ``labels`` maps an entity name to its label so the link opens the right entity when one
    name is both a person and a place. The fragment is already escaped by its renderer; the
    names and ids are read back with ``unescape`` only to build URLs, which are escaped again.
    """
    def art(m: re.Match[str]) -> str:
        url = escape(article_url(unescape(m.group(1))))
        return f'<a class="art" href="{url}" data-article="{m.group(1)}">{m.group(2)}</a>'

    def named(m: re.Match[str]) -> str:
        name = unescape(m.group(2))
        url = escape(entity_url(name, labels.get(name)))
        return f'<{m.group(1)}><bdi><a class="ent-link" href="{url}">{m.group(2)}</a></bdi>'

    def statement(m: re.Match[str]) -> str:
        name = unescape(m.group(1))
        url = escape(entity_url(name, labels.get(name)))
        return f'<strong><a class="ent-link" href="{url}">{m.group(1)}</a></strong>: '

    out = _ART.sub(art, fragment)
    out = _NAMED.sub(named, out)
    return Markup(_STATEMENT.sub(statement, out))
