"""Feeds written out: Atom for the whole briefing and for each topic, and a JSON Feed 1.1.

An entry's id is the absolute URL of its page, so it stays the same from build
to build and through edits to the entry. A date known only to the month or
year stands for its first day, at midnight in the site's timezone.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

from ..load.config import SiteConfig
from ..load.dates import PartialDate
from ..plan.contexts import FeedContext
from ..plan.feeds import JSON_FEED_PATH, FeedEntry
from ..plan.urls import Urls, item_path

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def timestamp(date: PartialDate, timezone: str) -> str:
    """RFC 3339 time of the first moment a date can stand for, in the site's timezone."""
    moment = datetime(date.year, date.month or 1, date.day or 1, tzinfo=ZoneInfo(timezone))
    return moment.isoformat()


class FeedWriter:
    def __init__(self, config: SiteConfig, urls: Urls):
        self.config = config
        self.urls = urls
        self.timezone = config.timezone

    def url(self, path: str) -> str:
        return self.urls.absolute(self.urls.link(path))

    def entry_url(self, entry: FeedEntry) -> str:
        return self.urls.absolute(self.urls.link(entry.kind, entry.item.id))

    def atom(self, context: FeedContext) -> bytes:
        config, feed = self.config, context.feed
        root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
        _text(root, "title", feed.title)
        if not feed.home:
            _text(root, "subtitle", config.description)
        _text(root, "id", self.url(feed.path))
        ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=self.url(feed.path))
        ET.SubElement(root, "link", rel="alternate", type="text/html", href=self.url(feed.home))
        _text(root, "updated", timestamp(feed.updated, self.timezone))
        author = ET.SubElement(root, "author")
        _text(author, "name", config.title)
        _text(author, "uri", self.url(""))
        _text(root, "generator", "Briefing")
        for entry in feed.entries:
            self.atom_entry(root, entry, context.topics)
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    def atom_entry(self, parent: ET.Element, entry: FeedEntry, topics: dict) -> None:
        element = ET.SubElement(parent, "entry")
        url = self.entry_url(entry)
        _text(element, "title", entry.item.title)
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=url)
        _text(element, "id", url)
        _text(element, "published", timestamp(entry.published, self.timezone))
        _text(element, "updated", timestamp(entry.updated, self.timezone))
        _text(element, "summary", entry.item.summary)
        for topic_id in entry.item.topics:
            ET.SubElement(element, "category", term=topic_id, label=topics[topic_id].name,
                          scheme=self.url(item_path("topic", topic_id)))

    def json_feed(self, context: FeedContext) -> bytes:
        config = self.config
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
                "tags": [context.topics[t].name for t in entry.item.topics],
            } for entry in context.feed.entries],
        }
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
