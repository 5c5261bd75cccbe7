"""What a page shows, so that a change re-renders only the pages that show it.

A page's output is a function of four things, and each is fingerprinted:

- the templates it uses: its template and every template that one extends,
  imports or includes (`TemplateSet.closure_digest`);
- its planned context: `context_signature` walks it, standing each item in
  for its *version* (see `Versions`) and every other value for its repr;
- what its templates look up through the `site` global or the `bodies`
  mapping: rendering goes through `TrackedSite`/`TrackedMapping`, which record
  each item looked up, each `in` test and each whole collection iterated;
- the site-wide values every page may show (configuration, last update,
  generator version), folded into one key by the incremental engine.

An item's version covers its front matter only, so that editing an article's
body re-renders its own page (which looks the body up in `bodies`) and not the
topic, actor and index pages that list its title. That holds only while no
template reads an item's `body` attribute directly; `TemplateSet` checks, and
where one does, versions cover the body too.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass

import jinja2
import jinja2.meta
from jinja2 import nodes

from .cache import digest
from .model.dates import PartialDate
from .model.schema import KINDS, Item, Site

Dependency = tuple[str, str]  # ("articles", id), ("articles", "*"), ("body", path), ("site", name)
WHOLE = "*"
_SCALARS = (str, int, float, bool, type(None), PartialDate)
_SCALAR_TYPES = frozenset(_SCALARS)


class Versions:
    """The version of every item, kind, body and site attribute in one build."""

    def __init__(self, site: Site, meta: Mapping[tuple[str, str], str], with_body: bool):
        """meta: (kind, id) -> hash of the item's front matter (its original's, in a
        translated edition: an edition's translations are part of every page's key)."""
        self.site = site
        self.with_body = with_body
        self.body_hashes: dict[str, str] = {}
        self.by_object: dict[int, str] = {}
        self.by_key: dict[Dependency, str | None] = {}
        for kind in KINDS:
            for ident, item in getattr(site, kind).items():
                body = digest(item.body) if hasattr(item, "body") else ""
                if body:
                    self.body_hashes[item.path] = body
                version = f"{kind}/{ident}@{meta.get((kind, ident), 'config')}"
                version += "+" + body if with_body else ""
                self.by_object[id(item)] = version
                self.by_key[(kind, ident)] = version

    def of(self, dependency: Dependency) -> str | None:
        """Current version of a recorded dependency; None for what does not exist."""
        if dependency in self.by_key:
            return self.by_key[dependency]
        kind, name = dependency
        if kind == "body":
            version = self.body_hashes.get(name)
        elif kind == "site":
            version = digest(_stable_repr(getattr(self.site, name)))
        elif name == WHOLE and kind in KINDS:
            version = digest("\n".join(self.by_object[id(i)] for i in getattr(self.site, kind).values()))
        else:
            version = None
        self.by_key[dependency] = version
        return version

    def update_body(self, path: str, body_hash: str) -> None:
        """A body edited since these versions were taken (its front matter unchanged)."""
        self.body_hashes[path] = body_hash
        self.by_key.pop(("body", path), None)

    def changed(self, recorded: tuple[tuple[Dependency, str | None], ...]) -> bool:
        return any(self.of(dependency) != version for dependency, version in recorded)


def _stable_repr(value) -> str:
    """repr with sets and mappings in sorted order, the same in every process."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_stable_repr(v) for v in value)) + "}"
    if isinstance(value, Mapping):
        return "{" + ", ".join(sorted(f"{k!r}: {_stable_repr(v)}" for k, v in value.items())) + "}"
    return repr(value)


def context_signature(context: dict, versions: Versions) -> tuple[str, int]:
    """A hash of everything in a planned context, each item standing for its version;
    and the number of values in it, a measure of how much the page shows."""
    tokens: list[str] = []
    _walk(context, tokens, versions.by_object)
    return digest("\x1f".join(tokens)), len(tokens)


def _walk(value, tokens: list[str], items: dict[int, str]) -> None:
    version = items.get(id(value))
    if version is not None:
        tokens.append(version)
        return
    kind = type(value)
    if kind is list or kind is tuple:
        tokens.append("[")
        for element in value:
            _walk(element, tokens, items)
        tokens.append("]")
    elif kind in _SCALAR_TYPES or isinstance(value, _SCALARS):
        tokens.append(repr(value))
    elif isinstance(value, dict):
        tokens.append("{")
        for key, element in value.items():
            tokens.append(repr(key))
            _walk(element, tokens, items)
        tokens.append("}")
    elif is_dataclass(value) and not isinstance(value, (type, Item)):
        tokens.append(kind.__name__ + "(")
        for name in _field_names(kind):
            _walk(getattr(value, name), tokens, items)
        tokens.append(")")
    else:  # an item of another build, or a value of unknown shape: refuse to guess
        raise TypeError(f"cannot fingerprint a {kind.__name__} in a page context")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


class Recorder:
    """The dependencies of the page being rendered."""

    def __init__(self) -> None:
        self.seen: set[Dependency] = set()

    def take(self) -> set[Dependency]:
        seen, self.seen = self.seen, set()
        return seen


class TrackedMapping(Mapping):
    """A read-only view of a mapping that records what a template looks up."""

    def __init__(self, kind: str, data: Mapping, recorder: Recorder):
        self._kind = kind
        self._data = data
        self._recorder = recorder

    def __getitem__(self, key):
        self._recorder.seen.add((self._kind, key))
        return self._data[key]

    def __contains__(self, key) -> bool:
        self._recorder.seen.add((self._kind, key))
        return key in self._data

    def get(self, key, default=None):
        self._recorder.seen.add((self._kind, key))
        return self._data.get(key, default)

    def __iter__(self) -> Iterator:
        self._recorder.seen.add((self._kind, WHOLE))
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.seen.add((self._kind, WHOLE))
        return len(self._data)

    def keys(self):
        self._recorder.seen.add((self._kind, WHOLE))
        return self._data.keys()

    def values(self):
        self._recorder.seen.add((self._kind, WHOLE))
        return self._data.values()

    def items(self):
        self._recorder.seen.add((self._kind, WHOLE))
        return self._data.items()


class TrackedSite:
    """What templates see as `site`: the Site, with every lookup recorded."""

    def __init__(self, site: Site, recorder: Recorder):
        self._site = site
        self._recorder = recorder
        self._kinds = {kind: TrackedMapping(kind, getattr(site, kind), recorder) for kind in KINDS}

    def __getattr__(self, name: str):
        if name in self._kinds:
            return self._kinds[name]
        value = getattr(self._site, name)
        if name != "config":  # the configuration is part of every page's key
            self._recorder.seen.add(("site", name))
        return value


class TemplateSet:
    """The templates of a build, with what each one uses."""

    def __init__(self, templates: dict[str, str], analysed: dict[str, tuple] | None = None):
        """analysed: earlier results by template digest, to skip parsing unchanged templates."""
        self.digests = {name: digest(text) for name, text in templates.items()}
        self.analysed: dict[str, tuple] = {}
        env = jinja2.Environment()
        for name, text in templates.items():
            key = self.digests[name]
            found = (analysed or {}).get(key)
            if found is None:
                found = _analyse(env, text)
            self.analysed[key] = found
        self._closures: dict[str, str] = {}

    @property
    def reads_body(self) -> bool:
        """Whether some template reads an item's body text itself (not through `bodies`)."""
        return any(reads_body for _, reads_body in self.analysed.values())

    def closure_digest(self, name: str) -> str:
        """A hash of a template and every template it uses, transitively."""
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
                references, _ = self.analysed[self.digests[current]]
                if references is None:  # a name computed at render time: could be any
                    pending.extend(self.digests)
                else:
                    pending.extend(references)
            self._closures[name] = digest("\n".join(f"{n}:{self.digests.get(n, '-')}"
                                                    for n in sorted(seen)))
        return self._closures[name]


def _analyse(env: jinja2.Environment, text: str) -> tuple[tuple[str, ...] | None, bool]:
    """(templates it references, or None if computed; whether it reads `.body`)."""
    try:
        tree = env.parse(text)
    except jinja2.TemplateSyntaxError:
        return None, True  # rendering will report it; meanwhile assume the worst
    references = list(jinja2.meta.find_referenced_templates(tree))
    dynamic = any(reference is None for reference in references)
    reads_body = any(node.attr == "body" for node in tree.find_all(nodes.Getattr)) or \
        any(node.value == "body" for node in tree.find_all(nodes.Const))
    return (None if dynamic else tuple(sorted(references))), reads_body
