"""The open data files under data/, and their columns.

The column lists make both the files (render/data.py) and the /data/ page that
documents them (each column's meaning is an interface string,
data.<group>.<column>, in every language's catalogue), so the two cannot
drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    """A file under data/. Its title, description and the meaning of each column
    are interface strings: i18n/<lang>.yaml, under data.<group>."""

    path: str  # below the site root
    group: str  # events, figures or sources
    format: str
    columns: tuple[str, ...]


EVENT_COLUMNS = ("id", "title", "page", "status", "date", "date_precision", "date_note",
                 "checked", "summary", "topics", "places", "place_confidence", "actors", "sources")
FIGURE_COLUMNS = ("id", "label", "value", "value_high", "qualifier", "unit", "as_of",
                  "as_of_precision", "period", "scope", "definition", "verification_status",
                  "source", "supersedes", "series", "topics", "note", "page")
SOURCE_COLUMNS = ("id", "outlet", "origin", "title", "published", "published_precision",
                  "language", "url", "kind", "reliability", "notes", "page")

EVENTS_JSON = Download("data/events.json", "events", "JSON", EVENT_COLUMNS)
EVENTS_CSV = Download("data/events.csv", "events", "CSV", EVENT_COLUMNS)
FIGURES_CSV = Download("data/figures.csv", "figures", "CSV", FIGURE_COLUMNS)
SOURCES_JSON = Download("data/sources.json", "sources", "JSON", SOURCE_COLUMNS)
DOWNLOADS = (EVENTS_JSON, EVENTS_CSV, FIGURES_CSV, SOURCES_JSON)
