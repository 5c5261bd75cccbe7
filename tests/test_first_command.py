"""`python build.py` with a Python that lacks the dependencies: it runs under the
project's .venv, or says in one line to run `make build` first."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, THEME

# -S leaves out site-packages, the .venv's included: a Python without the dependencies.
BARE_PYTHON = [sys.executable, "-S"]
STORY_ARGS = ["ingest", "my story.txt", "--published", "2025-11-21", "--outlet", "A & B"]


def bare_python_lacks_dependencies() -> bool:
    probe = subprocess.run([*BARE_PYTHON, "-c", "import jinja2, yaml, babel"],
                           capture_output=True)
    return probe.returncode != 0


pytestmark = pytest.mark.skipif(not bare_python_lacks_dependencies(),
                                reason="python -S still finds the dependencies here")


def clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("BRIEFING_REEXEC", "PYTHONPATH")}


def project(tmp_path: Path, venv_python: str | None) -> Path:
    """A checkout holding build.py and the package, with a .venv/bin/python script
    (or none) standing for what `make build` makes."""
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copyfile(REPO / "build.py", root / "build.py")
    (root / "briefing").symlink_to(REPO / "briefing", target_is_directory=True)
    if venv_python is not None:
        python = root / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(venv_python)
        python.chmod(0o755)
    return root


def run_bare(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BARE_PYTHON, "build.py", *args], cwd=root, capture_output=True,
                          text=True, env=clean_environment(), timeout=120)


def test_it_runs_again_under_the_venv_with_the_same_arguments(tmp_path):
    # The stand-in records how it was run: its arguments, one per line, then the mark.
    root = project(tmp_path, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "$(dirname "$0")/ran"\n'
                             'echo "mark=$BRIEFING_REEXEC" >> "$(dirname "$0")/ran"\nexit 7\n')
    result = run_bare(root, *STORY_ARGS)
    assert result.returncode == 7, result.stderr  # the exit code of the process it became
    assert result.stderr == ""
    ran = (root / ".venv" / "bin" / "ran").read_text().splitlines()
    assert ran == ["build.py", *STORY_ARGS, "mark=1"]


def test_without_a_venv_it_says_to_run_make_build_in_one_line(tmp_path):
    root = project(tmp_path, None)
    result = run_bare(root, "build")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "run 'make build' first" in lines[0] and "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_venv_without_the_dependencies_is_run_once_not_forever(tmp_path):
    # A .venv whose Python lacks the dependencies too: it counts its runs.
    root = project(tmp_path, f'#!/bin/sh\necho run >> "$(dirname "$0")/runs"\n'
                             f'exec {sys.executable} -S "$@"\n')
    result = run_bare(root, "build")
    assert result.returncode == 1
    assert (root / ".venv" / "bin" / "runs").read_text() == "run\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(str(root / ".venv" / "bin" / "python") + " lacks Briefing's "
                                                                         "dependencies")
    assert "run 'make build' first" in lines[0]


def test_a_missing_module_of_briefing_itself_is_not_taken_for_a_missing_dependency(tmp_path):
    from briefing.bootstrap import import_or_reexec

    with pytest.raises(ModuleNotFoundError, match="briefing.no_such_module"):
        import_or_reexec("briefing.no_such_module", tmp_path)


@pytest.mark.skipif(not (REPO / ".venv" / "bin" / "python").exists(),
                    reason="no .venv in this checkout (make build makes it)")
def test_the_readme_command_works_with_the_project_venv(tmp_path):
    """What README's "Using it" says, with a Python that lacks the dependencies."""
    output = tmp_path / "site"
    result = subprocess.run(
        [*BARE_PYTHON, "build.py", "--root", str(REPO / "tests" / "fixtures" / "golden"),
         "--theme", str(THEME), "--output", str(output), "--no-search", "--no-cache",
         "--jobs", "1"],
        cwd=REPO, capture_output=True, text=True, env=clean_environment(), timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built ") and (output / "index.html").is_file()
