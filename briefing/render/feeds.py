"""Feeds: Atom for the whole briefing and for each topic, and a JSON Feed 1.1.

Entries are the articles and events. An entry's id is the absolute URL of its
page, so it stays the same from build to build and through edits to the entry.
Dates come from the content, never the clock: a date known only to the month
or year stands for its first day, at midnight in the site's timezone.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..model.dates import PartialDate
from ..model.schema import Article, Event, Site
from ..plan.pages import item_path, last_updated

if TYPE_CHECKING:
    from .pages import EditionRenderer as Renderer

ATOM_PATH = "feed.xml"
JSON_FEED_PATH = "feed.json"
FEED_LENGTH = 50  # newest entries per feed
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = PartialDate(1970, 1, 1)


@dataclass(frozen=True)
class FeedEntry:
    kind: str  # 'article' or 'event'
    item: Article | Event
    published: PartialDate
    updated: PartialDate


@dataclass(frozen=True)
class Feed:
    path: str  # below the site root
    title: str
    home: str  # the page the feed follows, below the site root
    entries: tuple[FeedEntry, ...]


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


def plan_feeds(site: Site) -> list[Feed]:
    """The site's Atom feeds: the whole briefing first, then one per topic."""
    entries = feed_entries(site)
    feeds = [Feed(ATOM_PATH, site.config.title, "", tuple(entries[:FEED_LENGTH]))]
    for topic in site.topics.values():
        chosen = [e for e in entries if topic.id in e.item.topics][:FEED_LENGTH]
        feeds.append(Feed(topic_feed_path(topic.id), f"{topic.name} – {site.config.title}",
                          item_path("topic", topic.id), tuple(chosen)))
    return feeds


def timestamp(date: PartialDate, timezone: str) -> str:
    """RFC 3339 time of the first moment a date can stand for, in the site's timezone."""
    moment = datetime(date.year, date.month or 1, date.day or 1, tzinfo=ZoneInfo(timezone))
    return moment.isoformat()


def _feed_updated(feed: Feed, site: Site) -> PartialDate:
    if feed.entries:
        return max(e.updated for e in feed.entries)
    return last_updated(site) or EPOCH


class _Writer:
    def __init__(self, site: Site, urls: Renderer):
        self.site = site
        self.urls = urls
        self.timezone = site.config.timezone

    def url(self, path: str) -> str:
        return self.urls.absolute(self.urls.link(path))

    def entry_url(self, entry: FeedEntry) -> str:
        return self.urls.absolute(self.urls.link(entry.kind, entry.item.id))

    def atom(self, feed: Feed) -> bytes:
        config = self.site.config
        root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
        _text(root, "title", feed.title)
        if not feed.home:
            _text(root, "subtitle", config.description)
        _text(root, "id", self.url(feed.path))
        ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=self.url(feed.path))
        ET.SubElement(root, "link", rel="alternate", type="text/html", href=self.url(feed.home))
        _text(root, "updated", timestamp(_feed_updated(feed, self.site), self.timezone))
        author = ET.SubElement(root, "author")
        _text(author, "name", config.title)
        _text(author, "uri", self.url(""))
        _text(root, "generator", "Briefing")
        for entry in feed.entries:
            self.atom_entry(root, entry)
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    def atom_entry(self, parent: ET.Element, entry: FeedEntry) -> None:
        element = ET.SubElement(parent, "entry")
        url = self.entry_url(entry)
        _text(element, "title", entry.item.title)
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=url)
        _text(element, "id", url)
        _text(element, "published", timestamp(entry.published, self.timezone))
        _text(element, "updated", timestamp(entry.updated, self.timezone))
        _text(element, "summary", entry.item.summary)
        for topic_id in entry.item.topics:
            ET.SubElement(element, "category", term=topic_id,
                          label=self.site.topics[topic_id].name,
                          scheme=self.url(item_path("topic", topic_id)))

    def json_feed(self) -> bytes:
        config = self.site.config
        entries = feed_entries(self.site)[:FEED_LENGTH]
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": config.title,
            "home_page_url": self.url(""),
            "feed_url": self.url(JSON_FEED_PATH),
            "description": config.description,
            "language": config.language,
            "authors": [{"name": config.title, "url": self.url("")}],
            "items": [{
                "id": self.entry_url(entry),
                "url": self.entry_url(entry),
                "title": entry.item.title,
                "summary": entry.item.summary,
                "content_text": entry.item.summary,
                "date_published": timestamp(entry.published, self.timezone),
                "date_modified": timestamp(entry.updated, self.timezone),
                "tags": [self.site.topics[t].name for t in entry.item.topics],
            } for entry in entries],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def feed_files(site: Site, urls: Renderer) -> dict[str, bytes]:
    """Every feed: output path -> bytes."""
    writer = _Writer(site, urls)
    files = {feed.path: writer.atom(feed) for feed in plan_feeds(site)}
    files[JSON_FEED_PATH] = writer.json_feed()
    return files
