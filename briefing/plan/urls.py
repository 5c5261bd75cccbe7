"""Where things are: the URL of every page and file, under the site's base path."""
from __future__ import annotations

from ..kinds import BY_SINGULAR
from ..load.config import LanguageConfig, SiteConfig

NOT_FOUND = "404.html"  # GitHub Pages serves it for any missing path under the site
STATIC_PREFIX = "static/"


def item_path(kind: str, ident: str) -> str:
    """The path of an item's page below an edition's root: 'events/x/' (kind: singular)."""
    return BY_SINGULAR[kind].path(ident)


class Urls:
    """The URLs of one language edition: root-relative, as pages link, or absolute."""

    def __init__(self, config: SiteConfig, language: str):
        self.config = config
        self.base_path = config.base_path
        self.prefix = config.edition_prefix(language)
        self.origin = config.base_url[: -len(self.base_path)]

    def link(self, kind: str, ident: str = "") -> str:
        """Root-relative URL of an item ('event', 'x') or a path ('timeline/') in this edition."""
        if kind in ("", "/"):
            return self.base_path + self.prefix
        if ident or kind in BY_SINGULAR:
            return self.base_path + self.prefix + item_path(kind, ident)
        return self.base_path + self.prefix + kind

    def site_link(self, path: str) -> str:
        """Root-relative URL of a file shared by every edition, such as data/events.csv."""
        return self.base_path + path

    def asset(self, path: str) -> str:
        return self.site_link(STATIC_PREFIX + path)

    def absolute(self, url_path: str) -> str:
        """Absolute URL of a root-relative path made by link() or asset()."""
        return self.origin + url_path

    def alternates(self, path: str) -> list[tuple[LanguageConfig, str]]:
        """The same page in every edition: (language, root-relative URL)."""
        if path == NOT_FOUND:  # hosts serve one 404 page: offer each edition's home page
            path = ""
        return [(language, self.base_path + self.config.edition_prefix(language.code) + path)
                for language in self.config.languages]
