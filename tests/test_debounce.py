"""The preview's debouncing (briefing.preview.serve.ChangeQueue), driven by a clock the
test moves: a burst of saves makes one batch, a pause ends it, a writer that
never pauses is cut off, close() ends any wait. No sleeping, so nothing here
depends on how busy the machine is."""
from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.preview.serve import ChangeQueue

QUIET, LONGEST = 0.25, 2.0  # times below are sums of powers of two: exact in floating point


class Timeline:
    """A clock that moves only while the queue waits: a wait lasts until the next
    scheduled change, which it then makes, or until its timeout."""

    def __init__(self):
        self.now = 0.0
        self._due: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()

    def at(self, when: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._due, (when, next(self._order), action))

    def clock(self) -> float:
        return self.now

    def wait(self, timeout: float | None) -> None:
        if self._due and (timeout is None or self._due[0][0] <= self.now + timeout):
            when, _, action = heapq.heappop(self._due)
            self.now = max(self.now, when)
            action()
        elif timeout is None:
            raise AssertionError(f"at {self.now} s the queue waits for a change that never comes")
        else:
            self.now += timeout

    def queue(self) -> ChangeQueue:
        return ChangeQueue(QUIET, LONGEST, clock=self.clock, wait=self.wait)


def save(timeline: Timeline, queue: ChangeQueue, when: float, name: str) -> Path:
    path = Path("content") / name
    timeline.at(when, lambda: queue.add(path))
    return path


def handed_out(timeline: Timeline, queue: ChangeQueue) -> list[tuple[float, set[Path]]]:
    """Every batch until the queue is closed, with the time it was handed out."""
    batches = []
    while (batch := queue.next_batch()) is not None:
        batches.append((timeline.now, batch))
        queue.published()
    return batches


def test_a_burst_of_saves_is_one_batch_a_quiet_period_after_the_last_save():
    timeline = Timeline()
    queue = timeline.queue()
    saved = {save(timeline, queue, when, name) for when, name in [
        (1.0, "a.md"), (1.0625, "b.md"), (1.125, "a.md"), (1.1875, "c.md"), (1.25, "d.md")]}
    timeline.at(10.0, queue.close)
    assert handed_out(timeline, queue) == [(1.25 + QUIET, saved)]


def test_saves_further_apart_than_the_quiet_period_are_separate_batches():
    timeline = Timeline()
    queue = timeline.queue()
    first = save(timeline, queue, 0.0, "a.md")
    second = save(timeline, queue, 0.0 + QUIET + 0.125, "b.md")
    third = save(timeline, queue, 3.0, "c.md")
    timeline.at(10.0, queue.close)
    assert handed_out(timeline, queue) == [
        (QUIET, {first}), (0.375 + QUIET, {second}), (3.0 + QUIET, {third})]


def test_a_writer_that_never_pauses_is_cut_off_at_the_longest_batch():
    """A save every 1/8 s for 5 s: batches at most LONGEST apart from their first save,
    each with every save made before it, none lost or repeated."""
    timeline = Timeline()
    queue = timeline.queue()
    saves = [(n * 0.125, save(timeline, queue, n * 0.125, f"{n}.md")) for n in range(41)]
    timeline.at(20.0, queue.close)
    batches = handed_out(timeline, queue)
    assert [when for when, _ in batches] == [2.0, 2.125 + LONGEST, 5.0 + QUIET]
    previous = -1.0
    for when, batch in batches:
        assert batch == {path for saved, path in saves if previous < saved <= when}
        previous = when


def test_a_save_while_a_batch_is_building_waits_for_the_next_batch():
    timeline = Timeline()
    queue = timeline.queue()
    first = save(timeline, queue, 0.0, "a.md")
    assert queue.next_batch() == {first}
    assert queue.busy()  # handed out, not yet published
    second = save(timeline, queue, 1.0, "b.md")
    queue.published()
    assert not queue.busy()
    assert queue.next_batch() == {second} and timeline.now == 1.0 + QUIET
    queue.published()
    assert not queue.busy()


@pytest.mark.parametrize("saves", [[], [0.5]], ids=["no change", "during a burst"])
def test_close_ends_the_wait_and_every_later_one(saves):
    timeline = Timeline()
    queue = timeline.queue()
    for when in saves:
        save(timeline, queue, when, "a.md")
    timeline.at(0.5 + QUIET / 2, queue.close)
    assert queue.next_batch() is None
    assert timeline.now == 0.5 + QUIET / 2
    assert queue.next_batch() is None


def test_with_the_real_clock_a_change_from_another_thread_is_handed_out_and_close_wakes_a_wait():
    queue = ChangeQueue(quiet=0.01)
    batches: list = []
    first = threading.Event()

    def consume() -> None:
        batches.append(queue.next_batch())
        first.set()
        batches.append(queue.next_batch())

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    queue.add(Path("content/a.md"))
    assert first.wait(10)
    queue.close()  # while (or before) the consumer waits for a second batch
    consumer.join(10)
    assert not consumer.is_alive()
    assert batches == [{Path("content/a.md")}, None]
