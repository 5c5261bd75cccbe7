"""Every page of the real briefing passes the Nu HTML Checker (vnu) with zero errors.

`make test` installs vnu.jar (npm package vnu-jar) and a Java runtime. All pages
are checked in one run of the validator: starting Java is the slow part."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.engine import BuildOptions, build

from .conftest import REPO, THEME, overlay_golden

VNU_JAR = Path(os.environ.get("BRIEFING_VNU_JAR",
                              REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
# A page the validator must reject: the check below must be able to fail.
BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><p id="twice">a</p><p id="twice">b</p></body></html>
"""


def validate(*folders: Path) -> list[dict]:
    """The validator's errors for every HTML file below the folders."""
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"the Nu HTML Checker needs java and {VNU_JAR}: run `make test`, which installs them")
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
                          "--skip-non-html", *map(str, folders)], capture_output=True, text=True, timeout=600)
    return json.loads(run.stderr)["messages"]


def test_every_page_of_the_real_briefing_is_valid_html(published, tmp_path):
    result, site = published
    build(BuildOptions(root=REPO / "tests/fixtures/golden", theme=THEME, output=tmp_path / "golden",
                       cache=False))
    # Month pages with a figures table, overdue events and old figures.
    busy = overlay_golden(tmp_path / "briefings" / "busy", "busy-month", "stale", theme=False)
    build(BuildOptions(root=busy, output=tmp_path / "busy", cache=False, search=False))
    # An Arabic-first briefing with an English edition, right to left.
    from briefing.cli import main
    yemen = tmp_path / "briefings" / "yemen"
    assert main(["new", str(yemen), "--country", "YE", "--language", "ar", "--language", "en"]) == 0
    build(BuildOptions(root=yemen, output=tmp_path / "arabic", cache=False, search=False))
    (tmp_path / "known-broken.html").write_text(BROKEN_PAGE)
    messages = validate(site, tmp_path)
    broken = [m for m in messages if m.get("url", "").endswith("/known-broken.html")]
    assert any("Duplicate ID" in m["message"] for m in broken), messages
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}"
              for m in messages if m not in broken]
    assert errors == []
    assert len(list(site.rglob("*.html"))) == len([p for p in result.pages if p.is_page])
