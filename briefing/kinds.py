"""The kinds of item a briefing holds, and the files a build reads.

One row per kind, read by every stage that needs to know one: load (folder,
extension), model (names, messages), translations (translatable keys), plan
(URLs), render (which have a Markdown body), the preview's watch list and
deploy's list of inputs. Nothing else spells a folder name or adds an "s".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    name: str  # plural: the Site's attribute, 'articles'
    singular: str  # in item links ('event:x'), messages and templates: 'article'
    folder: str  # below the briefing folder
    extension: str  # '.md': front matter and a Markdown body; '.yaml': front matter only
    url: str  # where its page (or its entry on a shared page) is, below an edition's root
    translatable: tuple[str, ...]  # the keys a translation may set
    # The keys its file may set (besides 'internal:', everywhere): the one list that the
    # model's check, the translations' and docs/content-model.md (by a test) follow.
    keys: tuple[str, ...] = ()

    @property
    def has_body(self) -> bool:
        return self.extension == ".md"

    def path(self, ident: str) -> str:
        """'events/x/', or 'figures/#x' for kinds listed on one page."""
        return self.url.format(ident)

    def file(self, ident: str) -> str:
        return f"{self.folder}/{ident}{self.extension}"


KINDS = (
    Kind("sources", "source", "seeds", ".yaml", "sources/{}/", ("title", "notes"),
         ("outlet", "origin", "title", "published", "language", "url", "kind", "reliability",
          "notes", "draft")),
    Kind("actors", "actor", "content/actors", ".md", "actors/{}/", ("name", "role"),
         ("name", "kind", "role", "aliases", "misspellings", "sources", "draft")),
    Kind("places", "place", "content/places", ".md", "places/{}/", ("name",),
         ("name", "kind", "within", "aliases", "misspellings", "location", "sources", "draft")),
    Kind("articles", "article", "content/articles", ".md", "articles/{}/",
         ("title", "summary", "claims"),
         ("title", "published", "updated", "authors", "summary", "topics", "actors", "places",
          "events", "sources", "claims", "draft", "suggestions")),
    Kind("events", "event", "content/events", ".md", "events/{}/",
         ("title", "summary", "date_note", "roles"),
         ("title", "date", "date_note", "status", "places", "actors", "topics", "sources",
          "summary", "checked", "draft")),
    Kind("figures", "figure", "content/figures", ".yaml", "figures/#{}",
         ("label", "unit", "period", "scope", "definition", "note"),
         ("label", "value", "value_high", "qualifier", "unit", "as_of", "period", "scope",
          "definition", "source", "status", "supersedes", "series", "topics", "key", "note",
          "draft")),
    Kind("topics", "topic", "content/topics", ".md", "topics/{}/", ("title",),
         ("title", "sources", "draft")),
    Kind("pages", "page", "content/pages", ".md", "{}/", ("title", "description"),
         ("title", "description", "draft")),
    # The editor's optional summary of a month, named after it: content/months/2025-10.md.
    Kind("months", "month", "content/months", ".md", "updates/{}/", ("title", "summary", "trends"),
         ("title", "summary", "trend", "trends", "draft")),
)
# The keys of what an item's file holds inside one key: an article's claims (a
# translation may give only their text and note), a place's location, a month's
# assessment of each topic.
CLAIM_KEYS = ("text", "status", "note", "sources", "checked", "figure")
TRANSLATED_CLAIM_KEYS = ("text", "note")
LOCATION_KEYS = ("lat", "lon", "precision")
TREND_KEYS = ("trend", "why")

BY_NAME = {kind.name: kind for kind in KINDS}
BY_SINGULAR = {kind.singular: kind for kind in KINDS}
BODY_KINDS = tuple(kind.name for kind in KINDS if kind.has_body)

# The content model's vocabularies (docs/content-model.md).
CLAIM_STATUSES = ("confirmed", "corrected", "disputed", "unverified", "reported")
# A key figure is what the home page puts first: only a checked one may be one.
KEY_FIGURE_STATUSES = ("confirmed", "corrected")
EVENT_STATUSES = ("occurred", "announced", "cancelled")
PLACE_CONFIDENCE = ("confirmed", "reported", "disputed")
QUALIFIERS = ("exact", "at least", "about", "more than", "range")
SOURCE_KINDS = ("wire", "newspaper", "broadcaster", "website", "official statement",
                "report", "dataset", "reference")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
ACTOR_KINDS = ("person", "state", "organisation", "armed group", "media")
PLACE_KINDS = ("country", "province", "city", "town", "district", "region")
COORDINATE_PRECISION = ("exact", "approximate")
TRENDS = ("deteriorated", "unchanged", "improved")  # a month summary's judgement, as CrisisWatch's

CONFIG_FILE = "site.yaml"
MAP_FILE = "map/country.geojson"
CATALOGUE_FOLDER = "i18n"
TEMPLATE_FOLDER = "templates"
STATIC_FOLDER = "static"
# What a build reads below the briefing folder. The theme's folders are read
# below the theme (--theme DIR, else DEFAULT_THEME) and then below the briefing
# folder, whose own files of the same name win.
CONTENT_INPUTS = (CONFIG_FILE, "content", "seeds", MAP_FILE.split("/")[0])
THEME_INPUTS = (TEMPLATE_FOLDER, STATIC_FOLDER, CATALOGUE_FOLDER)


def _default_theme() -> Path:
    """The default theme's folder. Its source is the repository's top level
    (templates/, static/, i18n/ beside content/); the wheel carries it as
    briefing/theme/ (pyproject.toml's package-dir), so an installed Briefing
    finds it there and a source checkout at the top."""
    package = Path(__file__).resolve().parent
    packaged = package / "theme"
    return packaged if (packaged / TEMPLATE_FOLDER).is_dir() else package.parent


DEFAULT_THEME = _default_theme()


def item_id(path: str) -> str:
    """'x' for 'content/events/x.md' (and 'x.pt' for a translation)."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
