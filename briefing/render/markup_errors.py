"""What can be wrong with a body, each with the line it is on: the errors the
Markdown renderer (markup.py) and its tree processor (body_tree.py) raise and collect."""
from __future__ import annotations

import re
from collections.abc import Callable

LINK_KINDS = ("article", "event", "actor", "place", "topic", "source", "page")

Resolver = Callable[[str, str], "str | None"]
# A site path as written ('/timeline/#2025') -> its URL under the base path, or None
# when the build makes nothing there.
Placer = Callable[[str], "str | None"]


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
