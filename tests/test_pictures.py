"""Charts and maps in the real briefing: generated, well-formed, linked, self-contained."""
from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from briefing.kinds import MAP_FILE
from briefing.load.mapdata import parse_map
from briefing.model.translations import Edition
from briefing.plan.index import EditionIndex
from briefing.render.geometry import Projection
from briefing.engine import BuildOptions

from .conftest import render, REPO, THEME

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def built(published):
    return published[0]


def page(built, url: str) -> str:
    return built.files[url + "index.html"].decode()


def svgs(html: str, css: str) -> list[ET.Element]:
    """The SVGs of a class, such as a map and its detail map ("map-svg map-inset")."""
    return [ET.fromstring(s)
            for s in re.findall(rf'<svg class="{css}(?: [^"]*)?".*?</svg>', html, re.S)]


def section(html: str, start: str, end: str = "</figure>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_every_svg_on_every_page_is_well_formed_and_self_contained(built):
    count = 0
    for name, data in built.files.items():
        if not name.endswith(".html"):
            continue
        html = data.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        # data, not code, or the theme's own script files (search, timeline filters)
        assert all('type="application/ld+json"' in tag or re.search(r'src="[^"]*/static/js/', tag)
                   for tag in scripts), name
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
            ET.fromstring(svg)  # raises if not well-formed XML
            assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg), name
            count += 1
    assert count > 20


def test_home_page_has_the_map_and_a_chart(built):
    html = page(built, "")
    charts = svgs(section(html, 'id="key-figures"', "</section>"), "chart-svg")
    assert charts and all(c.get("role") == "img" and c.find(SVG + "title").text for c in charts)
    assert svgs(html, "map-svg")[0].find(SVG + "title").text == "Map of Mozambique"
    # The security topic's map, of every place its items name: the crowded north has
    # a detail map.
    map_svg, detail = svgs(page(built, "topics/security/"), "map-svg")
    assert map_svg.find(SVG + "title").text == "Map of Mozambique"
    assert detail.find(SVG + "title").text == "Detail: Cabo Delgado"


def test_every_marked_place_links_to_an_existing_page(built):
    base = built.site.config.base_path
    checked = 0
    for name, data in built.files.items():
        for map_svg in svgs(data.decode(), "map-svg") if name.endswith(".html") else ():
            for link in map_svg.iter(SVG + "a"):
                path = urlsplit(link.get("href")).path
                assert re.fullmatch(re.escape(base) + r"([a-z]{2,3}/)?places/[a-z0-9-]+/", path), (name, path)
                assert path[len(base):] + "index.html" in built.files, (name, path)
                checked += 1
    assert checked > 10


def test_a_topic_map_marks_each_place_named_and_lists_the_far_ones(built):
    html = page(built, "topics/security/")
    marked = [a.get("aria-label") for map_svg in svgs(html, "map-svg")
              for a in map_svg.iter(SVG + "a") if a.get("tabindex") != "-1"]
    assert len(marked) == len(set(marked))  # one keyboard stop each, on the map or its detail
    marked = set(marked)
    # Pemba is only ever named as the disputed place of the ambassador's remarks;
    # Maputo is disputed there too, but confirmed as where Surikov died.
    assert marked == {"Cabo Delgado", "Maputo", "Mocímboa da Praia", "Pemba (disputed)", "Nampula",
                      "Niassa", "Palma (approximate location)",
                      "Afungi peninsula (approximate location)", "Macomia (approximate location)",
                      "Chiúre (approximate location)", "Nacala (approximate location)",
                      "Niassa Special Reserve (approximate location)",
                      "Gorongosa (approximate location)"}
    outside = section(html, "Outside the map:")
    assert ">Moscow</a>" in outside
    outside = section(page(built, "topics/diplomacy/"), "Outside the map:")
    assert ">Russia</a>" in outside and ">St Petersburg</a>" in outside
    assert "Disputed: accounts of an event differ" in section(html, 'class="map-legend"', "</ul>")


def test_a_place_is_disputed_only_where_every_event_disputes_it(built):
    site = built.site
    index = EditionIndex(Edition("en", site))
    everything = {m.place.id: m for m in index.map_marks(site.articles.values(), site.events.values())}
    assert everything["maputo"].confidence == "confirmed"
    assert everything["pemba"].confidence == "disputed"
    assert [e.id for e in everything["pemba"].disputed_by] == ["tararov-security-offer"]
    # Where the only event naming a place disputes it, the place is disputed.
    offer = {m.place.id: m for m in index.map_marks([], [site.events["tararov-security-offer"]])}
    assert offer["maputo"].confidence == "disputed"


def test_event_page_shows_both_disputed_places(built):
    (map_svg,) = svgs(page(built, "events/tararov-security-offer/"), "map-svg")
    rings = [c for c in map_svg.iter(SVG + "circle") if "mark-disputed" in c.get("class")]
    assert len(rings) == 2


def test_place_pages_mark_their_place_or_show_no_map(built):
    site = built.site
    frame = Projection(parse_map((REPO / MAP_FILE).read_text(encoding="utf-8")).frame)
    with_map = 0
    for place in site.places.values():
        maps = svgs(page(built, f"places/{place.id}/"), "map-svg")
        loc = place.location
        if loc and frame.contains(loc.lon, loc.lat):
            primary = [a for map_svg in maps for a in map_svg.iter(SVG + "a")
                       if "map-mark-primary" in a.get("class") and a.get("tabindex") != "-1"]
            assert len(primary) == 1 and primary[0].get("href").endswith(f"/places/{place.id}/")
            with_map += 1
        else:
            assert maps == [], place.id
    assert with_map >= 6


def test_series_chart_stands_with_its_newest_figure_on_topic_and_figures_pages(built):
    charts = EditionIndex(Edition("en", built.site)).series
    assert "fatalities-acled-2023-12" in charts and "fatalities-acled-2023-11" not in charts
    series = charts["fatalities-acled-2023-12"]
    assert [f.id for f in series] == ["fatalities-acled-2023-11", "fatalities-acled-2023-12"]
    for url in ("topics/security/", "figures/"):
        html = page(built, url)
        chart_at = html.index('aria-labelledby="chart-fatalities-acled-2023-12-title')
        card = html[html.rindex("<svg", 0, chart_at):html.index("</details>", chart_at)]
        (chart,) = svgs(card, "chart-svg")
        desc = chart.find(SVG + "desc").text
        assert "4,789 deaths as of 10 November 2023" in desc
        assert "4,802 deaths as of 8 December 2023" in desc
        table = section(card, '<details class="chart-data">', "</details>")
        assert table.count("<tr>") == 1 + len(series)
        assert "Sources:" in section(card, '<figcaption class="chart-caption">', "</figcaption>")


def test_a_figure_alone_in_its_series_gets_no_chart(built):
    html = page(built, "topics/security/")
    card = section(html, 'id="figure-deaths-2024-unverified"', "</article>")
    assert "349" in card and "<svg" not in card


def test_a_briefing_without_map_data_builds_without_maps(golden_copy):
    shutil.rmtree(golden_copy / "map")
    files = render(BuildOptions(root=golden_copy, theme=THEME)).files
    html = files["index.html"].decode()
    assert "map-svg" not in html and "chart-svg" in html


def test_portuguese_edition_draws_in_portuguese_and_still_finds_its_areas(built):
    html = page(built, "pt/")
    map_svg, detail = svgs(page(built, "pt/topics/security/"), "map-svg")
    assert map_svg.find(SVG + "title").text == "Mapa de Moçambique"
    assert detail.find(SVG + "title").text == "Pormenor: Cabo Delgado"
    labels = {a.get("aria-label") for svg in (map_svg, detail) for a in svg.iter(SVG + "a")}
    assert "Pemba (contestado)" in labels
    card = section(html, 'id="figure-fatalities-acled-2023-12"', "</details>")
    (chart,) = svgs(card, "chart-svg")
    assert chart.find(SVG + "desc").text == ("Gráfico de linhas: 4\xa0789 mortes em 10 de Novembro "
                                             "de 2023; 4\xa0802 mortes em 8 de Dezembro de 2023.")
    # The place is named "Moçambique" in this edition; it is found by its id.
    country_map = svgs(page(built, "pt/places/mozambique/"), "map-svg")[0]
    shaded = [p for p in country_map.iter(SVG + "path") if "mark-area" in (p.get("class") or "")]
    assert shaded and "Fronteiras: Natural Earth" in page(built, "pt/places/mozambique/")


def neighbour_names(html: str) -> set[str]:
    return {text.text for map_svg in svgs(html, "map-svg") for text in map_svg.iter(SVG + "text")
            if "map-name-neighbour" in (text.get("class") or "")}


def test_the_neighbours_are_named_in_the_editions_language(built):
    """The map's own names are Natural Earth's English ones; an edition in another
    language names the country's neighbours as the CLDR does in that language."""
    english, portuguese = (neighbour_names(page(built, "topics/security/")),
                           neighbour_names(page(built, "pt/topics/security/")))
    assert {"TANZANIA", "MALAWI", "ZAMBIA"} <= english
    assert {"TANZÂNIA", "MALÁUI", "ZÂMBIA"} <= portuguese
    assert not english & portuguese  # no English name left in Portuguese
