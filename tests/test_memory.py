"""The preview holds its memory over a day of editing (bench/soak.py, at a small scale)."""
from __future__ import annotations

from bench.soak import ALLOWED_GROWTH, copy_briefing, soak


def test_the_previews_memory_stays_flat_over_many_edits(tmp_path):
    root = copy_briefing(tmp_path / "briefing")
    result = soak(root, edits=120)
    assert result.growth <= ALLOWED_GROWTH, str(result)
