"""Dates a story gives relative to when it was published ("hoje", "yesterday",
"on Tuesday", "na semana passada", "em julho"), resolved against the publication
date. Pure."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..load import parse_date
from ..vocabulary import DAY, MONTH, UNKNOWN, YEAR, PartialDate

DAY_UNIT, WEEK, MONTH_UNIT, YEAR_UNIT = "day", "week", "month", "year"
WEEKDAY = "weekday"  # "on Tuesday": amount is the weekday, Monday 0
NO_YEAR = "no year"  # "em julho", "on 22 July": month and day are given
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
NEEDS = {DAY_UNIT: DAY, WEEK: DAY, WEEKDAY: DAY, MONTH_UNIT: MONTH, YEAR_UNIT: YEAR,
         NO_YEAR: MONTH}
PRECISION_ORDER = (UNKNOWN, YEAR, MONTH, DAY)
COUNTS = {1: "", 2: "two ", 3: "three "}


@dataclass(frozen=True)
class Relative:
    unit: str
    amount: int = 0  # days, weeks, months or years from publication; or the weekday
    direction: int = 0  # WEEKDAY and NO_YEAR: -1 before publication, 1 after, 0 by tense
    month: int = 0  # NO_YEAR
    day: int = 0  # NO_YEAR, when given


@dataclass(frozen=True)
class Resolved:
    iso: str  # "2025-11-20", "2025-11", "2025", or a week: "2025-11-10/2025-11-16"
    how: str  # "the day before publication"


def resolve(relative: Relative, published: PartialDate, future: bool) -> Resolved | None:
    """What a relative date stands for, published on `published`; `future`: its
    sentence speaks of what is to come ("vai reunir-se na segunda-feira"). None
    when the publication date is not precise enough (a day for "ontem"), or the
    result is no date ("31 February", a day before the year 1)."""
    if PRECISION_ORDER.index(published.precision) < PRECISION_ORDER.index(NEEDS[relative.unit]):
        return None
    try:
        resolved = _resolve(relative, published, relative.direction or (1 if future else -1))
        for end in resolved.iso.split("/"):
            parse_date(end)
    except (ValueError, OverflowError):
        return None
    return resolved


def _resolve(relative: Relative, published: PartialDate, direction: int) -> Resolved:
    if relative.unit == YEAR_UNIT:
        return Resolved(str(published.year + relative.amount), _how("year", relative.amount))
    if relative.unit == MONTH_UNIT:
        year, month = divmod(published.year * 12 + published.month - 1 + relative.amount, 12)
        return Resolved(f"{year:04d}-{month + 1:02d}", _how("month", relative.amount))
    if relative.unit == NO_YEAR:
        return _without_year(relative, published, direction)
    day = datetime.date(published.year, published.month, published.day)
    if relative.unit == DAY_UNIT:
        return Resolved((day + datetime.timedelta(relative.amount)).isoformat(),
                        _how("day", relative.amount))
    if relative.unit == WEEK:
        monday = day - datetime.timedelta(day.weekday() - 7 * relative.amount)
        return Resolved(f"{monday.isoformat()}/{(monday + datetime.timedelta(6)).isoformat()}",
                        _how("week", relative.amount))
    return _weekday(relative, day, direction, explicit=bool(relative.direction))


def _weekday(relative: Relative, day: datetime.date, direction: int,
             explicit: bool) -> Resolved:
    """"on Tuesday": the last Tuesday up to publication (that very day when it was
    a Tuesday), or, in a sentence about what is to come, the next one; "last
    Tuesday" and "next Tuesday" never mean the day of publication."""
    name = WEEKDAY_NAMES[relative.amount]
    if direction < 0:
        back = (day.weekday() - relative.amount) % 7 or (7 if explicit else 0)
        if not back:
            return Resolved(day.isoformat(), f"the publication date, a {name}")
        return Resolved((day - datetime.timedelta(back)).isoformat(),
                        f"the {name} before publication")
    ahead = (relative.amount - day.weekday()) % 7 or 7
    return Resolved((day + datetime.timedelta(ahead)).isoformat(), f"the {name} after publication")


def _without_year(relative: Relative, published: PartialDate, direction: int) -> Resolved:
    """"em julho", "on 22 July": the year that puts it before publication, or after
    it in a sentence about what is to come."""
    exact = relative.day and published.day
    given = (relative.month, relative.day if exact else 0)
    at = (published.month, published.day if exact else 0)
    year = published.year
    if direction < 0 and given > at:
        year -= 1
    elif direction > 0 and given < at:
        year += 1
    iso = f"{year:04d}-{relative.month:02d}" + (f"-{relative.day:02d}" if relative.day else "")
    name = (f"{relative.day} " if relative.day else "") + MONTH_NAMES[relative.month - 1]
    when = f"the last {name} up to" if direction < 0 else f"the next {name} from"
    return Resolved(iso, f"the text gives no year: {when} publication")


def _how(unit: str, amount: int) -> str:
    if amount == 0:
        return "the publication date" if unit == "day" else f"the {unit} of publication"
    side = "before" if amount < 0 else "after"
    count = COUNTS.get(abs(amount), f"{abs(amount)} ")
    return f"{'the ' if not count else ''}{count}{unit}{'s' if count else ''} {side} publication"
