"""Command line: `briefing [build|serve|check|...]`. Parses arguments, calls the pipeline."""
from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from .engine import BuildOptions, StaleReport, build_and_keep
from .errors import BuildFailed, InterruptedAfterPublishing, printable
from .kinds import KINDS
from .load import LARGE_STATIC_BYTES, parse_date
from .vocabulary import DAY, PartialDate
from .model import translation_report

# The other commands' modules (the preview server, git deploy, ingest, check)
# are imported when their command runs: a plain build should not pay for them.


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None,
                        help="the briefing folder (default: the folder of build.py, or the current one)")
    parser.add_argument("--base-url", help="override base_url from site.yaml")
    parser.add_argument("--theme", type=Path,
                        help="a theme folder (templates/, static/, i18n/) instead of the one "
                             "shipped with Briefing; the briefing's own templates/, static/ "
                             "and i18n/ still replace its files of the same name")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="skip the search index (the search page then says search is unavailable)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                        help="the briefing's date, against which announced events become overdue "
                             "and figures old (default: the date of its newest dated item; "
                             "never the clock)")


def as_of_date(text: str) -> PartialDate:
    """--as-of: a whole day."""
    try:
        date = parse_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if date.precision != DAY:
        raise argparse.ArgumentTypeError(f"'{text}' is not a day (expected YYYY-MM-DD)")
    return date


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    _add_input_options(parser)
    parser.add_argument("--output", type=Path, help="output folder (default: site/)")
    parser.add_argument("--drafts", action="store_true", help="include items marked draft: true")
    parser.add_argument("--force", action="store_true",
                        help="replace an output folder that Briefing did not write")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="build from scratch, without reading or writing .cache/build/")
    parser.add_argument("--jobs", type=int, default=0,
                        help="processes to render with (default: one per core)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Build a country briefing site.")
    commands = parser.add_subparsers(dest="command")
    build_parser = commands.add_parser("build", help="build the site into site/ (the default)")
    _add_build_options(build_parser)
    serve_parser = commands.add_parser(
        "serve", help="preview the site with drafts; it rebuilds and reloads on every save")
    _add_input_options(serve_parser)
    serve_parser.add_argument("--port", type=int, default=8000,
                              help="the port (default: 8000; 0 picks a free one)")
    serve_parser.add_argument("--host", default="127.0.0.1",
                              help="the address to listen on (default: 127.0.0.1, this machine only)")
    serve_parser.add_argument("--open", action="store_true", help="open the preview in a browser")
    serve_parser.set_defaults(output=None, drafts=True, force=False)
    check_parser = commands.add_parser("check", help="check the built site's links, anchors and pages")
    check_parser.add_argument("--root", type=Path, default=None,
                              help="the briefing folder (default: the folder of build.py, or the "
                                   "current one)")
    check_parser.add_argument("--output", type=Path, help="the built site (default: site/)")
    check_parser.add_argument("--base-url",
                              help="check against this base URL (default: the one the site was "
                                   "built with, which its home page records)")
    check_parser.add_argument("--stale", action="store_true",
                              help="instead, list every overdue announced event and every figure "
                                   "over a year old, with its file (exits 0: stale is not an error)")
    check_parser.add_argument("--as-of", type=as_of_date, default=None, metavar="YYYY-MM-DD",
                              help="with --stale: the briefing's date (default: the date of its "
                                   "newest dated item)")
    check_parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    check_parser.set_defaults(theme=None, search=True, drafts=False, force=False)
    deploy_parser = commands.add_parser(
        "deploy", help="build, commit the site to the gh-pages branch and push it")
    _add_build_options(deploy_parser)
    deploy_parser.add_argument("--remote", default="origin",
                               help="the remote (a name or URL) to push to (default: origin)")
    deploy_parser.add_argument("--branch", default="gh-pages", help="the branch (default: gh-pages)")
    deploy_parser.add_argument("--allow-dirty", action="store_true",
                               help="deploy even with uncommitted changes to the content")
    deploy_parser.add_argument("--message", default="", help="the commit message")
    _add_ingest_parser(commands)
    _add_new_parser(commands)
    return parser


def _add_new_parser(commands) -> None:
    parser = commands.add_parser(
        "new", help="start a new briefing on a country: a folder that builds at once")
    parser.add_argument("path", type=Path, help="the new briefing's folder (new, or empty)")
    parser.add_argument("--country", required=True, metavar="CODE",
                        help="the country's ISO 3166-1 code, alpha-2 or alpha-3 (SD or SDN)")
    parser.add_argument("--title", default="",
                        help="the site's title (default: each edition's own, such as "
                             "'Sudan Briefing' or 'Dossier Mali')")
    parser.add_argument("--language", dest="languages", action="append", default=[],
                        metavar="CODE", help="a language edition (en, fr or pt); repeat it for "
                                             "several, the first at the root (default: en)")
    parser.add_argument("--topics", default=None, metavar="IDS",
                        help="topic ids, separated by commas (default: security,diplomacy,economy)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")


def _add_ingest_parser(commands) -> None:
    parser = commands.add_parser("ingest", help="turn a raw news article into a draft source "
                                                "and article to review")
    parser.add_argument("path", help="the article: plain text, Markdown or HTML")
    parser.add_argument("--url", default="", help="where the article was published")
    parser.add_argument("--published", default="",
                        help="publication date, YYYY-MM-DD, YYYY-MM or YYYY (when the text has none)")
    parser.add_argument("--outlet", default="",
                        help="who published it (when the text has no 'Source:' line)")
    parser.add_argument("--force", action="store_true", help="replace files written before")
    parser.add_argument("--root", type=Path, default=None,
                        help="the briefing folder (default: the folder of build.py, or the current one)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")


def options_from(args: argparse.Namespace, default_root: Path) -> BuildOptions:
    root = (args.root or default_root).resolve()
    return BuildOptions(root=root, output=args.output, base_url=args.base_url,
                        drafts=args.drafts, force=args.force, debug=args.debug,
                        search=args.search,
                        theme=args.theme.resolve() if args.theme else None,
                        cache=getattr(args, "cache", True), jobs=max(getattr(args, "jobs", 0), 0),
                        as_of=getattr(args, "as_of", None))


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
    if not options.search:
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
    return 0


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
