"""Rebuilding one output folder again and again, as the preview does: after each
kind of edit the folder is byte-identical to a full build, and files whose bytes
did not change are left alone."""
from __future__ import annotations

from pathlib import Path

from briefing.engine import BuildOptions
from briefing.preview.serve import Rebuilder, preview_options
from briefing.write import MARKER, MARKER_TEXT

from .conftest import copy_theme, render, tree


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def full_build(options: BuildOptions, folder: Path) -> dict[str, bytes]:
    """The same site built from scratch, as `build` does, into another folder."""
    clean = render(BuildOptions(root=options.root, output=folder, drafts=True))
    return {**clean.files, MARKER: MARKER_TEXT}


def preview(golden_copy: Path, tmp_path: Path) -> tuple[BuildOptions, Rebuilder]:
    copy_theme(golden_copy)
    options = preview_options(BuildOptions(root=golden_copy, search=False))
    return options, Rebuilder(options)


def test_each_rebuild_equals_a_full_build_and_rewrites_only_what_changed(golden_copy, tmp_path):
    options, rebuilder = preview(golden_copy, tmp_path)
    first = rebuilder.rebuild()
    assert first.ok and first.base_path == "/testland/"
    assert set(first.changed_outputs) == set(full_build(options, tmp_path / "clean")) - {MARKER}
    content = golden_copy / "content"
    talks, new, later = (content / "events" / name for name in
                         ("port-talks.md", "new-talks.md", "later-talks.md"))
    page, favicon, config = (golden_copy / "templates" / "page.html",
                             golden_copy / "static" / "favicon.svg", golden_copy / "site.yaml")
    # Each edit, with the paths a file watcher reports for it.
    edits = [
        (lambda: talks.write_text(talks.read_text().replace("Officials", "Envoys")), {talks}),
        (lambda: new.write_text(
            "---\ntitle: New talks\ndate: 2025-03-02\nstatus: occurred\ntopics: [economy]\n"
            "sources: [wire-report]\nsummary: A second round.\ndraft: true\n---\n"), {new}),
        (lambda: new.rename(later), {new, later}),
        (lambda: later.unlink(), {later}),
        (lambda: page.write_text(page.read_text().replace("<article>", "<article class=\"page\">")),
         {page}),
        (lambda: favicon.write_text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"), {favicon}),
        (lambda: config.write_text(config.read_text().replace("Testland Briefing", "Testland Brief")),
         {config}),
    ]
    for number, (edit, touched) in enumerate(edits):
        before = tree(options.output_dir)
        before_stamps = stamps(options.output_dir)
        edit()
        result = rebuilder.rebuild(touched)
        assert result.ok, result.problems
        after = tree(options.output_dir)
        assert after == full_build(options, tmp_path / f"clean-{number}")
        changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        assert set(result.changed_outputs) == changed and changed
        after_stamps = stamps(options.output_dir)
        assert all(after_stamps[name] == before_stamps[name] for name in after if name not in changed)
    assert "later-talks" not in {p.name for p in (options.output_dir / "events").iterdir()}


def test_a_failed_rebuild_reports_problems_and_leaves_the_folder_as_it_was(golden_copy, tmp_path):
    options, rebuilder = preview(golden_copy, tmp_path)
    assert rebuilder.rebuild().ok
    before = tree(options.output_dir)
    actor = golden_copy / "content" / "actors" / "testland.md"
    actor.write_text("---\nname: [\n---\n")
    result = rebuilder.rebuild({actor})
    assert not result.ok and result.changed_outputs == () and result.base_path == ""
    assert str(result.problems[0]).startswith("content/actors/testland.md:")
    assert "invalid YAML" in str(result.problems[0])
    assert tree(options.output_dir) == before
