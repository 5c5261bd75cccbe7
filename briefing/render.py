"""Render: pages through Jinja2 (autoescape, StrictUndefined), bodies through Markdown."""
from __future__ import annotations

import dataclasses
import re
import sys
import traceback

import jinja2
from markupsafe import Markup

from .charts import ChartPoint, ChartWords, line_chart
from .config import LanguageConfig
from .data import data_files
from .errors import Collector
from .feeds import feed_files
from .fields import suggest
from .hosting import hosting_files
from .i18n import Catalogue
from .linked_data import LinkedData
from .maps import LocatorMap, MapData, MapDrawer, MapMark, MapWords
from .markup import MarkdownRenderer, MarkupError, UnknownLink
from .model import PLACE_KINDS, SINGULAR, Figure
from .plan import NOT_FOUND, PlannedPage, item_path, last_updated, series_charts
from .translations import Edition

STATIC_PREFIX = "static/"
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


@dataclasses.dataclass(frozen=True)
class FigureChart:
    """A series drawn as a chart, and the figures it draws, oldest first."""

    svg: Markup
    title: str
    figures: list[Figure]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(f.source for f in self.figures))


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


BODY_KINDS = ("actors", "places", "articles", "events", "topics", "pages")


class EditionRenderer:
    """Renders the pages of one language edition; templates are shared by all."""

    def __init__(self, edition: Edition, catalogue: Catalogue, env: jinja2.Environment,
                 maps: MapDrawer | None = None, reserved_ids: frozenset[str] = frozenset()):
        self.site = edition.site
        self.catalogue = catalogue
        self.maps = maps
        self.series = series_charts(self.site)
        self.charts: dict[str, FigureChart] = {}
        self.language = edition.language
        config = self.site.config
        self.base_path = config.base_path
        self.prefix = config.edition_prefix(edition.language)
        self.untranslated_paths = frozenset(getattr(self.site, kind)[ident].path
                                            for kind, ident in edition.untranslated)
        self.env = env
        self.markdown = MarkdownRenderer(config.max_markdown_seconds, reserved_ids)
        self.globals = dict(
            site=self.site,
            config=config,
            catalogue=catalogue,
            t=catalogue.t,
            link=self.link,
            asset=self.asset,
            site_link=self.site_link,
            absolute=self.absolute,
            alternates=self.alternates,
            text_lang=self.text_lang,
            last_updated=last_updated(self.site),
            linked_data=LinkedData(self.site, self),
            chart=self.chart,
            locator_map=self.locator_map,
        )

    def words(self, prefix: str) -> dict[str, str]:
        """The catalogue's strings below a key, as plain text: {'as_of': 'as of'}."""
        return {key[len(prefix) + 1:]: text for key, text in self.catalogue.strings.items()
                if key.startswith(prefix + ".")}

    def chart(self, figure: Figure) -> FigureChart | None:
        """The chart of the series a figure is the newest of, if it has one."""
        series = self.series.get(figure.id)
        if series is None:
            return None
        if figure.id not in self.charts:
            date = self.catalogue.date
            points = [ChartPoint(f.as_of, date(f.as_of), f.value, str(figure_text(self.catalogue, f)),
                                 f.value_high if f.qualifier == "range" else None)
                      for f in series]
            words = self.words("chart.svg")
            title = words.pop("title").format(label=figure.label, first=date(series[0].as_of),
                                              last=date(figure.as_of))
            svg = line_chart(points, ident=f"chart-{figure.id}", title=title, unit=figure.unit,
                             words=ChartWords(**words))
            self.charts[figure.id] = FigureChart(Markup(svg), title, series)
        return self.charts[figure.id]

    def locator_map(self, marks: list[MapMark], ident: str = "map") -> LocatorMap | None:
        """The map with a page's places marked; None when the briefing has no map."""
        if self.maps is None:
            return None
        words = self.words("map.svg")
        kinds = {kind: self.catalogue.strings["place_kind." + kind].lower() for kind in PLACE_KINDS}
        drawn = self.maps.draw(marks, lambda place: self.link("place", place.id), ident,
                               MapWords(**words, kinds=kinds), self.site.config.country)
        return dataclasses.replace(drawn, svg=Markup(drawn.svg), inset=Markup(drawn.inset))

    def link(self, kind: str, ident: str = "") -> str:
        """Root-relative URL of an item ('event', 'x') or a path ('timeline/') in this edition."""
        if kind in ("", "/"):
            return self.base_path + self.prefix
        if ident or kind in SINGULAR.values():
            return self.base_path + self.prefix + item_path(kind, ident)
        return self.base_path + self.prefix + kind

    def site_link(self, path: str) -> str:
        """Root-relative URL of a file shared by every edition, such as data/events.csv."""
        return self.base_path + path

    def asset(self, path: str) -> str:
        return self.site_link(STATIC_PREFIX + path)

    def absolute(self, url_path: str) -> str:
        """Absolute URL of a root-relative path made by link() or asset()."""
        origin = self.site.config.base_url[: -len(self.base_path)]
        return origin + url_path

    def alternates(self, path: str) -> list[tuple[LanguageConfig, str]]:
        """The same page in every edition: (language, root-relative URL)."""
        config = self.site.config
        if path == NOT_FOUND:  # hosts serve one 404 page: offer each edition's home page
            path = ""
        return [(language, self.base_path + config.edition_prefix(language.code) + path)
                for language in config.languages]

    def text_lang(self, item) -> str:
        """The language of an item's words when it differs from the page's, else ''."""
        if item.path in self.untranslated_paths:
            return self.site.config.default_language
        return ""

    def _resolve(self, kind: str, ident: str) -> str | None:
        items = getattr(self.site, kind + "s")
        return self.link(kind, ident) if ident in items else None

    def bodies(self, problems: Collector) -> dict[str, Markup]:
        """Every Markdown body as safe HTML, keyed by the item's file path."""
        result: dict[str, Markup] = {}
        for kind in BODY_KINDS:
            for item in getattr(self.site, kind).values():
                try:
                    result[item.path] = self.body(item)[0]
                except MarkupError as error:
                    problems.add(*self.body_problem(item, error))
        return result

    def body(self, item) -> tuple[Markup, tuple[tuple[str, str], ...]]:
        """An item's body as safe HTML, with the item links it resolved. Raises MarkupError."""
        if not item.body.strip():
            return Markup(""), ()
        links: set[tuple[str, str]] = set()

        def resolve(kind: str, ident: str) -> str | None:
            links.add((kind, ident))
            return self._resolve(kind, ident)

        return Markup(self.markdown.render(item.body, resolve)), tuple(sorted(links))

    def body_problem(self, item, error: MarkupError) -> tuple[str, int, str]:
        message = (self._unknown_link_message(error) if isinstance(error, UnknownLink)
                   else error.message)
        return item.path, item.body_line + error.line_offset, message

    def _unknown_link_message(self, error: UnknownLink) -> str:
        if error.ident in self.site.drafts.get(error.kind + "s", ()):
            return (f"link to {error.kind} '{error.ident}', which is a draft and is not "
                    "published (publish it, or remove the link)")
        known = getattr(self.site, error.kind + "s", {})
        return f"{error.message}{suggest(error.ident, known)}"

    def page(self, page: PlannedPage, bodies: dict[str, Markup]) -> str:
        template = self.env.get_template(page.template)
        return template.render(self.globals, **page.context, page_path=page.path,
                               page_url=page.url, language=page.language, bodies=bodies,
                               search=page.search)


def render_site(editions: list[Edition], catalogues: dict[str, Catalogue],
                pages: list[PlannedPage], templates: dict[str, str],
                static: dict[str, bytes], debug: bool = False,
                map_data: MapData | None = None) -> dict[str, bytes]:
    """Render every page of every edition; collect every error, then raise once."""
    problems = Collector()
    renderers = edition_renderers(editions, catalogues, template_environment(templates),
                                  template_ids(templates), map_data)
    bodies = {language: r.bodies(problems) for language, r in renderers.items()}
    problems.raise_if_any()
    files: dict[str, bytes] = {}
    for page in pages:
        try:
            html = renderers[page.language].page(page, bodies[page.language])
            files[page.output] = html.encode("utf-8")
        except Exception as error:  # also a template's own slip, such as {{ 'a' + 1 }}
            problems.add(*page_problem(page, error, debug))
    problems.raise_if_any()
    files.update(site_files(renderers, pages, static))
    return files


def edition_renderers(editions: list[Edition], catalogues: dict[str, Catalogue],
                      env: jinja2.Environment, reserved_ids: frozenset[str],
                      map_data: MapData | None) -> dict[str, EditionRenderer]:
    """One renderer per edition, by language, the first the default edition's."""
    maps = MapDrawer(map_data) if map_data is not None else None
    return {e.language: EditionRenderer(e, catalogues[e.language], env, maps, reserved_ids)
            for e in editions}


def site_files(renderers: dict[str, EditionRenderer], pages: list[PlannedPage],
               static: dict[str, bytes]) -> dict[str, bytes]:
    """The files that are not pages: feeds, data downloads, hosting files, static files."""
    files: dict[str, bytes] = {}
    for renderer in renderers.values():
        files.update({renderer.prefix + name: data
                      for name, data in feed_files(renderer.site, renderer).items()})
    default = next(iter(renderers.values()))
    files.update(data_files(default.site, default))
    files.update(hosting_files(default.site, pages, default))
    for name, data in static.items():
        files[STATIC_PREFIX + name] = data
    return files


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
