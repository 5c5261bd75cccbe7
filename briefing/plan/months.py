"""The monthly updates: which months have a page, and what falls in each.

A month has a page when an article was published in it, an event that is not
merely announced (occurred or cancelled) is dated in it, or the editor wrote
a summary for it (content/months/<YYYY-MM>.md). An item falls in a month
when its date is known to that month or day: an event by its date, an
article by its publication, a figure by its as-of date. Part of the plan
stage: pure functions of the items.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..kinds import BY_NAME, listing
from ..vocabulary import PartialDate
from ..model import Article, Event, Figure, Site

ROOT = listing("months")
ATOM_PATH = ROOT + "feed.xml"
JSON_FEED_PATH = ROOT + "feed.json"


def month_id(date: PartialDate) -> str:
    """'2025-10' for any date known to October 2025."""
    return f"{date.year:04d}-{date.month:02d}"


def month_path(ident: str) -> str:
    """'updates/2025-10/'."""
    return BY_NAME["months"].path(ident)


def month_of(date: PartialDate) -> str | None:
    """The month a date falls in, if it is known to the month."""
    return month_id(date) if date.known and date.month else None


def following(ident: str) -> str:
    year, month = int(ident[:4]), int(ident[5:])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def last_months(ident: str, count: int) -> list[str]:
    """The `count` calendar months ending with this one, oldest first."""
    year, month = map(int, ident.split("-"))
    index = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def as_date(ident: str) -> PartialDate:
    return PartialDate(int(ident[:4]), int(ident[5:]))


@dataclass
class MonthItems:
    """What falls in one month."""

    events: list[Event] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        """Whether anything was reported as done in the month (not merely announced)."""
        return bool(self.articles) or any(e.status != "announced" for e in self.events)

    def newest(self) -> PartialDate | None:
        dates = [e.date for e in self.events] + [a.published for a in self.articles] + \
                [f.as_of for f in self.figures]
        return max(dates, default=None)


def items_by_month(site: Site) -> dict[str, MonthItems]:
    """Every month any item falls in, with its items."""
    months: dict[str, MonthItems] = defaultdict(MonthItems)
    for event in site.events.values():
        ident = month_of(event.date)
        if ident:
            months[ident].events.append(event)
    for article in site.articles.values():
        ident = month_of(article.published)
        if ident:
            months[ident].articles.append(article)
    for figure in site.figures.values():
        ident = month_of(figure.as_of)
        if ident:
            months[ident].figures.append(figure)
    return dict(months)


def months_with_pages(site: Site, by_month: dict[str, MonthItems]) -> list[str]:
    """The months that have a page, oldest first."""
    chosen = {ident for ident, items in by_month.items() if items.has_news}
    return sorted(chosen | set(site.months))
