"""One build at a time per output folder: a second build waits and then builds what
the input is by then; what killed builds left beside the output is removed."""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys

import pytest

from briefing.engine import BuildOptions, build
from briefing.errors import BuildFailed
from briefing.write.folder import lock_file

from .conftest import REPO, tree


def hold_lock(output):
    descriptor = os.open(lock_file(output), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return descriptor


def test_a_second_build_waits_and_then_builds_the_input_as_it_is_by_then(golden_copy, tmp_path):
    output = tmp_path / "site"
    build(BuildOptions(root=golden_copy, output=output, search=False, cache=False))
    held = hold_lock(output)  # as a first build holds it
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", "--root", str(golden_copy), "--no-search",
         "--no-cache", "--output", str(output)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()  # blocks until the build says it waits
        assert line == f"waiting for another build of {output} to finish\n"
        # The content changes while the second build waits (the first build's own
        # writing would happen here): the second must build the new content.
        event = golden_copy / "content" / "events" / "port-talks.md"
        event.write_text(event.read_text().replace("title: Talks on the port",
                                                   "title: Talks on the harbour"))
        assert process.poll() is None  # still waiting
        os.close(held)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Talks on the harbour" in (output / "events" / "port-talks" / "index.html").read_text()


def test_a_build_removes_the_trees_killed_builds_left(golden_copy, tmp_path):
    output = tmp_path / "site"
    for left in (".site.new-abc123", ".site.old-def456/site"):
        (tmp_path / left / "about").mkdir(parents=True)
        (tmp_path / left / "about" / "index.html").write_text("half a site")
    unrelated = tmp_path / ".sitemap.new-keep"
    unrelated.mkdir()
    build(BuildOptions(root=golden_copy, output=output, search=False, cache=False))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [
        ".sitemap.new-keep"]  # and nothing added beside the site
    assert (output / "about" / "index.html").is_file()


def test_the_lock_is_let_go_of_by_a_failed_build(golden_copy, tmp_path):
    output = tmp_path / "site"
    (golden_copy / "content" / "events" / "broken.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(BuildFailed):
        build(BuildOptions(root=golden_copy, output=output, search=False, cache=False))
    descriptor = os.open(lock_file(output), os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises if still held
    finally:
        os.close(descriptor)
    (golden_copy / "content" / "events" / "broken.md").unlink()
    build(BuildOptions(root=golden_copy, output=output, search=False, cache=False))
    assert tree(output)
