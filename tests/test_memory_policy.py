"""The collector's one policy (briefing/memory.py): what a build makes is frozen as it
comes, and given back to the collector by the outermost build only."""
from __future__ import annotations

import gc

from briefing import memory


def test_a_build_inside_a_build_leaves_the_unfreezing_to_the_outermost():
    gc.unfreeze()
    with memory.during_build():
        kept = [object() for _ in range(100)]
        memory.keep_what_is_made()
        frozen = gc.get_freeze_count()
        assert frozen >= 100
        with memory.during_build():
            pass
        assert gc.get_freeze_count() >= frozen  # the inner build unfroze nothing
        with memory.before_forking():
            pass
        assert gc.get_freeze_count() >= frozen  # nor did the workers' fork
    assert gc.get_freeze_count() == 0 and kept


def test_caches_are_read_with_the_collector_off_and_frozen_as_made():
    gc.unfreeze()
    assert gc.isenabled()
    with memory.reading_caches():
        assert not gc.isenabled()
        made = [[index] for index in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= 1000 and made
    gc.unfreeze()
    gc.disable()
    try:
        with memory.reading_caches():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        gc.unfreeze()


def test_forking_outside_a_build_unfreezes_after():
    gc.unfreeze()
    with memory.before_forking():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
