"""Outputs of a run: ``analysis.json`` (the public contract) and ``report.html``."""

from rasid.report._dossier_html import render_dossier
from rasid.report._html import render_report, render_stories, write_report
from rasid.report._json import SCHEMA_VERSION, JsonStreamWriter, article_to_json

__all__ = [
    "SCHEMA_VERSION",
    "JsonStreamWriter",
    "article_to_json",
    "render_dossier",
    "render_report",
    "render_stories",
    "write_report",
]
