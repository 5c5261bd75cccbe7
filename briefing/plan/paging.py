"""Long listings split into pages, so that a page stays light as a briefing grows.

A listing of up to SPLIT_ABOVE entries is one page, as it always was. A longer
one is split into pages of PAGE_SIZE entries in the listing's own order (newest
first): page 1 keeps the listing's path ('timeline/security/'), page n is
below it ('timeline/security/page/n/'). Each page's context holds only its own
slice, so an edit to an item changes (and renders again) only the page it is on.
Part of the plan stage: pure functions of the entries.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

SPLIT_ABOVE = 200  # a listing of more entries than this is split into pages
PAGE_SIZE = 100  # entries on each page of a split listing
NEAR = 2  # page numbers shown on either side of the current one
PAGE_FOLDER = "page/"


@dataclass(frozen=True)
class Pager:
    """Where a page stands among the pages of a split listing."""

    base: str  # the path of page 1: 'timeline/security/'
    number: int  # this page, from 1
    count: int  # how many pages
    first: int  # the position of its first entry in the whole listing, from 1
    last: int  # the position of its last entry
    total: int  # entries in the whole listing

    def path(self, number: int) -> str:
        return page_path(self.base, number)

    @property
    def previous(self) -> str:
        return self.path(self.number - 1) if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.path(self.number + 1) if self.number < self.count else ""

    @property
    def numbers(self) -> tuple[int | None, ...]:
        """The page numbers to link: the first, the last and those near this one;
        None where numbers are left out (a single one left out is shown instead)."""
        shown = sorted({1, self.count, *range(max(1, self.number - NEAR),
                                              min(self.count, self.number + NEAR) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] == 2:
                numbers.append(number - 1)
            elif numbers and number - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(number)
        return tuple(numbers)


def page_path(base: str, number: int) -> str:
    """The path of page `number` of the listing at `base`."""
    return base if number == 1 else f"{base}{PAGE_FOLDER}{number}/"


class ListingPage(NamedTuple):
    """One page of a listing: where it is, its entries, and its pager (None when the
    listing is one page)."""

    path: str
    entries: tuple
    pager: Pager | None


def split(entries: Sequence, base: str) -> list[ListingPage]:
    """The listing at `base` as pages: one page without a pager when it is short
    enough to stay whole."""
    entries = tuple(entries)
    if len(entries) <= SPLIT_ABOVE:
        return [ListingPage(base, entries, None)]
    count = -(-len(entries) // PAGE_SIZE)
    pages = []
    for number in range(1, count + 1):
        start = (number - 1) * PAGE_SIZE
        chunk = entries[start:start + PAGE_SIZE]
        pager = Pager(base, number, count, start + 1, start + len(chunk), len(entries))
        pages.append(ListingPage(pager.path(number), chunk, pager))
    return pages
