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
from ..kinds import BY_NAME, BY_SINGULAR, KINDS, item_id
from ..schema import DRAFTS_MAY_OMIT, KEY_FIGURE_STATUSES, Field
from ..vocabulary import DAY, PartialDate, SiteConfig
from ..load import ID_PATTERN, FieldReader, suggest
from ..load import Document
from ..memo import Key, Memo, NoMemo, hashed
from ..memo import key as memo_key
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
    """Reads one document into its item by its kind's schema, noting the references
    it makes. Each type of key has its reader (`_BY_TYPE`); what the schema cannot
    say (a rule between two keys) is checked in the kind's own method."""

    def __init__(self, config: SiteConfig, doc: Document, problems: Collector):
        self.config = config
        self.doc = doc
        self.problems = problems
        self.references: list[Reference] = []
        self.r = FieldReader(doc, problems)

    def fields(self, kind: str) -> dict:
        """{key: value} for every key of the kind's schema, read by its type."""
        r = self.r
        r.check_keys(BY_SINGULAR[kind].keys)
        draft = r.flag("draft")
        return {field.key: self.value(r, field, draft) for field in BY_SINGULAR[kind].fields}

    def value(self, r: FieldReader, field: Field, draft: bool = False):
        required = field.required is True or (field.required == DRAFTS_MAY_OMIT and not draft)
        return _BY_TYPE[field.type](self, r, field, required)

    def parts(self, r: FieldReader, field: Field) -> dict:
        """{key: value} for the keys inside a mapping (its reader is at the mapping)."""
        r.check_keys(field.keys)
        return {part.key: self.value(r, part) for part in field.parts}

    def refer(self, kind: str, ref: str, key: tuple) -> None:
        """Note a reference, checked once every document is read. `kind`: singular."""
        self.references.append((BY_SINGULAR[kind].name, ref, key))

    # Readers by type -----------------------------------------------------

    def an_id(self, r: FieldReader, field: Field, required: bool) -> str:
        ident = r.text(field.key, required)
        if ident and field.refers:
            self.refer(field.refers, ident, r.key + (field.key,))
        elif ident and not ID_PATTERN.fullmatch(ident):
            r.error(field.key, f"bad {field.key} id '{ident}': use lowercase letters, digits "
                               "and hyphens")
        return ident

    def ids(self, r: FieldReader, field: Field, required: bool) -> tuple[str, ...]:
        ids = r.text_list(field.key, required)
        for index, ref in enumerate(ids):
            self.refer(field.refers, ref, r.key + (field.key, index))
        return ids

    def day(self, r: FieldReader, field: Field, required: bool) -> PartialDate:
        """The day a claim of absence or an announcement was checked up to: a whole day."""
        day = r.date(field.key, required)
        if day.known and day.precision != DAY:
            r.error(field.key, f"'{field.key}' must be a day, YYYY-MM-DD (not '{day.iso()}'): the "
                               "day up to which the sources were read")
        return day

    def with_detail(self, r: FieldReader, field: Field, required: bool) -> list[tuple[str, str]]:
        """A list whose items are an id, or {id: ..., <detail>: ...}."""
        name, choices = field.detail
        result = []
        default = ""  # not stated: nothing is confirmed unless the editor says so
        for index, value in enumerate(r.items(field.key, required)):
            item = r.at(field.key, index)
            if isinstance(value, str):
                ref, detail, where = value.strip(), default, (field.key, index)
            elif isinstance(value, dict):
                item.check_keys(("id", name))
                ref = item.text("id", True)
                detail = item.choice(name, choices, default=default) if choices else item.text(name)
                where = (field.key, index, "id")
            else:
                item.error(None, f"items of '{field.key}' must be an id or a mapping with 'id'")
                continue
            self.refer(field.refers, ref, where)
            result.append((ref, detail))
        return result

    def location(self, r: FieldReader, field: Field, required: bool) -> Location | None:
        value = r.meta.get(field.key)
        if value is None:
            return None
        if not isinstance(value, dict):
            r.error(field.key, f"'{field.key}' must be a mapping with "
                               f"{', '.join(field.keys[:-1])} and {field.keys[-1]}")
            return None
        loc = r.at(field.key)
        found = self.parts(loc, field)
        lat, lon = found["lat"], found["lon"]
        if lat is not None and not -90 <= lat <= 90:
            loc.error("lat", f"'lat' must be between -90 and 90, not {lat}")
        if lon is not None and not -180 <= lon <= 180:
            loc.error("lon", f"'lon' must be between -180 and 180, not {lon}")
        if lat is None or lon is None:
            return None
        return Location(float(lat), float(lon), found["precision"])

    def claims(self, r: FieldReader, field: Field, required: bool) -> tuple[Claim, ...]:
        claims = []
        for index, value in enumerate(r.items(field.key, required)):
            if not isinstance(value, dict):
                r.at(field.key, index).error(None, "each claim must be a mapping with text and "
                                                   "status")
                continue
            claims.append(Claim(**self.parts(r.at(field.key, index), field)))
        return tuple(claims)

    def trends(self, r: FieldReader, field: Field, required: bool) -> tuple[TopicTrend, ...]:
        """Each topic's trend in the month: {topic id: {trend: ..., why: ...}}, in the
        site's order of topics."""
        value = r.meta.get(field.key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            r.error(field.key, f"'{field.key}' must map topic ids to a trend and why, e.g. "
                               "security: {trend: deteriorated, why: ...}")
            return ()
        declared = [t.id for t in self.config.topics]
        found = {}
        for topic, entry in value.items():
            at = r.at(field.key, topic)
            if topic not in declared:
                at.error(None, f"unknown topic '{topic}'{suggest(str(topic), declared) or ''} "
                               f"(declared in site.yaml: {', '.join(declared)})")
                continue
            if not isinstance(entry, dict):
                at.error(None, f"the trend of '{topic}' must be a mapping with trend and why")
                continue
            found[topic] = TopicTrend(topic, **self.parts(at, field))
        return tuple(found[t] for t in declared if t in found)

    def suggestions(self, r: FieldReader, field: Field, required: bool) -> None:
        """What `ingest` suggests for a draft: notes for the editor, never rendered."""
        value = r.meta.get(field.key)
        if value is None:
            return
        if not isinstance(value, dict):
            r.error(field.key, f"'{field.key}' must be a mapping (as written by ingest)")
        elif not r.flag("draft"):
            r.error(field.key, f"'{field.key}' are ingest's notes on a draft: review them and "
                               "delete them before publishing (or keep draft: true)")

    # One method per kind: the schema's values, and the rules between keys ----

    def source(self, ident: str) -> Source:
        return Source(ident, self.doc.path, **self.fields("source"))

    def actor(self, ident: str) -> Actor:
        return Actor(ident, self.doc.path, **self.fields("actor"))

    def place(self, ident: str) -> Place:
        return Place(ident, self.doc.path, **self.fields("place"))

    def article(self, ident: str) -> Article:
        found = self.fields("article")
        del found["suggestions"]
        return Article(ident, self.doc.path, **found)

    def event(self, ident: str) -> Event:
        found = self.fields("event")
        if found["status"] == "announced" and "checked" not in self.r.meta:
            self.r.error("status", "an announced event needs 'checked: YYYY-MM-DD', the day up to "
                                   "which its sources were read for news of it (pages say 'no "
                                   "report found as of' that day)")
        found["places"] = tuple(EventPlace(*place) for place in found["places"])
        found["actors"] = tuple(EventActor(*actor) for actor in found["actors"])
        return Event(ident, self.doc.path, **found)

    def figure(self, ident: str) -> Figure:
        r = self.r
        found = self.fields("figure")
        if found["qualifier"] == "range" and r.meta.get("value_high") is None:
            r.error("qualifier", "a 'range' needs 'value_high', the top of the range")
        status = found["status"]
        if found["key"] and status and status not in KEY_FIGURE_STATUSES:
            r.error("key", f"a key figure must be {' or '.join(KEY_FIGURE_STATUSES)}, not "
                           f"'{status}' (remove 'key: true', or check the figure first)")
        found["value"] = found["value"] or 0
        return Figure(ident, self.doc.path, **found)

    def topic(self, ident: str) -> Topic | None:
        declared = self.config.topic(ident)
        if declared is None:
            names = [t.id for t in self.config.topics]
            self.problems.add(self.doc.path, 1, f"topic '{ident}' is not declared in site.yaml"
                                                f"{suggest(ident, names) or ' (declared: ' + ', '.join(names) + ')'}")
            return None
        found = self.fields("topic")
        found["title"] = found["title"] or declared.name
        return Topic(ident, self.doc.path, name=declared.name, description=declared.description,
                     **found)

    def page(self, ident: str) -> Page:
        return Page(ident, self.doc.path, **self.fields("page"))

    def month(self, ident: str) -> Month | None:
        if not MONTH_ID.fullmatch(ident):
            self.problems.add(self.doc.path, 1, f"bad month '{ident}': a month's summary is "
                                                "named after its month, YYYY-MM (e.g. 2025-10.md)")
            return None
        return Month(ident, self.doc.path, **self.fields("month"))


_BY_TYPE = {
    "text": lambda self, r, field, required: r.text(field.key, required),
    "texts": lambda self, r, field, required: r.text_list(field.key, required),
    "number": lambda self, r, field, required: r.number(field.key, required),
    "bool": lambda self, r, field, required: r.flag(field.key),
    "date": lambda self, r, field, required: r.date(field.key, required),
    "date or unknown": lambda self, r, field, required: r.date(field.key, required,
                                                                allow_unknown=True),
    "day": _Reader.day,
    "language": lambda self, r, field, required: r.language(field.key, required),
    "url": lambda self, r, field, required: r.url(field.key),
    "choice": lambda self, r, field, required: r.choice(field.key, field.choices, required,
                                                        field.default),
    "id": _Reader.an_id,
    "ids": _Reader.ids,
    "ids with detail": _Reader.with_detail,
    "location": _Reader.location,
    "claims": _Reader.claims,
    "trends": _Reader.trends,
    "ingest notes": _Reader.suggestions,
}


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
    declared = hashed(Key.DECLARED_TOPIC, config.topics)  # what a topic's check depends on besides its file
    for kind in KINDS:
        items = getattr(site, kind.name)
        for doc in sorted(documents.get(kind.name, ()), key=lambda d: d.path):
            key = memo_key(Key.CHECKED, kind.name, doc.path, doc.key, include_drafts,
                           declared if kind.name == "topics" else "")
            keys.append(key)
            checked = memo.get(key)
            if checked is None:
                checked = memo.put(key, _with_digest(
                    check_document(kind.name, doc, config, include_drafts), hashed(Key.CHECKED, key)))
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
    passed = memo_key(Key.PASSED, include_drafts)
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
                                             digest=hashed(Key.DECLARED_TOPIC, declared))
    ordered = {t.id: site.topics[t.id] for t in config.topics}
    site.topics.clear()
    site.topics.update(ordered)
