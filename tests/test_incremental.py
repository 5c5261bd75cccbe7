"""The cached, incremental, parallel build gives exactly what a clean build gives.

A generated corpus is built, then edited the ways editors edit — items added,
changed, deleted and renamed, a template changed, site.yaml changed — and after
each edit three builds are compared byte for byte with the build from scratch
(`engine.build` with no caches, in one process):

- caches kept in memory across all the edits and saved to disk after each,
  forking workers for any amount of work, swapping in trees built from the
  spare tree the previous swap retired;
- caches read afresh from disk for each build (as `python build.py` does);
- caches kept in memory, writing in place and told which files changed (as the
  preview does).
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bench.corpus import make_corpus, write_briefing
from briefing import render as render_stage
from briefing.caches import CACHE_DIR, Caches
from briefing.engine import BuildOptions, BuildReport, build, build_and_keep
from briefing.errors import BuildFailed
from briefing.vocabulary import PartialDate
from briefing.plan import paging
from briefing.preview.serve import Rebuilder

from .conftest import THEME


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(options: BuildOptions, output: Path) -> tuple[dict[str, bytes], list]:
    """The files of a build from scratch, and its planned pages."""
    shutil.rmtree(output, ignore_errors=True)
    result = build(replace(options, output=output, jobs=1))
    return tree(output), result.pages


class Kept:
    """Caches kept from build to build, as a long-lived process keeps them."""

    def __init__(self, options: BuildOptions, caches: Caches, save: bool = False):
        self.options = options
        self.caches = caches
        self.save = save

    def build(self, changed=None) -> BuildReport:
        result = build(self.options, self.caches, changed=changed)
        if self.save:
            self.caches.save()
        return result.report


# Enough items for every kind of page, for listings split into pages (SPLIT_ABOVE is
# lowered below) and for an edit to render a few pages and reuse many.
CORPUS_ITEMS = 30


class Scene:
    """A generated briefing with a theme of its own, and the builders under test."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.root = tmp_path / "corpus" / "briefing"
        write_briefing(make_corpus(CORPUS_ITEMS), self.root)
        self.theme = tmp_path / "theme"
        shutil.copytree(THEME / "templates", self.theme / "templates")
        shutil.copytree(THEME / "static", self.theme / "static")
        shutil.copytree(THEME / "i18n", self.theme / "i18n")
        self.out = tmp_path / "out"
        self.as_of: PartialDate | None = None
        self.options = BuildOptions(root=self.root, theme=self.theme, cache=False, search=False)
        # Fork workers for any amount of work, so that parallel rendering is exercised on every edit.
        monkeypatch.setattr(render_stage, "PARALLEL_BODIES", 1)
        monkeypatch.setattr(render_stage, "PARALLEL_PAGES", 1)
        monkeypatch.setattr(render_stage, "FORK_PAGES_BELOW_MB", 1e9)
        self.kept = Kept(self.with_output("kept", jobs=2),
                         Caches.on_disk(self.root / CACHE_DIR), save=True)
        self.in_place = Rebuilder(self.with_output("in-place", in_place=True, jobs=1))
        self.changed: set[Path] = set()
        self.in_place_report = None
        self.pages: list = []  # those of the last build from scratch

    def date(self, as_of: PartialDate | None) -> None:
        """Every builder builds on the briefing's date `as_of` from now on (None: its
        newest item's), as `--as-of` sets it."""
        self.as_of = as_of
        self.options = replace(self.options, as_of=as_of)
        self.kept.options = replace(self.kept.options, as_of=as_of)
        self.in_place.options = replace(self.in_place.options, as_of=as_of)

    def with_output(self, name: str, **changes) -> BuildOptions:
        values = dict(root=self.root, theme=self.theme, output=self.out / name, search=False,
                      as_of=self.as_of)
        values.update(changes)
        return BuildOptions(**values)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str, folder: Path | None = None) -> None:
        path = (folder or self.root) / relative
        text = path.read_text()
        assert old in text, f"{old!r} not in {relative}"
        self.write(path, text.replace(old, new, 1))

    def write(self, path: Path, text: str) -> None:
        path.write_text(text)
        self.changed.add(path)

    def remove(self, path: Path) -> None:
        path.unlink()
        self.changed.add(path)

    def rename(self, path: Path, target: Path) -> None:
        path.rename(target)
        self.changed |= {path, target}

    def check(self) -> BuildReport:
        """Build every way; assert each output equals the clean build's. Returns the
        report of the build with kept caches."""
        expected, self.pages = clean_build(self.options, self.out / "clean")
        report = self.kept.build()
        assert tree(self.out / "kept") == expected
        build_and_keep(self.with_output("from-disk", jobs=2))
        assert tree(self.out / "from-disk") == expected
        rebuilt = self.in_place.rebuild(self.changed)
        assert rebuilt.ok, rebuilt.problems
        self.in_place_report = rebuilt.report
        self.changed = set()
        assert tree(self.out / "in-place") == expected
        return report

    def check_failure(self) -> list:
        """Every builder reports the clean build's problems and leaves its output as it was."""
        with pytest.raises(BuildFailed) as clean:
            build(replace(self.options, output=self.out / "clean"))
        from_disk = self.with_output("from-disk", jobs=2)
        for name, builder in (("kept", lambda: self.kept.build()),
                              ("from-disk", lambda: build_and_keep(from_disk))):
            before = tree(self.out / name)
            with pytest.raises(BuildFailed) as caught:
                builder()
            assert caught.value.problems == clean.value.problems
            assert tree(self.out / name) == before
            assert not [p for p in self.out.iterdir() if p.name.startswith(f".{name}.")]
        before = tree(self.out / "in-place")
        rebuilt = self.in_place.rebuild(set(self.changed))
        assert list(rebuilt.problems) == clean.value.problems
        assert tree(self.out / "in-place") == before
        return clean.value.problems


@pytest.fixture
def scene(tmp_path, monkeypatch) -> Scene:
    return Scene(tmp_path, monkeypatch)


def first(folder: Path, pattern: str = "*.md") -> Path:
    return sorted(folder.glob(pattern))[0]


def test_every_kind_of_edit_builds_what_a_clean_build_builds(scene):
    first_report = scene.check()
    assert first_report.pages_reused == 0

    nothing = scene.check()
    assert nothing.pages_rendered == 0 and nothing.render.bodies_rendered == 0
    assert not nothing.write.swapped

    article = first(scene.path("content/articles"))
    scene.edit(article.relative_to(scene.root).as_posix(), "\n\n", "\n\nA sentence added to the body.\n\n")
    body_only = scene.check()
    assert (body_only.pages_rendered, body_only.render.bodies_rendered) == (1, 1)
    assert (scene.in_place_report.pages_rendered, scene.in_place_report.render.bodies_rendered) == (1, 1)

    scene.edit("content/topics/economy.md", "The economy", "The *economy*")
    scene.check()
    assert scene.in_place_report.pages_rendered == 1

    scene.edit(article.relative_to(scene.root).as_posix(), 'title: "', 'title: "Retitled: ')
    retitled = scene.check()
    assert 1 < retitled.pages_rendered < retitled.pages_reused
    assert scene.in_place_report.pages_rendered == retitled.pages_rendered

    new = scene.path("content/articles/article-99999.md")
    scene.write(new, article.read_text().replace('title: "', 'title: "New: '))
    scene.check()

    event = first(scene.path("content/events"))
    event_id = event.stem
    referring = [p for p in scene.path("content/articles").glob("*.md") if event_id in p.read_text()]
    for path in referring:
        scene.write(path, path.read_text().replace(f"events: [{event_id}]\n", "")
                    .replace(f"{event_id}, ", "").replace(f", {event_id}", ""))
    scene.remove(event)
    scene.check()

    scene.rename(new, scene.path("content/articles/renamed-item.md"))
    scene.check()

    scene.edit("content/actors/actor-001.md", "name: ", "name: Renamed ")
    scene.check()

    scene.edit("content/topics/security.md", "The security", "The renamed security")
    scene.check()

    # An event moves to another month: both months' pages, the index and the feeds change.
    moved = first(scene.path("content/events"))
    old = re.search(r"^date: (\d{4})-(\d{2})", moved.read_text(), re.M)
    month = "01" if old[2] != "01" else "02"
    scene.edit(moved.relative_to(scene.root).as_posix(), old[0], f"date: {old[1]}-{month}")
    scene.check()

    # A month summary is added for that month, then its body alone is edited.
    summary = scene.path(f"content/months/{old[1]}-{month}.md")
    summary.parent.mkdir(exist_ok=True)
    scene.write(summary, "---\ntitle: A month summarised\ntrend: deteriorated\n"
                         f"summary: One sentence.\n---\nSee [the event](event:{moved.stem}).\n")
    scene.check()
    scene.edit(summary.relative_to(scene.root).as_posix(), "See ", "Read ")
    summary_only = scene.check()
    assert summary_only.pages_rendered == 1 and summary_only.render.bodies_rendered == 1

    # The briefing's date given, then taken back: what is stale is planned again.
    scene.date(PartialDate(2019, 6, 30))
    earlier = scene.check()
    assert earlier.pages_rendered > 0  # fewer figures are old, fewer events overdue
    scene.date(None)
    scene.check()

    scene.edit("templates/article.html", "<h2 id=\"claims\">", "<h2 id=\"claims\" class=\"x\">",
               folder=scene.theme)
    scene.edit("templates/article.html", "<article class=\"item\">", "<article class=\"item article\">",
               folder=scene.theme)
    one_template = scene.check()
    articles = len(list(scene.path("content/articles").glob("*.md")))
    assert one_template.pages_rendered == articles

    scene.edit("templates/_macros.html", "entry-kind", "entry-sort", folder=scene.theme)
    scene.check()

    scene.write(scene.theme / "static" / "css" / "site.css", "body { margin: 0 }\n")
    scene.check()
    assert scene.in_place_report.pages_rendered == 1  # copied: no page shows a stylesheet

    scene.write(scene.theme / "static" / "new.txt", "a file no template names yet\n")
    scene.check()
    assert scene.in_place_report.pages_rendered == 1

    scene.edit("site.yaml", "title: Bench Briefing", "title: Renamed Briefing")
    config = scene.check()
    assert config.pages_reused == 0


def holding(pages: list, item: tuple[str, str]) -> list:
    """The pages whose context holds the item."""
    return [page for page in pages if item in page.items]


def test_split_listings_build_what_a_clean_build_builds_and_an_edit_renders_only_its_pages(
        tmp_path, monkeypatch):
    # Pages of 3 above 8 entries: the corpus's listings are split as a big briefing's are.
    monkeypatch.setattr(paging, "SPLIT_ABOVE", 8)
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    scene = Scene(tmp_path, monkeypatch)
    scene.check()
    index = [page for page in scene.pages if page.template == "articles.html"]
    assert len(index) > 3 and len([p for p in scene.pages if p.path.startswith("timeline/page/")]) > 2

    # A title edit renders the pages the article is on: one page of the index, one page
    # of each of its topics' articles, its own page and those that list it.
    article = index[2].context.articles[1].item
    path = scene.path(f"content/articles/{article.id}.md")
    scene.edit(path.relative_to(scene.root).as_posix(), 'title: "', 'title: "Retitled: ')
    retitled = scene.check()
    shown = holding(scene.pages, ("articles", article.id))
    # ...and the monthly feeds, whose entries' summaries are the month's headlines.
    assert len(shown) <= retitled.pages_rendered <= len(shown) + 2 < 32
    assert [p.path for p in shown if p.template == "articles.html"] == [index[2].path]
    for topic in article.topics:
        assert len([p for p in shown if p.template.startswith("topic")
                    and p.context.topic.id == topic]) == 1
    assert scene.in_place_report.pages_rendered == retitled.pages_rendered

    # So does an event's, on the pages of each timeline view it is in.
    timeline = [page for page in scene.pages
                if page.template == "timeline.html" and not page.context.view.active]
    event = timeline[1].context.events[0]
    scene.edit(f"content/events/{event.id}.md", 'title: "', 'title: "Retitled: ')
    retitled = scene.check()
    shown = holding(scene.pages, ("events", event.id))
    assert len(shown) <= retitled.pages_rendered <= len(shown) + 2
    assert [p.path for p in shown if p.template == "timeline.html" and not p.context.view.active] \
        == [timeline[1].path]

    # An article moved to another page by its date, a new one on the first page of
    # everything, one deleted: the entries after it move up a page.
    scene.edit(path.relative_to(scene.root).as_posix(), f"published: {article.published.iso()}",
               "published: 2010-01-01")
    scene.write(scene.path("content/articles/article-99999.md"),
                path.read_text().replace("published: 2010-01-01", "published: 2031-01-01"))
    scene.check()
    scene.remove(scene.path("content/articles/article-99999.md"))
    scene.remove(path)
    scene.check()


def test_errors_are_those_of_a_clean_build_and_leave_the_site_as_it_was(scene):
    scene.check()
    target = first(scene.path("content/events"))
    article = first(scene.path("content/articles"))
    scene.edit(article.relative_to(scene.root).as_posix(), "\n\n",
               f"\n\nSee [the event](event:{target.stem}) and [another](event:no-such-event).\n\n")
    problems = scene.check_failure()
    assert any("no-such-event" in p.message for p in problems)

    scene.edit(article.relative_to(scene.root).as_posix(), " and [another](event:no-such-event)", "")
    scene.check()

    # A cached body that links to an item deleted since must fail as a clean build does.
    referring = [p for p in scene.path("content/articles").glob("*.md")
                 if f"events: [{target.stem}" in p.read_text() or f", {target.stem}" in p.read_text()]
    for path in referring:
        scene.write(path, path.read_text().replace(f"events: [{target.stem}]\n", "")
                    .replace(f"{target.stem}, ", "").replace(f", {target.stem}", ""))
    scene.remove(target)
    problems = scene.check_failure()
    assert [p.path for p in problems] == [article.relative_to(scene.root).as_posix()]

    scene.write(target, "---\ntitle: Back\nstatus: occurred\ntopics: [security]\n"
                        "sources: [source-001]\nsummary: It is back.\n---\n")
    scene.check()

    # An edited body with a broken link fails the body-only rebuild as it fails a clean build.
    scene.edit(article.relative_to(scene.root).as_posix(), "[the event]", "[the event](event:nowhere) or [it]")
    scene.check_failure()
    scene.edit(article.relative_to(scene.root).as_posix(), "[the event](event:nowhere) or [it]", "[the event]")
    scene.check()

    # A cached body whose image or linked file is deleted since must fail as a clean build does.
    image = scene.theme / "static" / "img" / "harbour.svg"
    image.parent.mkdir()
    scene.write(image, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>\n')
    scene.edit(article.relative_to(scene.root).as_posix(), "\n\n",
               "\n\nSee [the timeline](/timeline/).\n\n"
               "![A harbour](/static/img/harbour.svg \"Drawing: Briefing\")\n\n")
    scene.check()
    scene.remove(image)
    problems = scene.check_failure()
    assert [(p.path, p.message) for p in problems] == [
        (article.relative_to(scene.root).as_posix(),
         "image '/static/img/harbour.svg' not found: there is no static/img/harbour.svg "
         "in the briefing folder")]
    scene.write(image, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>\n')
    scene.check()

    # A problem in a file the builders remember from before is reported at its line.
    actor = scene.path("content/actors/actor-002.md")
    saved = actor.read_text()
    scene.remove(actor)
    problems = scene.check_failure()
    assert problems and all(p.line > 1 and "actor-002" in p.message for p in problems)
    scene.write(actor, saved)
    scene.check()

    # A template error met after other pages were already staged.
    scene.edit("templates/page.html", "{{ page.title }} –", "{{ page.title.missing }} –",
               folder=scene.theme)
    scene.check_failure()


def test_unchanged_files_keep_their_time(scene):
    scene.check()
    out = scene.out / "kept"
    before = {p: os.stat(p) for p in out.rglob("*") if p.is_file()}
    article = first(scene.path("content/articles"))
    scene.edit(article.relative_to(scene.root).as_posix(), "\n\n", "\n\nOne more sentence.\n\n")
    report = scene.check()
    assert report.write.swapped
    changed = {p for p, st in before.items() if os.stat(p).st_mtime_ns != st.st_mtime_ns}
    assert changed == {out / "articles" / article.stem / "index.html"}


def test_no_file_of_the_live_site_is_shared_with_the_spare_tree(scene):
    """A write into a file of the spare tree kept in the cache never reaches the
    published site (the files of the two trees are never hard links of each other)."""
    scene.check()
    for sentence in ("One more sentence.", "And another."):  # the second build has a spare
        article = first(scene.path("content/articles"))
        scene.edit(article.relative_to(scene.root).as_posix(), "\n\n", f"\n\n{sentence}\n\n")
        scene.check()
    out = scene.out / "kept"
    live = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    spares = [p for p in (scene.root / ".cache" / "build").glob("spare-*") if (p / "timeline").is_dir()]
    assert spares
    for spare in spares:
        for file in spare.rglob("*"):
            if file.is_file():
                assert file.stat().st_nlink == 1, file
                file.write_bytes(b"")  # as ': > .cache/build/spare-*/...' does
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == live


def test_output_changed_behind_the_builders_back_is_rebuilt(scene):
    scene.check()
    out = scene.out / "kept"
    (out / "timeline" / "index.html").unlink()
    (out / "about" / "index.html").write_text("edited by hand")
    (out / "stray.html").write_text("not ours")
    report = scene.check()
    assert report.pages_rendered == 2

    # The spare tree the swap retired, changed by hand, is put right before it is used.
    spares = [p for p in (scene.root / ".cache" / "build").glob("spare-*") if (p / "timeline").is_dir()]
    assert spares
    for spare in spares:
        (spare / "timeline" / "index.html").write_text("edited by hand")
        (spare / "articles" / "stray.html").write_text("not ours")
        (spare / "places" / "index.html").unlink()
    article = first(scene.path("content/articles"))
    scene.edit(article.relative_to(scene.root).as_posix(), "\n\n", "\n\nAnother sentence.\n\n")
    scene.check()


def test_the_search_index_and_every_edition_match_a_clean_build(golden_copy, tmp_path):
    from .conftest import copy_theme
    copy_theme(golden_copy)
    options = BuildOptions(root=golden_copy, output=tmp_path / "site")
    clean = BuildOptions(root=golden_copy, output=tmp_path / "clean", cache=False)
    event = golden_copy / "content" / "events" / "port-talks.md"
    edits = [lambda: None,
             lambda: event.write_text(event.read_text().replace("Officials", "Envoys")),
             lambda: event.write_text(event.read_text().replace("title: ", "title: Renamed "))]
    for edit in edits:
        edit()
        build_and_keep(options)
        build(clean)
        assert tree(tmp_path / "site") == tree(tmp_path / "clean")
    assert (tmp_path / "site" / "pagefind").is_dir()


def test_a_site_restored_from_a_cache_is_not_rendered_again(golden_copy, tmp_path):
    """As a deploy's workflow restores .cache/build and site/: new inodes, the same bytes."""
    output = tmp_path / "site"
    options = BuildOptions(root=golden_copy, output=output, search=False)
    build_and_keep(options)
    before = tree(output)
    shutil.copytree(output, tmp_path / "restored")
    shutil.rmtree(output)
    (tmp_path / "restored").rename(output)
    report = build_and_keep(options).report
    assert (report.pages_rendered, report.render.bodies_rendered) == (0, 0)
    assert tree(output) == before


def test_a_new_process_plans_again_only_what_an_edit_changed(golden_copy, tmp_path, monkeypatch):
    """The plan is kept on disk with the items: a build in a new process (caches read
    from disk) plans no page when nothing changed, and only the pages that show an
    edited title after an edit; its output is still the clean build's."""
    import briefing.plan as plan_stage
    planned: list[str] = []
    original = plan_stage._planned

    def counting(pages, edition, refs):
        planned.extend(page.path for page in pages)
        return original(pages, edition, refs)

    monkeypatch.setattr(plan_stage, "_planned", counting)
    options = BuildOptions(root=golden_copy, output=tmp_path / "site", search=False)
    build_and_keep(options)
    assert {"events/border-clash/", "events/port-talks/", "about/"} <= set(planned)

    planned.clear()
    build_and_keep(options)
    assert planned == []

    event = golden_copy / "content" / "events" / "port-talks.md"
    event.write_text(event.read_text().replace("title: ", "title: Renamed ", 1))
    planned.clear()
    build_and_keep(options)
    assert any("port-talks" in path for path in planned)
    untouched = {"events/border-clash/", "events/state-visit/", "actors/testland/",
                 "places/north/", "about/", "figures/"}  # pages that do not show the event
    assert not untouched & set(planned)
    build(BuildOptions(root=golden_copy, output=tmp_path / "clean", search=False, cache=False))
    assert tree(tmp_path / "site") == tree(tmp_path / "clean")


def test_a_build_that_changed_nothing_leaves_the_cache_files_alone(golden_copy, tmp_path):
    options = BuildOptions(root=golden_copy, output=tmp_path / "site", search=False)
    build_and_keep(options)
    stored = sorted((golden_copy / CACHE_DIR).glob("*.cache"))
    assert {path.name for path in stored} >= {"files.cache", "items.cache", "bodies.cache"}
    before = {path.name: path.stat().st_mtime_ns for path in stored}
    build_and_keep(options)
    after = {path.name: path.stat().st_mtime_ns for path in stored}
    unchanged = {name for name in before if before[name] == after[name]}
    # (drawings.cache keeps only the maps and charts of the pages a build rendered)
    assert unchanged >= {"files.cache", "items.cache", "bodies.cache", "written.cache"}
