"""Pages through Jinja2 (autoescape, StrictUndefined), bodies through Markdown.

An `EditionRenderer` renders the pages of one language edition. A template
sees its page's context (plan/contexts.py) and the edition's settings, strings
and URL helpers, nothing else; the page's key is therefore a hash of its
context's fingerprint, its templates (each with what it includes, imports or
extends), the bodies it shows and the edition's settings (`page_key`).
"""
from __future__ import annotations

import dataclasses
import re
import sys
import traceback
from urllib.parse import quote, unquote, urlsplit, urlunsplit

import jinja2
import jinja2.meta
from markupsafe import Markup

from ..kinds import BY_SINGULAR, PLACE_KINDS
from ..load.fields import suggest
from ..load.mapdata import MapData
from ..memo import MISSING, Memo, NoMemo, digest
from ..model import Body, Catalogue, Figure
from ..model.translations import Edition
from ..plan import PlannedPage, Urls
from ..plan.contexts import FigureShown, MapMark
from ..plan.fingerprint import fingerprint
from ..plan.linked_data import LinkedData
from ..plan.site import last_updated
from ..plan.urls import closest_site_path, site_path_target
from .charts import ChartPoint, ChartWords, line_chart
from .maps import LocatorMap, MapDrawer, MapWords
from .markup import MarkdownRenderer, MarkupError, MissingTarget, UnknownLink, each_problem

TEMPLATE_PREFIX = "templates/"
_TEMPLATE_ID = re.compile(r'\bid="([\w-]+)"')


def template_ids(templates: dict[str, str]) -> frozenset[str]:
    """The fixed ids the templates give their own elements ('main', 'claims', ...)."""
    return frozenset(i for text in templates.values() for i in _TEMPLATE_ID.findall(text))


def _template_source(templates: dict[str, str], name: str):
    if name not in templates:
        return None
    return templates[name], TEMPLATE_PREFIX + name, lambda: True


@jinja2.pass_context
def _date_filter(context, value) -> str:
    return context["catalogue"].date(value)


@jinja2.pass_context
def _number_filter(context, value) -> str:
    return context["catalogue"].number(value)


def figure_text(catalogue: Catalogue, figure: Figure) -> Markup:
    """'more than 1,000,000', 'cerca de 215 000', '5,000–6,000'."""
    high = catalogue.number(figure.value_high) if figure.value_high is not None else ""
    return catalogue.t("qualifier." + figure.qualifier, value=catalogue.number(figure.value),
                       high=high)


@jinja2.pass_context
def _figure_filter(context, figure: Figure) -> str:
    return figure_text(context["catalogue"], figure)


def template_environment(templates: dict[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_source(templates, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date=_date_filter, number=_number_filter, figure=_figure_filter)
    return env


class TemplateSet:
    """The templates of a build, and for each one a hash of it with every template it
    uses (extends, imports, includes), transitively."""

    def __init__(self, templates: dict[str, str], memo: Memo | None = None):
        """memo: what each template text names, kept between builds (parsing every
        template again costs a no-change build more than anything else in rendering)."""
        memo = memo if memo is not None else NoMemo()
        self.digests = {name: digest(text) for name, text in templates.items()}
        env = jinja2.Environment()
        self.references = {}
        for name, text in templates.items():
            key = ("template references", self.digests[name])
            references = memo.get(key, MISSING)
            if references is MISSING:
                references = memo.put(key, _references(env, text))
            self.references[name] = references
        self._closures: dict[str, str] = {}

    def closure_digest(self, name: str) -> str:
        if name not in self._closures:
            seen: set[str] = set()
            pending = [name]
            while pending:
                current = pending.pop()
                if current in seen:
                    continue
                seen.add(current)
                if current not in self.digests:
                    continue  # a missing template fails the render, which reports it
                references = self.references[current]
                pending.extend(self.digests if references is None else references)
            self._closures[name] = digest("\n".join(f"{n}:{self.digests.get(n, '-')}"
                                                    for n in sorted(seen)))
        return self._closures[name]


def _references(env: jinja2.Environment, text: str) -> tuple[str, ...] | None:
    """The templates a template names; None if it computes a name at render time, or
    cannot be parsed (rendering reports that): then it may use any of them."""
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError:
        return None
    references = list(jinja2.meta.find_referenced_templates(tree))
    return None if any(r is None for r in references) else tuple(sorted(references))


@dataclasses.dataclass(frozen=True)
class FigureChart:
    """A series drawn as a chart, and the figures it draws, oldest first."""

    svg: Markup
    title: str
    rows: tuple[FigureShown, ...]

    @property
    def figures(self) -> list[Figure]:
        return [row.figure for row in self.rows]

    @property
    def sources(self) -> list:
        return list({row.source.id: row.source for row in self.rows}.values())


class BodyFailed(Exception):
    """A body that cannot be rendered, with its problems at their file and line."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        super().__init__(problems[0][2])
        self.problems = problems


# What a body's HTML holds besides its text: the item links it resolved ((kind, id)),
# and the site paths it placed ((as written, URL)).
BodyLinks = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


class EditionRenderer:
    """Renders the pages of one language edition; templates are shared by all."""

    def __init__(self, edition: Edition, catalogue: Catalogue, env: jinja2.Environment,
                 maps: MapDrawer | None = None, map_key: str = "",
                 reserved_ids: frozenset[str] = frozenset(), drawings: Memo | None = None,
                 made: frozenset[str] = frozenset()):
        site = edition.site
        self.made = made  # every path the build makes below the site root (site_path_target)
        self.site = site
        self.catalogue = catalogue
        self.maps = maps
        self.drawings = drawings if drawings is not None else NoMemo()
        self.language = edition.language
        config = site.config
        self.urls = Urls(config, edition.language)
        self.base_path = self.urls.base_path
        self.prefix = self.urls.prefix
        self.env = env
        self.items_by_kind = {kind.singular: getattr(site, kind.name) for kind in BY_SINGULAR.values()}
        self.linked_data = LinkedData(config, self.urls)
        self.markdown = MarkdownRenderer(config.max_markdown_seconds, reserved_ids)
        nav_topics = tuple(site.topics.values())
        self.globals = dict(
            config=config,
            catalogue=catalogue,
            t=catalogue.t,
            link=self.urls.link,
            asset=self.urls.asset,
            site_link=self.urls.site_link,
            absolute=self.urls.absolute,
            alternates=self.urls.alternates,
            nav_topics=nav_topics,
            has_about="about" in site.pages,
            last_updated=last_updated(site),
            chart=self.chart,
            locator_map=self.locator_map,
        )
        # What every page of the edition shows besides its own context.
        self.key = digest(repr((
            self.language, config, catalogue.locale, sorted(catalogue.strings.items()),
            [t.digest for t in nav_topics], self.globals["has_about"], self.globals["last_updated"],
            map_key)))
        # What a body's HTML depends on besides its text: where its links point, the ids
        # its headings must avoid, and its time budget.
        self.body_place = digest(repr((self.base_path, self.prefix, self.markdown.seconds,
                                       sorted(self.markdown.reserved_ids))))

    def words(self, prefix: str) -> dict[str, str]:
        """The catalogue's strings below a key, as plain text: {'as_of': 'as of'}."""
        return {key[len(prefix) + 1:]: text for key, text in self.catalogue.strings.items()
                if key.startswith(prefix + ".")}

    def chart(self, shown: FigureShown) -> FigureChart | None:
        """The chart of the series a figure is the newest of, if it has one."""
        if not shown.series:
            return None
        # The whole of what is shown: the figures of the series and the sources cited.
        key = ("chart", self.key, fingerprint(shown)[0])
        return self.drawings.get(key) or self.drawings.put(key, self._chart(shown))

    def _chart(self, shown: FigureShown) -> FigureChart:
        figure, series = shown.figure, shown.series
        date = self.catalogue.date
        points = [ChartPoint(f.figure.as_of, date(f.figure.as_of), f.figure.value,
                             str(figure_text(self.catalogue, f.figure)),
                             f.figure.value_high if f.figure.qualifier == "range" else None)
                  for f in series]
        words = self.words("chart.svg")
        title = words.pop("title").format(label=figure.label, first=date(series[0].figure.as_of),
                                          last=date(figure.as_of))
        svg = line_chart(points, ident=f"chart-{figure.id}", title=title, unit=figure.unit,
                         words=ChartWords(**words))
        return FigureChart(Markup(svg), title, series)

    def locator_map(self, marks: tuple[MapMark, ...], ident: str = "map") -> LocatorMap | None:
        """The map with a page's places marked; None when the briefing has no map.
        Drawn once per distinct set of marks."""
        if self.maps is None:
            return None
        key = ("map", self.key, ident, fingerprint(marks)[0])
        drawn = self.drawings.get(key)
        if drawn is None:
            drawn = self.drawings.put(key, self._locator_map(marks, ident))
        return drawn

    def _locator_map(self, marks: tuple[MapMark, ...], ident: str) -> LocatorMap:
        words = self.words("map.svg")
        kinds = {kind: self.catalogue.strings["place_kind." + kind].lower() for kind in PLACE_KINDS}
        drawn = self.maps.draw(list(marks), lambda place: self.urls.link("place", place.id), ident,
                               MapWords(**words, kinds=kinds), self.site.config.country)
        return dataclasses.replace(drawn, svg=Markup(drawn.svg), inset=Markup(drawn.inset))

    # Bodies ---------------------------------------------------------------

    def body_key(self, body: Body) -> str:
        return body.key + ":" + self.body_place

    def body(self, path: str) -> tuple[str, BodyLinks]:
        """The body of the item at `path` as safe HTML, with the item links it resolved
        and the site paths it placed. Raises BodyFailed."""
        body = self.site.bodies[path]
        if not body.text.strip():
            return "", ((), ())
        links: set[tuple[str, str]] = set()
        places: dict[str, str | None] = {}

        def resolve(kind: str, ident: str) -> str | None:
            links.add((kind, ident))
            return self.urls.link(kind, ident) if self.links_exist([(kind, ident)]) else None

        def place(url: str) -> str | None:
            places[url] = self.place(url)
            return places[url]

        try:
            html = self.markdown.render(body.text, resolve, place)
        except MarkupError as error:
            raise BodyFailed([self.body_problem(path, body, problem)
                              for problem in each_problem(error)]) from None
        return html, (tuple(sorted(links)), tuple(sorted(places.items())))

    def links_exist(self, links) -> bool:
        items = self.items_by_kind
        return all(ident in items[kind] for kind, ident in links)

    def place(self, url: str) -> str | None:
        """The URL of a site path written in a body ('/timeline/#2025'), under the base
        path and in this edition (site_path_target); None if the build makes nothing there."""
        parts = urlsplit(url)
        target = site_path_target(unquote(parts.path)[1:], self.prefix, self.made)
        if target is None:
            return None
        return urlunsplit(("", "", self.base_path + quote(target), parts.query, parts.fragment))

    def still_holds(self, links: BodyLinks) -> bool:
        """Whether a body rendered before still links where it did: its items exist, and
        each site path still leads to the same URL."""
        items, places = links
        return self.links_exist(items) and all(self.place(url) == placed for url, placed in places)

    def body_problem(self, path: str, body: Body, error: MarkupError) -> tuple[str, int, str]:
        if isinstance(error, UnknownLink):
            message = self._unknown_link_message(error)
        elif isinstance(error, MissingTarget):
            message = self._missing_target_message(error)
        else:
            message = error.message
        return path, body.line + error.line_offset, message

    def _unknown_link_message(self, error: UnknownLink) -> str:
        kind = BY_SINGULAR.get(error.kind)
        if kind is not None and error.ident in self.site.drafts.get(kind.name, ()):
            return (f"link to {error.kind} '{error.ident}', which is a draft and is not "
                    "published (publish it, or remove the link)")
        known = getattr(self.site, kind.name, {}) if kind else {}
        return f"{error.message}{suggest(error.ident, known)}"

    def _missing_target_message(self, error: MissingTarget) -> str:
        """With the closest path the build makes: a file for an image, a page or file
        for a link."""
        written = unquote(urlsplit(error.url).path)
        choices = [made for made in self.made if not made.endswith("index.html")
                   and not (error.image and (made.endswith("/") or made.endswith(".html")))]
        close = closest_site_path(written[1:], choices)
        if close is not None:
            return f"{error.message} (did you mean '/{close}'?)"
        if not error.image:
            return error.message
        if written.startswith("/static/"):
            return f"{error.message}: there is no {written[1:]} in the briefing folder"
        return (f"{error.message}: put images in the briefing's static/ folder and write "
                "their path from the site root, /static/<file>")

    # Pages ----------------------------------------------------------------

    def page(self, page: PlannedPage, bodies: dict[str, Markup]) -> str:
        template = self.env.get_template(page.template)
        context = {f.name: getattr(page.context, f.name) for f in dataclasses.fields(page.context)}
        return template.render(self.globals, **context, page_path=page.path,
                               page_url=page.url, language=page.language, bodies=bodies,
                               search=page.search, linked_data=self.linked_data.of(page.context))


def page_problem(page: PlannedPage, error: Exception, debug: bool) -> tuple[str, int, str]:
    """Where an error rendering a page arose, and on which page."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    path, line = _template_location(error, page.template)
    return path, line, f"{_template_message(error)} (while rendering /{page.url})"


def _template_location(error: Exception, fallback: str) -> tuple[str, int]:
    """The template file and line where an error arose (Jinja rewrites tracebacks)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno or 0
    location = (TEMPLATE_PREFIX + fallback, 0)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.startswith(TEMPLATE_PREFIX):
            location = (frame.filename, frame.lineno or 0)
    return location


def _template_message(error: Exception) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template '{error.name}' not found"
    if isinstance(error, jinja2.TemplateError):
        return error.message or type(error).__name__
    return f"{type(error).__name__}: {error}"
