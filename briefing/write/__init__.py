"""Write: the only stage that changes the output folder. All or nothing.

A build's files go into a new tree beside the output folder, unchanged ones
hard-linked from the live site, the search index is written there, and the
tree is swapped in at once; a failed build leaves the previous site exactly as
it was. The preview writes in place instead, each changed file replaced
atomically. `Written` is what the write stage remembers of the last build: the
key each file was rendered from and its state on disk, so that a file still
as written need not be rendered again.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..memo import digest
from ..vocabulary import StaticSource
from .folder import (MARKER, MARKER_TEXT, OutputRefused, after_publishing, check_output_folder,
                     output_lock)
from .output import FileState, InPlaceOutput, SwapOutput
from .search import INDEX_FOLDER, index_site


@dataclass
class Written:
    """What the last successful build wrote into one output folder."""

    keys: dict[str, str] = field(default_factory=dict)  # output name -> key it was rendered from
    states: dict[str, FileState] = field(default_factory=dict)  # output name -> state on disk
    spare_states: dict[str, FileState] = field(default_factory=dict)  # of the retired tree


@dataclass
class WriteReport:
    files_written: int = 0
    files_kept: int = 0
    swapped: bool = False


class Writer:
    """Writes one build into the output folder: `still_written` answers, before
    rendering, whether a file of the last build is still right; `write` then puts
    the build's files in place."""

    def __init__(self, folder: Path, written: Written, *, force: bool = False,
                 in_place: bool = False, clean: bool = False, search: bool = True,
                 spare: Path | None = None):
        """in_place: replace changed files one by one (a preview); clean: then also
        remove files no build of this engine wrote. search: write the search index
        (not in place). spare: where to keep the tree a swap retires, for the next
        build to start from (on the output's file system)."""
        self.folder = Path(os.path.abspath(folder))
        self.written = written
        if in_place:
            self.output = InPlaceOutput(self.folder, written.states, force, clean)
        else:
            self.output = SwapOutput(self.folder, written.states, force, spare,
                                     written.spare_states,
                                     finish=index_site if search else None,
                                     finish_folder=INDEX_FOLDER + "/")
        self._intact: set[str] | None = None

    def still_written(self, name: str, key: str) -> bool:
        """Whether the file the last build wrote for `name` was rendered from `key`
        and is still there as written."""
        if self.written.keys.get(name) != key:
            return False
        return name in self._intact_files()

    def _intact_files(self) -> set[str]:
        if self._intact is None:
            self._intact = self.output.intact()
        return self._intact

    def write(self, files: Iterable) -> WriteReport:
        """Put every file in place as it comes (each a render.Rendered: name, key, bytes
        or None when still written), then commit; if anything fails, nothing is changed."""
        keys = {}
        with _aborting(self.output):
            for file in files:
                intact = self._intact_files()
                keys[file.name] = file.key
                if file.data is None:
                    self.output.keep(file.name)
                else:
                    content = (file.data.digest if isinstance(file.data, StaticSource)
                               else digest(file.data))
                    self.output.put(file.name, file.data, content, intact)
            self.output.put(MARKER, MARKER_TEXT, digest(MARKER_TEXT), self._intact_files())
            retiring = self.written.states
            states = self.output.commit()
        return after_publishing(lambda: self._record(keys, retiring, states)) \
            if self.output.swapped else self._record(keys, retiring, states)

    def _record(self, keys: dict, retiring: dict, states: dict) -> WriteReport:
        report = WriteReport(swapped=self.output.swapped)
        report.files_kept = sum(1 for name, state in states.items() if retiring.get(name) == state)
        report.files_written = len(states) - report.files_kept
        spare = getattr(self.output, "spare", None)
        if self.output.swapped:
            self.written.spare_states = retiring if spare is not None and spare.is_dir() else {}
        self.written.keys, self.written.states = keys, states
        return report


@contextmanager
def _aborting(output):
    """Abort the output's new files if anything fails; a disk error becomes a message."""
    try:
        yield
    except OSError as error:
        output.abort()
        raise output.failure(error) from None
    except BaseException:
        output.abort()
        raise


__all__ = ["MARKER", "OutputRefused", "after_publishing", "output_lock", "Writer", "Written", "WriteReport", "check_output_folder"]
