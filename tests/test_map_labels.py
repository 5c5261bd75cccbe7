"""Placing names on a map: widths, free room, border crossings, and the greedy
placement that numbers what does not fit."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.render.labels import (FONT, Lines, Name, Space, around, circle_box, crosses,
                                 overlaps, place_names, text_box, text_width)
from briefing.render.geometry import Projection, clip, crowded, inset_frame


def test_widths_are_wider_for_wide_letters_and_ignore_accents():
    assert text_width("WWW", FONT) > text_width("iii", FONT) * 2
    assert text_width("Chiúre", FONT) == text_width("Chiure", FONT)
    # An upper bound for DejaVu Sans Bold, chromium's fallback here: 0.67 em for 'a'.
    assert text_width("a", 10) >= 6.7
    assert text_width("東京", 10) == 20


def test_text_box_follows_the_anchor():
    width = text_width("Pemba", FONT)
    start = text_box("Pemba", (100, 50, "start"))
    end = text_box("Pemba", (100, 50, "end"))
    middle = text_box("Pemba", (100, 50, "middle"))
    assert start[0] == 99 and end[2] == 101
    assert middle[0] + middle[2] == 200
    assert start[2] - start[0] == width + 2 and start[1] < 50 < start[3]


def test_a_segment_crosses_a_box_only_when_it_passes_through():
    box = (0, 0, 10, 10)
    assert crosses(box, (-5, 5), (15, 5))  # straight through
    assert crosses(box, (5, 5), (50, 50))  # from inside
    assert not crosses(box, (-5, -5), (-5, 20))  # beside it
    assert not crosses(box, (11, -1), (20, 5))  # near a corner
    assert crosses(box, (-1, 9), (9, -1))  # across a corner


def test_a_name_goes_to_the_best_free_spot_and_takes_it():
    space = Space(200, 100)
    spot = space.take("Pemba", around(100, 50, 6))
    assert spot == (106, 50 + FONT * 0.35, "start")  # right of the mark, first choice
    again = space.take("Pemba", around(100, 50, 6))
    assert again is not None and again[2] == "end"  # the right is taken now: the left


def test_a_spot_over_a_border_loses_to_one_clear_of_it():
    border = Lines([[(130, 0), (130, 100)]])  # a line just right of the mark
    space = Space(200, 100, (border,))
    spot = space.take("Pemba", around(100, 50, 6))
    assert spot[2] == "end"


def test_a_spot_outside_the_frame_or_over_a_mark_is_never_taken():
    space = Space(60, 30)
    space.reserve(circle_box(30, 15, 8))
    assert space.take("A very long name", around(30, 15, 10)) is None


def test_own_room_is_free_to_its_name_only():
    space = Space(200, 100)
    space.reserve(circle_box(100, 50, 9), owner="pemba")
    assert space.free((105, 45, 120, 55), owner="pemba")
    assert not space.free((105, 45, 120, 55), owner="other")
    assert not space.free((105, 45, 120, 55))


def test_names_that_cannot_fit_are_left_for_numbers():
    names = [Name(f"Place {i}", 100, 50 + i, 4) for i in range(6)]  # six marks in one spot
    spots = place_names(Space(200, 100), names)
    assert 0 < sum(s is not None for s in spots) < 6


def test_the_page_s_own_place_is_named_first():
    # Room for one name only, right of the mark: the page's place takes it.
    names = [Name("Other", 10, 15, 4), Name("Mine", 10, 15, 4, first=True)]
    assert place_names(Space(160, 30), names) == [None, (14, 15 + FONT * 0.35, "start")]
    assert place_names(Space(160, 30), names[:1])[0] is not None


points = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 300)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(points)
def test_placed_names_never_overlap_each_other_or_any_mark(xy):
    space = Space(400, 300)
    marks = [circle_box(x, y, 5) for x, y in xy]
    for box in marks:
        space.reserve(box)
    names = [Name(f"Town {i}", x, y, 7) for i, (x, y) in enumerate(xy)]
    boxes = [text_box(n.text, spot) for n, spot in zip(names, place_names(space, names)) if spot]
    for i, box in enumerate(boxes):
        assert space.inside(box)
        assert not any(overlaps(box, mark) for mark in marks)
        assert not any(overlaps(box, other) for other in boxes[i + 1:])


def test_a_crowd_in_one_corner_is_found_and_framed():
    project = Projection((30.0, -27.0, 42.0, -10.0))
    corner = [(40.0 + i * 0.1, -11.0 - i * 0.1) for i in range(5)]
    xy = [project(*p) for p in corner + [(32.0, -25.0)]]
    assert crowded(xy, project.width, project.height) == [0, 1, 2, 3, 4]
    west, south, east, north = inset_frame([(x, y, x, y) for x, y in xy[:5]], project)
    assert west < 40.0 and east > 40.4 and south < -11.4 and north > -11.0
    assert east - west < 6  # a detail, not the whole map
    assert 30.0 <= west and east <= 42.0 and -27.0 <= south and north <= -10.0


def test_places_spread_out_are_not_a_crowd():
    project = Projection((30.0, -27.0, 42.0, -10.0))
    spread = [project(lon, lat) for lon, lat in ((31, -26), (41, -11), (35, -18), (38, -14))]
    assert crowded(spread, project.width, project.height) == []
    assert crowded(spread[:2], project.width, project.height) == []  # too few to matter


def test_shapes_are_cut_to_the_detail_map_s_frame():
    square = (((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)),)
    (cut,) = clip((square,), (1.0, 1.0, 2.0, 5.0))
    xs, ys = [x for x, _ in cut[0]], [y for _, y in cut[0]]
    assert (min(xs), max(xs), min(ys), max(ys)) == (1.0, 2.0, 1.0, 4.0)
    assert clip((square,), (5.0, 5.0, 6.0, 6.0)) == ()
