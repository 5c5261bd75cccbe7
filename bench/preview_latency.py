"""Time from saving a file to the browser showing it, in `python build.py serve`.

    .venv/bin/python -m bench.preview_latency                     # the real briefing
    .venv/bin/python -m bench.preview_latency --items 4000        # a generated site

The site is copied into a temporary folder (the real content is never
touched), the preview started on loopback and a page opened in Debian's
chromium. Each run saves one file and measures, on the machine's clock, when
the change is on screen: the first contentful paint of the reloaded page after
a content edit; the frame in which the new style applies after a CSS edit (no
reload). The server's own build time is shown beside it.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.conftest import copy_theme
from tests.preview_server import REPO, PreviewProcess, launch_chromium

REAL_PAGE = ("content/events/lavrov-lucas-talks.md", "events/lavrov-lucas-talks/")
SHOWN_AT = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const navigation = performance.getEntriesByType('navigation')[0];
  return performance.timeOrigin + (paint ? paint.startTime : navigation.domContentLoadedEventEnd);
}"""
STYLED_AT = """color => {
  const link = document.querySelector('.site-title a');
  return getComputedStyle(link).color === color ? performance.timeOrigin + performance.now() : 0;
}"""


# A generated briefing -------------------------------------------------------

WORDS = ("port gas talks minister province security offer report border investors envoy "
         "agreement visit insurgents aid convoy district governor election court budget "
         "pipeline harbour patrol refugees census treaty delegation ceasefire fishing road "
         "bridge drought harvest ferry clinic school market tariff loan mine coast").split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, actors: list[str]) -> str:
    """About 400–600 words with headings, a list, links and emphasis."""
    parts = []
    for section in range(rng.randint(3, 4)):
        parts.append(f"## {_sentence(rng, 3)[:-1]}\n")
        for _ in range(2):
            actor = rng.choice(actors)
            parts.append(f"{_sentence(rng, 30)} *{_sentence(rng, 4)}* "
                         f"[{actor.replace('-', ' ')}](actor:{actor}) {_sentence(rng, 25)}\n")
        parts.append("\n".join(f"- {_sentence(rng, 8)}" for _ in range(3)) + "\n")
    return "\n".join(parts)


def generate_site(root: Path, items: int, seed: int = 5) -> None:
    """A briefing of `items` articles and events (half each), with pools of
    200 actors, 100 places and 200 sources, in one language."""
    rng = random.Random(seed)
    actors = [f"actor-{n}" for n in range(200)]
    places = [f"place-{n}" for n in range(100)]
    sources = [f"source-{n}" for n in range(200)]
    topics = ["security", "diplomacy", "economy"]
    (root / "site.yaml").parent.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        "title: Generated Briefing\ncountry: Testland\nlanguage: en\n"
        "base_url: https://example.github.io/generated/\ntimezone: UTC\n"
        "description: A generated briefing for timing the preview.\ntopics:\n"
        + "".join(f"  - id: {t}\n    name: {t.title()}\n    description: {t.title()} news.\n"
                  for t in topics))
    folders = {kind: root / path for kind, path in (
        ("seeds", "seeds"), ("actors", "content/actors"), ("places", "content/places"),
        ("articles", "content/articles"), ("events", "content/events"))}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for n, ident in enumerate(sources):
        (folders["seeds"] / f"{ident}.yaml").write_text(
            f"outlet: Outlet {n}\ntitle: {_sentence(rng, 6)}\npublished: 2024-{n % 12 + 1:02d}\n"
            "language: en\nkind: newspaper\nreliability: B\n")
    for ident in actors:
        (folders["actors"] / f"{ident}.md").write_text(
            f"---\nname: {ident.replace('-', ' ').title()}\nkind: person\n---\n{_sentence(rng, 20)}\n")
    for ident in places:
        (folders["places"] / f"{ident}.md").write_text(
            f"---\nname: {ident.replace('-', ' ').title()}\nkind: town\n---\n{_sentence(rng, 20)}\n")
    for n in range(items):
        kind = "articles" if n % 2 == 0 else "events"
        day = f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        common = (f"topics: [{rng.choice(topics)}]\n"
                  f"sources: [{', '.join(rng.sample(sources, 2))}]\n"
                  f"summary: {_sentence(rng, 20)}\n")
        if kind == "articles":
            meta = (f"title: {_sentence(rng, 7)[:-1]}\npublished: {day}\n{common}"
                    f"actors: [{', '.join(rng.sample(actors, rng.randint(3, 5)))}]\n"
                    f"places: [{', '.join(rng.sample(places, rng.randint(1, 3)))}]\n")
        else:
            meta = (f"title: {_sentence(rng, 7)[:-1]}\ndate: {day}\nstatus: occurred\n{common}"
                    f"actors: [{', '.join(rng.sample(actors, rng.randint(3, 5)))}]\n"
                    f"places: [{', '.join(rng.sample(places, rng.randint(1, 3)))}]\n")
        (folders[kind] / f"item-{n}.md").write_text(f"---\n{meta}---\n{_body(rng, actors)}")


# Measuring ------------------------------------------------------------------


def copy_real_briefing(root: Path) -> None:
    root.mkdir(parents=True)
    for name in ("site.yaml", "content", "seeds", "map"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    copy_theme(root)


def content_edit(page: Page, path: Path, run: int) -> float:
    token = f"Latency{run}x{time.time_ns() % 100000}"
    text = path.read_text()
    path.write_text(text.replace("title: ", f"title: {token} ", 1))
    saved = time.time() * 1000
    page.get_by_text(token).first.wait_for(timeout=600_000)
    return page.evaluate(SHOWN_AT) - saved


def css_edit(page: Page, stylesheet: Path, run: int) -> float:
    color = f"rgb({run + 1}, 2, 3)"
    stylesheet.write_text(stylesheet.read_text() + f"\n.site-title a {{ color: {color}; }}\n")
    saved = time.time() * 1000
    shown = page.wait_for_function(STYLED_AT, arg=color, polling="raf", timeout=600_000)
    return shown.json_value() - saved


def measure(root: Path, edited: str, page_path: str, runs: int) -> list[tuple[str, float, float]]:
    """(edit, milliseconds to screen, seconds the server's build took) for each run."""
    started = time.perf_counter()
    preview = PreviewProcess(root, timeout=900)
    print(f"first build and start: {time.perf_counter() - started:.1f} s "
          f"({preview.lines[0].strip()})", flush=True)
    results = []
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.goto(preview.origin + preview.status()["base_path"] + page_path)
            page.wait_for_function("window.LiveReload && window.LiveReload.connector.protocol")
            for run in range(runs):
                for name, edit in (("content", lambda: content_edit(page, root / edited, run)),
                                   ("css", lambda: css_edit(page, root / "static/css/site.css", run))):
                    builds = preview.wait_until_idle(timeout=900)["builds"]
                    milliseconds = edit()
                    status = preview.wait_until_idle(builds + 1, timeout=900)
                    results.append((name, milliseconds, status["seconds"]))
                    print(f"  {name:8} {milliseconds:8.0f} ms to screen; build {status['seconds']:.2f} s "
                          f"({status['builds'] - builds} build)", flush=True)
            browser.close()
    finally:
        preview.stop()
    return results


def summary(results: list[tuple[str, float, float]]) -> None:
    for name in ("content", "css"):
        shown = [ms for kind, ms, _ in results if kind == name]
        builds = [s for kind, _, s in results if kind == name]
        print(f"{name:8} save to screen: median {statistics.median(shown):.0f} ms "
              f"(min {min(shown):.0f}, max {max(shown):.0f}); server build median "
              f"{statistics.median(builds):.2f} s, n={len(shown)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=0,
                        help="generate a site of this many items (default: the real briefing)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-latency-") as folder:
        root = Path(folder) / "briefing"
        if args.items:
            generate_site(root, args.items)
            copy_theme(root)
            edited, page_path = "content/articles/item-0.md", "articles/item-0/"
            print(f"generated site: {args.items} items")
        else:
            copy_real_briefing(root)
            edited, page_path = REAL_PAGE
            print("the real briefing")
        summary(measure(root, edited, page_path, args.runs))


if __name__ == "__main__":
    main()
