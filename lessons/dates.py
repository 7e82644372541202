"""Dates as the dataset writes them: a day, a month or a year, each kept at its own precision.

``1934`` means some day of 1934, not 1 January: :func:`period` reads it as ``pd.Period("1934",
"Y")``, whose :func:`earliest` and :func:`latest` days are 1 January and 31 December. Everything
that compares or measures dates (the loader's ``earliest``/``latest`` columns, the chart bars,
the question generators, the exercises) goes through this module rather than guessing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

__all__ = [
    "EARLIEST_PLAUSIBLE", "MONTHS", "PRECISIONS", "PRECISION_BY_LENGTH", "earliest", "first_day",
    "format_date",
    "format_span", "latest", "latest_days", "old_style_problem", "period", "problem", "stay_span",
]

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)

# The precision a partial date must carry, by its length.
PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}
PRECISIONS = {"year": "Y", "month": "M", "day": "D"}

# The course's oldest facts are births in the 1850s; a date before 1800 is a typing slip.
EARLIEST_PLAUSIBLE = date(1800, 1, 1)

_FORM = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def problem(text: str, today: date | None = None) -> str | None:
    """What is wrong with a partial date as written in a CSV cell, or None if it is sound."""
    if not _FORM.fullmatch(text):
        return f"{text!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
    parts = [int(p) for p in text.split("-")]
    try:
        first = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return f"{text!r} is not a real calendar date"
    today = today or date.today()
    if first < EARLIEST_PLAUSIBLE:
        return f"{text!r} is before {EARLIEST_PLAUSIBLE.year}, earlier than anything in this course"
    if first > today:
        return f"{text!r} is in the future (today is {today.isoformat()})"
    return None


def period(value: Any, precision: str | None = None) -> pd.Period | None:
    """The day, month or year a date means; ``precision`` defaults to how the text is written."""
    if _missing(value):
        return None
    if isinstance(value, str):
        precision = precision or PRECISION_BY_LENGTH.get(len(value))
    if precision not in PRECISIONS:
        raise ValueError(f"unknown date precision {precision!r} (expected year, month or day)")
    return pd.Period(pd.Timestamp(value), freq=PRECISIONS[precision])


def earliest(value: Any, precision: str | None = None) -> pd.Timestamp:
    """The first day a date can mean (NaT when there is no date)."""
    span = period(value, precision)
    return pd.NaT if span is None else pd.Timestamp(span.start_time).as_unit("us")


def latest(value: Any, precision: str | None = None) -> pd.Timestamp:
    """The last day a date can mean (NaT when there is no date): 31 December for a year."""
    span = period(value, precision)
    return pd.NaT if span is None else pd.Timestamp(span.end_time).floor("D").as_unit("us")


def first_day(text: str) -> date:
    """The first day a partial date written as text can mean (fast: no pandas)."""
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def latest_days(firsts: pd.Series, precisions: pd.Series) -> pd.Series:
    """For dates stored at their first day, the last day each can mean, by its precision."""
    precision = precisions.astype(object)
    result = firsts.copy()
    year, month = precision == "year", precision == "month"
    result[year] = firsts[year] + pd.offsets.YearEnd(0)
    result[month] = firsts[month] + pd.offsets.MonthEnd(0)
    return result


def format_date(value: Any, precision: str | None) -> str:
    """Write a date as a reader expects it, no more precisely than it is known."""
    if _missing(value):
        return ""
    stamp = pd.Timestamp(value)
    if precision == "year":
        return f"{stamp.year}"
    if precision == "month":
        return f"{MONTHS[stamp.month - 1]} {stamp.year}"
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"


def format_span(start: Any, end: Any, precision: str | None) -> str:
    """Write a start date and an optional end date as one readable span."""
    first = format_date(start, precision)
    if _missing(end):
        return first
    return f"{first} – {format_date(end, precision)}"


def stay_span(start: Any, start_precision: str | None, end: Any, end_precision: str | None) -> str:
    """A stay's dates, each at its own precision; a missing end or start is said in words."""
    if _missing(start):
        return f"until {format_date(end, end_precision)}" if not _missing(end) else "dates unknown"
    if _missing(end):
        return f"from {format_date(start, start_precision)}"
    return f"{format_date(start, start_precision)} – {format_date(end, end_precision)}"


# Russia moved to the Gregorian calendar on 14 February 1918 (New Style).
GREGORIAN_IN_RUSSIA = pd.Timestamp("1918-02-14")


def old_style_problem(new_style: Any, precision: Any, old_style: Any) -> str | None:
    """Check an Old Style (Julian) date against its New Style twin: 12 days behind in the
    1800s, 13 from March 1900 until Russia changed calendars in February 1918."""
    if not isinstance(old_style, str) or _missing(new_style) or precision != "day":
        return None
    try:
        julian = pd.Timestamp(old_style)
    except ValueError:
        return f"{old_style!r} is not a date written YYYY-MM-DD"
    new_style = pd.Timestamp(new_style)
    if new_style >= GREGORIAN_IN_RUSSIA:
        return f"{old_style!r} given, but Russia used the Gregorian calendar from 14 February 1918"
    gap = 13 if new_style >= pd.Timestamp("1900-03-14") else 12
    if (new_style - julian).days != gap:
        return (f"{old_style!r} should be {gap} days before {new_style.date()}, "
                f"i.e. {(new_style - pd.Timedelta(days=gap)).date()}")
    return None
