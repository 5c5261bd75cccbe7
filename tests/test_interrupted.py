"""A build that is interrupted (Ctrl-C), crashes or is killed leaves the
previous site byte for byte as it was."""
from __future__ import annotations

import errno
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager

import pytest

from briefing.write import folder as write
from briefing.cli import main
from briefing.render.edition import EditionRenderer

from .conftest import REPO, THEME, assert_left_as_it_was, tree

@pytest.fixture
def args(golden_copy: pathlib.Path) -> list[str]:
    """A build of a copy of the golden site, which keeps its cache in the copy."""
    return ["build", "--root", str(golden_copy), "--theme", str(THEME)]


def fail_on_call(number: int, original, exception: BaseException):
    """A stand-in for `original` that raises `exception` on its n-th call."""
    calls = []

    def replacement(*args, **kwargs):
        calls.append(args)
        if len(calls) == number:
            raise exception
        return original(*args, **kwargs)
    return replacement


def test_ctrl_c_while_writing_leaves_the_previous_site(args, previous_site, monkeypatch, capsys):
    before = tree(previous_site)
    monkeypatch.setattr(pathlib.Path, "write_bytes",
                        fail_on_call(5, pathlib.Path.write_bytes, KeyboardInterrupt()))
    assert main(args + ["--output", str(previous_site)]) == 130
    assert capsys.readouterr().err == "interrupted: the previous site was left as it was\n"
    assert_left_as_it_was(previous_site, before)


def test_ctrl_c_while_rendering_leaves_the_previous_site(args, previous_site, monkeypatch, capsys):
    before = tree(previous_site)
    monkeypatch.setattr(EditionRenderer, "page",
                        fail_on_call(3, EditionRenderer.page, KeyboardInterrupt()))
    assert main(args + ["--output", str(previous_site)]) == 130
    assert_left_as_it_was(previous_site, before)


def test_a_full_disk_is_reported_without_traceback(args, previous_site, monkeypatch, capsys):
    before = tree(previous_site)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "events/port-talks/index.html")
    monkeypatch.setattr(pathlib.Path, "write_bytes", fail_on_call(7, pathlib.Path.write_bytes, full))
    assert main(args + ["--output", str(previous_site)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"{previous_site}: could not write the site: No space left on device "
        "(events/port-talks/index.html); the previous site was left as it was")
    assert "Traceback" not in err
    assert_left_as_it_was(previous_site, before)


def test_ctrl_c_between_the_two_renames_puts_the_previous_site_back(args, previous_site, monkeypatch):
    """Where folders cannot be exchanged in one step, the swap is two renames."""
    before = tree(previous_site)
    monkeypatch.setattr(write, "exchange", lambda first, second: False)
    monkeypatch.setattr(os, "rename", fail_on_call(2, os.rename, KeyboardInterrupt()))
    assert main(args + ["--output", str(previous_site)]) == 130
    assert_left_as_it_was(previous_site, before)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_successful_build_replaces_the_site_whole(args, previous_site, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(write, "exchange", lambda first, second: False)
    (previous_site / "stale.html").write_text("from an older build")
    assert main(args + ["--output", str(previous_site)]) == 0
    assert not (previous_site / "stale.html").exists()
    assert (previous_site / "index.html").is_file()
    assert [p.name for p in previous_site.parent.iterdir() if p.name.startswith(".site.")] == []


def test_the_swap_is_one_step_on_this_system(tmp_path):
    """Guards the guarantee against a kill between two renames (Linux renameat2)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "new").write_text("new")
    (tmp_path / "b" / "old").write_text("old")
    if not write.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this system cannot exchange two folders in one step")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["new"]
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["old"]


SLOW_WRITES = textwrap.dedent("""
    import os, pathlib, time
    _write_bytes = pathlib.Path.write_bytes
    _calls = []
    def write_bytes(self, data):
        _calls.append(self)
        if len(_calls) == 5:
            with open(os.environ["BRIEFING_TEST_FLAG"], "w") as flag:
                flag.write("writing")
            time.sleep(120)
        return _write_bytes(self, data)
    pathlib.Path.write_bytes = write_bytes
""")


@contextmanager
def stopped_at_its_flag(tmp_path, hook_text: str, command: list[str], text: bool = True):
    """A real Python process running `command`, with a sitecustomize hook that writes a
    flag file (BRIEFING_TEST_FLAG) at the moment under test; yields the process and
    what the flag says once it is written, and kills the process on the way out."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(hook_text)
    flag = tmp_path / "flag"
    env = dict(os.environ, PYTHONPATH=f"{hook}{os.pathsep}{REPO}", BRIEFING_TEST_FLAG=str(flag))
    process = subprocess.Popen([sys.executable, *command], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=text)
    try:
        for _ in range(600):
            if flag.exists() and flag.read_text() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert flag.exists(), process.communicate()
        yield process, flag.read_text()
    finally:
        process.kill()


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGKILL, -9)],
                         ids=["ctrl-c", "killed"])
def test_a_real_signal_during_the_write_leaves_the_previous_site(args, previous_site, tmp_path,
                                                                 signum, status):
    """A real process, stopped by a real signal halfway through writing its files."""
    before = tree(previous_site)
    with stopped_at_its_flag(tmp_path, SLOW_WRITES,
                             ["-m", "briefing", *args, "--output", str(previous_site)]) as (process, _):
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    assert process.returncode == status
    assert tree(previous_site) == before
    if signum == signal.SIGINT:
        assert err == "interrupted: the previous site was left as it was\n"
        assert_left_as_it_was(previous_site, before)


WORKER_FLAGGED = textwrap.dedent("""
    import os, time
    import briefing.parallel as parallel
    import briefing.render as render
    render.PARALLEL_BODIES = render.PARALLEL_PAGES = 1  # fork for any amount of work
    render.FORK_PAGES_BELOW_MB = 1e9
    _worker = parallel._worker
    def worker(work, *args):
        def slow(chunk):
            with open(os.environ["BRIEFING_TEST_FLAG"], "w") as flag:
                flag.write(str(os.getpid()))
            time.sleep(60)  # a long render: the build is killed meanwhile
            return work(chunk)
        return _worker(slow, *args)
    parallel._worker = worker
""")


def test_a_killed_build_takes_its_render_workers_with_it(args, tmp_path):
    """After kill -9 of the build, no forked worker is left running, and none holds the
    build's output open: `python build.py | cat` ends."""
    command = ["-m", "briefing", *args, "--no-cache", "--jobs", "2", "--output", str(tmp_path / "site")]
    with stopped_at_its_flag(tmp_path, WORKER_FLAGGED, command, text=False) as (process, worker):
        worker = int(worker)
        process.kill()
        process.communicate(timeout=20)  # the pipes end: no worker holds them
    for _ in range(200):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived the build")


def test_ctrl_c_just_after_the_swap_says_the_new_site_is_live(args, previous_site, monkeypatch,
                                                               capsys, golden_copy):
    from briefing.caches import Caches
    event = golden_copy / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text().replace("Officials", "Envoys"))
    monkeypatch.setattr(Caches, "save", fail_on_call(1, Caches.save, KeyboardInterrupt()))
    assert main(args + ["--output", str(previous_site)]) == 130
    assert capsys.readouterr().err == (
        "interrupted after the new site was published: it is this build's (its cache was not "
        "saved, so the next build may take longer)\n")
    assert "Envoys" in (previous_site / "events" / "port-talks" / "index.html").read_text()


SLOW_START = textwrap.dedent("""
    import os, sys, time
    class SlowCli:
        def find_spec(self, name, path=None, target=None):
            if name == "briefing.cli":
                with open(os.environ["BRIEFING_TEST_FLAG"], "w") as flag:
                    flag.write("starting")
                time.sleep(60)
            return None
    sys.meta_path.insert(0, SlowCli())
""")


@pytest.mark.parametrize("command", [["-m", "briefing"], [str(REPO / "build.py")]],
                         ids=["python -m briefing", "build.py"])
def test_ctrl_c_while_starting_says_so_in_one_line(args, tmp_path, command):
    with stopped_at_its_flag(tmp_path, SLOW_START, [*command, *args]) as (process, _):
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "interrupted before anything was built: the previous site was left as it was\n"
