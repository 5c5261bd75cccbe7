"""What a fact-checker catches, the build catches: a translation whose numbers or dates
differ from its original's (a warning at its line, naming both files; `check` lists
them all), and the numbers a text states, read as its language writes them; and
nothing is confirmed unless the editor said so."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from briefing.cli import main
from briefing.model.numbers import months_in, numbers_in, states_number

from .conftest import overlay_golden


@pytest.mark.parametrize("text, language, numbers", [
    ("1,300,000 people", "en", {1_300_000}),
    ("more than 1.3 million people", "en", {1_300_000}),
    ("a 4.7-billion-dollar loan", "en", {4_700_000_000}),
    ("Only 66 million of\nthe 352 million dollars", "en", {66_000_000, 352_000_000}),
    ("US$1.15bn", "en", {1_150_000_000}),
    ("36 per cent in 2024", "en", {36, 2024}),
    ("since 11:00 that Sunday", "en", {11}),
    ("round-19 and the G20", "en", {19}),
    ("1,3 milhões de pessoas", "pt", {1_300_000}),
    ("quase 100 000 pessoas", "pt", {100_000}),
    ("20 mil milhões de dólares", "pt", {20_000_000_000}),
    ("6 432 mortos e 1.300.000", "pt", {6432, 1_300_000}),
    ("1,3 million ; 100 000", "fr", {1_300_000, 100_000}),
])
def test_numbers_are_read_as_their_language_writes_them(text, language, numbers):
    assert numbers_in(text, language) == numbers


def test_months_are_named_in_each_language_and_may_the_verb_is_not_one():
    assert months_in("27 February 2026; they may meet in May", "en") == {2, 5}
    assert months_in("a visita, que pode ser em maio", "en") == set()
    assert months_in("27 de Fevereiro de 2026 e em março", "pt") == {2, 3}
    assert months_in("le 27 février 2026", "fr") == {2}


def test_a_claim_states_a_number_only_if_it_is_that_number():
    assert states_number("More than 1.3 million people fled.", "en", 1_300_000)
    assert not states_number("More than 1.2 million people fled.", "en", 1_300_000)
    assert not states_number("Nearly 350 died.", "en", 349)


CHANGED = """---
title: Ministra anuncia um acordo para o porto
summary: A ministra do Comércio disse que uma empresa estrangeira vai ampliar o porto; o valor do acordo não está confirmado.
claims:
  - text: O acordo vale 150 milhões de dólares.
    note: Nenhum documento indica o valor.
  - text: A ministra falou em Port City em Março.
---
As declarações da ministra seguiram-se [às conversações](event:port-talks).

## Contexto

Ver a [Província do Norte](place:north) e o [recenseamento](source:census).
"""


@pytest.fixture
def changed_translation(tmp_path):
    root = overlay_golden(tmp_path / "briefing", theme=False)
    (root / "content" / "articles" / "port-deal.pt.md").write_text(CHANGED)
    return root


WARNINGS = [
    "content/articles/port-deal.pt.md:5: warning: numbers or dates differ from the original "
    "(content/articles/port-deal.md): only the original has 100,000,000; only this "
    "translation has 150,000,000",
    "content/articles/port-deal.pt.md:7: warning: numbers or dates differ from the original "
    "(content/articles/port-deal.md): only the original has none; only this translation has "
    "March",
]


def test_a_translation_with_a_changed_number_is_a_warning_at_its_line(changed_translation,
                                                                      tmp_path, capsys):
    assert main(["build", "--root", str(changed_translation), "--no-search",
                 "--output", str(tmp_path / "site")]) == 0
    errors = capsys.readouterr().err.splitlines()
    assert [line for line in errors if "differ from the original" in line] == WARNINGS


def test_check_lists_every_translation_that_differs(changed_translation, tmp_path, capsys):
    assert main(["build", "--root", str(changed_translation), "--no-search",
                 "--output", str(tmp_path / "site")]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(changed_translation),
                 "--output", str(tmp_path / "site")]) == 0
    errors = capsys.readouterr().err.splitlines()
    assert [line for line in errors if "differ from the original" in line] == WARNINGS


def test_the_golden_translations_say_the_same_as_their_originals(tmp_path, capsys):
    root = overlay_golden(tmp_path / "briefing", theme=False)
    assert main(["build", "--root", str(root), "--no-search",
                 "--output", str(tmp_path / "site")]) == 0
    assert "differ from the original" not in capsys.readouterr().err


# Nothing confirmed by default: every field that says how sure the briefing is ------

# Each field of the model that carries a confidence, a status or a grade: either the
# editor must give it (a file without it is refused), or, left out, it is shown as
# not stated. The first test keeps this table whole as the model grows.
SURENESS_WORDS = ("status", "confidence", "reliability")
REQUIRED = {  # (class, field): (a file of the golden briefing, the line that gives it)
    ("Claim", "status"): ("content/articles/port-deal.md", "    status: unverified\n"),
    ("Event", "status"): ("content/events/port-talks.md", "status: occurred\n"),
    ("Figure", "status"): ("content/figures/deaths-2024.yaml", "status: unverified\n"),
    ("Source", "reliability"): ("seeds/wire-report.yaml", "reliability: B\n"),
}
NOT_STATED = {("EventPlace", "confidence")}


def test_every_field_that_carries_a_confidence_or_status_is_walked():
    import dataclasses
    from briefing.model import items
    found = {(cls.__name__, field.name) for cls in vars(items).values()
             if isinstance(cls, type) and dataclasses.is_dataclass(cls)
             and cls.__module__.startswith("briefing.model")
             for field in dataclasses.fields(cls) if field.name in SURENESS_WORDS}
    assert found == set(REQUIRED) | NOT_STATED


@pytest.mark.parametrize("field", sorted(REQUIRED), ids=lambda field: ".".join(field))
def test_a_status_or_grade_left_out_is_refused_never_assumed(tmp_path, capsys, field):
    name, line = REQUIRED[field]
    root = overlay_golden(tmp_path / "briefing")
    path = root / name
    assert line in path.read_text()
    path.write_text(path.read_text().replace(line, "", 1))
    assert main(["build", "--root", str(root), "--output", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^{re.escape(name)}:\d+: missing required key '{field[1]}'", err, re.M), err


def test_places_and_roles_given_bare_are_shown_as_not_stated_everywhere(tmp_path):
    """Every event's places and actors given as bare ids: no page, feed, JSON-LD block,
    map or open-data file says any of them is confirmed, reported or disputed, and no
    role is made up."""
    from briefing.engine import BuildOptions
    from .conftest import render
    root = overlay_golden(tmp_path / "briefing")
    for path in (root / "content" / "events").glob("*.md"):
        text = re.sub(r"\n  - id: ([\w-]+)\n    (confidence|role): [\w ]+", r"\n  - \1",
                      path.read_text())
        path.write_text(text)
    assert "confidence:" not in "".join(p.read_text() for p in (root / "content").rglob("*.md"))
    files = render(BuildOptions(root=root)).files
    shown = 0
    events = json.loads(files["data/events.json"])["events"]
    assert events and all(place["confidence"] is None for e in events for place in e["places"])
    assert all(row["place_confidence"] == "" for row in
               csv.DictReader(io.StringIO(files["data/events.csv"].decode())))
    for name, data in files.items():
        if not name.endswith((".html", ".xml", ".json")):
            continue
        text = data.decode()
        assert not re.search(r"confidence-(confirmed|reported|disputed)|mark-disputed", text), name
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            assert not re.search(r'"(confidence|role)"', block), name
        said = re.findall(r'class="confidence confidence-([\w-]+)"', text)
        assert set(said) <= {"not-stated"}, name
        shown += bool(said)
    assert shown >= 6  # three events with places, in two editions
    page = files["events/port-talks/index.html"].decode()
    assert "host" not in page  # the role the editor took away is not put back


def test_a_briefing_dated_before_a_check_warns_at_the_check(tmp_path, capsys):
    """--as-of before an announced event's 'checked' day publishes "no report found as
    of" a day after the briefing's own date: the build says so at the check's line."""
    root = overlay_golden(tmp_path / "briefing")
    output = str(tmp_path / "site")
    assert main(["build", "--root", str(root), "--output", output, "--as-of", "2025-03-01",
                 "--no-search"]) == 0
    err = capsys.readouterr().err
    assert ("content/events/state-visit.md:4: warning: 'checked: 2025-03-04' is later than the "
            "briefing's date (2025-03-01, given with --as-of)") in err
    assert main(["build", "--root", str(root), "--output", output, "--as-of", "2025-03-04",
                 "--no-search"]) == 0
    assert "given with --as-of" not in capsys.readouterr().err
