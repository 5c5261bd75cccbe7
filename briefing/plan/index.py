"""One edition's Site with what its planners share, each made when first asked for:
the orders items are listed in, what mentions each item, series, months, map marks."""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Event, Figure, last_updated
from ..model import Edition
from ..vocabulary import PartialDate
from . import months as monthly
from .contexts import Entry, FigureShown, MapMark, MonthLink, MonthShown
from .staleness import Staleness
from .urls import Urls


def when(date: PartialDate) -> tuple[int, int, int]:
    """A date as a sort key: the same order as PartialDate's, but compared in C."""
    return date.year, date.month, date.day


def newest_first(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (when(e.date), e.item.id), reverse=True))


def timeline_order(events) -> list[Event]:
    """Announced events first (upcoming, whatever their date), then newest first."""
    upcoming = sorted((e for e in events if e.status == "announced"),
                      key=lambda e: (not e.date.known, when(e.date), e.id))
    others = sorted((e for e in events if e.status != "announced"),
                    key=lambda e: (when(e.date), e.id), reverse=True)
    return upcoming + others


def figures_latest_first(figures) -> list[Figure]:
    return sorted(figures, key=lambda f: (when(f.as_of), f.id), reverse=True)


def figures_by_series(figures) -> list[tuple[str, list[Figure]]]:
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[figure.series or figure.id].append(figure)
    return sorted(((name, figures_latest_first(group)) for name, group in groups.items()),
                  key=lambda pair: pair[0])


@dataclass
class _Mentions:
    """What refers to an actor, place, event or source."""

    articles: dict = field(default_factory=lambda: defaultdict(list))
    events: dict = field(default_factory=lambda: defaultdict(list))
    figures: dict = field(default_factory=lambda: defaultdict(list))
    actors: dict = field(default_factory=lambda: defaultdict(list))


class EditionIndex:
    """One edition's Site, with what its planners share, each made when first asked for."""

    def __init__(self, edition: Edition, staleness: Staleness | None = None):
        self.edition = edition
        self.site = edition.site
        self.language = edition.language
        self.staleness = staleness or Staleness(None, {}, frozenset())
        self.urls = Urls(self.site.config, edition.language)

    @functools.cached_property
    def timeline(self) -> list[Event]:
        return timeline_order(self.site.events.values())

    @functools.cached_property
    def mentions(self) -> tuple[_Mentions, _Mentions, _Mentions, _Mentions]:
        """(by actor, by place, by source, by event)."""
        site = self.site
        by_actor, by_place, by_source, by_event = _Mentions(), _Mentions(), _Mentions(), _Mentions()
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

    @functools.cached_property
    def contained(self) -> dict[str, list]:
        """The places within each place, by name."""
        found = defaultdict(list)
        for place in self.site.places.values():
            if place.within:
                found[place.within].append(place)
        return {ident: sorted(places, key=lambda p: p.name.casefold())
                for ident, places in found.items()}

    @functools.cached_property
    def series(self) -> dict[str, list[Figure]]:
        """Each series of two or more figures, oldest first, keyed by its newest figure:
        the chart stands with that figure."""
        return {figures[0].id: figures[::-1]
                for _, figures in figures_by_series(self.site.figures.values()) if len(figures) > 1}

    @functools.cached_property
    def last_updated(self) -> PartialDate | None:
        return last_updated(self.site)

    @functools.cached_property
    def by_month(self) -> dict[str, monthly.MonthItems]:
        return monthly.items_by_month(self.site)

    @functools.cached_property
    def months(self) -> list[str]:
        """The months with a page, oldest first."""
        return monthly.months_with_pages(self.site, self.by_month)

    def month_link(self, ident: str) -> MonthLink:
        return MonthLink(monthly.as_date(ident), monthly.month_path(ident))

    def month_shown(self, ident: str) -> MonthShown:
        items = self.by_month.get(ident, monthly.MonthItems())
        return MonthShown(self.month_link(ident), self.site.months.get(ident), len(items.events),
                          len(items.articles), len(items.figures))

    def overdue(self, events) -> dict:
        """Why each of the events that is overdue is: event id -> Overdue."""
        found = self.staleness.overdue
        return {e.id: found[e.id] for e in events if e.id in found}

    # Resolving references ---------------------------------------------------

    def topics(self, ids) -> tuple:
        return tuple(self.site.topics[i] for i in ids)

    def sources(self, ids) -> tuple:
        return tuple(self.site.sources[i] for i in ids)

    def figure(self, figure: Figure, with_replaced: bool = False) -> FigureShown:
        series = self.series.get(figure.id, ())
        return FigureShown(
            figure, self.site.sources[figure.source],
            tuple(FigureShown(f, self.site.sources[f.source]) for f in series),
            self.site.figures[figure.supersedes] if with_replaced and figure.supersedes else None,
            figure.id in self.staleness.old_figures)

    def within(self, place) -> object:
        return self.site.places.get(place.within) if place.within else None

    def map_marks(self, articles, events) -> tuple[MapMark, ...]:
        """The places that articles and events name, each with the strongest
        confidence any of the events gives it ('' when only articles name it)."""
        confidence: dict[str, str] = {}
        for event in events:
            for place in event.places:
                known = confidence.get(place.id)
                if known is None or _strength(place.confidence) < _strength(known):
                    confidence[place.id] = place.confidence
        disputed_by: dict[str, list] = {}
        for event in events:
            for place in event.places:
                if confidence[place.id] == "disputed":
                    named_by = disputed_by.setdefault(place.id, [])
                    if not named_by or named_by[-1] is not event:  # once, if it names it twice
                        named_by.append(event)
        named = dict.fromkeys([*confidence, *(p for a in articles for p in a.places)])
        places = self.site.places
        return tuple(MapMark(places[i], confidence.get(i, ""), disputed_by=tuple(disputed_by.get(i, ())),
                             within=self.within(places[i]))
                     for i in named)

    def topics_of(self, items) -> tuple[str, ...]:
        """The topics of the items, in the site's order: what a page is found under."""
        found = {topic for item in items for topic in item.topics}
        return tuple(topic for topic in self.site.topics if topic in found)


# How strongly a place is given, strongest first: a confidence not stated ranks below
# one reported, and above one disputed.
_STRENGTH = {"confirmed": 0, "reported": 1, "": 2, "disputed": 3}


def _strength(confidence: str) -> int:
    return _STRENGTH.get(confidence, len(_STRENGTH))
