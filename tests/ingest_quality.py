"""Measure ingest on the labelled texts in tests/fixtures/ingest/labelled.yaml,
against the real briefing's actors, places and lexicon.

    python -m tests.ingest_quality     # prints precision and recall per text and overall
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.load.dates import parse_date
from briefing.ingest.analyse import Analysis, Knowledge, analyse
from briefing.ingest.quotes import Quotation
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
    quotes: Tally = field(default_factory=Tally)
    countries: Tally = field(default_factory=Tally)
    dates: Tally = field(default_factory=Tally)
    topics_right: int = 0
    texts: int = 0
    languages_right: int = 0
    lines: list[str] = field(default_factory=list)


def labelled_texts() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["texts"]


def unwrapped(text: str) -> str:
    """The labelled texts are wrapped to fit the file; ingest reads a paragraph as
    one line, as it reads a plain-text article (extract.read_plain)."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text).strip()


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


# Speakers that stand for someone named elsewhere: a quotation said by one is
# not attributed.
PRONOUNS = frozenset({"he", "she", "they", "ele", "ela", "eles", "elas"})


def attribution(quote: Quotation) -> tuple[str, str]:
    """Who the draft's note says spoke: (the speaker as written, the known actor)."""
    actor = quote.speaker if quote.known else ""
    written = quote.said_by if fold(quote.said_by) not in PRONOUNS else ""
    if not written and not quote.known:
        written = quote.speaker  # a name the note gives for want of one in the sentence
    return written, actor


def matched_quotes(analysis: Analysis, expected: list[dict]) -> tuple[int, int, int]:
    """(right, found, expected) over the labelled quotations. A quotation is found when
    ingest names a speaker for it; right when it names the labelled actor or, where
    the sentence names none, the speaker as written."""
    right = found = wanted = 0
    for label in expected:
        quote = next((q for q in analysis.quotations
                      if fold(q.text).startswith(fold(label["quote"]))), None)
        written, actor = attribution(quote) if quote else ("", "")
        wanted += bool(label["speaker"] or label["actor"])
        found += bool(written or actor)
        if label["actor"]:
            right += actor == label["actor"]
        elif label["speaker"]:
            right += not actor and fold(written) == fold(label["speaker"])
    return right, found, wanted


def matched_countries(analysis: Analysis, expected: list[str]) -> tuple[int, int, int]:
    """A country is found as a candidate to add, or, once the briefing has it as an actor
    or a place, as a mention of that item (what it is written as in the text)."""
    found = {fold(c.name) for c in analysis.candidates if c.kind == "country"}
    found |= {fold(m.written) for m in analysis.mentions} & {fold(name) for name in expected}
    wanted = {fold(name) for name in expected}
    return len(found & wanted), len(found), len(wanted)


def matched_dates(analysis: Analysis, expected: list[dict]) -> tuple[int, int, int]:
    """A date is right when it is found where the label has it and resolves as labelled."""
    left = list(analysis.dates)
    right = 0
    for label in expected:
        for date in left:
            if fold(str(label["written"])) in fold(date.written) and (
                    resolved(date) == str(label["resolved"])):
                left.remove(date)
                right += 1
                break
    return right, len(analysis.dates), len(expected)


def resolved(date) -> str:
    return date.resolved if date.relative else date.iso


def measure(texts: list[dict] | None = None, knowledge: Knowledge | None = None) -> Report:
    knowledge = knowledge or read_knowledge(REPO)
    report = Report()
    for item in labelled_texts() if texts is None else texts:
        published = parse_date(str(item["published"])) if item.get("published") else None
        analysis = analyse(unwrapped(item["text"]), knowledge, published=published)
        actors, places = set(analysis.ids("actor")), set(analysis.ids("place"))
        report.actors.add(len(actors & set(item["actors"])), len(actors), len(item["actors"]))
        report.places.add(len(places & set(item["places"])), len(places), len(item["places"]))
        numbers_right = matched_numbers(analysis, item["numbers"])
        report.numbers.add(numbers_right, len(analysis.numbers), len(item["numbers"]))
        report.quotes.add(*matched_quotes(analysis, item.get("quotes", [])))
        report.countries.add(*matched_countries(analysis, item.get("countries", [])))
        if published is not None:
            report.dates.add(*matched_dates(analysis, item.get("dates", [])))
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
    rows = [f"{name:9} precision {t.precision:.3f} recall {t.recall:.3f} "
            f"({t.right} right, {t.found} found, {t.expected} expected)"
            for name, t in (("actors", report.actors), ("places", report.places),
                            ("numbers", report.numbers), ("speakers", report.quotes),
                            ("countries", report.countries), ("dates", report.dates))]
    rows.append(f"topics    top topic right in {report.topics_right} of {report.texts}")
    rows.append(f"language  right in {report.languages_right} of {report.texts}")
    return "\n".join(report.lines + [""] + rows)


if __name__ == "__main__":
    knowledge = read_knowledge(REPO)
    print(summary(measure(knowledge=knowledge)))
    held_out = [t for t in labelled_texts() if t.get("set") == "held-out"]
    print(f"\nheld-out texts only ({len(held_out)}, written after the tool was tuned):")
    print(summary(measure(held_out, knowledge)).split("\n\n", 1)[1])
    issue = [t for t in labelled_texts() if t.get("set") == "issue-16"]
    print(f"\nspeakers, countries and relative dates ({len(issue)} texts, issue 16):")
    print(summary(measure(issue, knowledge)).split("\n\n", 1)[1])
    held_out = [t for t in labelled_texts() if t.get("set") == "held-out-16"]
    print(f"\nheld out for issue 16 ({len(held_out)} texts, written after its change):")
    print(summary(measure(held_out, knowledge)).split("\n\n", 1)[1])
