"""Python-Markdown's link and image parsing, without its rescan of the paragraph.

To find where a link's text ends, Python-Markdown (3.11) computes the closing
bracket of every position of the paragraph, in a Python loop over each character,
and does it again for every link: each link it replaces changes the paragraph's
text. A paragraph of many links costs the square of its length (profiled: the
most expensive function of a cold build of the generated benchmark corpus).

Here the same answer is computed over the brackets alone: one regular-expression
scan in C, and a Python step per bracket. The HTML is the same byte for byte
(tests/test_markup.py compares the two on generated text).
"""
from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import (IMAGE_LINK_RE, IMAGE_REFERENCE_RE, LINK_RE, REFERENCE_RE,
                                     ImageInlineProcessor, ImageReferenceInlineProcessor,
                                     LinkInlineProcessor, ReferenceInlineProcessor,
                                     ShortImageReferenceInlineProcessor,
                                     ShortReferenceInlineProcessor)

_BRACKET = re.compile(r"[\[\]]")


def closing_brackets(data: str) -> dict[int, int]:
    """For the position just after each '[' of `data`, the position just after the ']'
    that closes it; a bracket that never closes is left out."""
    ends: dict[int, int] = {}
    open_after: list[int] = []
    for match in _BRACKET.finditer(data):
        if match[0] == "[":
            open_after.append(match.end())
        elif open_after:
            ends[open_after.pop()] = match.end()
    return ends


class _LinearBrackets:
    """`getText` of Python-Markdown's link processors, from `closing_brackets`."""

    _linear_data: str | None = None
    _linear_ends: dict[int, int] = {}

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        if index == 0 or data[index - 1] != "[":  # not just after a bracket: as Markdown does
            return super().getText(data, index)  # type: ignore[misc]
        if self._linear_data is not data:
            self._linear_data, self._linear_ends = data, closing_brackets(data)
        end = self._linear_ends.get(index)
        if end is None:
            return data[index:], len(data), False
        return data[index:end - 1], end, True


class _Link(_LinearBrackets, LinkInlineProcessor):
    pass


class _Reference(_LinearBrackets, ReferenceInlineProcessor):
    pass


class _Image(_LinearBrackets, ImageInlineProcessor):
    pass


class _ImageReference(_LinearBrackets, ImageReferenceInlineProcessor):
    pass


class _ShortReference(_LinearBrackets, ShortReferenceInlineProcessor):
    pass


class _ShortImageReference(_LinearBrackets, ShortImageReferenceInlineProcessor):
    pass


# Each of Markdown's own link processors, under its name, pattern and priority.
_PROCESSORS = (
    (_Reference, REFERENCE_RE, "reference", 170),
    (_Link, LINK_RE, "link", 160),
    (_Image, IMAGE_LINK_RE, "image_link", 150),
    (_ImageReference, IMAGE_REFERENCE_RE, "image_reference", 140),
    (_ShortReference, REFERENCE_RE, "short_reference", 130),
    (_ShortImageReference, IMAGE_REFERENCE_RE, "short_image_ref", 125),
)


class LinearBracketsExtension(Extension):
    """Replaces Markdown's link and image processors with the ones above."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API name
        for processor, pattern, name, priority in _PROCESSORS:
            if name in md.inlinePatterns:
                md.inlinePatterns.register(processor(pattern, md), name, priority)
