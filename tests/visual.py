"""Reference pictures of the look: six kinds of page of the golden briefing, at phone
and desktop width, light and dark, as Debian's chromium draws their first screen.

A change to how pages look is a change someone reviewed: `make visual`
(`python -m tests.visual regenerate`) draws them again into tests/visual/, and the
new pictures are looked at and committed with the change. tests/test_visual.py
compares each page with its picture within a small tolerance for anti-aliasing.
"""
from __future__ import annotations

import io
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageChops

from briefing.engine import BuildOptions, build

from .pages_server import PagesServer

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "golden"
PICTURES = REPO / "tests" / "visual"
PREFIX = "/testland/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--font-render-hinting=none"]

PAGES = {"home": "", "topic": "topics/security/", "event": "events/port-talks/",
         "month": "updates/2025-02/", "place": "places/port-city/", "timeline": "timeline/"}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SCHEMES = ("light", "dark")

# Two pictures match when at most this share of their pixels differ by more than
# DIFFERENT in a channel: room for anti-aliasing, none for a moved or recoloured box.
DIFFERENT = 48
TOLERANCE = 0.004


def picture_names() -> list[tuple[str, str, str, str]]:
    """(file name, page path, size, scheme) for every reference picture."""
    return [(f"{page}-{size}-{scheme}.png", path, size, scheme)
            for page, path in PAGES.items() for size in SIZES for scheme in SCHEMES]


@contextmanager
def served_golden():
    """The golden briefing built under PREFIX and served on 127.0.0.1 as GitHub Pages
    serves it: its base URL."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        with PagesServer(site, PREFIX) as pages:
            build(BuildOptions(root=FIXTURE, theme=REPO, output=site, base_url=pages.origin + PREFIX,
                               search=False, cache=False))
            yield pages.origin + PREFIX


def draw_all(base: str) -> dict[str, bytes]:
    """Every reference picture as chromium draws it now, by file name: each page is
    loaded once per size and drawn in each scheme (the stylesheet's media query
    follows the emulated scheme without a reload)."""
    from playwright.sync_api import sync_playwright
    drawn = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for page_name, path in PAGES.items():
                for size, (width, height) in SIZES.items():
                    page = browser.new_page(viewport={"width": width, "height": height},
                                            color_scheme=SCHEMES[0], device_scale_factor=1,
                                            reduced_motion="reduce")
                    page.goto(base + path, wait_until="load")
                    for scheme in SCHEMES:
                        page.emulate_media(color_scheme=scheme)
                        page.evaluate("document.fonts.ready")
                        drawn[f"{page_name}-{size}-{scheme}.png"] = page.screenshot(
                            animations="disabled", caret="hide")
                    page.close()
        finally:
            browser.close()
    assert set(drawn) == {name for name, *_ in picture_names()}
    return drawn


def difference(reference: bytes, drawn: bytes) -> float:
    """The share of pixels that differ by more than DIFFERENT in some channel (1.0 when
    the sizes differ)."""
    first = Image.open(io.BytesIO(reference)).convert("RGB")
    second = Image.open(io.BytesIO(drawn)).convert("RGB")
    if first.size != second.size:
        return 1.0
    changed = ImageChops.difference(first, second).convert("L").point(
        lambda value: 255 if value > DIFFERENT else 0)
    return changed.histogram()[255] / (first.size[0] * first.size[1])


def regenerate() -> None:
    with served_golden() as base:
        drawn = draw_all(base)
    shutil.rmtree(PICTURES, ignore_errors=True)
    PICTURES.mkdir(parents=True)
    for name, data in drawn.items():
        (PICTURES / name).write_bytes(data)
    print(f"drew {len(drawn)} pictures into {PICTURES.relative_to(REPO)}: look at each "
          "before committing them")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.visual regenerate")
    regenerate()
