"""Readers for every input Rasid takes.

Text, HTML, JSON, JSON Lines (plain, .gz, .xz), folders of them, and stdin.

``iter_documents`` streams ``RawDocument`` records (or ``IngestFailure`` for each bad input) and
never raises for bad input. HTML is only decoded here; ``extract_html`` turns it into text and is
meant to run in the pipeline's worker processes, because extraction is slow.
"""

from rasid.ingest._html import HtmlContent, extract_html
from rasid.ingest._options import IngestOptions
from rasid.ingest._reader import iter_documents

__all__ = ["HtmlContent", "IngestOptions", "extract_html", "iter_documents"]
