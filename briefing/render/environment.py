"""The Jinja2 environment (autoescape, StrictUndefined) over a build's templates, their
compiled code kept in a memo, and where an error in a template arose. Imported when
the first page is rendered (render/__init__.py): a build with nothing to render never
imports Jinja."""
from __future__ import annotations

import sys
import traceback

import jinja2
import jinja2.bccache

from ..memo import Key, Memo, digest
from ..memo import key as memo_key
from ..plan import PlannedPage
from .template_set import TEMPLATE_PREFIX


def _template_source(templates: dict[str, str], name: str):
    if name not in templates:
        return None
    return templates[name], TEMPLATE_PREFIX + name, lambda: True


@jinja2.pass_context
def _date_filter(context, value) -> str:
    return context["catalogue"].date(value)


@jinja2.pass_context
def _month_abbreviated_filter(context, value) -> str:
    return context["catalogue"].month_abbreviated(value)


@jinja2.pass_context
def _number_filter(context, value) -> str:
    return context["catalogue"].number(value)


@jinja2.pass_context
def _figure_filter(context, figure) -> str:
    return context["catalogue"].figure(figure)


def template_environment(templates: dict[str, str], compiled: Memo | None = None
                         ) -> jinja2.Environment:
    """The templates' environment. `compiled`: a memo for their bytecode, so that a new
    process does not compile them again (kept with the other caches: signed data)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _template_source(templates, name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
    )
    env.filters.update(date=_date_filter, number=_number_filter, figure=_figure_filter,
                       month_abbreviated=_month_abbreviated_filter)
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Each template's bytecode in a memo, by its name and its text's checksum: Jinja
    compiles a template once, and a later process loads what it compiled. The memo
    is one of the build's caches, kept on disk signed (cachefile.py), so bytecode a
    build did not write is never loaded."""

    def __init__(self, memo: Memo):
        self.memo = memo

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def get_source_checksum(self, source: str) -> str:
        return digest(source)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.memo.get(memo_key(Key.BYTECODE, bucket.key, bucket.checksum))
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memo.put(memo_key(Key.BYTECODE, bucket.key, bucket.checksum),
                      bucket.bytecode_to_string())


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
