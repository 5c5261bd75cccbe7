from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"


THEME_FOLDERS = ("templates", "static", "i18n")


def copy_theme(root: Path) -> None:
    """Give a site folder the repository's theme: templates, static files, catalogues."""
    for folder in THEME_FOLDERS:
        shutil.copytree(REPO / folder, root / folder)


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    """A writable copy of the golden fixture site."""
    target = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", target)
    return target
