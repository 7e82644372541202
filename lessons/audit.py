"""Checks across the whole dataset that no schema can express: one fact stated twice with two
values, a source nobody cites, one person entered under two names, impossible lifespans.

For maintainers and the tests; lessons never need it. `problems()` returns plain sentences, each
naming the file and the row, and an empty list when the dataset is sound.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from . import data
from .data import load_all
from .dates import earliest, format_date, latest, old_style_problem

__all__ = ["DEATH_ROLES", "RUN_LENGTH", "article_fingerprints", "copied_runs", "fingerprint",
           "one_fact_one_value", "problems", "words"]

def _plain(name: str) -> str:
    """Fold case and accents so that 'Ramón' and 'Ramon' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def problems(data_dir: Path | str | None = None) -> list[str]:
    """Return the problems no single row shows (an empty list means the dataset is sound)."""
    tables = load_all(data_dir)
    problems: list[str] = []

    cited: set[str] = set()
    # The glossary and the lesson tables cite sources too, where a dataset has them.
    folder = Path(data_dir) if data_dir is not None else data.DATA_DIR
    extra = {name: data.load(name, data_dir) for name in data.COURSE_TABLES + data.LESSON_TABLES
             if (folder / f"{name}.csv").exists()}
    for name, frame in {**tables, **extra}.items():
        if name == "sources":
            continue
        for column in ("sources", "reference_sources", "evidence_sources"):
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

    problems.extend(_old_style_problems(tables["events"], extra.get("offices")))

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
    times = extra.get("times")
    if times is not None:
        # A time of day belongs to its event's day: 21 August for a death dated 21 August.
        spans = events.set_index("event_id")
        for moment in times.itertuples():
            first, last = spans.loc[moment.event_id, "earliest"], spans.loc[moment.event_id, "latest"]
            if not first <= moment.date <= last:
                problems.append(f"times.csv: {moment.time_id!r} is dated {moment.date.date()}, outside "
                                f"its event {moment.event_id!r} ({spans.loc[moment.event_id, 'when']})")
    problems.extend(one_fact_one_value(tables))
    return problems


def _old_style_problems(events: pd.DataFrame, offices: pd.DataFrame | None) -> list[str]:
    """Check each Old Style date written to the day against its New Style twin: an event's start
    (and end, for a span written 'start to end'), an office's start and end."""
    found: list[str] = []
    for event in events.dropna(subset=["old_style_date"]).itertuples():
        if not event.old_style_date[:1].isdigit():
            continue  # words ("April or May 1917") for a date known only to the month
        parts = event.old_style_date.split(" to ")
        for new_style, old_style in zip((event.start_date, event.end_date), parts):
            problem = old_style_problem(new_style, event.date_precision, old_style)
            if problem:
                found.append(f"events.csv: {event.event_id!r} old_style_date {problem}")
    if offices is not None:
        for office in offices.itertuples():
            for side in ("from", "to"):
                problem = old_style_problem(getattr(office, f"{side}_date"),
                                            getattr(office, f"{side}_precision"),
                                            getattr(office, f"{side}_old_style"))
                if problem:
                    found.append(f"offices.csv: {office.office_id!r} {side}_old_style {problem}")
    return found


# ---------------------------------------------------------------------------
# One fact, one value: the same fact stated in two places must agree

# A person's part in an event that records their death (event_people.role).
DEATH_ROLES = ("died", "executed", "killed")


def _span(date: Any, precision: Any) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day a partial date can mean (1937-06 spans all of June)."""
    if pd.isna(date) or not isinstance(precision, str):
        return None
    return earliest(date, precision), latest(date, precision)


_RANK = {"year": 0, "month": 1, "day": 2}


# Where a date is stated, the date, and its precision.
Statement = tuple[str, Any, Any]


def _compare(fact: str, first: Statement, second: Statement) -> str | None:
    """Say how two statements of one date disagree, or None when they are the same fact.

    Each statement is (where, date, precision). They disagree when their spans do not overlap,
    or when the first is stated more precisely than the second, which it claims to repeat.
    """
    (where_a, date_a, prec_a), (where_b, date_b, prec_b) = first, second
    span_a, span_b = _span(date_a, prec_a), _span(date_b, prec_b)
    if span_a is None or span_b is None:
        return None
    shown_a, shown_b = format_date(date_a, str(prec_a)), format_date(date_b, str(prec_b))
    if span_a[1] < span_b[0] or span_b[1] < span_a[0]:
        return f"{fact}: {where_a} gives {shown_a} but {where_b} gives {shown_b}"
    if _RANK[str(prec_a)] > _RANK[str(prec_b)]:
        return (f"{fact}: {where_a} gives {shown_a}, more precisely than {where_b} ({shown_b}); "
                "state it at the precision the sources support, in both places")
    return None


def one_fact_one_value(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Find a date stated twice with two values: a death in people.csv against defendants.csv and
    against the event that records it; a rehabilitation in defendants.csv against its event."""
    people = tables["people"].set_index("person_id")
    events = tables["events"].set_index("event_id")
    found: list[str] = []

    executed = tables["defendants"].dropna(subset=["executed_date"])
    for row in executed.itertuples():
        person = people.loc[row.person_id]
        problem = _compare(f"death of {row.person_id!r}",
                           ("people.csv", person.died, person.died_precision),
                           (f"defendants.csv ({row.trial_id})", row.executed_date, row.executed_precision))
        if problem:
            found.append(problem)

    links = tables["event_people"]
    for link in links[links["role"].isin(DEATH_ROLES)].itertuples():
        person, event = people.loc[link.person_id], events.loc[link.event_id]
        problem = _compare(f"death of {link.person_id!r}",
                           ("people.csv", person.died, person.died_precision),
                           (f"event {link.event_id!r}", event.start_date, event.date_precision))
        if problem:
            found.append(problem)

    rehabilitations = tables["defendants"].dropna(subset=["rehabilitated_date"])
    rehabilitated = rehabilitations.set_index("person_id")
    tried = set(tables["defendants"]["person_id"])
    for link in links[links["role"] == "rehabilitated"].itertuples():
        if link.person_id not in tried:
            continue  # rehabilitated after a trial the dataset does not list (Sudoplatov)
        if link.person_id not in rehabilitated.index:
            found.append(f"rehabilitation of {link.person_id!r}: event {link.event_id!r} records it "
                         "but defendants.csv gives no rehabilitation date")
            continue
        event = events.loc[link.event_id]
        for row in rehabilitated.loc[[link.person_id]].itertuples():
            problem = _compare(f"rehabilitation of {link.person_id!r}",
                               (f"defendants.csv ({row.trial_id})", row.rehabilitated_date,
                                row.rehabilitated_precision),
                               (f"event {link.event_id!r}", event.start_date, event.date_precision))
            if problem:
                found.append(problem)

    residences = tables["residences"]
    for link in links[links["role"] == "moved in"].itertuples():
        event = events.loc[link.event_id]
        stays = residences[(residences["person_id"] == link.person_id)
                           & (residences["place_id"] == event.place_id)]
        problems = [_compare(f"move of {link.person_id!r} to {event.place_id!r}",
                             (f"event {link.event_id!r}", event.start_date, event.date_precision),
                             (f"residences.csv ({stay.residence_id})", stay.start_date, stay.start_precision))
                    for stay in stays.itertuples()]
        if stays.empty:
            found.append(f"move of {link.person_id!r}: event {link.event_id!r} has no stay at "
                         f"{event.place_id!r} in residences.csv")
        elif all(problems):
            found.extend(p for p in problems if p)
    return found


# ---------------------------------------------------------------------------
# Own words: no run of the commissioned articles' wording outside quotation marks

# Nine words in a row is where a shared phrase ("the People's Commissariat for Internal Affairs")
# stops being a name and becomes a copied sentence.
RUN_LENGTH = 9
_WORD = re.compile(r"[0-9a-z]+(?:'[a-z]+)?")
# A quotation: straight or curly quotes, single or double, not an apostrophe inside a word.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’"
                     r"|(?<![0-9A-Za-z])'(?:[^']|(?<=[A-Za-z])'(?=[A-Za-z]))*'(?![0-9A-Za-z])")


def words(text: str) -> list[str]:
    """Lower-case words of a text, with curly apostrophes and accents folded."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def fingerprint(run: list[str]) -> str:
    """A short hash of a run of words: the course keeps these, never the articles' text."""
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def article_fingerprints(path: Path) -> frozenset[str]:
    """Read the hashes of every run of RUN_LENGTH words in the five commissioned articles
    (written by tools/fingerprint_articles.py)."""
    return frozenset(path.read_text(encoding="utf-8").split())


def copied_runs(text: str, fingerprints: frozenset[str], allow_quoted: bool = False) -> list[str]:
    """The runs of RUN_LENGTH or more words that a text shares with the articles, as text.

    With allow_quoted, words inside quotation marks do not count: a claim may quote an article.
    """
    if allow_quoted:
        text = _QUOTED.sub(" … ", text)
    runs: list[str] = []
    for part in text.split("…"):
        tokens = words(part)
        hits = [i for i in range(len(tokens) - RUN_LENGTH + 1)
                if fingerprint(tokens[i:i + RUN_LENGTH]) in fingerprints]
        # Overlapping hits are one longer run: report each run once, in full.
        while hits:
            first = last = hits.pop(0)
            while hits and hits[0] == last + 1:
                last = hits.pop(0)
            runs.append(" ".join(tokens[first:last + RUN_LENGTH]))
    return runs
