"""Markdown bodies to sanitised HTML, with their links and images resolved and checked.

A body's links and images are checked as it is rendered: an item link
(`event:x`) is resolved, a site path (`/timeline/`, `/static/img/x.png`) is
placed under the base path by the caller (or refused when the build makes
nothing there), an image needs alt text, and an image standing alone in its
paragraph becomes a <figure>, its Markdown title the credit in <figcaption>.
"""
from __future__ import annotations

import functools
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .markup_errors import (LINK_KINDS, BadLink, BodyProblems, CreditNotAlone, MarkupError,
                            MissingTarget, NoAltText, Placer, RawSitePath, RelativePath, Resolver,
                            TooSlow, UnknownLink, each_problem, no_site_paths)

# The errors are this module's too: what rendering a body raises.
__all__ = ["LINK_KINDS", "BadLink", "BodyProblems", "CreditNotAlone", "MarkdownRenderer",
           "MarkupError", "MissingTarget", "NoAltText", "Placer", "RawSitePath", "RelativePath",
           "Resolver", "TooSlow", "UnknownLink", "check_body", "each_problem", "no_site_paths",
           "sanitise"]

if TYPE_CHECKING:
    from markdown import Markdown

DEFAULT_SECONDS = 5.0
MAX_BODY_CHARS = 200_000
_BRACKET_RUN = re.compile(r"[\[\]]{200,}|(?:[\[(]\s*){200,}")
_URL_SCHEMES = {"http", "https", "mailto"}


@functools.cache
def _allowed() -> tuple[set, dict]:
    """The sanitiser's allow-list: ammonia's safe defaults (figure and figcaption among
    them), plus heading anchors and lazy loading for images: (tags, attributes)."""
    import nh3
    attributes = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in ("h2", "h3", "h4", "h5", "h6"):
        attributes.setdefault(tag, set()).add("id")
    attributes.setdefault("img", set()).add("loading")
    return set(nh3.ALLOWED_TAGS) - {"h1"}, attributes


class _OutOfTime(Exception):
    pass


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
    def _md(self) -> Markdown:
        if self._instance is None:
            self._setup()
        return self._instance

    @property
    def _links(self):
        if self._instance is None:
            self._setup()
        return self._link_extension

    def _setup(self) -> None:
        from .body_tree import new_markdown  # Markdown is imported by the first body rendered
        self._instance, self._link_extension = new_markdown(self._heading_id)

    def _heading_id(self, slug: str, separator: str) -> str:
        """A heading's id (Markdown's slug of its text), kept apart from the ids of the
        page around the body."""
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
    import nh3

    def keep(tag: str, attribute: str, value: str) -> str | None:
        return None if attribute == "id" and value in reserved_ids else value
    tags, attributes = _allowed()
    return nh3.clean(html, tags=tags, attributes=attributes, url_schemes=_URL_SCHEMES,
                     link_rel=None, strip_comments=True,
                     attribute_filter=keep if reserved_ids else None)


def _distinct(problems: list[MarkupError]) -> list[MarkupError]:
    """One of each (line, message), ordered by line (stable: the text's order)."""
    seen: dict[tuple[int, str], MarkupError] = {}
    for problem in problems:
        seen.setdefault((problem.line_offset, problem.message), problem)
    return sorted(seen.values(), key=lambda problem: problem.line_offset)
