"""Site paths and images in Markdown bodies: placed under the base path and in the
reader's edition, checked against what the build makes, images shown with their
credit. (String-level cases are in test_markup.py; refusals in the invalid fixtures.)"""
from __future__ import annotations

import shutil

import pytest
from selectolax.lexbor import LexborHTMLParser

from briefing.commands.check import check_site
from briefing.engine import BuildOptions
from briefing.plan.urls import closest_site_path, site_path_target

from .conftest import FIXTURES, PUBLISHED_BASE_URL, PUBLISHED_PREFIX, copy_theme, render

MADE = frozenset({"", "timeline/", "timeline/index.html", "about/", "pt/", "pt/timeline/",
                  "feed.xml", "pt/feed.xml", "404.html", "data/events.csv",
                  "static/img/harbour.svg", "static/favicon.svg"})


@pytest.mark.parametrize("path, prefix, target", [
    ("timeline/", "", "timeline/"),
    ("timeline/", "pt/", "pt/timeline/"),  # the reader's edition when it has the page
    ("about/", "pt/", "about/"),  # else the page as written
    ("timeline", "", "timeline/"),
    ("timeline", "pt/", "pt/timeline/"),
    ("timeline/index.html", "", "timeline/index.html"),
    ("", "", ""),
    ("", "pt/", "pt/"),
    ("pt/timeline/", "", "pt/timeline/"),  # an edition named is kept
    ("pt/timeline/", "pt/", "pt/timeline/"),
    ("feed.xml", "pt/", "pt/feed.xml"),
    ("404.html", "pt/", "404.html"),
    ("data/events.csv", "pt/", "data/events.csv"),
    ("static/img/harbour.svg", "pt/", "static/img/harbour.svg"),
    ("timline/", "", None),
    ("static/img/harbor.svg", "", None),
    ("static/img/", "", None),
])
def test_where_a_site_path_leads(path, prefix, target):
    assert site_path_target(path, prefix, MADE) == target


@pytest.mark.parametrize("path, close", [
    ("timline/", "timeline/"),
    ("static/img/harbor.svg", "static/img/harbour.svg"),
    ("img/harbour.svg", "static/img/harbour.svg"),  # the same name in another folder
    ("briefing-mz/timeline/", "timeline/"),  # the base path written in
    ("static/img/delegation.jpg", None),  # nothing close in its folder
    ("static/img/favicon.png", None),  # close names in other folders are not offered
])
def test_the_closest_path_the_build_makes(path, close):
    assert closest_site_path(path, MADE) == close


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20"/></svg>\n'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The golden briefing with an image and site paths in its bodies, built for a
    GitHub Pages project path."""
    root = tmp_path_factory.mktemp("body-links") / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    copy_theme(root)
    (root / "static" / "img").mkdir()
    (root / "static" / "img" / "harbour.svg").write_text(SVG)
    (root / "static" / "img" / "port city.svg").write_text(SVG)
    article = root / "content" / "articles" / "port-deal.md"
    article.write_text(article.read_text() + (
        "\nEvery date is on [the timeline](/timeline/) ([as data](/data/events.csv),"
        " [the Portuguese timeline](/pt/timeline/), [the filters](/timeline#timeline-filters)).\n\n"
        '![The harbour of Port City at dawn](/static/img/harbour.svg "Drawing: Testland Briefing, CC0")\n\n'
        "A ![map pin](/static/img/port%20city.svg) marks the city.\n"))
    translation = root / "content" / "articles" / "port-deal.pt.md"
    translation.write_text(translation.read_text() + (
        "\nTodas as datas estão [na cronologia](/timeline/).\n\n"
        '![O porto de Port City ao amanhecer](/static/img/harbour.svg "Desenho: Dossiê Testelândia, CC0")\n'))
    event = root / "content" / "events" / "port-talks.md"  # not translated: shown in English in pt/
    event.write_text(event.read_text() + "The talks are on [the timeline](/timeline/).\n")
    output = tmp_path_factory.mktemp("body-links-site") / "site"
    result = render(BuildOptions(root=root, output=output, base_url=PUBLISHED_BASE_URL))
    return result, output


def body_of(result, page: str):
    html = result.files[page].decode()
    return LexborHTMLParser(html).css_first(".prose")


def links(node) -> list[str]:
    return [a.attributes["href"] for a in node.css("a")]


def test_site_paths_follow_the_base_path(built):
    result, _ = built
    body = body_of(result, "articles/port-deal/index.html")
    assert links(body) == [PUBLISHED_PREFIX + "events/port-talks/", PUBLISHED_PREFIX + "places/north/",
                           PUBLISHED_PREFIX + "sources/census/", PUBLISHED_PREFIX + "timeline/",
                           PUBLISHED_PREFIX + "data/events.csv", PUBLISHED_PREFIX + "pt/timeline/",
                           PUBLISHED_PREFIX + "timeline/#timeline-filters"]
    assert [img.attributes["src"] for img in body.css("img")] == [
        PUBLISHED_PREFIX + "static/img/harbour.svg", PUBLISHED_PREFIX + "static/img/port%20city.svg"]


def test_an_image_of_its_own_shows_its_credit(built):
    result, _ = built
    figure = body_of(result, "articles/port-deal/index.html").css_first("figure")
    assert figure.css_first("img").attributes["alt"] == "The harbour of Port City at dawn"
    assert figure.css_first("figcaption").text() == "Drawing: Testland Briefing, CC0"
    inline = body_of(result, "articles/port-deal/index.html").css("p img")
    assert [img.attributes["alt"] for img in inline] == ["map pin"]
    translated = body_of(result, "pt/articles/port-deal/index.html").css_first("figure figcaption")
    assert translated.text() == "Desenho: Dossiê Testelândia, CC0"


def test_a_site_path_leads_to_the_readers_edition(built):
    result, _ = built
    translated = body_of(result, "pt/articles/port-deal/index.html")
    assert PUBLISHED_PREFIX + "pt/timeline/" in links(translated)
    assert translated.css_first("img").attributes["src"] == PUBLISHED_PREFIX + "static/img/harbour.svg"
    # An English body shown untranslated in the Portuguese edition links within it too.
    untranslated = body_of(result, "pt/events/port-talks/index.html")
    assert links(untranslated) == [PUBLISHED_PREFIX + "pt/timeline/"]
    assert links(body_of(result, "events/port-talks/index.html")) == [PUBLISHED_PREFIX + "timeline/"]


def test_the_built_site_passes_the_checker(built):
    result, output = built
    assert "static/img/harbour.svg" in result.files
    problems = check_site(output, PUBLISHED_BASE_URL)
    assert problems == []
