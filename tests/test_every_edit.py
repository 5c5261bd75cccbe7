"""Every field of every file, edited one at a time: the incremental builds give the
build from scratch, byte for byte.

The edits are generated from the golden briefing's own files, so that a new key in
any kind (or a new kind) is edited without this test being told: each value of each
front-matter or YAML line of content/, seeds/, site.yaml and the interface
catalogues is changed as an editor would change it, and each body gets a sentence.
After each edit, three builders are compared with a build from scratch (no caches,
one process):

- caches kept in memory and saved to disk after each build (as a long session of
  `python build.py` runs, with their spare trees);
- caches read afresh from disk (`build_and_keep`, as each `python build.py` does);
- the preview's rebuilder, told which file changed, writing in place.

An edit that the build from scratch refuses must be refused with the same problems
by each builder, which leave their output as it was; the edit is then undone.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.caches import CACHE_DIR, Caches
from briefing.engine import BuildOptions, build, build_and_keep
from briefing.errors import BuildFailed
from briefing.preview.serve import Rebuilder

from .conftest import FIXTURES, copy_theme, tree

# A value after 'key: ' or '- key: ' on a line of YAML (not a nested mapping's key).
_VALUE_LINE = re.compile(r"^(?P<head>\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+)(?P<value>\S.*?)\s*$")
_DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")


@dataclass(frozen=True)
class Edit:
    """One change to one line of one file."""

    path: str  # relative to the briefing folder
    line: int  # 0-based
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line + 1}: {self.old.strip()!r} -> {self.new.strip()!r}"


def edited_value(value: str) -> str | None:
    """The value an editor might put instead: another word, number, date or list."""
    if value in ("true", "false"):
        return "false" if value == "true" else "true"
    if value in ("|", ">", "|-", ">-") or value.startswith(("&", "*", "{")):
        return None
    if re.fullmatch(r"-?\d+", value):
        return str(int(value) + 7)
    if re.fullmatch(r"-?\d+\.\d+", value):
        return f"{float(value) + 0.5:g}"
    date = _DATE.match(value)
    if date:
        year = int(date[1]) - 1
        return f"{year}{date[2] or ''}{date[3] or ''}"
    if value.startswith("[") and value.endswith("]"):
        entries = [e.strip() for e in value[1:-1].split(",") if e.strip()]
        return f"[{', '.join(entries[:-1])}]" if len(entries) > 1 else None
    if value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
        return value[0] + "Edited " + value[1:]
    return "Edited " + value


def front_matter_lines(text: str, path: str) -> range:
    """The lines of a file that hold YAML: a Markdown file's front matter, or all."""
    lines = text.split("\n")
    if not path.endswith(".md"):
        return range(len(lines))
    if not lines or lines[0] != "---":
        return range(0)
    end = lines.index("---", 1)
    return range(1, end)


def edits_of(root: Path, relative: str) -> list[Edit]:
    text = (root / relative).read_text(encoding="utf-8")
    lines = text.split("\n")
    found = []
    for number in front_matter_lines(text, relative):
        match = _VALUE_LINE.match(lines[number])
        if not match:
            continue
        new = edited_value(match["value"])
        if new is not None:
            found.append(Edit(relative, number, lines[number], match["head"] + new))
    if relative.endswith(".md"):
        end = max(front_matter_lines(text, relative), default=-1) + 1
        if end < len(lines):
            found.append(Edit(relative, end, lines[end], lines[end] + "\n\nA sentence an editor added."))
    return found


def all_edits(root: Path) -> list[Edit]:
    files = ["site.yaml"]
    for folder in ("content", "seeds"):
        files += sorted(p.relative_to(root).as_posix() for p in (root / folder).rglob("*")
                        if p.suffix in (".md", ".yaml") and p.is_file())
    edits = [edit for relative in files for edit in edits_of(root, relative)]
    # Catalogues: a few strings of each, not all of them (each is a string like any other).
    for catalogue in sorted((root / "i18n").glob("*.yaml")):
        relative = catalogue.relative_to(root).as_posix()
        edits += edits_of(root, relative)[::40]
    return edits


class Builders:
    """The golden briefing with a theme of its own, and every way of building it."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "briefing"
        shutil.copytree(FIXTURES / "golden", self.root)
        copy_theme(self.root)
        self.out = tmp_path / "out"
        self.options = BuildOptions(root=self.root, search=False, cache=False, jobs=1)
        self.kept_caches = Caches.on_disk(self.root / CACHE_DIR)
        self.in_place = Rebuilder(self.with_output("in-place", in_place=True))
        self.changed: set[Path] = set()
        self.before: dict[Edit, str] = {}  # each applied edit's file as it was

    def with_output(self, name: str, **changes) -> BuildOptions:
        return replace(self.options, output=self.out / name, cache=True, **changes)

    def apply(self, edit: Edit, undo: bool = False) -> None:
        path = self.root / edit.path
        text = path.read_text(encoding="utf-8")
        if undo:
            text = self.before.pop(edit)
        else:
            self.before[edit] = text
            lines = text.split("\n")
            assert lines[edit.line] == edit.old, f"{edit}: the line is not as expected"
            lines[edit.line] = edit.new
            text = "\n".join(lines)
        path.write_text(text, encoding="utf-8")
        self.changed.add(path)

    def clean(self) -> dict[str, bytes] | list:
        output = self.out / "clean"
        shutil.rmtree(output, ignore_errors=True)
        try:
            build(replace(self.options, output=output))
        except BuildFailed as failed:
            return failed.problems
        return tree(output)

    def check(self, context: str) -> bool:
        """Build every way and compare with the build from scratch; True if it built."""
        expected = self.clean()
        changed, self.changed = self.changed, set()
        outcomes = {}
        # What a refused edit must leave in place (read only then: it is most of a check's reading).
        before = {name: tree(self.out / name) if (self.out / name).exists() else {}
                  for name in ("kept", "from-disk", "in-place") if isinstance(expected, list)}
        try:
            build(self.with_output("kept"), self.kept_caches)
            outcomes["kept"] = tree(self.out / "kept")
        except BuildFailed as failed:
            outcomes["kept"] = failed.problems
        self.kept_caches.save()
        try:
            build_and_keep(self.with_output("from-disk"))
            outcomes["from-disk"] = tree(self.out / "from-disk")
        except BuildFailed as failed:
            outcomes["from-disk"] = failed.problems
        rebuilt = self.in_place.rebuild(changed)
        outcomes["in-place"] = (tree(self.out / "in-place") if rebuilt.ok
                                else list(rebuilt.problems))
        for name, outcome in outcomes.items():
            if isinstance(expected, list):
                assert outcome == expected, f"after {context}, {name}: other problems"
                assert tree(self.out / name) == before[name] if before[name] else True
            else:
                differing = sorted(path for path in set(expected) | set(outcome)
                                   if expected.get(path) != outcome.get(path))
                assert not differing, f"after {context}, {name} differs from a clean build: {differing}"
        return not isinstance(expected, list)


def test_the_edits_reach_every_kind_and_many_keys(tmp_path):
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    copy_theme(root)
    edits = all_edits(root)
    folders = {edit.path.split("/")[1] for edit in edits if edit.path.startswith("content/")}
    assert folders == {p.name for p in (root / "content").iterdir()}
    assert {e.path for e in edits} >= {"site.yaml", "seeds/census.yaml", "i18n/en.yaml"}
    keys = {re.match(r"\s*(?:- )?([\w-]+):", e.old)[1] for e in edits if ":" in e.old}
    assert {"outlet", "title", "label", "value", "as_of", "source", "status", "confidence",
            "role", "published", "date", "topics", "summary", "name"} <= keys


def distinct_edits(root: Path) -> list[Edit]:
    """One edit of each key in each kind of file (each folder of content/, each
    translation language, seeds, site.yaml, each catalogue), and of each kind's body."""
    seen = set()
    found = []
    for edit in all_edits(root):
        key = re.match(r"\s*(?:- )?([\w-]+):", edit.old)
        parts = edit.path.split("/")
        kind = "/".join(parts[:2]) if parts[0] == "content" else parts[0]
        language = edit.path.split(".")[-2] if edit.path.count(".") > 1 else ""
        signature = (kind, language, key[1] if key else "the body")
        if signature not in seen:
            seen.add(signature)
            found.append(edit)
    return found


@pytest.mark.parametrize("part", ["content", "seeds and settings"])
def test_each_edit_of_each_key_builds_what_a_clean_build_builds(tmp_path, part):
    """Edits stay made while they build (so later edits meet a site already edited);
    one that is refused is undone."""
    builders = Builders(tmp_path)
    assert builders.check("the first build")
    edits = [edit for edit in distinct_edits(builders.root)
             if edit.path.startswith("content/") == (part == "content")]
    built = refused = 0
    for edit in edits:
        builders.apply(edit)
        if builders.check(str(edit)):
            built += 1
        else:
            refused += 1
            builders.apply(edit, undo=True)
            assert builders.check(f"undoing {edit}")
    assert built > refused  # most edits are edits an editor makes, not mistakes


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_sequences_of_edits_build_what_a_clean_build_builds(tmp_path_factory, data):
    builders = Builders(tmp_path_factory.mktemp("sequence"))
    builders.check("the first build")
    edits = all_edits(builders.root)
    applied: list[Edit] = []
    for _ in range(data.draw(st.integers(2, 5), label="length")):
        edit = data.draw(st.sampled_from(edits), label="edit")
        if any((e.path, e.line) == (edit.path, edit.line) for e in applied):
            continue
        builders.apply(edit)
        applied.append(edit)
        if not builders.check(" then ".join(map(str, applied))):
            builders.apply(applied.pop(), undo=True)
            builders.check("undoing the last edit")
