"""Feeds written out: Atom for the whole briefing and for each topic, and a JSON Feed 1.1;
and the monthly feed, one entry per month's brief, in both formats.

An entry's id is the absolute URL of its page, so it stays the same from build
to build and through edits to the entry. A date known only to the month or
year stands for its first day, at midnight in the site's timezone.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..vocabulary import SiteConfig
from ..vocabulary import PartialDate
from ..model import Catalogue
from ..plan.contexts import FeedContext, MonthFeedContext
from ..plan import JSON_FEED_PATH, MONTHS_JSON_PATH, FeedEntry, MonthFeedEntry, Urls, item_path

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def timestamp(date: PartialDate, timezone: str) -> str:
    """RFC 3339 time of the first moment a date can stand for, in the site's timezone."""
    moment = datetime(date.year, date.month or 1, date.day or 1, tzinfo=ZoneInfo(timezone))
    return moment.isoformat()


@dataclass(frozen=True)
class _Head:
    """What a feed says of itself."""

    title: str
    path: str  # the Atom feed, below the edition's root
    home: str  # the page it follows
    json_path: str  # the JSON Feed
    updated: PartialDate


@dataclass(frozen=True)
class _Entry:
    """One entry, in the words both formats write."""

    url: str
    title: str
    summary: str
    topics: tuple[str, ...]
    published: PartialDate
    updated: PartialDate


class FeedWriter:
    def __init__(self, config: SiteConfig, urls: Urls, catalogue: Catalogue | None = None):
        self.config = config
        self.urls = urls
        self.timezone = config.timezone
        self.catalogue = catalogue  # for the monthly feed's titles

    def url(self, path: str) -> str:
        return self.urls.absolute(self.urls.link(path))

    def entry_url(self, entry: FeedEntry) -> str:
        return self.urls.absolute(self.urls.link(entry.kind, entry.item.id))

    # The briefing's feeds: an entry per article and event ---------------------

    def atom(self, context: FeedContext) -> bytes:
        subtitle = self.config.description if not context.feed.home else ""
        return self._atom(self._head(context), [self._item(e) for e in context.feed.entries],
                          context.topics, subtitle)

    def json_feed(self, context: FeedContext) -> bytes:
        return self._json(self._head(context), [self._item(e) for e in context.feed.entries],
                          context.topics, self.config.title, self.config.description)

    def _head(self, context: FeedContext) -> _Head:
        feed = context.feed
        return _Head(feed.title, feed.path, feed.home, JSON_FEED_PATH, feed.updated)

    def _item(self, entry: FeedEntry) -> _Entry:
        url = self.entry_url(entry)
        return _Entry(url, entry.item.title, entry.item.summary, entry.item.topics,
                      entry.published, entry.updated)

    # The monthly feed: an entry per month's brief ----------------------------

    def months_atom(self, context: MonthFeedContext) -> bytes:
        return self._atom(self._months_head(context), [self._month(e) for e in context.feed.entries],
                          context.topics, self._words("months.feed_subtitle"))

    def months_json(self, context: MonthFeedContext) -> bytes:
        head = self._months_head(context)
        return self._json(head, [self._month(e) for e in context.feed.entries], context.topics,
                          head.title, self._words("months.feed_subtitle"))

    def _words(self, key: str, **values) -> str:
        """An interface string as plain text (the XML and JSON writers escape it)."""
        return self.catalogue.strings[key].format(country=self.config.country,
                                                  title=self.config.title, **values)

    def _months_head(self, context: MonthFeedContext) -> _Head:
        feed = context.feed
        return _Head(self._words("months.feed_title"), feed.path, feed.home, MONTHS_JSON_PATH,
                     feed.updated)

    def _month(self, entry: MonthFeedEntry) -> _Entry:
        month = self.catalogue.date(entry.month)
        title = (self._words("months.entry_title", month=month, headline=entry.headline)
                 if entry.headline else month)
        summary = entry.summary
        if entry.trends:  # the month's assessment, after its summary: 'Security: deteriorated.'
            summary += " " + " ".join(
                f"{name}: {self.catalogue.strings['month.topic_trend.' + trend]}."
                for name, trend in entry.trends)
        return _Entry(self.url(entry.path), title, summary, entry.topics,
                      entry.updated, entry.updated)

    # Both formats ------------------------------------------------------------

    def _atom(self, head: _Head, entries: list[_Entry], topics: dict, subtitle: str) -> bytes:
        config = self.config
        root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
        _text(root, "title", head.title)
        if subtitle:
            _text(root, "subtitle", str(subtitle))
        _text(root, "id", self.url(head.path))
        ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=self.url(head.path))
        ET.SubElement(root, "link", rel="alternate", type="text/html", href=self.url(head.home))
        _text(root, "updated", timestamp(head.updated, self.timezone))
        author = ET.SubElement(root, "author")
        _text(author, "name", config.title)
        _text(author, "uri", self.url(""))
        _text(root, "generator", "Briefing")
        for entry in entries:
            self._atom_entry(root, entry, topics)
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    def _atom_entry(self, parent: ET.Element, entry: _Entry, topics: dict) -> None:
        element = ET.SubElement(parent, "entry")
        _text(element, "title", entry.title)
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=entry.url)
        _text(element, "id", entry.url)
        _text(element, "published", timestamp(entry.published, self.timezone))
        _text(element, "updated", timestamp(entry.updated, self.timezone))
        _text(element, "summary", entry.summary)
        for topic_id in entry.topics:
            ET.SubElement(element, "category", term=topic_id, label=topics[topic_id].name,
                          scheme=self.url(item_path("topic", topic_id)))

    def _json(self, head: _Head, entries: list[_Entry], topics: dict, title: str,
              description: str) -> bytes:
        config = self.config
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": str(title),
            "home_page_url": self.url(head.home),
            "feed_url": self.url(head.json_path),
            "description": str(description),
            "language": config.language,
            "authors": [{"name": config.title, "url": self.url("")}],
            "items": [{
                "id": entry.url,
                "url": entry.url,
                "title": entry.title,
                "summary": entry.summary,
                "content_text": entry.summary,
                "date_published": timestamp(entry.published, self.timezone),
                "date_modified": timestamp(entry.updated, self.timezone),
                "tags": [topics[t].name for t in entry.topics],
            } for entry in entries],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
