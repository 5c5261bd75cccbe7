"""A map for every country, shipped in the package: codes, names, sizes, and
countries that are large, split by the antimeridian, archipelagos or enclaves."""
from __future__ import annotations

import json
import zipfile

import pytest

from briefing.countries import (INDEX, MAPS, UnknownCountry, countries, country_map,
                                find_country)
from briefing.load.mapdata import parse_map
from briefing.plan.contexts import MapMark
from briefing.render.geometry import Projection, within
from briefing.render.maps import MapDrawer
from briefing.model import Location, Place

from .conftest import REPO

# Places each country's frame must reach, [lat, lon]: its capital and far corners.
REACHES = {
    "MOZ": ("Mozambique", [(-25.97, 32.57), (-10.7, 40.4), (-16.2, 30.4), (-26.8, 32.9)]),
    "SDN": ("Sudan", [(15.5, 32.56), (19.6, 37.2), (13.45, 22.44), (9.9, 29.0)]),
    "RUS": ("Russia", [(55.75, 37.62), (54.7, 20.5), (66.16, -169.8), (43.1, 131.9),
                       (81.2, 58.0)]),
    "FJI": ("Fiji", [(-18.14, 178.44), (-18.2, -178.8), (-16.0, 179.9)]),
    "IDN": ("Indonesia", [(-6.2, 106.85), (5.55, 95.32), (-2.53, 140.7), (-10.2, 123.6)]),
    "PHL": ("Philippines", [(14.6, 120.98), (7.07, 125.6), (20.45, 121.97), (5.05, 119.8)]),
    "LSO": ("Lesotho", [(-29.31, 27.48), (-30.4, 28.5)]),
    "BRA": ("Brazil", [(-15.79, -47.88), (2.82, -60.67), (-33.69, -53.46), (-8.05, -34.9),
                       (-7.6, -73.7)]),
    "USA": ("United States", [(38.9, -77.04), (47.6, -122.3), (25.8, -80.2), (61.2, -149.9)]),
    "CAN": ("Canada", [(45.42, -75.7), (82.5, -62.3), (49.3, -123.1), (47.6, -52.7)]),
    "TUV": ("Tuvalu", [(-8.52, 179.2)]),
    "KIR": ("Kiribati", [(1.33, 172.98), (1.87, -157.4)]),
    "ZAF": ("South Africa", [(-25.75, 28.19), (-33.9, 18.4)]),
}


def load(code: str):
    return parse_map(country_map(code))


@pytest.mark.parametrize("code", sorted(REACHES))
def test_each_map_parses_names_its_country_and_frames_it(code):
    name, reaches = REACHES[code]
    data = load(code)
    assert [a.name for a in data.areas if a.role == "country"] == [name]
    assert data.country.code == code
    project = Projection(data.frame)
    for lat, lon in reaches:
        assert project.contains(lon, lat), (code, lat, lon)
    west, south, east, north = data.frame
    assert east - west < 180 and north - south < 90
    # Neither a ribbon nor a tower: the frame is widened or heightened to fit a page.
    assert 1 / 2.3 <= project.height / project.width <= 1.7
    # Every outline is inside the frame (what lies beyond it is cut off).
    for area in data.areas:
        for polygon in area.polygons:
            for lon, lat in polygon[0]:
                assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6


def test_codes_are_alpha_2_or_alpha_3_in_any_case():
    assert country_map("SD") == country_map("sdn") == country_map(" Sdn ")
    assert find_country("MZ") == find_country("MOZ")
    assert (find_country("MZ").alpha2, find_country("MZ").alpha3) == ("MZ", "MOZ")
    assert find_country("XK").name == "Kosovo"
    assert find_country("XX") is None and find_country("SUD") is None
    with pytest.raises(UnknownCountry):
        country_map("XX")


def test_the_index_lists_every_map_once_by_name():
    listed = countries()
    assert [c.name for c in listed] == sorted(c.name for c in listed)
    with zipfile.ZipFile(MAPS) as archive:
        assert sorted(archive.namelist()) == sorted(f"{c.alpha3}.geojson" for c in listed)
    assert len({c.alpha2 for c in listed}) == len({c.alpha3 for c in listed}) == len(listed)
    assert len(listed) >= 240  # every ISO 3166-1 country but Antarctica, and Kosovo
    assert {"Sudan", "South Sudan", "Tanzania", "DR Congo", "Eswatini"} <= {c.name for c in listed}


def test_sizes_stay_small():
    folder = MAPS.parent
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert total < 10 * 1024 * 1024
    with zipfile.ZipFile(MAPS) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    assert max(sizes.values()) < 200 * 1024, max(sizes, key=sizes.get)
    for big in ("RUS", "CAN", "USA", "IDN"):
        assert sizes[f"{big}.geojson"] > 50 * 1024  # drawn in detail, not as a box


def test_every_map_parses_and_matches_its_index_entry():
    index = {row[1]: row for row in json.loads(INDEX.read_text(encoding="utf-8"))}
    with zipfile.ZipFile(MAPS) as archive:
        for code, (alpha2, alpha3, name) in index.items():
            data = parse_map(archive.read(f"{code}.geojson").decode("utf-8"))
            assert data.country.name == name and data.country.code == alpha3
            assert data.frame[2] - data.frame[0] < 180, code


def test_a_country_across_the_antimeridian_is_drawn_in_one_piece():
    fiji, russia = load("FJI"), load("RUS")
    assert fiji.frame[0] < 180 < fiji.frame[2]  # its longitudes run on past 180
    assert russia.frame[0] < 180 < russia.frame[2]
    lau = Place("lakeba", "x.md", "Lakeba", "island", "", (), (), Location(-18.2, -178.8, "exact"))
    suva = Place("suva", "x.md", "Suva", "city", "", (), (), Location(-18.14, 178.44, "exact"))
    drawn = MapDrawer(fiji).draw([MapMark(lau), MapMark(suva)], lambda p: f"/{p.id}/")
    assert {s.place.id for s in drawn.shown} == {"lakeba", "suva"} and not drawn.outside
    # Lakeba, at 178.8 degrees west, is drawn east of Suva, at 178.4 east.
    project = Projection(fiji.frame)
    assert project(project.wrap(-178.8), -18.2)[0] > project(178.44, -18.14)[0]


def test_an_enclave_is_drawn_with_the_country_around_it():
    lesotho = load("LSO")
    (south_africa,) = [a for a in lesotho.areas if a.name == "South Africa"]
    assert south_africa.role == "neighbour"
    aliwal_north, maseru = (26.95, -30.7), (27.48, -29.31)  # [lon, lat]
    assert within(south_africa.polygons, *aliwal_north)
    assert not within(south_africa.polygons, *maseru)
    assert within(lesotho.country.polygons, *maseru)
    # And South Africa's own map has Lesotho as a hole, drawn as a neighbour.
    africa = load("ZAF")
    assert not within(africa.country.polygons, *maseru)
    assert any(a.name == "Lesotho" and within(a.polygons, *maseru) for a in africa.areas)


def test_a_country_without_divisions_is_drawn_as_its_land():
    tuvalu = load("TUV")
    assert [a.role for a in tuvalu.areas if a.role != "neighbour"] == ["country"]
    svg = MapDrawer(tuvalu).draw([], lambda p: "/").svg
    assert 'class="map-land"' in svg  # filled as land, not left the colour of the sea
    assert 'class="map-land"' not in MapDrawer(load("SDN")).draw([], lambda p: "/").svg


def test_archipelagos_keep_their_islands():
    for code, least in (("IDN", 100), ("PHL", 50), ("TUV", 5)):
        islands = sum(len(a.polygons) for a in load(code).areas if a.role == "country")
        assert islands >= least, code


def test_far_flung_parts_are_left_out_of_the_frame():
    france = Projection(load("FRA").frame)
    assert france.contains(2.35, 48.86) and france.contains(9.15, 42.1)  # Paris, Corsica
    assert not france.contains(-52.3, 4.9)  # Cayenne has a map of its own
    assert find_country("GF").name == "French Guiana"
    assert Projection(load("GUF").frame).contains(-52.3, 4.9)


def test_mozambique_s_packaged_map_has_the_provinces_of_the_repository_s():
    repository = parse_map((REPO / "map" / "country.geojson").read_text(encoding="utf-8"))
    packaged = load("MZ")
    assert ({a.name for a in packaged.areas if a.role == "province"}
            == {a.name for a in repository.areas if a.role == "province"})
    assert {a.name for a in packaged.areas if a.role == "neighbour"} >= {
        "Tanzania", "Malawi", "Zambia", "Zimbabwe", "South Africa", "Eswatini"}
