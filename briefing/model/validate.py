"""Validate documents against the schema and resolve references into a Site.

Pure: takes parsed documents, returns frozen dataclasses or raises BuildFailed
with every problem found. Each document is checked on its own (`check_document`,
remembered by the hash of its metadata, so an unchanged file is not checked
again); what spans documents — references, units within a series — is checked
afterwards over the whole site, from what each check noted (checks.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import Collector, Problem
from ..kinds import (ACTOR_KINDS, BY_NAME, BY_SINGULAR, CLAIM_KEYS, CLAIM_STATUSES,
                     COORDINATE_PRECISION, EVENT_STATUSES, KEY_FIGURE_STATUSES, KINDS,
                     LOCATION_KEYS, PLACE_CONFIDENCE, PLACE_KINDS, QUALIFIERS, RELIABILITY,
                     SOURCE_KINDS, TREND_KEYS, TRENDS, item_id)
from ..vocabulary import DAY, PartialDate, SiteConfig
from ..load import ID_PATTERN, FieldReader, suggest
from ..load import Document
from ..memo import Memo, NoMemo, digest
from .checks import (check_checked, check_claimed_figures, check_references,
                     check_series_units)
from .items import (Actor, Article, Body, Claim, Event, EventActor, EventPlace, Figure, Location,
                    Month, Page, Place, Site, Source, Topic, TopicTrend)

Reference = tuple  # (kind name, id, key path in the document)
MONTH_ID = re.compile(r"(?!0000)[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Checked:
    """One document checked on its own: its item (None if held back or broken),
    the references it makes, for the site-wide check, and its problems."""

    item: object
    draft: bool
    references: tuple[Reference, ...]
    problems: tuple[Problem, ...]
    series: tuple[str, str] = ("", "")  # a figure's (series, unit)
    referred: frozenset = frozenset()  # the (kind, id) of every item it refers to


class _Reader:
    """Reads one document into its item, noting the references it makes."""

    def __init__(self, config: SiteConfig, doc: Document, problems: Collector):
        self.config = config
        self.doc = doc
        self.problems = problems
        self.references: list[Reference] = []
        self.r = FieldReader(doc, problems)

    def refer_list(self, kind: str, reader: FieldReader, name: str, required: bool = False):
        ids = reader.text_list(name, required)
        for index, ref in enumerate(ids):
            self.references.append((kind, ref, reader.key + (name, index)))
        return ids

    def refer(self, kind: str, ref: str, key: tuple) -> None:
        self.references.append((kind, ref, key))

    # One reader per kind ------------------------------------------------

    def source(self, ident: str) -> Source:
        r = self.r
        r.check_keys(BY_SINGULAR["source"].keys)
        return Source(ident, self.doc.path, outlet=r.text("outlet", True),
                      origin=r.text("origin"), title=r.text("title", True),
                      published=r.date("published", True), language=r.language("language", True),
                      url=r.url("url"), kind=r.choice("kind", SOURCE_KINDS, True),
                      reliability=r.choice("reliability", RELIABILITY, True), notes=r.text("notes"),
                      draft=r.flag("draft"))

    def actor(self, ident: str) -> Actor:
        r = self.r
        r.check_keys(BY_SINGULAR["actor"].keys)
        return Actor(ident, self.doc.path, name=r.text("name", True),
                     kind=r.choice("kind", ACTOR_KINDS, True), role=r.text("role"),
                     aliases=r.text_list("aliases"), misspellings=r.text_list("misspellings"),
                     sources=self.refer_list("sources", r, "sources"), draft=r.flag("draft"))

    def place(self, ident: str) -> Place:
        r = self.r
        r.check_keys(BY_SINGULAR["place"].keys)
        within = r.text("within")
        if within:
            self.refer("places", within, ("within",))
        return Place(ident, self.doc.path, name=r.text("name", True),
                     kind=r.choice("kind", PLACE_KINDS, True), within=within,
                     aliases=r.text_list("aliases"), misspellings=r.text_list("misspellings"),
                     location=self.location(), sources=self.refer_list("sources", r, "sources"),
                     draft=r.flag("draft"))

    def location(self) -> Location | None:
        r = self.r
        value = r.meta.get("location")
        if value is None:
            return None
        if not isinstance(value, dict):
            r.error("location", "'location' must be a mapping with lat, lon and precision")
            return None
        loc = r.at("location")
        loc.check_keys(LOCATION_KEYS)
        lat, lon = loc.number("lat", True), loc.number("lon", True)
        if lat is not None and not -90 <= lat <= 90:
            loc.error("lat", f"'lat' must be between -90 and 90, not {lat}")
        if lon is not None and not -180 <= lon <= 180:
            loc.error("lon", f"'lon' must be between -180 and 180, not {lon}")
        precision = loc.choice("precision", COORDINATE_PRECISION, default="exact")
        if lat is None or lon is None:
            return None
        return Location(float(lat), float(lon), precision)

    def article(self, ident: str) -> Article:
        r = self.r
        r.check_keys(BY_SINGULAR["article"].keys)
        draft = r.flag("draft")
        self.suggestions(draft)
        return Article(ident, self.doc.path, title=r.text("title", True),
                       published=r.date("published", True), updated=r.date("updated"),
                       authors=r.text_list("authors"),
                       summary=r.text("summary", not draft),
                       topics=self.refer_list("topics", r, "topics", True),
                       actors=self.refer_list("actors", r, "actors"),
                       places=self.refer_list("places", r, "places"),
                       events=self.refer_list("events", r, "events"),
                       sources=self.refer_list("sources", r, "sources", True),
                       claims=self.claims(), draft=draft)

    def suggestions(self, draft: bool) -> None:
        """What `ingest` suggests for a draft: notes for the editor, never rendered."""
        r = self.r
        value = r.meta.get("suggestions")
        if value is None:
            return
        if not isinstance(value, dict):
            r.error("suggestions", "'suggestions' must be a mapping (as written by ingest)")
        elif not draft:
            r.error("suggestions", "'suggestions' are ingest's notes on a draft: review them and "
                                   "delete them before publishing (or keep draft: true)")

    def claims(self) -> tuple[Claim, ...]:
        r = self.r
        claims = []
        for index, value in enumerate(r.items("claims")):
            if not isinstance(value, dict):
                r.at("claims", index).error(None, "each claim must be a mapping with text and status")
                continue
            c = r.at("claims", index)
            c.check_keys(CLAIM_KEYS)
            figure = c.text("figure")
            if figure:
                self.refer("figures", figure, ("claims", index, "figure"))
            claims.append(Claim(text=c.text("text", True),
                                status=c.choice("status", CLAIM_STATUSES, True),
                                note=c.text("note"),
                                sources=self.refer_list("sources", c, "sources"),
                                checked=self.checked(c), figure=figure))
        return tuple(claims)

    def event(self, ident: str) -> Event:
        r = self.r
        r.check_keys(BY_SINGULAR["event"].keys)
        status = r.choice("status", EVENT_STATUSES, True)
        checked = self.checked(r)
        if status == "announced" and not checked.known and "checked" not in r.meta:
            r.error("status", "an announced event needs 'checked: YYYY-MM-DD', the day up to "
                              "which its sources were read for news of it (pages say 'no report "
                              "found as of' that day)")
        return Event(ident, self.doc.path, title=r.text("title", True),
                     date=r.date("date", allow_unknown=True), date_note=r.text("date_note"),
                     status=status, checked=checked,
                     places=tuple(EventPlace(i, extra) for i, extra in
                                  self.qualified("places", "confidence", PLACE_CONFIDENCE)),
                     actors=tuple(EventActor(i, extra) for i, extra in
                                  self.qualified("actors", "role", None)),
                     topics=self.refer_list("topics", r, "topics", True),
                     sources=self.refer_list("sources", r, "sources", True),
                     summary=r.text("summary", True), draft=r.flag("draft"))

    @staticmethod
    def checked(r) -> PartialDate:
        """The day a claim of absence or an announcement was checked up to: a whole day."""
        checked = r.date("checked")
        if checked.known and checked.precision != DAY:
            r.error("checked", f"'checked' must be a day, YYYY-MM-DD (not '{checked.iso()}'): the "
                               "day up to which the sources were read")
        return checked

    def qualified(self, name: str, extra: str, choices) -> list[tuple[str, str]]:
        """A list whose items are an id, or {id: ..., <extra>: ...}."""
        r = self.r
        result = []
        default = ""  # not stated: nothing is confirmed unless the editor says so
        for index, value in enumerate(r.items(name)):
            item = r.at(name, index)
            if isinstance(value, str):
                ref, detail, where = value.strip(), default, (name, index)
            elif isinstance(value, dict):
                item.check_keys(("id", extra))
                ref = item.text("id", True)
                detail = (item.choice(extra, choices, default=default) if choices
                          else item.text(extra))
                where = (name, index, "id")
            else:
                item.error(None, f"items of '{name}' must be an id or a mapping with 'id'")
                continue
            self.refer(name, ref, where)
            result.append((ref, detail))
        return result

    def figure(self, ident: str) -> Figure:
        r = self.r
        r.check_keys(BY_SINGULAR["figure"].keys)
        qualifier = r.choice("qualifier", QUALIFIERS, True)
        value_high = r.number("value_high")
        if qualifier == "range" and r.meta.get("value_high") is None:
            r.error("qualifier", "a 'range' needs 'value_high', the top of the range")
        source = r.text("source", True)
        if source:
            self.refer("sources", source, ("source",))
        supersedes = r.text("supersedes")
        if supersedes:
            self.refer("figures", supersedes, ("supersedes",))
        series = r.text("series")
        if series and not ID_PATTERN.fullmatch(series):
            r.error("series", f"bad series id '{series}': use lowercase letters, digits and hyphens")
        status = r.choice("status", CLAIM_STATUSES, True)
        key = r.flag("key")
        if key and status and status not in KEY_FIGURE_STATUSES:
            r.error("key", f"a key figure must be {' or '.join(KEY_FIGURE_STATUSES)}, not "
                           f"'{status}' (remove 'key: true', or check the figure first)")
        return Figure(ident, self.doc.path, label=r.text("label", True),
                      value=r.number("value", True) or 0, value_high=value_high,
                      qualifier=qualifier, unit=r.text("unit", True),
                      as_of=r.date("as_of", True), period=r.text("period"),
                      scope=r.text("scope", True), definition=r.text("definition"),
                      source=source, status=status,
                      supersedes=supersedes, series=series,
                      topics=self.refer_list("topics", r, "topics", True),
                      key=key, note=r.text("note"), draft=r.flag("draft"))

    def topic(self, ident: str) -> Topic | None:
        r = self.r
        r.check_keys(BY_SINGULAR["topic"].keys)
        declared = self.config.topic(ident)
        if declared is None:
            names = [t.id for t in self.config.topics]
            self.problems.add(self.doc.path, 1, f"topic '{ident}' is not declared in site.yaml"
                                                f"{suggest(ident, names) or ' (declared: ' + ', '.join(names) + ')'}")
            return None
        return Topic(ident, self.doc.path, name=declared.name, description=declared.description,
                     title=r.text("title", default=declared.name), draft=r.flag("draft"),
                     sources=self.refer_list("sources", r, "sources"))

    def page(self, ident: str) -> Page:
        r = self.r
        r.check_keys(BY_SINGULAR["page"].keys)
        return Page(ident, self.doc.path, title=r.text("title", True),
                    description=r.text("description"), draft=r.flag("draft"))

    def month(self, ident: str) -> Month | None:
        r = self.r
        r.check_keys(BY_SINGULAR["month"].keys)
        if not MONTH_ID.fullmatch(ident):
            self.problems.add(self.doc.path, 1, f"bad month '{ident}': a month's summary is "
                                                "named after its month, YYYY-MM (e.g. 2025-10.md)")
            return None
        return Month(ident, self.doc.path, title=r.text("title"), summary=r.text("summary"),
                     trend=r.choice("trend", TRENDS, default=""), draft=r.flag("draft"),
                     trends=self.trends())

    def trends(self) -> tuple[TopicTrend, ...]:
        """Each topic's trend in the month: {topic id: {trend: ..., why: ...}}, in the
        site's order of topics."""
        r = self.r
        value = r.meta.get("trends")
        if value is None:
            return ()
        if not isinstance(value, dict):
            r.error("trends", "'trends' must map topic ids to a trend and why, e.g. "
                              "security: {trend: deteriorated, why: ...}")
            return ()
        declared = [t.id for t in self.config.topics]
        found = {}
        for topic, entry in value.items():
            at = r.at("trends", topic)
            if topic not in declared:
                at.error(None, f"unknown topic '{topic}'{suggest(str(topic), declared) or ''} "
                               f"(declared in site.yaml: {', '.join(declared)})")
                continue
            if not isinstance(entry, dict):
                at.error(None, f"the trend of '{topic}' must be a mapping with trend and why")
                continue
            at.check_keys(TREND_KEYS)
            found[topic] = TopicTrend(topic, at.choice("trend", TRENDS, True), at.text("why", True))
        return tuple(found[t] for t in declared if t in found)


def _bad_id(doc: Document, ident: str) -> Problem:
    foreign = next((c for c in ident if not c.isascii()), None)
    hint = f"; '{foreign}' is U+{ord(foreign):04X}, not a letter a-z" if foreign else ""
    return Problem(doc.path, 1, f"bad id '{ident}': a file name may use only lowercase letters "
                                f"a-z, digits and single hyphens (e.g. 'lavrov-visit'){hint}")


def check_document(kind: str, doc: Document, config: SiteConfig, include_drafts: bool) -> Checked:
    """One document read into its item, on its own (references are checked later)."""
    ident = item_id(doc.path)
    if not ID_PATTERN.fullmatch(ident):
        return Checked(None, False, (), (_bad_id(doc, ident),))
    problems = Collector()
    reader = _Reader(config, doc, problems)
    if reader.r.flag("draft") and not include_drafts:
        return Checked(None, True, (), tuple(problems.problems))
    item = getattr(reader, BY_NAME[kind].singular)(ident)
    series = (item.series, item.unit) if isinstance(item, Figure) else ("", "")
    return Checked(item, False, tuple(reader.references), tuple(problems.problems), series,
                   frozenset((kind, ref) for kind, ref, _ in reader.references))


def build_site(config: SiteConfig, documents: dict[str, list[Document]],
               include_drafts: bool = False, memo: Memo | None = None) -> Site:
    """Validate every document and return the Site, or raise BuildFailed."""
    memo = memo if memo is not None else NoMemo()
    problems = Collector()
    site = Site(config)
    checks: list[tuple[str, Document, Checked]] = []
    keys = []
    drafts: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
    declared = repr(config.topics)  # what a topic's check depends on besides its file
    for kind in KINDS:
        items = getattr(site, kind.name)
        for doc in sorted(documents.get(kind.name, ()), key=lambda d: d.path):
            key = (kind.name, doc.path, doc.key, include_drafts,
                   declared if kind.name == "topics" else "")
            keys.append(key)
            checked = memo.get(key)
            if checked is None:
                checked = memo.put(key, _with_digest(
                    check_document(kind.name, doc, config, include_drafts), digest(repr(key))))
            problems.problems.extend(checked.problems)
            if checked.draft:
                drafts[kind.name].add(item_id(doc.path))
            if checked.item is None:
                continue
            items[checked.item.id] = checked.item
            checks.append((kind.name, doc, checked))
            if kind.has_body:
                site.bodies[doc.path] = Body(doc.body, doc.body_line, doc.body_key)
    _add_declared_topics(config, site)
    # What spans documents is checked again only when a document changed since a
    # build that passed.
    passed = ("passed", include_drafts)
    if problems.problems or memo.get(passed) != keys:
        check_series_units(checks, problems)
        check_references(checks, site, drafts, problems)
        check_checked(checks, site, problems)
        check_claimed_figures(checks, site, problems)
    problems.raise_if_any()
    memo.put(passed, keys)
    site.references.update({(kind, checked.item.id): checked.referred for kind, _, checked in checks})
    site.drafts.update({kind: frozenset(ids) for kind, ids in drafts.items()})
    return site


def _with_digest(checked: Checked, key: str) -> Checked:
    if checked.item is None:
        return checked
    return replace(checked, item=replace(checked.item, digest=key))


def _add_declared_topics(config: SiteConfig, site: Site) -> None:
    """A topic declared in site.yaml needs no intro file to exist."""
    for declared in config.topics:
        if declared.id not in site.topics:
            site.topics[declared.id] = Topic(declared.id, "site.yaml", declared.name,
                                             declared.description, declared.name,
                                             digest=digest(repr(("topics", declared))))
    ordered = {t.id: site.topics[t.id] for t in config.topics}
    site.topics.clear()
    site.topics.update(ordered)
