"""Run build.py under the project's .venv when the current Python lacks Briefing's
dependencies. It runs before they can be imported, so it imports nothing but the
standard library."""
from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

# Set in the environment of the re-executed process: if the .venv's Python lacks
# the dependencies too, say so instead of executing it again and again.
REEXEC_MARK = "BRIEFING_REEXEC"


def venv_python(root: Path) -> Path | None:
    """The Python of the project's .venv, when `make build` has made one."""
    python = root / ".venv" / "bin" / "python"
    return python if os.access(python, os.X_OK) else None


def import_or_reexec(module: str, root: Path) -> ModuleType:
    """Import `module`; when a dependency is missing, run this same command under
    the .venv's Python (the process is replaced), or stop with one line that says
    what to do."""
    try:
        imported = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] == module.partition(".")[0]:
            raise  # a module of Briefing itself: a bug, not an installation
        python = venv_python(root)
        if python is not None and not os.environ.get(REEXEC_MARK):
            os.environ[REEXEC_MARK] = "1"
            os.execv(python, [str(python), *sys.argv])
        raise SystemExit(missing_message(error.name or "", python)) from None
    os.environ.pop(REEXEC_MARK, None)  # not inherited by what Briefing itself runs
    return imported


def missing_message(name: str, python: Path | None) -> str:
    if python is None:
        return (f"Briefing's dependencies are not installed for this Python (no module "
                f"'{name}'): run 'make build' first, which installs them into .venv")
    return (f"{python} lacks Briefing's dependencies (no module '{name}'): "
            f"run 'make build' first, which installs them into .venv")
