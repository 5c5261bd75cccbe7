"""Keys and memos: what lets a stage skip work it has done before.

A stage computes the key of each thing it makes from everything it is made
from (`digest`), and asks its memo for it. A memo is only an accelerator: a
`NoMemo` always misses, and a build handed nothing but NoMemos is the build
from scratch, through the same code. After each build the engine calls
`prune()`, which forgets every entry that build did not use, so a memo never
grows with the number of edits, only with the size of the briefing.
"""
from __future__ import annotations

import hashlib
from collections.abc import Hashable
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
