"""In Debian's chromium: the home page's map and chart are drawn, legible and
kept in print; the map's places can be reached with the keyboard."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from .conftest import PUBLISHED_PREFIX, THEME
from .pages_server import PagesServer

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def home_url(published):
    """The real briefing, served from 127.0.0.1 only under its project path."""
    with PagesServer(published[1], PUBLISHED_PREFIX) as pages:
        yield pages.origin + PUBLISHED_PREFIX


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def home(browser, home_url):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(home_url)
    yield page
    page.close()
    assert all(url.startswith(home_url) for url in requests), requests  # no other host


def colours(png: bytes) -> set:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20)}


def assert_drawn(page, selector: str, expected_colours: list[tuple[int, int, int]]):
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100, (selector, box)
    seen = colours(element.screenshot())
    assert len(seen) > 20, selector  # lines, text and fills, not a blank box
    for colour in expected_colours:
        assert colour in seen, (selector, colour)


SEA, ACCENT = (0xdc, 0xeb, 0xf5), (0x0b, 0x5c, 0xad)


def test_map_and_chart_are_visible_on_the_home_page(home):
    assert_drawn(home, "svg.map-svg", [SEA, ACCENT])
    assert_drawn(home, ".key-figures svg.chart-svg", [ACCENT])
    # The home map is the newest month's: its places' names are drawn and visible.
    labels = home.locator("svg.map-svg text.mark-label")
    assert labels.count() >= 1 and labels.first.is_visible()


@pytest.fixture
def security(browser, home_url):
    """The security topic's page, whose map marks every place its items name."""
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    page.goto(home_url + "topics/security/")
    yield page
    page.close()


def test_map_and_chart_are_kept_in_print(home):
    home.emulate_media(media="print")
    for selector in ("svg.map-svg", ".key-figures svg.chart-svg"):
        box = home.locator(selector).first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, selector
    pdf = home.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_places_on_the_map_take_keyboard_focus(security):
    marks = security.locator("svg.map-svg a.map-mark:not([tabindex='-1'])")
    assert marks.count() == 13  # the places the topic's items name inside the map's frame
    pemba = security.locator("svg.map-svg a[aria-label='Pemba (disputed)']")
    pemba.focus()
    assert security.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Pemba (disputed)"
    security.keyboard.press("Enter")
    security.wait_for_url("**/places/pemba/")
    assert security.locator("h1").inner_text() == "Pemba"


def test_forty_places_names_do_not_overlap_as_chromium_draws_them(browser):
    """The placement's widths are an estimate; here the browser's own glyph
    boxes of the forty towns' names must not touch each other or any mark."""
    from briefing.plan.contexts import MapMark
    from briefing.render.maps import draw_map

    from .test_maps import MAP, forty_towns, href

    drawn = draw_map(MAP, [MapMark(p) for p in forty_towns()], href)
    css = (THEME / "static" / "css" / "site.css").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_content(f"<!doctype html><html lang='en'><head><title>Map</title><style>{css}</style>"
                     f"</head><body><figure class='locator-map'><div class='map-frame'>{drawn.svg}"
                     f"</div><div class='map-frame'>{drawn.inset}</div></figure></body></html>")
    sheets = page.evaluate("""() => [...document.querySelectorAll('svg.map-svg')].map(svg => ({
        labels: [...svg.querySelectorAll('text.mark-label')].map(t => {
            const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height]; }),
        marks: [...svg.querySelectorAll('circle.mark')].map(c => {
            const b = c.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })}))""")
    page.close()
    # Names stay in their own division: those by the Niassa and Nampula borders are
    # numbered (tests/test_maps.py's forty towns).
    assert len(sheets) == 2 and sum(len(s["labels"]) for s in sheets) >= 15
    for sheet in sheets:
        labels = sheet["labels"]
        for i, (name, *box) in enumerate(labels):
            for other, *box2 in labels[i + 1:]:
                assert not overlaps(box, box2), (name, other)
            for mark in sheet["marks"]:
                assert not overlaps(box, mark), (name, mark)


def overlaps(a, b, slack: float = 0.5) -> bool:
    """Whether two boxes overlap by more than the slack (rounding of the spots)."""
    return (a[0] + slack < b[2] and b[0] + slack < a[2]
            and a[1] + slack < b[3] and b[1] + slack < a[3])
