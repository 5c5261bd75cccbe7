"""Locator maps: a country and its provinces, drawn as static SVG with places marked.

The outline comes from a small GeoJSON file in the project (map/country.geojson,
made once by tools/make_map_data.py), read by the load stage (load/mapdata.py).
draw_map() draws one map: pure, with no file, no script, no tile, no other host.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from html import escape

from ..load import AREA_KINDS, Area, MapData, area_named, fold_name
from ..model import Place
from ..vocabulary import PartialDate
from ..plan.contexts import MapMark
from .geometry import (AREA_SPAN, MIN_ZOOM, NEAR_DIVISION, Projection, clip, crowded,
                       distance_to, extent, in_frame, inset_frame, projected_rings, svg_path,
                       window_box, within, zoom)
from .map_parts import (BASE_STYLE, AreaMark, MapWords, PointMark, Sheet, area_name, area_shape,
                        mark_radius, mark_room, num, plain_mark, point_mark, with_note)
from .labels import (BADGE, FONT, Lines, Name, Space, around, circle_box, place_names,
                     corners, shifted, text_box, text_width)

# Legend entries, in the order they are listed ('inset': the frame of the detail map).
SYMBOLS = ("place", "approximate", "area", "disputed", "disputed_area", "inset")


@dataclass(frozen=True)
class ShownPlace:
    mark: MapMark
    symbol: str  # one of SYMBOLS
    number: int | None = None  # when its name did not fit: the number on its mark

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
    inset: str = ""  # the detail map, drawn when most marks are in one small part
    disputed: tuple[Area, ...] = ()  # the disputed areas the map shows, hatched
    as_of: PartialDate = PartialDate()  # the date its borders are drawn as of, if given

    @property
    def named(self) -> tuple[ShownPlace, ...]:
        """The places whose names are on the map."""
        return tuple(s for s in self.shown if s.number is None)

    @property
    def numbered(self) -> tuple[ShownPlace, ...]:
        """The places whose marks carry a number instead, by number."""
        return tuple(sorted((s for s in self.shown if s.number is not None),
                            key=lambda s: s.number))


# Drawing ------------------------------------------------------------------

def matching_area(data: MapData, place: Place) -> Area | None:
    """The country or province of the map a place is, by its name, an alias or its
    id read as words ('cabo-delgado'): a translated name may match no area."""
    if place.kind not in AREA_KINDS:
        return None
    return area_named(data, place.map_names)


def _symbol(mark: MapMark, area: Area | None) -> str:
    if mark.confidence == "disputed":
        return "disputed"
    if area is not None:
        return "area"
    if mark.place.location and mark.place.location.precision != "exact":
        return "approximate"
    return "place"


def draw_map(data: MapData, marks: list[MapMark], href, ident: str = "map",
             words: MapWords = MapWords(), country: str = "") -> LocatorMap:
    """The map with the marks drawn; href(place) gives each mark's link."""
    return MapDrawer(data).draw(marks, href, ident, words, country)


class MapDrawer:
    """Draws one country's maps: the outlines are projected once, the marks per map."""

    def __init__(self, data: MapData):
        self.data = data
        self.project = Projection(data.frame)
        self.rings = [projected_rings(area.polygons, self.project) for area in data.areas]
        self.paths = {index: svg_path(rings) for index, rings in enumerate(self.rings)}
        self.insides: dict = {}  # the main sheet's, kept for every map drawn on it
        self.lines = Lines([ring + ring[:1] for rings in self.rings for ring in rings])
        self.boxes = [extent(rings) for rings in self.rings]

    def draw(self, marks: list[MapMark], href, ident: str = "map",
             words: MapWords = MapWords(), country: str = "") -> LocatorMap:
        """The map with the marks drawn; href(place) gives each mark's link,
        country the country's name in the edition's language. Names that do
        not fit are numbers on the map, listed in LocatorMap.numbered."""
        data, project = self.data, self.project
        shown, whole, outside, unlocated = [], [], [], []
        areas: list[AreaMark] = []
        points: list[PointMark] = []
        for mark in sorted(marks, key=lambda m: (fold_name(m.place.name), m.place.id)):
            area = matching_area(data, mark.place)
            if area is data.country and not mark.primary:
                whole.append(mark.place)
                continue
            symbol = _symbol(mark, area)
            location = mark.place.location
            if area is not None:
                areas.append(AreaMark(data.areas.index(area), mark, symbol))
            elif location is None:
                unlocated.append(mark)
                continue
            elif project.contains(location.lon, location.lat):
                points.append(PointMark(mark, symbol, project.wrap(location.lon), location.lat))
            else:
                outside.append(mark)
                continue
            shown.append(ShownPlace(mark, symbol))

        marked = {fold_name(data.areas[a.index].name) for a in areas} | {
            fold_name(p.mark.place.name) for p in points}
        window, region = self._window(points, areas)
        if window and self._reads_well(window, points, areas, marked, words.area_names):
            window = None
        if window:
            for p in points:
                p.in_inset = in_frame(window, p.lon, p.lat)
            for a in areas:
                label = data.areas[a.index].label
                a.in_inset = label is not None and in_frame(window, *label)
        main = self._main_sheet(window)
        self._lay_out(main, [a for a in areas if not a.in_inset], points,
                      [p for p in points if not p.in_inset], marked, words.area_names)
        detail = None
        if window:
            detail = self._detail_sheet(window)
            inside = [p for p in points if p.in_inset]
            self._lay_out(detail, [a for a in areas if a.in_inset], inside, inside, marked,
                          words.area_names)

        unnamed = {key for sheet in (main, detail) if sheet
                   for key, spot in sheet.names.items() if spot is None}
        numbers, counted = {}, 0
        for s in shown:
            if s.place.id in unnamed:
                counted += 1
                numbers[s.place.id] = counted
        shown = [replace(s, number=numbers.get(s.place.id)) for s in shown]

        title = words.title.format(country=country or data.country.name)
        described = words.separator.join(with_note(s.place, s.symbol, words) for s in shown) or words.nothing
        svg = self._svg(main, ident, title, described, areas, points, numbers, href, words,
                        window, detail=False)
        inset = ""
        if detail:
            inset_title = (words.inset.format(area=region) if region else words.inset_plain)
            named = [s for s in shown if any(p.in_inset and p.mark is s.mark for p in points)
                     or any(a.in_inset and a.mark is s.mark for a in areas)]
            inset = self._svg(detail, ident + "-inset", inset_title,
                              words.separator.join(with_note(s.place, s.symbol, words) for s in named),
                              [a for a in areas], [p for p in points if p.in_inset], numbers,
                              href, words, None, detail=True)
        disputed = self.disputed_on(main)
        used = {s.symbol for s in shown} | ({"disputed_area"} if disputed else set())
        symbols = tuple(s for s in SYMBOLS if s in used) + (("inset",) if inset else ())
        return LocatorMap(svg, tuple(shown), tuple(whole), tuple(outside), tuple(unlocated),
                          symbols, data.attribution, inset, disputed, data.as_of)

    # Laying out --------------------------------------------------------

    def _main_sheet(self, window) -> Sheet:
        project = self.project
        lines = (self.lines,)
        if window:
            left, top, right, bottom = window_box(window, project)
            lines += (Lines([[(left, top), (right, top), (right, bottom), (left, bottom),
                              (left, top)]]),)
        return Sheet(project, self.rings, Space(project.width, project.height, lines),
                     boxes=self.boxes, paths=self.paths, insides=self.insides)

    def _detail_sheet(self, window) -> Sheet:
        project = Projection(window)
        # Cut a little outside the frame, so the cut edges fall outside the picture.
        west, south, east, north = window
        pad_x, pad_y = (east - west) * 0.02, (north - south) * 0.02
        cut = (west - pad_x, south - pad_y, east + pad_x, north + pad_y)
        rings = [projected_rings(clip(area.polygons, cut), project) for area in self.data.areas]
        lines = Lines([ring + ring[:1] for area_rings in rings for ring in area_rings])
        return Sheet(project, rings, Space(project.width, project.height, (lines,)))

    def _lay_out(self, sheet: Sheet, areas: list[AreaMark], drawn: list[PointMark],
                 named: list[PointMark], marked: set[str], area_names: dict) -> None:
        """Where the marks' names go on a sheet: every drawn point first takes
        its room, then the areas' names, the points' names, and last the
        unmarked areas' names where room is left."""
        project, space = sheet.project, sheet.space
        for p in drawn:  # the mark itself, and room around it for a number
            x, y = project(p.lon, p.lat)
            space.reserve(circle_box(x, y, mark_radius(p.mark, p.symbol) + 1))
            space.reserve(circle_box(x, y, mark_room(p.mark, p.symbol)), owner=p.mark.place.id)
        for a in areas:
            area = self.data.areas[a.index]
            x, y = project(*(area.label or area.polygons[0][0][0]))
            spots = [(x, y + FONT * 0.35, "middle")] + around(x, y, 6)
            # Its name centred inside it, never read as a neighbour's.
            spot = space.take(a.mark.place.name, spots,
                              refuse=lambda sx, sy, index=a.index: not sheet.in_area(index, sx, sy))
            sheet.names[a.mark.place.id] = spot
            if spot is None:
                badge = space.take_circle([(x, y)] + [(sx, sy) for sx, sy, _ in around(x, y, 9)],
                                          BADGE + 1)
                sheet.badges[a.mark.place.id] = badge or (x, y)
        wanted = [Name(p.mark.place.name, *project(p.lon, p.lat), mark_radius(p.mark, p.symbol) + 3,
                       p.mark.primary, p.mark.place.id,
                       self._in_another_division(sheet, self._home_division(p.lon, p.lat)))
                  for p in named]
        for p, spot in zip(named, place_names(space, wanted)):
            sheet.names[p.mark.place.id] = spot
        sheet.context = self._context_names(sheet, marked, area_names)

    def _in_another_division(self, sheet: Sheet, home: list[int]):
        """refuse(x, y) for a mark's name: a name centred in a division the mark is not
        in would be read as that division's (Mekelle's name inside Amhara). A mark in
        no division, even near (a ship at sea), is held to nothing."""
        if not home:
            return None
        others = [i for i, area in enumerate(self.data.areas)
                  if area.role == "province" and i not in home and sheet.rings[i]]
        return lambda x, y: any(sheet.in_area(i, x, y) for i in others)

    def _context_names(self, sheet: Sheet, marked: set, area_names: dict) -> list[str]:
        """Unmarked provinces' and neighbours' names, where they fit: for orientation."""
        names = []
        for index, (area, rings) in enumerate(zip(self.data.areas, sheet.rings)):
            if area.role == "country" or fold_name(area.name) in marked or area.label is None \
                    or not rings:
                continue
            neighbour = area.role == "neighbour"
            name = area_names.get(area.code, area.name)
            text = name.upper() if neighbour else name
            size = 11 if neighbour else 12
            spacing = 0.08 if neighbour else 0.0
            left, _, right, _ = sheet.boxes[index]
            if text_width(text, size, spacing) > right - left:
                continue  # a name wider than its area would only confuse
            x, y = sheet.project(*area.label)
            # At its label point; else, when a mark or its name took that, near it:
            # wholly inside its own area if it can be, else (a division, not a
            # neighbour, whose name is only there to orient) centred inside it.
            first, *others = shifted(x, y, size)
            spot = sheet.space.take(text, [first], size, spacing)
            if spot is None:  # the other spots are weighed only when the first is taken
                boxes = [(other, text_box(text, other, size, spacing)) for other in others]
                spot = (sheet.space.take(text, [other for other, box in boxes if all(
                            sheet.in_area(index, *corner) for corner in corners(box))],
                            size, spacing)
                        or not neighbour and sheet.space.take(text, [
                            other for other, box in boxes if sheet.in_area(
                                index, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2)],
                            size, spacing))
            if spot:
                names.append(f'<text class="map-name map-name-{area.role}" x="{num(spot[0])}" '
                             f'y="{num(spot[1])}" text-anchor="middle" font-size="{size}" '
                             f'fill="#6b7480">{escape(text)}</text>')
        return names

    def _window(self, points: list[PointMark], areas: list[AreaMark]):
        """The detail map's frame and the province most of its marks are in
        (or ""), or (None, "") when the marks are spread out enough."""
        project = self.project
        spots = [(p.lon, p.lat) for p in points]
        spots += [self.data.areas[a.index].label for a in areas if self.data.areas[a.index].label]
        xy = [project(lon, lat) for lon, lat in spots]
        group = crowded(xy, project.width, project.height)
        if not group:
            return None, ""
        boxes = [(xy[i][0], xy[i][1], xy[i][0], xy[i][1]) for i in group]
        counts = Counter()
        for i in group:
            for index in self._provinces_at(*spots[i]):
                counts[index] += 1
        limit = max(project.width, project.height) * AREA_SPAN
        for index in counts:
            box = self.boxes[index]
            if box[2] - box[0] <= limit and box[3] - box[1] <= limit:
                boxes.append(box)
        region = min(counts, key=lambda i: (-counts[i], i)) if counts else None
        frame = inset_frame(boxes, project)
        if zoom(frame, project) < MIN_ZOOM:  # the provinces make it too big: the marks alone
            frame = inset_frame(boxes[:len(group)], project)
        if zoom(frame, project) < MIN_ZOOM:
            return None, ""
        return frame, self.data.areas[region].name if counts else ""

    def _reads_well(self, window, points: list[PointMark], areas: list[AreaMark],
                    marked: set[str], area_names: dict) -> bool:
        """Whether the main map alone names every point inside the window clear
        of borders: then a detail map would add nothing. (An area's name may
        well cross its own borders.)"""
        trial = self._main_sheet(None)
        self._lay_out(trial, areas, points, points, marked, area_names)
        for p in points:
            spot = trial.names[p.mark.place.id]
            if in_frame(window, p.lon, p.lat) and (
                    spot is None or trial.space.crossings(text_box(p.mark.place.name, spot))):
                return False
        return True

    def _provinces_at(self, lon: float, lat: float) -> list[int]:
        x, y = self.project(lon, lat)
        return [i for i, (area, box) in enumerate(zip(self.data.areas, self.boxes))
                if area.role == "province" and box[0] <= x <= box[2] and box[1] <= y <= box[3]
                and within(area.polygons, lon, lat)]

    def _home_division(self, lon: float, lat: float) -> list[int]:
        """The divisions a point is in; for a point the simplified outline leaves in the
        sea (a coastal town, an island), the nearest division within half a degree."""
        inside = self._provinces_at(lon, lat)
        if inside:
            return inside
        distances = [(distance_to(area.polygons, lon, lat), i)
                     for i, area in enumerate(self.data.areas) if area.role == "province"]
        near = min(distances, default=None)
        return [near[1]] if near and near[0] <= NEAR_DIVISION else []

    # Drawing -----------------------------------------------------------

    def _svg(self, sheet: Sheet, ident: str, title: str, described: str,
             areas: list[AreaMark], points: list[PointMark], numbers: dict, href,
             words: MapWords, window, detail: bool) -> str:
        """One SVG: on the main map (detail False) the areas' shapes are the
        links; on the detail map the points inside it are."""
        project = sheet.project
        marked = {a.index for a in areas}
        area_svg, marks_svg = [], []
        for a in areas:
            rings = sheet.rings[a.index]
            if not rings:
                continue
            area_svg.append(area_shape(a, sheet.path(a.index), href, words, focusable=not detail))
            if a.in_inset == detail:
                marks_svg.append(area_name(a, sheet, numbers, href))
        for p in points:
            x, y = project(p.lon, p.lat)
            if p.in_inset and not detail:
                marks_svg.append(plain_mark(p, x, y))
            else:
                marks_svg.append(point_mark(p, x, y, sheet.names.get(p.mark.place.id),
                                             numbers.get(p.mark.place.id), href, words))
        frame = ""
        if window:
            left, top, right, bottom = window_box(window, project)
            left, top = max(left, 1), max(top, 1)  # the whole line inside the picture
            right, bottom = min(right, project.width - 1), min(bottom, project.height - 1)
            frame = (f'<rect class="map-inset-frame" x="{num(left)}" y="{num(top)}" '
                     f'width="{num(right - left)}" height="{num(bottom - top)}" fill="none" '
                     f'stroke="#1b1f24" stroke-width="1.5"/>')
        css = "map-svg map-inset" if detail else "map-svg"
        return (f'<svg class="{css}" xmlns="http://www.w3.org/2000/svg" '
                f'viewBox="0 0 {project.width} {num(project.height)}" role="group" '
                f'aria-labelledby="{ident}-title {ident}-desc">'
                f'<title id="{ident}-title">{escape(title)}</title>'
                f'<desc id="{ident}-desc">{escape(described)}.</desc>'
                + self._base(sheet, marked) + "".join(area_svg) + self._disputed(sheet, ident)
                + '<g class="map-names" aria-hidden="true">' + "".join(sheet.context) + "</g>"
                + frame + "".join(marks_svg) + "</svg>")

    def _disputed(self, sheet: Sheet, ident: str) -> str:
        """The disputed areas on this sheet, hatched over everything but the names."""
        paths = [f'<path class="map-disputed" d="{sheet.path(index)}" fill="url(#{ident}-hatch)" '
                 + BASE_STYLE["disputed"] + "/>"
                 for index, (area, rings) in enumerate(zip(self.data.areas, sheet.rings))
                 if area.role == "disputed" and rings]
        if not paths:
            return ""
        return (f'<defs><pattern id="{ident}-hatch" width="6" height="6" '
                'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                '<line class="map-hatch" x1="0" y1="0" x2="0" y2="6" stroke="#a4161a" '
                'stroke-width="1.5"/></pattern></defs>' + "".join(paths))

    def disputed_on(self, sheet: Sheet) -> tuple[Area, ...]:
        return tuple(area for area, rings in zip(self.data.areas, sheet.rings)
                     if area.role == "disputed" and rings)

    def _base(self, sheet: Sheet, marked: set[int]) -> str:
        """Sea, neighbours, the provinces not marked, and the country's outline."""
        width, height = sheet.project.width, sheet.project.height
        layers = {"neighbour": [], "province": [], "country": [], "disputed": []}
        divided = any(area.role == "province" for area in self.data.areas)
        for index, (area, rings) in enumerate(zip(self.data.areas, sheet.rings)):
            if rings and area.role == "country" and not divided:
                # No divisions to fill the country: its land goes under its outline.
                layers["province"].append(f'<path class="map-land" d="{sheet.path(index)}" '
                                          'fill="#ffffff"/>')
            if rings and area.role != "disputed" and (index not in marked
                                                      or area.role == "country"):
                layers[area.role].append(f'<path class="map-{area.role}" d="{sheet.path(index)}" '
                                         + BASE_STYLE[area.role] + "/>")
        return (f'<rect class="map-sea" width="{width}" height="{num(height)}" fill="#dcebf5"/>'
                + "".join(layers["neighbour"] + layers["province"] + layers["country"]))


