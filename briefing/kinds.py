"""The kinds of item a briefing holds, and the files a build reads.

One row per kind, read by every stage that needs to know one: load (folder,
extension), model (names, messages), translations (translatable keys), plan
(URLs), render (which have a Markdown body), the preview's watch list and
deploy's list of inputs. Nothing else spells a folder name or adds an "s".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import schema
from .schema import Field


@dataclass(frozen=True)
class Kind:
    name: str  # plural: the Site's attribute, 'articles'
    singular: str  # in item links ('event:x'), messages and templates: 'article'
    folder: str  # below the briefing folder
    extension: str  # '.md': front matter and a Markdown body; '.yaml': front matter only
    url: str  # where its page (or its entry on a shared page) is, below an edition's root
    # What its file may say (besides 'internal:', everywhere), key by key: schema.py.
    fields: tuple[Field, ...]
    # The page that lists them all, below an edition's root ('' for none): planned
    # there, and what templates link to (`listing('events')`).
    listing: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.fields)

    @property
    def translatable(self) -> tuple[str, ...]:
        """The keys a translation may set."""
        return tuple(field.translated_as or field.key for field in self.fields
                     if field.translatable or field.translated_as)

    def field(self, key: str) -> Field:
        return next(field for field in self.fields if field.key == key)

    @property
    def has_body(self) -> bool:
        return self.extension == ".md"

    def path(self, ident: str) -> str:
        """'events/x/', or 'figures/#x' for kinds listed on one page."""
        return self.url.format(ident)

    def file(self, ident: str) -> str:
        return f"{self.folder}/{ident}{self.extension}"


KINDS = (
    Kind("sources", "source", "seeds", ".yaml", "sources/{}/", schema.SOURCE, "sources/"),
    Kind("actors", "actor", "content/actors", ".md", "actors/{}/", schema.ACTOR, "actors/"),
    Kind("places", "place", "content/places", ".md", "places/{}/", schema.PLACE, "places/"),
    Kind("articles", "article", "content/articles", ".md", "articles/{}/", schema.ARTICLE,
         "articles/"),
    Kind("events", "event", "content/events", ".md", "events/{}/", schema.EVENT, "timeline/"),
    Kind("figures", "figure", "content/figures", ".yaml", "figures/#{}", schema.FIGURE,
         "figures/"),
    Kind("topics", "topic", "content/topics", ".md", "topics/{}/", schema.TOPIC),
    Kind("pages", "page", "content/pages", ".md", "{}/", schema.PAGE),
    # The editor's optional summary of a month, named after it: content/months/2025-10.md;
    # every month's page is listed at updates/.
    Kind("months", "month", "content/months", ".md", "updates/{}/", schema.MONTH, "updates/"),
)

BY_NAME = {kind.name: kind for kind in KINDS}
BY_SINGULAR = {kind.singular: kind for kind in KINDS}
BODY_KINDS = tuple(kind.name for kind in KINDS if kind.has_body)


def listing(name: str) -> str:
    """The path of the page listing every item of a kind: 'timeline/' for 'events'."""
    kind = BY_NAME.get(name)
    if kind is None or not kind.listing:
        listed = ", ".join(k.name for k in KINDS if k.listing)
        raise ValueError(f"no page lists the kind '{name}' (listed: {listed})")
    return kind.listing

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
