"""Trend charts for a series of figures, drawn as static SVG.

A small module of our own rather than a charting library: one kind of chart
(values over time on a zero-based scale), reproducible output, no script, and
colours that follow the site's stylesheet (dark mode, print).
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from html import escape

from ..vocabulary import PartialDate

WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 26, 40  # room for ticks, value and date labels
FONT = 11
CHAR_WIDTH = 0.56 * FONT


@dataclass(frozen=True)
class ChartWords:
    """The chart's words, in the edition's language: {fields} are filled in."""

    as_of: str = "as of"
    no_value: str = "no value"
    point: str = "{value} {unit} as of {date}"
    missing: str = "no value as of {date}"
    description: str = "Line chart: {points}."
    separator: str = "; "  # between the points described


@dataclass(frozen=True)
class ChartPoint:
    when: PartialDate
    when_text: str  # the date at its precision: 'October 2025'
    value: float | None  # None: no value for this date (drawn as a gap)
    value_text: str = ""  # the value as the briefing writes it: 'more than 6,200'
    high: float | None = None  # the top of a range


def _midpoint(date: PartialDate) -> float:
    """Where a date stands on the time axis: the middle of the span it names."""
    if date.precision == "day":
        return datetime.date(date.year, date.month, date.day).toordinal()
    if date.precision == "month":
        start = datetime.date(date.year, date.month, 1).toordinal()
        end = datetime.date(date.year + date.month // 12, date.month % 12 + 1, 1).toordinal()
    else:
        start = datetime.date(date.year, 1, 1).toordinal()
        end = datetime.date(date.year + 1, 1, 1).toordinal()
    return (start + end) / 2


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Zero and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least top."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step) + 1)]


def _plain(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def tick_text(value: float) -> str:
    """Short axis labels: '800', '7.5k', '1.25M'."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _num(value: float) -> str:
    return f"{value:.1f}"


def _text(x, y, text, anchor="middle", css="chart-text", extra="") -> str:
    return (f'<text class="{css}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
            f'font-size="{FONT}"{extra}>{escape(text)}</text>')


def line_chart(points: list[ChartPoint], *, ident: str, title: str, unit: str,
               words: ChartWords = ChartWords()) -> str:
    """A line chart of values over time: points at their dates, y from zero.

    A point without a value breaks the line and is marked 'no value'; a single
    point stands in the middle; a range is drawn as a bar from value to high.
    """
    points = sorted(points, key=lambda p: _midpoint(p.when))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    days = [_midpoint(p.when) for p in points]
    first, last = min(days, default=0), max(days, default=0)
    inset = plot_w * 0.12  # keeps the first and last value labels inside

    def x_of(day: float) -> float:
        if last == first:
            return LEFT + plot_w / 2
        return LEFT + inset + (day - first) / (last - first) * (plot_w - 2 * inset)

    values = [v for p in points for v in (p.value, p.high) if v is not None]
    ticks = nice_ticks(max(values, default=0))
    top = ticks[-1]

    def y_of(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line class="chart-grid" x1="{LEFT}" y1="{_num(y)}" x2="{WIDTH - RIGHT}" '
                     f'y2="{_num(y)}" stroke="#d4d9df" stroke-width="1"/>')
        parts.append(_text(LEFT - 6, y + FONT * 0.35, tick_text(tick), "end"))
    middle = TOP + plot_h / 2
    parts.append(_text(12, middle, unit, "middle", "chart-text chart-axis-label",
                       f' transform="rotate(-90 12 {_num(middle)})"'))
    parts.append(_text(LEFT + plot_w / 2, HEIGHT - 4, words.as_of, "middle",
                       "chart-text chart-axis-label"))
    parts.append(_line(points, x_of, y_of))
    label_right = 0.0
    values_placed: list[tuple[float, float, float, float]] = []
    for point, day in zip(points, days):
        x = x_of(day)
        parts.extend(_marker(point, x, y_of, words, values_placed))
        width = len(point.when_text) * CHAR_WIDTH
        if x - width / 2 >= label_right:  # skip a date label that would overlap the last one
            parts.append(_text(x, TOP + plot_h + 16, point.when_text))
            label_right = x + width / 2 + 4
    return (f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(title)}</title>'
            f'<desc id="{ident}-desc">{escape(describe(points, unit, words))}</desc>'
            + "".join(parts) + "</svg>")


def describe(points: list[ChartPoint], unit: str, words: ChartWords = ChartWords()) -> str:
    """The chart in words, for screen readers."""
    said = [words.point.format(value=p.value_text or _plain(p.value), unit=unit, date=p.when_text)
            if p.value is not None else words.missing.format(date=p.when_text) for p in points]
    return words.description.format(points=words.separator.join(said))


def _line(points, x_of, y_of) -> str:
    """One polyline per run of points with values; a missing value breaks it."""
    runs, current = [], []
    for point in points:
        if point.value is None:
            runs.append(current)
            current = []
        else:
            current.append(f"{_num(x_of(_midpoint(point.when)))},{_num(y_of(point.value))}")
    runs.append(current)
    return "".join(f'<polyline class="chart-line" points="{" ".join(run)}" fill="none" '
                   'stroke="#0b5cad" stroke-width="2"/>' for run in runs if len(run) > 1)


def _marker(point: ChartPoint, x: float, y_of, words: ChartWords,
            placed: list[tuple[float, float, float, float]]) -> list[str]:
    """The point, and its value written above it, or below it where that would run
    into the value before; where neither fits the value is left to the table."""
    if point.value is None:
        return [_text(x, y_of(0) - 6, words.no_value, css="chart-text chart-missing")]
    y = y_of(point.value)
    parts = []
    if point.high is not None:
        parts.append(f'<line class="chart-range" x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x)}" '
                     f'y2="{_num(y_of(point.high))}" stroke="#0b5cad" stroke-width="6" '
                     'stroke-linecap="round" opacity="0.45"/>')
        y_label = y_of(point.high)
    else:
        y_label = y
    parts.append(f'<circle class="chart-point" cx="{_num(x)}" cy="{_num(y)}" r="4" '
                 'fill="#0b5cad"/>')
    text = point.value_text or _plain(point.value)
    width = len(text) * CHAR_WIDTH * 1.1  # bold
    anchor = "middle"
    left = x - width / 2
    if left < 2:
        anchor, left = "start", x
    elif x + width / 2 > WIDTH - 2:
        anchor, left = "end", x - width
    below = y + 9 + FONT
    for baseline in (y_label - 9, below) if below <= y_of(0) - 2 else (y_label - 9,):
        box = (left - 2, baseline - FONT, left + width + 2, baseline + 3)
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for b in placed):
            placed.append(box)
            parts.append(_text(x, baseline, text, anchor, "chart-text chart-value",
                               ' font-weight="600"'))
            break
    return parts
