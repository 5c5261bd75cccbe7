"""The pieces a locator map is drawn from: its words in the edition's language, the
marks laid out on one sheet (the main map or its detail), and the SVG of each mark
and name. Pure: render/maps.py lays them out and puts the map together."""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ..model import Place
from ..plan.contexts import MapMark
from .geometry import Projection, extent, svg_path, within
from .labels import BADGE, FONT, NUMBER_FONT, Space


@dataclass(frozen=True)
class MapWords:
    """The map's words, in the edition's language: {fields} are filled in."""

    title: str = "Map of {country}"
    disputed: str = "disputed"
    approximate: str = "approximate location"
    nothing: str = "No place is marked"
    inset: str = "Detail: {area}"  # the detail map's title
    inset_plain: str = "Detail"  # its title when it is in no one province
    separator: str = ", "  # between the places listed
    kinds: dict = field(default_factory=dict)  # place kind -> its name, e.g. 'province'
    # An area's name in the edition's language, by its code, where it differs from the
    # map's own (English) name: the country and its neighbours, from the CLDR.
    area_names: dict = field(default_factory=dict)


def num(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class PointMark:
    mark: MapMark
    symbol: str
    lon: float
    lat: float
    in_inset: bool = False


@dataclass
class AreaMark:
    index: int  # of the area in the map data
    mark: MapMark
    symbol: str
    in_inset: bool = False  # its name goes on the detail map


@dataclass
class Sheet:
    """One drawing of a map, the main one or its detail: where things go on it."""

    project: Projection
    rings: list  # each area's rings in view-box units
    space: Space
    names: dict = field(default_factory=dict)  # place id -> the spot of its name, or None
    badges: dict = field(default_factory=dict)  # area place id -> where its number goes
    context: list = field(default_factory=list)  # unmarked areas' names, as SVG
    boxes: list | None = None  # each area's extent in view-box units (None: no rings)
    # What is worked out once for the sheet (for the main sheet, once for every map
    # drawn on it): each area's SVG path data, and whether a point is in an area.
    paths: dict = field(default_factory=dict)  # area index -> path data
    insides: dict = field(default_factory=dict)  # (area index, x, y) -> bool

    def __post_init__(self):
        if self.boxes is None:
            self.boxes = [extent(rings) if rings else None for rings in self.rings]

    def path(self, index: int) -> str:
        """Area `index`'s outline as SVG path data."""
        made = self.paths.get(index)
        if made is None:
            made = self.paths[index] = svg_path(self.rings[index])
        return made

    def in_area(self, index: int, x: float, y: float) -> bool:
        box = self.boxes[index]
        if box is None or not (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            return False
        found = self.insides.get((index, x, y))
        if found is None:
            found = self.insides[index, x, y] = within([self.rings[index]], x, y)
        return found


def note(place: Place, symbol: str, words: MapWords) -> str:
    """What the symbol says of a place, in words: 'disputed', 'province'."""
    if symbol == "area":
        return words.kinds.get(place.kind, place.kind)
    return {"disputed": words.disputed, "approximate": words.approximate}.get(symbol, "")


def with_note(place: Place, symbol: str, words: MapWords) -> str:
    said = note(place, symbol, words)
    return f"{place.name} ({said})" if said else place.name


def mark_radius(mark: MapMark, symbol: str) -> float:
    if symbol == "place":
        return 6.0 if mark.primary else 4.5
    return 10.0 if mark.primary else 8.0


def mark_room(mark: MapMark, symbol: str) -> float:
    """How far from its centre a point mark reaches: room enough for a number."""
    return max(mark_radius(mark, symbol), BADGE) + 1


def link(mark: MapMark, symbol: str, href, inner: str, words: MapWords,
         focusable: bool = True) -> str:
    classes = "map-mark" + (" map-mark-primary" if mark.primary else "")
    label = with_note(mark.place, symbol if symbol != "area" else "place", words)
    if not focusable:  # a second way to the same link, which keyboards and screen readers skip
        return (f'<a class="{classes}" href="{escape(href(mark.place))}" tabindex="-1" '
                f'aria-hidden="true">{inner}</a>')
    return (f'<a class="{classes}" href="{escape(href(mark.place))}" aria-label="{escape(label)}">'
            f'<title>{escape(label)}</title>{inner}</a>')


def text_svg(spot, text: str, css: str) -> str:
    x, y, anchor = spot
    return (f'<text class="{css}" x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" '
            f'font-size="{FONT}">{escape(text)}</text>')


def number_svg(x: float, y: float, number: int, css: str) -> str:
    return (f'<text class="{css}" x="{num(x)}" y="{num(y + NUMBER_FONT * 0.36)}" '
            f'text-anchor="middle" font-size="{NUMBER_FONT}">{number}</text>')


def plain_mark(p: PointMark, x: float, y: float) -> str:
    """A mark named on the detail map: drawn here only to show where it is."""
    radius = mark_radius(p.mark, p.symbol)
    return (f'<circle class="mark mark-{p.symbol}" cx="{num(x)}" cy="{num(y)}" r="{radius}" '
            + MARK_STYLE[p.symbol] + ' aria-hidden="true"/>')


def point_mark(p: PointMark, x: float, y: float, spot, number: int | None, href,
               words: MapWords) -> str:
    """A linked mark with its name beside it, or, when no name fit, its number in it."""
    radius = mark_radius(p.mark, p.symbol)
    if number is None:
        shape = (f'<circle class="mark mark-{p.symbol}" cx="{num(x)}" cy="{num(y)}" '
                 f'r="{radius}" ' + MARK_STYLE[p.symbol] + "/>")
        return link(p.mark, p.symbol, href,
                    shape + text_svg(spot, p.mark.place.name, "mark-label"), words)
    radius = max(radius, BADGE)
    shape = (f'<circle class="mark mark-{p.symbol} mark-numbered" cx="{num(x)}" cy="{num(y)}" '
             f'r="{radius}" ' + MARK_STYLE[p.symbol] + "/>")
    css = "mark-number" + ("" if p.symbol == "place" else f" mark-number-{p.symbol}")
    return link(p.mark, p.symbol, href, shape + number_svg(x, y, number, css), words)


def area_shape(a: AreaMark, path: str, href, words: MapWords, focusable: bool) -> str:
    css = "mark-area" + (" mark-area-disputed" if a.symbol == "disputed" else "")
    style = ('fill="#cfe0f3" stroke="#0b5cad" stroke-width="1.2"' +
             (' stroke-dasharray="4 3"' if a.symbol == "disputed" else ""))
    return link(a.mark, a.symbol, href, f'<path class="{css}" d="{path}" {style}/>', words,
                 focusable)


def area_name(a: AreaMark, sheet: Sheet, numbers: dict, href) -> str:
    """An area's name (or number) on top of it, as a second way to its link."""
    place = a.mark.place
    spot = sheet.names.get(place.id)
    if spot is not None:
        inner = text_svg(spot, place.name, "mark-label")
    else:
        x, y = sheet.badges[place.id]
        inner = (f'<circle class="mark mark-badge" cx="{num(x)}" cy="{num(y)}" r="{BADGE}" '
                 + MARK_STYLE["place"] + "/>"
                 + number_svg(x, y, numbers[place.id], "mark-number"))
    return (f'<a class="map-mark" href="{escape(href(place))}" tabindex="-1" '
            f'aria-hidden="true">{inner}</a>')


# Presentation attributes: the map stays legible without the stylesheet; the
# stylesheet overrides them (dark mode, print).
BASE_STYLE = {
    "neighbour": 'fill="#ecebe6" stroke="#ffffff" stroke-width="0.8"',
    "province": 'fill="#ffffff" stroke="#b9c0c8" stroke-width="0.7"',
    "country": 'fill="none" stroke="#59626d" stroke-width="1.2"',
    "disputed": 'stroke="#a4161a" stroke-width="1" stroke-dasharray="4 3"',
}
MARK_STYLE = {
    "place": 'fill="#0b5cad" stroke="#ffffff" stroke-width="1.5"',
    "approximate": 'fill="none" stroke="#0b5cad" stroke-width="2.5"',
    "disputed": 'fill="none" stroke="#a4161a" stroke-width="2.5" stroke-dasharray="4 3"',
}
