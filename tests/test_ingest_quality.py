"""Ingest's quality on labelled texts, with the thresholds the issue sets."""
from __future__ import annotations

from .ingest_quality import labelled_texts, measure, summary


def test_labelled_set_is_large_enough_and_bilingual():
    texts = labelled_texts()
    assert len(texts) >= 10
    assert {t["language"] for t in texts} == {"en", "pt"}
    assert len({t["id"] for t in texts}) == len(texts)


def test_precision_and_recall_meet_the_thresholds():
    report = measure()
    print("\n" + summary(report))  # shown with pytest -s, or on failure
    assert report.actors.precision >= 0.9 and report.actors.recall >= 0.9, summary(report)
    assert report.places.precision >= 0.9 and report.places.recall >= 0.9, summary(report)
    assert report.numbers.precision >= 0.8 and report.numbers.recall >= 0.8, summary(report)
    assert report.topics_right / report.texts >= 0.8, summary(report)
    assert report.languages_right == report.texts, summary(report)
