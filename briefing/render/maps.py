"""Locator maps: a country and its provinces, drawn as static SVG with places marked.

The outline comes from a small GeoJSON file in the project (map/country.geojson,
made once by tools/make_map_data.py). parse_map() reads its text; draw_map()
draws one map. Both are pure: no file, no script, no tile, no other host.
"""
from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from html import escape

from ..load.frontmatter import ParseError
from ..model.schema import Place

MAP_FILE = "map/country.geojson"
ROLES = ("country", "province", "neighbour")
AREA_KINDS = ("country", "province", "region", "district")
WIDTH = 400  # viewBox units; the height follows from the frame
FONT = 14  # label size in viewBox units
CHAR_WIDTH = 0.6  # of the font size: a rough average, enough to keep labels apart
# Legend entries, in the order they are listed.
SYMBOLS = ("place", "approximate", "area", "disputed")


@dataclass(frozen=True)
class Area:
    """A shape of the map: the country, one of its provinces or a neighbour."""

    role: str
    name: str
    code: str
    label: tuple[float, float] | None  # lon, lat where its name goes
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]  # polygons > rings > points


@dataclass(frozen=True)
class MapData:
    frame: tuple[float, float, float, float]  # west, south, east, north
    attribution: str  # shown under every map: where the borders come from
    areas: tuple[Area, ...]

    @property
    def country(self) -> Area | None:
        return next((a for a in self.areas if a.role == "country"), None)


@dataclass(frozen=True)
class MapMark:
    """A place to mark on a page's map."""

    place: Place
    confidence: str = ""  # the strongest confidence of the page's events that name it
    primary: bool = False  # the place the page is about
    disputed_by: tuple = ()  # when disputed: the events whose accounts differ on it


@dataclass(frozen=True)
class MapWords:
    """The map's words, in the edition's language: {fields} are filled in."""

    title: str = "Map of {country}"
    disputed: str = "disputed"
    approximate: str = "approximate location"
    nothing: str = "No place is marked"
    kinds: dict = field(default_factory=dict)  # place kind -> its name, e.g. 'province'


@dataclass(frozen=True)
class ShownPlace:
    mark: MapMark
    symbol: str  # one of SYMBOLS

    @property
    def place(self) -> Place:
        return self.mark.place


@dataclass(frozen=True)
class LocatorMap:
    svg: str
    shown: tuple[ShownPlace, ...]  # marked on the map, by name
    whole: tuple[Place, ...]  # the map itself: the country it shows
    outside: tuple[Place, ...]  # marked places the frame does not reach
    unlocated: tuple[Place, ...]  # marked places with no location to draw
    symbols: tuple[str, ...]  # legend entries the map uses, in SYMBOLS order
    attribution: str


# Reading the file ---------------------------------------------------------

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
    return MapData(tuple(float(v) for v in frame), attribution.strip(), areas)


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
        raise ParseError(0, f"{where}: 'role' must be one of {', '.join(ROLES)}, not {role!r}")
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
    return Area(role, name.strip(), str(props.get("code", "")),
                tuple(label) if label else None, polygons)


# Drawing ------------------------------------------------------------------

class Projection:
    """Equirectangular, with longitudes narrowed at the frame's middle latitude:
    close enough for one country, and simple enough to check by hand."""

    def __init__(self, frame: tuple[float, float, float, float], width: float = WIDTH):
        self.west, self.south, self.east, self.north = frame
        self.narrowing = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = width / ((self.east - self.west) * self.narrowing)
        self.width = width
        self.height = round((self.north - self.south) * self.scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.narrowing * self.scale, (self.north - lat) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


def _fold(name: str) -> str:
    """'Zambézia' and 'zambezia' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def matching_area(data: MapData, place: Place) -> Area | None:
    """The country or province of the map a place is, by its name, an alias or its
    id read as words ('cabo-delgado'): a translated name may match no area."""
    if place.kind not in AREA_KINDS:
        return None
    names = {_fold(n) for n in (place.name, *place.aliases, place.id.replace("-", " "))}
    return next((a for a in data.areas if a.role != "neighbour" and _fold(a.name) in names), None)


def _path(polygons, project: Projection) -> str:
    """SVG path data in whole units, each step relative to the last: at this
    scale a unit is about 3 km, and the map is a quarter of the size."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                point = (round(x), round(y))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) < 3:
                continue
            steps = [f"M{points[0][0]} {points[0][1]}l"]
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                dy = y1 - y0
                steps.append(f"{x1 - x0}{'' if dy < 0 else ' '}{dy}" + " ")
            parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)


def _num(value: float) -> str:
    return f"{value:.1f}"


class _Labels:
    """Places text where it overlaps nothing already placed, inside the frame."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.taken: list[tuple[float, float, float, float]] = []

    def reserve(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.taken.append((x0, y0, x1, y1))

    def free(self, box) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 1 or y0 < 1 or x1 > self.width - 1 or y1 > self.height - 1:
            return False
        return not any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in self.taken)

    def place(self, text: str, candidates, size: float = FONT, force: bool = True,
              char_width: float = CHAR_WIDTH):
        """The first free candidate (x, y, anchor) for the text, or the first
        one anyway when force is set, else None."""
        width = len(text) * char_width * size
        for x, y, anchor in candidates:
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            box = (left, y - size * 0.8, left + width, y + size * 0.25)
            if self.free(box):
                self.reserve(*box)
                return x, y, anchor
        return candidates[0] if force else None


def _around(x: float, y: float, gap: float):
    """Label positions beside a marker: right, left, above, below, then
    right and left a line or two up or down, for crowded places."""
    spots = [(x + gap, y + FONT * 0.35, "start"), (x - gap, y + FONT * 0.35, "end"),
             (x, y - gap - 2, "middle"), (x, y + gap + FONT * 0.8, "middle")]
    for lines in (1, -1, 2, -2):
        shift = y + FONT * 0.35 + lines * FONT * 1.1
        spots += [(x + gap, shift, "start"), (x - gap, shift, "end")]
    return spots


def _symbol(mark: MapMark, area: Area | None) -> str:
    if mark.confidence == "disputed":
        return "disputed"
    if area is not None:
        return "area"
    if mark.place.location and mark.place.location.precision != "exact":
        return "approximate"
    return "place"


def _note(place: Place, symbol: str, words: MapWords) -> str:
    """What the symbol says of a place, in words: 'disputed', 'province'."""
    if symbol == "area":
        return words.kinds.get(place.kind, place.kind)
    return {"disputed": words.disputed, "approximate": words.approximate}.get(symbol, "")


def _named(place: Place, symbol: str, words: MapWords) -> str:
    note = _note(place, symbol, words)
    return f"{place.name} ({note})" if note else place.name


def draw_map(data: MapData, marks: list[MapMark], href, ident: str = "map",
             words: MapWords = MapWords(), country: str = "") -> LocatorMap:
    """The map with the marks drawn; href(place) gives each mark's link."""
    return MapDrawer(data).draw(marks, href, ident, words, country)


class MapDrawer:
    """Draws one country's maps: the outlines are projected once, the marks per map."""

    def __init__(self, data: MapData):
        self.data = data
        self.project = Projection(data.frame)
        self.paths = [_path(area.polygons, self.project) for area in data.areas]
        self.widths = [self.project(max(lons), 0)[0] - self.project(min(lons), 0)[0]
                       for lons in ([p[0] for polygon in area.polygons for p in polygon[0]]
                                    for area in data.areas)]

    def draw(self, marks: list[MapMark], href, ident: str = "map",
             words: MapWords = MapWords(), country: str = "") -> LocatorMap:
        """The map with the marks drawn; href(place) gives each mark's link,
        country the country's name in the edition's language."""
        data, project = self.data, self.project
        shown, whole, outside, unlocated = [], [], [], []
        marked_areas: dict[str, tuple[MapMark, str]] = {}
        points: list[tuple[MapMark, str, float, float]] = []
        for mark in sorted(marks, key=lambda m: (_fold(m.place.name), m.place.id)):
            area = matching_area(data, mark.place)
            if area is data.country and not mark.primary:
                whole.append(mark.place)
                continue
            symbol = _symbol(mark, area)
            location = mark.place.location
            if area is not None:
                marked_areas[area.name] = (mark, symbol)
            elif location is None:
                unlocated.append(mark.place)
                continue
            elif project.contains(location.lon, location.lat):
                points.append((mark, symbol, *project(location.lon, location.lat)))
            else:
                outside.append(mark.place)
                continue
            shown.append(ShownPlace(mark, symbol))

        labels = _Labels(project.width, project.height)
        for mark, symbol, x, y in points:  # reserve every marker before any label
            radius = _radius(mark, symbol)
            labels.reserve(x - radius, y - radius, x + radius, y + radius)
        area_svg, marks_svg = [], []
        for area, path in zip(data.areas, self.paths):
            if area.name in marked_areas:
                mark, symbol = marked_areas[area.name]
                shape, label = _area_mark(area, path, mark, symbol, project, labels, href, words)
                area_svg.append(shape)
                marks_svg.append(label)
        for mark, symbol, x, y in points:
            marks_svg.append(_point_mark(mark, symbol, x, y, labels, href, words))
        named = {_fold(n) for n in marked_areas} | {_fold(s.place.name) for s in shown}
        names = self._context_names(labels, named)

        title = words.title.format(country=country or data.country.name)
        described = ", ".join(_named(s.place, s.symbol, words) for s in shown) or words.nothing
        svg = (f'<svg class="map-svg" xmlns="http://www.w3.org/2000/svg" '
               f'viewBox="0 0 {project.width} {_num(project.height)}" role="group" '
               f'aria-labelledby="{ident}-title {ident}-desc">'
               f'<title id="{ident}-title">{escape(title)}</title>'
               f'<desc id="{ident}-desc">{escape(described)}.</desc>'
               + self._base(set(marked_areas)) + "".join(area_svg)
               + '<g class="map-names" aria-hidden="true">' + "".join(names) + "</g>"
               + "".join(marks_svg) + "</svg>")
        used = {s.symbol for s in shown}
        return LocatorMap(svg, tuple(shown), tuple(whole), tuple(outside), tuple(unlocated),
                          tuple(s for s in SYMBOLS if s in used), data.attribution)

    def _base(self, marked: set[str]) -> str:
        """Sea, neighbours, the provinces not marked, and the country's outline."""
        width, height = self.project.width, self.project.height
        layers = {"neighbour": [], "province": [], "country": []}
        for area, path in zip(self.data.areas, self.paths):
            if area.name not in marked or area.role == "country":
                layers[area.role].append(f'<path class="map-{area.role}" d="{path}" '
                                         + _BASE_STYLE[area.role] + "/>")
        return (f'<rect class="map-sea" width="{width}" height="{height}" fill="#dcebf5"/>'
                + "".join(layers["neighbour"] + layers["province"] + layers["country"]))

    def _context_names(self, labels: _Labels, marked: set) -> list[str]:
        """Unmarked provinces' and neighbours' names, where they fit: for orientation."""
        names = []
        for area, width in zip(self.data.areas, self.widths):
            if area.role == "country" or _fold(area.name) in marked or area.label is None:
                continue
            neighbour = area.role == "neighbour"
            text = area.name.upper() if neighbour else area.name
            size = 11 if neighbour else 12
            if len(text) * CHAR_WIDTH * size > width:
                continue  # a name wider than its area would only confuse
            x, y = self.project(*area.label)
            spot = labels.place(text, [(x, y + size * 0.35, "middle")], size=size, force=False,
                                char_width=0.8 if neighbour else CHAR_WIDTH)
            if spot:
                names.append(f'<text class="map-name map-name-{area.role}" x="{_num(spot[0])}" '
                             f'y="{_num(spot[1])}" text-anchor="middle" font-size="{size}" '
                             f'fill="#6b7480">{escape(text)}</text>')
        return names


def _radius(mark: MapMark, symbol: str) -> float:
    if symbol == "place":
        return 6.0 if mark.primary else 4.5
    return 10.0 if mark.primary else 8.0


def _link(mark: MapMark, symbol: str, href, inner: str, words: MapWords) -> str:
    classes = "map-mark" + (" map-mark-primary" if mark.primary else "")
    label = _named(mark.place, symbol if symbol != "area" else "place", words)
    return (f'<a class="{classes}" href="{escape(href(mark.place))}" aria-label="{escape(label)}">'
            f'<title>{escape(label)}</title>{inner}</a>')


def _text(x: float, y: float, anchor: str, text: str, css: str) -> str:
    return (f'<text class="{css}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
            f'font-size="{FONT}">{escape(text)}</text>')


def _point_mark(mark: MapMark, symbol: str, x: float, y: float, labels: _Labels, href,
                words: MapWords) -> str:
    radius = _radius(mark, symbol)
    shape = (f'<circle class="mark mark-{symbol}" cx="{_num(x)}" cy="{_num(y)}" r="{radius}" '
             + _MARK_STYLE[symbol] + "/>")
    lx, ly, anchor = labels.place(mark.place.name, _around(x, y, radius + 3))
    return _link(mark, symbol, href, shape + _text(lx, ly, anchor, mark.place.name, "mark-label"),
                 words)


def _area_mark(area: Area, path: str, mark: MapMark, symbol: str, project: Projection,
               labels: _Labels, href, words: MapWords) -> tuple[str, str]:
    css = "mark-area" + (" mark-area-disputed" if symbol == "disputed" else "")
    style = ('fill="#cfe0f3" stroke="#0b5cad" stroke-width="1.2"' +
             (' stroke-dasharray="4 3"' if symbol == "disputed" else ""))
    shape = f'<path class="{css}" d="{path}" {style}/>'
    x, y = project(*(area.label or area.polygons[0][0][0]))
    spots = [(x, y + FONT * 0.35, "middle")] + _around(x, y, 6)
    lx, ly, anchor = labels.place(mark.place.name, spots)
    # The name goes on top of every area, as a second way to the same link
    # that keyboards and screen readers skip.
    name = (f'<a class="map-mark" href="{escape(href(mark.place))}" tabindex="-1" '
            f'aria-hidden="true">{_text(lx, ly, anchor, mark.place.name, "mark-label")}</a>')
    return _link(mark, symbol, href, shape, words), name


# Presentation attributes: the map stays legible without the stylesheet; the
# stylesheet overrides them (dark mode, print).
_BASE_STYLE = {
    "neighbour": 'fill="#ecebe6" stroke="#ffffff" stroke-width="0.8"',
    "province": 'fill="#ffffff" stroke="#b9c0c8" stroke-width="0.7"',
    "country": 'fill="none" stroke="#59626d" stroke-width="1.2"',
}
_MARK_STYLE = {
    "place": 'fill="#0b5cad" stroke="#ffffff" stroke-width="1.5"',
    "approximate": 'fill="none" stroke="#0b5cad" stroke-width="2.5"',
    "disputed": 'fill="none" stroke="#a4161a" stroke-width="2.5" stroke-dasharray="4 3"',
}
