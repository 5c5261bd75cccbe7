"""What a briefing is made of: frozen dataclasses, one per kind of item, and the Site.

An item carries its metadata only; its Markdown body is kept apart, in
`Site.bodies` by the item's file path, so that what a page shows of another
item (its title, its name) never includes that item's text.

Every item has a `digest`: a hash of everything it was made from. Two items
with the same digest show the same, so the later stages fingerprint a page by
the digests of the items it shows, instead of by the items themselves. `lang` is the
language its words are in when that is not the edition's (an untranslated
item in a translated edition), else ''.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..vocabulary import SiteConfig
from ..vocabulary import PartialDate


@dataclass(frozen=True)
class Item:
    id: str
    path: str


def _digest():
    return field(default="", kw_only=True, compare=False, repr=False)


def _lang():
    return field(default="", kw_only=True)


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
    lang: str = _lang()
    digest: str = _digest()


@dataclass(frozen=True)
class Actor(Item):
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    misspellings: tuple[str, ...]
    sources: tuple[str, ...]
    draft: bool = False
    lang: str = _lang()
    digest: str = _digest()


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
    draft: bool = False
    sources: tuple[str, ...] = ()  # checked references for the profile
    lang: str = _lang()
    digest: str = _digest()

    @property
    def map_names(self) -> tuple[str, ...]:
        """The names a map's area may go by for it: its name, its aliases, and its id
        read as words ('cabo-delgado')."""
        return (self.name, *self.aliases, self.id.replace("-", " "))


@dataclass(frozen=True)
class Claim:
    text: str
    status: str
    note: str
    sources: tuple[str, ...]
    # That something has not happened holds only up to a day: the day its sources were
    # read up to ('checked'); unknown for a claim that says nothing of the kind.
    checked: PartialDate = PartialDate()
    figure: str = ""  # the id of the figure whose number the claim states: one fact, one status


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
    draft: bool = False
    authors: tuple[str, ...] = ()  # the names of its writers, each one of site.yaml's editors
    lang: str = _lang()
    digest: str = _digest()


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
    draft: bool = False
    # The day its sources were read up to: an announced event has not happened as of then.
    checked: PartialDate = PartialDate()
    lang: str = _lang()
    digest: str = _digest()


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
    key: bool  # a key figure, shown on the home page
    note: str
    draft: bool = False
    lang: str = _lang()
    digest: str = _digest()


@dataclass(frozen=True)
class Topic(Item):
    name: str
    description: str
    title: str
    draft: bool = False
    sources: tuple[str, ...] = ()  # checked references for the intro
    lang: str = _lang()
    digest: str = _digest()


@dataclass(frozen=True)
class Page(Item):
    title: str
    description: str
    draft: bool = False
    lang: str = _lang()
    digest: str = _digest()


@dataclass(frozen=True)
class TopicTrend:
    """How one topic went in a month, and why, as CrisisWatch judges a country's month."""

    topic: str  # a topic id
    trend: str  # one of schema.TRENDS
    why: str  # a sentence saying why


@dataclass(frozen=True)
class Month(Item):
    """The editor's summary of a month (its id: '2025-10'); the month's page is made
    from its dated items with or without one."""

    title: str  # a headline for the month, optional
    summary: str  # one or two sentences, optional: the monthly feed's summary
    trend: str  # '' or one of schema.TRENDS
    draft: bool = False
    trends: tuple[TopicTrend, ...] = ()  # per topic, in the site's order of topics
    lang: str = _lang()
    digest: str = _digest()

    @property
    def month(self) -> PartialDate:
        year, month = self.id.split("-")
        return PartialDate(int(year), int(month))


@dataclass(frozen=True)
class Body:
    """An item's Markdown text, and the line of its file where it starts."""

    text: str
    line: int
    key: str = ""  # a hash of the text


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
    months: dict[str, Month] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)  # item path -> its Markdown text
    # (kind, id) -> the (kind, id) of every item it refers to
    references: dict[tuple[str, str], frozenset] = field(default_factory=dict)
    drafts: dict[str, frozenset] = field(default_factory=dict)  # kind -> ids held back


# Each kind's class, and each class's kind (the registry's name: 'articles').
ITEM_CLASSES = {"sources": Source, "actors": Actor, "places": Place, "articles": Article,
                "events": Event, "figures": Figure, "topics": Topic, "pages": Page,
                "months": Month}
KIND_OF = {cls: kind for kind, cls in ITEM_CLASSES.items()}
