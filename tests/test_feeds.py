"""The golden site's feeds, checked against what its content files give
(tests/expected_feeds.py), never against Briefing's own feed code."""
from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import FIXTURES, THEME, overlay_golden, run_build
from .expected_feeds import (ATOM, FEED_LENGTH, Briefing, as_built, assert_same_entries,
                             atom_entries, aware, json_entries, newest)

BUILD_OPTIONS = ("--theme", str(THEME), "--no-cache", "--no-search")


def atom_paths(briefing: Briefing, language: str) -> dict[str, str]:
    """Each Atom feed of an edition, by topic ('' for the whole briefing)."""
    prefix = "" if language == briefing.default_language else f"{language}/"
    return {"": f"{prefix}feed.xml"} | {t: f"{prefix}topics/{t}/feed.xml" for t in briefing.topics}


def json_path(briefing: Briefing, language: str) -> str:
    return ("" if language == briefing.default_language else f"{language}/") + "feed.json"


def check_feeds(briefing: Briefing, output: Path) -> None:
    """Every feed of every edition holds the newest entries the content gives."""
    for language in briefing.languages:
        expected = briefing.entries(language)
        url = briefing.edition_url(language)
        for topic, path in atom_paths(briefing, language).items():
            root = ET.parse(output / path).getroot()
            chosen = newest(expected, topic)
            assert_same_entries(atom_entries(root), as_built(chosen, url))
            assert aware(root.findtext(ATOM + "updated")) == chosen[0].updated, path
        names = {t: briefing.topic_name(t, language) for t in briefing.topics}
        document = json.loads((output / json_path(briefing, language)).read_bytes())
        assert_same_entries(json_entries(document, names), as_built(newest(expected), url))


def check_month_feeds(briefing: Briefing, output: Path) -> None:
    """The monthly Atom and JSON feeds of every edition hold a month's entry for each
    month the content gives."""
    for language in briefing.languages:
        expected = briefing.month_entries(language)
        assert expected, language
        url = briefing.edition_url(language)
        prefix = "" if language == briefing.default_language else f"{language}/"
        root = ET.parse(output / f"{prefix}updates/feed.xml").getroot()
        assert_same_entries(atom_entries(root), as_built(expected, url))
        assert aware(root.findtext(ATOM + "updated")) == expected[0].updated
        assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == url + "updates/"
        names = {t: briefing.topic_name(t, language) for t in briefing.topics}
        document = json.loads((output / f"{prefix}updates/feed.json").read_bytes())
        assert document["feed_url"] == url + "updates/feed.json"
        assert_same_entries(json_entries(document, names), as_built(expected, url))


@pytest.fixture(scope="module")
def golden_output(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("feeds") / "site"
    run_build(FIXTURES / "golden", output, *BUILD_OPTIONS)
    return output


def test_every_feed_of_every_edition_holds_what_the_content_gives(golden_output):
    check_feeds(Briefing.read(FIXTURES / "golden"), golden_output)


def test_the_monthly_feeds_hold_a_brief_per_month(golden_output):
    briefing = Briefing.read(FIXTURES / "golden")
    check_month_feeds(briefing, golden_output)
    titles = [e.title for e in briefing.month_entries("pt")]
    assert titles[:2] == ["Março de 2025",
                          "Fevereiro de 2025: Conversações sobre o porto, e uma fronteira calma"]


def test_the_monthly_feeds_of_a_busy_month(tmp_path):
    root = overlay_golden(tmp_path / "briefing", "busy-month", theme=False)
    output = tmp_path / "site"
    run_build(root, output, *BUILD_OPTIONS)
    briefing = Briefing.read(root)
    check_month_feeds(briefing, output)
    march = briefing.month_entries("en")[0]
    assert march.path == "updates/2025-03/" and march.topics == ("security", "economy")


def test_the_oldest_entry_ends_the_feeds_it_belongs_to(golden_output):
    first_attacks = datetime.datetime(2017, 10, 5, tzinfo=datetime.timezone.utc)
    for path in ("feed.xml", "topics/security/feed.xml", "pt/feed.xml", "pt/topics/security/feed.xml"):
        last = atom_entries(ET.parse(golden_output / path).getroot())[-1]
        assert last.url.endswith("/events/first-attacks/") and last.updated == first_attacks, path
    for path in ("topics/economy/feed.xml", "pt/topics/economy/feed.xml"):
        assert not [e for e in atom_entries(ET.parse(golden_output / path).getroot())
                    if e.url.endswith("/first-attacks/")]


def test_a_feed_holds_only_the_newest_entries(golden_copy, tmp_path):
    """Sixty weekly economy events from 2019 on: the whole feed and the economy feed
    keep the newest fifty, so the 2017 event falls off the whole feed's end; the
    security feed, with fewer entries, keeps it last."""
    events = golden_copy / "content" / "events"
    start = datetime.date(2019, 1, 7)
    for week in range(60):
        (events / f"weekly-talks-{week}.md").write_text(
            f"---\ntitle: Weekly talks {week}\ndate: {start + datetime.timedelta(weeks=week)}\n"
            "status: occurred\ntopics: [economy]\nsources: [wire-report]\n"
            f"summary: Round {week} of the talks.\n---\n")
    output = tmp_path / "site"
    run_build(golden_copy, output, *BUILD_OPTIONS)
    briefing = Briefing.read(golden_copy)
    assert len(briefing.entries("en")) > FEED_LENGTH + 10
    check_feeds(briefing, output)
    whole = atom_entries(ET.parse(output / "feed.xml").getroot())
    security = atom_entries(ET.parse(output / "topics/security/feed.xml").getroot())
    assert len(whole) == FEED_LENGTH
    # the golden site's four entries from 2024-2025, then weeks 59 down to 14 (15 April 2019)
    assert whole[-1].url.endswith("/events/weekly-talks-14/")
    assert security[-1].url.endswith("/events/first-attacks/")
