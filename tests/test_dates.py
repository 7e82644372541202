"""lessons/dates.py: a date keeps its precision; earliest and latest are the days it may mean."""

from datetime import date

import pandas as pd
import pytest

from lessons import dates


@pytest.mark.parametrize(("text", "first", "last"), [
    ("1934", "1934-01-01", "1934-12-31"),
    ("1936-09", "1936-09-01", "1936-09-30"),
    ("1940-02", "1940-02-01", "1940-02-29"),
    ("1940-08-20", "1940-08-20", "1940-08-20"),
])
def test_earliest_and_latest_span_the_precision(text, first, last):
    assert dates.earliest(text) == pd.Timestamp(first)
    assert dates.latest(text) == pd.Timestamp(last)
    assert dates.period(text).freqstr[0] in "YMD"


def test_a_stored_date_and_its_precision_give_the_same_span():
    assert dates.latest(pd.Timestamp("1934-01-01"), "year") == pd.Timestamp("1934-12-31")
    firsts = pd.Series(pd.to_datetime(["1934-01-01", "1936-09-01", "1940-08-20", None]))
    spans = dates.latest_days(firsts, pd.Series(["year", "month", "day", None]))
    assert list(spans[:3]) == list(pd.to_datetime(["1934-12-31", "1936-09-30", "1940-08-20"]))
    assert pd.isna(spans[3]) and pd.isna(dates.earliest(None))


def test_problems_with_a_written_date():
    today = date(2026, 1, 1)
    assert dates.problem("1929-02-12", today) is None
    assert "YYYY" in dates.problem("12/02/1929", today)
    assert "real calendar date" in dates.problem("1929-02-30", today)
    assert "in the future" in dates.problem("2090", today)
    assert "in the future" in dates.problem("2026-02", today)
    assert "before 1800" in dates.problem("1799-12-31", today)


def test_format_at_precision():
    assert dates.format_date("1940-08-20", "day") == "20 August 1940"
    assert dates.format_date("1929-02", "month") == "February 1929"
    assert dates.format_date("1935", "year") == "1935"
    assert dates.format_date(None, "day") == "" and dates.format_date(pd.NaT, "day") == ""
    assert dates.stay_span(pd.NaT, None, pd.Timestamp("1928-01-01"), "month") == "until January 1928"
    assert dates.stay_span(pd.NaT, None, pd.NaT, None) == "dates unknown"


def test_old_style_is_12_days_behind_in_the_1800s_and_13_from_1900():
    born = pd.Timestamp("1879-11-07")
    assert dates.old_style_problem(born, "day", "1879-10-26") is None
    assert "should be 12 days before" in dates.old_style_problem(born, "day", "1879-10-25")
    assert dates.old_style_problem(pd.Timestamp("1917-12-20"), "day", "1917-12-07") is None
    assert "Gregorian calendar from 14 February 1918" in dates.old_style_problem(
        pd.Timestamp("1918-03-01"), "day", "1918-02-16")
    assert dates.old_style_problem(born, "year", "1879-10-25") is None  # only day-precise dates
