"""Plan: every output file as (path, template or writer, context), each with its fingerprint.

With a memo, the plan of the last build is kept, and an edit re-plans only
what it can have changed: the pages of the items edited, added or removed;
the pages whose context held one of them; the pages of the items they refer
to or referred to (which list them); and the listings of their kinds. Every
other page is the last build's, unchanged. Without a memo everything is
planned, by the same functions (families.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from ..kinds import KINDS
from ..vocabulary import PartialDate, StaticSource
from ..memo import Key, Memo, NoMemo, hashed
from ..memo import key as memo_key
from ..model import Model
from ..model import Edition
from .contexts import SitemapContext, StaticFile
from .fingerprints import fingerprint
from .families import ITEM_FAMILIES, LISTING_FAMILIES, TOPIC_PAGE_MEMBERS
from .index import EditionIndex, last_updated
from .pages import PlannedPage, SearchEntry, check_collisions
from .downloads import EVENT_COLUMNS, FIGURE_COLUMNS, SOURCE_COLUMNS
from .feeds import JSON_FEED_PATH, FeedEntry, MonthFeedEntry
from .months import JSON_FEED_PATH as MONTHS_JSON_PATH
from .staleness import Staleness, stale_items
from .urls import NOT_FOUND, STATIC_PREFIX, Urls, closest_site_path, item_path, site_path_target

_ITEM_FAMILY = {family.kind: family for family in ITEM_FAMILIES}

Owner = tuple  # ("listing", family name) or (kind, id) of an item page


@dataclass
class _EditionPlan:
    """What planning an edition left, for planning it again after an edit."""

    structure: str  # what every page depends on: settings, topics, the drafts held back, the
    # briefing's date and what is stale on it
    digests: dict  # (kind, id) -> digest of every item
    references: dict  # (kind, id) -> what it refers to
    listings: dict = field(default_factory=dict)  # family name -> its pages
    item_pages: dict = field(default_factory=dict)  # (kind, id) -> its pages
    holders: dict = field(default_factory=dict)  # (kind, id) -> owners of the pages holding it

    @functools.cached_property
    def refs(self) -> dict:
        """One (kind, id) pair per item, for every page to share."""
        return {key: key for key in self.digests}

    def pages(self, edition: Edition) -> list[PlannedPage]:
        """Every page, in the order a full plan makes them."""
        pages = [page for family in LISTING_FAMILIES for page in self.listings[family.name]]
        for family in ITEM_FAMILIES:
            for ident in getattr(edition.site, family.kind):
                pages += self.item_pages.get((family.kind, ident), ())
        return pages


def briefing_date(model: Model, as_of: PartialDate | None = None) -> PartialDate | None:
    """The date staleness is measured against: `as_of` if given, else the newest date in
    the content (never the clock)."""
    return as_of or last_updated(model.site)


def plan(model: Model, static: dict[str, StaticSource] | None = None,
         memo: Memo | None = None, staleness: Staleness | None = None) -> list[PlannedPage]:
    """Every output of the site: each edition's pages and feeds, then the files shared
    by all editions. Raises BuildFailed if two would be written to one path.
    `staleness`: what is stale on the briefing's date (by default, on the date of its
    newest item)."""
    memo = memo if memo is not None else NoMemo()
    staleness = staleness or Staleness.of(model.site, briefing_date(model))
    pages: list[PlannedPage] = []
    for edition in model.editions:
        prefix = edition.site.config.edition_prefix(edition.language)
        pages += [page for page in _plan_edition(edition, memo, staleness)
                  if not prefix or page.path != NOT_FOUND]  # hosts serve one 404 page
    pages += _shared_files(model, pages, static or {})
    check_collisions(pages)
    return pages


def _plan_edition(edition: Edition, memo: Memo, staleness: Staleness) -> list[PlannedPage]:
    site = edition.site
    # Which items are stale follows from items of other kinds (an event's sources) and
    # from the date: a change to it re-plans every page, as a change of settings does.
    structure = hashed(Key.PLAN_STRUCTURE, edition.language, site.config, site.drafts,
                       staleness.signature)
    digests = {(kind.name, ident): item.digest
               for kind in KINDS for ident, item in getattr(site, kind.name).items()}
    key = memo_key(Key.PLAN, edition.language)
    previous = memo.get(key)
    if previous is not None and previous.structure == structure and previous.digests == digests:
        memo.put(key, previous)  # nothing it depends on changed: the very same plan
        return previous.pages(edition)
    index = EditionIndex(edition, staleness)
    state = _EditionPlan(structure, digests, dict(site.references))
    if previous is None or previous.structure != structure:
        for family in LISTING_FAMILIES:
            _place_listing(state, family.name, _planned(family.plan(index), edition, state.refs))
        for family in ITEM_FAMILIES:
            for item in getattr(site, family.kind).values():
                _place_item_pages(state, (family.kind, item.id), family.plan(index, item), edition)
    else:
        _replan(previous, state, index, edition)
    memo.put(key, state)
    return state.pages(edition)


def _replan(previous: _EditionPlan, state: _EditionPlan, index: EditionIndex,
            edition: Edition) -> None:
    """Re-plan what the items changed since `previous` can have changed; keep the rest."""
    changed = {key for key in state.digests.keys() | previous.digests.keys()
               if state.digests.get(key) != previous.digests.get(key)}
    state.listings = dict(previous.listings)
    state.item_pages = dict(previous.item_pages)
    state.holders = {item: set(owners) for item, owners in previous.holders.items()}
    kinds = {kind for kind, _ in changed}
    owners: set[Owner] = set()
    for item in changed:
        owners.add(item)  # its own page
        owners |= previous.holders.get(item, set())  # the pages that showed it
        # the pages of what it refers to, which list it
        owners |= previous.references.get(item, frozenset()) | state.references.get(item, frozenset())
    owners |= {("listing", family.name) for family in LISTING_FAMILIES if family.members & kinds}
    if kinds & TOPIC_PAGE_MEMBERS:
        owners |= {("topics", ident) for ident in edition.site.topics}
    site = edition.site
    for owner in owners:
        if owner[0] == "listing":
            family = next(f for f in LISTING_FAMILIES if f.name == owner[1])
            _place_listing(state, family.name, _planned(family.plan(index), edition, state.refs))
            continue
        family = _ITEM_FAMILY.get(owner[0])
        if family is None:
            continue
        item = getattr(site, family.kind).get(owner[1])
        _place_item_pages(state, owner, family.plan(index, item) if item is not None else [], edition)


def _planned(pages: list[PlannedPage], edition: Edition, refs: dict) -> list[PlannedPage]:
    return [_fingerprinted(page, edition, refs) for page in pages]


def _fingerprinted(page: PlannedPage, edition: Edition, refs: dict) -> PlannedPage:
    digest_, items, size = fingerprint(page.context, refs)
    prefix = edition.site.config.edition_prefix(edition.language)
    return replace(page, language=edition.language, prefix=prefix, fingerprint=digest_,
                   items=items, size=size)


def _place_listing(state: _EditionPlan, name: str, pages: list[PlannedPage]) -> None:
    owner = ("listing", name)
    _forget(state, owner, state.listings.get(name, ()))
    state.listings[name] = pages
    _remember(state, owner, pages)


def _place_item_pages(state: _EditionPlan, owner: Owner, pages: list[PlannedPage],
                      edition: Edition) -> None:
    _forget(state, owner, state.item_pages.pop(owner, ()))
    if pages:
        pages = _planned(pages, edition, state.refs)
        state.item_pages[owner] = pages
        _remember(state, owner, pages)


def _forget(state: _EditionPlan, owner: Owner, pages) -> None:
    for page in pages:
        for item in page.items:
            holders = state.holders.get(item)
            if holders is not None:
                holders.discard(owner)


def _remember(state: _EditionPlan, owner: Owner, pages) -> None:
    for page in pages:
        for item in page.items:
            state.holders.setdefault(item, set()).add(owner)


def _shared_files(model: Model, pages: list[PlannedPage],
                  static: dict[str, StaticSource]) -> list[PlannedPage]:
    """Files for the whole site: the sitemap and what hosts look for, and the theme's
    static files (copied as they are)."""
    config = model.site.config
    urls = tuple(sorted(page.url for page in pages
                        if page.is_page and page.url != NOT_FOUND))
    files = [PlannedPage("sitemap.xml", "hosting.sitemap", SitemapContext(urls)),
             PlannedPage("robots.txt", "hosting.robots", SitemapContext(())),
             PlannedPage(".nojekyll", "hosting.nojekyll", SitemapContext(()))]
    if config.cname:
        files.append(PlannedPage("CNAME", "hosting.cname", SitemapContext(())))
    language = config.default_language
    files = [replace(page, language=language, fingerprint=fingerprint(page.context)[0])
             for page in files]
    files += [PlannedPage(STATIC_PREFIX + name, "static", StaticFile(source), language=language,
                          fingerprint=source.digest)
              for name, source in sorted(static.items())]
    return files


__all__ = ["EVENT_COLUMNS", "FIGURE_COLUMNS", "FeedEntry", "JSON_FEED_PATH", "MONTHS_JSON_PATH",
           "MonthFeedEntry", "PlannedPage", "SOURCE_COLUMNS", "STATIC_PREFIX", "SearchEntry",
           "Staleness", "Urls", "briefing_date", "closest_site_path", "fingerprint", "item_path",
           "last_updated", "plan", "site_path_target", "stale_items"]
