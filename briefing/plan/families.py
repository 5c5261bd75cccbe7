"""Plan: every output of one edition as (path, template, context). A pure function of the Site.

Pages come in families: one page per item of a kind (article pages, event
pages...), or a listing (home, timeline views, topic pages, indexes, feeds...).
Each family's planner resolves every reference into the context (contexts.py),
with what the edition's planners share (index.py), so a template reads nothing
but its context. `plan_pages` plans a family, or
only some items of an item family: the incremental planner (plan/__init__.py)
re-plans just what an edit can have changed, with the same functions.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..kinds import listing
from ..model import Article, Event, Figure
from ..vocabulary import PartialDate
from .contexts import (ActorContext, ActorsContext, ArticleContext, ArticlesContext, ClaimShown,
                       DataContext, Entry, EventActorShown, EventContext, EventDetails,
                       EventPlaceShown, EventsData, FeedContext, FigureChange, FiguresContext,
                       FiguresData, HomeContext, MapMark, MonthContext,
                       MonthFeedContext, MonthLink, MonthsContext, NotFoundContext,
                       PageContext, PlaceContext, PlacesContext, PlaceShown, SearchContext,
                       SourceContext, SourceListed, SourcesContext, SourcesData, TimelineContext,
                       TopicArticlesContext, TopicContext, TopicEvents, TrendShown,
                       TrendStrip)
from .downloads import DOWNLOADS, EVENTS_CSV, EVENTS_JSON, FIGURES_CSV, SOURCES_JSON
from .feeds import FEED_LENGTH, JSON_FEED_PATH, MonthFeed, MonthFeedEntry, plan_feeds
from .index import (EditionIndex, figures_by_series, figures_latest_first, newest_first,
                    timeline_order, when)
from . import months as monthly
from .pages import PlannedPage, SearchEntry
from .paging import split
from .timeline import TimelineFilter, timeline_views
from .urls import NOT_FOUND, item_path

LATEST_COUNT = 10
TOPIC_MONTHS = 12  # the newest months a topic page links to
TREND_MONTHS = 12  # the months of the home page's strip of trends
SEARCH_PATH = "search/"
# What a search can be narrowed to; Pagefind's 'type' filter on each indexed page.
SEARCH_TYPES = ("article", "event", "actor", "place", "topic", "figure", "source", "page")


# Item pages: one per item -----------------------------------------------------

def _article_page(index: EditionIndex, article: Article) -> list[PlannedPage]:
    site = index.site
    topics = index.topics(article.topics)
    actors = tuple(site.actors[i] for i in article.actors)
    places = tuple(site.places[i] for i in article.places)
    sources = index.sources(article.sources)
    context = ArticleContext(
        article, topics,
        tuple(ClaimShown(claim, index.sources(claim.sources)) for claim in article.claims),
        actors, places, tuple(site.events[i] for i in article.events), sources)
    return [PlannedPage(item_path("article", article.id), "article.html", context, article.path,
                        search=SearchEntry("article", index.topics_of([article])),
                        bodies=(article.path,))]


def _event_page(index: EditionIndex, event: Event) -> list[PlannedPage]:
    site = index.site
    places = tuple(EventPlaceShown(site.places[p.id], p.confidence) for p in event.places)
    actors = tuple(EventActorShown(site.actors[a.id], a.role) for a in event.actors)
    by_event = index.mentions[3]
    context = EventContext(
        event, places, actors, index.topics(event.topics), index.sources(event.sources),
        newest_first(Entry("article", a) for a in by_event.articles.get(event.id, ())),
        # The page is the event: its map need not name it again.
        tuple(replace(m, disputed_by=()) for m in index.map_marks([], [event])),
        index.staleness.overdue.get(event.id))
    return [PlannedPage(item_path("event", event.id), "event.html", context, event.path,
                        search=SearchEntry("event", index.topics_of([event])),
                        bodies=(event.path,))]


def _actor_page(index: EditionIndex, actor) -> list[PlannedPage]:
    by_actor = index.mentions[0]
    articles = by_actor.articles.get(actor.id, [])
    events = by_actor.events.get(actor.id, [])
    context = ActorContext(actor, index.sources(actor.sources),
                           newest_first(Entry("article", a) for a in articles),
                           tuple(timeline_order(events)), index.overdue(events))
    return [PlannedPage(item_path("actor", actor.id), "actor.html", context, actor.path,
                        search=SearchEntry("actor", index.topics_of(articles + events)),
                        bodies=(actor.path,))]


def _place_page(index: EditionIndex, place) -> list[PlannedPage]:
    by_place = index.mentions[1]
    articles = by_place.articles.get(place.id, [])
    events = by_place.events.get(place.id, [])
    contains = tuple(index.contained.get(place.id, ()))
    within = index.within(place)
    context = PlaceContext(
        place, index.sources(place.sources), within, contains,
        (MapMark(place, primary=True, within=within),)
        + tuple(MapMark(p, within=place) for p in contains),
        newest_first(Entry("article", a) for a in articles), tuple(timeline_order(events)),
        index.overdue(events))
    return [PlannedPage(item_path("place", place.id), "place.html", context, place.path,
                        search=SearchEntry("place", index.topics_of(articles + events)),
                        bodies=(place.path,))]


def _page_page(index: EditionIndex, page) -> list[PlannedPage]:
    return [PlannedPage(item_path("page", page.id), "page.html", PageContext(page), page.path,
                        search=SearchEntry("page"), bodies=(page.path,))]


def _source_page(index: EditionIndex, source) -> list[PlannedPage]:
    by_source = index.mentions[2]
    articles = by_source.articles.get(source.id, [])
    events = by_source.events.get(source.id, [])
    figures = by_source.figures.get(source.id, [])
    context = SourceContext(source, newest_first(Entry("article", a) for a in articles),
                            tuple(timeline_order(events)), tuple(figures))
    return [PlannedPage(item_path("source", source.id), "source.html", context, source.path,
                        search=SearchEntry("source", index.topics_of(articles + events + figures)))]


def _topic_page(index: EditionIndex, topic) -> list[PlannedPage]:
    """The topic's page, with the first page of its articles and of its events when
    there are many; its further articles on pages of their own, its further events
    on the pages of the timeline's view of the topic."""
    site = index.site
    path = item_path("topic", topic.id)
    articles = [a for a in site.articles.values() if topic.id in a.topics]
    events = [e for e in index.timeline if topic.id in e.topics]
    article_pages = split(newest_first(Entry("article", a) for a in articles), path)
    first_events = split(events, TimelineFilter(topic=topic.id).path)[0]
    context = TopicContext(
        topic, index.sources(topic.sources),
        tuple(index.figure(f) for f in figures_latest_first(
            f for f in site.figures.values() if topic.id in f.topics)),
        article_pages[0].entries, first_events.entries, index.map_marks(articles, events),
        _topic_months(index, articles, events), index.overdue(first_events.entries),
        article_pages[0].pager, first_events.pager)
    pages = [PlannedPage(path, "topic.html", context, topic.path,
                         search=SearchEntry("topic", (topic.id,)),
                         bodies=(topic.path,) if topic.path in site.bodies else ())]
    pages += [PlannedPage(more.path, "topic_articles.html",
                          TopicArticlesContext(topic, more.entries, more.pager), topic.path)
              for more in article_pages[1:]]
    return pages


def _topic_months(index: EditionIndex, articles, events) -> tuple[MonthLink, ...]:
    """The newest months with a page that hold the topic's articles or events."""
    dates = [a.published for a in articles] + [e.date for e in events]
    found = {monthly.month_of(d) for d in dates} & set(index.months)
    return tuple(index.month_link(ident) for ident in sorted(found, reverse=True)[:TOPIC_MONTHS])


# Listings: pages made from many items ----------------------------------------

def _home(index: EditionIndex) -> list[PlannedPage]:
    site = index.site
    entries = [Entry("article", a) for a in site.articles.values()] + \
              [Entry("event", e) for e in site.events.values() if e.status != "announced"]
    upcoming = tuple(e for e in index.timeline if e.status == "announced")
    marks, map_month = _home_map(index)
    context = HomeContext(
        tuple(index.figure(f) for f in figures_latest_first(f for f in site.figures.values() if f.key)),
        newest_first(entries)[:LATEST_COUNT],
        upcoming,
        tuple(site.topics.values()),
        marks,
        index.month_shown(index.months[-1]) if index.months else None,
        index.overdue(upcoming),
        _trend_strip(index),
        map_month)
    return [PlannedPage("", "home.html", context)]


def _home_map(index: EditionIndex) -> tuple[tuple, MonthLink | None]:
    """The front page's map: where the newest month's events and articles took place,
    and that month; every place of the briefing (and None) when that month has none."""
    if index.months:
        newest = index.by_month.get(index.months[-1])
        marks = index.map_marks(newest.articles, newest.events) if newest else ()
        if marks:
            return marks, index.month_link(index.months[-1])
    return index.map_marks(index.site.articles.values(), index.site.events.values()), None


def _trend_strip(index: EditionIndex) -> TrendStrip | None:
    """The TREND_MONTHS calendar months up to the newest with a page, each topic's trend
    in each; None when none of them has an assessment. A month without a page has no
    link (its path is '')."""
    if not index.months:
        return None
    idents = monthly.last_months(index.months[-1], TREND_MONTHS)
    summaries = [index.site.months.get(ident) for ident in idents]
    if not any(summary and summary.trends for summary in summaries):
        return None
    rows = []
    for topic in index.site.topics.values():
        cells = tuple(next((t for t in summary.trends if t.topic == topic.id), None)
                      if summary else None for summary in summaries)
        rows.append((topic, cells))
    with_pages = set(index.months)
    links = tuple(index.month_link(ident) if ident in with_pages
                  else MonthLink(monthly.as_date(ident), "") for ident in idents)
    return TrendStrip(links, tuple(rows))


def _indexes(index: EditionIndex) -> list[PlannedPage]:
    site = index.site
    return [
        PlannedPage(SEARCH_PATH, "search.html", SearchContext(tuple(site.topics.values()), SEARCH_TYPES)),
        PlannedPage("data/", "data.html", DataContext(DOWNLOADS, tuple(site.topics.values()))),
        PlannedPage(NOT_FOUND, "404.html", NotFoundContext()),
    ]


def _articles(index: EditionIndex) -> list[PlannedPage]:
    entries = newest_first(Entry("article", a) for a in index.site.articles.values())
    return [PlannedPage(page.path, "articles.html", ArticlesContext(page.entries, page.pager))
            for page in split(entries, listing("articles"))]


def _actors(index: EditionIndex) -> list[PlannedPage]:
    actors = tuple(sorted(index.site.actors.values(), key=lambda a: a.name.casefold()))
    return [PlannedPage(listing("actors"), "actors.html", ActorsContext(actors))]


def _places(index: EditionIndex) -> list[PlannedPage]:
    places = sorted(index.site.places.values(), key=lambda p: p.name.casefold())
    context = PlacesContext(tuple(PlaceShown(p, index.within(p)) for p in places))
    return [PlannedPage(listing("places"), "places.html", context)]


def _sources(index: EditionIndex) -> list[PlannedPage]:
    """The index of sources; what cites each is on the source's own page."""
    by_source = index.mentions[2]
    sources = sorted(index.site.sources.values(), key=lambda s: (s.outlet.casefold(), s.published, s.id))
    listed = [SourceListed(s, len(by_source.articles.get(s.id, ())) + len(by_source.events.get(s.id, ()))
                           + len(by_source.figures.get(s.id, ())))
              for s in sources]
    return [PlannedPage(page.path, "sources.html", SourcesContext(page.entries, page.pager))
            for page in split(listed, listing("sources"))]


def _figures(index: EditionIndex) -> list[PlannedPage]:
    figures = index.site.figures.values()
    context = FiguresContext(tuple(
        (name, tuple(index.figure(f, with_replaced=True) for f in group))
        for name, group in figures_by_series(figures)))
    return [PlannedPage(listing("figures"), "figures.html", context,
                        search=SearchEntry("figure", index.topics_of(figures)))]


def _timeline(index: EditionIndex) -> list[PlannedPage]:
    site = index.site
    names = {topic.id: topic.name for topic in site.topics.values()}
    return [PlannedPage(page.path, "timeline.html",
                        TimelineContext(page.entries, view, tuple(context["facets"]), context["total"],
                                        names, index.overdue(page.entries), page.pager))
            for view, context in timeline_views(index.timeline, list(site.topics))
            for page in split(context["events"], view.path)]


def _months(index: EditionIndex) -> list[PlannedPage]:
    """A page per month, the index of months, and the monthly feeds."""
    months = index.months
    pages = [_month_page(index, ident, months[number - 1] if number else None,
                         months[number + 1] if number + 1 < len(months) else None)
             for number, ident in enumerate(months)]
    shown = tuple(index.month_shown(ident) for ident in reversed(months))
    pages.append(PlannedPage(monthly.ROOT, "months.html", MonthsContext(shown)))
    feed = MonthFeedContext(_month_feed(index, months), dict(index.site.topics))
    pages += [PlannedPage(monthly.ATOM_PATH, "feed.months_atom", feed),
              PlannedPage(monthly.JSON_FEED_PATH, "feed.months_json", feed)]
    return pages


def _month_page(index: EditionIndex, ident: str, earlier: str | None,
                later: str | None) -> PlannedPage:
    site = index.site
    items = index.by_month.get(ident, monthly.MonthItems())
    events = sorted(items.events, key=lambda e: (when(e.date), e.id))
    grouped: dict[str, list[Event]] = {}
    for event in events:
        grouped.setdefault(event.topics[0], []).append(event)
    topics = tuple(TopicEvents(site.topics[t], tuple(grouped[t])) for t in site.topics if t in grouped)
    articles = tuple(sorted((Entry("article", a) for a in items.articles),
                            key=lambda e: (when(e.date), e.item.id)))
    figures = tuple(_figure_change(index, f) for f in sorted(
        items.figures, key=lambda f: (f.series or f.id, when(f.as_of), f.id)))
    next_month = monthly.following(ident)
    coming = tuple(sorted((e for e in index.by_month.get(next_month, monthly.MonthItems()).events
                           if e.status == "announced"), key=lambda e: (when(e.date), e.id)))
    summary = site.months.get(ident)
    context = MonthContext(
        monthly.as_date(ident), summary, topics, articles, figures, monthly.as_date(next_month),
        coming, index.month_link(earlier) if earlier else None,
        index.month_link(later) if later else None, index.overdue(events + list(coming)),
        tuple(TrendShown(site.topics[t.topic], t) for t in summary.trends
              if t.topic in site.topics) if summary else ())
    return PlannedPage(monthly.month_path(ident), "month.html", context,
                       summary.path if summary else "",
                       bodies=(summary.path,) if summary and summary.path in site.bodies else ())


def _figure_change(index: EditionIndex, figure: Figure) -> FigureChange:
    """A figure with the count before it in its series, and the difference."""
    earlier = [f for f in index.site.figures.values()
               if figure.series and f.series == figure.series and f.as_of < figure.as_of]
    previous = max(earlier, key=lambda f: (when(f.as_of), f.id), default=None)
    change = None
    if previous is not None and "range" not in (figure.qualifier, previous.qualifier):
        change = figure.value - previous.value
    return FigureChange(index.figure(figure), previous, change)


def _month_feed(index: EditionIndex, months: list[str]) -> MonthFeed:
    site = index.site
    entries = []
    for ident in reversed(months[-FEED_LENGTH:]):
        items = index.by_month.get(ident, monthly.MonthItems())
        summary = site.months.get(ident)
        events = sorted(items.events, key=lambda e: (when(e.date), e.id))
        articles = sorted(items.articles, key=lambda a: (when(a.published), a.id))
        headlines = "; ".join(item.title for item in [*events, *articles])
        entries.append(MonthFeedEntry(
            monthly.as_date(ident), monthly.month_path(ident),
            summary.title if summary else "",
            summary.summary if summary and summary.summary else headlines,
            index.topics_of([*events, *articles]),
            items.newest() or monthly.as_date(ident),
            tuple((site.topics[t.topic].name, t.trend) for t in summary.trends
                  if t.topic in site.topics) if summary else ()))
    updated = max((e.updated for e in entries), default=None) or index.last_updated \
        or PartialDate(1970, 1, 1)
    return MonthFeed(monthly.ATOM_PATH, monthly.ROOT, tuple(entries), updated)


def _feeds(index: EditionIndex) -> list[PlannedPage]:
    site = index.site
    feeds = plan_feeds(site, index.last_updated)
    topics = dict(site.topics)
    pages = [PlannedPage(feed.path, "feed.atom", FeedContext(feed, topics)) for feed in feeds]
    pages.append(PlannedPage(JSON_FEED_PATH, "feed.json", FeedContext(feeds[0], topics)))
    return pages


def _open_data(index: EditionIndex) -> list[PlannedPage]:
    """The data/ downloads: made once, by the first edition, for every edition."""
    if index.language != index.site.config.default_language:
        return []
    site = index.site
    events = EventsData(tuple(
        EventDetails(e, tuple(EventPlaceShown(site.places[p.id], p.confidence) for p in e.places),
                     tuple(EventActorShown(site.actors[a.id], a.role) for a in e.actors))
        for e in site.events.values()))
    return [PlannedPage(EVENTS_JSON.path, "data.events_json", events),
            PlannedPage(EVENTS_CSV.path, "data.events_csv", events),
            PlannedPage(FIGURES_CSV.path, "data.figures_csv", FiguresData(tuple(site.figures.values()))),
            PlannedPage(SOURCES_JSON.path, "data.sources_json", SourcesData(tuple(site.sources.values())))]


@dataclass(frozen=True)
class ItemFamily:
    """One page per item of a kind."""

    kind: str  # the registry's name: 'events'
    plan: Callable[[EditionIndex, object], list[PlannedPage]]  # its page (a topic's may be several)


@dataclass(frozen=True)
class ListingFamily:
    """Pages made from many items. `members`: the kinds whose items coming, going or
    changing can change which items the pages hold (the items they hold are
    followed through each page's `items`)."""

    name: str
    members: frozenset
    plan: Callable[[EditionIndex], list[PlannedPage]]


ITEM_FAMILIES = (
    ItemFamily("topics", _topic_page),
    ItemFamily("articles", _article_page),
    ItemFamily("events", _event_page),
    ItemFamily("actors", _actor_page),
    ItemFamily("places", _place_page),
    ItemFamily("pages", _page_page),
    ItemFamily("sources", _source_page),
)
LISTING_FAMILIES = (
    ListingFamily("home", frozenset({"articles", "events", "figures", "topics", "months"}), _home),
    ListingFamily("indexes", frozenset({"topics"}), _indexes),
    ListingFamily("articles", frozenset({"articles"}), _articles),
    ListingFamily("actors", frozenset({"actors"}), _actors),
    ListingFamily("places", frozenset({"places"}), _places),
    ListingFamily("sources", frozenset({"sources", "articles", "events", "figures"}), _sources),
    ListingFamily("figures", frozenset({"figures"}), _figures),
    ListingFamily("timeline", frozenset({"events", "topics"}), _timeline),
    ListingFamily("feeds", frozenset({"articles", "events", "topics", "figures"}), _feeds),
    ListingFamily("data", frozenset({"events", "figures", "sources"}), _open_data),
    # Month pages, their index and feeds: which months have pages, and what each holds.
    ListingFamily("months", frozenset({"articles", "events", "figures", "topics", "months"}),
                  _months),
)
# Topic pages list the articles, events and figures of their topic, and the months that hold them.
TOPIC_PAGE_MEMBERS = frozenset({"articles", "events", "figures", "months"})
