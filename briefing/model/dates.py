"""The dates a briefing reaches: its newest dated item and its newest source."""
from __future__ import annotations

import calendar
import datetime

from ..vocabulary import PartialDate
from .items import Site


def last_updated(site: Site) -> PartialDate | None:
    """The newest date in the content: the site's 'last updated', never the clock."""
    dates = [a.updated if a.updated.known else a.published for a in site.articles.values()]
    dates += [e.date for e in site.events.values() if e.status == "occurred"]
    dates += [f.as_of for f in site.figures.values()]
    return max(dates, default=None)


def sources_reach(site: Site) -> PartialDate | None:
    """The date of the newest source read: how far what the briefing says reaches."""
    return max((s.published for s in site.sources.values() if s.published.known), default=None)


def last_day(date: PartialDate) -> datetime.date:
    """The last day a date can stand for: 2025-02 -> 28 February 2025."""
    month = date.month or 12
    return datetime.date(date.year, month,
                         date.day or calendar.monthrange(date.year, month)[1])
