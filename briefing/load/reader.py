"""Reading the briefing's files, remembered: a file whose inode, size and times are as
they were is not read again (as git's index does; a file changed within two seconds
of being read is read again and compared by content). A live preview, told by its
file watcher which files changed, passes them as `changed`: the other files are
taken from the memo without a stat. Links that lead outside the project are not
followed; every problem is noted at its file.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Collector
from ..memo import Key, Memo, digest, file_digest
from ..memo import key as memo_key
from ..vocabulary import StaticSource
from .active import ACTIVE_SUFFIXES, active_content
from .frontmatter import Document, ParseError, parse_document
from .mapdata import MapData, parse_map

# A file modified this close to when it was read may change again within the
# file system's timestamp granularity without its stat changing: read it again.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class _Read:
    """A file as read: what identifies it on disk, and what it parsed to."""

    stat: tuple  # (inode, size, mtime_ns, ctime_ns)
    read_ns: int
    content: str  # hash of the bytes
    value: object


def is_ignored(path: Path) -> bool:
    """Editor backups, swap files and other hidden files are never inputs."""
    name = path.name
    return name.startswith((".", "#")) or name.endswith("~")


def _what(path: Path) -> str:
    return "folder" if path.is_dir() else "file"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _entries_below(folder: str):
    """Every entry below a folder, each folder followed by what it holds, in the order
    of their paths sorted; hidden folders are not entered, nor links to folders."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from _entries_below(entry.path)


def _stat(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class Reader:
    """Reads below one folder, refusing links out, remembering what it parsed."""

    def __init__(self, root: Path, problems: Collector, memo: Memo,
                 changed: frozenset[Path] | None = None):
        self.root = root
        self.problems = problems
        self.root_text = str(root).rstrip("/") + "/"
        self.memo = memo
        self.changed = changed
        self.max_bytes = 0
        self.refused: set[tuple] = set()

    def rel(self, path: Path) -> str:
        text, root = str(path), self.root_text
        if text.startswith(root) and os.sep == "/":  # the common case, without pathlib's cost
            return text[len(root):]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # Listing ------------------------------------------------------------

    def files(self, folder: Path, home: Path | None = None) -> list[Path]:
        """Every file below a folder, sorted; links leading outside are refused."""
        key = memo_key(Key.LISTING, str(folder))
        known = self.memo.get(key)
        if known is not None and self.changed is not None:
            listing = self._update_listing(folder, known)
            if listing is not None:
                return self.memo.put(key, listing)
        if not folder.is_dir() or not self.inside_project(folder, home or self.root):
            return self.memo.put(key, [])
        found = []
        for entry in _entries_below(str(folder)):
            path = Path(entry.path)
            if is_ignored(path):
                continue
            if entry.is_symlink() and not _inside(path, folder):
                self.problems.add(self.rel(path), 0, f"refused: this {_what(path)} is a link to "
                                                     "a place outside its folder")
                continue
            if entry.is_file():
                found.append(path)
        if found == known:
            found = known  # the same listing: what was worked out from it still holds
        return self.memo.put(key, found)

    def _update_listing(self, folder: Path, known: list[Path]) -> list[Path] | None:
        """The last listing with the watcher's changes applied (the very same list when
        none is in this folder); None when a change is more than files coming and going
        (a folder, a link) and calls for a walk."""
        inside = [path for path in self.changed if folder in path.parents]
        if not inside:
            return known
        listing = set(known)
        if all(path in listing and path.is_file() and not path.is_symlink() for path in inside):
            return known  # files edited in place: the same files, the very same list
        for path in inside:
            relative = path.relative_to(folder).parts
            if any(is_ignored(Path(part)) or part.startswith(".") for part in relative):
                continue
            if path.is_symlink() or path.is_dir():
                return None
            if path.is_file():
                listing.add(path)
            else:
                listing.discard(path)
        return sorted(listing)

    def inside_project(self, path: Path, home: Path) -> bool:
        """False (and a problem noted once) for a path whose links lead outside `home`."""
        if _inside(path, home):
            return True
        problem = (self.rel(path), 0, f"refused: this {_what(path)} is a link to a place "
                                      "outside the project")
        if problem not in self.refused:
            self.refused.add(problem)
            self.problems.add(*problem)
        return False

    # Reading ------------------------------------------------------------

    def _remembered(self, key: tuple, path: Path, limited: bool):
        """(what the memo holds for the file, its stat now, whether that still holds):
        it holds while the watcher saw no change, or else while the file's stat is as
        it was and was not taken within the timestamps' granularity of the read."""
        known = self.memo.get(key)
        too_big = lambda size: limited and self.max_bytes and size > self.max_bytes  # noqa: E731
        if (known is not None and self.changed is not None and path not in self.changed
                and not too_big(known.stat[1])):
            return known, known.stat, True
        stat = _stat(path)
        return known, stat, (known is not None and stat == known.stat
                             and stat[2] < known.read_ns - _RACY_NS and not too_big(stat[1]))

    def read(self, path: Path, parse: Callable[[bytes], object], limited: bool = True):
        """The file parsed, from the memo while the file is unchanged; None (with a
        problem noted) if it cannot be read or parsed."""
        key = memo_key(Key.FILE, str(path))
        known, stat, holds = self._remembered(key, path, limited)
        if holds:
            return known.value
        data = self.read_bytes(path, limited)
        if data is None:
            return None
        content = digest(data)
        if known is not None and known.content == content:
            value = known.value
        else:
            value = parse(data)
            if value is None:
                return None
        self.memo.put(key, _Read(stat, time.time_ns(), content, value))
        return value

    def static_source(self, path: Path) -> StaticSource | None:
        """A static file to publish as it is: its size and digest, from the memo while
        its stat is unchanged. Only an SVG, HTML or XML file is read whole, to refuse
        script in it (a file the memo holds was found clean then); any other is hashed
        as a stream, so a large file never sits in memory or in the cache."""
        if path.suffix.lower() in ACTIVE_SUFFIXES:
            data = self.read(path, lambda data: (
                None if _runs_script(self, path, data) else
                StaticSource(str(path), self.rel(path), len(data), digest(data))), limited=False)
            return data
        key = memo_key(Key.STATIC_FILE, str(path))
        known, stat, holds = self._remembered(key, path, limited=False)
        if holds:
            return known.value
        read_ns = time.time_ns()
        try:
            content = file_digest(path)
        except OSError as error:
            self.problems.add(self.rel(path), 0, f"cannot read this file: {error.strerror or error}")
            return None
        source = StaticSource(str(path), self.rel(path), stat[1] if stat else 0, content)
        self.memo.put(key, _Read(stat, read_ns, source.digest, source))
        return source

    def read_bytes(self, path: Path, limited: bool = True) -> bytes | None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.problems.add(self.rel(path), 0, f"cannot read this file: {error.strerror or error}")
            return None
        if limited and self.max_bytes and len(data) > self.max_bytes:
            self.problems.add(self.rel(path), 0,
                              f"file is too large ({-(-len(data) // 1024)} KB; the limit is "
                              f"{self.max_bytes // 1024} KB, set by max_file_kb in site.yaml)")
            return None
        return data

    def decode(self, path: Path, data: bytes) -> str | None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            self.problems.add(self.rel(path), line,
                              f"file is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                              f"{error.start}); save it as UTF-8")
            return None

    def document(self, path: Path, has_body: bool, limited: bool = True) -> Document | None:
        def parse(data: bytes) -> Document | None:
            text = self.decode(path, data)
            if text is None:
                return None
            try:
                return parse_document(self.rel(path), text, has_body=has_body)
            except ParseError as error:
                self.problems.add(self.rel(path), error.line, error.message)
                return None
        return self.read(path, parse, limited)

    def text(self, path: Path, limited: bool = True) -> str | None:
        return self.read(path, lambda data: self.decode(path, data), limited)

    def map(self, path: Path) -> tuple[MapData | None, str]:
        """The map and a hash of its bytes; (None, '') without a map file."""
        if not path.is_file():
            return None, ""
        if not self.inside_project(path, self.root):  # the rule of every other input
            return None, ""

        def parse(data: bytes) -> tuple[MapData, str] | None:
            try:
                return parse_map(data.decode("utf-8")), digest(data)
            except UnicodeDecodeError:
                self.problems.add(self.rel(path), 0, "file is not UTF-8; save it as UTF-8")
            except ParseError as error:
                self.problems.add(self.rel(path), error.line, error.message)
            return None
        return self.read(path, parse, limited=False) or (None, "")


def _runs_script(reader: Reader, path: Path, data: bytes) -> bool:
    """True (with a problem at the file) for an SVG or HTML file that would run script."""
    if path.suffix.lower() not in ACTIVE_SUFFIXES:
        return False
    found = active_content(data)
    if found is None:
        return False
    line, what = found
    reader.problems.add(reader.rel(path), line,
                        f"refused: {what} would run script on the published site; remove it "
                        "(a static file is published as it is, never rewritten)")
    return True
