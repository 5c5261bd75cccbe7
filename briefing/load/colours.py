"""Colours a briefing chooses, held to WCAG 2's contrast for text (AA: 4.5:1).

A brand's accent colours the links: it must read on the page, in light and in
dark. Where it does not, the nearest colour that does is the same hue and
saturation made darker (on light) or lighter (on dark), step by step.
"""
from __future__ import annotations

import colorsys
import re

HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
AA_TEXT = 4.5
LIGHT_PAGE = "#ffffff"  # the theme's --bg, light and dark (static/css/site.css)
DARK_PAGE = "#15191e"


def parse(colour: str) -> tuple[float, float, float] | None:
    """(r, g, b) in 0..1 from '#rgb' or '#rrggbb', or None."""
    if not HEX.fullmatch(colour or ""):
        return None
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))


def as_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2's relative luminance."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(parse(a)), luminance(parse(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def nearest_passing(colour: str, page: str, ratio: float = AA_TEXT) -> str:
    """The colour of the same hue and saturation, darker or lighter (away from the
    page), nearest in lightness to the one given that reaches the ratio on the page."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*parse(colour))
    darker = luminance(parse(page)) > 0.5
    for step in range(0, 101):
        shifted = lightness - step / 100 if darker else lightness + step / 100
        candidate = as_hex(colorsys.hls_to_rgb(hue, min(max(shifted, 0.0), 1.0), saturation))
        if contrast(candidate, page) >= ratio:
            return candidate
    return "#000000" if darker else "#ffffff"
