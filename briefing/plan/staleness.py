"""What has gone stale, measured against the briefing's own date, never the clock.

The briefing's date is the date of its newest dated item (what its pages show
as "last updated"), or the day given with `--as-of`. Against it:

- an announced event is overdue once its expected date has passed (the whole
  day, month or year it is known to), or, without a date, once its newest
  source is more than six months old;
- a figure is over a year old once its as-of date is more than twelve months
  old;
- a check ('checked: YYYY-MM-DD' on an announced event or a claim that
  something has not happened) is worth doing again once it is more than three
  months old.

A date known to the month or the year counts from its last day, so that an
item is never called stale before it certainly is. Pure functions of the
Site: the plan marks pages with them, the build and `check --stale` list them.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from ..vocabulary import PartialDate
from ..model import Event, Figure, Site, last_day

ANNOUNCED_FOR_MONTHS = 6  # an undated announcement older than this is overdue
CHECKED_FOR_MONTHS = 3  # a "no report found as of" older than this is worth checking again
FIGURE_FOR_MONTHS = 12  # a figure older than this is "over a year old"


@dataclass(frozen=True)
class Overdue:
    """An announced event that should have happened by the briefing's date."""

    expected: PartialDate  # the date it was announced for (unknown: none was set)
    reported: PartialDate  # its newest source's date: when it was last heard of


@dataclass(frozen=True)
class Staleness:
    """What is stale on one date: the same for every edition (dates are not translated)."""

    today: PartialDate | None  # the briefing's date; None for a briefing with no dates
    overdue: dict[str, Overdue]  # event id -> why
    old_figures: frozenset[str]  # ids of the figures over a year old

    @classmethod
    def of(cls, site: Site, today: PartialDate | None) -> Staleness:
        if today is None or not today.known:
            return cls(None, {}, frozenset())
        day = first_day(today)
        overdue = {}
        for event in site.events.values():
            reported = newest_source(event, site)
            if is_overdue(event, reported, day):
                overdue[event.id] = Overdue(event.date, reported)
        old = frozenset(f.id for f in site.figures.values() if is_old(f, day))
        return cls(today, overdue, old)

    @property
    def signature(self) -> str:
        """Everything pages show of it, as text: what the plan compares between builds."""
        return repr((self.today, sorted(self.overdue.items()), sorted(self.old_figures)))


def first_day(date: PartialDate) -> datetime.date:
    return datetime.date(date.year, date.month or 1, date.day or 1)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or the month's last day, if it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def newest_source(event: Event, site: Site) -> PartialDate:
    return max((site.sources[s].published for s in event.sources if s in site.sources),
               default=PartialDate())


def is_overdue(event: Event, reported: PartialDate, today: datetime.date) -> bool:
    if event.status != "announced":
        return False
    if event.date.known:
        return last_day(event.date) < today
    return reported.known and months_after(last_day(reported), ANNOUNCED_FOR_MONTHS) < today


def is_old(figure: Figure, today: datetime.date) -> bool:
    return figure.as_of.known and months_after(last_day(figure.as_of), FIGURE_FOR_MONTHS) < today


@dataclass(frozen=True)
class StaleItem:
    """One stale item, for an editor: where it is and what to do."""

    path: str
    key: tuple  # the key path in its file that dates it: ('date',), ('claims', 0, 'checked')
    message: str
    warn: bool  # printed by every build (overdue events, key figures), not only by check --stale


def stale_items(site: Site, staleness: Staleness) -> list[StaleItem]:
    """Every stale item, events then figures, each in id order."""
    today = staleness.today
    if today is None:
        return []
    items = []
    for ident, overdue in sorted(staleness.overdue.items()):
        event = site.events[ident]
        if overdue.expected.known:
            message = (f"overdue: announced for {overdue.expected.iso()}, which has passed by "
                       f"{today.iso()} (the briefing's date), and still 'announced'; report what "
                       "happened or change its status")
            items.append(StaleItem(event.path, ("date",), message, True))
        else:
            message = (f"overdue: announced with no date set and last reported "
                       f"{overdue.reported.iso() or 'never'}, more than {ANNOUNCED_FOR_MONTHS} "
                       f"months before {today.iso()} (the briefing's date); report what happened "
                       "or change its status")
            items.append(StaleItem(event.path, ("status",), message, True))
    for ident in sorted(staleness.old_figures):
        figure = site.figures[ident]
        message = (f"{'key ' if figure.key else ''}figure over a year old: as of "
                   f"{figure.as_of.iso()}, more than {FIGURE_FOR_MONTHS} months before "
                   f"{today.iso()} (the briefing's date)")
        items.append(StaleItem(figure.path, ("as_of",), message, figure.key))
    return items + _old_checks(site, today)


def _old_checks(site: Site, today: PartialDate) -> list[StaleItem]:
    """Every 'checked' day more than CHECKED_FOR_MONTHS before the briefing's date."""
    day = first_day(today)
    dated = [(e.path, ("checked",), e.checked) for e in site.events.values()
             if e.status == "announced"]
    dated += [(a.path, ("claims", index, "checked"), claim.checked)
              for a in site.articles.values() for index, claim in enumerate(a.claims)]
    items = []
    for path, key, checked in dated:
        if checked.known and months_after(last_day(checked), CHECKED_FOR_MONTHS) < day:
            items.append(StaleItem(path, key, (
                f"checked {checked.iso()}, more than {CHECKED_FOR_MONTHS} months before "
                f"{today.iso()} (the briefing's date): read the newer sources for news of it "
                "and move 'checked' forward (or report what happened)"), True))
    return items
