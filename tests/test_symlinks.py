"""No input is read from outside the project: links leading out of site.yaml,
content/, seeds/, templates/ and static/ are refused, and the previous site stays."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import assert_left_as_it_was, copy_theme, tree


@pytest.fixture
def project(golden_copy: Path, tmp_path: Path) -> Path:
    """The golden site with its own theme, and a secret file outside it."""
    copy_theme(golden_copy)
    outside = tmp_path / "outside"
    (outside / "events").mkdir(parents=True)
    (outside / "secret.md").write_text("---\nname: Secret\nkind: person\n---\nSECRET-TEXT\n")
    (outside / "events" / "leak.md").write_text("---\ntitle: SECRET-TEXT\n---\n")
    return golden_copy


def failing_build(root: Path, output: Path, capsys) -> list[str]:
    before = tree(output)
    assert main(["build", "--root", str(root), "--output", str(output)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "SECRET-TEXT" not in err
    assert_left_as_it_was(output, before)
    return err.splitlines()[:-1]


def replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    os.symlink(target, path)


@pytest.mark.parametrize("link, target, message", [
    ("content/actors/testland.md", "secret.md",
     "content/actors/testland.md: refused: this file is a link to a place outside its folder"),
    ("content/events", "events",
     "content/events: refused: this folder is a link to a place outside the project"),
    ("content", ".",
     "content: refused: this folder is a link to a place outside the project"),
    ("seeds/census.yaml", "secret.md",
     "seeds/census.yaml: refused: this file is a link to a place outside its folder"),
    ("site.yaml", "secret.md",
     "site.yaml: refused: this file is a link to a place outside the project"),
    ("templates/page.html", "secret.md",
     "templates/page.html: refused: this file is a link to a place outside its folder"),
    ("static/css/site.css", "secret.md",
     "static/css/site.css: refused: this file is a link to a place outside its folder"),
    ("static", ".",
     "static: refused: this folder is a link to a place outside the project"),
])
def test_links_out_of_the_project_are_refused(project, tmp_path, previous_site, capsys,
                                              link, target, message):
    replace_with_link(project / link, tmp_path / "outside" / target)
    assert failing_build(project, previous_site, capsys) == [message]


def test_a_link_to_a_folder_inside_another_is_refused_too(project, previous_site, capsys):
    (project / "content" / "events" / "more").symlink_to(project / "content" / "actors")
    assert failing_build(project, previous_site, capsys) == [
        "content/events/more: refused: this folder is a link to a place outside its folder"]


def test_a_dangling_link_out_of_the_project_is_refused(project, tmp_path, previous_site, capsys):
    (project / "content" / "pages" / "gone.md").symlink_to(tmp_path / "no-such-file.md")
    assert failing_build(project, previous_site, capsys) == [
        "content/pages/gone.md: refused: this file is a link to a place outside its folder"]


def test_a_link_within_its_folder_is_read(project, tmp_path, capsys):
    os.symlink("about.md", project / "content" / "pages" / "about-us.md")
    output = tmp_path / "out"
    assert main(["build", "--root", str(project), "--output", str(output)]) == 0
    linked = (output / "about-us" / "index.html").read_text()
    assert "<h1>About</h1>" in linked  # the text of the file the link points at
    assert '<div class="prose"><p>A <strong>test</strong> briefing.</p></div>' in linked
