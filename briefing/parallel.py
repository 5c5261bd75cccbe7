"""Spreading independent pieces of work over the machine's cores.

This process works too, alongside `jobs - 1` forked workers, all taking the
next chunk of tasks from a shared counter. Forked workers start with
everything this process had built (the Site, the templates, the rendered
bodies), so nothing is pickled but results coming back; and with one worker
fewer, fewer pages of memory are copied on write. Where forking is not safe
(another thread is running, as in a live-preview server) or not available, or
there is too little work to pay for the start-up, the work is all done here.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence

from . import memory

_DONE = "done"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def run(work: Callable[[Sequence], list], tasks: Sequence, jobs: int) -> Iterator:
    """The results of work(chunk) for chunks of tasks, in no particular order.

    Forks `jobs - 1` workers to work alongside this process (when it can);
    with one job, works through the tasks here, chunk by chunk, so results can
    be let go of as they come.
    """
    size = max(1, min(64, len(tasks) // (jobs * 8)))
    chunks = [tasks[start:start + size] for start in range(0, len(tasks), size)]
    if jobs <= 1 or len(chunks) <= 1 or not can_fork():
        for chunk in chunks:
            yield from work(chunk)
        return
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    results = context.Queue()

    def take() -> int:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        return index

    with memory.before_forking():  # fewer of this process's pages copied by the workers
        workers = [context.Process(target=_worker,
                                   args=(work, chunks, take, results, os.getpid()), daemon=True)
                   for _ in range(jobs - 1)]
        inbox = _Inbox(results)
        finished = False
        try:
            for worker in workers:
                worker.start()
            while (index := take()) < len(chunks):
                yield from work(chunks[index])
                yield from inbox.collect(block=False)
            while inbox.done < len(workers):
                yield from inbox.collect(block=True)
            finished = True
        finally:
            for worker in workers:
                if not finished:
                    worker.terminate()
                worker.join()

class _Inbox:
    """What the workers send: chunks of results, a failure, or that they are done."""

    def __init__(self, results):
        self.results = results
        self.done = 0

    def collect(self, block: bool) -> Iterator:
        """The results waiting now, or (blocking) those of the next message."""
        while True:
            try:
                kind, value = self.results.get(block=block)
            except queue.Empty:
                return
            if kind == "error":
                raise RuntimeError(f"a worker process failed:\n{value}")
            if kind == _DONE:
                self.done += 1
            else:
                yield from value
            if block:
                return


def _worker(work: Callable, chunks: Sequence, take: Callable[[], int], results,
            parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with(parent)
    _let_go_of_output()
    try:
        while (index := take()) < len(chunks):
            results.put(("results", work(chunks[index])))
    except BaseException:
        results.put(("error", traceback.format_exc()))
    else:
        results.put((_DONE, None))
    results.close()
    results.join_thread()


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel end this worker when the build that forked it ends, however it
    ends (kill -9 included): a worker left behind would block for ever writing results
    that nobody reads. Linux only; elsewhere a worker ends with its parent's pipe."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the build died before the request took hold
        os._exit(1)


def _let_go_of_output() -> None:
    """A worker reports through its queue only: it holds neither the build's standard
    output nor its error output, so that a reader of them (`python build.py | cat`, a CI
    step) sees them end when the build ends."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover
        return
    for descriptor in (1, 2):
        try:
            os.dup2(devnull, descriptor)
        except OSError:  # pragma: no cover
            pass
    os.close(devnull)
