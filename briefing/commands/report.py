"""What a build tells its editor besides "built": what is held back, missing, stale,
too large, or says something else in translation. Warnings, never a failed build."""
from __future__ import annotations

import sys

from ..engine import BuildResult, StaleReport
from ..errors import printable
from ..kinds import KINDS
from ..load import LARGE_STATIC_BYTES
from ..model import translation_report


def print_build_report(result: BuildResult, search: bool) -> None:
    """Everything after the "built" line, stdout for what is so, stderr for warnings."""
    if not search:
        print("built without a search index (--no-search): the search page will say that "
              "search is not available")
    for line in translation_report(result.editions):
        print(line)
    unsummarised = months_without_summary(result.pages)
    if unsummarised:
        print(f"{len(unsummarised)} month{'s' if len(unsummarised) != 1 else ''} without a summary "
              f"(readers see its events only; write content/months/YYYY-MM.md): "
              f"{', '.join(unsummarised[-6:])}"
              + (f" and {len(unsummarised) - 6} earlier" if len(unsummarised) > 6 else ""))
    held = held_back(result.site.drafts)
    if held:
        print(f"held back {len(held)} draft{'s' if len(held) != 1 else ''}, not published "
              f"(review, remove 'draft: true', or preview with --drafts): {', '.join(held)}")
    for line in large_static_files(result.pages):
        print(line, file=sys.stderr)
    print_stale_warnings(result.stale)
    print_translation_warnings(result.warnings, TRANSLATION_WARNINGS_SHOWN)


def large_static_files(pages) -> list[str]:
    """A warning for each static file GitHub would warn about when it is pushed."""
    megabytes = LARGE_STATIC_BYTES // 1024 // 1024
    return [f"{printable(page.context.source.name)}: warning: "
            f"{page.context.source.size / 1024 / 1024:,.0f} MB; GitHub warns about files over "
            f"{megabytes} MB, and every reader who follows a link to it downloads it whole: "
            "consider publishing it elsewhere and linking to it"
            for page in pages
            if page.template == "static" and page.context.source.size > LARGE_STATIC_BYTES]


# A build prints this many translations whose numbers differ; `check` lists them all.
TRANSLATION_WARNINGS_SHOWN = 10


def print_translation_warnings(warnings, shown: int | None = None) -> None:
    for problem in warnings[:shown]:
        print(_as_warning(problem), file=sys.stderr)
    if shown is not None and len(warnings) > shown:
        print(f"and {len(warnings) - shown} more translations whose numbers or dates differ "
              "from their original's: 'python build.py check' lists them all", file=sys.stderr)


def months_without_summary(pages) -> list[str]:
    """The months (YYYY-MM) whose page has no summary written, oldest first."""
    months = {page.context.month.iso() for page in pages
              if page.template == "month.html" and page.prefix == ""
              and page.context.summary is None}
    return sorted(months)


def print_stale_warnings(stale: StaleReport | None) -> None:
    """Overdue announced events and old key figures: warnings, never a failed build."""
    if stale is None or not stale.warnings:
        return
    for problem in stale.warnings:
        print(_as_warning(problem), file=sys.stderr)
    count = len(stale.items)
    print(f"{count} stale item{'s' if count != 1 else ''} as of {_date_said(stale)}: "
          "'python build.py check --stale' lists them all", file=sys.stderr)


def _as_warning(problem) -> str:
    where = f"{printable(problem.path)}:{problem.line}" if problem.line else printable(problem.path)
    return f"{where}: warning: {printable(problem.message)}"


def _date_said(stale: StaleReport) -> str:
    how = "given with --as-of" if stale.given else "the date of the newest dated item"
    return f"{stale.date.iso()} ({how})"


def held_back(drafts: dict[str, frozenset]) -> list[str]:
    """The files of the drafts a build left out."""
    return [kind.file(ident) for kind in KINDS for ident in sorted(drafts.get(kind.name, ()))]


def run_stale_check(stale) -> int:
    """An editor's weekly review: every stale item with its file; stale is not an error."""
    for problem in stale.items:
        print(problem)
    if stale.date is None:
        print("nothing is dated yet: nothing can be stale")
    elif stale.items:
        count = len(stale.items)
        print(f"{count} stale item{'s' if count != 1 else ''} as of {_date_said(stale)}")
    else:
        print(f"nothing stale as of {_date_said(stale)}")
    return 0
