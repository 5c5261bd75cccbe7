"""Keys and memos: what lets a stage skip work it has done before.

A stage computes the key of each thing it makes from everything it is made
from, and asks its memo for it. Every key is made here: `key()` names a thing
by its namespace and plain parts, `hashed()` is a hash of everything a thing is
made from. Both walk their parts with one `KeyWalker`, which refuses a value it
does not know how to walk (an object whose repr would differ between runs, or
hide what it holds), so a key cannot silently miss what it depends on. Page
fingerprints (plan/fingerprints.py) are the same walk, with items standing in
for their digests. A memo is only an accelerator: a
`NoMemo` always misses, and a build handed nothing but NoMemos is the build
from scratch, through the same code. After each build the engine calls
`prune()`, which forgets every entry that build did not use, so a memo never
grows with the number of edits, only with the size of the briefing.
"""
from __future__ import annotations

import enum
import hashlib
from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from typing import Any

MISSING: Any = object()


def content_hash(data: bytes = b""):
    """The hash `digest` gives, to feed more bytes into (a file, a block at a time)."""
    return hashlib.blake2b(data, digest_size=16)


def digest(data: bytes | str) -> str:
    """A short content hash, the key of everything that is cached."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return content_hash(data).hexdigest()


def file_digest(path) -> str:
    """`digest` of a file's bytes, read a block at a time, never whole."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, content_hash).hexdigest()


class Key(enum.Enum):
    """The namespaces of what the memos remember: a key of one never equals a key of
    another, and a misspelt namespace is an AttributeError, not a silent miss."""

    FILE = "file"  # load: a file as read, by path
    STATIC_FILE = "static file"
    LISTING = "listing"  # a folder's files
    SORTED_OUT = "sorted out"  # a folder's files sorted into originals and translations
    DOCUMENT = "document"  # a document's metadata
    CHECKED = "checked"  # model: a document read into its item
    PASSED = "passed"  # the documents of the last build whose checks across them passed
    DECLARED_TOPIC = "declared topic"  # a topic declared in site.yaml with no file
    TRANSLATION = "translation"
    LOCALIZED = "localized"  # an item in another edition's words
    PLAN = "plan"  # plan: an edition's pages
    PLAN_STRUCTURE = "plan structure"  # what every page of an edition's plan depends on
    PAGE = "page"  # a page's context (its fingerprint)
    THEME = "theme"  # render: the templates, compiled as they are used
    TEMPLATE_REFERENCES = "template references"
    BYTECODE = "bytecode"
    EDITION = "edition"  # what every page of an edition shows besides its context
    BODY_PLACE = "body place"  # what a body's HTML depends on besides its text
    LINK_TARGETS = "link targets"
    LINKS_CHECKED = "links checked"
    CHART = "chart"
    MAP = "map"
    FRAGMENT = "fragment"  # an entry as listings show it, kept by a process that builds again


_SCALARS = (str, int, float, bool, type(None), bytes, enum.Enum)


class KeyWalker:
    """Turns a value into the tokens its key is a hash of: a scalar into its repr,
    tuples, lists, dicts and sets into their elements (a set's in sorted order, so that
    a key is the same in every process), a dataclass into its fields. `items`: the
    types whose values stand in for their `digest` (and are gathered as (kind, id)),
    by kind; `scalars`: more types to take by their repr. Any other type is refused."""

    def __init__(self, items: dict[type, str] | None = None, scalars: tuple[type, ...] = ()):
        self.items = dict(items or {})
        self.scalars = _SCALARS + scalars
        self.shapes: dict[type, Any] = {}

    def shape(self, kind: type):
        """How a value of this type is walked: its kind name (an item), () (a scalar),
        the type itself (a container), or the field names of a dataclass."""
        shape = self.shapes.get(kind)
        if shape is None:
            shape = self.items.get(kind)
            if shape is None:
                if issubclass(kind, self.scalars):
                    shape = ()
                elif is_dataclass(kind):
                    shape = tuple(f.name for f in fields(kind))
                elif kind in (tuple, list, dict, set, frozenset):
                    shape = kind
                else:  # of unknown shape: refuse to guess
                    raise TypeError(f"cannot make a key of a {kind.__name__}")
            self.shapes[kind] = shape
        return shape

    def walk(self, value, tokens: list[str], found: set) -> None:
        kind = type(value)
        shape = self.shapes.get(kind)
        if shape is None:
            shape = self.shape(kind)
        if shape.__class__ is str:  # an item: its digest
            tokens.append(value.digest)
            found.add((shape, value.id))
        elif shape == ():
            tokens.append(repr(value))
        elif shape is tuple or shape is list:
            tokens.append("[")
            shapes = self.shapes
            for element in value:
                inner = shapes.get(type(element))
                if inner.__class__ is str:  # an item, the commonest element: no call for it
                    tokens.append(element.digest)
                    found.add((inner, element.id))
                else:
                    self.walk(element, tokens, found)
            tokens.append("]")
        elif shape is dict:
            tokens.append("{")
            for key, element in value.items():
                self.walk(key, tokens, found)
                self.walk(element, tokens, found)
            tokens.append("}")
        elif shape is set or shape is frozenset:
            elements = []
            for element in value:
                inner: list[str] = []
                self.walk(element, inner, found)
                elements.append("\x1f".join(inner))
            tokens.append("{" + "\x1e".join(sorted(elements)) + "}")
        else:
            tokens.append(kind.__name__ + "(")
            for name in shape:
                self.walk(getattr(value, name), tokens, found)
            tokens.append(")")

    def hashed(self, value) -> tuple[str, set, int]:
        """(the hash of a value's tokens, the items it holds, the number of tokens)."""
        tokens: list[str] = []
        found: set = set()
        self.walk(value, tokens, found)
        return digest("\x1f".join(tokens)), found, len(tokens)


_PLAIN = KeyWalker()


def key(namespace: Key, *parts) -> tuple:
    """A memo key naming one thing: its namespace and its parts, which must be plain
    values that keep across builds (text, numbers, tuples of them)."""
    for part in parts:
        if type(part) is not str:
            _PLAIN.walk(part, [], set())  # refuses what a key cannot hold
    return (namespace.value, *parts)


def hashed(namespace: Key, *parts) -> str:
    """A memo key that is a hash of everything a thing is made from."""
    return _PLAIN.hashed((namespace.value, parts))[0]


class Memo:
    """Values by key, keeping between builds only those the last build used."""

    def __init__(self, entries: dict | None = None):
        self.entries: dict = dict(entries or {})
        self.used: set = set()
        self.changed = False  # since it was made or last saved

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = self.entries.get(key, MISSING)
        if value is MISSING:
            return default
        self.used.add(key)
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        known = self.entries.get(key, MISSING)
        self.entries[key] = value
        self.used.add(key)
        if not self.changed and not _same(known, value):
            self.changed = True
        return value

    def __contains__(self, key: Hashable) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def prune(self) -> None:
        """Forget what the last build did not use."""
        if len(self.used) != len(self.entries):
            self.entries = {key: self.entries[key] for key in self.used if key in self.entries}
            self.changed = True
        self.used = set()


def _same(known: Any, value: Any) -> bool:
    """Whether a value put again is the one already kept (so the memo need not be
    saved again): the same object, or an equal list or tuple (a folder's listing)."""
    if known is value:
        return True
    return type(known) is type(value) and type(value) in (list, tuple) and known == value


class NoMemo(Memo):
    """A memo that remembers nothing: the from-scratch build."""

    def get(self, key: Hashable, default: Any = None) -> Any:
        return default

    def put(self, key: Hashable, value: Any) -> Any:
        return value

    def prune(self) -> None:
        pass
