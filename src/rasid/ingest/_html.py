"""Article text out of an HTML page: trafilatura first, readability-lxml when it finds too little.

Extraction is slow (milliseconds to tens of milliseconds a page), so readers only decode HTML and
the pipeline calls :func:`extract_html` in its worker processes. trafilatura and readability are
imported on first use: they take a tenth of a second to import, which a reader-only process
(or ``rasid --help``) should not pay.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree

from rasid.errors import InputError
from rasid.ingest._dates import normalise_published

# extracted text this short is suspect: try the next extractor and keep the longer text
_SHORT = 200
# fewer letters than this is no article
_MIN_LETTERS = 20

# characters lxml refuses (XML 1.0 forbids them); they never carry article text
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FAILED = object()
_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
     "section", "article", "dd", "dt", "figcaption", "td", "th", "br"}
)


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """What :func:`extract_html` found: body text (paragraphs split by ``\\n``) and metadata."""

    text: str
    title: str | None
    published: str | None
    author: str | None
    source: str | None = None  # the site's name (og:site_name, publisher)
    url: str | None = None  # the canonical address the page states


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(value: str | None) -> str | None:
    return _tidy(value).replace("\n", " ") or None if value else None


def _readability_text(html: str) -> tuple[str, str | None]:
    """Main text by readability-lxml, one paragraph per line, and its title guess."""
    import lxml.html
    from readability import Document as ReadabilityDocument

    # readability logs a full traceback before raising Unparseable (a ValueError) on pages
    # it cannot read; that outcome is handled here, so its log must not reach the user
    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)
    try:
        document = ReadabilityDocument(html)
        summary = document.summary(html_partial=True)
        title = document.short_title() or None
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError):
        return "", None
    if not summary.strip():
        return "", title
    try:
        root = lxml.html.fromstring(summary)
    except (etree.ParserError, etree.XMLSyntaxError):
        return "", title
    parts: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in _BLOCKS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        if node.tail:
            if node.tag in _BLOCKS:
                parts.append("\n")
            parts.append(node.tail)
    return _tidy("".join(parts)), title


def _trafilatura(html: str, with_metadata: bool, precise: bool = True) -> object:
    """trafilatura's extraction, None when it found nothing, _FAILED when it broke."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            include_comments=False,
            favor_precision=precise,
            include_tables=True,
            with_metadata=with_metadata,
            deduplicate=False,
        )
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError, AssertionError):
        return _FAILED


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _drop_title_line(text: str, title: str | None) -> str:
    # trafilatura keeps the page's <h1> as the first line; the title is returned on its own
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if first.strip() == title.strip() and rest.strip():
        return rest
    return text


def extract_html(html: str, path: str) -> HtmlContent:
    """Extract the article of one HTML page; raise InputError(path, ...) when there is none.

    Navigation, sidebars, related links, share prompts and footers are left out; paragraphs are
    separated by ``\\n``. ``published`` is ISO-8601 when the page states a date.
    """
    if not html or not html.strip():
        raise InputError(path, "HTML is empty")
    html = _XML_ILLEGAL.sub("", html)
    found = _trafilatura(html, with_metadata=True)
    if found is _FAILED:
        # htmldate (run for the metadata) trips an assertion on some broken trees: the text
        # is still worth having without a date
        found = _trafilatura(html, with_metadata=False)
    text = _tidy(getattr(found, "text", None) or "")
    title: str | None = getattr(found, "title", None) or None
    date: str | None = getattr(found, "date", None) or None
    author: str | None = getattr(found, "author", None) or None
    sitename: str | None = getattr(found, "sitename", None) or None
    url: str | None = getattr(found, "url", None) or None

    if len(text) < _SHORT:
        # precision first, but only moderately: when it leaves too little, the balanced
        # setting gets its chance before another extractor does
        balanced = _trafilatura(html, with_metadata=False, precise=False)
        balanced_text = _tidy(getattr(balanced, "text", None) or "")
        if _letters(balanced_text) > _letters(text):
            text = balanced_text
    if len(text) < _SHORT:
        fallback, fallback_title = _readability_text(html)
        if _letters(fallback) > 1.5 * _letters(text):
            text = fallback
        title = title or fallback_title

    if _letters(text) < _MIN_LETTERS:
        raise InputError(path, "HTML has no article text")
    title = _one_line(title)
    return HtmlContent(
        text=_drop_title_line(text, title),
        title=title,
        published=normalise_published(date) if date else None,
        author=_one_line(author),
        source=_one_line(sitename),
        url=url.strip() if url and url.startswith(("http://", "https://")) else None,
    )
