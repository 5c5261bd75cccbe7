"""An edition's Markdown bodies as safe HTML, with the item links and site paths each
resolved, and a problem at the body's file and line for each link that leads nowhere."""
from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..kinds import BY_SINGULAR
from ..load import suggest
from ..memo import Key, hashed
from ..model import Body, Site
from ..plan import Urls
from ..plan import closest_site_path, site_path_target
from .markup import MarkdownRenderer, MarkupError, MissingTarget, UnknownLink, each_problem


class BodyFailed(Exception):
    """A body that cannot be rendered, with its problems at their file and line."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        super().__init__(problems[0][2])
        self.problems = problems


# What a body's HTML holds besides its text: the item links it resolved ((kind, id)),
# and the site paths it placed ((as written, URL)).
BodyLinks = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


class BodyRenderer:
    """Renders the bodies of one edition's items."""

    def __init__(self, site: Site, urls: Urls, markdown: MarkdownRenderer, made: frozenset[str]):
        self.site = site
        self.urls = urls
        self.markdown = markdown
        self.made = made  # every path the build makes below the site root (site_path_target)
        self.items_by_kind = {kind.singular: getattr(site, kind.name) for kind in BY_SINGULAR.values()}
        # What a body's HTML depends on besides its text: where its links point, the ids
        # its headings must avoid, and its time budget.
        self.place_key = hashed(Key.BODY_PLACE, urls.base_path, urls.prefix, markdown.seconds,
                                markdown.reserved_ids)

    def key(self, body: Body) -> str:
        return body.key + ":" + self.place_key

    def render(self, path: str) -> tuple[str, BodyLinks]:
        """The body of the item at `path` as safe HTML, with the item links it resolved
        and the site paths it placed. Raises BodyFailed."""
        body = self.site.bodies[path]
        if not body.text.strip():
            return "", ((), ())
        links: set[tuple[str, str]] = set()
        places: dict[str, str | None] = {}

        def resolve(kind: str, ident: str) -> str | None:
            links.add((kind, ident))
            return self.urls.link(kind, ident) if self.links_exist([(kind, ident)]) else None

        def place(url: str) -> str | None:
            places[url] = self.place(url)
            return places[url]

        try:
            html = self.markdown.render(body.text, resolve, place)
        except MarkupError as error:
            raise BodyFailed([self.body_problem(path, body, problem)
                              for problem in each_problem(error)]) from None
        return html, (tuple(sorted(links)), tuple(sorted(places.items())))

    def links_exist(self, links) -> bool:
        items = self.items_by_kind
        return all(ident in items[kind] for kind, ident in links)

    def place(self, url: str) -> str | None:
        """The URL of a site path written in a body ('/timeline/#2025'), under the base
        path and in this edition (site_path_target); None if the build makes nothing there."""
        parts = urlsplit(url)
        target = site_path_target(unquote(parts.path)[1:], self.urls.prefix, self.made)
        if target is None:
            return None
        return urlunsplit(("", "", self.urls.base_path + quote(target), parts.query, parts.fragment))

    def still_holds(self, links: BodyLinks) -> bool:
        """Whether a body rendered before still links where it did: its items exist, and
        each site path still leads to the same URL."""
        items, places = links
        return self.links_exist(items) and all(self.place(url) == placed for url, placed in places)

    def body_problem(self, path: str, body: Body, error: MarkupError) -> tuple[str, int, str]:
        if isinstance(error, UnknownLink):
            message = self._unknown_link_message(error)
        elif isinstance(error, MissingTarget):
            message = self._missing_target_message(error)
        else:
            message = error.message
        return path, body.line + error.line_offset, message

    def _unknown_link_message(self, error: UnknownLink) -> str:
        kind = BY_SINGULAR.get(error.kind)
        if kind is not None and error.ident in self.site.drafts.get(kind.name, ()):
            return (f"link to {error.kind} '{error.ident}', which is a draft and is not "
                    "published (publish it, or remove the link)")
        known = getattr(self.site, kind.name, {}) if kind else {}
        return f"{error.message}{suggest(error.ident, known)}"

    def _missing_target_message(self, error: MissingTarget) -> str:
        """With the closest path the build makes: a file for an image, a page or file
        for a link."""
        written = unquote(urlsplit(error.url).path)
        choices = [made for made in self.made if not made.endswith("index.html")
                   and not (error.image and (made.endswith("/") or made.endswith(".html")))]
        close = closest_site_path(written[1:], choices)
        if close is not None:
            return f"{error.message} (did you mean '/{close}'?)"
        if not error.image:
            return error.message
        if written.startswith("/static/"):
            return f"{error.message}: there is no {written[1:]} in the briefing folder"
        return (f"{error.message}: put images in the briefing's static/ folder and write "
                "their path from the site root, /static/<file>")
