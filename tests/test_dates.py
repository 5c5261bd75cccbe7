import pytest

from briefing.load.dates import parse_date
from briefing.vocabulary import PartialDate
from briefing.errors import Collector
from briefing.load.frontmatter import parse_document
from briefing.model.catalogues import format_partial_date, read_catalogues

from .conftest import THEME


@pytest.mark.parametrize("text, precision, shown", [
    ("2025-07-22", "day", "22 July 2025"),
    ("2025-07", "month", "July 2025"),
    ("2025", "year", "2025"),
])
def test_dates_keep_their_precision(text, precision, shown):
    date = parse_date(text)
    assert date.precision == precision
    assert format_partial_date(date, "en_GB") == shown
    assert date.iso() == text


def english_catalogue():
    text = (THEME / "i18n" / "en.yaml").read_text()
    docs = {"en": parse_document("i18n/en.yaml", text, has_body=False)}
    return read_catalogues(docs, ["en"], "en", Collector())["en"]


def test_unknown_date():
    date = parse_date("unknown", allow_unknown=True)
    assert date.precision == "unknown"
    assert not date.known
    assert english_catalogue().date(date) == "date not set"
    assert date.iso() == ""


@pytest.mark.parametrize("text, message", [
    ("2025-13", "'2025-13' is not a date: month 13 does not exist"),
    ("2025-02-29", "'2025-02-29' is not a date: day 29 does not exist in 2025-02"),
    ("22 July 2025", "'22 July 2025' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"),
    ("unknown", "'unknown' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"),
    ("0000", "'0000' is not a date: year 0 does not exist"),
])
def test_bad_dates_say_why(text, message):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == message


def test_leap_day_is_a_date():
    assert parse_date("2024-02-29") == PartialDate(2024, 2, 29)


def test_order_is_chronological_with_coarser_dates_first():
    dates = [parse_date(t) for t in ("2025-07-22", "2025", "2024-12-31", "2025-07")]
    assert [d.iso() for d in sorted(dates)] == ["2024-12-31", "2025", "2025-07", "2025-07-22"]


def test_first_day():
    assert parse_date("2025-07").first_day() == "2025-07-01"
    assert parse_date("2025").first_day() == "2025-01-01"
