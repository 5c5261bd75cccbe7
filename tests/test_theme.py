"""Where the theme comes from: the one shipped in the package (or --theme DIR),
with the briefing folder's own templates/, static/ and i18n/ replacing files of
the same name and adding others, as a Hugo site overrides its theme."""
from __future__ import annotations

from pathlib import Path

from briefing.engine import BuildOptions
from briefing.errors import BuildFailed
from briefing.kinds import DEFAULT_THEME
from briefing.load import load, theme_folders

import pytest

from .conftest import copy_theme, render


def test_the_packaged_theme_is_the_default_and_has_every_part():
    assert theme_folders(Path("/b"), None) == (DEFAULT_THEME, Path("/b"))
    for name in ("templates/base.html", "static/css/site.css", "i18n/en.yaml", "i18n/pt.yaml"):
        assert (DEFAULT_THEME / name).is_file(), name


def test_a_briefing_without_a_theme_of_its_own_builds_with_the_packaged_one(golden_copy):
    assert not (golden_copy / "templates").exists()
    inputs = load(golden_copy)
    assert inputs.templates["base.html"] == (DEFAULT_THEME / "templates/base.html").read_text()
    assert inputs.static["favicon.svg"].path == str((DEFAULT_THEME / "static/favicon.svg").resolve())
    assert set(inputs.catalogues) == {p.stem for p in (DEFAULT_THEME / "i18n").glob("*.yaml")}


def test_the_briefings_own_files_replace_the_themes_and_add_to_them(golden_copy):
    (golden_copy / "templates").mkdir()
    page = (DEFAULT_THEME / "templates" / "page.html").read_text()
    (golden_copy / "templates" / "page.html").write_text(page.replace(
        "{% block main %}", "{% block main %}<p>Our own page template</p>", 1))
    (golden_copy / "static" / "img").mkdir(parents=True)
    (golden_copy / "static" / "img" / "port.svg").write_text("<svg/>")
    (golden_copy / "static" / "favicon.svg").write_text("<svg>ours</svg>")
    pt = (DEFAULT_THEME / "i18n" / "pt.yaml").read_text()
    (golden_copy / "i18n").mkdir()
    (golden_copy / "i18n" / "pt.yaml").write_text(
        pt.replace("search_button: Pesquisar", "search_button: Procurar"))

    files = render(BuildOptions(root=golden_copy)).files
    assert "Our own page template" in files["about/index.html"].decode()
    assert "Our own page template" not in files["events/port-talks/index.html"].decode()
    assert files["static/img/port.svg"] == b"<svg/>"
    assert files["static/favicon.svg"] == b"<svg>ours</svg>"
    assert files["static/css/site.css"] == (DEFAULT_THEME / "static/css/site.css").read_bytes()
    assert ">Procurar<" in files["pt/index.html"].decode()
    assert ">Search<" in files["index.html"].decode()


def test_a_theme_given_on_the_command_line_replaces_the_packaged_one(golden_copy, tmp_path):
    theme = tmp_path / "theme"
    copy_theme(theme)  # the theme's folders, not the checkout they stand in
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("<body", "<body data-theme=\"mine\"", 1))
    (golden_copy / "static").mkdir(exist_ok=True)
    (golden_copy / "static" / "extra.txt").write_text("the briefing's own file")

    files = render(BuildOptions(root=golden_copy, theme=theme)).files
    assert 'data-theme="mine"' in files["index.html"].decode()
    assert files["static/extra.txt"] == b"the briefing's own file"  # still published


def test_a_theme_folder_without_templates_is_refused(golden_copy, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildFailed) as failure:
        load(golden_copy, theme=tmp_path / "empty")
    assert [str(p) for p in failure.value.problems] == [
        f"{tmp_path / 'empty' / 'templates'}: no templates/ folder in the theme given by --theme"]
