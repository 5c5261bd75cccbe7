"""`build.py check` finds broken links and anchors, images without alt text, and
pages without lang, a <title> or exactly one <h1>."""
from __future__ import annotations

from briefing.commands.check import check_site
from briefing.cli import main

from .conftest import FIXTURES

BROKEN = FIXTURES / "check" / "broken-site"
EXPECTED = (FIXTURES / "check" / "expected.txt").read_text().splitlines()


def test_every_kind_of_problem_is_found_with_page_and_line():
    assert check_site(BROKEN, "https://example.org/testland/") == EXPECTED


def test_check_command_lists_the_problems_and_exits_non_zero(capsys):
    status = main(["check", "--root", str(FIXTURES / "golden"), "--output", str(BROKEN)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert err == EXPECTED + [f"check failed: {len(EXPECTED)} problems in 3 pages"]


def test_check_command_passes_a_site_just_built(built_golden, capsys):
    assert main(["check", "--root", str(FIXTURES / "golden"), "--output", str(built_golden)]) == 0
    assert capsys.readouterr().out.startswith("checked ")
