"""How Briefing steers Python's garbage collector: one policy, named here, for every
build (`build.py`, `serve`'s rebuilds, the benchmark).

A build makes a great many objects that live as long as the build or longer (the
caches, the Site, the plan) and comparatively few that die young. Left to its own
schedule, the collector scans the long-lived ones again and again as they age
through its generations, for nothing. So:

1. During a build, what each stage leaves behind is frozen as it is made (after the
   model, after the plan): the collector never scans it again (`during_build`,
   `keep_what_is_made`).
2. Caches read from disk are made with the collector off and frozen at once
   (`reading_caches`): tens of thousands of objects, none of them garbage.
3. Before workers are forked, everything is frozen (`before_forking`): a worker's
   collections then touch none of the parent's objects, so fewer of its memory
   pages are copied.
4. When the build is over, its own garbage (rendering leaves reference cycles) is
   collected while the rest is still frozen, which costs little, and everything is
   given back to the collector; over a preview's builds, nothing piles up.

Each context nests: one entered inside another (a build inside build_and_keep) leaves
the unfreezing to the outermost. docs/benchmarks.md gives what this saves.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def during_build() -> Iterator[None]:
    """A build: its long-lived objects frozen as they come, its garbage collected and
    everything unfrozen at the end (by the outermost build only)."""
    already_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already_frozen:
            gc.collect()
            gc.unfreeze()


def keep_what_is_made() -> None:
    """A stage is done: what it made lives on, and is not to be scanned again."""
    gc.freeze()


@contextmanager
def reading_caches() -> Iterator[None]:
    """Make many objects that are not garbage without the collector looking at them;
    they are frozen as made (until the build is over)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


@contextmanager
def before_forking() -> Iterator[None]:
    """Workers are about to be forked: keep this process's objects out of their
    collections (unfrozen again after, unless a build froze them first)."""
    already_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already_frozen:
            gc.unfreeze()
