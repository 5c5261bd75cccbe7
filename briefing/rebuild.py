"""Rebuilding a site again and again into one output folder, for the preview.

`serve` needs only this narrow interface from the build: a `Rebuilder` whose
`rebuild(changed_paths)` brings the output folder up to date and says which
output files changed (so that only the pages showing them reload) or what
went wrong (so that the pages show the errors, while the folder keeps the
last good site).

`FullRebuilder` renders the whole site in memory each time and writes only
the files whose bytes changed. `IncrementalRebuilder`, which the preview uses,
keeps the incremental engine (incremental.Builder) between builds: an edit to
an item's body renders that body and the pages showing it; other edits render
only the pages whose inputs changed.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import BuildFailed, Problem
from .incremental import Builder
from .pipeline import BuildOptions, render
from .write.output import MARKER, update_site, write_site


@dataclass(frozen=True)
class RebuildResult:
    changed_outputs: tuple[str, ...] = ()  # output files written or removed, e.g. 'events/x/index.html'
    problems: tuple[Problem, ...] = ()  # empty when the build succeeded
    base_path: str = ""  # the site's path prefix ('/briefing/'); '' when the build failed

    @property
    def ok(self) -> bool:
        return not self.problems


class Rebuilder(Protocol):
    def rebuild(self, changed_paths: Collection[Path]) -> RebuildResult:
        """Build after the input files at `changed_paths` (absolute) changed.

        Raises nothing for mistakes in the content: they come back as problems,
        and the output folder is left as it was."""


class FullRebuilder:
    """Renders everything, writes only what differs from the last build it wrote."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.written: dict[str, bytes] | None = None  # the output folder's files, as last written

    def rebuild(self, changed_paths: Collection[Path] = ()) -> RebuildResult:
        try:
            result = render(self.options)
            output = self.options.output_dir
            if self.written is None:  # whatever a previous session left is replaced whole
                write_site(result.files, output, force=self.options.force)
                changed = sorted(result.files)
            else:
                changed = update_site(result.files, self.written, output)
        except BuildFailed as failure:
            return RebuildResult(problems=tuple(failure.problems))
        self.written = result.files
        return RebuildResult(tuple(changed), base_path=result.site.config.base_path)


class IncrementalRebuilder:
    """Renders only what a change touches; writes only the files whose bytes changed."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.builder: Builder | None = None  # made at the first rebuild

    def rebuild(self, changed_paths: Collection[Path] = ()) -> RebuildResult:
        first = self.builder is None
        if first:  # whatever a previous session left in the folder is cleared out
            self.builder = Builder(self.options, atomic=False, autosave=False)
        before = dict(self.builder.manifest)
        try:
            result = self.builder.build(changed=None if first else (changed_paths or None),
                                        clean=first)
        except BuildFailed as failure:
            return RebuildResult(problems=tuple(failure.problems))
        after = self.builder.manifest
        changed = sorted(name for name in set(before) | set(after)
                         if before.get(name) != after.get(name) and name != MARKER)
        return RebuildResult(tuple(changed), base_path=result.site.config.base_path)

    def save(self) -> None:
        """Keep the engine's cache for the next session (or a build)."""
        if self.builder is not None:
            self.builder.save()


def rebuilder_for(options: BuildOptions) -> Rebuilder:
    """The rebuilder the preview uses."""
    return IncrementalRebuilder(options)
