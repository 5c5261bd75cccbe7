"""The command line's words: each command's arguments, and the build options they give."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..engine import BuildOptions
from ..load import parse_date
from ..vocabulary import DAY, PartialDate


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
                        metavar="CODE", help="a language edition (ar, en, fr or pt: the languages "
                                             "the theme has interface strings for); repeat it "
                                             "for several, the first at the root (default: en)")
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
