"""Load: the only stage that reads input. Files in, parsed documents out."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import DocumentMemo
from ..model.config import SiteConfig, read_config
from ..errors import Collector
from .frontmatter import Document, ParseError, parse_document
from ..model.i18n import CATALOGUE_DIR
from ..render.maps import MAP_FILE, MapData, parse_map
from ..model.schema import KINDS

CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, parsed but not yet validated."""

    root: Path
    config: SiteConfig
    documents: dict[str, list[Document]]
    templates: dict[str, str] = field(repr=False)
    static: dict[str, bytes] = field(repr=False)
    translations: dict[str, dict[str, list[Document]]] = field(default_factory=dict, repr=False)
    catalogues: dict[str, Document] = field(default_factory=dict, repr=False)
    map: MapData | None = field(default=None, repr=False)  # map/country.geojson, if there is one


def _is_ignored(path: Path) -> bool:
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


class _Reader:
    def __init__(self, root: Path, problems: Collector, memo: DocumentMemo | None = None):
        self.root = root
        self.problems = problems
        self.root_text = str(root).rstrip("/") + "/"
        self.max_bytes = 0
        self.refused: set[tuple] = set()
        self.memo = memo  # parsed documents of earlier builds, reused while a file is unchanged

    def rel(self, path: Path) -> str:
        text, root = str(path), self.root_text
        if text.startswith(root) and os.sep == "/":  # the common case, without pathlib's cost
            return text[len(root):]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def files(self, folder: Path, home: Path | None = None) -> list[Path]:
        """Every file below a folder, sorted; links leading outside are refused."""
        if not folder.is_dir() or not self.inside_project(folder, home or self.root):
            return []
        found = []
        for path in sorted(folder.rglob("*")):
            if _is_ignored(path) or any(p.startswith(".") for p in path.relative_to(folder).parts):
                continue
            if path.is_symlink() and not _inside(path, folder):
                self.problems.add(self.rel(path), 0, f"refused: this {_what(path)} is a link to "
                                                     "a place outside its folder")
                continue
            if path.is_file():
                found.append(path)
        return found

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

    def read_bytes(self, path: Path, limited: bool = True) -> bytes | None:
        data = path.read_bytes()
        if limited and self.max_bytes and len(data) > self.max_bytes:
            self.problems.add(self.rel(path), 0,
                              f"file is too large ({-(-len(data) // 1024)} KB; the limit is "
                              f"{self.max_bytes // 1024} KB, set by max_file_kb in site.yaml)")
            return None
        return data

    def read_text(self, path: Path) -> str | None:
        data = self.read_bytes(path)
        return None if data is None else self.decode(path, data)

    def decode(self, path: Path, data: bytes) -> str | None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            self.problems.add(self.rel(path), line,
                              f"file is not UTF-8 (byte 0x{data[error.start]:02x} at offset "
                              f"{error.start}); save it as UTF-8")
            return None

    def map(self, path: Path) -> MapData | None:
        if not path.is_file():
            return None
        try:
            return parse_map(self.read_bytes(path, limited=False).decode("utf-8"))
        except UnicodeDecodeError:
            self.problems.add(self.rel(path), 0, "file is not UTF-8; save it as UTF-8")
        except ParseError as error:
            self.problems.add(self.rel(path), error.line, error.message)
        return None

    def document(self, path: Path, has_body: bool) -> Document | None:
        if self.memo is not None:
            return self._remembered_document(path, has_body)
        text = self.read_text(path)
        return None if text is None else self.parse(path, text, has_body)

    def parse(self, path: Path, text: str, has_body: bool) -> Document | None:
        try:
            return parse_document(self.rel(path), text, has_body=has_body)
        except ParseError as error:
            self.problems.add(self.rel(path), error.line, error.message)
            return None

    def _remembered_document(self, path: Path, has_body: bool) -> Document | None:
        rel = self.rel(path)
        doc, key = self.memo.recall(rel, path, self.max_bytes)
        if doc is not None:
            return doc
        data = self.read_bytes(path)
        if data is None:
            return None
        doc = self.memo.unchanged(rel, key, data)
        if doc is not None:
            return doc
        text = self.decode(path, data)
        doc = None if text is None else self.parse(path, text, has_body)
        if doc is not None:
            self.memo.remember(rel, key, data, doc)
        return doc


def _read_config(reader: _Reader, root: Path, problems: Collector) -> SiteConfig | None:
    """site.yaml read against its schema; None (with a problem noted) if it cannot be read."""
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        problems.add(CONFIG_FILE, 0, f"no {CONFIG_FILE} in {root}: is this a briefing folder?")
        return None
    if not reader.inside_project(config_path, root):
        return None
    config_doc = reader.document(config_path, has_body=False)
    return read_config(config_doc, problems) if config_doc else None


def load_config(root: Path) -> SiteConfig:
    """Only site.yaml, for commands that need the settings but not the content."""
    problems = Collector()
    root = root.resolve()
    config = _read_config(_Reader(root, problems), root, problems)
    problems.raise_if_any()
    assert config is not None  # else a problem was raised above
    return config


def load_document(root: Path, path: Path, has_body: bool, problems: Collector,
                  max_bytes: int, memo: DocumentMemo | None = None) -> Document | None:
    """One content file read and parsed exactly as load_project reads it: for a
    rebuild after an edit to a file already known. Problems are collected."""
    reader = _Reader(root.resolve(), problems, memo)
    reader.max_bytes = max_bytes
    return reader.document(path, has_body)


def load_static_file(path: Path) -> bytes:
    """A theme's static file, for a rebuild after an edit to it (static files are
    copied as they are, with no size limit)."""
    return path.read_bytes()


def is_ignored(path: Path) -> bool:
    """Editor backups, swap files and other hidden files are never inputs."""
    return _is_ignored(path)


def load_content(root: Path, problems: Collector,
                 memo: DocumentMemo | None = None) -> tuple[SiteConfig, dict, dict]:
    """site.yaml, every item and every translation, parsed: all but the theme.
    Returns (config, documents by kind, translations by language and kind).
    With a memo, documents whose file is unchanged since an earlier build are
    not read again (see cache.DocumentMemo)."""
    root = root.resolve()
    reader = _Reader(root, problems, memo)
    config = _read_config(reader, root, problems)
    if config is None:
        problems.raise_if_any()
    reader.max_bytes = config.max_file_kb * 1024
    documents: dict[str, list[Document]] = {}
    translations: dict[str, dict[str, list[Document]]] = {}
    other_languages = [l.code for l in config.languages[1:]]
    refused = {top for top in ("content", "seeds") if not reader.inside_project(root / top, root)}
    for kind, (folder, extension) in KINDS.items():
        docs = documents.setdefault(kind, [])
        if folder.split("/")[0] in refused:
            continue
        for path in reader.files(root / folder):
            if path.suffix != extension or path.parent != root / folder:
                problems.add(reader.rel(path), 0, f"unexpected file: {folder}/ holds only "
                                                  f"'<id>{extension}' files")
                continue
            language = Path(path.stem).suffix[1:]
            if language and language not in other_languages:
                problems.add(reader.rel(path), 0,
                             f"'{path.name}': '{language}' is not a language of this briefing "
                             f"(declared in site.yaml: {', '.join(other_languages) or 'none'})")
                continue
            doc = reader.document(path, has_body=extension == ".md")
            if doc is None:
                continue
            if language:
                translations.setdefault(language, {}).setdefault(kind, []).append(doc)
            else:
                docs.append(doc)
    return config, documents, translations


def load_project(root: Path, problems: Collector, theme: Path | None = None,
                 memo: DocumentMemo | None = None) -> Inputs:
    """Read and parse every input of a site. Problems are collected, not raised."""
    root = root.resolve()
    theme = (theme or root).resolve()
    config, documents, translations = load_content(root, problems, memo)
    reader = _Reader(root, problems)
    reader.max_bytes = config.max_file_kb * 1024
    if not (theme / "templates").is_dir():
        problems.add(reader.rel(theme / "templates"), 0, "no templates/ folder: a briefing needs "
                                                         "its templates (or give --theme)")
    templates = {}
    for path in reader.files(theme / "templates", theme):
        text = reader.read_text(path)
        if text is not None:
            templates[path.relative_to(theme / "templates").as_posix()] = text
    static = {}
    for path in reader.files(theme / "static", theme):
        data = reader.read_bytes(path, limited=False)
        if data is not None:
            static[path.relative_to(theme / "static").as_posix()] = data
    catalogues = {}
    for path in reader.files(theme / CATALOGUE_DIR, theme):
        if path.suffix == ".yaml":
            doc = reader.document(path, has_body=False)
            if doc is not None:
                catalogues[path.stem] = doc
    return Inputs(root, config, documents, templates, static, translations, catalogues,
                  reader.map(root / MAP_FILE))


def load_optional(root: Path, name: str, problems: Collector) -> Document | None:
    """A settings file of the briefing that may be absent (lexicon.yaml)."""
    root = root.resolve()
    path = root / name
    if not path.is_file():
        return None
    return _Reader(root, problems).document(path, has_body=False)


def load_text(path: Path, problems: Collector) -> str | None:
    """A text file from outside the briefing, such as an article to ingest."""
    if not path.is_file():
        problems.add(str(path), 0, "no such file")
        return None
    # Messages name the file as the user would: relative to where they are, if inside.
    return _Reader(Path.cwd().resolve(), problems).read_text(path.resolve())
