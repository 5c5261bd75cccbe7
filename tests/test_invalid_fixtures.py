"""Each invalid fixture is the golden site with a few files replaced; the build
must fail with exactly the messages in its expected.txt, and leave the site
built before it byte for byte as it was."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import markdown
import pytest

from briefing.cli import main

from .conftest import FIXTURES, assert_left_as_it_was, copy_theme, tree

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def overlay(case: str, target: Path) -> None:
    """Copy the golden site and the repository's theme, then the case's files on top.

    Links are copied as links."""
    shutil.copytree(FIXTURES / "golden", target)
    copy_theme(target)
    case_folder = FIXTURES / "invalid" / case
    for path in sorted(case_folder.rglob("*")):
        destination = target / path.relative_to(case_folder)
        if path.name == "expected.txt" or path.is_dir() and not path.is_symlink():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            destination.unlink(missing_ok=True)
            os.symlink(os.readlink(path), destination)
        else:
            shutil.copyfile(path, destination)


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_fails_with_exact_messages(case, tmp_path, previous_site, capsys):
    root = tmp_path / "briefing"
    overlay(case, root)
    before = tree(previous_site)
    status = main(["build", "--root", str(root), "--output", str(previous_site)])
    captured = capsys.readouterr()
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    lines = captured.err.splitlines()
    assert status == 1
    assert lines[:-1] == expected
    assert lines[-1] == f"build failed: {len(expected)} error{'s' if len(expected) != 1 else ''}"
    assert "Traceback" not in captured.err
    assert_left_as_it_was(previous_site, before)


def test_a_body_markdown_cannot_finish_fails_at_its_file_with_the_budget_named(
        tmp_path, previous_site, capsys, monkeypatch):
    """The time budget set in site.yaml stops a body whose rendering never ends, at
    the body's file and line. The conversion is made endless by the test, so that the
    result does not depend on how fast the machine renders pathological Markdown."""
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    config = root / "site.yaml"
    config.write_text(config.read_text() + "max_markdown_seconds: 0.05\n")
    about = root / "content" / "pages" / "about.md"
    about.write_text("---\ntitle: About\ndescription: What this test briefing is.\n---\n"
                     "A **test** briefing.\n\nA note that was pasted badly: NEVER-ENDS\n")
    convert = markdown.Markdown.convert

    def endless_on_the_marker(self, text):
        deadline = time.monotonic() + 60  # a broken budget fails the test, never hangs it
        while "NEVER-ENDS" in text and time.monotonic() < deadline:
            time.sleep(0.001)
        return convert(self, text)

    monkeypatch.setattr(markdown.Markdown, "convert", endless_on_the_marker)
    before = tree(previous_site)
    status = main(["build", "--root", str(root), "--output", str(previous_site)])
    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    assert lines == [
        "content/pages/about.md:5: Markdown took more than 0.05 s to render this body and was "
        "stopped (look for long runs of unclosed '[' or other unusual syntax)",
        "build failed: 1 error"]
    assert_left_as_it_was(previous_site, before)
