"""What has gone stale is measured against the briefing's date, never the clock.

tests/fixtures/stale lays one of each kind of stale item over the golden site,
each beside an item just short of stale (its README lists them). The golden
site's newest dated item is the article of 2025-03-04: the briefing's date
unless --as-of gives another."""
from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from briefing.cli import main
from briefing.engine import BuildOptions
from briefing.vocabulary import PartialDate
from briefing.plan.staleness import last_day, months_after

from .conftest import REPO, overlay_golden, render, tree

STALE_EVENTS = ("summit-day", "summit-month", "summit-year", "undated-talks")
FRESH_EVENTS = ("summit-today", "summit-this-month", "summit-this-year", "state-visit")
OLD_FIGURES = ("old-count", "old-key-count", "population-2020")
FRESH_FIGURES = ("recent-count", "population-2024", "deaths-2024")

EXPECTED = [
    "content/events/summit-day.md:3: overdue: announced for 2025-03-03, which has passed by "
    "2025-03-04 (the briefing's date), and still 'announced'; report what happened or change "
    "its status",
    "content/events/summit-month.md:3: overdue: announced for 2025-02, which has passed by "
    "2025-03-04 (the briefing's date), and still 'announced'; report what happened or change "
    "its status",
    "content/events/summit-year.md:3: overdue: announced for 2024, which has passed by "
    "2025-03-04 (the briefing's date), and still 'announced'; report what happened or change "
    "its status",
    "content/events/undated-talks.md:3: overdue: announced with no date set and last reported "
    "2024-09-03, more than 6 months before 2025-03-04 (the briefing's date); report what "
    "happened or change its status",
    "content/figures/old-count.yaml:5: figure over a year old: as of 2024-03-03, more than 12 "
    "months before 2025-03-04 (the briefing's date)",
    "content/figures/old-key-count.yaml:5: key figure over a year old: as of 2023, more than 12 "
    "months before 2025-03-04 (the briefing's date)",
    "content/figures/population-2020.yaml:5: figure over a year old: as of 2020, more than 12 "
    "months before 2025-03-04 (the briefing's date)",
    "content/events/talks-checked-long-ago.md:5: checked 2024-11-30, more than 3 months before "
    "2025-03-04 (the briefing's date): read the newer sources for news of it and move 'checked' "
    "forward (or report what happened)",
]
# Overdue events and old key figures: what every build warns about.
WARNED = [line for line in EXPECTED if "/events/" in line or "key figure" in line]


@pytest.fixture(scope="module")
def stale_site(tmp_path_factory):
    return overlay_golden(tmp_path_factory.mktemp("stale") / "briefing", "stale")


@pytest.fixture(scope="module")
def built(stale_site):
    return render(BuildOptions(root=stale_site))


@pytest.fixture(scope="module")
def built_earlier(stale_site):
    return render(BuildOptions(root=stale_site, as_of=PartialDate(2021, 6, 1)))


def text(html: bytes, selector: str) -> list[str]:
    return [" ".join(node.text().split()) for node in HTMLParser(html).css(selector)]


def overdue_titles(html: bytes) -> set[str]:
    """The titles of the events a page's lists mark as overdue."""
    return {node.css_first("h2 a, h3 a, h4 a").text(strip=True)
            for node in HTMLParser(html).css(".timeline-item.is-overdue")}


def titles(built, ids) -> set[str]:
    return {built.site.events[i].title for i in ids}


# The rules, at their edges ---------------------------------------------------

def test_a_date_counts_from_the_last_day_it_can_stand_for():
    assert last_day(PartialDate(2024, 2)) == datetime.date(2024, 2, 29)
    assert last_day(PartialDate(2025)) == datetime.date(2025, 12, 31)
    assert last_day(PartialDate(2025, 3, 3)) == datetime.date(2025, 3, 3)


def test_months_later_keep_the_day_or_end_the_shorter_month():
    assert months_after(datetime.date(2024, 9, 3), 6) == datetime.date(2025, 3, 3)
    assert months_after(datetime.date(2024, 8, 31), 6) == datetime.date(2025, 2, 28)
    assert months_after(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)


# The same content on two dates -------------------------------------------------

def test_every_kind_of_stale_item_is_found_at_its_file_and_line(built):
    assert built.stale.date == PartialDate(2025, 3, 4) and not built.stale.given
    assert [str(p) for p in built.stale.items] == EXPECTED
    assert [str(p) for p in built.stale.warnings] == WARNED


def test_with_an_earlier_date_nothing_is_stale(built_earlier):
    assert built_earlier.stale.items == () and built_earlier.stale.given
    for name, data in built_earlier.files.items():
        if name.endswith(".html"):
            assert b" is-overdue" not in data and b"class=\"figure-old\"" not in data, name


def test_an_overdue_event_says_so_on_its_page_the_timeline_and_the_home_page(built, built_earlier):
    stale, fresh = titles(built, STALE_EVENTS), titles(built, FRESH_EVENTS)
    assert fresh and not stale & fresh
    for page in ("timeline/index.html", "index.html", "pt/timeline/index.html", "pt/index.html"):
        assert overdue_titles(built.files[page]) == stale, page  # and none of the fresh ones
    assert overdue_titles(built.files["timeline/announced/index.html"]) == stale
    assert overdue_titles(built.files["topics/economy/index.html"]) == titles(built, ["summit-year"])
    notes = text(built.files["events/summit-month/index.html"], ".overdue")
    assert notes == ["Overdue: announced for February 2025, no report since."]
    assert text(built.files["pt/events/summit-month/index.html"], ".overdue") == [
        "Em atraso: anunciado para Fevereiro de 2025, sem notícias desde então."]
    assert text(built.files["events/undated-talks/index.html"], ".overdue") == [
        "Overdue: announced with no date set; last reported 3 September 2024, no report since."]
    for ident in FRESH_EVENTS:
        assert text(built.files[f"events/{ident}/index.html"], ".overdue") == []
        assert b"Overdue" not in built_earlier.files[f"events/{ident}/index.html"]


def test_a_figure_over_a_year_old_says_so_beside_its_value(built):
    figures = HTMLParser(built.files["figures/index.html"])
    for ident in OLD_FIGURES + FRESH_FIGURES:
        value = figures.css_first(f"#{ident} .figure-value").text()
        assert ("over a year old" in value) == (ident in OLD_FIGURES), (ident, value)
    home = HTMLParser(built.files["index.html"])
    old = {card.css_first(".figure-label").text(): "over a year old" in card.css_first(".figure-value").text()
           for card in home.css(".key-figures .figure")}
    assert old == {"Population": False, "Police posts attacked": True}  # the key figures
    assert "com mais de um ano" in built.files["pt/figures/index.html"].decode()


# The commands ------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True,
                          text=True, cwd=REPO)


def test_a_build_warns_of_overdue_events_and_old_key_figures_and_succeeds(stale_site, tmp_path):
    built = run("build", "--root", str(stale_site), "--output", str(tmp_path / "site"),
                "--no-cache", "--no-search")
    assert built.returncode == 0, built.stderr
    warnings = built.stderr.splitlines()
    assert warnings == [line.replace(": ", ": warning: ", 1) for line in WARNED] + [
        "8 stale items as of 2025-03-04 (the date of the newest dated item): "
        "'python build.py check --stale' lists them all"]


def test_check_stale_lists_every_stale_item_and_exits_zero(stale_site, capsys):
    assert main(["check", "--stale", "--root", str(stale_site)]) == 0
    assert capsys.readouterr().out.splitlines() == EXPECTED + [
        "8 stale items as of 2025-03-04 (the date of the newest dated item)"]
    assert main(["check", "--stale", "--root", str(stale_site), "--as-of", "2021-06-01"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "nothing stale as of 2021-06-01 (given with --as-of)"]
    assert main(["check", "--stale", "--root", str(stale_site), "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "content/events/state-visit.md:" in out  # last reported 2025-03-04: ten months before


def test_as_of_is_a_whole_day(stale_site):
    for wrong in ("2025-03", "2025-02-30", "yesterday"):
        refused = run("check", "--stale", "--root", str(stale_site), "--as-of", wrong)
        assert refused.returncode == 2 and "--as-of" in refused.stderr, wrong


def test_the_same_input_and_date_give_the_same_bytes(stale_site, tmp_path):
    """Each build in its own process, with its own hash seed: the output depends on the
    content and --as-of only."""
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"site-{seed}"
        done = subprocess.run(
            [sys.executable, "-m", "briefing", "build", "--root", str(stale_site), "--output",
             str(output), "--no-cache", "--no-search", "--as-of", "2025-06-30"],
            capture_output=True, text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin",
                                                 "PYTHONPATH": str(REPO)})
        assert done.returncode == 0, done.stderr
        outputs.append(tree(output))
    assert outputs[0] == outputs[1]
    # 2025-03-04 + 6 months has not passed by 2025-06-30; the state visit is not overdue
    assert b"Overdue" not in outputs[0]["events/state-visit/index.html"]
    assert b"Overdue" in outputs[0]["events/summit-day/index.html"]
