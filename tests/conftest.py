from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.engine import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
# A GitHub Pages project site: the briefing is published under a path.
PUBLISHED_BASE_URL = "https://example.github.io/briefing-mz/"
PUBLISHED_PREFIX = "/briefing-mz/"


THEME_FOLDERS = ("templates", "static", "i18n")


def copy_theme(root: Path) -> None:
    """Give a site folder the repository's theme: templates, static files, catalogues."""
    for folder in THEME_FOLDERS:
        shutil.copytree(REPO / folder, root / folder)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (links included, as their target's bytes), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def render(options: BuildOptions) -> BuildResult:
    """The build from scratch without a search index, into a folder of its own (unless
    the options name one), with every file read back into `files`."""
    if options.output is None:
        options = replace(options, output=Path(tempfile.mkdtemp(prefix="briefing-test-")) / "site")
    result = build(replace(options, search=False))
    return replace(result, files=dict(result.files))


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    """A writable copy of the golden fixture site."""
    target = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", target)
    return target


@pytest.fixture(scope="session")
def built_golden(tmp_path_factory) -> Path:
    """The golden fixture built once: the 'previous site' that failed builds must leave alone."""
    output = tmp_path_factory.mktemp("built-golden") / "site"
    build(BuildOptions(root=FIXTURES / "golden", theme=REPO, output=output, cache=False))
    return output


@pytest.fixture
def previous_site(built_golden: Path, tmp_path: Path) -> Path:
    """A previously built site in tmp_path/site, as a failed build must find and leave it."""
    output = tmp_path / "site"
    shutil.copytree(built_golden, output)
    return output


def assert_left_as_it_was(output: Path, before: dict[str, bytes]) -> None:
    """The output folder holds exactly the same bytes, and no build folder is left beside it."""
    assert tree(output) == before
    leftovers = [p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}.")]
    assert leftovers == []


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The repository's briefing built once per session for a project path, search index
    included: (BuildResult, output folder)."""
    output = tmp_path_factory.mktemp("published") / "site"
    return build(BuildOptions(root=REPO, output=output, base_url=PUBLISHED_BASE_URL)), output
