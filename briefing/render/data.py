"""Open data: events, figures and sources as JSON and CSV files under data/.

The column lists below make both the files and the /data/ page that documents
them (each column's meaning is an interface string, data.<group>.<column>, in
every language's catalogue), so the two cannot drift apart. URLs are absolute, so the files still
work once downloaded.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.schema import Site
    from .pages import EditionRenderer as Renderer

LIST_SEPARATOR = "; "  # between the ids of a list in a CSV cell


@dataclass(frozen=True)
class Download:
    """A file under data/. Its title, description and the meaning of each column
    are interface strings: i18n/<lang>.yaml, under data.<group>."""

    path: str  # below the site root
    group: str  # events, figures or sources
    format: str
    columns: tuple[str, ...]


EVENT_COLUMNS = ("id", "title", "page", "status", "date", "date_precision", "date_note",
                 "summary", "topics", "places", "place_confidence", "actors", "sources")
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


def event_records(site: Site, urls: Renderer) -> list[dict]:
    records = []
    for event in site.events.values():
        records.append({
            "id": event.id,
            "title": event.title,
            "page": urls.absolute(urls.link("event", event.id)),
            "status": event.status,
            "date": event.date.iso(),
            "date_precision": event.date.precision,
            "date_note": event.date_note,
            "summary": event.summary,
            "topics": list(event.topics),
            "places": [{"id": p.id, "name": site.places[p.id].name, "confidence": p.confidence}
                       for p in event.places],
            "place_confidence": [p.confidence for p in event.places],
            "actors": [{"id": a.id, "name": site.actors[a.id].name, "role": a.role}
                       for a in event.actors],
            "sources": list(event.sources),
        })
    return records


def figure_records(site: Site, urls: Renderer) -> list[dict]:
    return [{
        "id": f.id, "label": f.label, "value": f.value, "value_high": f.value_high,
        "qualifier": f.qualifier, "unit": f.unit, "as_of": f.as_of.iso(),
        "as_of_precision": f.as_of.precision, "period": f.period, "scope": f.scope,
        "definition": f.definition, "verification_status": f.status, "source": f.source,
        "supersedes": f.supersedes, "series": f.series, "topics": list(f.topics),
        "note": f.note, "page": urls.absolute(urls.link("figure", f.id)),
    } for f in site.figures.values()]


def source_records(site: Site, urls: Renderer) -> list[dict]:
    return [{
        "id": s.id, "outlet": s.outlet, "origin": s.origin, "title": s.title,
        "published": s.published.iso(), "published_precision": s.published.precision,
        "language": s.language, "url": s.url, "kind": s.kind, "reliability": s.reliability,
        "notes": s.notes, "page": urls.absolute(urls.link("source", s.id)),
    } for s in site.sources.values()]


def _csv_cell(value) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(v["id"] if isinstance(v, dict) else v for v in value)
    if value is None:
        return ""
    return str(value)


def to_csv(records: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(columns)
    for record in records:
        writer.writerow(_csv_cell(record[name]) for name in columns)
    return out.getvalue().encode("utf-8")


def to_json(site: Site, urls: Renderer, key: str, records: list[dict]) -> bytes:
    document = {
        "title": f"{site.config.title}: {key}",
        "documentation": urls.absolute(urls.link("data/")),
        key: records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def data_files(site: Site, urls: Renderer) -> dict[str, bytes]:
    """Every file under data/: output path -> bytes."""
    events = event_records(site, urls)
    json_events = [{k: v for k, v in e.items() if k != "place_confidence"} for e in events]
    return {
        EVENTS_JSON.path: to_json(site, urls, "events", json_events),
        EVENTS_CSV.path: to_csv(events, EVENT_COLUMNS),
        FIGURES_CSV.path: to_csv(figure_records(site, urls), FIGURE_COLUMNS),
        SOURCES_JSON.path: to_json(site, urls, "sources", source_records(site, urls)),
    }
