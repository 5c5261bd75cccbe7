"""Rebuilding one output folder again and again, as the preview does: after each
kind of edit the folder is byte-identical to a full build, and files whose bytes
did not change are left alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, render
from briefing.rebuild import FullRebuilder, IncrementalRebuilder
from briefing.write import MARKER, MARKER_TEXT, update_site

from .conftest import copy_theme, tree


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def full_build(options: BuildOptions) -> dict[str, bytes]:
    """What the folder must hold: every file a build renders, and Briefing's marker."""
    return {**render(options).files, MARKER: MARKER_TEXT}


REBUILDERS = pytest.mark.parametrize("make", [FullRebuilder, IncrementalRebuilder])


@REBUILDERS
def test_each_rebuild_equals_a_full_build_and_rewrites_only_what_changed(golden_copy, tmp_path, make):
    copy_theme(golden_copy)
    options = BuildOptions(root=golden_copy, output=tmp_path / "preview", drafts=True)
    rebuilder = make(options)
    first = rebuilder.rebuild()
    assert first.ok and first.base_path == "/testland/"
    assert set(first.changed_outputs) == set(render(options).files)
    content = golden_copy / "content"
    edits = [
        lambda: (content / "events" / "port-talks.md").write_text(
            (content / "events" / "port-talks.md").read_text().replace("Officials", "Envoys")),
        lambda: (content / "events" / "new-talks.md").write_text(
            "---\ntitle: New talks\ndate: 2025-03-02\nstatus: occurred\ntopics: [economy]\n"
            "sources: [wire-report]\nsummary: A second round.\ndraft: true\n---\n"),
        lambda: (content / "events" / "new-talks.md").rename(content / "events" / "later-talks.md"),
        lambda: (content / "events" / "later-talks.md").unlink(),
        lambda: (golden_copy / "templates" / "page.html").write_text(
            (golden_copy / "templates" / "page.html").read_text().replace("<article>", "<article class=\"page\">")),
        lambda: (golden_copy / "static" / "favicon.svg").write_text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"),
        lambda: (golden_copy / "site.yaml").write_text(
            (golden_copy / "site.yaml").read_text().replace("Testland Briefing", "Testland Brief")),
    ]
    for edit in edits:
        before = tree(options.output_dir)
        before_stamps = stamps(options.output_dir)
        edit()
        result = rebuilder.rebuild()
        assert result.ok, result.problems
        after = tree(options.output_dir)
        assert after == full_build(options)
        changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        assert set(result.changed_outputs) == changed and changed
        after_stamps = stamps(options.output_dir)
        assert all(after_stamps[name] == before_stamps[name] for name in after if name not in changed)
    assert "later-talks" not in {p.name for p in (options.output_dir / "events").iterdir()}


@REBUILDERS
def test_a_failed_rebuild_reports_problems_and_leaves_the_folder_as_it_was(golden_copy, tmp_path, make):
    copy_theme(golden_copy)
    options = BuildOptions(root=golden_copy, output=tmp_path / "preview", drafts=True)
    rebuilder = make(options)
    assert rebuilder.rebuild().ok
    before = tree(options.output_dir)
    (golden_copy / "content" / "actors" / "testland.md").write_text("---\nname: [\n---\n")
    result = rebuilder.rebuild()
    assert not result.ok and result.changed_outputs == () and result.base_path == ""
    assert str(result.problems[0]).startswith("content/actors/testland.md:")
    assert "invalid YAML" in str(result.problems[0])
    assert tree(options.output_dir) == before


def test_update_site_writes_changed_files_and_removes_emptied_folders(tmp_path):
    output = tmp_path / "out"
    written = {"a/index.html": b"a", "b/c/index.html": b"c", "d.txt": b"d"}
    for name, data in written.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)
    kept = (output / "d.txt").stat().st_mtime_ns
    changed = update_site({"a/index.html": b"A", "d.txt": b"d", "e/index.html": b"e"}, written, output)
    assert changed == ["a/index.html", "b/c/index.html", "e/index.html"]
    assert tree(output) == {"a/index.html": b"A", "d.txt": b"d", "e/index.html": b"e"}
    assert not (output / "b").exists()
    assert (output / "d.txt").stat().st_mtime_ns == kept
    assert not [p for p in output.rglob(".*")]  # no temporary file left behind
