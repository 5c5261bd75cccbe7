"""`briefing new`: a briefing for any country that builds at once.

First as a new user meets it: a wheel built from the sources, installed into a
fresh virtual environment outside the repository (with its dependencies from
PyPI), whose `briefing` command starts a briefing for three countries, builds
each and checks every link, and whose maps show each country, not
Mozambique. Then each refusal, the time zones, and the files themselves.
"""
from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
import zipfile
import zoneinfo
from pathlib import Path

import pytest
import yaml
from babel.core import get_global
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.commands.check import check_site
from briefing.commands.new import (CAPITAL_ZONES, NewRequest, capital_zone,
                                   gather, interface_languages, requirement_from)
from briefing.commands.starter_files import briefing_files, yaml_folded, yaml_scalar
from briefing.countries import countries, country_map
from briefing.engine import BuildOptions
from briefing.load.frontmatter import parse_document
from briefing.load.mapdata import parse_map
from briefing.model import translation_report
from briefing.render.maps import MapDrawer

from .conftest import REPO, render

MOZAMBIQUE_WORDS = ("Mozambique", "Moçambique", "Cabo Delgado", "Niassa")


# As a new user: a wheel, a fresh virtual environment, the `briefing` command ----


BUILT_HERE = (".git", ".venv", ".venv-bench", "node_modules", ".cache", "site", "build", "dist",
              "__pycache__", ".pytest_cache", ".hypothesis")


def source_files(repo: Path) -> list[str]:
    """The files a clean checkout has: tracked, or new and not ignored (without
    git: every file but what builds and tests make)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], cwd=repo, capture_output=True,
                                text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [path.relative_to(repo).as_posix() for path in repo.rglob("*") if path.is_file()
                and not any(part in BUILT_HERE or part.endswith(".egg-info")
                            for part in path.relative_to(repo).parts)]
    return [name for name in listed.split("\0") if name and (repo / name).is_file()]


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the bin/ folder of a fresh virtual environment with Briefing's wheel installed,
    the wheel). The wheel is built from a copy of the sources, as from a clean clone."""
    work = tmp_path_factory.mktemp("new-user")
    source = work / "source"
    for name in source_files(REPO):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    wheels = work / "wheels"
    quiet = ["--disable-pip-version-check", "-q"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-w",
                    str(wheels), *quiet], check=True, capture_output=True)
    (wheel,) = wheels.glob("country_briefing-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", str(wheel), *quiet],
                   check=True, capture_output=True)
    return venv / "bin", wheel


def as_a_user(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """A command run with nothing of the repository on Python's path."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def test_the_wheel_is_small_and_carries_the_theme_the_maps_and_the_starter(installed):
    bin_folder, wheel = installed
    assert wheel.stat().st_size < 10 * 1024 * 1024
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("briefing/theme/templates/base.html", "briefing/theme/static/css/site.css",
                 "briefing/theme/static/js/search.js", "briefing/theme/i18n/fr.yaml",
                 "briefing/countries/maps.zip", "briefing/commands/starter/site.yaml",
                 "briefing/commands/starter/words/fr.yaml", "briefing/preview/preview.js"):
        assert name in names, name
    where = as_a_user([str(bin_folder / "python"), "-c", "import briefing; print(briefing.__file__)"],
                      cwd=wheel.parent)
    assert Path(where.stdout.strip()).is_relative_to(bin_folder.parent)


def test_the_wheel_carries_the_top_level_theme_file_for_file(installed):
    """templates/, static/ and i18n/ at the repository's top are the default theme's
    one copy: the wheel holds exactly their files, byte for byte, as briefing/theme/."""
    bin_folder, wheel = installed
    archive = zipfile.ZipFile(wheel)
    packaged = {name[len("briefing/theme/"):]: archive.read(name) for name in archive.namelist()
                if name.startswith("briefing/theme/") and not name.endswith("/")}
    top_level = {path.relative_to(REPO).as_posix(): path.read_bytes()
                 for folder in ("templates", "static", "i18n")
                 for path in (REPO / folder).rglob("*") if path.is_file()}
    assert packaged == top_level
    where = as_a_user([str(bin_folder / "python"), "-c",
                       "from briefing.kinds import DEFAULT_THEME; print(DEFAULT_THEME)"],
                      cwd=wheel.parent)
    theme = Path(where.stdout.strip())
    assert theme.is_relative_to(bin_folder.parent) and theme.parts[-2:] == ("briefing", "theme")


# (code, options, the map's title in the root edition, the site's title)
NEW_USERS = [
    ("SD", [], "Map of Sudan", "Sudan Briefing"),
    ("MLI", ["--language", "fr", "--language", "en"], "Carte\u00a0: Mali", "Dossier Mali"),
    ("br", ["--language", "pt", "--language", "en", "--language", "fr",
            "--topics", "security,politics,humanitarian"], "Mapa de Brasil", "Dossiê Brasil"),
    # Right to left: the Arabic edition at the root, English beside it.
    ("YE", ["--language", "ar", "--language", "en"], "خريطة اليمن", "ملف اليمن"),
]


@pytest.mark.parametrize("code, options, map_title, title", NEW_USERS)
def test_a_new_user_starts_builds_and_checks_a_briefing(installed, tmp_path, code, options,
                                                        map_title, title):
    bin_folder, _ = installed
    made = as_a_user([str(bin_folder / "briefing"), "new", "my-briefing", "--country", code,
                      *options], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "my-briefing"
    assert (folder / "map" / "country.geojson").read_text() == country_map(code)

    built = as_a_user([str(bin_folder / "briefing"), "build"], cwd=folder)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert "not translated" not in built.stdout and "held back" not in built.stdout
    # The thin build.py it wrote runs the same commands, with the Python Briefing is in.
    checked = as_a_user([str(bin_folder / "python"), str(folder / "build.py"), "check"],
                        cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "every link and anchor resolves" in checked.stdout

    site = folder / "site"
    home = (site / "index.html").read_text()
    assert f"<title>{title}</title>" in home
    # The example event's map marks the division the examples are in, and the town.
    language = options[options.index("--language") + 1] if "--language" in options else "en"
    assert_map_of(code, (site / "events" / "example-event" / "index.html").read_text(), map_title,
                  language)
    assert (site / "pagefind").is_dir()  # the search index, from the installed indexer
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert not any(word in text for word in MOZAMBIQUE_WORDS), page


# docs/start.md, followed as written ------------------------------------------------

GUIDE = REPO / "docs" / "start.md"


def guide_commands() -> list[str]:
    """The commands of docs/start.md's steps 1 to 5, in order: each line of its indented
    code blocks (a line ending in a backslash joined to the next), without comments. A
    block whose first line is a folder ('sudan/') lists files: it is left out."""
    text = GUIDE.read_text()
    steps = text[text.index("## 1."):text.index("## Changing the look")]
    blocks: list[list[str]] = [[]]
    for line in steps.splitlines():
        if re.match(r" {4,}\S", line):
            blocks[-1].append(line.strip())
        elif line.strip() and blocks[-1]:
            blocks.append([])
    commands: list[str] = []
    for block in blocks:
        if not block or re.fullmatch(r"[\w.-]+/", block[0]):
            continue
        pending = ""
        for line in block:
            command = pending + re.sub(r"\s+#.*$", "", line)
            pending = command[:-1] + " " if command.endswith("\\") else ""
            if not pending:
                commands.append(command)
    return commands


# What the test does in place of a step it cannot take as written, and why.
def stand_ins(venv: Path, wheel: Path, remote: Path) -> dict[str, str | None]:
    return {
        # The session's fresh virtual environment, with the wheel installed from its deps.
        "python3 -m venv ~/.venvs/briefing": f"mkdir -p ~/.venvs && ln -s {venv} ~/.venvs/briefing",
        # Not on the package index until the first release: the wheel, as the guide offers.
        "pip install country-briefing": f"pip install --no-index --no-deps {wheel}",
        # Runs until stopped; tests/test_serve.py follows the preview.
        "briefing serve": None,
    }


YOUR_OWN_WORK = """
cat > seeds/sudan-tribune-2026-11-02.yaml <<'SOURCE'
outlet: Sudan Tribune
title: "Talks on a ceasefire resume"
published: 2026-11-02
language: en
kind: newspaper
reliability: C
SOURCE
cat > content/articles/ceasefire-talks.md <<'ARTICLE'
---
title: Ceasefire talks resume
published: 2026-11-02
summary: The two sides met again, the newspaper reports.
topics: [security]
places: [north-kordufan]
sources: [sudan-tribune-2026-11-02]
claims:
  - text: The talks resumed.
    status: reported
---
Our summary of [the report](source:sudan-tribune-2026-11-02).
ARTICLE
"""


def test_a_new_user_follows_the_start_guide_from_install_to_deploy(installed, tmp_path):
    """Every command in docs/start.md's steps 1 to 5, run in order in one shell as a new
    user would (a fresh home, git configured, GitHub replaced by a local bare repository):
    install, new, the examples replaced by a source and an article, build, check, a
    build for the Pages address and its check, the first push, and deploy."""
    bin_folder, wheel = installed
    home = tmp_path / "home"
    home.mkdir()
    remote = tmp_path / "sudan.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)],
                   check=True)
    replaced = stand_ins(bin_folder.parent, wheel, remote)
    script = ["set -ex"]
    for command in guide_commands():
        for written, stand_in in replaced.items():
            if written in command:
                command = None if stand_in is None else command.replace(written, stand_in)
        if command is None:
            continue
        command = command.replace("git@github.com:USER/sudan.git", str(remote))
        script.append(command)
        if command.startswith("rm seeds/example-*"):
            script.append(YOUR_OWN_WORK)
        if command.startswith("cd sudan"):
            script.append("test -f site.yaml")
    assert any(line.startswith("briefing deploy") for line in script)
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
               GIT_AUTHOR_NAME="A. Analyst", GIT_AUTHOR_EMAIL="analyst@example.org",
               GIT_COMMITTER_NAME="A. Analyst", GIT_COMMITTER_EMAIL="analyst@example.org")
    run = subprocess.run(["bash", "-c", "\n".join(script)], cwd=home, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "every link and anchor resolves" in run.stdout
    assert ("against https://USER.github.io/sudan/ (the one the site was built with): every "
            "link and anchor resolves") in run.stdout
    branches = subprocess.run(["git", "branch", "--list"], cwd=remote, capture_output=True,
                              text=True, check=True).stdout
    assert "gh-pages" in branches and "main" in branches
    published = subprocess.run(["git", "show", "gh-pages:articles/ceasefire-talks/index.html"],
                               cwd=remote, capture_output=True, text=True, check=True).stdout
    assert "Ceasefire talks resume" in published
    example = subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], cwd=remote,
                             capture_output=True, text=True, check=True).stdout
    assert "example-article" not in example


def assert_map_of(code: str, html: str, title: str, language: str = "en") -> None:
    """The page's map is this country's: its title, its outline drawn from the
    country's own map data, and the name of its division the examples are in."""
    data = parse_map(country_map(code))
    drawer = MapDrawer(data)
    (country,) = [i for i, area in enumerate(data.areas) if area.role == "country"]
    svg = re.search(r'<svg class="map-svg".*?</svg>', html, re.S).group(0)
    assert f"<title id=\"map-title\">{title}</title>" in svg
    assert f'<path class="map-country" d="{drawer.paths[country]}"' in svg
    province = gather(NewRequest(Path("x"), code, today=datetime.date(2025, 1, 1))).province
    assert f">{province.name_in(language)}</text>" in svg  # as the map names it there


# Refusals ------------------------------------------------------------------------


def refusal(capsys, *args: str) -> list[str]:
    assert main(["new", *args]) == 1
    return capsys.readouterr().err.splitlines()


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert refusal(capsys, str(tmp_path), "--country", "SD") == [
        f"{tmp_path}: is not empty: 'briefing new' writes only into a new or empty folder",
        "new failed: 1 error"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_file_in_the_way_is_refused(tmp_path, capsys):
    (tmp_path / "sudan").write_text("")
    assert refusal(capsys, str(tmp_path / "sudan"), "--country", "SD")[0] == (
        f"{tmp_path / 'sudan'}: already exists and is not a folder: give a new folder's path")


@pytest.mark.parametrize("code, hint", [
    ("SUD", "(did you mean 'SD'?)"),
    ("Sudan", "(did you mean 'SD', Sudan?)"),
    ("Soudan", "(did you mean 'SD', Sudan?)"),  # its French name
    ("UK", "(did you mean 'GB', United Kingdom?)"),  # a code the CLDR knows as an alias
    ("Mozambik", "(did you mean 'MZ', Mozambique?)"),
    ("ZZZ", ""),
])
def test_an_unknown_country_is_refused_with_what_was_meant(tmp_path, capsys, code, hint):
    message = f"unknown country code '{code}'{' ' + hint if hint else ''}: give an ISO " \
              "3166-1 code such as SD or SDN"
    assert refusal(capsys, str(tmp_path / "new"), "--country", code) == [
        f"--country: {message}", "new failed: 1 error"]
    assert not (tmp_path / "new").exists()


def test_a_language_without_an_interface_catalogue_is_refused(tmp_path, capsys):
    known = ", ".join(interface_languages())
    assert refusal(capsys, str(tmp_path / "new"), "--country", "SD", "--language", "en",
                   "--language", "de", "--language", "fre") == [
        f"--language: no interface catalogue for language 'de': Briefing's theme has {known}; "
        "for another language, start with one of these, then add i18n/<code>.yaml to the "
        "briefing (see its README)",
        f"--language: no interface catalogue for language 'fre' (did you mean 'fr'?): Briefing's "
        f"theme has {known}; for another language, start with one of these, then add "
        "i18n/<code>.yaml to the briefing (see its README)",
        "new failed: 2 errors"]


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    (tmp_path / "x").write_text("")
    lines = refusal(capsys, str(tmp_path), "--country", "XYZW", "--language", "EN",
                    "--topics", "security,2025,Bad Topic")
    assert lines == [
        "--country: unknown country code 'XYZW': give an ISO 3166-1 code such as SD or SDN",
        "--language: bad language code 'EN': use a two- or three-letter lowercase code such as "
        f"{', '.join(interface_languages())}",
        "--topics: bad topic id 'Bad Topic': use lowercase letters, digits and hyphens",
        "--topics: topic id '2025' would be read as an event status or a year in the "
        "timeline's filter pages: choose another id",
        f"{tmp_path}: is not empty: 'briefing new' writes only into a new or empty folder",
        "new failed: 5 errors"]


def test_an_empty_folder_is_filled_in_place(tmp_path, capsys, monkeypatch):
    """`mkdir sudan && cd sudan && briefing new . --country SD`: the folder the
    shell stands in gets the files (it is not replaced), and nothing else is left."""
    monkeypatch.chdir(tmp_path)
    before = os.stat(tmp_path).st_ino
    assert main(["new", ".", "--country", "SD"]) == 0
    out = capsys.readouterr().out
    assert "into this folder:" in out and "next: briefing serve" in out
    assert os.stat(tmp_path).st_ino == before
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".github", ".gitignore", "README.md", "build.py", "content", "i18n", "lexicon.yaml", "map",
                     "requirements.txt", "seeds", "site.yaml", "static", "templates"]
    folder = tmp_path.name.lower().replace("_", "-")  # 'test-an-empty-folder-is-filled0'
    assert f"base_url: https://example.github.io/{folder}/\n" in (tmp_path / "site.yaml").read_text()


# What the data gives ----------------------------------------------------------------


def test_each_country_gets_its_capitals_time_zone():
    zones = get_global("territory_zones")
    for country in countries():
        zone = capital_zone(country.alpha2)
        assert zone == "UTC" or zoneinfo.ZoneInfo(zone), country
        if len(zones.get(country.alpha2, [])) > 1:  # several: the table says which
            assert country.alpha2 in CAPITAL_ZONES, country
    for alpha2, zone in CAPITAL_ZONES.items():
        assert zone in zones.get(alpha2, [zone]), alpha2  # a zone of that country
    assert [capital_zone(c) for c in ("SD", "ML", "MZ", "HT", "RU", "US", "BR", "AU", "ID", "XK")] \
        == ["Africa/Khartoum", "Africa/Bamako", "Africa/Maputo", "America/Port-au-Prince",
            "Europe/Moscow", "America/New_York", "America/Sao_Paulo", "Australia/Sydney",
            "Asia/Jakarta", "Europe/Belgrade"]


def test_the_workflow_installs_briefing_from_where_it_came_from():
    assert requirement_from({"url": "https://github.com/o/briefing",
                             "vcs_info": {"vcs": "git", "commit_id": "abc123"}}) == \
        "country-briefing @ git+https://github.com/o/briefing@abc123"
    assert requirement_from({"url": "https://example.org/briefing-0.1.0-py3-none-any.whl",
                             "archive_info": {}}) == \
        "country-briefing @ https://example.org/briefing-0.1.0-py3-none-any.whl"
    # A wheel or checkout on this computer: GitHub cannot get it; requirements.txt says so.
    assert requirement_from({"url": "file:///tmp/briefing-0.1.0-py3-none-any.whl",
                             "archive_info": {}}) == ""
    assert requirement_from({}) == ""


# The files ---------------------------------------------------------------------------


def new_files(code: str, *languages: str, **options) -> dict[str, bytes]:
    return briefing_files(gather(NewRequest(Path("/x/new"), code, languages=languages,
                                            today=datetime.date(2025, 7, 22), **options)))


def test_the_same_request_makes_the_same_files_with_the_projects_shape():
    files = new_files("ML", "fr", "en")
    assert files == new_files("ML", "fr", "en")
    for name in ("site.yaml", "README.md", "build.py", ".gitignore", "requirements.txt",
                 ".github/workflows/pages.yml", "map/country.geojson", "templates/.gitkeep",
                 "static/.gitkeep", "i18n/.gitkeep", "seeds/example-source.yaml",
                 "seeds/example-source.en.yaml", "content/articles/example-article.md",
                 "content/events/example-event.md", "content/actors/example-person.md",
                 "content/places/example-town.md", "content/figures/example-figure.yaml",
                 "content/topics/security.md", "content/topics/security.en.md",
                 "content/pages/about.md"):
        assert name in files, name
    site = files["site.yaml"].decode()
    assert "title: Dossier Mali\n" in site and "timezone: Africa/Bamako\n" in site
    assert "locale: fr_ML" in site and "title: Mali Briefing" in site
    assert "published: 2025-07-22" in files["content/articles/example-article.md"].decode()
    assert "date: 2025-08  #" in files["content/events/example-event.md"].decode()


def test_a_title_given_is_the_title_of_every_edition():
    site = new_files("HT", "fr", "en", title="Haïti : veille")["site.yaml"].decode()
    assert 'title: "Haïti : veille"\n' in site
    assert "title: Haiti Briefing" not in site  # the English edition keeps the given title


@pytest.mark.parametrize("code", ["TUV", "FJI", "XK", "LSO", "RUS"])
def test_briefings_on_hard_countries_build_without_a_problem(tmp_path, code):
    """Tuvalu has no divisions in the map data; Fiji and Russia cross the
    antimeridian; Kosovo has no time zone in the CLDR; Lesotho is an enclave."""
    folder = tmp_path / "new"
    for name, data in new_files(code, "en", "pt").items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    result = render(BuildOptions(root=folder, output=tmp_path / "site"))
    assert translation_report(result.editions) == []
    assert check_site(tmp_path / "site", result.site.config.base_url) == []
    svg = re.search(r'<svg class="map-svg".*?</svg>', result.files["index.html"].decode(),
                    re.S).group(0)
    assert 'class="map-country"' in svg and "Example Town" in svg


def test_without_the_examples_a_briefing_still_builds(tmp_path):
    """README.md says to delete every example-* file together: what is left builds."""
    folder = tmp_path / "new"
    for name, data in new_files("ML", "fr", "en").items():
        if not Path(name).name.startswith("example-"):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    result = render(BuildOptions(root=folder, output=tmp_path / "site"))
    assert result.site.articles == {} and set(result.site.places) == {"gao"}
    assert check_site(tmp_path / "site", result.site.config.base_url) == []


# YAML written for the user reads back as the same text.
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\u2028\u2029"),
                max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_a_value_written_reads_back_the_same(text):
    document = parse_document("x.yaml", f"key: {yaml_scalar(text)}\n", has_body=False)
    assert document.meta["key"] == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
                                      blacklist_characters="\u2028\u2029") | st.just("\u00a0"),
                        min_size=1, max_size=12), min_size=1, max_size=30))
def test_a_long_value_folded_reads_back_as_its_words(words):
    text = " ".join(words)
    document = parse_document("x.yaml", f"key: {yaml_folded(text)}\nother: x\n", has_body=False)
    assert document.meta["key"] == text


def test_a_new_briefing_has_a_lexicon_and_ingest_sorts_its_stories(tmp_path, capsys):
    """`new` writes lexicon.yaml for the topics it writes, so that the first story
    ingested is filed under the topic it is about, not the first one."""
    from briefing.cli import main
    files = new_files("ET", "en", topics=("security", "economy", "fisheries"))
    lexicon = yaml.safe_load(files["lexicon.yaml"])["topics"]
    assert list(lexicon) == ["security", "economy", "fisheries"]
    assert "invest*" in lexicon["economy"]["en"] and lexicon["economy"]["pt"]
    assert lexicon["fisheries"] == {"en": [], "pt": []}  # a topic the starter has no words for
    root = tmp_path / "ethiopia"
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    story = tmp_path / "story.txt"
    story.write_text("The company said it would invest 300 million dollars in a new factory, "
                     "and exports of coffee would grow.\nSource: Wire\n")
    assert main(["ingest", str(story), "--root", str(root), "--published", "2025-07"]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err
    drafted = next((root / "content" / "articles").glob("wire-*.md")).read_text()
    assert "topics: [economy]" in drafted or "topics:\n- economy" in drafted


def test_the_docs_show_the_workflow_new_writes_and_every_site_yaml_key():
    docs = (REPO / "docs" / "publishing.md").read_text()
    shown = docs.split("## The workflow `briefing new` writes", 1)[1].split("```yaml\n", 1)[1]
    shown = shown.split("```", 1)[0]
    assert shown == new_files("ET", "en")[".github/workflows/pages.yml"].decode()
    from briefing.load.config import CONFIG_KEYS
    model = (REPO / "docs" / "content-model.md").read_text()
    section = model.split("## site.yaml", 1)[1].split("\n## ", 1)[0]
    for key in CONFIG_KEYS:
        assert f"| `{key}` |" in section, key


def test_the_readme_new_writes_publishes_in_order_to_a_bare_remote(tmp_path, monkeypatch):
    """The README's commands, run as written on a fresh folder, with a local bare
    repository standing in for GitHub: they push the briefing to main."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "gitconfig").write_text("[user]\n\tname = Editor\n\temail = editor@example.org\n")
    folder = tmp_path / "ethiopia"
    for name, data in new_files("ET", "en").items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    readme = (folder / "README.md").read_text()
    block = readme.split("## Publish on GitHub Pages", 1)[1].split("git init", 1)[1]
    commands = ["git init" + block.split("\n\n", 1)[0]]
    lines = [line.strip() for line in commands[0].splitlines() if line.strip()]
    assert lines[0].startswith("git init") and lines[-1] == "git push -u origin main"
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for line in lines:
        line = re.sub(r"https://github\.com/YOU/\S+\.git", str(remote), line)
        subprocess.run(line, shell=True, cwd=folder, check=True, capture_output=True)
    pushed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "main"], cwd=remote,
                            capture_output=True, text=True, check=True).stdout.split()
    assert "site.yaml" in pushed and ".github/workflows/pages.yml" in pushed
