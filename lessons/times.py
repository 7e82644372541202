"""Times of day as the dataset writes them, each kept at its own precision, as :mod:`lessons.dates`
keeps a date's.

A time is written ``HH:MM`` (24-hour clock, local time) with a precision beside it:

- ``minute``: the source gives the clock time to the minute (``19:25``);
- ``approximate``: the source says "about" a clock time (``about 17:20``): read as the quarter of an
  hour either side of it;
- ``hour``: the source gives only the hour ("after five"): ``17:00`` means some minute from 17:00 to
  17:59;
- ``part of day``: the source says only "at night", "in the morning", "in the afternoon" or "in the
  evening": the time is the start of that part of the day (00:00, 06:00, 12:00, 18:00), and the
  moment may be any minute of its six hours.

So ``18:00`` at ``part of day`` means "in the evening", never six o'clock, just as ``1934`` at
``year`` means some day of 1934, never 1 January. :func:`window` gives the first and last minute a
time can mean; everything that measures time (the loader's ``earliest``/``latest`` columns, the
chart, the exercises) goes through it.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from lessons.dates import format_date

__all__ = ["APPROXIMATE", "PARTS_OF_DAY", "PRECISIONS", "format_moment", "format_time", "problem",
           "window", "windows"]

PRECISIONS = ("minute", "approximate", "hour", "part of day")

# "About 17:20" is read as a quarter of an hour either side: the spread an eyewitness's "about"
# or "between 5:20 and 5:30" leaves.
APPROXIMATE = pd.Timedelta(minutes=15)

# The four parts of a day a source may name, by the time that starts each; each lasts six hours.
PARTS_OF_DAY = {"00:00": "night", "06:00": "morning", "12:00": "afternoon", "18:00": "evening"}
PART_LENGTH = pd.Timedelta(hours=6)

_FORM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def problem(text: str, precision: str | None = None) -> str | None:
    """What is wrong with a time of day as written in a CSV cell (and with its precision), or None."""
    if not _FORM.fullmatch(text):
        return f"{text!r} is not a time written HH:MM on the 24-hour clock (e.g. 17:20)"
    if precision is None:
        return None
    if precision not in PRECISIONS:
        return f"{precision!r} is not a time precision (expected: {', '.join(PRECISIONS)})"
    if precision == "hour" and not text.endswith(":00"):
        return f"{text!r} is given to the hour, so it is written with :00 (e.g. {text[:2]}:00)"
    if precision == "part of day" and text not in PARTS_OF_DAY:
        starts = ", ".join(f"{start} ({name})" for start, name in PARTS_OF_DAY.items())
        return f"{text!r} is given as a part of the day, so it is the start of one: {starts}"
    return None


def _offset(text: str) -> pd.Timedelta:
    hours, minutes = text.split(":")
    return pd.Timedelta(hours=int(hours), minutes=int(minutes))


def window(day: Any, time: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last minute a time on a given day can mean, read at its precision."""
    found = problem(time, precision)
    if found:
        raise ValueError(found)
    moment = pd.Timestamp(day).normalize() + _offset(time)
    if precision == "approximate":
        return moment - APPROXIMATE, moment + APPROXIMATE
    if precision == "hour":
        return moment, moment + pd.Timedelta(minutes=59)
    if precision == "part of day":
        return moment, moment + PART_LENGTH - pd.Timedelta(minutes=1)
    return moment, moment


def windows(days: pd.Series, times: pd.Series, precisions: pd.Series) -> pd.DataFrame:
    """For columns of days, times and precisions: the moment written (``at``), and the first and
    last minute each can mean (``earliest``, ``latest``), as datetimes."""
    spans = [window(d, t, str(p)) for d, t, p in zip(days, times, precisions)]
    at = [pd.Timestamp(d).normalize() + _offset(t) for d, t in zip(days, times)]
    frame = pd.DataFrame({"at": at, "earliest": [s[0] for s in spans], "latest": [s[1] for s in spans]},
                         index=days.index)
    return frame.astype("datetime64[us]")


def format_time(time: str, precision: str) -> str:
    """Write a time as a reader expects it, no more precisely than it is known."""
    if precision == "approximate":
        return f"about {time}"
    if precision == "hour":
        return f"between {time} and {int(time[:2]):02d}:59"
    if precision == "part of day":
        return f"in the {PARTS_OF_DAY[time]}"
    return time


def format_moment(day: Any, time: str, precision: str) -> str:
    """A time and its day as one phrase: 'about 17:20 on 20 August 1940', 'in the evening of ...'."""
    date_text = format_date(day, "day")
    if precision == "part of day":
        return f"in the {PARTS_OF_DAY[time]} of {date_text}"
    return f"{format_time(time, precision)} on {date_text}"
