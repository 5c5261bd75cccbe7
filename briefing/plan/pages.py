"""The planned page: one output file (path, template or writer, context), and the
check that no two pages are written to one URL."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field

from ..errors import Collector

TEMPLATES = "templates/"


@dataclass(frozen=True)
class SearchEntry:
    """How a page is indexed for search: its type and topics, Pagefind's filters."""

    type: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedPage:
    """One output file: a page made by a template, or a file made by a writer."""

    path: str  # below the edition's root: '' for the home page, 'x/' for the others, or '404.html'
    template: str  # 'event.html', or for a file that is not a page its writer ('feed.atom')
    context: object = field(repr=False)
    source_path: str = ""  # the content file the page comes from, for messages
    language: str = ""
    prefix: str = ""  # where the edition lives below the site root: '' or 'pt/'
    search: SearchEntry | None = None  # None: the page is left out of the search index
    bodies: tuple[str, ...] = ()  # the item paths whose Markdown bodies it shows
    fingerprint: str = ""  # a hash of its context (set when planned)
    items: tuple = ()  # (kind, id) of every item its context holds, each once
    size: int = 0  # how many values its context holds

    @property
    def is_page(self) -> bool:
        """An HTML page made by a template (not a feed, a download or a static file)."""
        return self.template.endswith(".html")

    @functools.cached_property
    def url(self) -> str:
        """Below the site root: 'pt/events/x/'."""
        return self.prefix + self.path

    @functools.cached_property
    def output(self) -> str:
        """The file written: 'pt/events/x/index.html', 'feed.xml', '404.html'."""
        url = self.url
        return url + "index.html" if not url or url.endswith("/") else url


def url_key(url: str) -> str:
    """How two URLs are compared for collisions: case-folded, Unicode-normalised."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", url).casefold())


def check_collisions(pages: list[PlannedPage]) -> None:
    problems = Collector()
    seen: dict[str, PlannedPage] = {}
    for page in pages:
        key = url_key(page.output)
        if key in seen:
            first = seen[key]
            problems.add(page.source_path or TEMPLATES + page.template, 0,
                         f"two pages would be written to '/{page.url}': this one and "
                         f"{first.source_path or 'the page made by ' + TEMPLATES + first.template}"
                         " (rename one of them)")
        else:
            seen[key] = page
    problems.raise_if_any()
