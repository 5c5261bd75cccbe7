"""Writing a site's files: a whole new tree swapped in at once, or, for the
preview, file by file, each replaced atomically."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..atomic import replace_file
from ..errors import BuildFailed, Problem
from ..memo import content_hash, file_digest
from ..vocabulary import StaticSource
from .folder import (check_output_folder, remove_empty_folders, safe_relative, swap,
                     write_failed)

# Writing ---------------------------------------------------------------------
#
# The engine hands over each output file as it is rendered, or says that the
# file written last time is still right. The new
# tree is built beside the output as above. An unchanged file comes from the
# spare tree (the one the last swap retired) if that still holds it, else it is
# copied from the live site: either way it keeps its bytes and modification time,
# and no file of the new tree shares an inode with a tree kept in the cache. The
# live site is not modified until the swap. When nothing at all has changed,
# nothing is swapped.

FileState = tuple  # (content digest, size, mtime_ns, inode) of a file as written


def file_state(path: Path, content_digest: str) -> FileState:
    st = os.lstat(path)
    return content_digest, st.st_size, st.st_mtime_ns, st.st_ino


class _Output:
    """Common to both ways of writing: what is there, and what was written."""

    def __init__(self, output: Path, previous: dict[str, FileState], force: bool):
        self.output = Path(os.path.abspath(output))
        check_output_folder(self.output, force)
        self.previous = previous
        self.states: dict[str, FileState] = {}
        self.swapped = False

    def intact(self, names=None) -> set[str]:
        """The files of the last build (or those named) still in the output exactly as
        written: as their stat tells, or else their bytes (a site restored from a cache,
        as a deploy's workflow does, has new inodes and times but the same files)."""
        found = set()
        top = str(self.output) + os.sep
        for name in self.previous if names is None else names:
            state = self.previous[name]
            try:
                st = os.lstat(top + name)
            except OSError:
                continue
            if (st.st_size, st.st_mtime_ns, st.st_ino) == state[1:]:
                found.add(name)
            elif st.st_size == state[1] and file_digest(Path(top + name)) == state[0]:
                self.previous[name] = file_state(Path(top + name), state[0])
                found.add(name)
        return found

    def failure(self, error: OSError) -> BuildFailed:
        return write_failed(self.output, error)

    def unchanged(self, name: str, content_digest: str, intact: set[str]) -> bool:
        state = self.previous.get(name)
        return state is not None and state[0] == content_digest and name in intact


class SwapOutput(_Output):
    """Builds a whole new tree beside the output, then swaps it in: if anything
    fails (or the build is interrupted, or killed) before the swap, the previous
    output is left exactly as it was.

    With a `spare` folder (on the output's file system, e.g. in the cache), the
    tree retired by a swap is kept there with its file states, and the next
    build starts from it instead of from an empty folder: only the files that
    differ from it are written, copied or removed, so a one-page change costs a
    few operations rather than a copy per file and a tree to delete. The spare
    is never part of the live site and shares no file with it: until the swap,
    the live files are only read, never written or removed.
    """

    def __init__(self, output: Path, previous: dict[str, FileState], force: bool = False,
                 spare: Path | None = None, spare_states: dict[str, FileState] | None = None,
                 finish: Callable[[Path], None] | None = None, finish_folder: str = ""):
        """finish: run on the new tree once every file is in it, before the swap (the
        search indexer reads the pages there and writes its index beside them); the
        files it writes, below finish_folder, are a function of the others, so they
        are kept as they are while nothing else changes."""
        super().__init__(output, previous, force)
        self.finish = finish
        self.finish_folder = finish_folder
        self.spare = spare
        self.spare_states = spare_states or {}
        self.staging: Path | None = None  # made at the first file that differs
        self.reusable: set[str] = set()  # files of the spare tree still as recorded
        self.kept: list[str] = []

    def keep(self, name: str) -> None:
        """The file of the last build is still right (the caller checked it is intact)."""
        self.states[name] = self.previous[name]
        if self.staging is None:
            self.kept.append(name)
        else:
            self._place_live(name)

    def put(self, name: str, data: bytes, content_digest: str, intact: set[str]) -> None:
        if self.unchanged(name, content_digest, intact):
            self.keep(name)
            return
        self._start()
        if self._reuse_spare(name, content_digest):
            return
        self.reusable.discard(name)  # replaced below
        target = self.staging / safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._temporary(target)  # a new file: never one linked into the live site
        write_new(temporary, data)
        os.replace(temporary, target)
        self.states[name] = file_state(target, content_digest)

    def _start(self) -> None:
        if self.staging is not None:
            return
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
        if self.spare is not None and self.spare.is_dir():
            self._adopt_spare()
        for name in self.kept:
            self._place_live(name)
        self.kept = []

    def _adopt_spare(self) -> None:
        """Start from the spare tree: keep the files still as recorded, remove the rest."""
        try:
            os.rename(self.spare, self.staging)
        except OSError:
            shutil.rmtree(self.spare, ignore_errors=True)
            return
        for name in _files_below(self.staging):
            state = self.spare_states.get(name)
            try:
                st = os.lstat(self.staging / name)
            except OSError:
                continue
            if state is not None and (st.st_size, st.st_mtime_ns, st.st_ino) == state[1:]:
                self.reusable.add(name)
            else:
                _remove_file(self.staging, name)

    def _reuse_spare(self, name: str, content_digest: str) -> bool:
        state = self.spare_states.get(name)
        if name in self.reusable and state is not None and state[0] == content_digest:
            self.states[name] = state
            self.reusable.discard(name)
            return True
        return False

    def _place_live(self, name: str) -> None:
        """Put a copy of the live site's file into the new tree. A copy, not a hard link:
        the tree this build retires is kept as the spare, in the cache, and a write into
        a file there must never reach the published site. Once a spare exists, the
        files that did not change come from it (moved, not copied), so copying is only
        for files the spare lacks."""
        if self._reuse_spare(name, self.previous[name][0]):
            return
        self.reusable.discard(name)  # replaced below
        source, target = self.output / name, self.staging / safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._temporary(target)
        shutil.copy2(source, temporary)  # keeping the time
        self.states[name] = file_state(temporary, self.states[name][0])
        os.replace(temporary, target)

    @staticmethod
    def _temporary(target: Path) -> Path:
        temporary = target.with_name(f".{target.name}.new")
        temporary.unlink(missing_ok=True)
        return temporary

    def commit(self) -> dict[str, FileState]:
        """Swap the new tree in (if anything differs); returns the state of every file."""
        if self.staging is None and self._unchanged():
            return self.states
        self._start()
        for name in self.reusable:  # files of the spare tree this build does not have
            _remove_file(self.staging, name)
        if self.finish is not None:
            self.finish(self.staging)
            made = self.staging / self.finish_folder
            for name in _files_below(made) if made.is_dir() else ():
                name = self.finish_folder + name
                self.states[name] = file_state(self.staging / name, file_digest(self.staging / name))
        os.chmod(self.staging, 0o755)
        if self.spare is None or not self.output.exists():
            swap(self.staging, self.output)
        else:
            swap(self.staging, self.output, retire_to=self.spare)
        self.staging = None
        self.swapped = True
        return self.states

    def _unchanged(self) -> bool:
        """Whether the live site already is this build's: nothing put differed, no file
        is gone or added, and what finish wrote (a function of the rest) is intact."""
        if self.finish is not None:
            made = [name for name in self.previous if name.startswith(self.finish_folder)]
            if not made or len(self.intact(made)) != len(made):
                return False
            self.states.update((name, self.previous[name]) for name in made)
        return _files_below(self.output) == set(self.states)

    def abort(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


class InPlaceOutput(_Output):
    """Replaces changed files one by one, each atomically: for a live preview.

    Nothing is written before commit(), so a failed build writes nothing; but
    a reader may see some files of the new build before others.
    """

    def __init__(self, output: Path, previous: dict[str, FileState], force: bool = False,
                 clean: bool = False):
        """clean: also remove files that no build of this engine wrote (a previous session's)."""
        super().__init__(output, previous, force)
        self.clean = clean
        self.pending: dict[str, tuple[bytes, str]] = {}

    def intact(self, names=None) -> set[str]:
        """The folder is the preview's own, written by no one else: after the first
        build of a session (which cleans it out), what was written is still there."""
        if self.clean:
            return super().intact(names)
        return set(self.previous if names is None else names)

    def keep(self, name: str) -> None:
        self.states[name] = self.previous[name]

    def put(self, name: str, data: bytes, content_digest: str, intact: set[str]) -> None:
        if self.unchanged(name, content_digest, intact):
            self.keep(name)
        else:
            safe_relative(name)
            self.pending[name] = (data, content_digest)

    def commit(self) -> dict[str, FileState]:
        self.output.mkdir(parents=True, exist_ok=True)
        for name, (data, content_digest) in sorted(self.pending.items()):
            if isinstance(data, StaticSource):
                replace_file(self.output / name, lambda stream, data=data: copy_checked(data, stream))
            else:
                replace_file(self.output / name, data)
            self.states[name] = file_state(self.output / name, content_digest)
        gone = set(self.previous) | (_files_below(self.output) if self.clean else set())
        for name in sorted(gone - set(self.states)):
            _remove_file(self.output, name)
        self.pending = {}
        return self.states

    def abort(self) -> None:
        self.pending = {}


def _files_below(folder: Path) -> set[str]:
    """Every file below a folder, as paths relative to it ('' stands for no folder)."""
    found: set[str] = set()
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            return {""}
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((prefix + entry.name + "/", entry.path))
            else:
                found.add(prefix + entry.name)
    return found


def _remove_file(top: Path, name: str) -> None:
    target = top / name
    target.unlink(missing_ok=True)
    remove_empty_folders(target.parent, top)


def write_new(path: Path, data: bytes | StaticSource) -> None:
    """Write a new file: the bytes rendered, or a static file copied as a stream."""
    if isinstance(data, StaticSource):
        with path.open("wb") as stream:
            copy_checked(data, stream)
    else:
        path.write_bytes(data)


def copy_checked(source: StaticSource, stream) -> None:
    """Copy a static file into `stream` a block at a time, never whole in memory, and
    check that it is the file load found: a file changed since then fails the build
    (its new content was not checked for script)."""
    hasher = content_hash()
    with open(source.path, "rb") as original:
        while block := original.read(1 << 20):
            hasher.update(block)
            stream.write(block)
    if hasher.hexdigest() != source.digest:
        raise BuildFailed([Problem(source.name, 0, "changed while the site was being "
                                            "built; build again")])
