"""Where a map's names go: beside their marks, over nothing else, or as a number.

Pure geometry in view-box units (y grows downwards). A Space knows the frame,
the boxes already taken (marks, names) and the border lines; names are placed
greedily, each on the free spot around its mark that crosses the fewest lines
(Imhof's order of preference: right, upper right, lower right, left, ...). A
name with no free spot is left to the caller, which numbers its mark instead.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from math import floor

Box = tuple[float, float, float, float]  # left, top, right, bottom
Point = tuple[float, float]
Spot = tuple[float, float, str]  # x, y of the baseline, text-anchor

FONT = 14  # a place's name, in view-box units
NUMBER_FONT = 10  # the number in a numbered mark
BADGE = 8.0  # radius of a numbered mark: every point mark reserves this much room
CROSSING_COST = 4  # a border under a name costs as much as four steps down the preferences
CELL = 40  # side of the grid cells that index boxes and lines

# Advance widths (in ems) of DejaVu Sans Bold, the widest face the site's font
# stack falls back to, rounded up by groups: a name that fits in it fits in any.
_WIDTHS = {ch: width for chars, width in (
    (" ijlIJ'.,:;|/\\", 0.38), ("ft!()[]-", 0.49), ("rcszL?\"*", 0.60),
    ("0123456789abdeghknopquvxyEFT#$&+<=>^_{}~", 0.72),
    ("ABCKPRSVXYZ", 0.78), ("DGHNOQU", 0.85), ("mwMW%@", 1.1)) for ch in chars}


def text_width(text: str, size: float, spacing: float = 0.0) -> float:
    """The width of a name drawn in bold at this size (spacing: extra ems
    between letters): an upper bound."""
    return size * sum(_char_width(ch) + spacing for ch in text)


def _char_width(ch: str) -> float:
    if ch in _WIDTHS:
        return _WIDTHS[ch]
    base = unicodedata.normalize("NFD", ch)[0]
    if base in _WIDTHS:
        return _WIDTHS[base]
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.8


def text_box(text: str, spot: Spot, size: float = FONT, spacing: float = 0.0) -> Box:
    """The box a text takes with its halo, from its baseline spot and anchor."""
    x, y, anchor = spot
    width = text_width(text, size, spacing)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    # From the ascent of accented capitals to the descent of 'g' and 'p'.
    return (left - 1, y - size * 0.93, left + width + 1, y + size * 0.25)


def corners(box: Box) -> tuple[Point, ...]:
    left, top, right, bottom = box
    return (left, top), (right, top), (right, bottom), (left, bottom)


def circle_box(x: float, y: float, radius: float) -> Box:
    return (x - radius, y - radius, x + radius, y + radius)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(box: Box, a: Point, b: Point) -> bool:
    """Whether the segment a-b passes through the box (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def _cells(box: Box):
    for cx in range(floor(box[0] / CELL), floor(box[2] / CELL) + 1):
        for cy in range(floor(box[1] / CELL), floor(box[3] / CELL) + 1):
            yield cx, cy


class Lines:
    """Border lines, indexed by grid cell: what a name should rather not cross."""

    def __init__(self, lines=()):
        self.segments: list[tuple[Point, Point]] = []
        self.extents: list[Box] = []  # each segment's own box
        self.cells: dict[tuple[int, int], list[int]] = {}
        for line in lines:
            for a, b in zip(line, line[1:]):
                self.segments.append((a, b))
                box = (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
                self.extents.append(box)
                for cell in _cells(box):
                    self.cells.setdefault(cell, []).append(len(self.segments) - 1)

    def crossings(self, box: Box) -> int:
        """How many segments run through the box. A segment whose own box misses it
        cannot: most of a cell's segments are set aside by that before clipping."""
        left, top, right, bottom = box
        extents, segments = self.extents, self.segments
        count = 0
        for i in {i for cell in _cells(box) for i in self.cells.get(cell, ())}:
            s_left, s_top, s_right, s_bottom = extents[i]
            if s_right < left or s_left > right or s_bottom < top or s_top > bottom:
                continue
            count += crosses(box, *segments[i])
        return count


class Space:
    """The room left on one drawing: the frame less the boxes taken, with the
    border lines that names should rather not cross."""

    def __init__(self, width: float, height: float, lines: tuple[Lines, ...] = ()):
        self.width, self.height = width, height
        self.boxes: dict[tuple[int, int], list[tuple[Box, object]]] = {}
        self.lines = lines

    def reserve(self, box: Box, owner=None) -> None:
        """Take a box; its owner's own name may still go over it (see free)."""
        for cell in _cells(box):
            self.boxes.setdefault(cell, []).append((box, owner))

    def inside(self, box: Box) -> bool:
        return (box[0] >= 1 and box[1] >= 1
                and box[2] <= self.width - 1 and box[3] <= self.height - 1)

    def free(self, box: Box, owner=None) -> bool:
        """Inside the frame and over no box taken, but those of this owner."""
        return self.inside(box) and not any(
            overlaps(box, taken) and (owner is None or who != owner)
            for cell in _cells(box) for taken, who in self.boxes.get(cell, ()))

    def crossings(self, box: Box) -> int:
        return sum(lines.crossings(box) for lines in self.lines)

    def take(self, text: str, spots: list[Spot], size: float = FONT,
             spacing: float = 0.0, owner=None, refuse=None) -> Spot | None:
        """The cheapest free spot for the text (reserved), or None: a spot's cost
        is its rank among the spots plus the border lines it crosses. refuse(x, y):
        whether the text may not be centred there (in another division)."""
        best, best_cost = None, None
        for rank, spot in enumerate(spots):
            if best_cost is not None and rank >= best_cost:
                break  # no later spot can be cheaper
            box = text_box(text, spot, size, spacing)
            if not self.free(box, owner):
                continue
            if refuse is not None and refuse((box[0] + box[2]) / 2, (box[1] + box[3]) / 2):
                continue
            cost = rank + CROSSING_COST * self.crossings(box)
            if best_cost is None or cost < best_cost:
                best, best_cost = spot, cost
        if best is not None:
            self.reserve(text_box(text, best, size, spacing))
        return best


    def take_circle(self, centres: list[Point], radius: float) -> Point | None:
        """The first free centre for a circle (reserved), or None."""
        for x, y in centres:
            box = circle_box(x, y, radius)
            if self.free(box):
                self.reserve(box)
                return x, y
        return None


def around(x: float, y: float, gap: float, size: float = FONT) -> list[Spot]:
    """Spots for a name beside a mark at (x, y), best first: right, upper right,
    lower right, left, upper left, lower left, above, below; then the same a
    little further out."""
    spots = []
    for step in (0.0, size * 0.6):
        g = gap + step
        d = g * 0.75  # diagonal spots touch the mark's corner at 45 degrees
        middle, up, down = y + size * 0.35, y - d - size * 0.25, y + d + size * 0.93
        spots += [(x + g, middle, "start"), (x + d, up, "start"), (x + d, down, "start"),
                  (x - g, middle, "end"), (x - d, up, "end"), (x - d, down, "end"),
                  (x, y - g - size * 0.25, "middle"), (x, y + g + size * 0.93, "middle")]
    return spots


def shifted(x: float, y: float, size: float) -> list[Spot]:
    """Spots for an area's name, centred on its label point (x, y) first, then a
    line or two above and below it, then to either side: the caller keeps those
    inside the area."""
    middle = y + size * 0.35
    steps = sorted(((dx, dy) for dx in (0, -1.25, 1.25, -2.5, 2.5) for dy in (0, -1.3, 1.3, -2.6, 2.6)),
                   key=lambda step: (step[0] ** 2 + step[1] ** 2, step))
    return [(x + dx * size, middle + dy * size, "middle") for dx, dy in steps]


@dataclass(frozen=True)
class Name:
    """A mark's name to place: at (x, y), `gap` from there. The name may go
    over the room its mark reserved under `owner` (kept for a number, which
    the mark needs only when its name does not fit)."""

    text: str
    x: float
    y: float
    gap: float
    first: bool = False  # placed before the others: the place the page is about
    owner: object = None
    refuse: object = None  # refuse(x, y): no centre there (another division than the mark's)


def place_names(space: Space, names: list[Name], size: float = FONT) -> list[Spot | None]:
    """A spot for each name, or None where none is free. The names with the
    fewest neighbours go first, so that one crowded corner numbers its own
    marks rather than pushing names out elsewhere; ties keep the given order."""
    reach = [text_width(n.text, size) + n.gap for n in names]
    crowding = [sum(1 for j, m in enumerate(names) if j != i
                    and abs(m.x - n.x) < reach[i] + reach[j] and abs(m.y - n.y) < 2 * size + n.gap)
                for i, n in enumerate(names)]
    spots: list[Spot | None] = [None] * len(names)
    for i in sorted(range(len(names)), key=lambda i: (not names[i].first, crowding[i], i)):
        name = names[i]
        spots[i] = space.take(name.text, around(name.x, name.y, name.gap, size), size,
                              owner=name.owner, refuse=name.refuse)
    return spots
