"""What only a browser shows: search, the timeline's filters, accessibility and
weight. The briefing is built once for a project path (with its search index)
and served on 127.0.0.1 under that path; Debian's chromium runs it headless."""
from __future__ import annotations

import gzip
import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bench.corpus import make_corpus, write_briefing
from briefing.engine import BuildOptions, build
from briefing.plan import paging

from .conftest import BIG_PREFIX, THEME
from .conftest import PUBLISHED_PREFIX as PREFIX
from .conftest import REPO
from .pages_server import PagesServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HOME_BUDGET = 50 * 1024  # bytes transferred, gzip-compressed as GitHub Pages serves them

# One page of every type, below an edition's root.
PAGE_TYPES = {
    "home": "",
    "timeline": "timeline/",
    "filtered timeline": "timeline/diplomacy/occurred/",
    "articles": "articles/",
    "article": "articles/tararov-offer/",
    "event": "events/tararov-security-offer/",
    "actors": "actors/",
    "actor": "actors/vladimir-tararov/",
    "places": "places/",
    "place": "places/cabo-delgado/",
    "topic": "topics/security/",
    "figures": "figures/",
    "sources": "sources/",
    "source": "sources/rtp-lusa-2025-10-03/",
    "data": "data/",
    "page": "about/",
    "search results": "search/?q=Tararov",
    "not found": "no-such-page/",
    "months": "updates/",
    "month": None,  # the newest month's page, whichever the content makes
}
EDITIONS = {"en": "", "pt": "pt/"}


@pytest.fixture(scope="module")
def server(published):
    with PagesServer(published[1], PREFIX) as pages:
        yield pages


@pytest.fixture(scope="module")
def root(server) -> str:
    return server.origin + PREFIX


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def result_links(page: Page) -> list[str]:
    page.wait_for_selector("#search-results li")
    return [a.get_attribute("href") for a in page.locator("#search-results h2 a").all()]


def visible_events(page: Page) -> list[str]:
    return page.locator(".timeline-item:visible h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")


# Search ------------------------------------------------------------------------

def test_search_from_the_header_finds_the_ambassador_and_the_article(page, root):
    page.goto(root)
    page.get_by_role("searchbox", name="Search the briefing").fill("Tararov")
    page.keyboard.press("Enter")
    page.wait_for_url(root + "search/?q=Tararov")
    links = result_links(page)
    assert PREFIX + "actors/vladimir-tararov/" in links
    assert PREFIX + "articles/tararov-offer/" in links
    assert page.locator("#search-status").inner_text() == f"Results for “Tararov”: {len(links)}."
    page.locator("#search-results").get_by_role("link", name="Vladimir Tararov", exact=True).click()
    page.wait_for_url(root + "actors/vladimir-tararov/")
    assert page.locator("h1").inner_text() == "Vladimir Tararov"


def test_search_results_narrow_by_type_and_by_topic(page, root, published):
    result, _ = published
    topics_of = {PREFIX + p.url: p.search.topics for p in result.pages if p.search}
    page.goto(root + "search/?q=Tararov")
    everything = result_links(page)
    page.get_by_text("Narrow the results").click()

    page.get_by_role("checkbox", name="Articles").check()
    page.wait_for_url(root + "search/?q=Tararov&type=article")
    expect_links(page, [PREFIX + "articles/tararov-offer/"])

    page.get_by_role("checkbox", name="Articles").uncheck()
    page.get_by_role("checkbox", name="Economy").check()
    page.wait_for_url(root + "search/?q=Tararov&topic=economy")
    narrowed = wait_for_change(page, everything)
    assert narrowed and set(narrowed) < set(everything)
    assert all("economy" in topics_of[link] for link in narrowed)
    assert {link for link in everything if "economy" in topics_of[link]} == set(narrowed)


def expect_links(page: Page, expected: list[str]) -> None:
    page.wait_for_function(
        "expected => JSON.stringify([...document.querySelectorAll('#search-results h2 a')]"
        ".map(a => a.getAttribute('href'))) === JSON.stringify(expected)", arg=expected)


def wait_for_change(page: Page, before: list[str]) -> list[str]:
    page.wait_for_function(
        "before => document.querySelectorAll('#search-results h2 a').length !== before",
        arg=len(before))
    return result_links(page)


def test_each_edition_searches_its_own_language(page, root):
    page.goto(root + "pt/search/?q=embaixador")
    links = result_links(page)
    assert PREFIX + "pt/actors/vladimir-tararov/" in links
    assert all(link.startswith(PREFIX + "pt/") for link in links)
    assert page.locator("#search-status").inner_text().startswith("Resultados para «embaixador»")
    page.goto(root + "search/?q=embaixador")  # the English edition has only its own pages
    expect(page.locator("#search-status")).to_have_text(re.compile("^Results for “embaixador”"))
    assert not [link for link in result_links(page) if link.startswith(PREFIX + "pt/")]
    page.goto(root + "search/?q=zzyzx")
    expect(page.locator("#search-status")).to_have_text(re.compile("^No results for “zzyzx”"))
    assert page.locator("#search-results li").count() == 0


# The timeline's filters ---------------------------------------------------------------

def test_a_topic_filter_narrows_the_timeline_without_a_page_load(page, root, published):
    events = published[0].site.events
    page.goto(root + "timeline/")
    everything = visible_events(page)
    assert len(everything) == len(events)
    page.evaluate("window.sameDocument = true")

    page.locator(".filters").get_by_role("link", name=re.compile("^Economy")).click()
    page.wait_for_url(root + "timeline/economy/")
    assert page.evaluate("window.sameDocument") is True
    narrowed = visible_events(page)
    economy = [PREFIX + f"events/{e.id}/" for e in events.values() if "economy" in e.topics]
    assert sorted(narrowed) == sorted(economy) and 0 < len(narrowed) < len(everything)
    assert page.title().startswith("Timeline: Economy")
    assert page.locator("#timeline-shown").inner_text() == \
        f"Events shown: {len(narrowed)} of {len(everything)}."
    current = page.locator(".filters a[aria-current='page']").all_inner_texts()
    shown = len(narrowed)
    assert current == [f"Economy ({shown})", f"Any status ({shown})", f"All years ({shown})"]

    page.locator(".filters").get_by_role("link", name=re.compile("^2025")).click()
    page.wait_for_url(root + "timeline/economy/2025/")
    assert page.evaluate("window.sameDocument") is True
    in_2025 = visible_events(page)

    assert axe(page, {"type": "tag", "values": AXE_TAGS}) == []  # the filters as the script left them

    page.reload()  # the address shown is a page that exists and lists the same events
    assert visible_events(page) == in_2025
    page.go_back()  # to an entry the full timeline pushed: the filter page loads its own page
    expect(page.locator(".timeline-item:visible")).to_have_count(len(narrowed))
    assert visible_events(page) == narrowed


def test_without_javascript_the_filters_are_links_to_pages(browser, root):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(root + "pt/timeline/")
    page.locator(".filters").get_by_role("link", name=re.compile("^Segurança")).click()
    page.wait_for_url(root + "pt/timeline/security/")
    page.locator(".filters").get_by_role("link", name=re.compile("^Ocorrido")).click()
    page.wait_for_url(root + "pt/timeline/security/occurred/")
    assert page.locator("h1").inner_text() == "Cronologia: Segurança, Ocorrido"
    statuses = page.locator(".timeline-item .badge").all_text_contents()
    assert statuses and set(statuses) == {"Ocorrido"}
    context.close()


# A briefing whose listings are split into pages (plan/paging.py) ---------------------

# A generated briefing whose listings split above 20 entries into pages of 10: the
# pages of a big briefing's listings (tests/test_listings.py), with fewer entries each.
SPLIT_ITEMS, SPLIT_ABOVE, PAGE_SIZE = 150, 20, 10


@pytest.fixture(scope="module")
def split_briefing(tmp_path_factory):
    """(BuildResult, output folder) of that briefing, published under BIG_PREFIX."""
    folder = tmp_path_factory.mktemp("split-briefing")
    write_briefing(make_corpus(SPLIT_ITEMS), folder / "briefing")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "SPLIT_ABOVE", SPLIT_ABOVE)
        patch.setattr(paging, "PAGE_SIZE", PAGE_SIZE)
        result = build(BuildOptions(root=folder / "briefing", theme=THEME, output=folder / "site",
                                    cache=False, search=False))
    return result, folder / "site"


@pytest.fixture(scope="module")
def big_root(split_briefing):
    with PagesServer(split_briefing[1], BIG_PREFIX) as pages:
        yield pages.origin + BIG_PREFIX


def test_on_a_timeline_split_into_pages_the_filters_load_their_pages(page, big_root, split_briefing):
    events = split_briefing[0].site.events
    page.goto(big_root + "timeline/")
    assert page.locator(".timeline-item:visible").count() == PAGE_SIZE < len(events)
    page.evaluate("window.sameDocument = true")

    page.locator(".filters").get_by_role("link", name=re.compile("^Economy")).click()
    page.wait_for_url(big_root + "timeline/economy/")
    assert page.evaluate("window.sameDocument") is None  # its own page was loaded
    topics = page.locator(".timeline-item:visible").evaluate_all("items => items.map(i => i.dataset.topic)")
    assert len(topics) == PAGE_SIZE and all("economy" in t.split() for t in topics)
    first_page = visible_events(page)

    page.locator(".pager").get_by_role("link", name="Next page").click()
    page.wait_for_url(big_root + "timeline/economy/page/2/")
    assert page.title().startswith("Timeline: Economy (page 2 of ")
    second_page = visible_events(page)
    assert second_page and not set(second_page) & set(first_page)
    page.locator(".filters").get_by_role("link", name=re.compile("^Occurred")).click()
    page.wait_for_url(big_root + "timeline/economy/occurred/")  # a filter leads to its first page
    page.go_back()
    page.wait_for_url(big_root + "timeline/economy/page/2/")
    assert visible_events(page) == second_page


SPLIT_PAGES = ["timeline/", "timeline/page/2/", "articles/page/2/", "topics/security/",
               "topics/security/page/2/", "sources/", "sources/source-001/"]


@pytest.mark.parametrize("path", SPLIT_PAGES)
def test_the_pages_of_a_split_listing_pass_axe_in_light_and_dark(axe_page, big_root, path):
    page = axe_page
    page.emulate_media(color_scheme="light")
    page.goto(big_root + path)
    assert axe(page, {"type": "tag", "values": AXE_TAGS}) == []
    assert page.locator("h1").count() == 1
    page.emulate_media(color_scheme="dark")
    assert axe(page, {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}) == []


# Accessibility -------------------------------------------------------------------------

def open_page(page: Page, url: str) -> None:
    page.goto(url)
    if "search/?q=" in url:
        result_links(page)


def axe(page: Page, only: dict) -> list[str]:
    """Every violation axe-core finds on the page: 'rule: element: help'."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        assert AXE.is_file(), "axe-core is missing: make test installs it into node_modules/"
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async only => (await axe.run(document, {runOnly: only}))
             .violations.flatMap(v => v.nodes.map(n => `${v.id}: ${n.target.join(' ')}: ${v.help}`))""",
        only)


@pytest.fixture(scope="module")
def axe_page(browser) -> Page:
    context = browser.new_context()
    yield context.new_page()
    context.close()


# The 404 page is one file for the whole site, in the default language.
@pytest.mark.parametrize("kind, edition", [(kind, edition) for kind in PAGE_TYPES for edition in EDITIONS
                                           if kind != "not found" or edition == "en"])
def test_every_page_type_passes_axe_in_light_and_dark(axe_page, root, published, kind, edition):
    page = axe_page
    page.emulate_media(color_scheme="light")
    path = PAGE_TYPES[kind] if PAGE_TYPES[kind] is not None else newest_month(published[0])
    open_page(page, root + EDITIONS[edition] + path)
    assert axe(page, {"type": "tag", "values": AXE_TAGS}) == []
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == edition
    page.emulate_media(color_scheme="dark")  # the stylesheet's other colours
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    assert axe(page, {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}) == []


def newest_month(result) -> str:
    """The path of the newest month's page in the default edition."""
    months = sorted(p.path for p in result.pages
                    if p.template == "month.html" and not p.prefix)
    assert months, "the briefing has no month page"
    return months[-1]


def test_axe_finds_what_it_should_here(axe_page, root):
    """The harness itself: a faint paragraph and an unlabelled field are reported."""
    page = axe_page
    page.emulate_media(color_scheme="light")
    page.goto(root + "about/")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<p style="color:#ccc">faint</p><input type="text">')""")
    rules = {line.split(":")[0] for line in axe(page, {"type": "tag", "values": AXE_TAGS})}
    assert rules == {"color-contrast", "label"}


def test_status_badges_carry_words_not_only_colour(page, root):
    page.goto(root + "timeline/")
    words = [badge.text_content().strip() for badge in page.locator(".badge").all()]
    assert len(words) == page.locator(".timeline-item").count() > 0  # one badge per event
    assert set(words) <= {"Occurred", "Announced", "Cancelled"}
    assert {"Occurred", "Announced"} <= set(words)  # the briefing has both kinds


def test_dates_are_machine_readable(page, root):
    page.goto(root)
    times = page.locator("main time").all()
    assert times
    for time in times:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time.get_attribute("datetime"))


# Keyboard --------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {tag: el.tagName, href: el.getAttribute('href') || '', text: el.textContent.trim(),
          inMain: !!el.closest('main'), outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth),
          // A map's mark shows focus on its own shape: a thicker stroke, no outline.
          markStroke: el.classList.contains('map-mark')
            ? parseFloat(getComputedStyle(el.querySelector('.mark, .mark-area')).strokeWidth) : 0,
          onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0};
}"""


def test_the_keyboard_alone_reaches_and_opens_an_article(page, root):
    page.goto(root)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert (skip["text"], skip["href"]) == ("Skip to content", "#main") and skip["onScreen"]
    page.keyboard.press("Enter")
    for _ in range(150):  # past the strip of trends and the key figures
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["inMain"], f"the skip link led to {focused}"
        assert focused["onScreen"] and (
            focused["outline"] != "none" and focused["outlineWidth"] >= 2
            or focused["markStroke"] >= 4), f"no visible focus on {focused}"
        if re.search(r"/articles/[^/]+/$", focused["href"]):
            break
    else:
        pytest.fail("no article link reached by Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(root + focused["href"][len(PREFIX):])
    assert page.locator("h1").inner_text() == focused["text"]


# Light -----------------------------------------------------------------------------------

def test_home_page_is_light_and_loads_nothing_from_other_hosts(page, server, root):
    requested, responses = [], []
    page.on("request", lambda request: requested.append(request))
    page.on("response", lambda response: responses.append(response))
    page.goto(root, wait_until="load")
    assert requested and all(r.url.startswith(server.origin + PREFIX) for r in requested)
    assert not [r for r in requested if r.resource_type in ("font", "script")]
    transferred = sum(len(gzip.compress(response.body())) for response in responses)
    assert transferred <= HOME_BUDGET, f"{transferred} bytes"



# The front page and the menu ---------------------------------------------------------

def test_on_a_phone_the_sections_fold_into_one_menu_that_opens_without_script(browser, root):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(root)
    assert not page.locator(".menu-full").is_visible()
    menu = page.locator(".menu-compact")
    assert menu.is_visible() and not menu.locator("a").first.is_visible()
    menu.locator("summary").click()
    links = menu.locator("a")
    assert links.first.is_visible() and links.count() == page.locator(".menu-full a").count()
    context.close()


def test_on_a_wide_screen_the_front_page_puts_the_assessment_beside_the_map(browser, root):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(root)
    assert not page.locator(".menu-compact").is_visible() and page.locator(".menu-full").is_visible()
    first = page.locator(".home-first")
    main_box = first.locator(".home-main").bounding_box()
    side_box = first.locator(".home-side").bounding_box()
    assert side_box["x"] > main_box["x"] + main_box["width"] - 1  # two columns, side by side
    assert first.locator(".home-side svg.map-svg").first.bounding_box()["y"] < 800  # first screen
    context.close()


# A new organisation's briefing ----------------------------------------------------

NEW_BRAND = """brand:
  organisation: Horn Policy Forum
  logo: img/logo.svg
  accent: "#8a1538"
"""
NEW_MONTH = """---
title: Talks resume
trends:
  {topic}:
    trend: deteriorated
    why: Clashes were reported in two districts.
---
The month in brief.
"""


def test_a_new_branded_briefing_opens_with_the_assessment_figures_and_map(browser, tmp_path):
    """Issue 26's test: `briefing new`, a logo and an accent in site.yaml, a month's
    assessment and a key figure as an editor writes them; at 1280 px the first
    screen holds the assessment strip, the key figures and the map, with the logo."""
    from briefing.cli import main
    root = tmp_path / "horn"
    assert main(["new", str(root), "--country", "SO"]) == 0
    with (root / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(NEW_BRAND)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" '
        'height="32" fill="#8a1538"/></svg>')
    figure = root / "content" / "figures" / "example-figure.yaml"
    figure.write_text(figure.read_text().replace("status: unverified", "status: confirmed")
                      .replace("key: false", "key: true"))
    month = re.search(r"as_of: (\d{4}-\d{2})", figure.read_text()).group(1)
    (root / "content" / "months").mkdir(exist_ok=True)
    (root / "content" / "months" / f"{month}.md").write_text(NEW_MONTH.format(topic="security"))
    output = tmp_path / "site"
    assert main(["build", "--root", str(root), "--output", str(output), "--no-search"]) == 0
    with PagesServer(output, "/horn/") as pages:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(pages.origin + "/horn/")
        assert page.locator(".site-title img.site-logo").is_visible()
        for selector in (".trend-strip", ".key-figures", ".home-side svg.map-svg"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["y"] < 800, selector  # on the first screen
        context.close()
