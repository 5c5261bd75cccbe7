"""Measure ingest on the labelled texts in tests/fixtures/ingest/labelled.yaml,
against the real briefing's actors, places and lexicon.

    python -m tests.ingest_quality     # prints precision and recall per text and overall
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.ingest.analyse import Analysis, Knowledge, analyse
from briefing.ingest.command import read_knowledge
from briefing.ingest.text import fold

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "tests" / "fixtures" / "ingest" / "labelled.yaml"


@dataclass
class Tally:
    """Counts for precision and recall over many texts."""

    right: int = 0
    found: int = 0
    expected: int = 0

    def add(self, right: int, found: int, expected: int) -> None:
        self.right += right
        self.found += found
        self.expected += expected

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class Report:
    actors: Tally = field(default_factory=Tally)
    places: Tally = field(default_factory=Tally)
    numbers: Tally = field(default_factory=Tally)
    topics_right: int = 0
    texts: int = 0
    languages_right: int = 0
    lines: list[str] = field(default_factory=list)


def labelled_texts() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["texts"]


def matched_numbers(analysis: Analysis, expected: list[dict]) -> int:
    """A number is right when its value matches and what it counts names the label's word."""
    left = list(analysis.numbers)
    right = 0
    for label in expected:
        for number in left:
            if number.value == label["value"] and fold(label["counts"]) in fold(number.counts).split():
                left.remove(number)
                right += 1
                break
    return right


def measure(texts: list[dict] | None = None, knowledge: Knowledge | None = None) -> Report:
    knowledge = knowledge or read_knowledge(REPO)
    report = Report()
    for item in labelled_texts() if texts is None else texts:
        analysis = analyse(item["text"], knowledge)
        actors, places = set(analysis.ids("actor")), set(analysis.ids("place"))
        report.actors.add(len(actors & set(item["actors"])), len(actors), len(item["actors"]))
        report.places.add(len(places & set(item["places"])), len(places), len(item["places"]))
        numbers_right = matched_numbers(analysis, item["numbers"])
        report.numbers.add(numbers_right, len(analysis.numbers), len(item["numbers"]))
        top = analysis.topics[0].topic if analysis.topics and analysis.topics[0].matches else ""
        report.topics_right += top == item["topic"]
        report.languages_right += analysis.language == item["language"]
        report.texts += 1
        report.lines.append(
            f"{item['id']:32} {analysis.language} top={top:10} "
            f"actors +{sorted(actors - set(item['actors']))} -{sorted(set(item['actors']) - actors)} "
            f"places +{sorted(places - set(item['places']))} -{sorted(set(item['places']) - places)} "
            f"numbers {numbers_right}/{len(item['numbers'])} of {len(analysis.numbers)} found")
    return report


def summary(report: Report) -> str:
    rows = [f"{name:8} precision {t.precision:.3f} recall {t.recall:.3f} "
            f"({t.right} right, {t.found} found, {t.expected} expected)"
            for name, t in (("actors", report.actors), ("places", report.places),
                            ("numbers", report.numbers))]
    rows.append(f"topics   top topic right in {report.topics_right} of {report.texts}")
    rows.append(f"language right in {report.languages_right} of {report.texts}")
    return "\n".join(report.lines + [""] + rows)


if __name__ == "__main__":
    knowledge = read_knowledge(REPO)
    print(summary(measure(knowledge=knowledge)))
    held_out = [t for t in labelled_texts() if t.get("set") == "held-out"]
    print(f"\nheld-out texts only ({len(held_out)}, written after the tool was tuned):")
    print(summary(measure(held_out, knowledge)).split("\n\n", 1)[1])
