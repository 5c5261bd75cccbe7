"""Benchmark: Briefing against Hugo and Pelican on the same generated corpus.

    python bench/run.py --sizes 1000,4000 --runs 5 [--json FILE] [--tools briefing,hugo]

For each size N, bench/corpus.py writes N items as a Briefing, a Hugo and a
Pelican project, and each tool builds its project as a whole process, timed
from start to exit:

- cold: no cache, no previous output (all three tools);
- warm: Briefing again with its cache and output present, nothing changed;
- one-change: Briefing after one article's body was edited;
- one-change-meta: Briefing after one article's title was edited (its title is
  shown on listing pages, so more pages are rendered again);
- serve-edit: the incremental engine kept in memory, as a preview server keeps
  it, told which file changed, rebuilding after one article body edit (time of
  Builder.build() alone, writing in place);
- serve-edit-meta: the same after one article title edit (a full incremental
  build in memory: the title shows on listing pages);
- markdown-floor: Briefing's own body renderer alone (Python-Markdown with
  Briefing's extensions and the sanitiser) over the corpus's bodies, spread over
  every core as the build spreads them, timed inside the process: what a cold
  build cannot go below. The report gives the cold build as a multiple of it.

Each mode runs --runs times; the table shows the median, the spread (min-max),
pages per second, peak memory (the largest of: the process tree's summed
proportional set size sampled every 50 ms in one extra run, and the largest
single process's peak resident size) and the ratio to Hugo's cold median
measured in the same run. `make bench` installs Hugo and Pelican into
.venv-bench/ (not project dependencies) and runs this.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THEME = REPO  # the default theme: templates/, static/, i18n/ at the top
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402

BENCH_VENV = REPO / ".venv-bench"
EDITED_ARTICLE_INDEX = 0.5  # the article in the middle of the sorted list is edited


@dataclass
class Record:
    tool: str
    n: int
    mode: str
    median_s: float
    min_s: float
    max_s: float
    peak_mb: float
    pages: int
    runs: int


# Measuring one process ----------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as file:
                    fields = file.read().rsplit(b")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    family, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        family += frontier
    return family


def _memory_kb(pid: int) -> int:
    """Proportional set size (shared pages split between sharers), else resident size."""
    for name, field in (("smaps_rollup", b"Pss:"), ("status", b"VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as file:
                for line in file:
                    if line.startswith(field):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            total = sum(_memory_kb(p) for p in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)


def run_process(command: list[str], cwd: Path, sample_memory: bool = False) -> tuple[float, float]:
    """Run a command to its end: (wall seconds, peak MB). Fails loudly if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    sampler = _Sampler(process.pid) if sample_memory else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace")
    if sampler:
        sampler.done.set()
        sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{errors}")
    peak_kb = max(usage.ru_maxrss, sampler.peak_kb if sampler else 0)
    return elapsed, peak_kb / 1024


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# The tools ---------------------------------------------------------------------

def hugo_binary() -> Path | None:
    found = sorted(BENCH_VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


def pelican_command() -> Path | None:
    path = BENCH_VENV / "bin" / "pelican"
    return path if path.exists() else None


class Bench:
    def __init__(self, n: int, work: Path, runs: int):
        self.n = n
        self.runs = runs
        self.work = work
        self.corpus = generate(n, work)
        self.records: list[Record] = []

    def measure(self, tool: str, mode: str, prepare, command: list[str], cwd: Path,
                output: Path) -> Record:
        times = []
        for run in range(self.runs):
            prepare(run)
            times.append(run_process(command, cwd)[0])
        prepare(self.runs)
        _, peak = run_process(command, cwd, sample_memory=True)
        record = Record(tool, self.n, mode, statistics.median(times), min(times), max(times),
                        round(peak, 1), count_pages(output), self.runs)
        self.records.append(record)
        print(f"  {tool:8} {mode:15} median {record.median_s:7.3f} s", flush=True)
        return record

    # Briefing

    def briefing(self) -> None:
        root = self.work / "briefing"
        output = self.work / "briefing-site"
        # No Pagefind index: Hugo and Pelican build none either.
        command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "--theme", str(THEME),
                   "--output", str(output), "--no-search"]

        def clean(_run):
            shutil.rmtree(root / ".cache", ignore_errors=True)
            shutil.rmtree(output, ignore_errors=True)

        self.measure("briefing", "cold", clean, command, root, output)
        run_process(command, root)  # the warm state: cache and output of the same input
        self.measure("briefing", "warm", lambda run: None, command, root, output)
        article = self.edited_article(root)
        original = article.read_text()
        self.measure("briefing", "one-change", lambda run: article.write_text(
            original + f"\nAn added sentence, edit {run}.\n"), command, root, output)
        self.measure("briefing", "one-change-meta", lambda run: article.write_text(
            original.replace('title: "', f'title: "Edit {run}: ', 1)), command, root, output)
        article.write_text(original)
        self.serve_edit(root)
        self.markdown_floor(root)

    def markdown_floor(self, root: Path) -> None:
        """The bodies alone, rendered by Briefing's renderer on every core (in a child
        process, timed inside it)."""
        probe = subprocess.run([sys.executable, __file__, "--floor-probe", str(root),
                                str(self.runs)], capture_output=True, text=True, check=True)
        found = json.loads(probe.stdout)
        times = found["times"]
        record = Record("briefing", self.n, "markdown-floor", statistics.median(times),
                        min(times), max(times), 0.0, found["bodies"], self.runs)
        self.records.append(record)
        cold = next((r for r in self.records if r.tool == "briefing" and r.mode == "cold"), None)
        ratio = f" (cold = {cold.median_s / record.median_s:.2f} x the floor)" if cold else ""
        print(f"  briefing {'markdown-floor':15} median {record.median_s:7.3f} s{ratio}",
              flush=True)

    def edited_article(self, root: Path) -> Path:
        articles = sorted((root / "content" / "articles").glob("*.md"))
        return articles[int(len(articles) * EDITED_ARTICLE_INDEX)]

    def serve_edit(self, root: Path) -> None:
        """The engine kept in memory: one edit, timed inside the process (no start-up)."""
        probe = subprocess.run([sys.executable, __file__, "--serve-probe", str(root),
                                str(self.runs)], capture_output=True, text=True, check=True)
        found = json.loads(probe.stdout)
        for mode, times in found["times"].items():
            record = Record("briefing", self.n, mode, statistics.median(times), min(times),
                            max(times), round(found["peak_mb"], 1), found["pages"], self.runs)
            self.records.append(record)
            print(f"  briefing {mode:15} median {record.median_s:7.3f} s", flush=True)

    # Hugo and Pelican

    def hugo(self, binary: Path) -> None:
        project = self.work / "hugo"
        output = self.work / "hugo-site"

        def clean(_run):
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(project / "resources", ignore_errors=True)

        self.measure("hugo", "cold", clean, [str(binary), "--quiet", "-d", str(output)], project, output)

    def pelican(self, command: Path) -> None:
        project = self.work / "pelican"
        output = self.work / "pelican-site"

        def clean(_run):
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(project / "__pycache__", ignore_errors=True)

        self.measure("pelican", "cold", clean, [str(command), "content", "-s", "pelicanconf.py",
                                                "-o", str(output), "-q"], project, output)


def floor_probe(root: Path, runs: int) -> None:
    """Run in a child process: print the times of rendering every body of the corpus
    with Briefing's body renderer on every core, as JSON."""
    from briefing import parallel
    from briefing.load import load
    from briefing.model import model
    from briefing.render.markup import MarkdownRenderer, MarkupError

    inputs = load(root, THEME)
    site = model(inputs, inputs.config).site
    texts = [body.text for body in site.bodies.values() if body.text.strip()]

    def render(chunk) -> list[int]:
        renderer = MarkdownRenderer(seconds=0)  # no time budget: the floor is Markdown's
        for text in chunk:
            try:
                renderer.render(text, lambda kind, ident: f"/{kind}s/{ident}/")
            except MarkupError:
                pass
        return [len(chunk)]

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = sum(parallel.run(render, texts, parallel.available_cores()))
        times.append(time.perf_counter() - started)
        assert done == len(texts)
    print(json.dumps({"times": times, "bodies": len(texts)}))


def serve_probe(root: Path, runs: int) -> None:
    """Run in a child process: print the in-memory engine's one-edit rebuild times as JSON."""
    import resource

    from briefing.engine import BuildOptions
    from briefing.preview.serve import Rebuilder, preview_options

    output = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        options = preview_options(BuildOptions(root=root, theme=THEME, search=False))
        options = replace(options, output=output / "site", drafts=False)
        builder = Rebuilder(options)
        builder.rebuild()
        articles = sorted((root / "content" / "articles").glob("*.md"))
        article = articles[int(len(articles) * EDITED_ARTICLE_INDEX)]
        original = article.read_text()
        edits = {"serve-edit": lambda run: original + f"\nA sentence typed in the editor, {run}.\n",
                 "serve-edit-meta": lambda run: original.replace('title: "', f'title: "Edit {run}: ', 1)}
        times: dict[str, list[float]] = {}
        try:
            for mode, edit in edits.items():
                for run in range(runs):
                    article.write_text(edit(run))
                    started = time.perf_counter()
                    result = builder.rebuild({article})
                    times.setdefault(mode, []).append(time.perf_counter() - started)
                    assert result.ok, result.problems
        finally:
            article.write_text(original)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"times": times, "peak_mb": peak, "pages": count_pages(output / "site")}))
    finally:
        shutil.rmtree(output, ignore_errors=True)


# Report ----------------------------------------------------------------------------

def table(records: list[Record]) -> str:
    lines = [f"{'N':>6} {'tool':9} {'mode':16} {'median s':>9} {'min-max s':>15} {'pages/s':>8} "
             f"{'peak MB':>8} {'x Hugo':>7}"]
    for n in sorted({r.n for r in records}):
        hugo = next((r for r in records if r.n == n and r.tool == "hugo"), None)
        for r in (r for r in records if r.n == n):
            ratio = f"{r.median_s / hugo.median_s:7.2f}" if hugo else "      -"
            lines.append(f"{r.n:6} {r.tool:9} {r.mode:16} {r.median_s:9.3f} "
                         f"{r.min_s:7.3f}-{r.max_s:<7.3f} {r.pages / r.median_s:8.0f} "
                         f"{r.peak_mb:8.0f} {ratio}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark Briefing against Hugo and Pelican.")
    parser.add_argument("--sizes", default="1000,4000", help="comma-separated corpus sizes")
    parser.add_argument("--runs", type=int, default=5, help="runs per tool and mode")
    parser.add_argument("--tools", default="briefing,hugo,pelican")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temporary one)")
    parser.add_argument("--serve-probe", nargs=2, metavar=("ROOT", "RUNS"), help=argparse.SUPPRESS)
    parser.add_argument("--floor-probe", nargs=2, metavar=("ROOT", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_probe:
        serve_probe(Path(args.serve_probe[0]), int(args.serve_probe[1]))
        return 0
    if args.floor_probe:
        floor_probe(Path(args.floor_probe[0]), int(args.floor_probe[1]))
        return 0
    tools = args.tools.split(",")
    hugo, pelican = hugo_binary(), pelican_command()
    for name, found in (("hugo", hugo), ("pelican", pelican)):
        if name in tools and found is None:
            print(f"{name} is not installed in {BENCH_VENV}: run 'make bench', or leave it out "
                  "with --tools", file=sys.stderr)
            return 1
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    work = args.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    records: list[Record] = []
    try:
        for n in (int(size) for size in args.sizes.split(",")):
            print(f"N = {n}", flush=True)
            bench = Bench(n, work / f"n{n}", args.runs)
            if "hugo" in tools:
                bench.hugo(hugo)
            if "briefing" in tools:
                bench.briefing()
            if "pelican" in tools:
                bench.pelican(pelican)
            records += bench.records
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(records))
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in records], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
