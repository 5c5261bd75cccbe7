"""Trend charts: well-formed SVG for any series, honest scales, the numbers in words."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.render.charts import ChartPoint, line_chart, nice_ticks, tick_text
from briefing.load.dates import parse_date
from briefing.model.catalogues import format_partial_date

SVG = "{http://www.w3.org/2000/svg}"


def point(date: str, value, text: str = "", high=None) -> ChartPoint:
    when = parse_date(date)
    return ChartPoint(when, format_partial_date(when, "en_GB"), value, text, high)


def draw(points, unit="deaths") -> ET.Element:
    svg = line_chart(points, ident="chart-test", title="Deaths <&> \"counted\"", unit=unit)
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(SVG + "text")]


def test_chart_is_an_accessible_image_with_title_and_description():
    root = draw([point("2023-12-08", 4802, "4,802"), point("2025-10", 6200, "more than 6,200")])
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-test-title chart-test-desc"
    assert root.find(SVG + "title").text == 'Deaths <&> "counted"'
    desc = root.find(SVG + "desc").text
    assert "4,802 deaths as of 8 December 2023" in desc
    assert "more than 6,200 deaths as of October 2025" in desc


def test_points_stand_in_time_order_with_their_labels_and_dates():
    root = draw([point("2025-10", 6200, "more than 6,200"), point("2023-12-08", 4802, "4,802")])
    circles = [float(c.get("cx")) for c in root.iter(SVG + "circle")]
    assert len(circles) == 2 and circles[0] < circles[1]
    labels = texts(root)
    assert {"4,802", "more than 6,200", "8 December 2023", "October 2025", "deaths", "as of"} <= set(labels)
    assert len(list(root.iter(SVG + "polyline"))) == 1


def share_of_top_tick(root: ET.Element) -> float:
    """The largest value drawn as a share of the top tick, read from the drawing: the
    highest point's height above the zero line over the top grid line's height."""
    grid = sorted(float(line.get("y1")) for line in root.iter(SVG + "line")
                  if line.get("class") == "chart-grid")
    top, bottom = grid[0], grid[-1]
    highest = min(float(c.get("cy")) for c in root.iter(SVG + "circle"))
    return (bottom - highest) / (bottom - top)


def test_scale_starts_at_zero_and_reaches_the_largest_value():
    root = draw([point("2022", 120), point("2023", 950)])
    labels = texts(root)
    assert "0" in labels and "1k" in labels  # ticks 0, 250, ... 1000
    assert share_of_top_tick(root) == pytest.approx(0.95, abs=1e-3)


@settings(deadline=None)
@given(st.lists(st.floats(min_value=0.001, max_value=1e12), min_size=1, max_size=6))
def test_the_top_tick_covers_the_largest_value_and_is_less_than_twice_it(values):
    root = draw([point(str(2000 + i), value) for i, value in enumerate(values)])
    assert 0.5 < share_of_top_tick(root) <= 1 + 1e-3  # 1e-3: coordinates have one decimal


def test_one_point_renders_in_the_middle_without_a_line():
    root = draw([point("2024-08", 577545, "577,545")])
    (circle,) = root.iter(SVG + "circle")
    plot_left, plot_right = 52, 360 - 12
    assert float(circle.get("cx")) == pytest.approx((plot_left + plot_right) / 2)
    assert not list(root.iter(SVG + "polyline"))
    assert "577,545" in texts(root)


def test_a_missing_value_breaks_the_line_and_says_so():
    root = draw([point("2021", 10), point("2022", 20), point("2023", None), point("2024", 40)])
    lines = list(root.iter(SVG + "polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # 2021-2022 only
    assert len(list(root.iter(SVG + "circle"))) == 3
    assert "no value" in texts(root)
    assert "no value as of 2023" in root.find(SVG + "desc").text


def test_a_series_with_no_value_at_all_still_renders():
    root = draw([point("2023", None), point("2024", None)])
    assert texts(root).count("no value") == 2


def test_a_range_is_drawn_from_its_low_to_its_high_value():
    root = draw([point("2022", 5), point("2023", 5000, "5,000–6,000", high=6000)])
    (bar,) = [line for line in root.iter(SVG + "line") if line.get("class") == "chart-range"]
    assert float(bar.get("y2")) < float(bar.get("y1"))  # the high end is above
    assert "5,000–6,000" in texts(root)


def test_chart_output_is_reproducible():
    points = [point("2023-12-08", 4802), point("2025-10", 6200)]
    assert line_chart(points, ident="a", title="t", unit="u") == \
        line_chart(points, ident="a", title="t", unit="u")


@settings(deadline=None)
@given(st.floats(min_value=0.001, max_value=1e12, allow_nan=False))
def test_ticks_start_at_zero_cover_the_value_and_stay_few(top):
    ticks = nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top
    assert 2 <= len(ticks) <= 6
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    assert len({round(s / max(steps), 6) for s in steps}) == 1  # evenly spaced


@pytest.mark.parametrize("value, text", [(0, "0"), (800, "800"), (7500, "7.5k"),
                                         (1_250_000, "1.25M"), (2.5, "2.5")])
def test_tick_labels_are_short(value, text):
    assert tick_text(value) == text
