"""Script in a static file: what the briefing's static/ may not publish.

An SVG or HTML file in static/ is served from the briefing's own address, so a
script in it runs with the site's authority (and an SVG opened directly runs its
scripts). Such files are refused at their path rather than rewritten: the editor
sees what to remove, and what is published is byte for byte the file they made.
"""
from __future__ import annotations

from html.parser import HTMLParser

# Files a browser runs script in when opened from the site.
ACTIVE_SUFFIXES = (".svg", ".html", ".htm", ".xhtml", ".xml")
_URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "data"}
_SCRIPT_TAGS = {"script", "iframe", "object", "embed", "foreignobject", "handler"}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: tuple[int, str] | None = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag: str, attrs) -> None:
        if self.found is not None:
            return
        line = self.getpos()[0]
        if tag.lower() in _SCRIPT_TAGS:
            self.found = (line, f"a <{tag}> element")
            return
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.found = (line, f"an event handler ({name}=) on <{tag}>")
                return
            url = "".join((value or "").split()).lower()
            if name in _URL_ATTRIBUTES and url.startswith(("javascript:", "data:text/html",
                                                           "vbscript:")):
                self.found = (line, f"a script URL in {name}= on <{tag}>")
                return


def active_content(data: bytes) -> tuple[int, str] | None:
    """(line, what) of the first script, event handler or script URL in an SVG or HTML
    file; None if it has none."""
    finder = _Finder()
    finder.feed(data.decode("utf-8", "replace"))
    finder.close()
    return finder.found
