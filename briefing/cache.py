"""What a build keeps for the next one: parsed documents and rendered bodies.

The cache is an accelerator only: a missing, unreadable or outdated cache
makes a build slower, never different. It lives in `<root>/.cache/build/` (ignored
by git) as pickles written by Briefing itself, each stamped with the
generator version: a change to Briefing's code or to a library that shapes the
output (Markdown, nh3, Jinja2, PyYAML) drops it whole.

- `DocumentMemo`: parsed front matter and body per file, reused while the
  file's inode, size, modification and change times are those seen when it
  was parsed (as git's index does); a file changed in the last seconds before
  it was parsed is read again and compared by content hash. It does not keep
  the line of each key: a build that finds a problem reads its input afresh
  to report it at the right line.
- `BodyCache`: sanitised body HTML (compressed) keyed by the body's content
  hash and the base path its links point under, with the item links it
  resolved, so that a cached body linking to a deleted item is rendered again
  (and fails).
- `DiskCache`: named stores in the cache folder, replaced atomically.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
import zlib
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from markupsafe import Markup

from .load.frontmatter import Document

CACHE_DIR = ".cache/build"
# Libraries whose version can change the output for the same input.
_SHAPING_LIBRARIES = ("markdown", "nh3", "jinja2", "pyyaml", "markupsafe")
# A file modified this close to when it was parsed may change again within the
# file system's timestamp granularity without its stat changing: read it again.
_RACY_NS = 2_000_000_000

StatKey = tuple  # (inode, size, mtime_ns, ctime_ns)


def digest(data: bytes | str) -> str:
    """A short content hash, the cache's key for everything."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def generator_version() -> str:
    """Briefing's own source and the versions of the libraries that shape its output."""
    parts = []
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        parts.append(path.relative_to(Path(__file__).parent).as_posix() + ":" + digest(path.read_bytes()))
    for name in _SHAPING_LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=none")
    return digest("\n".join(parts))


class DiskCache:
    """Named pickled stores in one folder, each stamped with the generator version."""

    def __init__(self, folder: Path, version: str):
        self.folder = folder
        self.version = version

    def load(self, name: str):
        """The stored value, or None if absent, unreadable or from another version."""
        try:
            with open(self.folder / f"{name}.pickle", "rb") as file:
                version, value = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError, IndexError):
            return None
        return value if version == self.version else None

    def save(self, name: str, value, shared: bool = True) -> None:
        """Replace a store atomically; a cache that cannot be written is only a slower next build.

        shared=False for a value with no object referred to twice: it is then
        written without the pickler's memo, which for a large store costs as much
        memory as a good part of the store.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
            with os.fdopen(handle, "wb") as file:
                pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.fast = not shared
                pickler.dump((self.version, value))
            os.replace(temporary, self.folder / f"{name}.pickle")
        except OSError:
            return


def pack(html: str) -> bytes:
    """Body HTML as the cache keeps it: compressed to a third or less."""
    return zlib.compress(html.encode("utf-8"), 1)


def unpack(packed: bytes) -> Markup:
    return Markup(zlib.decompress(packed).decode("utf-8"))


def stat_key(path: Path) -> StatKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


@dataclass(frozen=True)
class Remembered:
    """A parsed document and what identifies the file it came from."""

    stat: StatKey | None
    parsed_ns: int  # when it was parsed, for the racy-file check
    content: str  # hash of the file's bytes
    meta: str  # hash of the front matter as parsed: the item's version for listing pages
    body: str  # hash of the Markdown body
    doc: Document


class DocumentMemo:
    """Parsed documents by path relative to the root, reused while their file is unchanged."""

    def __init__(self, entries: dict[str, Remembered] | None = None):
        self.entries: dict[str, Remembered] = dict(entries or {})
        self.seen: set[str] = set()
        self.changed = False
        self.parsed = 0  # documents parsed since the builder last set it to 0

    def recall(self, rel: str, path: Path, max_bytes: int) -> tuple[Document | None, StatKey | None]:
        """The remembered document if the file is unchanged; else None and the stat to remember."""
        self.seen.add(rel)
        key = stat_key(path)
        entry = self.entries.get(rel)
        if entry is None or key is None or (max_bytes and key[1] > max_bytes):
            return None, key
        if key == entry.stat and key[2] < entry.parsed_ns - _RACY_NS:
            return entry.doc, key
        return None, key

    def unchanged(self, rel: str, key: StatKey | None, data: bytes) -> Document | None:
        """The remembered document if the bytes just read are those it was parsed from."""
        entry = self.entries.get(rel)
        if entry is None or entry.content != digest(data):
            return None
        self._store(rel, key, entry.content, entry.meta, entry.body, entry.doc)
        return entry.doc

    def remember(self, rel: str, key: StatKey | None, data: bytes, doc: Document) -> None:
        self.parsed += 1
        self._store(rel, key, digest(data), digest(repr(doc.meta)), digest(doc.body), doc)

    def _store(self, rel, key, content, meta, body, doc) -> None:
        kept = doc if not doc.lines else replace(doc, lines={})
        self.entries[rel] = Remembered(key, time.time_ns(), content, meta, body, kept)
        self.changed = True

    def hashes(self, rel: str) -> tuple[str, str]:
        """(front matter hash, body hash) of a document read in this build."""
        entry = self.entries[rel]
        return entry.meta, entry.body

    def forget_unseen(self) -> None:
        """Drop the files not met since the last call (deleted or renamed)."""
        gone = set(self.entries) - self.seen
        for rel in gone:
            del self.entries[rel]
        self.changed = self.changed or bool(gone)
        self.seen = set()


class BodyCache:
    """Sanitised body HTML by (body hash, base path), with the item links each resolved.

    On disk: an index of every key with its links, read by every build, and the
    HTML in sixteen shards by the key's first digit, each read only when a page
    showing one of its bodies is rendered again; a build with nothing to render
    reads no HTML at all.
    """

    def __init__(self, disk: DiskCache | None = None):
        self.disk = disk
        self.links: dict[str, tuple] = (disk.load("bodies") if disk else None) or {}
        self.html: dict[str, bytes] = {}  # packed
        self.loaded: set[str] = set()  # shards read from disk
        self.dirty: set[str] = set()  # shards to write
        self.used: set[str] = set()
        self.changed = False

    @staticmethod
    def key(body_hash: str, base_path: str) -> str:
        return f"{body_hash}:{base_path}"

    def known_links(self, key: str) -> tuple | None:
        """The links of a cached body, or None if it is not cached."""
        self.used.add(key)
        return self.links.get(key)

    def get(self, key: str) -> Markup | None:
        """A cached body's HTML (None if the cache on disk lost it)."""
        if key not in self.html and key[:1] not in self.loaded:
            self._read_shard(key[:1])
        packed = self.html.get(key)
        return None if packed is None else unpack(packed)

    def put(self, key: str, packed: bytes, links: tuple) -> None:
        """Cache a body's HTML, as pack() made it."""
        self.used.add(key)
        self.links[key] = links
        self.html[key] = packed
        self.dirty.add(key[:1])
        self.changed = True

    def forget_unused(self) -> None:
        """Keep only the bodies of the last build, so the cache never grows without bound."""
        for key in set(self.links) - self.used:
            del self.links[key]
            self.html.pop(key, None)
            self.dirty.add(key[:1])
            self.changed = True
        self.used = set()

    def save(self) -> None:
        if self.disk is None or not self.changed:
            return
        for shard in sorted(self.dirty):
            self._read_shard(shard)  # to keep what this process has not read yet
            self.disk.save(f"bodies-{shard}", {key: html for key, html in self.html.items()
                                               if key[:1] == shard}, shared=False)
        self.disk.save("bodies", self.links, shared=False)
        self.dirty = set()
        self.changed = False

    def _read_shard(self, shard: str) -> None:
        if shard in self.loaded or self.disk is None:
            return
        self.loaded.add(shard)
        for key, html in (self.disk.load(f"bodies-{shard}") or {}).items():
            if key in self.links:
                self.html.setdefault(key, html)
