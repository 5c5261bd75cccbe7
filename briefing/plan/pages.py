"""Plan: every output page as (url, template, context). A pure function of the Site.

Each page kind has its own builder returning an explicit context; templates
get nothing else but the shared globals set up by the render stage.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ..render.data import DOWNLOADS
from ..errors import Collector
from ..render.maps import MapMark
from ..model.schema import PLACE_CONFIDENCE, Article, Event, Figure, Site
from .timeline import timeline_views

ITEM_PATHS = {
    "article": "articles/{}/",
    "event": "events/{}/",
    "actor": "actors/{}/",
    "place": "places/{}/",
    "topic": "topics/{}/",
    "source": "sources/#{}",
    "figure": "figures/#{}",
    "page": "{}/",
}
LATEST_COUNT = 10
SEARCH_PATH = "search/"
# What a search can be narrowed to; Pagefind's 'type' filter on each indexed page.
SEARCH_TYPES = ("article", "event", "actor", "place", "topic", "figure", "source", "page")
NOT_FOUND = "404.html"  # GitHub Pages serves it for any missing path under the site
TEMPLATES = "templates/"


def item_path(kind: str, ident: str) -> str:
    """The path of an item's page below the site root: 'events/x/'."""
    return ITEM_PATHS[kind].format(ident)


@dataclass(frozen=True)
class SearchEntry:
    """How a page is indexed for search: its type and topics, Pagefind's filters."""

    type: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedPage:
    path: str  # below the edition's root: '' for the home page, 'x/' for the others, or '404.html'
    template: str
    context: dict = field(repr=False)
    source_path: str = ""  # the content file the page comes from, for messages
    language: str = ""
    prefix: str = ""  # where the edition lives below the site root: '' or 'pt/'
    search: SearchEntry | None = None  # None: the page is left out of the search index

    @property
    def url(self) -> str:
        """Below the site root: 'pt/events/x/'."""
        return self.prefix + self.path

    @property
    def output(self) -> str:
        return self.url if self.url.endswith(".html") else self.url + "index.html"


@dataclass(frozen=True)
class Entry:
    """One dated line in a list of developments: an article or an event."""

    kind: str
    item: Article | Event

    @property
    def date(self):
        return self.item.published if self.kind == "article" else self.item.date


@dataclass(frozen=True)
class Mentions:
    """What refers to an actor, place or source: built once per plan."""

    articles: dict = field(default_factory=lambda: defaultdict(list))
    events: dict = field(default_factory=lambda: defaultdict(list))
    figures: dict = field(default_factory=lambda: defaultdict(list))
    actors: dict = field(default_factory=lambda: defaultdict(list))


def _when(date) -> tuple[int, int, int]:
    """A date as a sort key: the same order as PartialDate's, but compared in C."""
    return date.year, date.month, date.day


def _newest_first(entries):
    return sorted(entries, key=lambda e: (_when(e.date), e.item.id), reverse=True)


def timeline_order(events) -> list[Event]:
    """Announced events first (upcoming, whatever their date), then newest first."""
    upcoming = sorted((e for e in events if e.status == "announced"),
                      key=lambda e: (not e.date.known, _when(e.date), e.id))
    others = sorted((e for e in events if e.status != "announced"),
                    key=lambda e: (_when(e.date), e.id), reverse=True)
    return upcoming + others


def _index_mentions(site: Site) -> tuple[Mentions, Mentions, Mentions, Mentions]:
    by_actor, by_place, by_source = Mentions(), Mentions(), Mentions()
    by_event = Mentions()
    for article in site.articles.values():
        for event in article.events:
            by_event.articles[event].append(article)
        for actor in article.actors:
            by_actor.articles[actor].append(article)
        for place in article.places:
            by_place.articles[place].append(article)
        cited = set(article.sources) | {s for c in article.claims for s in c.sources}
        for source in sorted(cited):
            by_source.articles[source].append(article)
    for event in site.events.values():
        for actor in event.actors:
            by_actor.events[actor.id].append(event)
        for place in event.places:
            by_place.events[place.id].append(event)
        for source in event.sources:
            by_source.events[source].append(event)
    for figure in site.figures.values():
        by_source.figures[figure.source].append(figure)
    for actor in site.actors.values():
        for source in actor.sources:
            by_source.actors[source].append(actor)
    return by_actor, by_place, by_source, by_event


def map_marks(site: Site, articles, events) -> list[MapMark]:
    """The places that articles and events name, each with the strongest
    confidence any of the events gives it ('' when only articles name it)."""
    confidence: dict[str, str] = {}
    for event in events:
        for place in event.places:
            known = confidence.get(place.id)
            if known is None or (PLACE_CONFIDENCE.index(place.confidence)
                                 < PLACE_CONFIDENCE.index(known)):
                confidence[place.id] = place.confidence
    named = dict.fromkeys([*confidence, *(p for a in articles for p in a.places)])
    return [MapMark(site.places[i], confidence.get(i, ""),
                    disputed_by=tuple(e for e in events if confidence.get(i) == "disputed"
                                      and any(p.id == i for p in e.places)))
            for i in named]


def series_charts(site: Site) -> dict[str, list[Figure]]:
    """Each series of two or more figures, oldest first, keyed by its newest
    figure: the chart stands with that figure."""
    return {figures[0].id: figures[::-1]
            for _, figures in _figures_by_series(site.figures.values()) if len(figures) > 1}


def figures_latest_first(figures) -> list[Figure]:
    return sorted(figures, key=lambda f: (_when(f.as_of), f.id), reverse=True)


def plan_editions(editions) -> list[PlannedPage]:
    """Every page of every language edition; URL collisions are errors."""
    pages = []
    for edition in editions:
        prefix = edition.site.config.edition_prefix(edition.language)
        pages += [replace(page, language=edition.language, prefix=prefix)
                  for page in plan_site(edition.site)
                  if not prefix or page.path != NOT_FOUND]  # hosts serve one 404 page
    check_collisions(pages)
    return pages


def plan_site(site: Site) -> list[PlannedPage]:
    """Every page of one edition, in a stable order."""
    by_actor, by_place, by_source, by_event = _index_mentions(site)
    entries = [Entry("article", a) for a in site.articles.values()] + \
              [Entry("event", e) for e in site.events.values() if e.status != "announced"]
    events = timeline_order(site.events.values())
    pages = [
        PlannedPage("", "home.html", {
            "key_figures": figures_latest_first(f for f in site.figures.values() if f.key),
            "latest": _newest_first(entries)[:LATEST_COUNT],
            "upcoming": [e for e in events if e.status == "announced"],
            "topics": list(site.topics.values()),
            "map_marks": map_marks(site, site.articles.values(), site.events.values()),
        }),
        PlannedPage(SEARCH_PATH, "search.html", {"topics": list(site.topics.values()),
                                                 "types": SEARCH_TYPES}),
        PlannedPage("articles/", "articles.html", {
            "articles": _newest_first(Entry("article", a) for a in site.articles.values())}),
        PlannedPage("actors/", "actors.html", {
            "actors": sorted(site.actors.values(), key=lambda a: a.name.casefold())}),
        PlannedPage("places/", "places.html", {
            "places": sorted(site.places.values(), key=lambda p: p.name.casefold())}),
        PlannedPage("sources/", "sources.html", {
            "sources": sorted(site.sources.values(), key=lambda s: (s.outlet.casefold(), s.published, s.id)),
            "cited_by": by_source}, search=SearchEntry("source")),
        PlannedPage("figures/", "figures.html", {"figures": _figures_by_series(site.figures.values())},
                    search=SearchEntry("figure", _topics_of(site, site.figures.values()))),
        PlannedPage("data/", "data.html", {"downloads": DOWNLOADS}),
        PlannedPage(NOT_FOUND, "404.html", {}),
    ]
    for view, context in timeline_views(events, list(site.topics)):
        pages.append(PlannedPage(view.path, "timeline.html", context))
    for topic in site.topics.values():
        topic_articles = [a for a in site.articles.values() if topic.id in a.topics]
        topic_events = [e for e in events if topic.id in e.topics]
        pages.append(PlannedPage(item_path("topic", topic.id), "topic.html", {
            "topic": topic,
            "figures": figures_latest_first(f for f in site.figures.values() if topic.id in f.topics),
            "articles": _newest_first(Entry("article", a) for a in topic_articles),
            "events": topic_events,
            "map_marks": map_marks(site, topic_articles, topic_events),
        }, topic.path, search=SearchEntry("topic", (topic.id,))))
    for article in site.articles.values():
        pages.append(PlannedPage(item_path("article", article.id), "article.html",
                                 {"article": article}, article.path,
                                 search=SearchEntry("article", _topics_of(site, [article]))))
    for event in site.events.values():
        pages.append(PlannedPage(item_path("event", event.id), "event.html", {
            "event": event,
            "articles": _newest_first(Entry("article", a) for a in by_event.articles[event.id]),
            # The page is the event: its map need not name it again.
            "map_marks": [replace(m, disputed_by=()) for m in map_marks(site, [], [event])],
        }, event.path, search=SearchEntry("event", _topics_of(site, [event]))))
    for actor in site.actors.values():
        pages.append(PlannedPage(item_path("actor", actor.id), "actor.html", {
            "actor": actor,
            "articles": _newest_first(Entry("article", a) for a in by_actor.articles[actor.id]),
            "events": timeline_order(by_actor.events[actor.id]),
        }, actor.path, search=SearchEntry("actor", _topics_of(
            site, by_actor.articles[actor.id] + by_actor.events[actor.id]))))
    for place in site.places.values():
        contains = sorted((p for p in site.places.values() if p.within == place.id),
                          key=lambda p: p.name.casefold())
        pages.append(PlannedPage(item_path("place", place.id), "place.html", {
            "place": place,
            "contains": contains,
            "map_marks": [MapMark(place, primary=True)] + [MapMark(p) for p in contains],
            "articles": _newest_first(Entry("article", a) for a in by_place.articles[place.id]),
            "events": timeline_order(by_place.events[place.id]),
        }, place.path, search=SearchEntry("place", _topics_of(
            site, by_place.articles[place.id] + by_place.events[place.id]))))
    for page in site.pages.values():
        pages.append(PlannedPage(item_path("page", page.id), "page.html", {"page": page}, page.path,
                                 search=SearchEntry("page")))
    return pages


def _topics_of(site: Site, items) -> tuple[str, ...]:
    """The topics of the items, in the site's order: what a page is found under."""
    found = {topic for item in items for topic in item.topics}
    return tuple(topic for topic in site.topics if topic in found)


def _figures_by_series(figures) -> list[tuple[str, list[Figure]]]:
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[figure.series or figure.id].append(figure)
    return sorted(((name, figures_latest_first(group)) for name, group in groups.items()),
                  key=lambda pair: pair[0])


def url_key(url: str) -> str:
    """How two URLs are compared for collisions: case-folded, Unicode-normalised."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", url).casefold())


def check_collisions(pages: list[PlannedPage]) -> None:
    problems = Collector()
    seen: dict[str, PlannedPage] = {}
    for page in pages:
        key = url_key(page.output)
        if key in seen:
            first = seen[key]
            problems.add(page.source_path or TEMPLATES + page.template, 0,
                         f"two pages would be written to '/{page.url}': this one and "
                         f"{first.source_path or 'the page made by ' + TEMPLATES + first.template}"
                         " (rename one of them)")
        else:
            seen[key] = page
    problems.raise_if_any()


def last_updated(site: Site):
    """The newest date in the content: the site's 'last updated', never the clock."""
    dates = [a.updated if a.updated.known else a.published for a in site.articles.values()]
    dates += [e.date for e in site.events.values() if e.status == "occurred"]
    dates += [f.as_of for f in site.figures.values()]
    return max(dates, default=None)
