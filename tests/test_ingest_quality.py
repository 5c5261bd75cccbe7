"""Ingest's quality on labelled texts, with the thresholds the issues set: 0.9
for names, speakers, countries and dates, 0.8 for numbers and topics."""
from __future__ import annotations

from .ingest_quality import labelled_texts, measure, summary


def test_labelled_set_is_large_enough_and_bilingual():
    texts = labelled_texts()
    assert len(texts) >= 10
    assert {t["language"] for t in texts} == {"en", "pt"}
    assert len({t["id"] for t in texts}) == len(texts)


def test_speakers_countries_and_relative_dates_are_labelled_in_both_languages():
    texts = labelled_texts()
    for key in ("quotes", "countries"):
        assert all(key in t for t in texts), f"every text labels its {key}"
    dated = [t for t in texts if t.get("published")]
    assert {t["language"] for t in dated} == {"en", "pt"}
    labelled = [t for t in dated if t["dates"] and t["quotes"] and t["countries"]]
    assert {t["language"] for t in labelled} == {"en", "pt"}
    titles = [q["speaker"] for t in texts for q in t["quotes"] if q["speaker"] and not q["actor"]]
    assert "o porta-voz da polícia" in titles and "the provincial commander" in titles


def test_precision_and_recall_meet_the_thresholds():
    report = measure()
    print("\n" + summary(report))  # shown with pytest -s, or on failure
    assert report.actors.precision >= 0.9 and report.actors.recall >= 0.9, summary(report)
    assert report.places.precision >= 0.9 and report.places.recall >= 0.9, summary(report)
    assert report.numbers.precision >= 0.8 and report.numbers.recall >= 0.8, summary(report)
    for tally in (report.quotes, report.countries, report.dates):
        assert tally.precision >= 0.9 and tally.recall >= 0.9, summary(report)
    assert min(report.quotes.expected, report.countries.expected, report.dates.expected) >= 20
    assert report.topics_right / report.texts >= 0.8, summary(report)
    assert report.languages_right == report.texts, summary(report)
