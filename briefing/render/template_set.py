"""What a build's templates are made of, without Jinja: each template's hash with
every template it uses, the fixed ids they give their own elements, and the keys
of their compiled code. A build with nothing to render needs only this; the Jinja
environment (environment.py) is made when the first page is rendered."""
from __future__ import annotations

import re

from ..memo import MISSING, Key, Memo, NoMemo, digest
from ..memo import key as memo_key

TEMPLATE_PREFIX = "templates/"
_TEMPLATE_ID = re.compile(r'\bid="([\w-]+)"')


def template_ids(templates: dict[str, str]) -> frozenset[str]:
    """The fixed ids the templates give their own elements ('main', 'claims', ...)."""
    return frozenset(i for text in templates.values() for i in _TEMPLATE_ID.findall(text))


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

    def keep_compiled(self, memo: Memo) -> None:
        """Mark every template's compiled code as used by this build, rendered or not, so
        that a build with nothing to render does not let the memo forget it (keyed as
        environment.CompiledTemplates keys Jinja's buckets: name and text digest)."""
        for name, text_digest in self.digests.items():
            memo.get(memo_key(Key.BYTECODE, name, text_digest))

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
