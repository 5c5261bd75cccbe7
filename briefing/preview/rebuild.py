"""The preview's builds: the engine's, with caches kept in memory and the watcher's
changed paths handed in; each says which output files it changed."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from ..caches import Caches
from ..engine import BuildOptions, BuildReport, build
from ..errors import BuildFailed, Problem
from ..write import MARKER


@dataclass(frozen=True)
class RebuildResult:
    changed_outputs: tuple[str, ...] = ()  # output files written or removed, e.g. 'events/x/index.html'
    problems: tuple[Problem, ...] = ()  # empty when the build succeeded
    base_path: str = ""  # the site's path prefix ('/briefing/'); '' when the build failed
    report: BuildReport | None = None  # what the build did, when it succeeded

    @property
    def ok(self) -> bool:
        return not self.problems


class Rebuilder:
    """The engine's caches kept in memory from build to build: each build is told
    which files changed, and says which output files it changed (so that only the
    pages showing them reload) or what went wrong (so that the pages show the
    errors, while the folder keeps the last good site)."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.caches = Caches.in_memory()
        self.trusted = False  # whether the last build succeeded: then only the changes are read

    def rebuild(self, changed_paths: Collection[Path] = ()) -> RebuildResult:
        """Build after the input files at `changed_paths` (absolute) changed. Raises
        nothing for mistakes in the content: they come back as problems."""
        written = self.caches.written_to(self.options.output_dir)
        before = written.states
        try:
            result = build(self.options, self.caches,
                           changed=changed_paths if self.trusted else None)
        except BuildFailed as failure:
            self.trusted = False
            return RebuildResult(problems=tuple(failure.problems))
        self.trusted = True
        after = written.states
        changed = sorted(name for name in set(before) | set(after)
                         if before.get(name) != after.get(name) and name != MARKER)
        return RebuildResult(tuple(changed), base_path=result.site.config.base_path,
                             report=result.report)


