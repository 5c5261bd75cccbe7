"""Open data written out: events, figures and sources as JSON and CSV files under data/.

URLs are absolute, so the files still work once downloaded.
"""
from __future__ import annotations

import csv
import io
import json

from ..vocabulary import SiteConfig
from ..plan.contexts import EventsData, FiguresData, SourcesData
from ..plan import EVENT_COLUMNS, FIGURE_COLUMNS
from ..plan import Urls

LIST_SEPARATOR = "; "  # between the ids of a list in a CSV cell


def event_records(data: EventsData, urls: Urls) -> list[dict]:
    records = []
    for details in data.events:
        event = details.event
        records.append({
            "id": event.id,
            "title": event.title,
            "page": urls.absolute(urls.link("event", event.id)),
            "status": event.status,
            "date": event.date.iso(),
            "date_precision": event.date.precision,
            "date_note": event.date_note,
            "checked": event.checked.iso() if event.status == "announced" else "",
            "summary": event.summary,
            "topics": list(event.topics),
            "places": [{"id": p.place.id, "name": p.place.name, "confidence": p.confidence or None}
                       for p in details.places],
            "place_confidence": [p.confidence for p in details.places],
            "actors": [{"id": a.actor.id, "name": a.actor.name, "role": a.role}
                       for a in details.actors],
            "sources": list(event.sources),
        })
    return records


def figure_records(data: FiguresData, urls: Urls) -> list[dict]:
    return [{
        "id": f.id, "label": f.label, "value": f.value, "value_high": f.value_high,
        "qualifier": f.qualifier, "unit": f.unit, "as_of": f.as_of.iso(),
        "as_of_precision": f.as_of.precision, "period": f.period, "scope": f.scope,
        "definition": f.definition, "verification_status": f.status, "source": f.source,
        "supersedes": f.supersedes, "series": f.series, "topics": list(f.topics),
        "note": f.note, "page": urls.absolute(urls.link("figure", f.id)),
    } for f in data.figures]


def source_records(data: SourcesData, urls: Urls) -> list[dict]:
    return [{
        "id": s.id, "outlet": s.outlet, "origin": s.origin, "title": s.title,
        "published": s.published.iso(), "published_precision": s.published.precision,
        "language": s.language, "url": s.url, "kind": s.kind, "reliability": s.reliability,
        "notes": s.notes, "page": urls.absolute(urls.link("source", s.id)),
    } for s in data.sources]


# A text cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV
# injection"): it is written with a leading apostrophe, which spreadsheets show as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(v["id"] if isinstance(v, dict) else v for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return str(value)


def to_csv(records: list[dict], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(columns)
    for record in records:
        writer.writerow(_csv_cell(record[name]) for name in columns)
    return out.getvalue().encode("utf-8")


def to_json(config: SiteConfig, urls: Urls, key: str, records: list[dict]) -> bytes:
    document = {
        "title": f"{config.title}: {key}",
        "documentation": urls.absolute(urls.link("data/")),
        key: records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def events_json(data: EventsData, config: SiteConfig, urls: Urls) -> bytes:
    records = [{k: v for k, v in e.items() if k != "place_confidence"}
               for e in event_records(data, urls)]
    return to_json(config, urls, "events", records)


def events_csv(data: EventsData, config: SiteConfig, urls: Urls) -> bytes:
    return to_csv(event_records(data, urls), EVENT_COLUMNS)


def figures_csv(data: FiguresData, config: SiteConfig, urls: Urls) -> bytes:
    return to_csv(figure_records(data, urls), FIGURE_COLUMNS)


def sources_json(data: SourcesData, config: SiteConfig, urls: Urls) -> bytes:
    return to_json(config, urls, "sources", source_records(data, urls))
