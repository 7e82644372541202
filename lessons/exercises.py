"""'Your turn' exercises: a student computes an answer with pandas and checks it here.

The expected answer is always computed from the dataset at check time, never typed in,
so it stays right when the data is corrected. A check never raises on odd input: it
explains what it expected instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import pandas as pd

from lessons import data
from lessons.display import Html


@dataclass(frozen=True)
class Exercise:
    """One exercise: its task, how to compute the answer from the data, and a hint."""

    task: str
    solve: Callable[[], object]
    hint: str


def _trotsky_stays() -> pd.DataFrame:
    stays = data.residences()
    stays = stays[stays["person_id"] == "leon-trotsky"].merge(data.places(), on="place_id")
    return stays.assign(days=(stays["end_date"] - stays["start_date"]).dt.days)


def _days_in_country(country: str) -> int:
    stays = _trotsky_stays()
    return int(stays.loc[stays["country"] == country, "days"].sum())


def _longest_stay_place() -> str:
    stays = _trotsky_stays().dropna(subset=["days"])
    return str(stays.loc[stays["days"].idxmax(), "name"])


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
    if isinstance(expected, int):
        try:
            given = float(str(answer).strip())
        except ValueError:
            return f"✘ Expected a number, but got {answer!r}. Hint: {exercise.hint}"
        if given == expected:
            return f"✔ Right: {expected}."
        return f"✘ Not yet: {answer!r} is not it. Hint: {exercise.hint}"
    if str(answer).strip().casefold() == str(expected).casefold():
        return f"✔ Right: {expected}."
    return f"✘ Not yet: {answer!r} is not it. Hint: {exercise.hint}"
