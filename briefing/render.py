"""Render: pages through Jinja2 (autoescape, StrictUndefined), bodies through Markdown."""
from __future__ import annotations

import sys
import traceback

import jinja2
from markupsafe import Markup

from .data import data_files
from .errors import Collector
from .feeds import feed_files
from .fields import suggest
from .hosting import hosting_files
from .linked_data import LinkedData
from .markup import MarkdownRenderer, MarkupError, UnknownLink
from .model import SINGULAR, Figure, Site
from .plan import PlannedPage, item_path, last_updated

STATIC_PREFIX = "static/"
TEMPLATE_PREFIX = "templates/"


def format_number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def format_figure(figure: Figure) -> str:
    """'more than 1,000,000', 'about 215,000', '5,000–6,000'."""
    value = format_number(figure.value)
    if figure.qualifier == "range" and figure.value_high is not None:
        return f"{value}–{format_number(figure.value_high)}"
    if figure.qualifier == "exact":
        return value
    return f"{figure.qualifier} {value}"


def _template_source(templates: dict[str, str], name: str):
    if name not in templates:
        return None
    return templates[name], TEMPLATE_PREFIX + name, lambda: True


def template_environment(templates: dict[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_source(templates, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda d, unknown="date not set": d.format("en", unknown=unknown)
    env.filters["number"] = format_number
    env.filters["figure"] = format_figure
    return env


class Renderer:
    """Turns a planned site into files: output path -> bytes."""

    def __init__(self, site: Site, templates: dict[str, str]):
        self.site = site
        self.base_path = site.config.base_path
        self.env = template_environment(templates)
        self.env.globals.update(
            site=site,
            config=site.config,
            link=self.link,
            asset=self.asset,
            absolute=self.absolute,
            last_updated=last_updated(site),
            linked_data=LinkedData(site, self),
        )
        self.markdown = MarkdownRenderer()

    def link(self, kind: str, ident: str = "") -> str:
        """Root-relative URL of an item ('event', 'x') or a path ('timeline/')."""
        if kind in ("", "/"):
            return self.base_path
        if ident or kind in SINGULAR.values():
            return self.base_path + item_path(kind, ident)
        return self.base_path + kind

    def asset(self, path: str) -> str:
        return self.base_path + STATIC_PREFIX + path

    def absolute(self, url_path: str) -> str:
        """Absolute URL of a root-relative path made by link() or asset()."""
        origin = self.site.config.base_url[: -len(self.base_path)]
        return origin + url_path

    def _resolve(self, kind: str, ident: str) -> str | None:
        items = getattr(self.site, kind + "s")
        return self.link(kind, ident) if ident in items else None

    def bodies(self, problems: Collector) -> dict[str, Markup]:
        """Every Markdown body as safe HTML, keyed by the item's file path."""
        result: dict[str, Markup] = {}
        for kind in ("actors", "places", "articles", "events", "topics", "pages"):
            for item in getattr(self.site, kind).values():
                if not item.body.strip():
                    result[item.path] = Markup("")
                    continue
                try:
                    result[item.path] = Markup(self.markdown.render(item.body, self._resolve))
                except UnknownLink as error:
                    problems.add(item.path, item.body_line + error.line_offset,
                                 self._unknown_link_message(error))
                except MarkupError as error:
                    problems.add(item.path, item.body_line + error.line_offset, error.message)
        return result

    def _unknown_link_message(self, error: UnknownLink) -> str:
        if error.ident in self.site.drafts.get(error.kind + "s", ()):
            return (f"link to {error.kind} '{error.ident}', which is a draft and is not "
                    "published (publish it, or remove the link)")
        known = getattr(self.site, error.kind + "s", {})
        return f"{error.message}{suggest(error.ident, known)}"

    def page(self, page: PlannedPage, bodies: dict[str, Markup]) -> str:
        template = self.env.get_template(page.template)
        return template.render(page.context, page_url=page.url, bodies=bodies)


def render_site(site: Site, pages: list[PlannedPage], templates: dict[str, str],
                static: dict[str, bytes], debug: bool = False) -> dict[str, bytes]:
    """Render every page; collect every body and template error, then raise once."""
    problems = Collector()
    renderer = Renderer(site, templates)
    bodies = renderer.bodies(problems)
    problems.raise_if_any()
    files: dict[str, bytes] = {}
    for page in pages:
        try:
            files[page.output] = renderer.page(page, bodies).encode("utf-8")
        except jinja2.TemplateError as error:
            if debug:
                traceback.print_exc(file=sys.stderr)
            path, line = _template_location(error, page.template)
            problems.add(path, line, f"{_template_message(error)} (while rendering /{page.url})")
    problems.raise_if_any()
    files.update(feed_files(site, renderer))
    files.update(data_files(site, renderer))
    files.update(hosting_files(site, pages, renderer))
    for name, data in static.items():
        files[STATIC_PREFIX + name] = data
    return files


def _template_location(error: jinja2.TemplateError, fallback: str) -> tuple[str, int]:
    """The template file and line where an error arose (Jinja rewrites tracebacks)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno or 0
    location = (TEMPLATE_PREFIX + fallback, 0)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.startswith(TEMPLATE_PREFIX):
            location = (frame.filename, frame.lineno or 0)
    return location


def _template_message(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template '{error.name}' not found"
    return error.message or type(error).__name__
