"""The look, held to reviewed pictures: six kinds of page of the golden briefing at
phone and desktop width, light and dark, as chromium draws their first screen
(tests/visual.py; `make visual` draws them again after an intended change)."""
from __future__ import annotations

import pytest

from .visual import PICTURES, TOLERANCE, difference, draw_all, picture_names, served_golden


@pytest.fixture(scope="module")
def drawn():
    with served_golden() as base:
        return draw_all(base)


def test_there_is_a_reviewed_picture_for_every_page_size_and_scheme():
    assert sorted(p.name for p in PICTURES.glob("*.png")) == sorted(
        name for name, *_ in picture_names())


@pytest.mark.parametrize("name", [name for name, *_ in picture_names()])
def test_each_page_looks_as_its_reviewed_picture(drawn, name, tmp_path):
    share = difference((PICTURES / name).read_bytes(), drawn[name])
    if share > TOLERANCE:
        (tmp_path / name).write_bytes(drawn[name])
    assert share <= TOLERANCE, (
        f"{name}: {share:.2%} of pixels differ from tests/visual/{name} (drawn now: "
        f"{tmp_path / name}); if the change is meant, run 'make visual', look at the new "
        "pictures and commit them")


def test_a_moved_box_is_a_difference():
    """The tolerance lets anti-aliasing through, not a change to the layout."""
    import io
    from PIL import Image, ImageDraw
    page = Image.new("RGB", (390, 844), "white")
    ImageDraw.Draw(page).rectangle((20, 100, 370, 160), fill="#0b5cad")
    moved = page.copy()
    ImageDraw.Draw(moved).rectangle((20, 100, 370, 160), fill="white")
    ImageDraw.Draw(moved).rectangle((20, 112, 370, 172), fill="#0b5cad")

    def png(image):
        data = io.BytesIO()
        image.save(data, "PNG")
        return data.getvalue()

    assert difference(png(page), png(page)) == 0
    assert difference(png(page), png(moved)) > TOLERANCE
