"""'Your turn' exercises: a student computes an answer with pandas and checks it here.

The expected answer is always computed from the dataset at check time, never typed in,
so it stays right when the data is corrected. A check never raises on odd input: it
explains what it expected instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lessons import data
from lessons.html import Html, escape

__all__ = ["EXERCISES", "Exercise", "Range", "check", "verdict"]


@dataclass(frozen=True)
class Range:
    """An answer the dataset knows only within bounds (dates known to the month or year)."""

    low: int
    high: int


@dataclass(frozen=True)
class Exercise:
    """One exercise: its task, how to compute the answer from the data, and a hint."""

    task: str
    solve: Callable[[], object]
    hint: str


def _trotsky_stays() -> pd.DataFrame:
    """Trotsky's dated stays in order, each with the fewest and most days it can have lasted.

    A stay is sure from the last day it may have begun to the first day it may have ended; it can
    have lasted at most from its earliest start to its latest end, but never overlapping the stays
    before and after it ("1934" after a stay that ended in April 1934 begins in April at the soonest).
    """
    stays = data.residences()
    stays = stays[stays["person_id"] == "leon-trotsky"].merge(data.places(), on="place_id")
    stays = stays.dropna(subset=["earliest", "latest"]).sort_values("earliest", ignore_index=True)
    begins = pd.concat([stays["earliest"], stays["end_earliest"].shift(1)], axis=1).max(axis=1)
    ends = pd.concat([stays["latest"], stays["start_latest"].shift(-1)], axis=1).min(axis=1)
    return stays.assign(
        least=(stays["end_earliest"] - stays["start_latest"]).dt.days.clip(lower=0),
        most=(ends - begins).dt.days,
    )


def _days_in_country(country: str) -> int | Range:
    stays = _trotsky_stays()
    chosen = stays[stays["country"] == country]
    low, high = int(chosen["least"].sum()), int(chosen["most"].sum())
    return low if low == high else Range(low, high)


def _longest_stay_place() -> str:
    stays = _trotsky_stays()
    return str(stays.loc[stays["least"].idxmax(), "name"])


EXERCISES: dict[str, Exercise] = {
    "people-count": Exercise(
        task="How many people does the dataset describe?",
        solve=lambda: len(data.people()),
        hint="len() of a DataFrame counts its rows.",
    ),
    "days-in-norway": Exercise(
        task="How many days in all did Trotsky's stays in Norway last?",
        solve=lambda: _days_in_country("Norway"),
        hint="Filter the stays to country == 'Norway', then add up the days column.",
    ),
    "days-in-france": Exercise(
        task="How many days in all did Trotsky's stays in France last?",
        solve=lambda: _days_in_country("France"),
        hint="Filter the stays to country == 'France', then add up the days column.",
    ),
    "longest-stay": Exercise(
        task="In which place did Trotsky stay longest during his exile?",
        solve=_longest_stay_place,
        hint="Sort the stays by the days column, or use .idxmax() on it.",
    ),
}


def check(exercise_id: str, answer: object) -> Html:
    """Say whether an answer to an exercise is right, with a hint if it is not."""
    message = verdict(exercise_id, answer)
    return Html(f"<p><b>{escape(message)}</b></p>", message)


def verdict(exercise_id: str, answer: object) -> str:
    """The words of :func:`check`, as plain text."""
    exercise = EXERCISES.get(exercise_id)
    if exercise is None:
        return f"There is no exercise called {exercise_id!r}. Known: {', '.join(EXERCISES)}."
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return "✘ No answer yet: replace None with your answer and run the cell again."
    expected = exercise.solve()
    if isinstance(expected, int | Range):
        try:
            given = float(str(answer).strip())
        except ValueError:
            return f"✘ Expected a number, but got {answer!r}. Hint: {exercise.hint}"
        if isinstance(expected, Range):
            if expected.low <= given <= expected.high:
                return (f"✔ Right: {answer}. Some of these dates are known only to the month or the "
                        f"year, so the data allows anything from {expected.low} to {expected.high}.")
        elif given == expected:
            return f"✔ Right: {expected}."
        return f"✘ Not yet: {answer!r} is not it. Hint: {exercise.hint}"
    if str(answer).strip().casefold() == str(expected).casefold():
        return f"✔ Right: {expected}."
    return f"✘ Not yet: {answer!r} is not it. Hint: {exercise.hint}"
