"""Markdown bodies to sanitised HTML, with links between items resolved."""
from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

LINK_KINDS = ("article", "event", "actor", "place", "topic", "source", "page")
_CROSS_REF = re.compile(r"^(%s):([^#\s]*)(#[\w-]*)?$" % "|".join(LINK_KINDS))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = ("http", "https", "mailto")
DEFAULT_SECONDS = 5.0
MAX_BODY_CHARS = 200_000
_BRACKET_RUN = re.compile(r"[\[\]]{200,}|(?:[\[(]\s*){200,}")

# The sanitiser's allow-list: ammonia's safe defaults, plus heading anchors.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES.setdefault(_tag, set()).add("id")
_TAGS = set(nh3.ALLOWED_TAGS) - {"h1"}
_URL_SCHEMES = {"http", "https", "mailto"}

Resolver = Callable[[str, str], "str | None"]


class MarkupError(Exception):
    def __init__(self, line_offset: int, message: str):
        super().__init__(message)
        self.line_offset = line_offset
        self.message = message


class UnknownLink(MarkupError):
    def __init__(self, line_offset: int, kind: str, ident: str):
        super().__init__(line_offset, f"link to unknown item '{kind}:{ident}'")
        self.kind = kind
        self.ident = ident


class BadLink(MarkupError):
    def __init__(self, line_offset: int, url: str):
        shown = url if len(url) <= 40 else url[:37] + "..."
        super().__init__(line_offset, f"link to '{shown}' is not allowed: use an http(s):// or "
                                      "mailto: address, or an item link such as "
                                      f"event:<id> (kinds: {', '.join(LINK_KINDS)})")
        self.url = url


class TooSlow(MarkupError):
    pass


class _OutOfTime(Exception):
    pass


class _ItemLinks(Treeprocessor):
    """Rewrites `kind:id` links to URLs; turns h1 into h2 so a page keeps one h1."""

    def __init__(self, md):
        super().__init__(md)
        self.resolve: Resolver = lambda kind, ident: None
        self.unknown: list[tuple[str, str]] = []
        self.refused: list[str] = []

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag == "a":
                self._resolve_link(element)
            elif element.tag == "img":
                self._check_scheme(element.get("src", ""))

    def _check_scheme(self, url: str) -> None:
        scheme = _SCHEME.match(url)
        if scheme and scheme.group(1).lower() not in _LINK_SCHEMES:
            self.refused.append(url)

    def _resolve_link(self, element: ElementTree.Element) -> None:
        match = _CROSS_REF.match(element.get("href", ""))
        if not match:
            self._check_scheme(element.get("href", ""))
            return
        kind, ident, anchor = match.groups()
        url = self.resolve(kind, ident)
        if url is None:
            self.unknown.append((kind, ident))
            return
        element.set("href", url + (anchor or ""))


class _ItemLinkExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API name
        self.processor = _ItemLinks(md)
        md.treeprocessors.register(self.processor, "briefing_links", 1)


class MarkdownRenderer:
    """One reusable Markdown instance: building it is costly, reset() is not.

    Each body gets a time budget (in the main thread, where a timer can stop
    it): Python-Markdown has inputs that take minutes, and no list of them is
    complete.
    """

    def __init__(self, seconds: float = DEFAULT_SECONDS,
                 reserved_ids: frozenset[str] = frozenset()) -> None:
        self.seconds = seconds
        self.reserved_ids = reserved_ids  # ids the page templates use themselves
        self._setup()

    def _setup(self) -> None:
        self._links = _ItemLinkExtension()
        self._md = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", "abbr", "def_list",
                        "toc", self._links],
            extension_configs={"toc": {"toc_depth": "2-6", "slugify": self._heading_id}},
            output_format="html",
        )

    def _heading_id(self, text: str, separator: str) -> str:
        """A heading's id, kept apart from the ids of the page around the body."""
        slug = slugify(text, separator)
        return f"{slug}{separator}1" if slug in self.reserved_ids else slug

    def render(self, text: str, resolve: Resolver) -> str:
        """Markdown to safe HTML. Raises UnknownLink, BadLink, TooSlow or MarkupError."""
        check_body(text)
        processor = self._links.processor
        processor.resolve, processor.unknown, processor.refused = resolve, [], []
        self._md.reset()
        try:
            with _time_budget(self.seconds):
                html = self._md.convert(text)
        except _OutOfTime:
            self._setup()  # the interrupted instance may be left half-way
            raise TooSlow(0, f"Markdown took more than {self.seconds:g} s to render this body "
                             "and was stopped (look for long runs of unclosed '[' or other "
                             "unusual syntax)") from None
        if processor.unknown:
            kind, ident = processor.unknown[0]
            raise UnknownLink(_line_of(text, f"{kind}:{ident}"), kind, ident)
        if processor.refused:
            raise BadLink(_line_of(text, processor.refused[0]), processor.refused[0])
        return sanitise(html, self.reserved_ids)


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime after `seconds`. Only the main thread receives signals:
    elsewhere (and where there is no SIGALRM) only the size limits apply."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def expire(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_body(text: str) -> None:
    """Refuse bodies that would make Python-Markdown crawl."""
    if len(text) > MAX_BODY_CHARS:
        raise MarkupError(0, f"body is too long ({len(text)} characters; the limit is {MAX_BODY_CHARS})")
    match = _BRACKET_RUN.search(text)
    if match:
        raise MarkupError(text.count("\n", 0, match.start()),
                          "a run of 200 or more brackets: Markdown cannot render this in reasonable time")


def sanitise(html: str, reserved_ids: frozenset[str] = frozenset()) -> str:
    """Safe HTML; an id the page itself uses is dropped from raw HTML."""
    def keep(tag: str, attribute: str, value: str) -> str | None:
        return None if attribute == "id" and value in reserved_ids else value
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                     link_rel=None, strip_comments=True,
                     attribute_filter=keep if reserved_ids else None)


def _line_of(text: str, target: str) -> int:
    position = text.find(target)
    return text.count("\n", 0, position) if position >= 0 else 0
