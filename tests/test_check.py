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
    # The broken fixture's home page names no canonical address: site.yaml's is used.
    assert err == EXPECTED + [f"check failed: {len(EXPECTED)} problems in 3 pages, checked against "
                              "https://example.org/testland/ (base_url in site.yaml)"]


def test_check_command_passes_a_site_just_built(built_golden, capsys):
    assert main(["check", "--root", str(FIXTURES / "golden"), "--output", str(built_golden)]) == 0
    assert capsys.readouterr().out.startswith("checked ")


def test_check_checks_the_site_as_it_was_built_and_says_against_what(golden_copy, tmp_path, capsys):
    """Built for another address than site.yaml's, as a Pages workflow builds it: check
    takes the address the site was built with, and says so."""
    output = tmp_path / "site"
    base = "https://analyst.github.io/ethiopia-briefing/"
    assert main(["build", "--root", str(golden_copy), "--output", str(output), "--no-search",
                 "--base-url", base]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(golden_copy), "--output", str(output)]) == 0
    out = capsys.readouterr().out
    assert f"against {base} (the one the site was built with): every link and anchor resolves" in out
    # Told another address, it checks against that one, and says so.
    assert main(["check", "--root", str(golden_copy), "--output", str(output),
                 "--base-url", "https://example.org/testland/"]) == 1
    assert "checked against https://example.org/testland/ (given with --base-url)" in \
        capsys.readouterr().err


def test_check_help_lists_only_what_check_takes(capsys):
    import pytest
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = capsys.readouterr().out
    for option in ("--root", "--output", "--base-url", "--stale", "--as-of"):
        assert option in text
    for option in ("--theme", "--drafts", "--jobs", "--force", "--no-search", "--no-cache"):
        assert option not in text
