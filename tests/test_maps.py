"""Locator maps: the shipped map data, reading it strictly, and drawing marks."""
from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET

import pytest

from briefing.kinds import MAP_FILE
from briefing.load.frontmatter import ParseError
from briefing.load.mapdata import parse_map
from briefing.plan.contexts import MapMark
from briefing.render.labels import circle_box, overlaps, text_box
from briefing.load.mapdata import fold_name
from briefing.render.geometry import Projection, within
from briefing.render.maps import draw_map, matching_area
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
MOCIMBOA_SOUTH = place("inhambane", "Inhambane town", lat=-23.865, lon=35.383)


def href(p: Place) -> str:
    return f"/places/{p.id}/"


TOWNS = ("Montepuez", "Mocímboa da Praia", "Palma", "Macomia", "Mueda", "Nangade", "Muidumbe",
         "Quissanga", "Ibo", "Metuge", "Ancuabe", "Chiúre", "Balama", "Namuno", "Meluco", "Mecúfi",
         "Quiterajo", "Mucojo", "Olumbi", "Awasse", "Diaca", "Miangalewa", "Chai", "Xitaxi",
         "Ntchinga", "Mbau", "Bilibiza", "Mahate", "Ocua", "Katapua", "Nairoto", "Lalane",
         "Mapupulo", "Pundanhar", "Negomano", "Namoto", "Quionga", "Mitepo", "Aldeia da Paz", "Ulo")


def forty_towns(seed: int = 16) -> list[Place]:
    """Forty towns scattered at random (but always the same) inside Cabo Delgado."""
    cabo = next(a for a in MAP.areas if a.name == "Cabo Delgado")
    lons = [x for ring in cabo.polygons[0] for x, _ in ring]
    lats = [y for ring in cabo.polygons[0] for _, y in ring]
    rng, towns = random.Random(seed), []
    while len(towns) < len(TOWNS):
        lon, lat = rng.uniform(min(lons), max(lons)), rng.uniform(min(lats), max(lats))
        if within(cabo.polygons, lon, lat):
            name = TOWNS[len(towns)]
            towns.append(place(f"town-{len(towns)}", name, "town", round(lat, 3), round(lon, 3)))
    return towns


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


def sheets(drawn) -> list:
    """The map's SVG roots: the main map, and the detail map when there is one."""
    return [ET.fromstring(drawn.svg)] + ([ET.fromstring(drawn.inset)] if drawn.inset else [])


def label_boxes(root) -> list[tuple[str, tuple]]:
    boxes = []
    for text in root.iter(SVG + "text"):
        if text.get("class") == "mark-label":
            spot = (float(text.get("x")), float(text.get("y")), text.get("text-anchor"))
            boxes.append((text.text, text_box(text.text, spot, float(text.get("font-size")))))
    return boxes


def mark_boxes(root) -> list[tuple]:
    return [circle_box(float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
            for c in root.iter(SVG + "circle") if "mark" in (c.get("class") or "").split()]


def assert_legible(drawn):
    """No two names overlap, no name overlaps a mark, every name is inside its
    picture, and every place shown is named on the map or numbered in the key."""
    names = []
    for root in sheets(drawn):
        width, height = (float(v) for v in root.get("viewBox").split()[2:])
        labels, marks = label_boxes(root), mark_boxes(root)
        for i, (text, box) in enumerate(labels):
            assert 0 <= box[0] and box[2] <= width and 0 <= box[1] and box[3] <= height, text
            for other, box2 in labels[i + 1:]:
                assert not overlaps(box, box2), (text, other)
            for mark in marks:
                assert not overlaps(box, mark), (text, mark)
        names += [text for text, _ in labels]
    numbered = [s.place.name for s in drawn.numbered]
    assert [s.number for s in drawn.numbered] == list(range(1, len(numbered) + 1))
    assert sorted(names + numbered) == sorted(s.place.name for s in drawn.shown)
    return names, numbered


def test_labels_of_nearby_places_do_not_overlap():
    # Four places 13 km apart on the coast: their names go on a detail map, and
    # the one that does not fit there is numbered (this test read the main map
    # alone, where all four names were drawn, before there was a detail map).
    near = [place(f"p{i}", f"Place number {i}", lat=-12.9 - i * 0.12, lon=40.4) for i in range(4)]
    drawn, _ = draw([MapMark(p) for p in near])
    names, numbered = assert_legible(drawn)
    assert len(names) >= 3 and len(names) + len(numbered) == 4


def test_forty_places_in_one_province_are_named_or_numbered_and_never_overlap():
    drawn = draw_map(MAP, [MapMark(p) for p in forty_towns()], href, ident="m")
    names, numbered = assert_legible(drawn)
    # A name never sits in another division, so the towns by the Niassa and Nampula
    # borders whose names would have gone over the border are numbered instead.
    assert len(names) >= 15 and len(names) + len(numbered) == 40
    assert drawn.inset and "inset" in drawn.symbols
    main, detail = sheets(drawn)
    assert detail.find(SVG + "title").text == "Detail: Cabo Delgado"
    assert main.find(f".//{SVG}rect[@class='map-inset-frame']") is not None
    assert not label_boxes(main)  # the 40 are named on the detail map, not on top of each other
    # Each place is one stop for the keyboard, on the detail map, and its
    # number is the one the key gives.
    focusable = [a for root in (main, detail) for a in root.iter(SVG + "a")
                 if a.get("tabindex") != "-1"]
    assert sorted(a.get("href") for a in focusable) == sorted(href(p) for p in forty_towns())
    assert all(a in list(detail.iter(SVG + "a")) for a in focusable)
    by_link = {a.get("href"): a for a in focusable}
    for s in drawn.numbered:
        (number,) = [t.text for t in by_link[href(s.place)].iter(SVG + "text")]
        assert number == str(s.number)
    assert [s.place.name for s in drawn.numbered] == sorted(numbered, key=fold_name)


def test_the_same_marks_draw_the_same_bytes():
    marks = [MapMark(p) for p in forty_towns()]
    first = draw_map(MAP, marks, href)
    again = draw_map(MAP, list(reversed(marks)), href)
    assert (first.svg, first.inset, first.shown) == (again.svg, again.inset, again.shown)


def test_places_spread_over_the_country_need_no_detail_map():
    drawn, root = draw([MapMark(PEMBA), MapMark(MAPUTO), MapMark(MOCIMBOA_SOUTH)])
    assert drawn.inset == "" and "inset" not in drawn.symbols
    assert {text for text, _ in label_boxes(root)} == {"Pemba", "Maputo", "Inhambane town"}


def test_the_home_map_names_its_crowded_province_on_a_detail_map():
    mocimboa = place("mocimboa", "Mocímboa da Praia", lat=-11.35, lon=40.35)
    drawn, main = draw([MapMark(CABO), MapMark(mocimboa), MapMark(PEMBA, "disputed"),
                        MapMark(MAPUTO)])
    names, numbered = assert_legible(drawn)
    assert sorted(names) == ["Cabo Delgado", "Maputo", "Mocímboa da Praia", "Pemba"]
    assert [text for text, _ in label_boxes(main)] == ["Maputo"]
    # The detail map shows Cabo Delgado, shaded, as the setting of its towns.
    detail = sheets(drawn)[1]
    assert detail.find(SVG + "title").text == "Detail: Cabo Delgado"
    assert any("mark-area" in (p.get("class") or "") for p in detail.iter(SVG + "path"))


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


# Names and divisions: a name is read as the division it sits in -------------------

def two_provinces(east_label=(3.0, 1.0)):
    """A country 4° by 2° split down the middle into Westland and Eastland."""
    def feature(role, name, label, west, east):
        ring = [[west, 0], [east, 0], [east, 2], [west, 2], [west, 0]]
        return {"type": "Feature", "properties": {"role": role, "name": name, "code": "",
                                                  "label": label},
                "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return parse_map(json.dumps({
        "type": "FeatureCollection", "bbox": [0, 0, 4, 2], "attribution": "Ours.",
        "features": [feature("country", "Twoland", None, 0, 4),
                     feature("province", "Westland", [1.0, 0.3], 0, 2),
                     feature("province", "Eastland", list(east_label), 2, 4)]}))


def named_at(svg: str, text: str) -> tuple:
    root = ET.fromstring(svg)
    (element,) = [t for t in root.iter(SVG + "text") if t.text == text]
    return (float(element.get("x")), float(element.get("y")),
            element.get("text-anchor", "start"), float(element.get("font-size", 14)))


def test_a_place_s_name_is_never_set_inside_another_division():
    # Westville lies just west of the border, closer to it than the gap before its
    # name: its name, right of it by preference and crossing no line,
    # would sit in Eastland and be read as a town there.
    data = two_provinces()
    from briefing.render.maps import MapDrawer
    drawer = MapDrawer(data)
    town = place("westville", "Westville", lat=1.0, lon=1.98)
    drawn = drawer.draw([MapMark(town)], href)
    x, y, anchor, size = named_at(drawn.svg, "Westville")
    box = text_box("Westville", (x, y, anchor), size)
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    east = [a.name for a in data.areas].index("Eastland")
    assert not within([drawer.rings[east]], *centre)
    assert anchor == "end"  # to the west of its mark, in its own division


def test_a_division_s_name_moves_aside_for_a_place_s_name_rather_than_vanish():
    # Mark Town's name takes Eastland's label point: Eastland is named nearby, inside.
    data = two_provinces()
    from briefing.render.maps import MapDrawer
    drawer = MapDrawer(data)
    town = place("mark-town", "Mark Town", lat=1.0, lon=2.4)
    drawn = drawer.draw([MapMark(town)], href)
    x, y, anchor, size = named_at(drawn.svg, "Eastland")
    box = text_box("Eastland", (x, y, anchor), size)
    east = [a.name for a in data.areas].index("Eastland")
    assert all(within([drawer.rings[east]], cx, cy)
               for cx, cy in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])))
    town_box = text_box("Mark Town", named_at(drawn.svg, "Mark Town")[:3])
    assert not overlaps(box, town_box)


# A briefing's own divisions: aliases, a date, and disputed areas ----------------------

def with_disputed(text: str, **area) -> str:
    """The map text with a disputed strip across the border of its two provinces."""
    data = json.loads(text)
    data["as_of"] = "2024-06"
    properties = {"role": "disputed", "name": "Border Strip", "code": "", "label": None,
                  "note": "claimed by both provinces' councils", "sources": ["wire-report"]}
    properties.update(area)
    data["features"].append({"type": "Feature", "properties": properties, "geometry": {
        "type": "Polygon", "coordinates": [[[39, -12.7], [40, -12.7], [40, -13.3], [39, -13.3],
                                            [39, -12.7]]]}})
    return json.dumps(data)


def test_an_area_is_found_by_its_aliases_and_a_disputed_area_by_no_name():
    data = json.loads(json.dumps(GOOD))
    data["features"].append({"type": "Feature", "properties": {
        "role": "province", "name": "Oromiya", "code": "", "label": None,
        "aliases": ["Oromia"]}, "geometry": GOOD["features"][0]["geometry"]})
    parsed = parse_map(json.dumps(data))
    from briefing.load.mapdata import area_named
    assert area_named(parsed, ["oromia"]).name == "Oromiya"
    disputed = parse_map(with_disputed(json.dumps(GOOD)))
    assert disputed.as_of.iso() == "2024-06"
    assert [a.name for a in disputed.disputed] == ["Border Strip"]
    assert area_named(disputed, ["Border Strip"]) is None  # drawn, never a place's area


@pytest.mark.parametrize("change, message", [
    ({"sources": []}, "a disputed area needs a 'note' saying what is disputed"),
    ({"note": ""}, "a disputed area needs a 'note' saying what is disputed"),
    ({"aliases": "Oromia"}, "'aliases' must be a list of names"),
])
def test_a_disputed_area_says_what_is_disputed_and_who_says_so(change, message):
    with pytest.raises(ParseError) as caught:
        parse_map(with_disputed(json.dumps(GOOD), **change))
    assert message in caught.value.message


def test_a_map_date_that_is_not_a_date_is_refused():
    with pytest.raises(ParseError) as caught:
        parse_map(json.dumps({**GOOD, "as_of": "last spring"}))
    assert "'as_of' must be the date the borders are drawn as of" in caught.value.message


def test_a_disputed_area_is_hatched_on_every_map_and_in_its_legend():
    data = parse_map(with_disputed((REPO / "tests/fixtures/golden/map/country.geojson").read_text()))
    drawn = draw_map(data, [], href, ident="m")
    root = ET.fromstring(drawn.svg)
    (path,) = [p for p in root.iter(SVG + "path") if p.get("class") == "map-disputed"]
    assert path.get("fill") == "url(#m-hatch)" and path.get("stroke-dasharray")
    assert root.find(f".//{SVG}pattern[@id='m-hatch']") is not None
    assert "disputed_area" in drawn.symbols and [a.name for a in drawn.disputed] == ["Border Strip"]


def test_a_division_is_found_by_its_name_in_another_language_and_names_are_checked():
    from briefing.load.mapdata import area_named
    data = json.loads(json.dumps(GOOD))
    data["features"].append({"type": "Feature", "properties": {
        "role": "province", "name": "Hadramawt", "code": "YE-HD", "label": None,
        "names": {"ar": "محافظة حضرموت", "fr": "Hadramaout"}},
        "geometry": GOOD["features"][0]["geometry"]})
    parsed = parse_map(json.dumps(data))
    area = area_named(parsed, ["محافظة حضرموت"])
    assert area.name == "Hadramawt" and area.name_in("fr") == "Hadramaout"
    assert area.name_in("pt") == "Hadramawt"  # no Portuguese name: the map's own
    data["features"][-1]["properties"]["names"] = {"ar": ""}
    with pytest.raises(ParseError) as caught:
        parse_map(json.dumps(data))
    assert "'names' must map language codes to names" in caught.value.message
