"""Checks across the whole dataset that no schema can express: one fact stated twice with two
values, a source nobody cites, one person entered under two names, impossible lifespans.

For maintainers and the tests; lessons never need it. `problems()` returns plain sentences, each
naming the file and the row, and an empty list when the dataset is sound.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from .data import load_all
from .dates import old_style_problem

__all__ = ["problems"]

def _plain(name: str) -> str:
    """Fold case and accents so that 'Ramón' and 'Ramon' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def problems(data_dir: Path | str | None = None) -> list[str]:
    """Return the problems no single row shows (an empty list means the dataset is sound)."""
    tables = load_all(data_dir)
    problems: list[str] = []

    cited: set[str] = set()
    for name, frame in tables.items():
        if name == "sources":
            continue
        for column in ("sources", "reference_sources"):
            if column in frame.columns:
                cited.update(s for ids in frame[column] for s in ids)
        if "source_id" in frame.columns:
            cited.update(frame["source_id"])
    for source_id in tables["sources"]["source_id"]:
        if source_id not in cited:
            problems.append(f"sources.csv: {source_id!r} is cited by no row; cite it or remove it")

    people = tables["people"]
    names: dict[str, str] = {}
    for person in people.itertuples():
        names[_plain(person.name)] = person.person_id
    for person in people.itertuples():
        others = [person.birth_name] if isinstance(person.birth_name, str) else []
        for other in others + list(person.aliases):
            owner = names.get(_plain(other))
            if owner and owner != person.person_id:
                problems.append(f"people.csv: {person.person_id!r} has the name or alias {other!r}, "
                                f"which is the name of {owner!r}: one person entered twice?")

    lifespan = (people["died"] - people["born"]).dt.days / 365.25
    for person_id, years in zip(people["person_id"], lifespan):
        if pd.notna(years) and years > 105:
            problems.append(f"people.csv: {person_id!r} would have lived {years:.0f} years")

    for person in people.itertuples():
        problem = old_style_problem(person.born, person.born_precision, person.born_old_style)
        if problem:
            problems.append(f"people.csv: {person.person_id!r} born_old_style {problem}")

    defendants = tables["defendants"].merge(people[["person_id", "born"]], on="person_id")
    too_young = defendants[(defendants["executed_date"] - defendants["born"]).dt.days < 18 * 365]
    for row in too_young.itertuples():
        problems.append(f"defendants.csv: {row.person_id!r} executed before the age of 18?")

    counts = tables["defendants"].groupby("trial_id").size()
    for trial in tables["trials"].itertuples():
        listed = int(counts.get(trial.trial_id, 0))
        if listed != trial.defendant_count:
            problems.append(f"trials.csv: {trial.trial_id!r} has {trial.defendant_count} defendants "
                            f"but defendants.csv lists {listed}")

    events, claims = tables["events"], tables["claims"]
    claimed = set(claims["event_id"].dropna())
    for event in events[events["disputed"]].itertuples():
        if event.event_id not in claimed and not isinstance(event.note, str):
            problems.append(f"events.csv: {event.event_id!r} is disputed but has no claim and no note")
    return problems
