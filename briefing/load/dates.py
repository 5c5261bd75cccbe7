"""Dates that carry their precision: day, month, year or unknown."""
from __future__ import annotations

import re

from ..vocabulary import UNKNOWN_DATE, PartialDate

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_date(text: str, *, allow_unknown: bool = False) -> PartialDate:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (and 'unknown' if allowed)."""
    value = text.strip()
    if allow_unknown and value.lower() in ("unknown", ""):
        return UNKNOWN_DATE
    match = _PATTERN.fullmatch(value)
    if not match:
        raise ValueError(f"'{text}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY"
                         + (", or 'unknown')" if allow_unknown else ")"))
    year = int(match.group(1))
    month = int(match.group(2) or 0)
    day = int(match.group(3) or 0)
    if year < 1:
        raise ValueError(f"'{text}' is not a date: year 0 does not exist")
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a date: month {month} does not exist")
    if match.group(3):
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        last = _DAYS_IN_MONTH[month - 1] - (1 if month == 2 and not leap else 0)
        if not 1 <= day <= last:
            raise ValueError(f"'{text}' is not a date: day {day} does not exist in {year}-{month:02d}")
    return PartialDate(year, month, day)
