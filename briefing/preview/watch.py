"""Watching the inputs: file events become batches of changed paths."""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..kinds import CONFIG_FILE, CONTENT_INPUTS, DEFAULT_THEME, THEME_INPUTS
from ..load import is_ignored, theme_folders

CONTENT_FOLDERS = tuple(name for name in CONTENT_INPUTS if name != CONFIG_FILE)  # below the briefing folder
THEME_FOLDERS = THEME_INPUTS  # below the briefing folder, and below a theme given by --theme
QUIET_SECONDS = 0.15  # a batch of changes ends after this long without a new one...
LONGEST_BATCH_SECONDS = 2.0  # ...or after this long in all, so a constant writer cannot starve it
CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved"})  # not opened/closed: builds read
# What editors write for a moment beside the file they save: sed -i's sedXXXXXX, vim's
# test file 4913 (and 5036...), and the like. Never an input, never named in the log.
_EDITOR_TEMPORARY = re.compile(r"sed[A-Za-z0-9]{6}|\d{4,5}|.*\.sw[a-p]|.*\.tmp|.*\.bak")


def _editor_temporary(name: str) -> bool:
    return _EDITOR_TEMPORARY.fullmatch(name) is not None


class ChangeQueue:
    """Changed input files, handed out in batches: one batch per burst of saves."""

    def __init__(self, quiet: float = QUIET_SECONDS, longest: float = LONGEST_BATCH_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 wait: Callable[[float | None], object] | None = None):
        """`clock` and `wait` (for a change, at most that many seconds; None: no limit)
        are the real ones unless a test drives the queue with its own."""
        self.quiet = quiet
        self.longest = longest
        self._clock = clock
        self._condition = threading.Condition()
        self._wait = wait or self._condition.wait
        self._paths: set[Path] = set()
        self._first = self._last = 0.0
        self._closed = False
        self._building = False  # a batch was handed out and its build is not yet published

    def add(self, path: Path) -> None:
        with self._condition:
            now = self._clock()
            if not self._paths:
                self._first = now
            self._paths.add(path)
            self._last = now
            self._condition.notify_all()

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def busy(self) -> bool:
        """Changes are waiting, or their build has not been published yet."""
        with self._condition:
            return bool(self._paths) or self._building

    def published(self) -> None:
        with self._condition:
            self._building = False

    def next_batch(self) -> set[Path] | None:
        """Wait for a change, then until the changes pause; None once closed."""
        with self._condition:
            while not self._paths and not self._closed:
                self._wait(None)
            while not self._closed:
                now = self._clock()
                wait = min(self._last + self.quiet, self._first + self.longest) - now
                if wait <= 0:
                    break
                self._wait(wait)
            if self._closed:
                return None
            batch, self._paths = self._paths, set()
            self._building = True
            return batch


class InputWatcher(FileSystemEventHandler):
    """Puts the path of every changed input into a ChangeQueue, from file events.

    Watched whether or not a browser is connected: site.yaml, content/, seeds/,
    map/ and the briefing's own templates/, static/ and i18n/ below the briefing
    folder; templates/, static/ and i18n/ below the theme given by --theme. The
    theme shipped in the package does not change while Briefing runs: not watched,
    unless it is the briefing's own (Briefing's repository, whose top level is the
    default theme's source).
    """

    def __init__(self, root: Path, theme: Path | None, queue: ChangeQueue):
        self.root = root.resolve()
        self.tops = [top for top in theme_folders(self.root, theme)
                     if top != DEFAULT_THEME or top == self.root]
        self.queue = queue
        self.folders = {self.root / name: self.root for name in CONTENT_FOLDERS}
        self.folders.update({top / name: top for top in self.tops for name in THEME_FOLDERS})
        self.observer = Observer()
        self._scheduled: set[Path] = set()

    def start(self) -> None:
        for top in {self.root, *self.tops}:  # site.yaml, and input folders made later
            self.observer.schedule(self, str(top), recursive=False)
        for folder in self.folders:
            self._watch(folder)
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)

    def _watch(self, folder: Path) -> None:
        if folder.is_dir() and folder not in self._scheduled:
            self._scheduled.add(folder)
            self.observer.schedule(self, str(folder), recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file in it changed: that file has its own event
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(os.fsdecode(raw))
            if event.is_directory and path in self.folders:
                self._watch(path)
            if self.input_name(path):
                self.queue.add(path)

    def input_name(self, path: Path) -> str | None:
        """'content/events/x.md' for a path a build reads; None for anything else."""
        if path == self.root / CONFIG_FILE:
            return CONFIG_FILE
        for folder, top in self.folders.items():
            if folder == path or folder in path.parents:
                relative = path.relative_to(top)
                if any(is_ignored(Path(part)) for part in relative.parts) or \
                        _editor_temporary(path.name):
                    return None  # editor backups, swap files, hidden files
                return relative.as_posix()
        return None


