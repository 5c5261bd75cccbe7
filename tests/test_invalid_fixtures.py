"""Each invalid fixture is the golden site with a few files replaced; the build
must fail with exactly the messages in its expected.txt, and leave the site
built before it byte for byte as it was."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

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
