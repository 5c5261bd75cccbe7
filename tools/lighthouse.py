"""Lighthouse scores and page weights of the briefing: `make lighthouse`.

Builds the briefing for a project path, serves it on 127.0.0.1 under that path
with gzip (as GitHub Pages does), and runs Lighthouse (tools/lighthouse/, with
CHROME_PATH set to Debian's chromium) on the home page and an article page of
each edition. Prints the scores and what each page transfers; the full reports
go to .cache/lighthouse/. A measurement for the record, not a test.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.engine import BuildOptions, build  # noqa: E402
from tests.pages_server import PagesServer  # noqa: E402

PREFIX = "/briefing/"
PAGES = {"home": "", "article": "articles/tararov-offer/",
         "home (pt)": "pt/", "article (pt)": "pt/articles/tararov-offer/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = REPO / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run")
OUT = REPO / ".cache" / "lighthouse"


def run_lighthouse(url: str, report: Path) -> dict:
    subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
                    f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                    f"--only-categories={','.join(CATEGORIES)}"],
                   check=True, env={**os.environ, "CHROME_PATH": os.environ.get(
                       "CHROME_PATH", "/usr/bin/chromium")})
    return json.loads(report.read_text())


def weight(result: dict) -> tuple[int, int]:
    """(bytes transferred, requests) for the page, as Lighthouse saw them."""
    requests = result["audits"]["network-requests"]["details"]["items"]
    return sum(r.get("transferSize", 0) for r in requests), len(requests)


def failing_audits(result: dict) -> list[str]:
    audits = result["audits"]
    return [f"{audit_id} ({audits[audit_id]['score']})"
            for category in CATEGORIES
            for ref in result["categories"][category]["auditRefs"]
            if ref["weight"] and (audit_id := ref["id"]) in audits
            and audits[audit_id]["score"] is not None and audits[audit_id]["score"] < 1]


def main(root: Path = REPO) -> int:
    """root: the briefing to measure (default: this repository's); a briefing whose
    articles differ names its first article's page."""
    OUT.mkdir(parents=True, exist_ok=True)
    pages = dict(PAGES)
    if root != REPO:
        first = sorted((root / "content" / "articles").glob("*.md"))[0].stem.split(".")[0]
        pages = {name: path.replace("tararov-offer", first) for name, path in PAGES.items()}
    site = OUT / "site"
    with PagesServer(site, PREFIX, compress=True) as server:
        # Built for the address it is served at, so canonical links point at this host.
        build(BuildOptions(root=root, output=site, base_url=server.origin + PREFIX, force=True))
        print(f"{'page':14} " + " ".join(f"{c:>14}" for c in CATEGORIES) + "  transferred")
        for name, path in pages.items():
            result = run_lighthouse(server.origin + PREFIX + path,
                                    OUT / f"{name.replace(' ', '-').strip('()')}.json")
            scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
            size, count = weight(result)
            print(f"{name:14} " + " ".join(f"{s:>14}" for s in scores)
                  + f"  {size / 1024:.1f} KB in {count} requests")
            for audit in failing_audits(result):
                print(f"{'':14}   below 1: {audit}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO))
