"""The golden site: a small fixture built and compared with committed output.

Regenerate after an intended change with `make golden`
(`python -m tests.golden regenerate`), then review the diff.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from briefing.engine import BuildOptions, build

REPO = Path(__file__).resolve().parent.parent
THEME = REPO  # the default theme: templates/, static/, i18n/ at the top
FIXTURE = REPO / "tests" / "fixtures" / "golden"
EXPECTED = REPO / "tests" / "golden" / "expected"


def build_golden() -> dict[str, bytes]:
    """The fixture's output built from scratch, less the theme's static files (they are
    copied verbatim)."""
    with tempfile.TemporaryDirectory() as folder:
        files = build(BuildOptions(root=FIXTURE, theme=THEME, output=Path(folder) / "site",
                                   search=False)).files
        return {name: files[name] for name in files if not name.startswith("static/")}


def expected_files() -> dict[str, bytes]:
    return {p.relative_to(EXPECTED).as_posix(): p.read_bytes()
            for p in sorted(EXPECTED.rglob("*")) if p.is_file()}


def regenerate() -> None:
    files = build_golden()
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, data in files.items():
        target = EXPECTED / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(files)} files to {EXPECTED.relative_to(REPO)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["regenerate"]:
        sys.exit("usage: python -m tests.golden regenerate")
    regenerate()
