"""Locator maps: the shipped map data, reading it strictly, and drawing marks."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from briefing.load.frontmatter import ParseError
from briefing.kinds import MAP_FILE
from briefing.load.mapdata import parse_map
from briefing.plan.contexts import MapMark
from briefing.render.maps import Projection, draw_map, matching_area
from briefing.model import Location, Place

from .conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"
MAP = parse_map((REPO / MAP_FILE).read_text(encoding="utf-8"))


def place(ident, name, kind="city", lat=None, lon=None, precision="exact", aliases=()):
    location = Location(lat, lon, precision) if lat is not None else None
    return Place(ident, f"content/places/{ident}.md", name, kind, "", tuple(aliases), (),
                 location)


PEMBA = place("pemba", "Pemba", lat=-12.974, lon=40.518)
MAPUTO = place("maputo", "Maputo", lat=-25.966, lon=32.573)
MOSCOW = place("moscow", "Moscow", lat=55.756, lon=37.617)
CABO = place("cabo-delgado", "Cabo Delgado", "province", -12.33, 39.33, "approximate")
MOZAMBIQUE = place("mozambique", "Mozambique", "country", -18.67, 35.53, "approximate")


def href(p: Place) -> str:
    return f"/places/{p.id}/"


def test_shipped_map_data_is_mozambique_with_its_provinces_and_small():
    assert MAP.country.name == "Mozambique"
    provinces = {a.name for a in MAP.areas if a.role == "province"}
    assert {"Cabo Delgado", "Niassa", "Nampula", "Maputo", "Maputo City"} <= provinces
    assert len(provinces) == 11
    assert "Natural Earth" in MAP.attribution
    assert (REPO / MAP_FILE).stat().st_size < 64 * 1024
    assert (REPO / "map" / "README.md").is_file()


def test_every_real_place_in_mozambique_is_inside_the_frame():
    project = Projection(MAP.frame)
    for p in (PEMBA, MAPUTO, CABO, place("mocimboa", "Mocímboa", lat=-11.35, lon=40.35)):
        assert project.contains(p.location.lon, p.location.lat), p.name
    assert not project.contains(MOSCOW.location.lon, MOSCOW.location.lat)


def test_projection_maps_the_frame_onto_the_view_box():
    project = Projection((30.0, -27.0, 42.0, -10.0), width=400)
    assert project(30.0, -10.0) == (0.0, 0.0)
    x, y = project(42.0, -27.0)
    assert x == pytest.approx(400) and y == pytest.approx(project.height, abs=0.1)
    assert project.height > 400  # the country is taller than wide


def test_places_are_matched_to_areas_by_name_or_alias_ignoring_accents():
    assert matching_area(MAP, CABO).name == "Cabo Delgado"
    assert matching_area(MAP, place("z", "Zambézia", "province")).name == "Zambezia"
    assert matching_area(MAP, place("n", "The North", "region", aliases=["Nampula"])).name == "Nampula"
    assert matching_area(MAP, MAPUTO) is None  # a city is a point, not the province of its name
    assert matching_area(MAP, MOZAMBIQUE).role == "country"


def draw(marks):
    drawn = draw_map(MAP, marks, href, ident="map-test")
    return drawn, ET.fromstring(drawn.svg)


def test_map_marks_places_with_links_and_lists_the_rest():
    drawn, root = draw([MapMark(PEMBA, "disputed", disputed_by=("event",)), MapMark(MAPUTO, "confirmed"),
                        MapMark(MOSCOW), MapMark(CABO), MapMark(MOZAMBIQUE)])
    assert [s.place.id for s in drawn.shown] == ["cabo-delgado", "maputo", "pemba"]
    assert {s.place.id: s.symbol for s in drawn.shown} == {
        "pemba": "disputed", "maputo": "place", "cabo-delgado": "area"}
    assert [m.place.id for m in drawn.outside] == ["moscow"]
    assert [p.id for p in drawn.whole] == ["mozambique"]
    assert drawn.symbols == ("place", "area", "disputed")
    focusable = [a for a in root.iter(SVG + "a") if a.get("tabindex") != "-1"]
    assert sorted(a.get("href") for a in focusable) == \
        ["/places/cabo-delgado/", "/places/maputo/", "/places/pemba/"]
    assert all(a.get("aria-label") for a in focusable)
    assert "/places/moscow/" not in drawn.svg


def test_map_is_a_labelled_group_described_in_words():
    drawn, root = draw([MapMark(PEMBA, "disputed"), MapMark(CABO)])
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "map-test-title map-test-desc"
    assert root.find(SVG + "title").text == "Map of Mozambique"
    assert root.find(SVG + "desc").text == "Cabo Delgado (province), Pemba (disputed)."


def test_symbols_follow_precision_and_confidence():
    approximate = place("somewhere", "Somewhere", "town", -15.0, 36.0, "approximate")
    drawn, root = draw([MapMark(approximate), MapMark(PEMBA, "reported")])
    assert {s.place.id: s.symbol for s in drawn.shown} == {"somewhere": "approximate", "pemba": "place"}
    circles = {c.get("class"): c for c in root.iter(SVG + "circle")}
    assert circles["mark mark-approximate"].get("fill") == "none"  # a ring
    assert circles["mark mark-place"].get("fill") != "none"  # a dot


def test_disputed_province_is_shaded_with_a_dashed_border():
    drawn, root = draw([MapMark(CABO, "disputed")])
    (area,) = [p for p in root.iter(SVG + "path") if "mark-area" in (p.get("class") or "")]
    assert "mark-area-disputed" in area.get("class") and area.get("stroke-dasharray")


def test_a_place_without_location_is_listed_not_drawn():
    nowhere = place("nowhere", "Nowhere", "town")
    drawn, _ = draw([MapMark(nowhere), MapMark(PEMBA)])
    assert [m.place.id for m in drawn.unlocated] == ["nowhere"] and not drawn.outside
    assert [s.place.id for s in drawn.shown] == ["pemba"]


def test_a_primary_country_is_drawn_not_listed():
    drawn, _ = draw([MapMark(MOZAMBIQUE, primary=True)])
    assert [s.place.id for s in drawn.shown] == ["mozambique"] and not drawn.whole


def test_labels_of_nearby_places_do_not_overlap():
    near = [place(f"p{i}", f"Place number {i}", lat=-12.9 - i * 0.12, lon=40.4) for i in range(4)]
    _, root = draw([MapMark(p) for p in near])
    boxes = []
    for text in root.iter(SVG + "text"):
        if text.get("class") == "mark-label":
            x, y, width = float(text.get("x")), float(text.get("y")), len(text.text) * 8
            left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor")]
            boxes.append((left, y - 11, left + width, y + 3))
    assert len(boxes) == 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_no_marks_draws_an_empty_map():
    drawn, root = draw([])
    assert drawn.shown == () and drawn.symbols == ()
    assert root.find(SVG + "desc").text == "No place is marked."


GOOD = {"type": "FeatureCollection", "bbox": [0, 0, 2, 2], "attribution": "Borders: ours.",
        "features": [{"type": "Feature",
                      "properties": {"role": "country", "name": "Square", "code": "SQ", "label": None},
                      "geometry": {"type": "Polygon",
                                   "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}


def broken(**changes):
    data = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value
    return json.dumps(data)


def test_small_valid_map_parses():
    data = parse_map(json.dumps(GOOD))
    assert data.frame == (0.0, 0.0, 2.0, 2.0) and data.country.name == "Square"


@pytest.mark.parametrize("text, line, message", [
    ('{"type": "FeatureCollection",\n "bbox": [0, 0, 1 1]}', 2, "not valid JSON"),
    (broken(type="Feature"), 1, "expected a GeoJSON FeatureCollection"),
    (broken(bbox=[2, 0, 1, 1]), 1, "'bbox' must be [west, south, east, north]"),
    (broken(attribution=""), 1, "'attribution' must name where the borders come from"),
    (broken(features__0__properties__role="nation"), 0, "feature 1 ('Square'): 'role' must be one of"),
    (broken(features__0__properties__label=[1]), 0, "'label' must be [lon, lat] or null"),
    (broken(features__0__geometry__type="Point"), 0, "geometry must be a Polygon or MultiPolygon"),
    (broken(features__0__geometry__coordinates=[[["a", 1]]]), 0, "coordinates must be rings"),
    (broken(features__0__properties__role="province"), 0, "exactly one feature with role 'country'"),
])
def test_bad_map_data_is_refused_with_a_message(text, line, message):
    with pytest.raises(ParseError) as caught:
        parse_map(text)
    assert caught.value.line == line
    assert message in caught.value.message
