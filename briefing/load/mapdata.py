"""The country map's data: map/country.geojson, read and checked.

parse_map() turns the file's text into MapData; the render stage draws it
(render/maps.py). Pure: no file is read here.
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass

from ..vocabulary import PartialDate
from .dates import parse_date
from .fields import suggest
from .frontmatter import ParseError

# 'disputed': an area whose control or status is contested, drawn hatched over the
# others, with what is disputed and its sources under every map that shows it.
ROLES = ("country", "province", "neighbour", "disputed")


@dataclass(frozen=True)
class Area:
    """A shape of the map: the country, one of its provinces, a neighbour, or an area
    in dispute."""

    role: str
    name: str
    code: str
    label: tuple[float, float] | None  # lon, lat where its name goes
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]  # polygons > rings > points
    aliases: tuple[str, ...] = ()  # other names it goes by ('Oromia' for 'Oromiya')
    note: str = ""  # a disputed area's: what is disputed, and by whom
    sources: tuple[str, ...] = ()  # a disputed area's: the ids of the sources that say so
    names: tuple[tuple[str, str], ...] = ()  # (language, its name there), where it differs

    def name_in(self, language: str) -> str:
        """Its name in a language, if the map gives one; else its own (English) name."""
        return dict(self.names).get(language, self.name)


@dataclass(frozen=True)
class MapData:
    frame: tuple[float, float, float, float]  # west, south, east, north
    attribution: str  # shown under every map: where the borders come from
    areas: tuple[Area, ...]
    as_of: PartialDate = PartialDate()  # the date the borders are drawn as of, if given

    @property
    def disputed(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.role == "disputed")

    @property
    def country(self) -> Area | None:
        return next((a for a in self.areas if a.role == "country"), None)


# Reading the file ---------------------------------------------------------

# The kinds of place that are an area of the map (a country, a division), found by name.
AREA_KINDS = ("country", "province", "region", "district")


def fold_name(name: str) -> str:
    """'Zambézia' and 'zambezia' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def area_named(data: MapData, names) -> Area | None:
    """The country or division of the map that goes by one of `names` (folded), by its
    name, one of its aliases, or its name in another language."""
    folded = {fold_name(n) for n in names}
    return next((a for a in data.areas if a.role not in ("neighbour", "disputed")
                 and any(fold_name(n) in folded
                         for n in (a.name, *a.aliases, *(name for _, name in a.names)))), None)


def parse_map(text: str) -> MapData:
    """Read the map's GeoJSON; raises ParseError (line 0 if no line is known)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(error.lineno, f"not valid JSON: {error.msg}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ParseError(1, "expected a GeoJSON FeatureCollection")
    frame = data.get("bbox")
    if not (isinstance(frame, list) and len(frame) == 4 and all(_is_number(v) for v in frame)
            and frame[0] < frame[2] and frame[1] < frame[3]):
        raise ParseError(1, "'bbox' must be [west, south, east, north], the frame of the map")
    features = data.get("features")
    if not isinstance(features, list):
        raise ParseError(1, "'features' must be a list")
    areas = tuple(_area(index, feature) for index, feature in enumerate(features, 1))
    if sum(a.role == "country" for a in areas) != 1:
        raise ParseError(0, "the map needs exactly one feature with role 'country'")
    attribution = data.get("attribution")
    if not isinstance(attribution, str) or not attribution.strip():
        raise ParseError(1, "'attribution' must name where the borders come from, e.g. "
                            "\"Natural Earth (public domain)\"")
    as_of = data.get("as_of")
    try:
        as_of = parse_date(as_of) if as_of is not None else PartialDate()
    except (ValueError, AttributeError):
        raise ParseError(1, f"'as_of' must be the date the borders are drawn as of: YYYY, "
                            f"YYYY-MM or YYYY-MM-DD (not {as_of!r})") from None
    return MapData(tuple(float(v) for v in frame), attribution.strip(), areas, as_of)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_point(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)


def _area(index: int, feature) -> Area:
    props = feature.get("properties") if isinstance(feature, dict) else None
    where = f"feature {index}"
    if not isinstance(props, dict):
        raise ParseError(0, f"{where} has no properties")
    name = props.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ParseError(0, f"{where} needs a 'name'")
    where += f" ('{name}')"
    role = props.get("role")
    if role not in ROLES:
        raise ParseError(0, f"{where}: 'role' must be one of {', '.join(ROLES)}, not {role!r}"
                            + (suggest(role, ROLES) if isinstance(role, str) else ""))
    label = props.get("label")
    if label is not None and not _is_point(label):
        raise ParseError(0, f"{where}: 'label' must be [lon, lat] or null")
    geometry = feature.get("geometry") or {}
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        coordinates = [coordinates]
    elif geometry.get("type") != "MultiPolygon":
        raise ParseError(0, f"{where}: geometry must be a Polygon or MultiPolygon")
    try:
        polygons = tuple(tuple(tuple((float(x), float(y)) for x, y in ring) for ring in polygon)
                         for polygon in coordinates)
    except (TypeError, ValueError):
        raise ParseError(0, f"{where}: coordinates must be rings of [lon, lat] pairs") from None
    aliases = _strings(props.get("aliases", []), f"{where}: 'aliases'")
    sources = _strings(props.get("sources", []), f"{where}: 'sources'")
    note = props.get("note", "")
    if not isinstance(note, str):
        raise ParseError(0, f"{where}: 'note' must be text")
    if role == "disputed" and not (sources and note.strip()):
        raise ParseError(0, f"{where}: a disputed area needs a 'note' saying what is disputed "
                            "and by whom, and 'sources': the ids of the sources that say so")
    names = props.get("names", {})
    if not (isinstance(names, dict) and all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                            for k, v in names.items())):
        raise ParseError(0, f"{where}: 'names' must map language codes to names, as "
                            "{\"ar\": \"...\", \"fr\": \"...\"}")
    return Area(role, name.strip(), str(props.get("code", "")),
                tuple(label) if label else None, polygons, aliases, note.strip(), sources,
                tuple(sorted((k, v.strip()) for k, v in names.items())))


def _strings(value, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ParseError(0, f"{what} must be a list of names")
    return tuple(v.strip() for v in value)
