"""What one build hands the next: each stage's memo, and what was written where.

`Caches.none()` remembers nothing (the build from scratch); a preview keeps one
`Caches` in memory; `python build.py` reads it from `<root>/.cache/build/` and
saves it there after a build. The cache is an accelerator only: a missing,
unreadable or outdated cache makes a build slower, never different. Each file
is stamped with the generator version, so a change to Briefing's code or to a
library that shapes the output (Markdown, nh3, Jinja2, PyYAML, Babel) drops it.
The files are data that run nothing when read, signed with a key kept outside
the briefing (cachefile.py): a cache this machine's builds did not write is set
aside with one line, and the build goes on from scratch.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .cachefile import CacheRefused, cache_key, read_cache, write_cache
from .memo import Memo, NoMemo, digest
from .render import Memos
from .write import Written

CACHE_DIR = ".cache/build"
# Libraries whose version can change the output for the same input.
_SHAPING_LIBRARIES = ("markdown", "nh3", "jinja2", "pyyaml", "markupsafe", "babel")
# What is kept on disk: file name -> the memos in it. The plans share a file with
# the items, so that their pages, unpickled, hold the very items the model gives.
_SUFFIX = ".cache"
_STORED = {"files": ("files",), "items": ("items", "plans"), "bodies": ("bodies",),
           "drawings": ("drawings",)}


def generator_version() -> str:
    """Briefing's own source and the versions of the libraries that shape its output."""
    package = Path(__file__).parent
    parts = [path.relative_to(package).as_posix() + ":" + digest(path.read_bytes())
             for path in sorted(package.rglob("*.py"))]
    for name in _SHAPING_LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return digest("\n".join(parts))


@dataclass
class Caches:
    """One memo per stage that has one, and the record of each output folder."""

    files: Memo = field(default_factory=NoMemo)  # load: files as read and parsed
    items: Memo = field(default_factory=NoMemo)  # model: documents checked, items localized
    plans: Memo = field(default_factory=NoMemo)  # plan: each edition's last plan
    bodies: Memo = field(default_factory=NoMemo)  # render: body HTML by key
    drawings: Memo = field(default_factory=NoMemo)  # render: maps, charts, templates parsed
    tools: Memo = field(default_factory=NoMemo)  # render: templates compiled, map projected
    fragments: Memo = field(default_factory=NoMemo)  # render: listings' entries (memory only)
    written: dict[str, Written] = field(default_factory=dict)  # write: by output folder
    folder: Path | None = None  # where they are kept on disk, if anywhere
    version: str = ""
    key: bytes | None = None  # what the files on disk are signed with
    notes: list[str] = field(default_factory=list)  # cache files set aside, one line each
    written_as_read: dict | None = None  # `written` as the disk holds it (a _snapshot)

    @classmethod
    def none(cls) -> Caches:
        """Nothing remembered: the build from scratch."""
        return cls()

    @classmethod
    def in_memory(cls) -> Caches:
        """Kept by a process that builds again (the preview): the listings' entries too,
        which only such a process gains by (a new process would hash each for nothing)."""
        return cls(Memo(), Memo(), Memo(), Memo(), Memo(), Memo(), Memo())

    @classmethod
    def on_disk(cls, folder: Path) -> Caches:
        """The caches a build left in `folder` (each empty if absent, outdated, not
        written by this machine's builds, or damaged: then with a note saying so)."""
        caches = cls.in_memory()
        caches.fragments = NoMemo()
        caches.folder, caches.version, caches.key = folder, generator_version(), cache_key()
        if caches.key is None:
            caches.notes.append("no key to sign build caches with (the user's cache folder "
                                "cannot be written): building without a cache")
            caches.folder = None
            return caches
        for file, names in _STORED.items():
            stored = caches._load(file)
            if isinstance(stored, tuple) and len(stored) == len(names) and all(
                    isinstance(entries, dict) for entries in stored):
                for name, entries in zip(names, stored):
                    setattr(caches, name, Memo(entries))
        written = caches._load("written")
        if isinstance(written, dict) and all(isinstance(w, Written) for w in written.values()):
            caches.written = written
            caches.written_as_read = _snapshot(written)
        return caches

    def _load(self, file: str):
        path = self.folder / f"{file}{_SUFFIX}"
        try:
            return read_cache(path, self.version, self.key)
        except FileNotFoundError:
            return None
        except CacheRefused as refused:
            if not refused.outdated:
                self.notes.append(f"{_shown(path)}: {refused}: set aside, building without it")
        except (OSError, MemoryError, OverflowError) as error:
            self.notes.append(f"{_shown(path)}: cannot be read ({type(error).__name__}): "
                              "set aside, building without it")
        return None

    @property
    def render_memos(self) -> Memos:
        return Memos(self.bodies, self.drawings, self.tools, self.fragments)

    def written_to(self, output: Path) -> Written:
        """The record of what the last build wrote into `output`."""
        return self.written.setdefault(os.path.abspath(output), Written())

    def spare_folder(self, output: Path) -> Path | None:
        """Where the tree a swap retires is kept for the next build: in the cache, if
        that is on the output's file system (trees are moved, and files linked, between
        them)."""
        if self.folder is None:
            return None
        parent = Path(os.path.abspath(output)).parent
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if os.stat(self.folder).st_dev != os.stat(parent).st_dev:
                return None
        except OSError:
            return None
        return self.folder / ("spare-" + digest(os.path.abspath(output))[:16])

    def prune(self) -> None:
        """After a build: forget what it did not use."""
        for memo in (self.files, self.items, self.plans, self.bodies, self.drawings, self.tools,
                     self.fragments):
            memo.prune()

    def save(self) -> None:
        """Keep them on disk for the next process (nothing if they are not on disk).
        A cache that cannot be written only makes the next build slower."""
        if self.folder is None or self.key is None:
            return
        for file, names in _STORED.items():
            memos = [getattr(self, name) for name in names]
            if any(memo.changed for memo in memos):
                if self._store(file, tuple(memo.entries for memo in memos)):
                    for memo in memos:
                        memo.changed = False
        if _snapshot(self.written) != self.written_as_read:  # a no-change build writes none
            if self._store("written", self.written):
                self.written_as_read = _snapshot(self.written)
        for old in self.folder.glob("*.pickle"):  # the format before this one: never read
            old.unlink(missing_ok=True)

    def _store(self, file: str, value) -> bool:
        try:
            write_cache(self.folder / f"{file}{_SUFFIX}", self.version, value, self.key)
        except (OSError, TypeError):
            return False
        return True


def _snapshot(written: dict) -> dict:
    """A copy of the record of what was written, to tell whether a build changed it
    (its values are tuples and text, so copying the dicts copies the record)."""
    return {folder: {name: dict(value) for name, value in vars(record).items()}
            for folder, record in written.items()}


def _shown(path: Path) -> str:
    """A cache file as messages name it: relative to the briefing's folder."""
    return f"{CACHE_DIR}/{path.name}"
