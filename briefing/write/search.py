"""Search: the Pagefind index of a built site, for static/js/search.js.

The write stage calls `index_site` on the new output folder before swapping it
in, so a failed index leaves the previous site as it was. Pagefind reads each
page's <html lang> and writes one index per language edition; pages opt in with
data-pagefind-body and carry their 'type' and 'topic' filters (base.html).
"""
from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import subprocess
from pathlib import Path

import cbor2

from ..errors import BuildFailed, Problem

INDEX_FOLDER = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
PAGEFIND_MAGIC = b"pagefind_dcd"  # the start of each gzipped CBOR file in the bundle
INSTALL_HINT = ("install it with: pip install 'pagefind[bin]' (make build does), or set "
                "PAGEFIND_BINARY_PATH to a pagefind binary; or build with --no-search to "
                "publish without search")


def pagefind_binary() -> Path | None:
    """The indexer that the PyPI package `pagefind[bin]` ships, if it is installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    binary = get_executable()
    return binary if binary is not None and binary.is_file() else None


def _failure(message: str) -> BuildFailed:
    return BuildFailed([Problem("search index", 0, message)])


def index_site(folder: Path) -> None:
    """Write the search index into `folder`/pagefind/, or raise BuildFailed."""
    binary = pagefind_binary()
    if binary is None:
        raise _failure("the Pagefind indexer is not installed, so search would find nothing; "
                       + INSTALL_HINT)
    try:
        run = subprocess.run([str(binary), "--site", str(folder), "--output-subdir", INDEX_FOLDER,
                              "--silent"], capture_output=True, text=True, check=False)
    except OSError as error:
        raise _failure(f"could not run the Pagefind indexer {binary}: {error.strerror or error}; "
                       + INSTALL_HINT) from None
    if run.returncode != 0:
        output = (run.stderr or run.stdout).strip() or f"exit status {run.returncode}"
        raise _failure(f"the Pagefind indexer failed: {output}")
    # Pagefind exits 0 when the disk fills, leaving files cut short or empty: the index
    # is checked whole before it is used, and a full disk is named as such.
    bundle = folder / INDEX_FOLDER
    try:
        verify_index(bundle)
    except (OSError, EOFError, LookupError, TypeError, ValueError, cbor2.CBORDecodeError,
            gzip.BadGzipFile) as error:
        raise _incomplete(bundle, error) from None
    try:
        make_reproducible(bundle)
    except OSError as error:
        raise _incomplete(bundle, error) from None
    except (LookupError, TypeError, ValueError, cbor2.CBORDecodeError) as error:
        raise _failure(f"the Pagefind index is not laid out as Briefing expects ({error!r}); "
                       "this version of Briefing works with pagefind 1.5") from None


# Below this many free bytes, an index that is cut short was cut short by the disk.
_NEARLY_FULL = 4 * 1024 * 1024


def _incomplete(bundle: Path, error: BaseException) -> BuildFailed:
    try:
        stats = os.statvfs(bundle.parent)
        free = stats.f_bavail * stats.f_frsize
    except OSError:
        free = None
    if getattr(error, "errno", None) == errno.ENOSPC or (free is not None and free < _NEARLY_FULL):
        return _failure(f"the disk is full ({free or 0:,} bytes free): the search index could not "
                        "be written whole; the previous site was left as it was")
    return _failure(f"the Pagefind indexer left an incomplete index ({error}); the previous "
                    "site was left as it was")


def verify_index(bundle: Path) -> None:
    """Raise unless every file of the index is whole: the entry file is JSON naming
    each language's metadata, which exists; every gzipped file (metadata, index
    chunks, fragments, filters, WebAssembly) decompresses to its end, which checks its
    length and CRC; and no file is empty."""
    entry = json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))
    for info in entry["languages"].values():
        if not (bundle / f"pagefind.{info['hash']}.pf_meta").is_file():
            raise ValueError(f"pagefind.{info['hash']}.pf_meta is missing")
    for path in sorted(bundle.rglob("*")):
        if path.is_dir():
            continue
        if path.stat().st_size == 0:
            raise ValueError(f"{path.relative_to(bundle)} is empty")
        if path.suffix.startswith(".pf_") or path.suffix == ".pagefind":
            with gzip.open(path) as file:
                while file.read(1 << 20):
                    pass


# Pagefind (1.5) numbers each language's pages in the order it finds their files,
# which is the order the filesystem lists them: the same site indexed on ext4 and
# on tmpfs, or on two ext4 disks, gives other numbers, so other index chunks and
# filter tables. It also writes its filter tables, and the list of them in each
# language's metadata, in hash-map order. Renumbering the pages in the order of
# their fragments' names (a hash of each page's content), sorting the tables, and
# naming each rewritten file after its new contents keeps the promise that the
# same input gives byte-identical output, which the deploy command relies on to
# tell an unchanged site. Fragments themselves do not hold page numbers. Pagefind's
# script only finds files by the names the entry file and metadata give.

def make_reproducible(bundle: Path) -> None:
    entry_path = bundle / ENTRY_FILE
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        # meta: [version, [[fragment, words], ...], [[from, to, chunk], ...],
        #        [[filter, table], ...], sorts, [metadata field, ...]]
        if meta[4]:
            raise ValueError("the index has sort tables, which Briefing does not write")
        order = sorted(range(len(meta[1])), key=lambda number: meta[1][number])
        renumber = {old: new for new, old in enumerate(order)}
        meta[1] = [meta[1][old] for old in order]
        for chunk in meta[2]:
            chunk[2] = _rewrite(bundle / "index", chunk[2], "{}.pf_index", language,
                                lambda words: _renumber_words(words, renumber))
        filters = [[name, _rewrite(bundle / "filter", old, "{}.pf_filter", language,
                                   lambda table: _renumber_filter(table, renumber))]
                   for name, old in meta[3]]
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write(bundle, meta, language, len(info["hash"]), "pagefind.{}.pf_meta")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _rewrite(folder: Path, name: str, pattern: str, language: str, change) -> str:
    """Read one file of the bundle, change it, write it under its new hash; the hash."""
    path = folder / pattern.format(name)
    value = _read(path)
    change(value)
    path.unlink()
    return _write(folder, value, language, len(name), pattern)


def _renumber_pages(pages: list, renumber: dict[int, int]) -> None:
    """[[page, locations, metadata locations], ...] in page order, each page number
    given as the difference from the one before (Pagefind 1.5's delta encoding)."""
    number = 0
    for page in pages:
        number += page[0]
        page[0] = renumber[number]
    pages.sort(key=lambda page: page[0])
    previous = 0
    for page in pages:
        page[0], previous = page[0] - previous, page[0]


def _renumber_words(chunk: list, renumber: dict[int, int]) -> None:
    # chunk: [[[word, pages, [[variant with diacritics, pages], ...]], ...]]
    for word in chunk[0]:
        _renumber_pages(word[1], renumber)
        for variant in word[2]:
            _renumber_pages(variant[1], renumber)
        word[2].sort(key=lambda variant: variant[0])  # kept in the order first met


def _renumber_filter(table: list, renumber: dict[int, int]) -> None:
    # table: [filter name, [[value, [page, ...]], ...]]
    for pair in table[1]:
        pair[1] = sorted(renumber[page] for page in pair[1])
    table[1].sort(key=lambda pair: pair[0])


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError(f"{path.name} does not start with {PAGEFIND_MAGIC!r}")
    return cbor2.loads(data[len(PAGEFIND_MAGIC):])


def _write(folder: Path, value, language: str, length: int, pattern: str) -> str:
    """Write `value` as Pagefind does; return its new hash: 'en_' + digest, `length` long."""
    data = PAGEFIND_MAGIC + cbor2.dumps(value)
    digest = f"{language}_{hashlib.sha256(data).hexdigest()}"[:length]
    (folder / pattern.format(digest)).write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
    return digest
