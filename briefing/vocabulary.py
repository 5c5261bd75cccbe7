"""The vocabulary every stage shares: a date with its precision, and the briefing's
settings. The bottom layer: it imports nothing of Briefing's, so that no stage has
to reach into another (load reads these from files; the others only use them)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

DEFAULT_MAX_FILE_KB = 512
DEFAULT_MAX_MARKDOWN_SECONDS = 5.0

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"



@dataclass(frozen=True)
class StaticSource:
    """A file of a static/ folder as load found it. It is published by copying it as a
    stream, never held in memory: `digest` is of its bytes as load read them, and the
    copy is checked against it."""

    path: str  # absolute
    name: str  # as messages give it: relative to the briefing's folder
    size: int
    digest: str


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to some precision. Orders chronologically; unknown sorts first."""

    year: int = 0
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        if not self.year:
            return UNKNOWN
        if not self.month:
            return YEAR
        return MONTH if not self.day else DAY

    @property
    def known(self) -> bool:
        return bool(self.year)

    def iso(self) -> str:
        """The date as written: '2025-07-22', '2025-07', '2025' or ''."""
        if not self.year:
            return ""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def first_day(self) -> str:
        """The earliest full ISO day the date can stand for ('' if unknown)."""
        if not self.year:
            return ""
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"


UNKNOWN_DATE = PartialDate()


@dataclass(frozen=True)
class TopicConfig:
    id: str
    name: str
    description: str
    translations: dict = field(default_factory=dict, compare=False)  # lang -> (name, description)

    def localized(self, language: str) -> TopicConfig:
        name, description = self.translations.get(language, (self.name, self.description))
        return replace(self, name=name, description=description)


# Digits an edition may write its numbers and dates in (site.yaml's `digits`), by
# CLDR numbering system: each system's zero, the nine after it in Unicode order.
NUMBERING_SYSTEMS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966",
                     "beng": "\u09e6", "thai": "\u0e50", "mymr": "\u1040", "khmr": "\u17e0",
                     "tibt": "\u0f20", "laoo": "\u0ed0"}


@dataclass(frozen=True)
class LanguageConfig:
    """One edition of the briefing. The first is the default, at the root."""

    code: str
    name: str
    locale: str = ""  # for dates and numbers; default: the catalogue's
    title: str = ""  # the edition's own title, description and country name, if translated
    description: str = ""
    country: str = ""
    digits: str = ""  # a NUMBERING_SYSTEMS name ('arab'); default: the locale's, as Babel gives


@dataclass(frozen=True)
class BrandConfig:
    """Who publishes the briefing, and how it looks: site.yaml's `brand:`."""

    organisation: str = ""  # its name, shown beside the briefing's title
    url: str = ""  # its website
    logo: str = ""  # an SVG below the briefing's static/, e.g. 'img/logo.svg'
    accent: str = ""  # the links' colour on the light page ('#rrggbb'), AA against it
    accent_dark: str = ""  # on the dark page (default: the accent made light enough)
    font: str = ""  # a WOFF2 or WOFF below the briefing's static/: the pages' typeface
    footer: str = ""  # a line of its own in every page's footer
    licence: str = ""  # under which the briefing may be reused, e.g. 'CC BY 4.0'


@dataclass(frozen=True)
class EditorConfig:
    """Someone who edits the briefing, shown on the about page."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class SiteConfig:
    title: str
    country: str
    language: str
    base_url: str
    timezone: str
    description: str
    topics: tuple[TopicConfig, ...]
    cname: str = ""
    max_file_kb: int = DEFAULT_MAX_FILE_KB
    languages: tuple[LanguageConfig, ...] = ()
    max_markdown_seconds: float = DEFAULT_MAX_MARKDOWN_SECONDS
    brand: BrandConfig = BrandConfig()
    editors: tuple[EditorConfig, ...] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0].code if self.languages else self.language

    def edition(self, code: str) -> LanguageConfig:
        return next(l for l in self.languages if l.code == code)

    def localized(self, code: str) -> SiteConfig:
        """The settings as the edition in `code` shows them."""
        edition = self.edition(code)
        return replace(self, language=code, title=edition.title or self.title,
                       country=edition.country or self.country,
                       description=edition.description or self.description,
                       topics=tuple(t.localized(code) for t in self.topics))

    def edition_prefix(self, code: str) -> str:
        """Where an edition lives below the site root: '' or 'pt/'."""
        return "" if code == self.default_language else f"{code}/"

    @property
    def base_path(self) -> str:
        """The path part of the base URL, always ending in '/': '/briefing/'."""
        return urlsplit(self.base_url).path or "/"

    def topic(self, topic_id: str) -> TopicConfig | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def with_base_url(self, base_url: str) -> SiteConfig:
        return replace(self, base_url=normalise_base_url(base_url))


def normalise_base_url(url: str) -> str:
    """Check a base URL and make sure it ends with '/'."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base URL '{url}' must be an absolute http(s) URL, "
                         "e.g. https://user.github.io/repo/")
    if parts.query or parts.fragment:
        raise ValueError(f"base URL '{url}' must not have a query or fragment")
    path = parts.path.rstrip("/") + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"
