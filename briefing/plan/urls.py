"""Where things are: the URL of every page and file, under the site's base path."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..kinds import BY_SINGULAR
from ..vocabulary import LanguageConfig, SiteConfig

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


def site_path_target(path: str, prefix: str, made: frozenset[str]) -> str | None:
    """Where a site-root path written in a body leads, below the site root; None when
    the build makes nothing there. `path` is as written without its leading '/'
    ('timeline/', 'static/img/x.png'), `prefix` the edition's ('' or 'pt/'), `made`
    every path the build makes (pages as 'x/' and 'x/index.html', other files by name).

    A path names a page as the default edition has it: in another edition it leads
    to that edition's page when there is one ('timeline/' -> 'pt/timeline/'), else to
    the path as written (a file every edition shares, such as 'static/img/x.png').
    A page's path may leave out its final slash ('timeline' -> 'timeline/')."""
    for candidate in dict.fromkeys((prefix + path, path)):
        if candidate in made:
            return candidate
        if candidate and not candidate.endswith("/") and candidate + "/" in made:
            return candidate + "/"
    return None


def closest_site_path(path: str, made: Iterable[str]) -> str | None:
    """The path the build makes that `path` (below the site root) most likely meant: one
    with the same file or page name elsewhere ('img/a.png' -> 'static/img/a.png'), else
    the closest name in the same folder ('static/img/harbor.svg' -> '.../harbour.svg')."""
    name, folder = _name(path), _folder(path)
    same_name = sorted((m for m in made if _name(m) == name and m != path), key=len)
    if same_name and name:
        return same_name[0]
    siblings = {_name(m): m for m in sorted(made) if _folder(m) == folder and m != path}
    close = difflib.get_close_matches(name, list(siblings), n=1, cutoff=0.6)
    return siblings[close[0]] if close else None


def _folder(path: str) -> str:
    return path.rstrip("/").rpartition("/")[0]


def _name(path: str) -> str:
    return path.rstrip("/").rpartition("/")[2]
