"""A day of editing in the preview: does its memory stay flat?

The engine is kept in memory as `serve` keeps it, and one article is edited
again and again, its title and its body in turn, each edit followed by the
rebuild the preview would run. Resident memory is read after the first
`warmup` edits and at the end; the preview holds its memory when the two are
within 10 % of each other.

    python -m bench.soak                      # the real briefing, 1,000 edits
    python -m bench.soak --items 4000 --edits 200
"""
from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402
from briefing.engine import BuildOptions  # noqa: E402
from briefing.preview.serve import Rebuilder, preview_options  # noqa: E402

ALLOWED_GROWTH = 0.10
_TITLE = re.compile(r'^title: "?', re.M)


@dataclass(frozen=True)
class Soak:
    edits: int
    after_warmup_mb: float
    at_end_mb: float

    @property
    def growth(self) -> float:
        return self.at_end_mb / self.after_warmup_mb - 1

    @property
    def flat(self) -> bool:
        return self.growth <= ALLOWED_GROWTH

    def __str__(self) -> str:
        return (f"{self.edits} edits: {self.after_warmup_mb:.1f} MB after warm-up, "
                f"{self.at_end_mb:.1f} MB at the end ({self.growth:+.1%})")


def resident_mb() -> float:
    """This process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def soak(root: Path, edits: int, warmup: int = 20) -> Soak:
    """Edit one article of the briefing at `root` `edits` times, title and body in
    turn, rebuilding after each as the preview does."""
    options = replace(preview_options(BuildOptions(root=root, search=False)),
                      output=Path(tempfile.mkdtemp(prefix="soak-")) / "site")
    rebuilder = Rebuilder(options)
    assert rebuilder.rebuild().ok
    article = sorted((root / "content" / "articles").glob("*.md"))[0]
    if article.name.count(".") > 1:  # a translation: edit an original
        article = next(p for p in sorted(article.parent.glob("*.md")) if p.name.count(".") == 1)
    original = article.read_text(encoding="utf-8")
    after_warmup = 0.0
    try:
        for number in range(edits):
            if number % 2:
                text = original + f"\nA sentence typed in the editor, {number}.\n"
            else:
                text = _TITLE.sub(lambda m: m.group(0) + f"Edit {number}, ", original, count=1)
            article.write_text(text, encoding="utf-8")
            result = rebuilder.rebuild({article})
            assert result.ok, result.problems
            if number + 1 == warmup:
                gc.collect()
                after_warmup = resident_mb()
        gc.collect()
        return Soak(edits, after_warmup, resident_mb())
    finally:
        article.write_text(original, encoding="utf-8")
        shutil.rmtree(options.output_dir.parent, ignore_errors=True)


def copy_briefing(target: Path) -> Path:
    """The repository's briefing, copied so that it can be edited."""
    target.mkdir(parents=True)
    for name in ("site.yaml", "content", "seeds", "map"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the preview's memory over many edits.")
    parser.add_argument("--items", type=int, default=0,
                        help="a generated briefing of this many items (default: the real one)")
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        if args.items:
            generate(args.items, Path(folder))
            root = Path(folder) / "briefing"
        else:
            root = copy_briefing(Path(folder) / "briefing")
        result = soak(root, args.edits)
    print(result)
    return 0 if result.flat else 1


if __name__ == "__main__":
    sys.exit(main())
