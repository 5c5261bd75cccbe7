"""Open data: events, figures and sources as JSON and CSV files under data/.

The column lists below make both the files and the /data/ page that documents
them, so the two cannot drift apart. URLs are absolute, so the files still
work once downloaded.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Site
    from .render import Renderer

LIST_SEPARATOR = "; "  # between the ids of a list in a CSV cell


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str


@dataclass(frozen=True)
class Download:
    path: str  # below the site root
    title: str
    format: str
    description: str
    columns: tuple[Column, ...]


def _columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, meaning) for name, meaning in pairs)


PRECISION = "how precisely the date is known: day, month, year or unknown"

EVENT_COLUMNS = _columns(
    ("id", "the event's identifier, stable across builds"),
    ("title", "what happened or is announced"),
    ("page", "the event's page in this briefing"),
    ("status", "occurred, announced or cancelled; announced events may have no date yet"),
    ("date", "the date as precisely as it is known: YYYY-MM-DD, YYYY-MM or YYYY; empty if not set"),
    ("date_precision", PRECISION),
    ("date_note", "a caveat on the date, e.g. that it is the date of the report"),
    ("summary", "our one- or two-sentence summary"),
    ("topics", "topic ids"),
    ("places", "ids of the places involved"),
    ("place_confidence", "how sure the place is, for each place in order: confirmed, reported or disputed"),
    ("actors", "ids of the people and groups involved"),
    ("sources", "ids of the sources, described in sources.json"),
)
FIGURE_COLUMNS = _columns(
    ("id", "the figure's identifier, stable across builds"),
    ("label", "what is counted"),
    ("value", "the number (the low end of a range)"),
    ("value_high", "the high end, for a range"),
    ("qualifier", "exact, at least, about, more than or range"),
    ("unit", "what the number counts in, e.g. people"),
    ("as_of", "the date the figure is valid for: YYYY-MM-DD, YYYY-MM or YYYY"),
    ("as_of_precision", PRECISION),
    ("period", "the period covered, if any"),
    ("scope", "where and what the figure covers"),
    ("definition", "how the figure is defined, if stated"),
    ("verification_status", "confirmed, corrected, disputed, unverified or reported"),
    ("source", "the source id, described in sources.json"),
    ("supersedes", "the id of the older figure this one replaces"),
    ("series", "an id shared by the figures of one series over time"),
    ("topics", "topic ids"),
    ("note", "our note on the figure"),
    ("page", "where the figure is shown in this briefing"),
)
SOURCE_COLUMNS = _columns(
    ("id", "the source's identifier, used by the other files"),
    ("outlet", "who published the document"),
    ("origin", "the wire or author it republished, if any"),
    ("title", "the document's title, or a description of it in our words"),
    ("published", "publication date: YYYY-MM-DD, YYYY-MM or YYYY"),
    ("published_precision", PRECISION),
    ("language", "the document's language, a BCP 47 code"),
    ("url", "where the document is, if online"),
    ("kind", "wire, newspaper, broadcaster, website, official statement, report, dataset or reference"),
    ("reliability", "the source's grade, from A (reliable) to F (cannot be judged)"),
    ("notes", "our notes on the source"),
    ("page", "the source's entry in this briefing"),
)

EVENTS_JSON = Download(
    "data/events.json", "Events", "JSON",
    "Every event, with the fields of events.csv; lists are arrays, and each place "
    "and actor is an object with its id and name and its confidence or role (so "
    "place_confidence is inside places).", EVENT_COLUMNS)
EVENTS_CSV = Download(
    "data/events.csv", "Events", "CSV",
    "One row per event. Lists of ids are separated by semicolons.", EVENT_COLUMNS)
FIGURES_CSV = Download(
    "data/figures.csv", "Figures", "CSV",
    "One row per figure, each with its as-of date, source and verification status. "
    "Lists of ids are separated by semicolons.", FIGURE_COLUMNS)
SOURCES_JSON = Download(
    "data/sources.json", "Sources", "JSON",
    "Every source document the briefing relies on, with its reliability grade.", SOURCE_COLUMNS)
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


def to_csv(records: list[dict], columns: tuple[Column, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(c.name for c in columns)
    for record in records:
        writer.writerow(_csv_cell(record[c.name]) for c in columns)
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
