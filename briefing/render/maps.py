"""Locator maps: a country and its provinces, drawn as static SVG with places marked.

The outline comes from a small GeoJSON file in the project (map/country.geojson,
made once by tools/make_map_data.py), read by the load stage (load/mapdata.py).
draw_map() draws one map: pure, with no file, no script, no tile, no other host.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from html import escape

from ..load.mapdata import Area, MapData
from ..model import Place
from ..plan.contexts import MapMark

AREA_KINDS = ("country", "province", "region", "district")
WIDTH = 400  # viewBox units; the height follows from the frame
FONT = 14  # label size in viewBox units
CHAR_WIDTH = 0.6  # of the font size: a rough average, enough to keep labels apart
# Legend entries, in the order they are listed.
SYMBOLS = ("place", "approximate", "area", "disputed")


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
    outside: tuple[MapMark, ...]  # marked places the frame does not reach
    unlocated: tuple[MapMark, ...]  # marked places with no location to draw
    symbols: tuple[str, ...]  # legend entries the map uses, in SYMBOLS order
    attribution: str


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
                unlocated.append(mark)
                continue
            elif project.contains(location.lon, location.lat):
                points.append((mark, symbol, *project(location.lon, location.lat)))
            else:
                outside.append(mark)
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
