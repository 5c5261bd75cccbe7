"""The timeline's filters: by topic, status and year, as pages that exist.

Every combination that matches at least one event is a page of its own
('timeline/security/occurred/2025/'), so the filters work as plain links
without JavaScript; static/js/timeline.js applies the same filters in place.
Part of the plan stage: pure functions of the events.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ..kinds import listing
from ..schema import EVENT_STATUSES
from ..model import Event

ROOT = listing("events")
FACETS = ("topic", "status", "year")  # in the order they appear in a path


@dataclass(frozen=True)
class TimelineFilter:
    """One view of the timeline; '' in a facet means 'any'."""

    topic: str = ""
    status: str = ""
    year: str = ""

    @property
    def path(self) -> str:
        return ROOT + "".join(value + "/" for value in self.values() if value)

    def values(self) -> tuple[str, str, str]:
        return self.topic, self.status, self.year

    def choosing(self, facet: str, value: str) -> TimelineFilter:
        return replace(self, **{facet: value})

    @property
    def active(self) -> list[tuple[str, str]]:
        """The facets this view narrows by: [('topic', 'security'), ...]."""
        return [(facet, value) for facet, value in zip(FACETS, self.values()) if value]


@dataclass(frozen=True)
class FilterOption:
    """One choice in a facet, seen from one view of the timeline."""

    value: str  # '' for 'any'
    count: int  # events the view would show with this choice
    path: str  # that view's page, '' when no event would be shown (so there is no page)
    selected: bool


def event_year(event: Event) -> str:
    return f"{event.date.year:04d}" if event.date.known else ""


def _views(events: list[Event]) -> dict[TimelineFilter, list[Event]]:
    """Every non-empty view with its events, keeping the timeline's order."""
    views: dict[TimelineFilter, list[Event]] = defaultdict(list)
    for event in events:
        year = event_year(event)
        for topic in ("", *event.topics):
            for status in ("", event.status):
                for when in ("", year) if year else ("",):
                    views[TimelineFilter(topic, status, when)].append(event)
    return views


def facet_values(events: list[Event], topics: list[str]) -> dict[str, list[str]]:
    """The choices of each facet: topics in site order, statuses, years newest first."""
    years = sorted({event_year(e) for e in events} - {""}, reverse=True)
    return {"topic": list(topics), "status": list(EVENT_STATUSES), "year": years}


def timeline_views(events: list[Event], topics: list[str]) -> list[tuple[TimelineFilter, dict]]:
    """(view, page context) for the whole timeline and every non-empty filtered view."""
    views = _views(events)
    views.setdefault(TimelineFilter(), [])
    values = facet_values(events, topics)
    result = []
    for view in sorted(views, key=lambda v: v.path):
        facets = []
        for facet in FACETS:
            options = []
            for value in ("", *values[facet]):
                target = view.choosing(facet, value)
                count = len(views.get(target, ()))
                options.append(FilterOption(value, count, target.path if count else "",
                                            getattr(view, facet) == value))
            facets.append((facet, options))
        result.append((view, {"events": views[view], "view": view, "facets": facets,
                              "total": len(events)}))
    return result
