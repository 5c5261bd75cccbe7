from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from briefing.render import environment as render_environment
from briefing.engine import BuildOptions, BuildResult, build
from briefing.memo import NoMemo

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
# A GitHub Pages project site: the briefing is published under a path.
PUBLISHED_BASE_URL = "https://example.github.io/briefing-mz/"
PUBLISHED_PREFIX = "/briefing-mz/"


# The default theme: the repository's top-level templates/, static/ and i18n/
# (packaged into the wheel as briefing/theme/).
THEME = REPO
THEME_FOLDERS = ("templates", "static", "i18n")


class CompiledOnce(jinja2.BytecodeCache):
    """Templates compiled once per text in a test process, whichever build asks. A build
    from scratch (no caches) compiles every template it renders; what compiling gives
    depends on nothing but the text (Jinja checks each template's source against the
    checksum it was compiled from, so an edited template is compiled again), and it is
    most of a small build's time. Builds handed caches keep using their own."""

    def __init__(self):
        self.compiled: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key, bucket.checksum] = bucket.bytecode_to_string()


@pytest.fixture(autouse=True, scope="session")
def templates_compiled_once_per_process():
    original = render_environment.template_environment
    cache = CompiledOnce()

    def environment(templates, compiled=None):
        env = original(templates, compiled)
        if compiled is None or isinstance(compiled, NoMemo):
            env.bytecode_cache = cache
        return env

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_environment, "template_environment", environment)
        yield


def copy_theme(root: Path) -> None:
    """Give a site folder a copy of the default theme, as its own templates, static
    files and catalogues (which replace the packaged theme's), for tests to edit."""
    for folder in THEME_FOLDERS:
        shutil.copytree(THEME / folder, root / folder)


# What a briefing folder holds for a build; the theme folders only where it has its own.
BRIEFING_INPUTS = ("site.yaml", "lexicon.yaml", "content", "seeds", "map", *THEME_FOLDERS)


def copy_briefing(source: Path, target: Path) -> Path:
    """A copy of a briefing's inputs: a build of the copy keeps its cache in the copy
    (<target>/.cache/), never in the repository's."""
    target.mkdir(parents=True)
    for name in BRIEFING_INPUTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        elif (source / name).is_file():
            shutil.copyfile(source / name, target / name)
    return target


def run_build(root: Path, output: Path, *options: str, env: dict | None = None,
              wrapper: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python -m briefing build` in a child process, as a user runs it; `env` adds
    variables, `wrapper` is a command that runs it (such as faketime)."""
    run = subprocess.run(
        [*wrapper, sys.executable, "-m", "briefing", "build", "--root", str(root),
         "--output", str(output), *options],
        capture_output=True, text=True, cwd=output.parent,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})
    assert run.returncode == 0, run.stderr
    return run


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
    build(BuildOptions(root=FIXTURES / "golden", theme=THEME, output=output, cache=False))
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
    return build(BuildOptions(root=REPO, output=output, base_url=PUBLISHED_BASE_URL,
                              cache=False)), output


# A generated briefing big enough that its timeline, articles index and topic pages
# are split into pages (plan/paging.py: above 200 entries): 1,000 items, about 400
# of them events, published under /bench/.
BIG_ITEMS = 1000
BIG_PREFIX = "/bench/"


@pytest.fixture(scope="session")
def big_briefing(tmp_path_factory) -> tuple[BuildResult, Path]:
    """The generated briefing of BIG_ITEMS items built once from scratch, without a
    search index: (BuildResult, output folder)."""
    from bench.corpus import make_corpus, write_briefing
    folder = tmp_path_factory.mktemp("big-briefing")
    write_briefing(make_corpus(BIG_ITEMS), folder / "briefing")
    output = folder / "site"
    return build(BuildOptions(root=folder / "briefing", theme=THEME, output=output, cache=False,
                              search=False)), output


# Two clocks that differ in every field, one before the briefing's dates and one after,
# set for a build by Debian's faketime (LD_PRELOAD: it sets the clock in libc, for the
# build and for every process the build starts, the search indexer included).
CLOCKS = ("2019-06-15 08:09:10", "2036-11-29 22:58:57")
FAKETIME = "/usr/bin/faketime"  # `make test` installs it


@pytest.fixture(scope="session")
def two_fresh_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The repository's briefing built twice from scratch, search index included: each
    in its own process, from its own copy (so with its own empty cache), with its own
    hash seed, number of render processes and clock (CLOCKS). The two output folders."""
    if not Path(FAKETIME).is_file():
        pytest.fail(f"these builds need {FAKETIME}: run `make test`, which installs it")
    outputs = []
    for seed, jobs, clock in (("1", "1", CLOCKS[0]), ("2", "2", CLOCKS[1])):
        folder = tmp_path_factory.mktemp(f"fresh-build-{seed}")
        root = copy_briefing(REPO, folder / "briefing")
        run_build(root, folder / "site", "--jobs", jobs, env={"PYTHONHASHSEED": seed},
                  wrapper=(FAKETIME, clock))
        outputs.append(folder / "site")
    return outputs[0], outputs[1]


def differing_files(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """The names of the files the two trees do not hold byte for byte alike."""
    return sorted(name for name in first.keys() | second.keys()
                  if first.get(name) != second.get(name))


def overlay_golden(target: Path, *fixtures: str, theme: bool = True) -> Path:
    """A copy of the golden site (with the repository's theme) and the files of each
    named folder of tests/fixtures/ laid over it, in order (their README.md left out)."""
    shutil.copytree(FIXTURES / "golden", target)
    if theme:
        copy_theme(target)
    for name in fixtures:
        folder = FIXTURES / name
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "README.md":
                destination = target / path.relative_to(folder)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
    return target
