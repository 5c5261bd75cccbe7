"""Render: every planned output to bytes; Markdown bodies to sanitised HTML.

Each output gets a key: a hash of everything it is made from (its context's
fingerprint, its templates, the bodies it shows, its edition's settings and
strings). An output whose file from the last build has that key and is still
intact is not rendered again (`still_written`); bodies and drawings come from
their memos when their keys are known. With no memo and nothing written, all
of it is rendered: the same code is the from-scratch build.

Bodies and then pages are spread over the cores (parallel.py) when there are
many; a failure anywhere is collected, and raised with every other once all
is done, before anything is written.
"""
from __future__ import annotations

import itertools
import resource
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markupsafe import Markup

from .. import parallel
from ..errors import Collector
from ..load import MapData
from ..memo import Key, Memo, NoMemo, hashed
from ..memo import key as memo_key
from ..model import Model
from ..plan import PlannedPage
from ..vocabulary import StaticSource
from . import data, hosting
from .feeds import FeedWriter
from .maps import MapDrawer
from .bodies import BodyFailed
from .edition import EditionRenderer
from .template_set import TemplateSet, template_ids

# Below these counts, forking workers costs more than it saves.
PARALLEL_BODIES = 48
PARALLEL_PAGES = 256
# Pages whose context holds more values than this, or than one eighth of the
# number of pages (indexes, topic pages), are rendered here before workers are
# forked: they touch much of the site, and a forked worker copies every page of
# memory whose objects it touches.
LISTING_SIZE = 400
# A worker forked to render pages soon holds a copy of most of this process's
# memory: fork for pages only while this process is smaller than this (a site
# of about 8,000 items), keeping a build within 300 MB.
FORK_PAGES_BELOW_MB = 150

WRITERS: dict[str, Callable] = {
    "feed.atom": lambda context, r: FeedWriter(r.site.config, r.urls).atom(context),
    "feed.json": lambda context, r: FeedWriter(r.site.config, r.urls).json_feed(context),
    "feed.months_atom": lambda context, r: FeedWriter(r.site.config, r.urls, r.catalogue)
    .months_atom(context),
    "feed.months_json": lambda context, r: FeedWriter(r.site.config, r.urls, r.catalogue)
    .months_json(context),
    "data.events_json": lambda context, r: data.events_json(context, r.site.config, r.urls),
    "data.events_csv": lambda context, r: data.events_csv(context, r.site.config, r.urls),
    "data.figures_csv": lambda context, r: data.figures_csv(context, r.site.config, r.urls),
    "data.sources_json": lambda context, r: data.sources_json(context, r.site.config, r.urls),
    "hosting.sitemap": lambda context, r: hosting.sitemap(context, r.site.config, r.urls),
    "hosting.robots": lambda context, r: hosting.robots(context, r.site.config, r.urls),
    "hosting.nojekyll": lambda context, r: hosting.nojekyll(context, r.site.config, r.urls),
    "hosting.cname": lambda context, r: hosting.cname(context, r.site.config, r.urls),
    "static": lambda context, r: context.source,  # copied by the write stage as a stream
}


@dataclass(frozen=True)
class Rendered:
    """One output file: its key (everything it was made from), and its bytes (None:
    the file the last build wrote for this key is still there, as written; a
    StaticSource: a static file, copied as it is)."""

    name: str
    key: tuple
    data: bytes | StaticSource | None


@dataclass
class RenderReport:
    bodies_rendered: int = 0
    bodies_reused: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0


@dataclass
class Memos:
    """What rendering keeps between builds: bodies by key, drawn maps and charts, the
    tools made from the theme (the templates compiled, the map projected), and the
    entries listings show (edition.py's fragments)."""

    bodies: Memo = field(default_factory=NoMemo)
    drawings: Memo = field(default_factory=NoMemo)
    tools: Memo = field(default_factory=NoMemo)
    fragments: Memo = field(default_factory=NoMemo)


def render(pages: list[PlannedPage], model: Model, templates: dict[str, str],
           map_data: MapData | None = None, map_key: str = "", memos: Memos | None = None,
           still_written: Callable[[str, str], bool] = lambda name, key: False,
           jobs: int = 1, debug: bool = False, report: RenderReport | None = None
           ) -> Iterator[Rendered]:
    """Every output as bytes, or as still written, as each is made (so that the write
    stage never holds a whole site in memory); at the end, raises BuildFailed with
    every problem, before the write stage commits anything."""
    memos = memos or Memos()
    report = report if report is not None else RenderReport()
    tools = _tools(templates, map_data, map_key, memos)
    template_set, maps, reserved = tools.template_set, tools.maps, tools.reserved
    made = frozenset(path for page in pages for path in (page.url, page.output))
    renderers = {e.language: EditionRenderer(e, model.catalogues[e.language], tools.environment,
                                             maps, map_key, reserved, memos.drawings, made,
                                             memos.fragments, template_set.closure_digest)
                 for e in model.editions}
    reused = 0
    dirty: list[tuple[int, tuple]] = []
    holding = _BodiesHolding(memos, renderers, made)
    for number, page in enumerate(pages):
        renderer = renderers[page.language]
        made_by = template_set.closure_digest(page.template) if page.is_page else page.template
        body_keys = [renderer.bodies.key(renderer.site.bodies[path]) for path in page.bodies]
        key = (renderer.key, made_by, page.url, page.search, page.fingerprint, *body_keys)
        if all(holding(body, renderer) for body in body_keys) and still_written(page.output, key):
            reused += 1
            yield Rendered(page.output, key, None)
        else:
            dirty.append((number, key))
    report.pages_reused = reused
    problems = Collector()
    bodies = _Bodies(renderers, memos.bodies, problems, jobs, report)
    bodies.prepare([pages[number] for number, _ in dirty])
    problems.raise_if_any()
    yield from _render_pages(pages, dirty, renderers, bodies, problems, jobs, debug)
    report.pages_rendered = len(dirty)
    problems.raise_if_any()


class _BodiesHolding:
    """Whether a body rendered before still holds: its HTML depends on the items and
    site paths it links to still being there (and a site path leading to the same
    page). Each body is checked once while the items and pages of the site stay the
    same ones: only additions and removals can break a link."""

    def __init__(self, memos: Memos, renderers: dict[str, EditionRenderer], made: frozenset):
        self.memos = memos
        targets = (made, tuple((language, kind, frozenset(items))
                               for language, renderer in sorted(renderers.items())
                               for kind, items in renderer.bodies.items_by_kind.items()))
        known = memos.tools.get(memo_key(Key.LINK_TARGETS))
        self.targets = (known if known == targets
                        else memos.tools.put(memo_key(Key.LINK_TARGETS), targets))

    def __call__(self, body: str, renderer: EditionRenderer) -> bool:
        checked = memo_key(Key.LINKS_CHECKED, body)
        if self.memos.tools.get(checked) is self.targets:
            return self.memos.bodies.get(body) is not None  # still cached (and kept)
        holds = _body_holds(self.memos.bodies.get(body), renderer)
        if holds:
            self.memos.tools.put(checked, self.targets)
        return holds


def _body_holds(known, renderer: EditionRenderer) -> bool:
    """Whether a body rendered before (its HTML, and what it links to) is still right."""
    return known is not None and renderer.bodies.still_holds(known[1])


class _Tools:
    """What pages are rendered with, made from the theme and the map: what each template
    uses, the map with its outlines projected, the ids the templates give their own
    elements, and the template environment (its templates compiled as they are first
    used), made, and Jinja imported, only when a page is to be rendered."""

    def __init__(self, templates: dict[str, str], map_data: MapData | None, compiled: Memo):
        self.templates = templates
        self.compiled = compiled
        self.template_set = TemplateSet(templates, compiled)
        self.maps = MapDrawer(map_data) if map_data is not None else None
        self.reserved = template_ids(templates)
        self._environment = None

    def environment(self):
        if self._environment is None:
            from .environment import template_environment
            self._environment = template_environment(self.templates, self.compiled)
        return self._environment


def _tools(templates: dict[str, str], map_data: MapData | None, map_key: str,
           memos: Memos) -> _Tools:
    """The tools of the theme and map: made again only when they change."""
    key = hashed(Key.THEME, templates, map_key)
    tools = memos.tools.get(key)
    if tools is None:
        tools = memos.tools.put(key, _Tools(templates, map_data, memos.drawings))
    tools.template_set.keep_compiled(memos.drawings)
    return tools


class _Bodies:
    """Body HTML by key, from the memo or rendered, for the pages to render."""

    def __init__(self, renderers: dict[str, EditionRenderer], memo: Memo, problems: Collector,
                 jobs: int, report: RenderReport):
        self.renderers = renderers
        self.memo = memo
        self.problems = problems
        self.jobs = jobs
        self.report = report
        self.html: dict[str, bytes] = {}  # body key -> packed HTML

    def key(self, language: str, path: str) -> str:
        renderer = self.renderers[language]
        return renderer.bodies.key(renderer.site.bodies[path])

    def prepare(self, pages: list[PlannedPage]) -> None:
        missing: dict[str, tuple[str, str]] = {}  # key -> (language, path)
        for page in pages:
            renderer = self.renderers[page.language]
            for path in page.bodies:
                key = self.key(page.language, path)
                if key in self.html or key in missing:
                    continue
                known = self.memo.get(key)
                if _body_holds(known, renderer):
                    self.html[key] = known[0]
                    self.report.bodies_reused += 1
                else:
                    missing[key] = (page.language, path)
        self.report.bodies_rendered += len(missing)

        def render_chunk(chunk):
            done = []
            for key, (language, path) in chunk:
                try:
                    html, links = self.renderers[language].bodies.render(path)
                except BodyFailed as failure:
                    done.append(("problems", failure.problems))
                else:
                    done.append((key, zlib.compress(html.encode("utf-8"), 1), links))
            return done

        jobs = self.jobs if len(missing) >= PARALLEL_BODIES else 1
        for result in parallel.run(render_chunk, sorted(missing.items()), jobs):
            if result[0] == "problems":
                for problem in result[1]:
                    self.problems.add(*problem)
                continue
            key, packed, links = result
            self.memo.put(key, (packed, links))
            self.html[key] = packed

    def of(self, page: PlannedPage) -> dict[str, Markup]:
        return {path: Markup(zlib.decompress(self.html[self.key(page.language, path)]).decode("utf-8"))
                for path in page.bodies}


def _render_pages(pages: list[PlannedPage], dirty: list[tuple[int, str]],
                  renderers: dict[str, EditionRenderer], bodies: _Bodies, problems: Collector,
                  jobs: int, debug: bool) -> Iterator[Rendered]:
    """Render the dirty pages. Listing pages are rendered first, here; the others on
    all cores when there are many and this process is small enough that a forked
    worker, which ends up copying most of the memory it shares, keeps the build
    within its budget."""

    def render_chunk(chunk):
        done = []
        for number, key in chunk:
            page = pages[number]
            renderer = renderers[page.language]
            try:
                writer = WRITERS.get(page.template)
                if writer is not None:
                    data = writer(page.context, renderer)
                else:
                    data = renderer.page(page, bodies.of(page)).encode("utf-8")
            except Exception as error:  # also a template's own slip, such as {{ 'a' + 1 }}
                from .environment import page_problem  # Jinja is imported by now
                done.append(("problem", page_problem(page, error, debug)))
            else:
                done.append((page.output, key, data))
        return done

    large = max(LISTING_SIZE, len(pages) // 8)
    listings = [task for task in dirty if pages[task[0]].size > large]
    others = [task for task in dirty if pages[task[0]].size <= large]
    fork = len(others) >= PARALLEL_PAGES and _memory_mb() < FORK_PAGES_BELOW_MB
    for result in itertools.chain(parallel.run(render_chunk, listings, 1),
                                  parallel.run(render_chunk, others, jobs if fork else 1)):
        if result[0] == "problem":
            problems.add(*result[1])
        else:
            yield Rendered(*result)


def _memory_mb() -> float:
    """This process's peak resident size so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


__all__ = ["Memos", "Rendered", "RenderReport", "render"]
