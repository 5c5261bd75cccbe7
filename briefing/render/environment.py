"""The Jinja2 environment (autoescape, StrictUndefined) over a build's templates, what
each template uses, and where an error in a template arose."""
from __future__ import annotations

import re
import sys
import traceback

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ..memo import Key, MISSING, Memo, NoMemo, digest
from ..memo import key as memo_key
from ..model import Catalogue, Figure
from ..plan import PlannedPage

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
def _month_abbreviated_filter(context, value) -> str:
    return context["catalogue"].month_abbreviated(value)


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

    def key(self, name: str, source: str) -> tuple:
        return memo_key(Key.BYTECODE, self.get_cache_key(name, TEMPLATE_PREFIX + name),
                        self.get_source_checksum(source))

    def keep(self, templates: dict[str, str]) -> None:
        """Mark every template's bytecode as used by this build, rendered or not, so
        that a build with nothing to render does not let the memo forget it."""
        for name, source in templates.items():
            self.memo.get(self.key(name, source))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.memo.get(memo_key(Key.BYTECODE, bucket.key, bucket.checksum))
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memo.put(memo_key(Key.BYTECODE, bucket.key, bucket.checksum),
                      bucket.bytecode_to_string())


class TemplateSet:
    """The templates of a build, and for each one a hash of it with every template it
    uses (extends, imports, includes), transitively."""

    def __init__(self, templates: dict[str, str], memo: Memo | None = None):
        """memo: what each template text names, kept between builds (parsing every
        template again costs a no-change build more than anything else in rendering)."""
        memo = memo if memo is not None else NoMemo()
        self.digests = {name: digest(text) for name, text in templates.items()}
        self.references = {}
        for name, text in templates.items():
            key = memo_key(Key.TEMPLATE_REFERENCES, self.digests[name])
            references = memo.get(key, MISSING)
            if references is MISSING:
                references = memo.put(key, _references(text))
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


# A tag that names another template: {% extends/include/import/from <what> ... %}.
_REFERENCE_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b\s*(.*?)\s*[-+]?%\}",
                            re.S)
# What may follow a constant name in such a tag.
_NAMED = re.compile(r"""(["'])([^"'\\]+)\1(?:\s+(?:ignore missing|as \w+|import .*|"""
                    r"""with(?:out)? context))*\s*""", re.S)


def _references(text: str) -> tuple[str, ...] | None:
    """The templates a template names; None if it computes a name at render time (or
    names a list of them): then it may use any of them. Read from the tags' text, not
    by parsing the template (which costs as much as compiling it): a tag inside a
    comment or a raw block is counted too, which costs only an extra dependency."""
    references = set()
    for argument in _REFERENCE_TAG.findall(text):
        named = _NAMED.fullmatch(argument)
        if named is None:
            return None
        references.add(named[2])
    return tuple(sorted(references))


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
