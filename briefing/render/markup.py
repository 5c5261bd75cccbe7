"""Markdown bodies to sanitised HTML, with their links and images resolved and checked.

A body's links and images are checked as it is rendered: an item link
(`event:x`) is resolved, a site path (`/timeline/`, `/static/img/x.png`) is
placed under the base path by the caller (or refused when the build makes
nothing there), an image needs alt text, and an image standing alone in its
paragraph becomes a <figure>, its Markdown title the credit in <figcaption>.
"""
from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from .link_brackets import LinearBracketsExtension

LINK_KINDS = ("article", "event", "actor", "place", "topic", "source", "page")
_CROSS_REF = re.compile(r"^(%s):([^#\s]*)(#[\w-]*)?$" % "|".join(LINK_KINDS))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = ("http", "https", "mailto")
DEFAULT_SECONDS = 5.0
MAX_BODY_CHARS = 200_000
_BRACKET_RUN = re.compile(r"[\[\]]{200,}|(?:[\[(]\s*){200,}")

# The sanitiser's allow-list: ammonia's safe defaults (figure and figcaption among
# them), plus heading anchors and lazy loading for images.
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
for _tag in ("h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES.setdefault(_tag, set()).add("id")
_ATTRIBUTES.setdefault("img", set()).add("loading")
_TAGS = set(nh3.ALLOWED_TAGS) - {"h1"}
_URL_SCHEMES = {"http", "https", "mailto"}

Resolver = Callable[[str, str], "str | None"]
# A site path as written ('/timeline/#2025') -> its URL under the base path, or None
# when the build makes nothing there.
Placer = Callable[[str], "str | None"]
# Attributes of raw HTML that hold a URL the sanitiser may keep.
_RAW_URL_ATTRIBUTES = ("href", "src", "cite")


def no_site_paths(url: str) -> str | None:
    return None


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


class MissingTarget(MarkupError):
    def __init__(self, line_offset: int, url: str, image: bool):
        message = (f"image '{url}' not found" if image else
                   f"broken link '{url}': the build makes no page or file at that path")
        super().__init__(line_offset, message)
        self.url = url
        self.image = image


class RelativePath(MarkupError):
    def __init__(self, line_offset: int, url: str, image: bool):
        rooted = "/" + re.sub(r"^(\.{1,2}/)+", "", url)
        if image and not rooted.startswith("/static/"):
            rooted = "/static" + rooted  # where images go
        what = "image path" if image else "link"
        super().__init__(line_offset, f"relative {what} '{url}': a body is shown at more than "
                                      f"one address, so write the path from the site root "
                                      f"('{rooted}')" + ("" if image else
                                                         " or an item link such as event:<id>"))
        self.url = url


class NoAltText(MarkupError):
    def __init__(self, line_offset: int, url: str):
        super().__init__(line_offset, f"image '{url}' has no alt text: say what it shows between "
                                      f"the brackets, as in ![Pemba harbour at dawn]({url})")
        self.url = url


class CreditNotAlone(MarkupError):
    def __init__(self, line_offset: int, url: str):
        super().__init__(line_offset, f"image '{url}' has a credit but shares its paragraph: "
                                      "put the image in a paragraph of its own (blank lines "
                                      "around it) so the page can show the credit under it")
        self.url = url


class RawSitePath(MarkupError):
    def __init__(self, line_offset: int, url: str, image: bool):
        instead = (f"a Markdown image, ![alt text]({url})" if image
                   else f"a Markdown link, [text]({url})")
        super().__init__(line_offset, f"site path '{url}' in raw HTML: write it as {instead}, so "
                                      "that the build checks it and places it under the base path")
        self.url = url


class BodyProblems(MarkupError):
    """Several problems in one body, in the order of the text; the first is its message."""

    def __init__(self, problems: list[MarkupError]):
        super().__init__(problems[0].line_offset, problems[0].message)
        self.problems = problems


def each_problem(error: MarkupError) -> list[MarkupError]:
    return error.problems if isinstance(error, BodyProblems) else [error]


class TooSlow(MarkupError):
    pass


class _OutOfTime(Exception):
    pass


class _BodyLinks(Treeprocessor):
    """Resolves item links, places site paths, checks images and every other URL,
    makes figures of images that stand alone; turns h1 into h2 so a page keeps one h1.
    Problems are collected in the order of the text, for render() to raise."""

    def __init__(self, md):
        super().__init__(md)
        self.reset(lambda kind, ident: None, no_site_paths, "")

    def reset(self, resolve: Resolver, place: Placer, text: str) -> None:
        self.resolve, self.place, self.text = resolve, place, text
        self.problems: list[MarkupError] = []
        self._met: list[str] = []  # every URL met, in the order of the text

    def run(self, root: ElementTree.Element) -> None:
        parents = None  # of every element, made at the first image (which needs them)
        for element in list(root.iter()):
            if element.tag == "h1":
                element.tag = "h2"
            elif element.tag == "a":
                self._resolve_link(element)
            elif element.tag == "img":
                if parents is None:
                    parents = {child: parent for parent in root.iter() for child in parent}
                self._check_image(element, parents)
        self._check_raw_html()
        for problem in self.problems:  # until now, where the URL stands among those met
            problem.line_offset = self._line_of(problem.line_offset)

    def _line(self, target: str) -> int:
        """Where `target` stands among the URLs met: only a problem needs its line
        (_line_of), so most bodies are never searched for their links."""
        self._met.append(target)
        return len(self._met) - 1

    def _line_of(self, met: int) -> int:
        """The line offset of the `met`-th URL in the text (not as the end of a longer
        URL). Every URL is looked for after where it was last found (the tree is in the
        text's order), so that a URL written twice is placed at each of its lines."""
        target = self._met[met]
        pattern = re.compile(("" if target.startswith("]") else r"(?<![\w/.~%-])")
                             + re.escape(target))
        start, found = 0, None
        for earlier in self._met[:met + 1]:
            if earlier != target:
                continue
            found = (pattern.search(self.text, start)
                     or pattern.search(self.text))  # a reference-style link used again
            if found is not None:
                start = found.start() + 1
        if found is None:
            return 0
        return self.text.count("\n", 0, found.start())

    def _resolve_link(self, element: ElementTree.Element) -> None:
        href = element.get("href", "")
        match = _CROSS_REF.match(href)
        if not match:
            self._check_url(element, "href", self._line(href or "]()"), image=False)
            return
        kind, ident, anchor = match.groups()
        line = self._line(f"{kind}:{ident}")
        url = self.resolve(kind, ident)
        if url is None:
            self.problems.append(UnknownLink(line, kind, ident))
            return
        element.set("href", url + (anchor or ""))

    def _check_url(self, element: ElementTree.Element, attribute: str, line: int,
                   image: bool) -> None:
        """An http(s) or mailto address, a #fragment, or a site path, placed."""
        url = element.get(attribute, "")
        scheme = _SCHEME.match(url)
        if scheme:
            if scheme.group(1).lower() not in _LINK_SCHEMES:
                self.problems.append(BadLink(line, url))
        elif url.startswith("//") or (not image and (url == "" or url.startswith("#"))):
            return  # another host; a link within the page
        elif url.startswith("/"):
            placed = self.place(url)
            if placed is None:
                self.problems.append(MissingTarget(line, url, image))
            else:
                element.set(attribute, placed)
        elif url:
            self.problems.append(RelativePath(line, url, image))
        else:
            self.problems.append(MissingTarget(line, url, image))

    def _check_image(self, image: ElementTree.Element, parents: dict) -> None:
        url = image.get("src", "")
        line = self._line(url or "]()")
        self._check_url(image, "src", line, image=True)
        if not (image.get("alt") or "").strip():
            self.problems.append(NoAltText(line, url))
        image.set("loading", "lazy")
        credit = (image.attrib.pop("title", "") or "").strip()
        paragraph = _paragraph_of_its_own(image, parents)
        if paragraph is None:
            if credit:
                self.problems.append(CreditNotAlone(line, url))
            return
        paragraph.tag = "figure"
        if credit:
            caption = ElementTree.SubElement(paragraph, "figcaption")
            caption.text = credit

    def _check_raw_html(self) -> None:
        """Raw HTML is only sanitised: a site path in it could not be placed or checked."""
        for block in self.md.htmlStash.rawHtmlBlocks:
            if not isinstance(block, str) or "/" not in block:
                continue
            for attribute, url in _raw_urls(block):
                if url.startswith("/") and not url.startswith("//"):
                    self.problems.append(RawSitePath(self._line(url), url, attribute == "src"))


def _paragraph_of_its_own(image: ElementTree.Element, parents: dict) -> ElementTree.Element | None:
    """The paragraph that holds nothing but this image (or a link around it alone)."""
    holder = image
    parent = parents.get(image)
    if parent is not None and parent.tag == "a" and _holds_only(parent, image):
        holder, parent = parent, parents.get(parent)
    if parent is not None and parent.tag == "p" and _holds_only(parent, holder):
        return parent
    return None


def _holds_only(parent: ElementTree.Element, child: ElementTree.Element) -> bool:
    return (len(parent) == 1 and not (parent.text or "").strip()
            and not (child.tail or "").strip())


class _RawUrls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.urls += [(name, value.strip()) for name, value in attrs
                      if name in _RAW_URL_ATTRIBUTES and value]


def _raw_urls(html: str) -> list[tuple[str, str]]:
    """(attribute, URL) of every tag in a piece of raw HTML."""
    parser = _RawUrls()
    parser.feed(html)
    parser.close()
    return parser.urls


class _BodyLinkExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API name
        self.processor = _BodyLinks(md)
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
        self._instance = None  # made when the first body is rendered: a build with no
        # body to render never pays for it

    @property
    def _md(self) -> markdown.Markdown:
        if self._instance is None:
            self._setup()
        return self._instance

    @property
    def _links(self) -> _BodyLinkExtension:
        if self._instance is None:
            self._setup()
        return self._link_extension

    def _setup(self) -> None:
        self._link_extension = _BodyLinkExtension()
        self._instance = markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", "abbr", "def_list",
                        "toc", self._link_extension, LinearBracketsExtension()],
            extension_configs={"toc": {"toc_depth": "2-6", "slugify": self._heading_id}},
            output_format="html",
        )

    def _heading_id(self, text: str, separator: str) -> str:
        """A heading's id, kept apart from the ids of the page around the body."""
        slug = slugify(text, separator)
        return f"{slug}{separator}1" if slug in self.reserved_ids else slug

    def render(self, text: str, resolve: Resolver, place: Placer = no_site_paths) -> str:
        """Markdown to safe HTML. `resolve` gives an item's URL, `place` a site path's.
        Raises the MarkupError of the one problem found (UnknownLink, BadLink,
        MissingTarget...), BodyProblems when there are several, or TooSlow."""
        check_body(text)
        processor = self._links.processor
        processor.reset(resolve, place, text)
        self._md.reset()
        try:
            with _time_budget(self.seconds):
                html = self._md.convert(text)
        except _OutOfTime:
            self._setup()  # the interrupted instance may be left half-way
            raise TooSlow(0, f"Markdown took more than {self.seconds:g} s to render this body "
                             "and was stopped (look for long runs of unclosed '[' or other "
                             "unusual syntax)") from None
        problems = _distinct(processor.problems)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise BodyProblems(problems)
        return sanitise(html, self.reserved_ids)


# After the budget, the alarm rings again at this interval until the body's rendering
# is stopped: an exception raised while the interpreter runs a garbage collector's
# callback or a finaliser is printed and dropped, and must not let a body run on.
_RING_AGAIN_SECONDS = 0.01


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime after `seconds`. Only the main thread receives signals:
    elsewhere (and where there is no SIGALRM) only the size limits apply."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    running = [True]

    def expire(signum, frame):
        if running[0]:
            raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, _RING_AGAIN_SECONDS)
    try:
        yield
    finally:
        while True:  # a ring can land here too, before `running` is cleared
            try:
                running[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except _OutOfTime:
                continue
        signal.signal(signal.SIGALRM, previous)


def check_body(text: str) -> None:
    """Refuse bodies that would make Python-Markdown crawl."""
    if len(text) > MAX_BODY_CHARS:
        raise MarkupError(0, f"body is too long ({len(text)} characters; the limit is {MAX_BODY_CHARS})")
    if text.count("[") + text.count("]") + text.count("(") < 200:
        return  # too few brackets for a run of 200: no need to search for one
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


def _distinct(problems: list[MarkupError]) -> list[MarkupError]:
    """One of each (line, message), ordered by line (stable: the text's order)."""
    seen: dict[tuple[int, str], MarkupError] = {}
    for problem in problems:
        seen.setdefault((problem.line_offset, problem.message), problem)
    return sorted(seen.values(), key=lambda problem: problem.line_offset)
