"""The one build that build, serve, check, deploy and the benchmark all run:

    load -> model -> plan -> render -> write

`build(options, caches)` runs the five stages with each one's cache handed in.
With `Caches.none()` (the default) nothing is remembered and everything is
made: the build from scratch, which tests compare the others with. With caches
from an earlier build (kept in memory by the preview, on disk by
`python build.py`), each stage skips what it finds by key; no stage is written
twice. A failed build raises BuildFailed with every problem, before anything
is written: the previous site is left as it was.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import memory, parallel
from .caches import CACHE_DIR, Caches
from .errors import BuildFailed, Problem
from .load import Inputs, load
from .vocabulary import SiteConfig
from .vocabulary import PartialDate
from .model import Model, Site, model
from .model import Edition
from .plan import PlannedPage, Staleness, briefing_date, plan
from .plan import stale_items
from .render import RenderReport, render
from .write import MARKER, WriteReport, Writer, after_publishing, output_lock


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None  # default: <root>/site
    base_url: str | None = None
    drafts: bool = False
    force: bool = False
    debug: bool = False
    theme: Path | None = None  # instead of the packaged theme (load.theme_folders)
    search: bool = True  # write the Pagefind search index
    cache: bool = True  # keep what a build made in <root>/.cache/build/ for the next one
    jobs: int = 0  # processes to render with; 0: one per core
    in_place: bool = False  # replace changed files one by one (the preview) instead of swapping
    as_of: PartialDate | None = None  # the briefing's date (default: its newest dated item)

    @property
    def output_dir(self) -> Path:
        return self.output if self.output is not None else self.root / "site"

    def configure(self, config: SiteConfig) -> SiteConfig:
        """The site's settings with the command line's overrides."""
        if not self.base_url:
            return config
        try:
            return config.with_base_url(self.base_url)
        except ValueError as error:
            raise BuildFailed([Problem("--base-url", 0, str(error))]) from None


@dataclass
class BuildReport:
    """What one build did, and its seconds per stage."""

    render: RenderReport = field(default_factory=RenderReport)
    write: WriteReport = field(default_factory=WriteReport)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # cache files set aside, one line each

    @property
    def pages_rendered(self) -> int:
        return self.render.pages_rendered

    @property
    def pages_reused(self) -> int:
        return self.render.pages_reused

    def __str__(self) -> str:
        stages = ", ".join(f"{name} {value:.3f}" for name, value in self.seconds.items())
        return (f"{self.render.pages_rendered} files rendered, {self.render.pages_reused} reused; "
                f"{self.render.bodies_rendered} bodies rendered, {self.render.bodies_reused} "
                f"reused; {self.write.files_written} files written, {self.write.files_kept} kept "
                f"({stages} s)")


@dataclass(frozen=True)
class StaleReport:
    """What has gone stale by the briefing's date, each item at its file and line."""

    date: PartialDate | None  # the briefing's date (None: the briefing has no dated item)
    given: bool  # set by --as-of, not by the newest item
    items: tuple[Problem, ...]  # every stale item, for `check --stale`
    warnings: tuple[Problem, ...]  # those every build prints: overdue events, old key figures


@dataclass(frozen=True)
class BuildResult:
    site: Site
    pages: list[PlannedPage]
    files: Mapping[str, bytes]  # output path -> content, read from the output when asked
    editions: list[Edition]
    report: BuildReport
    stale: StaleReport | None = None
    warnings: tuple[Problem, ...] = ()  # the model's: translations whose numbers or dates differ


class _Stopwatch:
    def __init__(self, report: BuildReport):
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = now - self.last
        self.last = now


def build(options: BuildOptions, caches: Caches | None = None,
          changed: Collection[Path] | None = None) -> BuildResult:
    """Build the site into options.output_dir. `changed`: the files a watcher saw
    change since the last build with these caches (the others are not looked at)."""
    with memory.during_build():
        return _build(options, caches if caches is not None else Caches.none(), changed)


def _build(options: BuildOptions, caches: Caches, changed: Collection[Path] | None
           ) -> BuildResult:
    """A build, inside the memory policy's `during_build`, entered once by the caller
    (asking whether it already is walks every frozen object)."""
    report = BuildReport()
    clock = _Stopwatch(report)
    with output_lock(options.output_dir, lambda: _say_waiting(options.output_dir)):
        inputs = load(options.root, options.theme, caches.files, changed)
        clock.lap("load")
        validated = model(inputs, options.configure(inputs.config), options.drafts, caches.items,
                          options.as_of)
        date = briefing_date(validated, options.as_of)
        staleness = Staleness.of(validated.site, date)  # for the report and the plan
        stale = stale_report(inputs, validated, date, staleness, given=options.as_of is not None)
        # The documents are in the Site now (and in the memo, if there is one).
        inputs = replace(inputs, documents={}, translations={})
        memory.keep_what_is_made()
        clock.lap("model")
        pages = plan(validated, inputs.static, caches.plans, staleness)
        memory.keep_what_is_made()
        clock.lap("plan")
        written = caches.written_to(options.output_dir)
        writer = Writer(options.output_dir, written, force=options.force,
                        in_place=options.in_place, clean=options.in_place and not written.states,
                        search=options.search, spare=caches.spare_folder(options.output_dir))
        files = render(pages, validated, inputs.templates, inputs.map, inputs.map_key,
                       caches.render_memos, writer.still_written,
                       jobs=options.jobs or parallel.available_cores(), debug=options.debug,
                       report=report.render)
        report.write = writer.write(files)  # each file as it is rendered
        published = report.write.swapped or options.in_place
        return _then(published, lambda: _finished(caches, clock, BuildResult(
            validated.site, pages, _OutputFiles(writer.folder, written.states),
            validated.editions, report, stale, validated.warnings)))


def _then(published: bool, step):
    """What follows the write: after a swap, a Ctrl-C in it says the new site is live."""
    return after_publishing(step) if published else step()


def _finished(caches: Caches, clock: _Stopwatch, result: BuildResult) -> BuildResult:
    clock.lap("render and write")
    caches.prune()
    return result


def _say_waiting(output: Path) -> None:
    print(f"waiting for another build of {output} to finish", file=sys.stderr, flush=True)


def stale_report(inputs: Inputs, validated: Model, date: PartialDate | None,
                 staleness: Staleness, given: bool) -> StaleReport:
    """Every stale item of a validated briefing on `date` (`given` by --as-of, or its
    newest item's), located at the line of its file that dates it."""
    found = stale_items(validated.site, staleness)
    documents = {doc.path: doc for docs in inputs.documents.values() for doc in docs} if found else {}
    items = []
    for item in found:
        document = documents.get(item.path)
        items.append((Problem(item.path, document.line(*item.key) if document else 0, item.message),
                      item.warn))
    return StaleReport(date, given, tuple(p for p, _ in items),
                       tuple(p for p, warn in items if warn))


def review(options: BuildOptions) -> tuple[StaleReport, tuple[Problem, ...]]:
    """What `check` lists besides the built site's links: load and validate the briefing
    (nothing is written); what has gone stale, and every translation whose numbers or
    dates differ from its original's."""
    inputs = load(options.root, options.theme)
    validated = model(inputs, options.configure(inputs.config), options.drafts,
                      as_of=options.as_of)
    date = briefing_date(validated, options.as_of)
    return (stale_report(inputs, validated, date, Staleness.of(validated.site, date),
                         given=options.as_of is not None), validated.warnings)


def build_and_keep(options: BuildOptions) -> BuildResult:
    """`python build.py`: build with the caches kept in <root>/.cache/build/ (unless
    options.cache is off), and keep them there for the next build."""
    with memory.during_build():
        with memory.reading_caches():
            caches = Caches.on_disk(options.root / CACHE_DIR) if options.cache else Caches.none()
        result = _build(options, caches, None)
        result.report.notes = caches.notes
        started = time.perf_counter()
        _then(result.report.write.swapped, caches.save)
        result.report.seconds["save cache"] = time.perf_counter() - started
    return result


class _OutputFiles(Mapping):
    """The files of a build as written: output path -> bytes, read when asked for."""

    def __init__(self, folder: Path, states: dict):
        self.folder = Path(os.path.abspath(folder))
        self.names = {name: None for name in sorted(states) if name != MARKER}

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self):
        return iter(self.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self.names:
            raise KeyError(name)
        return (self.folder / name).read_bytes()


__all__ = ["BuildFailed", "BuildOptions", "BuildReport", "BuildResult", "StaleReport", "build",
           "build_and_keep", "review"]
