"""What each kind of page shows: its context, with every reference resolved.

The plan stage makes one of these per page, holding the items the page shows
(an event's places and actors themselves, not their ids); templates read
nothing else but the edition's settings and strings. A page's fingerprint is
therefore a hash of its context (render adds its templates and bodies).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import PartialDate, StaticSource
from ..model import (Actor, Article, Claim, Event, Figure, Month, Page, Place, Source, Topic,
                     TopicTrend)
from .paging import Pager
from .staleness import Overdue


# Pieces shown on several kinds of page ------------------------------------

@dataclass(frozen=True)
class Entry:
    """One dated line in a list of developments: an article or an event."""

    kind: str  # 'article' or 'event'
    item: Article | Event

    @property
    def date(self) -> PartialDate:
        return self.item.published if self.kind == "article" else self.item.date


@dataclass(frozen=True)
class FigureShown:
    """A figure with its source; the newest figure of a series carries the series
    (oldest first), drawn as a chart beside it; on the figures page, the figure it
    supersedes."""

    figure: Figure
    source: Source
    series: tuple[FigureShown, ...] = ()
    replaces: Figure | None = None
    old: bool = False  # over a year older than the briefing's date


@dataclass(frozen=True)
class MapMark:
    """A place to mark on a page's map."""

    place: Place
    confidence: str = ""  # the strongest confidence of the page's events that name it
    primary: bool = False  # the place the page is about
    disputed_by: tuple[Event, ...] = ()  # when disputed: the events whose accounts differ on it
    within: Place | None = None  # the place it lies in, named where it cannot be drawn


@dataclass(frozen=True)
class PlaceShown:
    place: Place
    within: Place | None


@dataclass(frozen=True)
class EventPlaceShown:
    place: Place
    confidence: str


@dataclass(frozen=True)
class EventActorShown:
    actor: Actor
    role: str


@dataclass(frozen=True)
class ClaimShown:
    claim: Claim
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class SourceListed:
    """A source on the sources index, with how many items cite it."""

    source: Source
    cited: int


@dataclass(frozen=True)
class EventDetails:
    """An event with its places and actors, as the open data lists it."""

    event: Event
    places: tuple[EventPlaceShown, ...]
    actors: tuple[EventActorShown, ...]


@dataclass(frozen=True)
class MonthLink:
    """A month's page."""

    month: PartialDate  # known to the month
    path: str  # 'updates/2025-10/'


@dataclass(frozen=True)
class MonthShown:
    """A month as the index of months and the home page list it."""

    link: MonthLink
    summary: Month | None  # the editor's, if written
    events: int
    articles: int
    figures: int


@dataclass(frozen=True)
class TopicEvents:
    """A month's events under their (first) topic."""

    topic: Topic
    events: tuple[Event, ...]


@dataclass(frozen=True)
class FigureChange:
    """A figure of the month, and the previous count of its series."""

    shown: FigureShown
    previous: Figure | None
    change: int | float | None  # its value less the previous one's (None: no previous, or a range)


# One context per kind of page ----------------------------------------------

@dataclass(frozen=True)
class TrendShown:
    """A topic's trend in a month, with the topic it is of."""

    topic: Topic
    trend: TopicTrend


@dataclass(frozen=True)
class TrendStrip:
    """The last months' trends, one row per topic: what the home page opens with."""

    months: tuple[MonthLink, ...]  # oldest first
    rows: tuple[tuple[Topic, tuple[TopicTrend | None, ...]], ...]  # a cell per month


@dataclass(frozen=True)
class HomeContext:
    key_figures: tuple[FigureShown, ...]
    latest: tuple[Entry, ...]
    upcoming: tuple[Event, ...]
    topics: tuple[Topic, ...]
    map_marks: tuple[MapMark, ...]
    latest_month: MonthShown | None
    overdue: dict[str, Overdue]  # event id -> why it is overdue, for the events shown
    trends: TrendStrip | None = None  # None: no month of the last twelve has an assessment
    map_month: MonthLink | None = None  # the month whose places the map marks (None: all)


@dataclass(frozen=True)
class SearchContext:
    topics: tuple[Topic, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class ArticlesContext:
    articles: tuple[Entry, ...]
    pager: Pager | None = None  # where the page stands when the listing is split


@dataclass(frozen=True)
class ActorsContext:
    actors: tuple[Actor, ...]


@dataclass(frozen=True)
class PlacesContext:
    places: tuple[PlaceShown, ...]


@dataclass(frozen=True)
class SourcesContext:
    sources: tuple[SourceListed, ...]
    pager: Pager | None = None


@dataclass(frozen=True)
class FiguresContext:
    figures: tuple[tuple[str, tuple[FigureShown, ...]], ...]  # (series, its figures newest first)


@dataclass(frozen=True)
class DataContext:
    downloads: tuple
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class NotFoundContext:
    pass


@dataclass(frozen=True)
class TimelineContext:
    events: tuple[Event, ...]
    view: object  # timeline.TimelineFilter
    facets: tuple
    total: int
    topic_names: dict  # topic id -> its name, for the filters
    overdue: dict[str, Overdue]
    pager: Pager | None = None  # when the view is split: only its events on this page


@dataclass(frozen=True)
class TopicContext:
    topic: Topic
    sources: tuple[Source, ...]
    figures: tuple[FigureShown, ...]
    articles: tuple[Entry, ...]
    events: tuple[Event, ...]
    map_marks: tuple[MapMark, ...]
    months: tuple[MonthLink, ...]  # the newest months with its articles or events
    overdue: dict[str, Overdue]
    # When the topic's articles are split: their first page (the others are
    # TopicArticlesContext pages); when its events are: the first page of the
    # timeline's view of the topic, which holds them all.
    pager: Pager | None = None
    events_pager: Pager | None = None


@dataclass(frozen=True)
class TopicArticlesContext:
    """A further page of a topic's articles."""

    topic: Topic
    articles: tuple[Entry, ...]
    pager: Pager


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    topics: tuple[Topic, ...]
    claims: tuple[ClaimShown, ...]
    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class EventContext:
    event: Event
    places: tuple[EventPlaceShown, ...]
    actors: tuple[EventActorShown, ...]
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    articles: tuple[Entry, ...]
    map_marks: tuple[MapMark, ...]
    overdue: Overdue | None


@dataclass(frozen=True)
class ActorContext:
    actor: Actor
    sources: tuple[Source, ...]
    articles: tuple[Entry, ...]
    events: tuple[Event, ...]
    overdue: dict[str, Overdue]


@dataclass(frozen=True)
class PlaceContext:
    place: Place
    sources: tuple[Source, ...]
    within: Place | None
    contains: tuple[Place, ...]
    map_marks: tuple[MapMark, ...]
    articles: tuple[Entry, ...]
    events: tuple[Event, ...]
    overdue: dict[str, Overdue]


@dataclass(frozen=True)
class SourceContext:
    source: Source
    articles: tuple[Entry, ...]  # what cites it
    events: tuple[Event, ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class PageContext:
    page: Page


@dataclass(frozen=True)
class MonthContext:
    """A month's brief: its events by topic, its articles and figures, and what is
    announced for the month after."""

    month: PartialDate
    summary: Month | None
    topics: tuple[TopicEvents, ...]
    articles: tuple[Entry, ...]
    figures: tuple[FigureChange, ...]
    next_month: PartialDate
    coming: tuple[Event, ...]  # announced for the next month
    earlier: MonthLink | None  # the months with pages before and after it
    later: MonthLink | None
    overdue: dict[str, Overdue]
    assessment: tuple[TrendShown, ...] = ()  # each topic's trend, from the editor's summary


@dataclass(frozen=True)
class MonthsContext:
    months: tuple[MonthShown, ...]  # newest first


# Files that are not pages ---------------------------------------------------

@dataclass(frozen=True)
class FeedContext:
    feed: object  # feeds.Feed
    topics: dict  # topic id -> Topic, for the entries' categories


@dataclass(frozen=True)
class MonthFeedContext:
    feed: object  # feeds.MonthFeed
    topics: dict  # topic id -> Topic, for the entries' categories


@dataclass(frozen=True)
class EventsData:
    events: tuple[EventDetails, ...]


@dataclass(frozen=True)
class FiguresData:
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class SourcesData:
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class SitemapContext:
    urls: tuple[str, ...]  # below the site root


@dataclass(frozen=True)
class StaticFile:
    source: StaticSource
