"""What a briefing's feeds must hold, worked out from its content files alone.

Read with PyYAML straight from the files, never through Briefing's loader,
model or feed code, so that a mistake there cannot hide in the expectation.
The rules, as docs/publishing.md states them: the entries are the articles
and events (drafts left out), newest first, at most 50 per feed; an entry's
id is the absolute URL of its page; an article is dated by its publication
and, if given, its update date; an event by its date once it has occurred,
and an announced event, or one without a date, by its newest source; a date
known only to the month or year stands for its first day, at midnight in the
site's timezone. Each topic has a feed of its entries; each language edition
has its own feeds, under its own path, with the item's translated words.

The monthly feed (updates/feed.xml and updates/feed.json) has one entry per
month with a page: a month in which an article was published or an event that
is not merely announced is dated (to the month or day), or for which the
editor wrote a summary (content/months/<YYYY-MM>.md). An entry is titled with
the month as the edition writes it, and the summary's title if it has one; its
summary is the editor's, or else the titles of the month's events (by date)
and articles (by date), joined by '; '; its topics are those of the month's
events and articles, in the site's order; it is dated by the newest date of
the events, articles and figures (by as-of date) that fall in the month, or
by the month itself.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_skeleton

FEED_LENGTH = 50
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Entry:
    path: str  # its page, below the edition's root: 'events/first-attacks/'
    title: str
    summary: str
    topics: tuple[str, ...]
    published: datetime.datetime
    updated: datetime.datetime


@dataclass(frozen=True)
class Briefing:
    """The feeds' facts about one briefing folder."""

    root: Path
    config: dict

    @classmethod
    def read(cls, root: Path) -> Briefing:
        return cls(root, yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8")))

    @property
    def default_language(self) -> str:
        return self.config["languages"][0]["code"]

    @property
    def languages(self) -> list[str]:
        return [language["code"] for language in self.config["languages"]]

    @property
    def topics(self) -> list[str]:
        return [topic["id"] for topic in self.config["topics"]]

    def topic_name(self, topic_id: str, language: str) -> str:
        topic = next(t for t in self.config["topics"] if t["id"] == topic_id)
        return topic.get(language, {}).get("name", topic["name"])

    def edition_url(self, language: str, base_url: str | None = None) -> str:
        """The absolute URL of an edition's root."""
        base = (base_url or self.config["base_url"]).rstrip("/") + "/"
        return base if language == self.default_language else f"{base}{language}/"

    def entries(self, language: str) -> list[Entry]:
        """Every entry of the edition, newest first."""
        timezone = ZoneInfo(self.config["timezone"])
        sources = {path.stem: _read(path)["published"]
                   for path in (self.root / "seeds").glob("*.yaml") if "." not in path.stem}
        entries = []
        for kind in ("articles", "events"):
            for path in sorted((self.root / "content" / kind).glob("*.md")):
                if "." in path.stem:
                    continue  # a translation
                meta = _read(path)
                if meta.get("draft") is True:
                    continue
                published, updated = _dates(kind, meta, sources)
                words = {**meta, **self._translation(path, language)}
                entries.append(Entry(f"{kind}/{path.stem}/", words["title"], words["summary"],
                                     tuple(meta["topics"]), first_moment(published, timezone),
                                     first_moment(updated, timezone)))
        return sorted(entries, key=lambda e: e.updated, reverse=True)

    def month_entries(self, language: str) -> list[Entry]:
        """Every entry of the edition's monthly feed, newest first."""
        timezone = ZoneInfo(self.config["timezone"])
        months: dict[str, dict[str, list]] = {}

        def month(value: object) -> str | None:
            text = str(value)
            return text[:7] if len(text) >= 7 else None

        for kind, key in (("events", "date"), ("articles", "published"), ("figures", "as_of")):
            folder = self.root / "content" / kind
            for path in sorted(folder.glob("*.md" if kind != "figures" else "*.yaml")):
                meta = _read(path)
                if "." in path.stem or meta.get("draft") is True or meta.get(key) is None:
                    continue
                ident = month(meta[key])
                if ident:
                    words = {**meta, **self._translation(path, language)}
                    months.setdefault(ident, {}).setdefault(kind, []).append(
                        (_first_day(meta[key]), path.stem, words))
        summaries = {path.stem: path for path in (self.root / "content" / "months").glob("*.md")
                     if "." not in path.stem and _read(path).get("draft") is not True}
        chosen = {m for m, items in months.items() if items.get("articles") or any(
            words["status"] != "announced" for _, _, words in items.get("events", []))}
        entries = []
        for ident in sorted(chosen | set(summaries), reverse=True)[:FEED_LENGTH]:
            items = months.get(ident, {})
            events = sorted(items.get("events", []), key=lambda e: (len(str(e[2]["date"])) == 10, e[0], e[1]))
            articles = sorted(items.get("articles", []), key=lambda a: (a[0], a[1]))
            title = self.month_name(ident, language)
            summary = "; ".join(words["title"] for _, _, words in events + articles)
            if ident in summaries:
                path = summaries[ident]
                words = {**_read(path), **self._translation(path, language)}
                title = f"{title}: {words['title']}" if words.get("title") else title
                summary = words.get("summary") or summary
                trends = _read(path).get("trends") or {}
                summary += "".join(
                    f" {self.topic_name(topic, language)}: "
                    f"{self.catalogue(language)['month']['topic_trend'][trends[topic]['trend']]}."
                    for topic in self.topics if topic in trends)
            topics = {t for _, _, words in events + articles for t in words["topics"]}
            dates = [d for kind in items.values() for d, _, _ in kind]
            moment = first_moment(max(dates, default=_first_day(ident)), timezone)
            entries.append(Entry(f"updates/{ident}/", title, summary,
                                 tuple(t for t in self.topics if t in topics), moment, moment))
        return entries

    def catalogue(self, language: str) -> dict:
        own = self.root / "i18n" / f"{language}.yaml"  # the briefing's own, over the theme's
        theme = Path(__file__).parent.parent / "i18n" / f"{language}.yaml"
        return yaml.safe_load((own if own.is_file() else theme).read_text(encoding="utf-8"))

    def month_name(self, ident: str, language: str) -> str:
        """'March 2025', 'março de 2025': the month in the edition's locale."""
        catalogue = self.catalogue(language)
        year, month = (int(part) for part in ident.split("-"))
        text = format_skeleton("yMMMM", datetime.date(year, month, 1), locale=catalogue["locale"])
        if catalogue.get("date", {}).get("month_names") == "capitalised":  # 'Março de 2025'
            text = text[:1].upper() + text[1:]
        return text

    def _translation(self, path: Path, language: str) -> dict:
        translated = path.with_name(f"{path.stem}.{language}{path.suffix}")
        if language == self.default_language or not translated.is_file():
            return {}
        meta = _read(translated)
        return {key: meta[key] for key in ("title", "summary") if key in meta}


def _read(path: Path) -> dict:
    """The YAML of a data file, or the front matter of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("\n---", 1)[0].removeprefix("---\n")
    return yaml.safe_load(text)


def _dates(kind: str, meta: dict, sources: dict) -> tuple[object, object]:
    """(published, updated) as written in the files."""
    if kind == "articles":
        return meta["published"], meta.get("updated", meta["published"])
    if meta.get("date") is not None and meta["status"] != "announced":
        return meta["date"], meta["date"]
    newest = max((sources[s] for s in meta["sources"]), key=_first_day)
    return newest, newest


def _first_day(value: object) -> datetime.date:
    """The first day a date as written stands for: 2025-03-04, 2025-02 or 2024."""
    if isinstance(value, datetime.date):
        return value
    parts = [int(part) for part in str(value).split("-")]
    return datetime.date(*parts, *[1] * (3 - len(parts)))


def first_moment(value: object, timezone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(_first_day(value), datetime.time(), timezone)


def newest(entries: list[Entry], topic: str = "") -> list[Entry]:
    """What a feed holds: the newest entries, of one topic or of all."""
    return [e for e in entries if not topic or topic in e.topics][:FEED_LENGTH]


@dataclass(frozen=True)
class FeedEntry:
    """An entry as a built feed gives it, with the fields Entry compares."""

    url: str
    title: str
    summary: str
    topics: tuple[str, ...]
    published: datetime.datetime
    updated: datetime.datetime


def atom_entries(root) -> list[FeedEntry]:
    """The entries of a parsed Atom feed, in their order; the link must be the id."""
    result = []
    for entry in root.findall(ATOM + "entry"):
        url = entry.findtext(ATOM + "id")
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == url
        result.append(FeedEntry(
            url, entry.findtext(ATOM + "title"), entry.findtext(ATOM + "summary"),
            tuple(c.get("term") for c in entry.findall(ATOM + "category")),
            aware(entry.findtext(ATOM + "published")), aware(entry.findtext(ATOM + "updated"))))
    return result


def json_entries(document: dict, topic_names: dict[str, str]) -> list[FeedEntry]:
    """The items of a JSON Feed as entries; tags are read back into topic ids."""
    ids = {name: topic for topic, name in topic_names.items()}
    result = []
    for item in document["items"]:
        assert item["url"] == item["id"] and item["content_text"] == item["summary"]
        result.append(FeedEntry(item["id"], item["title"], item["summary"],
                                tuple(ids[tag] for tag in item["tags"]),
                                aware(item["date_published"]), aware(item["date_modified"])))
    return result


def as_built(entries: list[Entry], edition_url: str) -> list[FeedEntry]:
    """The expected entries in the form a built feed gives them."""
    return [FeedEntry(edition_url + e.path, e.title, e.summary, e.topics, e.published, e.updated)
            for e in entries]


def assert_same_entries(built: list[FeedEntry], expected: list[FeedEntry]) -> None:
    """The same entries, newest first (entries of the same date in any order)."""
    assert sorted(built, key=lambda e: e.url) == sorted(expected, key=lambda e: e.url)
    assert [e.updated for e in built] == [e.updated for e in expected]


def aware(text: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(text)
    assert moment.utcoffset() is not None, f"{text}: an RFC 3339 time needs an offset"
    return moment
