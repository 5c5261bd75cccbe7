"""Load: the only stage that reads input. Files in, parsed documents out.

Every file a build reads is read here: site.yaml, the content and its
translations, the sources, the map, and the theme's templates, static files
and interface catalogues. Problems are collected, each at its file and line.

A memo keeps what earlier builds read, by path: a file whose inode, size and
times are as they were is not read again (as git's index does; a file changed
within two seconds of being read is read again and compared by content). A
live preview, told by its file watcher which files changed, passes them as
`changed`: the other files are taken from the memo without a stat.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Collector
from ..kinds import (CATALOGUE_FOLDER, CONFIG_FILE, DEFAULT_THEME, KINDS, MAP_FILE,
                     STATIC_FOLDER, TEMPLATE_FOLDER)
from ..memo import Memo, NoMemo, digest
from ..vocabulary import StaticSource
from .config import SiteConfig, read_config
from .frontmatter import Document, ParseError, parse_document
from .active import ACTIVE_SUFFIXES, active_content
from .mapdata import MapData, parse_map

# A file modified this close to when it was read may change again within the
# file system's timestamp granularity without its stat changing: read it again.
_RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, parsed but not yet validated."""

    root: Path
    config: SiteConfig
    documents: dict[str, list[Document]]  # kind name -> originals, by path
    translations: dict[str, dict[str, list[Document]]]  # language -> kind -> documents
    templates: dict[str, str] = field(repr=False)
    static: dict[str, StaticSource] = field(repr=False)
    catalogues: dict[str, Document] = field(repr=False)
    map: MapData | None = field(default=None, repr=False)  # map/country.geojson, if there is one
    map_key: str = ""  # a hash of the map file's bytes
    config_document: Document | None = field(default=None, repr=False)


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


class _Reader:
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
        key = ("listing", str(folder))
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

    def read(self, path: Path, parse: Callable[[bytes], object], limited: bool = True):
        """The file parsed, from the memo while the file is unchanged; None (with a
        problem noted) if it cannot be read or parsed."""
        key = ("file", str(path))
        known = self.memo.get(key)
        if (known is not None and self.changed is not None and path not in self.changed
                and not (limited and self.max_bytes and known.stat[1] > self.max_bytes)):
            return known.value
        stat = _stat(path)
        if (known is not None and stat == known.stat and stat[2] < known.read_ns - _RACY_NS
                and not (limited and self.max_bytes and stat[1] > self.max_bytes)):
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
        key = ("static file", str(path))
        known = self.memo.get(key)
        if known is not None and self.changed is not None and path not in self.changed:
            return known.value
        stat = _stat(path)
        if known is not None and stat == known.stat and stat[2] < known.read_ns - _RACY_NS:
            return known.value
        read_ns = time.time_ns()
        try:
            with path.open("rb") as stream:
                content = hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=16))
        except OSError as error:
            self.problems.add(self.rel(path), 0, f"cannot read this file: {error.strerror or error}")
            return None
        source = StaticSource(str(path), self.rel(path), stat[1] if stat else 0,
                              content.hexdigest())
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


def _read_config(reader: _Reader, root: Path, problems: Collector) -> tuple[SiteConfig | None, Document | None]:
    """site.yaml read against its schema; None (with a problem noted) if it cannot be read."""
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        problems.add(CONFIG_FILE, 0, f"no {CONFIG_FILE} in {root}: is this a briefing folder?")
        return None, None
    if not reader.inside_project(config_path, root):
        return None, None
    document = reader.document(config_path, has_body=False)
    return (read_config(document, problems) if document else None), document


def load_config(root: Path) -> SiteConfig:
    """Only site.yaml, for commands that need the settings but not the content."""
    problems = Collector()
    root = root.resolve()
    config, _ = _read_config(_Reader(root, problems, NoMemo()), root, problems)
    problems.raise_if_any()
    assert config is not None  # else a problem was raised above
    return config


def _read_content(reader: _Reader, root: Path, config: SiteConfig, problems: Collector):
    """Every item and every translation: (originals by kind, translations by language)."""
    documents: dict[str, list[Document]] = {}
    translations: dict[str, dict[str, list[Document]]] = {}
    other_languages = [l.code for l in config.languages[1:]]
    refused = {top for top in ("content", "seeds") if not reader.inside_project(root / top, root)}
    for kind in KINDS:
        docs = documents.setdefault(kind.name, [])
        if kind.folder.split("/")[0] in refused:
            continue
        folder = root / kind.folder
        for path, language, problem in _sorted_out(reader, folder, kind, other_languages):
            if problem:
                problems.add(reader.rel(path), 0, problem)
                continue
            doc = reader.document(path, has_body=kind.has_body)
            if doc is None:
                continue
            if language:
                translations.setdefault(language, {}).setdefault(kind.name, []).append(doc)
            else:
                docs.append(doc)
    return documents, translations


def _sorted_out(reader: _Reader, folder: Path, kind, other_languages: list[str]) -> list[tuple]:
    """A content folder's files, each with its language ('' for an original) or the
    problem that keeps it out; remembered with the listing, and worked out again
    only when the listing changes."""
    listing = reader.files(folder)
    key = ("sorted out", str(folder), tuple(other_languages))
    known = reader.memo.get(key)
    if known is not None and known[0] is listing:
        return known[1]
    sorted_out = []
    inside = str(folder) + os.sep
    for path in listing:
        language, problem = "", ""
        name = path.name
        if (os.path.splitext(name)[1] != kind.extension or not str(path).startswith(inside)
                or os.sep in str(path)[len(inside):]):
            problem = f"unexpected file: {kind.folder}/ holds only '<id>{kind.extension}' files"
        else:
            language = os.path.splitext(name[:-len(kind.extension)])[1][1:]
            if language and language not in other_languages:
                problem = (f"'{path.name}': '{language}' is not a language of this briefing "
                           f"(declared in site.yaml: {', '.join(other_languages) or 'none'})")
        sorted_out.append((path, language, problem))
    reader.memo.put(key, (listing, sorted_out))
    return sorted_out


def theme_folders(root: Path, theme: Path | None) -> tuple[Path, ...]:
    """Where the theme is read from, in order, each folder's files replacing those of
    the same name before it: the theme (--theme DIR, else the one shipped in the
    package), then the briefing folder's own templates/, static/ and i18n/."""
    base = (theme or DEFAULT_THEME).resolve()
    return (base,) if base == root else (base, root)


def _read_theme(reader: _Reader, folders: tuple[Path, ...], given: Path | None,
                problems: Collector):
    """(templates, static files, interface catalogues), each by its name below its
    folder (a catalogue by language), later folders replacing earlier ones. The
    size limit of site.yaml is for the content: the theme's files have none."""
    if given is not None and not (given / TEMPLATE_FOLDER).is_dir():
        problems.add(reader.rel(given / TEMPLATE_FOLDER), 0,
                     "no templates/ folder in the theme given by --theme")
    templates, static, catalogues = {}, {}, {}
    for folder in folders:
        for path in reader.files(folder / TEMPLATE_FOLDER, folder):
            text = reader.text(path, limited=False)
            if text is not None:
                templates[path.relative_to(folder / TEMPLATE_FOLDER).as_posix()] = text
        for path in reader.files(folder / STATIC_FOLDER, folder):
            if _too_big_to_publish(reader, path):
                continue
            source = reader.static_source(path)
            if source is not None:
                static[path.relative_to(folder / STATIC_FOLDER).as_posix()] = source
        for path in reader.files(folder / CATALOGUE_FOLDER, folder):
            if path.suffix == ".yaml":
                doc = reader.document(path, has_body=False, limited=False)
                if doc is not None:
                    catalogues[path.stem] = doc
    return templates, static, catalogues


# GitHub refuses files over 100 MB, so Pages cannot publish one: refused before it is read.
MAX_STATIC_BYTES = 100 * 1024 * 1024
# GitHub warns about files over 50 MB when they are pushed: the build says so first.
LARGE_STATIC_BYTES = 50 * 1024 * 1024


def _too_big_to_publish(reader: _Reader, path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return False  # reading it reports the problem
    if size <= MAX_STATIC_BYTES:
        return False
    reader.problems.add(reader.rel(path), 0,
                        f"refused: {size / 1024 / 1024:,.0f} MB is more than GitHub Pages publishes "
                        f"(files up to {MAX_STATIC_BYTES // 1024 // 1024} MB); publish it elsewhere "
                        "and link to it")
    return True


def _runs_script(reader: _Reader, path: Path, data: bytes) -> bool:
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


def load(root: Path, theme: Path | None = None, memo: Memo | None = None,
         changed: Collection[Path] | None = None) -> Inputs:
    """Read and parse every input of a briefing, or raise BuildFailed with every
    problem found. `changed`: the absolute paths a file watcher saw change since
    the last call with the same memo (the others are taken as they were)."""
    root = root.resolve()
    theme = theme.resolve() if theme is not None else None
    memo = memo if memo is not None else NoMemo()
    problems = Collector()
    hint = frozenset(Path(os.path.abspath(p)) for p in changed) if changed is not None else None
    reader = _Reader(root, problems, memo, hint)
    config, config_document = _read_config(reader, root, problems)
    if config is None:
        problems.raise_if_any()
    reader.max_bytes = config.max_file_kb * 1024
    documents, translations = _read_content(reader, root, config, problems)
    theme_reader = _Reader(root, problems, memo, hint)
    theme_reader.max_bytes = reader.max_bytes
    templates, static, catalogues = _read_theme(theme_reader, theme_folders(root, theme),
                                                theme, problems)
    map_data, map_key = reader.map(root / MAP_FILE)
    problems.raise_if_any()
    return Inputs(root, config, documents, translations, templates, static, catalogues,
                  map_data, map_key, config_document)


def load_optional(root: Path, name: str, problems: Collector) -> Document | None:
    """A settings file of the briefing that may be absent (lexicon.yaml)."""
    root = root.resolve()
    path = root / name
    if not path.is_file():
        return None
    return _Reader(root, problems, NoMemo()).document(path, has_body=False)


def load_content(root: Path, problems: Collector) -> tuple[SiteConfig, dict, dict]:
    """site.yaml, every item and every translation, parsed: all but the theme
    (for ingest, which needs to know what the briefing already holds)."""
    root = root.resolve()
    reader = _Reader(root, problems, NoMemo())
    config, _ = _read_config(reader, root, problems)
    if config is None:
        problems.raise_if_any()
    reader.max_bytes = config.max_file_kb * 1024
    documents, translations = _read_content(reader, root, config, problems)
    return config, documents, translations


def load_text(path: Path, problems: Collector) -> str | None:
    """A text file from outside the briefing, such as an article to ingest."""
    if not path.is_file():
        problems.add(str(path), 0, "no such file")
        return None
    # Messages name the file as the user would: relative to where they are, if inside.
    reader = _Reader(Path.cwd().resolve(), problems, NoMemo())
    return reader.text(path.resolve())
