"""Load: the only stage that reads input. Files in, parsed documents out.

Every file a build reads is read here: site.yaml, the content and its
translations, the sources, the map, and the theme's templates, static files
and interface catalogues. Problems are collected, each at its file and line.

What earlier builds read is remembered by the reader (reader.py); this module
says what is read, from where, and in which order.
"""
from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Collector
from ..kinds import (CATALOGUE_FOLDER, CONFIG_FILE, DEFAULT_THEME, KINDS, MAP_FILE,
                     STATIC_FOLDER, TEMPLATE_FOLDER)
from ..memo import Key, Memo, NoMemo
from ..memo import key as memo_key
from ..vocabulary import StaticSource
from .config import SiteConfig, read_config
from .frontmatter import Document
from .mapdata import MapData
from .reader import Reader

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


def _read_config(reader: Reader, root: Path, problems: Collector) -> tuple[SiteConfig | None, Document | None]:
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
    config, _ = _read_config(Reader(root, problems, NoMemo()), root, problems)
    problems.raise_if_any()
    assert config is not None  # else a problem was raised above
    return config


def _read_content(reader: Reader, root: Path, config: SiteConfig, problems: Collector):
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


def _sorted_out(reader: Reader, folder: Path, kind, other_languages: list[str]) -> list[tuple]:
    """A content folder's files, each with its language ('' for an original) or the
    problem that keeps it out; remembered with the listing, and worked out again
    only when the listing changes."""
    listing = reader.files(folder)
    key = memo_key(Key.SORTED_OUT, str(folder), tuple(other_languages))
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


def _read_theme(reader: Reader, folders: tuple[Path, ...], given: Path | None,
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


def _too_big_to_publish(reader: Reader, path: Path) -> bool:
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
    reader = Reader(root, problems, memo, hint)
    config, config_document = _read_config(reader, root, problems)
    if config is None:
        problems.raise_if_any()
    reader.max_bytes = config.max_file_kb * 1024
    documents, translations = _read_content(reader, root, config, problems)
    theme_reader = Reader(root, problems, memo, hint)
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
    return Reader(root, problems, NoMemo()).document(path, has_body=False)


def load_content(root: Path, problems: Collector) -> tuple[SiteConfig, dict, dict]:
    """site.yaml, every item and every translation, parsed: all but the theme
    (for ingest, which needs to know what the briefing already holds)."""
    root = root.resolve()
    reader = Reader(root, problems, NoMemo())
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
    reader = Reader(Path.cwd().resolve(), problems, NoMemo())
    return reader.text(path.resolve())
