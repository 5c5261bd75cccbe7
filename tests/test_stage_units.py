"""Fast unit tests of what only end-to-end tests reached before: the caches kept on
disk, re-planning after an edit, and engine.build handed caches."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.caches import Caches
from briefing.engine import BuildOptions, build
from briefing.load import load
from briefing.memo import Memo, NoMemo
from briefing.model import model
from briefing.plan import plan

from .conftest import FIXTURES


@pytest.fixture
def signing_key(monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_KEY", "0" * 64)


def test_caches_saved_on_disk_come_back_as_they_were(tmp_path, signing_key):
    caches = Caches.on_disk(tmp_path)
    caches.items.put(("items", "x"), ("a", 1, frozenset({"b"})))
    caches.bodies.put("body-key", (b"<p>x</p>", ((), ())))
    caches.save()
    again = Caches.on_disk(tmp_path)
    assert again.notes == []
    assert again.items.get(("items", "x")) == ("a", 1, frozenset({"b"}))
    assert again.bodies.get("body-key") == (b"<p>x</p>", ((), ()))


def test_caches_of_another_version_of_briefing_are_dropped_without_a_word(tmp_path, signing_key):
    caches = Caches.on_disk(tmp_path)
    caches.items.put("k", "v")
    caches.version = "an older Briefing"
    caches.save()
    again = Caches.on_disk(tmp_path)
    assert "k" not in again.items and again.notes == []


def test_caches_signed_with_another_key_are_set_aside_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_KEY", "1" * 64)
    caches = Caches.on_disk(tmp_path)
    caches.items.put("k", "v")
    caches.save()
    monkeypatch.setenv("BRIEFING_CACHE_KEY", "2" * 64)
    again = Caches.on_disk(tmp_path)
    assert "k" not in again.items
    assert again.notes and all("set aside, building without it" in note for note in again.notes)


def planned(root: Path, memo) -> list[tuple[str, str]]:
    inputs = load(root)
    return [(page.output, page.fingerprint) for page in plan(model(inputs, inputs.config),
                                                              inputs.static, memo)]


def test_re_planning_after_an_edit_gives_the_plan_from_scratch(tmp_path):
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    memo = Memo()
    first = planned(root, memo)
    assert planned(root, memo) == first == planned(root, NoMemo())
    article = root / "content" / "articles" / "port-deal.md"
    article.write_text(article.read_text().replace("Minister announces a port deal",
                                                   "Minister announces a larger port deal"))
    again = planned(root, memo)
    assert again == planned(root, NoMemo())
    changed = {output for (output, key), (_, before) in zip(again, first) if key != before}
    assert "articles/port-deal/index.html" in changed
    assert "actors/index.html" not in changed  # a listing that does not show the title


def test_engine_build_with_kept_caches_renders_nothing_again_when_nothing_changed(tmp_path):
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    options = BuildOptions(root=root, output=tmp_path / "site", search=False, jobs=1)
    caches = Caches.in_memory()
    first = build(options, caches)
    assert first.report.render.pages_rendered > 0
    files = {path: path.read_bytes() for path in (tmp_path / "site").rglob("*") if path.is_file()}
    second = build(options, caches)
    assert second.report.render.pages_rendered == 0
    assert second.report.render.pages_reused == first.report.render.pages_rendered
    assert {path: path.read_bytes() for path in (tmp_path / "site").rglob("*")
            if path.is_file()} == files


def test_a_new_process_loads_the_templates_compiled_by_the_last_build(tmp_path, signing_key,
                                                                      monkeypatch):
    import jinja2

    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    options = BuildOptions(root=root, output=tmp_path / "site", search=False, jobs=1)
    first = Caches.on_disk(tmp_path / "cache")
    build(options, first)
    first.save()
    assert any(isinstance(key, tuple) and key[0] == "bytecode" for key in first.drawings.entries)
    compiled = []
    original = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *args, **kwargs: compiled.append(args) or original(
                            self, *args, **kwargs))
    (root / "content" / "articles" / "port-deal.md").write_text(
        (root / "content" / "articles" / "port-deal.md").read_text().replace(
            "Minister announces", "Minister announced"))
    second = build(options, Caches.on_disk(tmp_path / "cache"))
    assert second.report.render.pages_rendered > 0 and compiled == []


def test_the_templates_a_template_names_are_read_from_its_tags():
    """What each template uses decides which pages an edited template renders again:
    read from the tags' text, it is what Jinja's parser finds in every theme template,
    and a name computed at render time (or a list of names) means any template."""
    import jinja2
    import jinja2.meta
    from briefing.render.template_set import _references
    from .conftest import REPO
    env = jinja2.Environment()
    templates = sorted(p for p in (REPO / "templates").rglob("*") if p.is_file())
    assert len(templates) > 10
    for path in templates:
        text = path.read_text(encoding="utf-8")
        parsed = list(jinja2.meta.find_referenced_templates(env.parse(text)))
        expected = None if None in parsed else tuple(sorted(set(parsed)))
        assert _references(text) == expected, path.name
    assert _references('{%- extends "base.html" -%}{% include \'a.html\' ignore missing %}'
                       '{% from "m.html" import x with context %}{% import "n.html" as n %}'
                       ) == ("a.html", "base.html", "m.html", "n.html")
    assert _references("{% include page.template %}") is None
    assert _references('{% include ["a.html", "b.html"] %}') is None
    assert _references('{% if x %}{% include "a.html" if y else "b.html" %}{% endif %}') is None
    assert _references("no tags at all {{ x }}") == ()


def test_a_build_with_nothing_to_render_imports_nothing_to_render_with(tmp_path):
    """The second build of an unchanged briefing, in a new process, renders nothing, and
    imports neither Jinja nor Python-Markdown nor the sanitiser (importing the three
    alone takes about 60 ms)."""
    import os
    import subprocess
    import sys
    from .conftest import REPO, copy_briefing
    root = copy_briefing(FIXTURES / "golden", tmp_path / "briefing")
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing.engine import BuildOptions, build_and_keep\n"
        f"result = build_and_keep(BuildOptions(root=Path({str(root)!r}), "
        f"output=Path({str(tmp_path / 'site')!r}), search=False))\n"
        "print(result.report.pages_rendered, *sorted(m for m in ('jinja2', 'markdown', 'nh3') "
        "if m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                           env=env, check=True).stdout.split() for _ in range(2)]
    assert int(runs[0][0]) > 0 and runs[0][1:] == ["jinja2", "markdown", "nh3"]
    assert runs[1] == ["0"]


def test_the_previews_kept_entries_follow_their_macro_and_strings(tmp_path):
    """The preview keeps the entries listings show from build to build (the fragments of
    render/edition.py): an edit of the macro that draws them, or of a string they
    show, draws them again, as a build from scratch draws them."""
    from briefing.preview.serve import Rebuilder

    from .conftest import copy_theme, tree
    root = tmp_path / "briefing"
    shutil.copytree(FIXTURES / "golden", root)
    copy_theme(root)
    preview = tmp_path / "preview"
    rebuilder = Rebuilder(BuildOptions(root=root, output=preview, search=False, in_place=True))
    assert rebuilder.rebuild().ok
    assert len(rebuilder.caches.fragments) > 10
    edits = [("templates/_macros.html", '<span class="entry-kind">', '<span class="entry-kind kept">',
              'class="entry-kind kept"'),
             ("i18n/en.yaml", "\n  article: Article\n", "\n  article: Dispatch\n",
              '<span class="entry-kind kept">Dispatch</span>')]
    for relative, old, new, shown in edits:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert rebuilder.rebuild({path}).ok
        build(BuildOptions(root=root, output=tmp_path / "clean", search=False, cache=False))
        clean = tree(tmp_path / "clean")
        assert tree(preview) == clean, relative
        assert any(shown in data.decode("utf-8", "replace") for data in clean.values()), relative
