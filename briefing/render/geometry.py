"""The geometry of a locator map: the projection, polygons cut to a frame, points
within polygons, and where a detail map (inset) goes. No SVG here but path data."""
from __future__ import annotations

import math

WIDTH = 400  # viewBox units; the height follows from the frame


class Projection:
    """Equirectangular, with longitudes narrowed at the frame's middle latitude:
    close enough for one country, and simple enough to check by hand. A frame
    across the antimeridian runs past 180° (Fiji: 176.5 to 182.5); a place's
    longitude is turned by whole turns to the frame's side of it."""

    def __init__(self, frame: tuple[float, float, float, float], width: float = WIDTH):
        self.west, self.south, self.east, self.north = frame
        self.narrowing = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = width / ((self.east - self.west) * self.narrowing)
        self.width = width
        self.height = round((self.north - self.south) * self.scale, 1)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.narrowing * self.scale, (self.north - lat) * self.scale)

    def wrap(self, lon: float) -> float:
        """The longitude, less or plus whole turns, nearest the frame's middle."""
        return lon + 360 * round(((self.west + self.east) / 2 - lon) / 360)

    def invert(self, x: float, y: float) -> tuple[float, float]:
        return (self.west + x / (self.narrowing * self.scale), self.north - y / self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= self.wrap(lon) <= self.east and self.south <= lat <= self.north


def projected_rings(polygons, project: Projection) -> list[list[tuple[int, int]]]:
    """Each ring in whole view-box units, without repeated points: at the main
    map's scale a unit is about 3 km, and whole units keep the map small."""
    rings = []
    for polygon in polygons:
        for ring in polygon:
            points: list[tuple[int, int]] = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                point = (round(x), round(y))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 3:
                rings.append(points)
    return rings


def svg_path(rings) -> str:
    """SVG path data, each step relative to the last."""
    parts = []
    for points in rings:
        steps = [f"M{points[0][0]} {points[0][1]}l"]
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            dy = y1 - y0
            steps.append(f"{x1 - x0}{'' if dy < 0 else ' '}{dy}" + " ")
        parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)


def clip(polygons, frame):
    """The polygons cut to a frame (Sutherland-Hodgman, one side at a time)."""
    west, south, east, north = frame
    sides = ((0, west, 1), (0, east, -1), (1, south, 1), (1, north, -1))
    clipped = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            points = list(ring)
            for axis, value, sign in sides:
                points = clip_side(points, axis, value, sign)
            if len(points) >= 3:
                rings.append(tuple(points))
            elif not rings:
                break  # the outer ring is outside: so are its holes
        if rings:
            clipped.append(tuple(rings))
    return tuple(clipped)


def clip_side(points, axis: int, value: float, sign: int):
    def inside(p):
        return (p[axis] - value) * sign >= 0

    def meeting(a, b):
        t = (value - a[axis]) / (b[axis] - a[axis])
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    kept = []
    for previous, current in zip(points[-1:] + points[:-1], points):
        if inside(current):
            if not inside(previous):
                kept.append(meeting(previous, current))
            kept.append(current)
        elif inside(previous):
            kept.append(meeting(previous, current))
    return kept


def within(polygons, lon: float, lat: float) -> bool:
    """Whether a point is inside the polygons (even-odd rule over every ring)."""
    inside = False
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


# A detail map (inset) is drawn when at least INSET_SHARE of the marks, and no
# fewer than INSET_LEAST, lie within a square INSET_SPAN of the map's longer
# side, and the main map cannot name them all clear of borders. It takes in the
# provinces they are in when those are no wider than AREA_SPAN, and zooms in
# at least MIN_ZOOM and at most MAX_ZOOM times.
INSET_SHARE = 0.6
INSET_LEAST = 3
INSET_SPAN = 0.3
AREA_SPAN = 0.45
MAX_ZOOM = 6.0
MIN_ZOOM = 2.0  # or there is no point in a detail map


def crowded(xy: list[tuple[float, float]], width: float, height: float) -> list[int]:
    """The marks (indexes) in one small part of the map when they are most of
    them, else []."""
    if len(xy) < INSET_LEAST:
        return []
    reach = max(width, height) * INSET_SPAN / 2

    def near(i):
        return [j for j, (x, y) in enumerate(xy)
                if abs(x - xy[i][0]) <= reach and abs(y - xy[i][1]) <= reach]

    group = max((near(i) for i in range(len(xy))), key=len)  # the first of the largest
    return group if len(group) >= max(INSET_LEAST, INSET_SHARE * len(xy)) else []


def inset_frame(boxes: list[tuple[float, float, float, float]], project: Projection):
    """The frame (west, south, east, north) of a square detail map around these
    boxes (view-box units of the main map), inside the main map's frame."""
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    side = max(right - left, bottom - top) * 1.15 + 12
    side = min(max(side, project.width / MAX_ZOOM), project.width, project.height)
    left = min(max((left + right - side) / 2, 0), project.width - side)
    top = min(max((top + bottom - side) / 2, 0), project.height - side)
    west, north = project.invert(left, top)
    east, south = project.invert(left + side, top + side)
    return (west, south, east, north)


def zoom(window, project: Projection) -> float:
    """How many times larger the detail map draws its part of the main map."""
    left, _, right, _ = window_box(window, project)
    return project.width / (right - left)


def extent(rings) -> tuple[float, float, float, float]:
    """The box around some rings, in view-box units."""
    xs = [x for ring in rings for x, _ in ring] or [0]
    ys = [y for ring in rings for _, y in ring] or [0]
    return (min(xs), min(ys), max(xs), max(ys))


def in_frame(frame, lon: float, lat: float) -> bool:
    west, south, east, north = frame
    return west <= lon <= east and south <= lat <= north


def window_box(window, project: Projection):
    west, south, east, north = window
    (left, top), (right, bottom) = project(west, north), project(east, south)
    return left, top, right, bottom


# How far (in degrees) a point off every division's outline may be from the nearest
# to count as in it: the map data is simplified to about 0.03 degrees.
NEAR_DIVISION = 0.5


def distance_to(polygons, lon: float, lat: float) -> float:
    """The distance from a point to the nearest edge of the polygons, in degrees."""
    best = float("inf")
    for polygon in polygons:
        for ring in polygon:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                dx, dy = x1 - x0, y1 - y0
                length = dx * dx + dy * dy
                t = 0.0 if not length else max(0.0, min(1.0, ((lon - x0) * dx + (lat - y0) * dy)
                                                      / length))
                best = min(best, math.hypot(lon - x0 - t * dx, lat - y0 - t * dy))
    return best
