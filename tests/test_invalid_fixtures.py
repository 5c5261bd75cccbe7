"""Each invalid fixture is the golden site with a few files replaced; the build
must fail with exactly the messages in its expected.txt, and write nothing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import copy_theme, FIXTURES, REPO

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def overlay(case: str, target: Path) -> None:
    """Copy the golden site and the repository's theme, then the case's files on top."""
    shutil.copytree(FIXTURES / "golden", target)
    copy_theme(target)
    for path in (FIXTURES / "invalid" / case).rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            destination = target / path.relative_to(FIXTURES / "invalid" / case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_fails_with_exact_messages(case, tmp_path, capsys):
    root = tmp_path / "briefing"
    overlay(case, root)
    output = tmp_path / "site"
    status = main(["build", "--root", str(root), "--output", str(output)])
    captured = capsys.readouterr()
    expected = (FIXTURES / "invalid" / case / "expected.txt").read_text().splitlines()
    lines = captured.err.splitlines()
    assert status == 1
    assert lines[:-1] == expected
    assert lines[-1] == f"build failed: {len(expected)} error{'s' if len(expected) != 1 else ''}"
    assert "Traceback" not in captured.err
    assert not output.exists()
