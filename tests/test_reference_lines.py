"""A reference to an item that does not exist is reported at the exact line that
names it, wherever it stands: at any position of a list (block or flow style,
over several lines), under a key at any position of a mapping, in a list of
mappings, and nested in a claim. The expected line is found in the text
itself: the one line that holds the bad id."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import THEME

ACTORS = ["testland", "ana-silva", "ally-one", "ally-two"]  # the last two are added
BAD_ACTOR = "ana-silvia"
ACTOR_MESSAGE = f"actor '{BAD_ACTOR}' not found (did you mean 'ana-silva'?)"
BAD_SOURCE = "wire-reprot"
SOURCE_MESSAGE = f"source '{BAD_SOURCE}' not found (did you mean 'wire-report'?)"

ARTICLE_KEYS = [
    "title: Minister announces a port deal",
    "published: 2025-03-04",
    "summary: The trade minister spoke.",
    "topics: [economy]",
    "# the sources are checked too",
    "sources: [wire-report]",
    "",
    "places: [port-city]",
]


def line_of(text: str, needle: str) -> int:
    (line,) = [n for n, text_line in enumerate(text.splitlines(), 1) if needle in text_line]
    return line


@pytest.fixture
def root(golden_copy: Path) -> Path:
    """The golden site with two more actors, for lists of four valid ids."""
    for ally in ACTORS[2:]:
        (golden_copy / "content" / "actors" / f"{ally}.md").write_text(
            f"---\nname: {ally}\nkind: person\n---\n")
    return golden_copy


def failing_build(root: Path, tmp_path: Path, capsys) -> list[str]:
    """The problems a build reports, less its closing line."""
    assert main(["build", "--root", str(root), "--theme", str(THEME), "--output",
                 str(tmp_path / "out"), "--no-cache"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "build failed: 1 error"
    return err[:-1]


def with_bad(items: list[str], position: int, bad: str) -> list[str]:
    return items[:position] + [bad] + items[position:]


def block_list(key: str, items: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  - {item}\n" for item in items)


def flow_list_over_lines(key: str, items: list[str]) -> str:
    return f"{key}: [" + ",\n    ".join(items) + "]\n"


def front_matter(blocks: list[str], body: str = "A body.\n") -> str:
    return "---\n" + "".join(b if b.endswith("\n") else b + "\n" for b in blocks) + "---\n" + body


@pytest.mark.parametrize("style", [block_list, flow_list_over_lines])
@pytest.mark.parametrize("position", range(len(ACTORS) + 1))
def test_a_bad_id_in_a_list_is_reported_at_its_own_line(root, tmp_path, capsys, style, position):
    actors = style("actors", with_bad(ACTORS, position, BAD_ACTOR))
    text = front_matter(ARTICLE_KEYS[:4] + [actors] + ARTICLE_KEYS[4:])
    (root / "content" / "articles" / "port-deal.md").write_text(text)
    assert failing_build(root, tmp_path, capsys) == [
        f"content/articles/port-deal.md:{line_of(text, BAD_ACTOR)}: {ACTOR_MESSAGE}"]


@pytest.mark.parametrize("position", range(len(ARTICLE_KEYS) + 1))
def test_a_list_with_a_bad_id_is_reported_wherever_its_key_stands(root, tmp_path, capsys, position):
    actors = block_list("actors", with_bad(ACTORS, 2, BAD_ACTOR))
    text = front_matter(ARTICLE_KEYS[:position] + [actors] + ARTICLE_KEYS[position:])
    (root / "content" / "articles" / "port-deal.md").write_text(text)
    assert failing_build(root, tmp_path, capsys) == [
        f"content/articles/port-deal.md:{line_of(text, BAD_ACTOR)}: {ACTOR_MESSAGE}"]


FIGURE_KEYS = ["label: Population", "value: 1250000", "qualifier: about", "unit: people",
               "as_of: 2024", "scope: Whole country", "topics: [economy]", "status: confirmed"]


@pytest.mark.parametrize("position", range(len(FIGURE_KEYS) + 1))
def test_a_bad_id_under_a_key_is_reported_wherever_the_key_stands(root, tmp_path, capsys, position):
    """A figure is plain YAML, with no front matter: its first line is line 1."""
    text = "\n".join(with_bad(FIGURE_KEYS, position, "source: censsus")) + "\n"
    (root / "content" / "figures" / "population-2024.yaml").write_text(text)
    assert failing_build(root, tmp_path, capsys) == [
        f"content/figures/population-2024.yaml:{line_of(text, 'censsus')}: "
        "source 'censsus' not found (did you mean 'census'?)"]


EVENT_KEYS = ["title: Talks on the port", "date: 2025-02", "status: occurred",
              "topics: [economy]", "sources: [wire-report]", "summary: Officials met investors."]


def actor_mappings(ids: list[str], id_first: bool) -> str:
    """An event's actors as mappings of id and role, each written over two lines."""
    lines = ["actors:"]
    for ident in ids:
        pair = [f"id: {ident}", "role: host"]
        first, second = pair if id_first else pair[::-1]
        lines += [f"  - {first}", f"    {second}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("id_first", [True, False], ids=["id-first", "role-first"])
@pytest.mark.parametrize("position", range(3))
def test_a_bad_id_in_a_list_of_mappings_is_reported_at_its_line(root, tmp_path, capsys,
                                                                 position, id_first):
    actors = actor_mappings(with_bad(["testland", "ana-silva"], position, BAD_ACTOR), id_first)
    text = front_matter(EVENT_KEYS[:3] + [actors] + EVENT_KEYS[3:], body="")
    (root / "content" / "events" / "port-talks.md").write_text(text)
    assert failing_build(root, tmp_path, capsys) == [
        f"content/events/port-talks.md:{line_of(text, BAD_ACTOR)}: {ACTOR_MESSAGE}"]


def claims(bad_claim: int, bad_position: int) -> str:
    """Three claims, each citing two sources in a block list; one cites a bad id."""
    lines = ["claims:"]
    for number in range(3):
        sources = ["wire-report", "census"]
        if number == bad_claim:
            sources = with_bad(sources, bad_position, BAD_SOURCE)
        lines += [f"  - text: Claim {number}.", "    status: unverified", "    sources:"]
        lines += [f"      - {source}" for source in sources]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("bad_claim", range(3))
@pytest.mark.parametrize("bad_position", range(3))
def test_a_bad_id_nested_in_a_claim_is_reported_at_its_line(root, tmp_path, capsys,
                                                            bad_claim, bad_position):
    text = front_matter(ARTICLE_KEYS + [claims(bad_claim, bad_position)])
    (root / "content" / "articles" / "port-deal.md").write_text(text)
    assert failing_build(root, tmp_path, capsys) == [
        f"content/articles/port-deal.md:{line_of(text, BAD_SOURCE)}: {SOURCE_MESSAGE}"]
