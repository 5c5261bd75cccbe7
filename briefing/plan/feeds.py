"""Which entries each feed holds: the whole briefing's, and each topic's.

Entries are the articles and events, newest first. Dates come from the
content, never the clock (render/feeds.py writes them out).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import PartialDate
from ..model import Article, Event, Site
from .urls import item_path

ATOM_PATH = "feed.xml"
JSON_FEED_PATH = "feed.json"
FEED_LENGTH = 50  # newest entries per feed
EPOCH = PartialDate(1970, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    kind: str  # 'article' or 'event'
    item: Article | Event
    published: PartialDate
    updated: PartialDate


@dataclass(frozen=True)
class Feed:
    path: str  # below the edition's root
    title: str
    home: str  # the page the feed follows, below the edition's root
    entries: tuple[FeedEntry, ...]
    updated: PartialDate  # its newest entry's, or the briefing's last update


@dataclass(frozen=True)
class MonthFeedEntry:
    """A month's brief in the monthly feed. Its title is the month, written out by
    the edition (with the editor's headline, if any)."""

    month: PartialDate
    path: str  # its page, below the edition's root
    headline: str  # the editor's title for the month, or ''
    summary: str  # the editor's summary, or the month's headlines
    topics: tuple[str, ...]
    updated: PartialDate  # the newest date of what falls in the month (or the month)
    trends: tuple[tuple[str, str], ...] = ()  # (topic name, trend) from the editor's assessment


@dataclass(frozen=True)
class MonthFeed:
    """The monthly feed: one entry per month, newest first."""

    path: str
    home: str
    entries: tuple[MonthFeedEntry, ...]
    updated: PartialDate


def topic_feed_path(topic_id: str) -> str:
    return item_path("topic", topic_id) + ATOM_PATH


def _event_date(event: Event, site: Site) -> PartialDate:
    """When an event entered the news: its date once it has happened; for an
    announced event, or one without a date, the newest of its sources."""
    if event.date.known and event.status != "announced":
        return event.date
    return max(site.sources[s].published for s in event.sources)


def feed_entries(site: Site) -> list[FeedEntry]:
    """Every article and event, newest first."""
    entries = [FeedEntry("article", a, a.published, a.updated if a.updated.known else a.published)
               for a in site.articles.values()]
    for event in site.events.values():
        date = _event_date(event, site)
        entries.append(FeedEntry("event", event, date, date))
    return sorted(entries, key=lambda e: (e.updated, e.published, e.kind, e.item.id), reverse=True)


def plan_feeds(site: Site, last_update: PartialDate | None) -> list[Feed]:
    """The site's Atom feeds: the whole briefing first, then one per topic. The first
    also makes the JSON Feed."""
    entries = feed_entries(site)

    def feed(path: str, title: str, home: str, chosen: list[FeedEntry]) -> Feed:
        updated = max((e.updated for e in chosen), default=None) or last_update or EPOCH
        return Feed(path, title, home, tuple(chosen), updated)

    feeds = [feed(ATOM_PATH, site.config.title, "", entries[:FEED_LENGTH])]
    for topic in site.topics.values():
        chosen = [e for e in entries if topic.id in e.item.topics][:FEED_LENGTH]
        feeds.append(feed(topic_feed_path(topic.id), f"{topic.name} – {site.config.title}",
                          item_path("topic", topic.id), chosen))
    return feeds
