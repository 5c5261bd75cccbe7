"""A body's Markdown tree, checked and rewritten as it is made: item links resolved,
site paths placed, images checked and given their figure. The Python-Markdown
parts of the renderer, imported when the first body is rendered (markup.py), so
that a build with no body to render never imports Markdown."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.treeprocessors import Treeprocessor

from .link_brackets import LinearBracketsExtension
from .markup_errors import (LINK_KINDS, BadLink, CreditNotAlone, MarkupError, MissingTarget,
                            NoAltText, Placer, RawSitePath, RelativePath, Resolver, UnknownLink,
                            no_site_paths)

_CROSS_REF = re.compile(r"^(%s):([^#\s]*)(#[\w-]*)?$" % "|".join(LINK_KINDS))
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_LINK_SCHEMES = ("http", "https", "mailto")
# Attributes of raw HTML that hold a URL the sanitiser may keep.
_RAW_URL_ATTRIBUTES = ("href", "src", "cite")


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


def new_markdown(heading_id) -> tuple[markdown.Markdown, _BodyLinkExtension]:
    """A Markdown instance with Briefing's extensions, and its link checker. `heading_id`:
    (text, separator) -> a heading's id, given Markdown's slug of it (`slug`)."""
    links = _BodyLinkExtension()
    instance = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "abbr", "def_list",
                    "toc", links, LinearBracketsExtension()],
        extension_configs={"toc": {"toc_depth": "2-6",
                                   "slugify": lambda text, separator: heading_id(
                                       slugify(text, separator), separator)}},
        output_format="html",
    )
    return instance, links
