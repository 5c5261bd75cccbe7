"""Validate documents against the schema and resolve references into a Site.

Pure: takes parsed documents, returns frozen dataclasses or raises BuildFailed
with every problem found.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import SiteConfig
from .dates import PartialDate
from .errors import BuildFailed, Collector
from .fields import ID_PATTERN, FieldReader, suggest
from .frontmatter import Document

CLAIM_STATUSES = ("confirmed", "corrected", "disputed", "unverified", "reported")
# A key figure is what the home page puts first: only a checked one may be one.
KEY_FIGURE_STATUSES = ("confirmed", "corrected")
EVENT_STATUSES = ("occurred", "announced", "cancelled")
PLACE_CONFIDENCE = ("confirmed", "reported", "disputed")
QUALIFIERS = ("exact", "at least", "about", "more than", "range")
SOURCE_KINDS = ("wire", "newspaper", "broadcaster", "website", "official statement",
                "report", "dataset", "reference")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
ACTOR_KINDS = ("person", "state", "organisation", "armed group", "media")
PLACE_KINDS = ("country", "province", "city", "town", "district", "region")
COORDINATE_PRECISION = ("exact", "approximate")


@dataclass(frozen=True)
class Item:
    id: str
    path: str


@dataclass(frozen=True)
class Source(Item):
    outlet: str
    origin: str
    title: str
    published: PartialDate
    language: str
    url: str
    kind: str
    reliability: str
    notes: str
    draft: bool = False


@dataclass(frozen=True)
class Actor(Item):
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    misspellings: tuple[str, ...]
    sources: tuple[str, ...]
    body: str
    body_line: int
    draft: bool = False


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    precision: str


@dataclass(frozen=True)
class Place(Item):
    name: str
    kind: str
    within: str
    aliases: tuple[str, ...]
    misspellings: tuple[str, ...]
    location: Location | None
    body: str
    body_line: int
    draft: bool = False
    sources: tuple[str, ...] = ()  # checked references for the profile


@dataclass(frozen=True)
class Claim:
    text: str
    status: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Article(Item):
    title: str
    published: PartialDate
    updated: PartialDate
    summary: str
    topics: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[str, ...]
    events: tuple[str, ...]
    sources: tuple[str, ...]
    claims: tuple[Claim, ...]
    body: str
    body_line: int
    draft: bool = False


@dataclass(frozen=True)
class EventPlace:
    id: str
    confidence: str


@dataclass(frozen=True)
class EventActor:
    id: str
    role: str


@dataclass(frozen=True)
class Event(Item):
    title: str
    date: PartialDate
    date_note: str
    status: str
    places: tuple[EventPlace, ...]
    actors: tuple[EventActor, ...]
    topics: tuple[str, ...]
    sources: tuple[str, ...]
    summary: str
    body: str
    body_line: int
    draft: bool = False


@dataclass(frozen=True)
class Figure(Item):
    label: str
    value: int | float
    value_high: int | float | None
    qualifier: str
    unit: str
    as_of: PartialDate
    period: str
    scope: str
    definition: str
    source: str
    status: str
    supersedes: str
    series: str
    topics: tuple[str, ...]
    key: bool
    note: str
    draft: bool = False


@dataclass(frozen=True)
class Topic(Item):
    name: str
    description: str
    title: str
    body: str
    body_line: int
    draft: bool = False
    sources: tuple[str, ...] = ()  # checked references for the intro


@dataclass(frozen=True)
class Page(Item):
    title: str
    description: str
    body: str
    body_line: int
    draft: bool = False


@dataclass(frozen=True)
class Site:
    """Everything a build knows, validated. Mappings keep id order."""

    config: SiteConfig
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    drafts: dict[str, frozenset] = field(default_factory=dict)  # kind -> ids held back


# Where each kind of item lives, and whether it has a Markdown body.
KINDS = {
    "sources": ("seeds", ".yaml"),
    "actors": ("content/actors", ".md"),
    "places": ("content/places", ".md"),
    "articles": ("content/articles", ".md"),
    "events": ("content/events", ".md"),
    "figures": ("content/figures", ".yaml"),
    "topics": ("content/topics", ".md"),
    "pages": ("content/pages", ".md"),
}
# Singular names used in cross-reference links and messages.
SINGULAR = {"sources": "source", "actors": "actor", "places": "place", "articles": "article",
            "events": "event", "figures": "figure", "topics": "topic", "pages": "page"}


def item_id(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


class _Builder:
    """Reads every document of one kind into dataclasses, noting references."""

    def __init__(self, config: SiteConfig, include_drafts: bool):
        self.config = config
        self.include_drafts = include_drafts
        self.problems = Collector()
        self.references: list[tuple[str, str, FieldReader, tuple]] = []
        self.drafts: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.series_units: dict[str, tuple[str, str]] = {}  # series -> (unit, first figure)

    def refer_list(self, kind: str, reader: FieldReader, name: str, required: bool = False):
        ids = reader.text_list(name, required)
        for index, ref in enumerate(ids):
            self.references.append((kind, ref, reader, (name, index)))
        return ids

    def reader(self, doc: Document) -> FieldReader | None:
        stem = item_id(doc.path)
        if not ID_PATTERN.fullmatch(stem):
            foreign = next((c for c in stem if not c.isascii()), None)
            hint = f"; '{foreign}' is U+{ord(foreign):04X}, not a letter a-z" if foreign else ""
            self.problems.add(doc.path, 1, f"bad id '{stem}': a file name may use only lowercase "
                                           "letters a-z, digits and single hyphens (e.g. 'lavrov-visit')"
                                           f"{hint}")
            return None
        return FieldReader(doc, self.problems)

    def skip_draft(self, kind: str, doc: Document, r: FieldReader) -> bool:
        if r.flag("draft") and not self.include_drafts:
            self.drafts[kind].add(item_id(doc.path))
            return True
        return False

    # One reader per kind ------------------------------------------------

    def source(self, doc: Document, r: FieldReader) -> Source:
        r.check_keys(("outlet", "origin", "title", "published", "language", "url", "kind",
                      "reliability", "notes", "draft"))
        return Source(item_id(doc.path), doc.path, outlet=r.text("outlet", True),
                      origin=r.text("origin"), title=r.text("title", True),
                      published=r.date("published", True), language=r.language("language", True),
                      url=r.url("url"), kind=r.choice("kind", SOURCE_KINDS, True),
                      reliability=r.choice("reliability", RELIABILITY, True), notes=r.text("notes"),
                      draft=r.flag("draft"))

    def actor(self, doc: Document, r: FieldReader) -> Actor:
        r.check_keys(("name", "kind", "role", "aliases", "misspellings", "sources", "draft"))
        return Actor(item_id(doc.path), doc.path, name=r.text("name", True),
                     kind=r.choice("kind", ACTOR_KINDS, True), role=r.text("role"),
                     aliases=r.text_list("aliases"), misspellings=r.text_list("misspellings"),
                     sources=self.refer_list("sources", r, "sources"),
                     body=doc.body, body_line=doc.body_line, draft=r.flag("draft"))

    def place(self, doc: Document, r: FieldReader) -> Place:
        r.check_keys(("name", "kind", "within", "aliases", "misspellings", "location", "sources",
                      "draft"))
        within = r.text("within")
        if within:
            self.references.append(("places", within, r, ("within",)))
        return Place(item_id(doc.path), doc.path, name=r.text("name", True),
                     kind=r.choice("kind", PLACE_KINDS, True), within=within,
                     aliases=r.text_list("aliases"), misspellings=r.text_list("misspellings"),
                     location=self.location(r), sources=self.refer_list("sources", r, "sources"),
                     body=doc.body, body_line=doc.body_line, draft=r.flag("draft"))

    def location(self, r: FieldReader) -> Location | None:
        value = r.meta.get("location")
        if value is None:
            return None
        if not isinstance(value, dict):
            r.error("location", "'location' must be a mapping with lat, lon and precision")
            return None
        loc = r.at("location")
        loc.check_keys(("lat", "lon", "precision"))
        lat, lon = loc.number("lat", True), loc.number("lon", True)
        if lat is not None and not -90 <= lat <= 90:
            loc.error("lat", f"'lat' must be between -90 and 90, not {lat}")
        if lon is not None and not -180 <= lon <= 180:
            loc.error("lon", f"'lon' must be between -180 and 180, not {lon}")
        precision = loc.choice("precision", COORDINATE_PRECISION, default="exact")
        if lat is None or lon is None:
            return None
        return Location(float(lat), float(lon), precision)

    def article(self, doc: Document, r: FieldReader) -> Article:
        r.check_keys(("title", "published", "updated", "summary", "topics", "actors", "places",
                      "events", "sources", "claims", "draft", "suggestions"))
        draft = r.flag("draft")
        self.suggestions(r, draft)
        return Article(item_id(doc.path), doc.path, title=r.text("title", True),
                       published=r.date("published", True), updated=r.date("updated"),
                       summary=r.text("summary", not draft),
                       topics=self.refer_list("topics", r, "topics", True),
                       actors=self.refer_list("actors", r, "actors"),
                       places=self.refer_list("places", r, "places"),
                       events=self.refer_list("events", r, "events"),
                       sources=self.refer_list("sources", r, "sources", True),
                       claims=self.claims(r), body=doc.body, body_line=doc.body_line,
                       draft=draft)

    def suggestions(self, r: FieldReader, draft: bool) -> None:
        """What `ingest` suggests for a draft: notes for the editor, never rendered."""
        value = r.meta.get("suggestions")
        if value is None:
            return
        if not isinstance(value, dict):
            r.error("suggestions", "'suggestions' must be a mapping (as written by ingest)")
        elif not draft:
            r.error("suggestions", "'suggestions' are ingest's notes on a draft: review them and "
                                   "delete them before publishing (or keep draft: true)")

    def claims(self, r: FieldReader) -> tuple[Claim, ...]:
        claims = []
        for index, value in enumerate(r.items("claims")):
            if not isinstance(value, dict):
                r.at("claims", index).error(None, "each claim must be a mapping with text and status")
                continue
            c = r.at("claims", index)
            c.check_keys(("text", "status", "note", "sources"))
            claims.append(Claim(text=c.text("text", True),
                                status=c.choice("status", CLAIM_STATUSES, True),
                                note=c.text("note"),
                                sources=self.refer_list("sources", c, "sources")))
        return tuple(claims)

    def event(self, doc: Document, r: FieldReader) -> Event:
        r.check_keys(("title", "date", "date_note", "status", "places", "actors", "topics",
                      "sources", "summary", "draft"))
        return Event(item_id(doc.path), doc.path, title=r.text("title", True),
                     date=r.date("date", allow_unknown=True), date_note=r.text("date_note"),
                     status=r.choice("status", EVENT_STATUSES, True),
                     places=tuple(EventPlace(i, extra) for i, extra in
                                  self.qualified(r, "places", "confidence", PLACE_CONFIDENCE)),
                     actors=tuple(EventActor(i, extra) for i, extra in
                                  self.qualified(r, "actors", "role", None)),
                     topics=self.refer_list("topics", r, "topics", True),
                     sources=self.refer_list("sources", r, "sources", True),
                     summary=r.text("summary", True), body=doc.body, body_line=doc.body_line,
                     draft=r.flag("draft"))

    def qualified(self, r: FieldReader, name: str, extra: str, choices) -> list[tuple[str, str]]:
        """A list whose items are an id, or {id: ..., <extra>: ...}."""
        result = []
        default = choices[0] if choices else ""
        for index, value in enumerate(r.items(name)):
            item = r.at(name, index)
            if isinstance(value, str):
                ref, detail = value.strip(), default
            elif isinstance(value, dict):
                item.check_keys(("id", extra))
                ref = item.text("id", True)
                detail = (item.choice(extra, choices, default=default) if choices
                          else item.text(extra))
            else:
                item.error(None, f"items of '{name}' must be an id or a mapping with 'id'")
                continue
            self.references.append((name, ref, r, (name, index)))
            result.append((ref, detail))
        return result

    def figure(self, doc: Document, r: FieldReader) -> Figure:
        r.check_keys(("label", "value", "value_high", "qualifier", "unit", "as_of", "period",
                      "scope", "definition", "source", "status", "supersedes", "series",
                      "topics", "key", "note", "draft"))
        qualifier = r.choice("qualifier", QUALIFIERS, True)
        value_high = r.number("value_high")
        if qualifier == "range" and r.meta.get("value_high") is None:
            r.error("qualifier", "a 'range' needs 'value_high', the top of the range")
        source = r.text("source", True)
        if source:
            self.references.append(("sources", source, r, ("source",)))
        supersedes = r.text("supersedes")
        if supersedes:
            self.references.append(("figures", supersedes, r, ("supersedes",)))
        series = r.text("series")
        if series and not ID_PATTERN.fullmatch(series):
            r.error("series", f"bad series id '{series}': use lowercase letters, digits and hyphens")
        unit = r.text("unit", True)
        if series and unit:  # a series is charted on one scale
            first_unit, first = self.series_units.setdefault(series, (unit, item_id(doc.path)))
            if unit != first_unit:
                r.error("unit", f"unit '{unit}' differs from '{first_unit}' of {first}, in the "
                                f"same series '{series}' (a series counts one thing over time)")
        status = r.choice("status", CLAIM_STATUSES, True)
        key = r.flag("key")
        if key and status and status not in KEY_FIGURE_STATUSES:
            r.error("key", f"a key figure must be {' or '.join(KEY_FIGURE_STATUSES)}, not "
                           f"'{status}' (remove 'key: true', or check the figure first)")
        return Figure(item_id(doc.path), doc.path, label=r.text("label", True),
                      value=r.number("value", True) or 0, value_high=value_high,
                      qualifier=qualifier, unit=unit,
                      as_of=r.date("as_of", True), period=r.text("period"),
                      scope=r.text("scope", True), definition=r.text("definition"),
                      source=source, status=status,
                      supersedes=supersedes, series=series,
                      topics=self.refer_list("topics", r, "topics", True),
                      key=key, note=r.text("note"), draft=r.flag("draft"))

    def topic(self, doc: Document, r: FieldReader) -> Topic | None:
        r.check_keys(("title", "sources", "draft"))
        topic_id = item_id(doc.path)
        declared = self.config.topic(topic_id)
        if declared is None:
            names = [t.id for t in self.config.topics]
            self.problems.add(doc.path, 1, f"topic '{topic_id}' is not declared in site.yaml"
                                           f"{suggest(topic_id, names) or ' (declared: ' + ', '.join(names) + ')'}")
            return None
        return Topic(topic_id, doc.path, name=declared.name, description=declared.description,
                     title=r.text("title", default=declared.name), body=doc.body,
                     body_line=doc.body_line, draft=r.flag("draft"),
                     sources=self.refer_list("sources", r, "sources"))

    def page(self, doc: Document, r: FieldReader) -> Page:
        r.check_keys(("title", "description", "draft"))
        return Page(item_id(doc.path), doc.path, title=r.text("title", True),
                    description=r.text("description"), body=doc.body, body_line=doc.body_line,
                    draft=r.flag("draft"))


def build_site(config: SiteConfig, documents: dict[str, list[Document]],
               include_drafts: bool = False) -> Site:
    """Validate every document and return the Site, or raise BuildFailed."""
    builder = _Builder(config, include_drafts)
    site = Site(config)
    for kind in KINDS:
        read = getattr(builder, SINGULAR[kind])
        items = getattr(site, kind)
        for doc in sorted(documents.get(kind, ()), key=lambda d: d.path):
            r = builder.reader(doc)
            if r is None or builder.skip_draft(kind, doc, r):
                continue
            item = read(doc, r)
            if item is not None:
                items[item.id] = item
    _add_declared_topics(config, site)
    _check_references(builder, site)
    builder.problems.raise_if_any()
    site.drafts.update({kind: frozenset(ids) for kind, ids in builder.drafts.items()})
    return site


def _add_declared_topics(config: SiteConfig, site: Site) -> None:
    """A topic declared in site.yaml needs no intro file to exist."""
    for declared in config.topics:
        if declared.id not in site.topics:
            site.topics[declared.id] = Topic(declared.id, "site.yaml", declared.name,
                                             declared.description, declared.name, "", 0)
    ordered = {t.id: site.topics[t.id] for t in config.topics}
    site.topics.clear()
    site.topics.update(ordered)


def _check_references(builder: _Builder, site: Site) -> None:
    for kind, ref, reader, key in builder.references:
        known = getattr(site, kind)
        if ref in known:
            continue
        label = SINGULAR[kind]
        if ref in builder.drafts[kind]:
            reader.error_at(key, f"{label} '{ref}' is a draft and is not published "
                                 "(publish it, or remove this reference)")
        elif kind == "topics":
            reader.error_at(key, f"unknown topic '{ref}' (expected one of: {', '.join(known)})")
        else:
            reader.error_at(key, f"{label} '{ref}' not found{suggest(ref, known)}")
