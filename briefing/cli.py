"""Command line: `briefing [build|serve|check|...]`. Parses arguments, calls the pipeline."""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from .commands.arguments import make_parser, options_from
from .commands.report import print_build_report, print_translation_warnings, run_stale_check
from .engine import build_and_keep
from .errors import BuildFailed, InterruptedAfterPublishing

# The other commands' modules (the preview server, git deploy, ingest, check)
# are imported when their command runs: a plain build should not pay for them.


def run_build(args: argparse.Namespace, default_root: Path) -> int:
    options = options_from(args, default_root)
    started = time.perf_counter()
    result = build_and_keep(options)
    elapsed = time.perf_counter() - started
    report = result.report
    for note in report.notes:
        print(f"warning: {note}", file=sys.stderr)
    pages = sum(1 for page in result.pages if page.is_page)
    print(f"built {pages} pages ({len(result.files)} files) into "
          f"{options.output_dir} in {elapsed:.2f} s ({report.pages_rendered} rendered, "
          f"{report.pages_reused} unchanged)")
    print_build_report(result, options.search)
    return 0


def run_ingest(args: argparse.Namespace, default_root: Path) -> int:
    from .ingest import IngestRequest, ingest

    root = (args.root or default_root).resolve()
    result = ingest(IngestRequest(root=root, path=Path(args.path), url=args.url,
                                  published=args.published, outlet=args.outlet, force=args.force,
                                  command=tuple(ingest_command(args))))
    analysis = result.analysis
    topics = ", ".join(f"{s.topic} {s.score:.2f}" for s in analysis.topics)
    print(f"wrote {' and '.join(result.written)} (draft)")
    print(f"  language {analysis.language}; topics {topics}")
    filed = ", ".join(result.topics)
    if not result.has_lexicon:
        print("warning: lexicon.yaml gives no words for any topic, so ingest cannot tell what the "
              f"story is about and filed it under the first topic{filed and f' ({filed})'}; list "
              "words for each topic in lexicon.yaml", file=sys.stderr)
    elif not any(score.matches for score in analysis.topics):
        print("warning: the story uses no word of lexicon.yaml's topics, so it was filed under the "
              f"first topic{filed and f' ({filed})'}: check its topics, and add the words it uses "
              "to lexicon.yaml", file=sys.stderr)
    print(f"  {len(analysis.ids('actor'))} actors, {len(analysis.ids('place'))} places, "
          f"{len(analysis.candidates)} unknown names, "
          f"{len(analysis.numbers) + len(analysis.dates) + len(analysis.quotations)} claims to check")
    for m in analysis.misspellings:
        print(f"  misspelling: '{m.written}' is {m.kind} {m.id}")
    return 0


def ingest_command(args: argparse.Namespace, argv0: str | None = None) -> list[str]:
    """The ingest command as it was run, without --published: what to run again."""
    words = [*invoked_as(sys.argv[0] if argv0 is None else argv0), "ingest", args.path]
    for option, value in (("--url", args.url), ("--outlet", args.outlet),
                          ("--root", str(args.root) if args.root else "")):
        if value:
            words += [option, value]
    return words + (["--force"] if args.force else [])


def invoked_as(argv0: str) -> list[str]:
    """How the user started Briefing: `python build.py`, `python -m briefing`, or the
    `briefing` console script."""
    if Path(argv0).name == "build.py":
        return ["python", argv0]
    if Path(argv0).resolve() == Path(__file__).with_name("__main__.py").resolve():
        return ["python", "-m", "briefing"]
    return ["briefing"]


def run_check(args: argparse.Namespace, default_root: Path) -> int:
    """Check the site as built in the output folder (build it first); with --stale, list
    what has gone stale in the content instead."""
    from .commands.check import built_base_url, check_site
    from .load import load_config

    from .engine import review

    options = options_from(args, default_root)
    stale, differences = review(options)
    print_translation_warnings(differences)
    if args.stale:
        return run_stale_check(stale)
    output = options.output_dir
    if not (output / "index.html").is_file():
        print(f"{output}: no built site here; run 'python build.py' first", file=sys.stderr)
        return 1
    if args.base_url:
        base_url, said = args.base_url, "given with --base-url"
    elif built_base_url(output):
        base_url, said = built_base_url(output), "the one the site was built with"
    else:
        base_url, said = load_config(options.root).base_url, "base_url in site.yaml"
    problems = check_site(output, base_url)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = sum(1 for _ in output.rglob("*.html"))
    if problems:
        print(f"check failed: {len(problems)} problems in {pages} pages, checked against "
              f"{base_url} ({said})", file=sys.stderr)
        return 1
    print(f"checked {pages} pages against {base_url} ({said}): every link and anchor resolves")
    return 0


def run_new(args: argparse.Namespace, default_root: Path) -> int:
    from .commands.new import DEFAULT_TOPICS, NewRequest, new_briefing

    topics = (tuple(t.strip() for t in args.topics.split(",") if t.strip())
              if args.topics is not None else DEFAULT_TOPICS)
    created = new_briefing(NewRequest(path=args.path, country=args.country, title=args.title,
                                      languages=tuple(args.languages), topics=topics))
    facts = created.facts
    here = args.path.resolve() == Path.cwd().resolve()
    divisions = "its divisions" if facts.province else "its outline"
    print(f"wrote a briefing on {facts.country.name} into {'this folder' if here else args.path}: "
          f"{len(created.files)} files, {', '.join(facts.languages)}, time zone {facts.timezone}, "
          f"the map of {facts.country.name} with {divisions}")
    go = "" if here else f"cd {shlex.quote(str(args.path))} && "
    print(f"next: {go}briefing serve    (README.md says what is where, and how to publish)")
    if not facts.requirement:
        print("requirements.txt names country-briefing without a version: pin the one you use "
              "before publishing (README.md, 'Install')")
    return 0


def run_serve(args: argparse.Namespace, default_root: Path) -> int:
    from .preview import serve

    return serve(options_from(args, default_root), host=args.host, port=args.port,
                 open_browser=args.open)


def run_deploy(args: argparse.Namespace, default_root: Path) -> int:
    from .commands.deploy import DeployOptions, deploy

    options = options_from(args, default_root)
    deployed = deploy(options, DeployOptions(remote=args.remote, branch=args.branch,
                                             allow_dirty=args.allow_dirty, message=args.message))
    state = "already up to date at" if deployed.unchanged else "committed"
    print(f"deployed {deployed.files} files: {args.branch} {state} {deployed.commit[:12]}, "
          f"pushed to {args.remote}")
    return 0


def main(argv: list[str] | None = None, default_root: Path | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = make_parser().parse_args(argv)
    handlers = {"build": run_build, "check": run_check, "deploy": run_deploy,
                "ingest": run_ingest, "new": run_new, "serve": run_serve}
    try:
        return handlers[args.command](args, default_root or Path.cwd())
    except BuildFailed as failure:
        if getattr(args, "debug", False):
            raise
        for problem in failure.problems:
            print(problem, file=sys.stderr)
        count = len(failure.problems)
        print(f"{args.command} failed: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    except InterruptedAfterPublishing:
        print("interrupted after the new site was published: it is this build's (its cache "
              "was not saved, so the next build may take longer)", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("interrupted: the previous site was left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
