"""Read a raw article — plain text, Markdown or HTML — into its text and what
it says about itself (title, outlet, date, URL). Pure: strings in."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import markdown

from ..load import (ParseError, normalise_text, parse_yaml, remove_control_characters,
                           split_front_matter)
from .words import LANGUAGES

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown")
MAX_HEADLINE = 160


@dataclass(frozen=True)
class RawArticle:
    text: str  # paragraphs separated by blank lines
    title: str = ""
    outlet: str = ""
    published: str = ""  # as written in the article; parsed later
    url: str = ""


def read_article(name: str, data: str) -> RawArticle:
    """Pick the reader by file name, or by content for HTML without a suffix."""
    data = remove_control_characters(normalise_text(data))
    lowered = name.lower()
    if lowered.endswith(HTML_SUFFIXES) or re.match(r"\s*<(!doctype|html)\b", data, re.I):
        return read_html(data)
    if lowered.endswith(MARKDOWN_SUFFIXES):
        return read_markdown(data)
    return read_plain(data)


# Plain text ---------------------------------------------------------------

def _label_pattern(attribute: str) -> re.Pattern:
    labels = sorted({label for words in LANGUAGES.values() for label in getattr(words, attribute)},
                    key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, labels)) + r")\s*:\s*(\S.*?)\s*$",
                      re.I)


SOURCE_LINE = _label_pattern("source_labels")
DATE_LINE = _label_pattern("date_labels")
URL_LINE = re.compile(r"^\s*(?:url|link|ligação)\s*:\s*(https?://\S+)\s*$", re.I)


def read_plain(data: str) -> RawArticle:
    """Plain text: "Source:" / "Fonte:", date and URL lines are taken out of the text;
    a short first line without a full stop is the headline."""
    outlet = published = url = ""
    kept = []
    for line in data.split("\n"):
        if (match := SOURCE_LINE.match(line)) and not outlet:
            outlet = match.group(1)
        elif (match := DATE_LINE.match(line)) and not published:
            published = match.group(1)
        elif (match := URL_LINE.match(line)) and not url:
            url = match.group(1)
        else:
            kept.append(line.strip())
    paragraphs = _paragraphs(kept)
    title = ""
    if len(paragraphs) > 1 and _looks_like_headline(paragraphs[0]):
        title = paragraphs[0]
    return RawArticle("\n\n".join(paragraphs), title, outlet, published, url)


def _paragraphs(lines: list[str]) -> list[str]:
    """One paragraph per line, as wire texts come; wrapped lines in a block join up
    when a line does not end a sentence."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        if current and re.search(r"[.!?»”\"]$", current[-1]):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
    return paragraphs


def _looks_like_headline(line: str) -> bool:
    return len(line) <= MAX_HEADLINE and len(line.split()) >= 2 and not line.endswith((".", ":"))


# Markdown -------------------------------------------------------------------

def read_markdown(data: str) -> RawArticle:
    """Markdown: rendered to HTML and read as such; front matter may give the title,
    date, outlet and URL."""
    meta: dict = {}
    if data.startswith("---\n"):
        try:
            front, data, _ = split_front_matter(data)
            meta, _ = parse_yaml(front)
        except ParseError:
            meta = {}
    article = read_html(markdown.markdown(data))
    given = {key: str(meta.get(name) or "").strip() for key, names in
             {"title": ("title",), "published": ("published", "date"),
              "outlet": ("outlet", "source"), "url": ("url", "link")}.items()
             for name in names if meta.get(name)}
    return replace(article, **given)


# HTML ---------------------------------------------------------------------

class _TextParser(HTMLParser):
    """Collects visible text by block, and the page's own metadata. When the page has
    an <article>, only the text inside it is kept."""

    SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside",
                         "form", "button", "svg", "iframe", "header", "figure", "select"})
    BLOCKS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "br", "tr",
                        "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                        "dd", "dt", "table", "hr", "body"})
    VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, list[str]]] = [(False, [])]
        self.stack: list[str] = []
        self.page_title = ""
        self.headings: list[str] = []  # the text of each <h1>
        self.meta: dict[str, str] = {}

    def inside(self, *tags: str) -> bool:
        return any(tag in self.stack for tag in tags)

    def handle_starttag(self, tag, attrs):
        values = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop")).lower()
            if key and values.get("content"):
                self.meta.setdefault(key, values["content"].strip())
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.meta.setdefault("canonical", values.get("href", "").strip())
        elif tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"].strip())
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "h1":
            self.headings.append("")
        if tag in self.BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in self.stack:  # close it and whatever was left open inside it
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
        if tag in self.BLOCKS:
            self._break()

    def handle_data(self, data):
        if self.inside("title"):
            self.page_title += data
        if self.inside(*self.SKIPPED) or self.inside("title"):
            return
        if self.inside("h1"):
            self.headings[-1] += data
        in_article, parts = self.blocks[-1]
        self.blocks[-1] = (in_article or self.inside("article"), parts + [data])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def _break(self):
        if self.blocks[-1][1]:
            self.blocks.append((False, []))

    def paragraphs(self) -> list[str]:
        blocks = self.blocks
        if any(in_article for in_article, _ in blocks):
            blocks = [b for b in blocks if b[0]]
        texts = (" ".join("".join(parts).split()) for _, parts in blocks)
        return [t for t in texts if t]


def read_html(data: str) -> RawArticle:
    parser = _TextParser()
    parser.feed(data)
    parser.close()
    meta = parser.meta
    headings = [" ".join(h.split()) for h in parser.headings if h.strip()]
    title = meta.get("og:title") or (headings[0] if headings else " ".join(parser.page_title.split()))
    published = (meta.get("article:published_time") or meta.get("datepublished")
                 or meta.get("date") or meta.get("pubdate") or meta.get("time") or "")
    url = meta.get("canonical") or meta.get("og:url") or ""
    return RawArticle("\n\n".join(parser.paragraphs()), title,
                      meta.get("og:site_name", ""), published, url)
