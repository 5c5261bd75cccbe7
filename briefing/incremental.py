"""The incremental build engine: rebuild only what a change touches.

A `Builder` keeps what it learnt between builds, in memory and (unless
`BuildOptions.cache` is off) in `<root>/.cache/build/`:

- parsed documents, reused while their file is unchanged (cache.DocumentMemo);
- rendered body HTML, by content hash (cache.BodyCache);
- for every page, a key (templates used, planned context, site-wide values)
  and what its templates looked up, with the version of each (depend.py);
- the state of every output file as written, to tell that it is still there,
  and of the spare tree the last swap retired (write.SwapOutput).

Every full build still loads, validates and plans the whole site (so every
error is found, as in a clean build), then renders the bodies not cached (on
all cores when there are many) and the pages whose key or looked-up versions
changed, and writes through write.SwapOutput: a new tree made from the spare
one, unchanged files hard-linked from the live site, swapped in at the end;
nothing is swapped when nothing changed. The output is byte-identical to a
clean single-process build (`pipeline.render`); tests/test_incremental.py
checks that after every kind of edit.

API (used by `pipeline.build`, and meant for a live-preview server):

    builder = Builder(options)            # options: BuildOptions; reads nothing yet
    result = builder.build()              # -> BuildResult; raises BuildFailed with
                                          #    every problem, writing nothing
    result = builder.build()              # again after files changed: the builder
                                          #    finds what changed by itself
    result = builder.build(changed=paths) # after a file watcher's event: if only the
                                          #    bodies of existing content files changed,
                                          #    renders just those and the pages showing
                                          #    them (about 30 ms at N=4,000); anything
                                          #    else falls back to a full build
    result.report                         # BuildReport: what was reused, rendered,
                                          #    written, and seconds per stage

    Builder(options, atomic=False)        # for a preview server: changed files are
                                          #    replaced one by one (each atomically)
                                          #    instead of swapping a whole new tree
    Builder(options, autosave=False)      # no cache writing after each build:
    builder.save()                        #    write it when idle, or when stopping

A builder is not thread-safe: call build() from one thread at a time. It forks
worker processes only when no other thread is running (see parallel.py), so a
server that builds from a thread renders in-process, which for a few changed
pages is what is fastest anyway.
"""
from __future__ import annotations

import gc
import itertools
import os
import resource
import time
from collections import defaultdict
from contextlib import contextmanager
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import parallel
from .cache import CACHE_DIR, BodyCache, DiskCache, DocumentMemo, digest, generator_version, pack
from .depend import (WHOLE, Recorder, TemplateSet, TrackedMapping, TrackedSite, Versions,
                     context_signature)
from .errors import BuildFailed, Collector
from .render.linked_data import LinkedData
from .load.project import Inputs, is_ignored, load_document, load_project, load_static_file
from .render.maps import MAP_FILE
from .render.markup import MarkupError
from .model.schema import Site, item_id
from .pipeline import BuildOptions, BuildResult, editions_of
from .plan.pages import PlannedPage, last_updated, plan_editions
from .render.pages import (BODY_KINDS, STATIC_PREFIX, EditionRenderer, edition_renderers, page_problem, site_files,
                     template_environment, template_ids)
from .write.search import INDEX_FOLDER, index_site
from .model.translations import Edition
from .write.output import MARKER, MARKER_TEXT, FileState, InPlaceOutput, SwapOutput

# Below these counts, forking workers costs more than it saves.
PARALLEL_BODIES = 48
PARALLEL_PAGES = 256
# Pages whose context holds more values than this, or than one eighth of the
# number of pages (indexes, topic pages), are rendered here before workers are
# forked: they touch much of the site, and a forked worker copies every page of
# memory whose objects it touches.
LISTING_SIZE = 400
# Rendering pages touches most of the site's objects, so a worker forked for it
# soon holds a copy of most of this process's memory: fork for pages only while
# this process is smaller than this (a site of about 8,000 items), keeping a
# build within 300 MB. Bodies touch little but their own text, and always fork.
FORK_PAGES_BELOW_MB = 150


@dataclass(frozen=True)
class PageRecord:
    key: str  # templates, context and site-wide values the page was rendered from
    looked_up: tuple  # ((dependency, version), ...) recorded while rendering it


@dataclass
class BuildReport:
    """What one build did; seconds per stage in `seconds`."""

    scope: str = "full"  # "full"; "bodies" when only edited bodies were rendered again;
    # "static" when only edited static files (a stylesheet, an image) were copied
    documents_parsed: int = 0
    bodies_rendered: int = 0
    bodies_reused: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0
    files_written: int = 0
    files_kept: int = 0
    swapped: bool = False
    seconds: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        stages = ", ".join(f"{name} {value:.3f}" for name, value in self.seconds.items())
        return (f"{self.scope} build: {self.pages_rendered} pages rendered, {self.pages_reused} "
                f"reused; {self.bodies_rendered} bodies rendered, {self.bodies_reused} reused; "
                f"{self.files_written} files written, {self.files_kept} kept ({stages} s)")


class _Stopwatch:
    def __init__(self, report: BuildReport):
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = self.report.seconds.get(stage, 0.0) + now - self.last
        self.last = now


@dataclass
class _Edition:
    """One language edition as the build renders it."""

    renderer: EditionRenderer
    versions: Versions
    bodies: _Bodies
    key: str  # what every page of the edition shows: settings, strings, translations, map


@dataclass
class _Built:
    """What the last successful build left in memory, for an edit's rebuild."""

    root: Path
    max_bytes: int
    site: Site
    pages: list[PlannedPage]
    edition: _Edition  # the only one: body-only rebuilds are for single-language briefings
    recorder: Recorder
    documents: dict[Path, tuple[str, str]]  # absolute path of a content file -> (kind, item id)
    body_readers: dict[str, set[str]]  # body path -> output files of the pages that looked it up


class Builder:
    """Builds a site again and again, redoing only what changed. See the module docstring."""

    def __init__(self, options: BuildOptions, *, atomic: bool = True, autosave: bool = True):
        self.options = options
        self.atomic = atomic
        self.autosave = autosave
        self.jobs = options.jobs or parallel.available_cores()
        self.version = generator_version()
        self.disk = DiskCache(options.root / CACHE_DIR, self.version) if options.cache else None
        self._output_store = "output-" + digest(str(Path(options.output_dir).resolve()))[:16]
        self._loaded = False
        self.memo = DocumentMemo()
        self.bodies = BodyCache()
        self.analysed: dict[str, tuple] = {}
        self.records: dict[str, PageRecord] = {}
        self.manifest: dict[str, FileState] = {}
        self.spare_manifest: dict[str, FileState] = {}  # the tree the last swap retired
        self._environment: tuple[str, jinja2.Environment] | None = None
        self._built: _Built | None = None
        self._last: BuildResult | None = None  # the last successful build's result
        self.report = BuildReport()

    def build(self, changed: Iterable[Path] | None = None, clean: bool = False) -> BuildResult:
        """Build the site, redoing what changed. `changed`, if given, names the files a
        watcher saw change since the last build: when they are all existing content files
        whose front matter is as it was, only their bodies and the pages showing them are
        rendered again; anything else falls back to the full (still incremental) build.
        `clean`: writing in place, also remove files the output holds that no build of
        this engine wrote (a swap always leaves only the build's files)."""
        already_frozen = gc.get_freeze_count() > 0
        try:
            self._load_disk_cache()
            gc.freeze()
            if changed is not None and self._last is not None:
                result = self._copy_static(changed)
                if result is not None:
                    return result
            if changed is not None and self._built is not None:
                result = self._rebuild_bodies(changed)
                if result is not None:
                    self._last = result
                    return result
            return self._build_all(clean)
        finally:
            if not already_frozen:
                gc.unfreeze()

    def save(self) -> None:
        """Write the cache to disk: build() does after each full build if `autosave`;
        a preview server that turns it off calls this when it is idle or stops."""
        if self.disk is None:
            return
        if self.memo.changed:
            self.disk.save("documents", self.memo.entries, shared=False)
            self.memo.changed = False
        self.bodies.save()
        self.disk.save("templates", self.analysed)
        self.disk.save(self._output_store, (self.records, self.manifest, self.spare_manifest))

    # The full build -----------------------------------------------------

    def _build_all(self, clean: bool = False) -> BuildResult:
        self._built = self._last = None
        report = BuildReport()
        clock = _Stopwatch(report)
        try:
            inputs = self._load_inputs(report)
            clock.lap("load")
            site, editions, catalogues = editions_of(inputs, self.options)
        except BuildFailed:
            self._fail_as_a_clean_build()
            raise
        pages = plan_editions(editions)
        gc.freeze()  # what the build keeps: no use the collector scanning it again and again
        clock.lap("model and plan")
        templates = TemplateSet(inputs.templates, self.analysed)
        self.analysed = templates.analysed
        recorder = Recorder()
        env = self._template_environment(inputs.templates, templates)
        renderers = edition_renderers(editions, catalogues, env, template_ids(inputs.templates),
                                      inputs.map)
        shared_key = digest(repr((self.version, self.options.drafts, templates.reads_body,
                                  self._map_digest(inputs), sorted(template_ids(inputs.templates)))))
        meta = {(kind, ident): self.memo.hashes(item.path)[0] if item.path in self.memo.entries
                else "config" for kind in BODY_KINDS + ("sources", "figures")
                for ident, item in getattr(site, kind).items()}
        problems = Collector()
        states = {language: self._edition(renderer, recorder, meta, templates, inputs, shared_key,
                                           problems, report)
                  for language, renderer in renderers.items()}
        problems.raise_if_any()
        clock.lap("bodies")
        output = self._output(clean)
        with _writing(output):
            intact = output.intact()
            dirty = self._dirty_pages(pages, templates, states, output, intact)
            report.pages_reused = len(pages) - len(dirty)
            records = {name: self.records[name] for name in output.states}
            records.update(self._render_pages(pages, dirty, states, recorder, output, intact, report))
            clock.lap("pages")
            for name, data in sorted(site_files(renderers, pages, inputs.static).items()):
                output.put(name, data, digest(data), intact)
            output.put(MARKER, MARKER_TEXT, digest(MARKER_TEXT), intact)
            self._commit(output, records, report)
        clock.lap("write")
        if self.autosave:
            self.save()
        clock.lap("save cache")
        if len(states) == 1:
            self._built = self._remember_built(inputs, site, pages, states, recorder)
        self._last = BuildResult(site, pages, _OutputFiles(output.output, self.manifest), editions,
                                 report)
        self.report = report
        return self._last

    def _edition(self, renderer: EditionRenderer, recorder: Recorder, meta: dict,
                 templates: TemplateSet, inputs: Inputs, shared_key: str,
                 problems: Collector, report: BuildReport) -> _Edition:
        """An edition's versions and bodies, with its templates' lookups recorded."""
        site = renderer.site
        tracked = TrackedSite(site, recorder)
        renderer.globals["site"] = tracked
        renderer.globals["linked_data"] = LinkedData(tracked, renderer)
        chart = renderer.globals["chart"]

        def recorded_chart(figure):  # a chart draws its whole series
            recorder.seen.add(("figures", WHOLE))
            return chart(figure)

        renderer.globals["chart"] = recorded_chart
        versions = Versions(site, meta, with_body=templates.reads_body)
        translations = inputs.translations.get(renderer.language, {})
        strings = renderer.catalogue
        key = digest(repr((shared_key, site.config, last_updated(site), renderer.prefix,
                           strings.language, strings.locale, sorted(strings.strings.items()),
                           sorted((doc.path, self.memo.entries[doc.path].content)
                                  for docs in translations.values() for doc in docs))))
        return _Edition(renderer, versions, self._bodies(renderer, problems, report), key)

    def _map_digest(self, inputs: Inputs) -> str:
        try:
            return digest((inputs.root / MAP_FILE).read_bytes())
        except OSError:
            return ""

    def _remember_built(self, inputs: Inputs, site: Site, pages: list[PlannedPage],
                        states: dict[str, _Edition], recorder: Recorder) -> _Built:
        documents = {(inputs.root / doc.path): (kind, item_id(doc.path))
                     for kind, docs in inputs.documents.items() for doc in docs}
        readers: dict[str, set[str]] = defaultdict(set)
        for name, record in self.records.items():
            for path in _bodies_looked_up(record):
                readers[path].add(name)
        edition = next(iter(states.values()))
        return _Built(inputs.root, inputs.config.max_file_kb * 1024, site, pages, edition,
                      recorder, documents, readers)

    def _fail_as_a_clean_build(self) -> None:
        """Raise the problems a build from scratch finds: remembered documents do not
        keep the line of each key, so the messages come from reading the input afresh."""
        problems = Collector()
        inputs = load_project(self.options.root, problems, self.options.theme)
        problems.raise_if_any()
        editions_of(inputs, self.options)

    def _load_inputs(self, report: BuildReport) -> Inputs:
        problems = Collector()
        self.memo.parsed = 0
        inputs = load_project(self.options.root, problems, self.options.theme, memo=self.memo)
        problems.raise_if_any()
        self.memo.forget_unseen()
        report.documents_parsed = self.memo.parsed
        return inputs

    def _template_environment(self, sources: dict[str, str], templates: TemplateSet) -> jinja2.Environment:
        """The compiled templates of the last build, while they are the same."""
        key = digest("\n".join(f"{name}:{templates.digests[name]}" for name in sorted(sources)))
        if self._environment is None or self._environment[0] != key:
            self._environment = (key, template_environment(sources))
        return self._environment[1]

    def _bodies(self, renderer: EditionRenderer, problems: Collector, report: BuildReport) -> _Bodies:
        """An edition's bodies as templates look them up: from the cache where text, links
        and the URLs they point to allow, else rendered now, raising with every problem."""
        site = renderer.site
        where = _body_place(renderer)
        keys: dict[str, str] = {}
        items = {}
        missing: dict[str, str] = {}  # key -> item path
        for kind in BODY_KINDS:
            for item in getattr(site, kind).values():
                key = BodyCache.key(digest(item.body), where)
                keys[item.path], items[item.path] = key, item
                links = self.bodies.known_links(key)
                if links is None or not _links_exist(site, links):
                    missing.setdefault(key, item.path)
        report.bodies_reused += len(set(keys.values())) - len(missing)
        bodies = _Bodies(keys, items, self.bodies, renderer)
        self._render_missing(bodies, missing, problems, report)
        return bodies

    def _render_missing(self, bodies: _Bodies, missing: dict[str, str], problems: Collector,
                        report: BuildReport) -> None:
        """Render bodies into the cache, on all cores when there are many; problems noted."""
        def render_chunk(chunk):
            results = []
            for key, path in chunk:
                try:
                    results.append(("body", key, *bodies.render(path)))
                except _BodyFailed as failure:
                    results.append(("problem", failure.problem))
            return results

        tasks = sorted(missing.items())
        for result in parallel.run(render_chunk, tasks,
                                   self.jobs if len(tasks) >= PARALLEL_BODIES else 1):
            if result[0] == "body":
                self.bodies.put(*result[1:])
            else:
                problems.add(*result[1])
        report.bodies_rendered += len(tasks)

    def _dirty_pages(self, pages: list[PlannedPage], templates: TemplateSet,
                     states: dict[str, _Edition], output, intact: set[str]) -> list[tuple[int, str, int]]:
        """(index, key, size) of each page to render again; the others are kept in `output`."""
        dirty = []
        for index, page in enumerate(pages):
            edition = states[page.language]
            signature, size = context_signature(page.context, edition.versions)
            key = digest(" ".join((edition.key, templates.closure_digest(page.template), page.url,
                                   repr(page.search), signature)))
            record = self.records.get(page.output)
            if (record is not None and record.key == key and page.output in intact
                    and not edition.versions.changed(record.looked_up)):
                output.keep(page.output)
            else:
                dirty.append((index, key, size))
        return dirty

    def _render_pages(self, pages: list[PlannedPage], dirty: list[tuple[int, str, int]],
                      states: dict[str, _Edition], recorder: Recorder, output, intact: set[str],
                      report: BuildReport) -> dict[str, PageRecord]:
        """Render pages into `output`, recording what each looks up; raise with every problem.

        Listing pages are rendered first, here; the others on all cores when there are
        many and this process is small enough that a forked worker, which ends up
        copying most of the memory it shares, keeps the build within its budget.
        """
        tracked = {language: TrackedMapping("body", edition.bodies, recorder)
                   for language, edition in states.items()}
        debug = self.options.debug

        def render_chunk(chunk):
            results = []
            for index, key, _ in chunk:
                page = pages[index]
                recorder.take()
                try:
                    html = states[page.language].renderer.page(page, tracked[page.language])
                except _BodyFailed as failure:
                    results.append(("problem", failure.problem))
                except Exception as error:  # as render_site: also a template's own slip
                    results.append(("problem", page_problem(page, error, debug)))
                else:
                    results.append((index, key, html.encode("utf-8"), recorder.take()))
            return results

        problems = Collector()
        records = {}
        interned: dict = {}
        large = max(LISTING_SIZE, len(pages) // 8)
        listings = [task for task in dirty if task[2] > large]
        others = [task for task in dirty if task[2] <= large]
        fork = len(others) >= PARALLEL_PAGES and _memory_mb() < FORK_PAGES_BELOW_MB
        rendering = itertools.chain(parallel.run(render_chunk, listings, 1),
                                    parallel.run(render_chunk, others, self.jobs if fork else 1))
        for result in rendering:
            if result[0] == "problem":
                problems.add(*result[1])
                continue
            index, key, html, looked_up = result
            page = pages[index]
            output.put(page.output, html, digest(html), intact)
            versions = states[page.language].versions
            pairs = ((d, versions.of(d)) for d in looked_up)
            records[page.output] = PageRecord(key, tuple(sorted(interned.setdefault(p, p) for p in pairs)))
        report.pages_rendered += len(dirty)
        problems.raise_if_any()
        return records

    def _output(self, clean: bool = False):
        if not self.atomic:
            return InPlaceOutput(self.options.output_dir, self.manifest, self.options.force, clean)
        return SwapOutput(self.options.output_dir, self.manifest, self.options.force,
                          self._spare_folder(), self.spare_manifest,
                          finish=index_site if self.options.search else None,
                          finish_folder=INDEX_FOLDER + "/")

    def _spare_folder(self) -> Path | None:
        """Where the tree a swap retires is kept for the next build: in the cache, if that
        is on the output's file system (trees are moved, and files linked, between them)."""
        if self.disk is None:
            return None
        output_parent = Path(os.path.abspath(self.options.output_dir)).parent
        try:
            self.disk.folder.mkdir(parents=True, exist_ok=True)
            if os.stat(self.disk.folder).st_dev != os.stat(output_parent).st_dev:
                return None
        except OSError:
            return None
        return self.disk.folder / ("spare-" + self._output_store.split("-", 1)[1])

    def _commit(self, output, records: dict[str, PageRecord], report: BuildReport) -> None:
        retiring = self.manifest
        manifest = output.commit()
        if output.swapped:
            spare = getattr(output, "spare", None)
            self.spare_manifest = retiring if spare is not None and spare.is_dir() else {}
        report.swapped = output.swapped
        report.files_kept = sum(1 for name, state in manifest.items() if self.manifest.get(name) == state)
        report.files_written = len(manifest) - report.files_kept
        self.records, self.manifest = records, manifest

    # The rebuild after edits of static files -----------------------------

    def _copy_static(self, changed: Iterable[Path]) -> BuildResult | None:
        """Copy edited static files into the output: no page shows their bytes. None when
        anything else changed, or a static file was added or removed (a template may
        name it), so that a full build decides."""
        static = Path(os.path.abspath(self.options.theme or self.options.root)) / "static"
        files = {}
        for path in {Path(os.path.abspath(p)) for p in changed}:
            if is_ignored(path):
                continue
            if not path.is_relative_to(static) or path.is_symlink() or not path.is_file():
                return None
            name = STATIC_PREFIX + path.relative_to(static).as_posix()
            if name not in self.manifest:
                return None
            files[name] = load_static_file(path)
        if not files:
            return None
        report = BuildReport(scope="static")
        clock = _Stopwatch(report)
        output = self._output()
        intact = output.intact()
        if any(name not in intact for name in self.manifest):
            return None  # the output was changed behind our back: check everything
        with _writing(output):
            for name in self.manifest:
                if name not in files:
                    output.keep(name)
            for name, data in sorted(files.items()):
                output.put(name, data, digest(data), intact)
            self._commit(output, dict(self.records), report)
        clock.lap("write")
        self.report = report
        return replace(self._last, files=_OutputFiles(output.output, self.manifest), report=report)

    # The rebuild after body edits ---------------------------------------

    def _rebuild_bodies(self, changed: Iterable[Path]) -> BuildResult | None:
        """Render again only the edited bodies and the pages that show them; None when
        the edit needs a full build (a new, deleted or renamed file, changed front matter,
        a template, static file or site.yaml)."""
        built = self._built
        if built.edition.versions.with_body:
            return None
        report = BuildReport(scope="bodies")
        clock = _Stopwatch(report)
        edited = []
        for path in {Path(os.path.abspath(p)) for p in changed}:
            if is_ignored(path):
                continue
            if path not in built.documents or path.is_symlink() or not path.is_file():
                return None
            edited.append(path)
        problems = Collector()
        self.memo.parsed = 0
        updates = []
        for path in sorted(edited):
            kind, ident = built.documents[path]
            item = getattr(built.site, kind).get(ident)
            old_meta = self.memo.hashes(item.path)[0] if item is not None else None
            doc = load_document(built.root, path, kind in BODY_KINDS, problems, built.max_bytes,
                                self.memo)
            if doc is None:
                continue
            if item is None or self.memo.hashes(doc.path)[0] != old_meta:
                return None
            if kind in BODY_KINDS:
                updates.append((kind, replace(item, body=doc.body, body_line=doc.body_line)))
        problems.raise_if_any()
        report.documents_parsed = self.memo.parsed
        clock.lap("load")
        edition = built.edition
        output = self._output()
        previous = self.records
        try:
            intact = output.intact()
            dirty_names = set().union(*(built.body_readers.get(item.path, set()) for _, item in updates))
            if any(name not in intact for name in self.manifest if name not in dirty_names):
                return None  # the output was changed behind our back: check everything
            missing = {}
            for kind, item in updates:
                getattr(built.site, kind)[item.id] = item
                body_hash = digest(item.body)
                edition.versions.update_body(item.path, body_hash)
                key = BodyCache.key(body_hash, _body_place(edition.renderer))
                edition.bodies.keys[item.path], edition.bodies.items[item.path] = key, item
                links = self.bodies.known_links(key)
                if links is None or not _links_exist(built.site, links):
                    missing[key] = item.path
            problems = Collector()
            self._render_missing(edition.bodies, missing, problems, report)
            problems.raise_if_any()
            index = {page.output: i for i, page in enumerate(built.pages)}
            dirty = [(index[name], self.records[name].key, 0) for name in sorted(dirty_names)]
            for name in self.manifest:
                if name not in dirty_names:
                    output.keep(name)
            report.pages_reused = len(built.pages) - len(dirty)
            records = dict(self.records)
            states = {edition.renderer.language: edition}
            records.update(self._render_pages(built.pages, dirty, states, built.recorder, output,
                                              intact, report))
            clock.lap("pages")
            self._commit(output, records, report)
        except OSError as error:
            output.abort()
            self._built = None
            raise output.failure(error) from None
        except BaseException:
            output.abort()
            self._built = None  # the state in memory may be half updated: build in full next time
            raise
        for name in dirty_names:
            for path in _bodies_looked_up(previous[name]):
                built.body_readers[path].discard(name)
            for path in _bodies_looked_up(self.records[name]):
                built.body_readers[path].add(name)
        clock.lap("write")
        self.report = report
        return BuildResult(built.site, built.pages, _OutputFiles(output.output, self.manifest),
                           [Edition(edition.renderer.language, built.site)], report)

    # The cache on disk --------------------------------------------------

    def _load_disk_cache(self) -> None:
        if self._loaded or self.disk is None:
            self._loaded = True
            return
        self._loaded = True
        self.memo = DocumentMemo(self.disk.load("documents"))
        self.bodies = BodyCache(self.disk)
        self.analysed = self.disk.load("templates") or {}
        stored = self.disk.load(self._output_store) or ({}, {}, {})
        self.records, self.manifest, self.spare_manifest = stored


@contextmanager
def _writing(output):
    """Abort the output's new files if anything fails; a disk error becomes a message."""
    try:
        yield
    except OSError as error:
        output.abort()
        raise output.failure(error) from None
    except BaseException:
        output.abort()
        raise


def _body_place(renderer: EditionRenderer) -> str:
    """What a body's HTML depends on besides its text: where its links point, the ids
    its headings must avoid, and its time budget."""
    markdown = renderer.markdown
    return digest(repr((renderer.base_path, renderer.prefix, markdown.seconds,
                        sorted(markdown.reserved_ids))))


def _memory_mb() -> float:
    """This process's peak resident size so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bodies_looked_up(record: PageRecord) -> list[str]:
    return [name for (kind, name), _ in record.looked_up if kind == "body"]


def _links_exist(site: Site, links: tuple[tuple[str, str], ...]) -> bool:
    return all(ident in getattr(site, kind + "s") for kind, ident in links)


class _BodyFailed(Exception):
    def __init__(self, problem: tuple[str, int, str]):
        super().__init__(problem[2])
        self.problem = problem


class _Bodies(Mapping):
    """Body HTML by item path, as templates see it, read from the cache when looked up."""

    def __init__(self, keys: dict[str, str], items: dict, cache: BodyCache, renderer: EditionRenderer):
        self.keys = keys  # item path -> cache key
        self.items = items  # item path -> item
        self.cache = cache
        self.renderer = renderer

    def render(self, path: str) -> tuple[bytes, tuple]:
        """(packed HTML, links) of an item's body; raises _BodyFailed."""
        html, links = self._render(path)
        return pack(html), links

    def _render(self, path: str):
        item = self.items[path]
        try:
            return self.renderer.body(item)
        except MarkupError as error:
            raise _BodyFailed(self.renderer.body_problem(item, error)) from None

    def __getitem__(self, path: str) -> Markup:
        html = self.cache.get(self.keys[path])
        return html if html is not None else self._render(path)[0]  # lost from the cache on disk

    def __iter__(self):
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


class _OutputFiles(Mapping):
    """The files of a build as written: output path -> bytes, read when asked for."""

    def __init__(self, folder: Path, manifest: dict[str, FileState]):
        self.folder = folder
        self.names = {name: None for name in sorted(manifest) if name != MARKER}

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return iter(self.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self.names:
            raise KeyError(name)
        return (self.folder / name).read_bytes()


__all__ = ["Builder", "BuildReport", "BuildFailed"]
