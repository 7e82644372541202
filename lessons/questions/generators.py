"""Questions drawn from the dataset with a fixed seed, so they change only when the data does.

Each generator is registered once with :func:`generator`, saying which tables it needs and
which bank options it takes. It receives one mapping of tables (``events``, ``people``, ...:
later lessons will want ``trials`` and ``defendants``) and a :class:`Scope` that limits it to
some years and categories. Dates are compared through the loader's ``earliest`` /
``start_latest`` / ``end_earliest`` / ``latest`` columns (see :mod:`lessons.dates`), never
re-derived here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lessons import claims, data
from lessons.dates import format_date
from lessons.questions.types import OrderQuestion, Question, SingleChoice, YearQuestion

__all__ = [
    "GENERATORS", "DatasetTables", "Generator", "Scope", "Tables", "alias_question",
    "chronology_question", "generator", "residence_question", "verdict_question", "year_question",
]

Tables = Mapping[str, pd.DataFrame]


class DatasetTables(Mapping[str, pd.DataFrame]):
    """The dataset's tables by name, each loaded from :mod:`lessons.data` only when asked for."""

    def __init__(self, given: Tables | None = None, data_dir: Path | str | None = None) -> None:
        self._tables: dict[str, pd.DataFrame] = dict(given or {})
        self._data_dir = data_dir

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            if name not in data.TABLES:
                raise KeyError(name)
            self._tables[name] = getattr(data, name)(self._data_dir)
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(data.TABLES)

    def __len__(self) -> int:
        return len(data.TABLES)


@dataclass(frozen=True)
class Scope:
    """The part of the dataset a generator may ask about: some years, some event categories."""

    years: tuple[int, int] | None = None
    categories: tuple[str, ...] | None = None

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Scope:
        """The scope a bank entry asks for (``years: [1928, 1937]``, ``category`` or ``categories``)."""
        categories = entry.get("categories") or ([entry["category"]] if "category" in entry else None)
        years = entry.get("years")
        return cls(years=(int(years[0]), int(years[1])) if years else None,
                   categories=tuple(categories) if categories else None)

    def narrowed(self, inner: Scope) -> Scope:
        """This scope narrowed by an entry's own; an entry may not reach outside it."""
        if (self.years and inner.years
                and not self.years[0] <= inner.years[0] <= inner.years[1] <= self.years[1]):
            raise ValueError(f"years {list(inner.years)} go outside the bank's years {list(self.years)}")
        if self.categories and inner.categories and not set(inner.categories) <= set(self.categories):
            outside = sorted(set(inner.categories) - set(self.categories))
            raise ValueError(f"categories {outside} are not among the bank's {list(self.categories)}")
        return Scope(years=inner.years or self.years, categories=inner.categories or self.categories)

    def overlaps(self, rows: pd.DataFrame) -> pd.Series:
        """Which rows (stays, say) share at least one day with the scope's years."""
        if self.years is None:
            return pd.Series(True, index=rows.index)
        first, last = pd.Timestamp(self.years[0], 1, 1), pd.Timestamp(self.years[1], 12, 31)
        # No start means "until ..." and no end means "still there": open on that side.
        return ((rows["earliest"].isna() | (rows["earliest"] <= last))
                & (rows["latest"].isna() | (rows["latest"] >= first)))

    def __str__(self) -> str:
        words = []
        if self.categories:
            quoted = ", ".join(repr(c) for c in self.categories)
            words.append(f" in categor{'y' if len(self.categories) == 1 else 'ies'} {quoted}")
        if self.years:
            words.append(f" from {self.years[0]} to {self.years[1]}")
        return "".join(words)

    def within_years(self, rows: pd.DataFrame) -> pd.Series:
        """Which rows lie wholly inside the scope's years (all rows when it has none)."""
        if self.years is None:
            return pd.Series(True, index=rows.index)
        first, last = pd.Timestamp(self.years[0], 1, 1), pd.Timestamp(self.years[1], 12, 31)
        return (rows["earliest"] >= first) & (rows["latest"] <= last)

    def events(self, events: pd.DataFrame) -> pd.DataFrame:
        """Undisputed events with a start date inside the scope, in a stable order."""
        rows = events[events["start_date"].notna() & ~events["disputed"].fillna(False).astype(bool)]
        if self.categories is not None:
            rows = rows[rows["category"].astype("string").isin(self.categories)]
        rows = rows[self.within_years(rows)]
        # Drawn in id order, not date order, so that correcting a date changes the answer,
        # not which event is asked about.
        return rows.sort_values("event_id", kind="stable")


Make = Callable[[Tables, Scope, Mapping[str, Any], int], Question]


@dataclass(frozen=True)
class Generator:
    """A registered generator: its name, the tables it needs, its bank options, its function."""

    name: str
    needs: tuple[str, ...]
    make: Make
    description: str
    options: dict[str, Any] = field(default_factory=dict)


GENERATORS: dict[str, Generator] = {}

# Options every generator takes; each generator adds its own.
SCOPE_OPTIONS: dict[str, Any] = {
    "category": {"type": "string", "description": "Only events of this category."},
    "categories": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True,
                   "description": "Only events of these categories."},
    "years": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
              "description": "Only events that lie wholly within these years: [first, last]."},
}


def generator(name: str, needs: Iterable[str], description: str,
              options: dict[str, Any] | None = None) -> Callable[[Make], Make]:
    """Register a generator under the name a bank's ``generate:`` uses."""
    def register(make: Make) -> Make:
        if name in GENERATORS:
            raise ValueError(f"generator {name!r} is registered twice")
        GENERATORS[name] = Generator(name, tuple(needs), make, description, options or {})
        return make
    return register


def _first_source(row: Mapping[str, Any]) -> str:
    sources = row["sources"]
    if sources is None or len(sources) == 0:
        raise ValueError(f"row {next(iter(row.values()))!r} names no source")
    return str(sources[0])


def _best_source(tables: Tables, row: Mapping[str, Any]) -> str:
    """The row's source a student should check first: a non-partisan reference work or a
    document of the day before a book, an article or one of the commissioned articles."""
    _first_source(row)  # a row without sources is an error, whatever the ranking
    try:
        known = tables["sources"].set_index("source_id")
    except KeyError:
        return _first_source(row)

    def rank(source_id: str) -> int:
        if source_id not in known.index:
            return 4  # not described: after what is known to be good, before the articles
        kind, partisan = known.at[source_id, "kind"], bool(known.at[source_id, "partisan"])
        if bool(known.at[source_id, "commissioned"]):
            return 6
        if kind == "primary document" or (kind == "reference" and not partisan):
            return 0
        if not partisan:
            return 1 if kind == "book" else 2
        return 5

    # min() keeps the first of equals, so the data's own order breaks ties.
    return min((str(s) for s in row["sources"]), key=rank)


def _choices_with(right: str, others: Iterable[str], rng: random.Random, k: int = 3) -> tuple[str, ...]:
    """The right option plus up to ``k`` distractors, in a seeded order."""
    pool = sorted(set(others) - {right})
    options = [right, *rng.sample(pool, min(k, len(pool)))]
    rng.shuffle(options)
    return tuple(options)


# ---------------------------------------------------------------- the generators


def chronology_question(
    tables: Tables, size: int = 4, seed: int = 0, scope: Scope = Scope()
) -> OrderQuestion:
    """Ask to put ``size`` events in date order, using only events whose dates cannot tie."""
    rows = scope.events(tables["events"])
    spans = dict(zip(rows["event_id"], zip(rows["earliest"], rows["start_latest"])))
    rng = random.Random(seed)
    candidates = list(rows["event_id"])
    rng.shuffle(candidates)
    chosen: list[str] = []
    for event_id in candidates:
        first, last = spans[event_id]
        # Two events can be ranked only if the days they may mean do not overlap:
        # "1935" cannot be ranked against "June 1935", nor two events of the same day.
        if all(last < spans[c][0] or first > spans[c][1] for c in chosen):
            chosen.append(event_id)
        if len(chosen) == size:
            break
    if len(chosen) < size:
        raise ValueError(f"only {len(chosen)} events{scope} have dates precise enough to rank; {size} needed")
    picked = rows[rows["event_id"].isin(chosen)].sort_values("start_date", kind="stable")
    dates = "; ".join(f"{title} ({when})" for title, when in zip(picked["title"], picked["when"]))
    return OrderQuestion(
        id=f"chronology-{seed}",
        prompt="Put these events in the order in which they happened.",
        items=tuple(str(t) for t in picked["title"]),
        explanation=f"In date order: {dates}.",
        sources=tuple(dict.fromkeys(_best_source(tables, row) for row in picked.to_dict("records"))),
    )


def year_question(tables: Tables, seed: int = 0, scope: Scope = Scope()) -> YearQuestion:
    """Ask in which year an event happened."""
    rows = scope.events(tables["events"])
    if rows.empty:
        raise ValueError(f"no undisputed dated events{scope}")
    row = rows.iloc[random.Random(seed).randrange(len(rows))]
    return YearQuestion(
        id=f"year-{seed}",
        prompt=f"In which year did this happen: “{row['title']}”?",
        answer=float(row["start_date"].year),
        explanation=f"{row['title']}: {row['when']}.",
        sources=(_best_source(tables, row),),
    )


def verdict_question(tables: Tables, seed: int = 0, scope: Scope = Scope()) -> SingleChoice:
    """Ask how one of the commissioned articles' claims fared against the reference works."""
    sources, events, checked = tables["sources"], tables["events"], tables["claims"]
    articles = sources.set_index("source_id")
    five = set(sources.loc[sources["commissioned"], "source_id"])
    # The scope's years and categories, as for events, but disputed events count too: a claim
    # is often about the very point that is disputed.
    dated = events[events["start_date"].notna()]
    if scope.categories is not None:
        dated = dated[dated["category"].astype("string").isin(scope.categories)]
    in_scope = set(dated.loc[scope.within_years(dated), "event_id"])
    rows = checked[checked["source_id"].isin(five) & checked["event_id"].isin(in_scope)
                   & checked["agreement"].isin(list(claims.VERDICTS))
                   & checked["reference_sources"].map(lambda refs: refs is not None and len(refs) > 0)
                   & (checked["source_says"].astype("string").str.len() <= 220)]
    if rows.empty:
        raise ValueError(f"no checked claim of the commissioned articles about an event{scope}")
    # The verdict is drawn first, then a claim with it: most checked claims agree, and a quiz
    # whose answer is nearly always "agrees" would teach that.
    rng = random.Random(seed)
    verdicts = [v for v in claims.VERDICTS if (rows["agreement"] == v).any()]
    rows = rows[rows["agreement"] == verdicts[rng.randrange(len(verdicts))]]
    rows = rows.sort_values("claim_id", kind="stable")
    row = rows.iloc[rng.randrange(len(rows))]
    article, verdict = claims.short_name(articles.loc[row["source_id"]]), str(row["agreement"])
    reference, says = str(row["reference_value"]).rstrip(". "), _sentence(str(row["source_says"]))
    options = tuple(claims.VERDICTS)
    return SingleChoice(
        id=f"verdict-{seed}",
        prompt=(f"The article by {article}, on “{row['topic']}”: {says} "
                "How does this claim fare against the reference works?"),
        options=options,
        answer=verdict,
        explanation=f"{claims.VERDICTS[verdict]} They say: {reference}.",
        sources=(_best_source(tables, {"sources": list(row["reference_sources"])}),),
        # The explanation gives what the references say; each wrong verdict says what it would mean.
        feedback=tuple((o, f"“{o}” would mean: {claims.VERDICTS[o][0].lower()}{claims.VERDICTS[o][1:]}")
                       for o in options if o != verdict),
    )


def _sentence(text: str) -> str:
    """The text as a sentence a prompt can go on after: with its full stop."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ".'", ".”")) else text + "."


def _life_years(row: Mapping[str, Any]) -> str:
    born, died = (None if pd.isna(row.get(k)) else pd.Timestamp(row[k]).year for k in ("born", "died"))
    if born is None and died is None:
        return ""
    if born is None:
        return f" (died {died})"
    if died is None:
        return f" (born {born})"
    return f" ({born}–{died})"


def alias_question(tables: Tables, seed: int = 0) -> SingleChoice:
    """Ask which person used a given alias."""
    people = tables["people"]
    with_alias = people[people["aliases"].map(lambda a: a is not None and len(a) > 0)]
    with_alias = with_alias.sort_values("person_id", kind="stable")
    if with_alias.empty or len(people) < 2:
        raise ValueError("needs a person with an alias and at least one other person")
    rng = random.Random(seed)
    row = with_alias.iloc[rng.randrange(len(with_alias))]
    alias = str(list(row["aliases"])[rng.randrange(len(row["aliases"]))])
    options = _choices_with(row["name"], people["name"].astype(str), rng)
    by_name = {str(p["name"]): p for p in people.to_dict("records")}
    return SingleChoice(
        id=f"alias-{seed}",
        prompt=f"Who used the name “{alias}”?",
        options=options,
        answer=str(row["name"]),
        explanation=f"“{alias}” was a name used by {row['name']}{_life_years(row)}.",
        sources=(_best_source(tables, row),),
        feedback=tuple((o, _other_names(by_name[o])) for o in options if o != row["name"]),
    )


def _other_names(person: Mapping[str, Any]) -> str:
    """What the dataset knows of a wrong option's own names: true, and a reason it is wrong."""
    aliases = [str(a) for a in (person["aliases"] if person["aliases"] is not None else ())]
    who = f"{person['name']}{_life_years(person)}"
    if not aliases:
        return f"The dataset records no other name for {who}."
    shown = ", ".join(f"“{a}”" for a in aliases[:3]) + (" and others" if len(aliases) > 3 else "")
    return f"The dataset records other names for {who}: {shown}."


def residence_question(tables: Tables, seed: int = 0, scope: Scope = Scope(),
                       person: str = "leon-trotsky") -> SingleChoice:
    """Ask where a person was living when an event happened."""
    residences, places = tables["residences"], tables["places"]
    homes = residences[residences["person_id"] == person].sort_values(["start_date", "residence_id"],
                                                                      kind="stable")
    names = dict(zip(places["place_id"], places["name"].astype(str), strict=True))
    # A move on an unknown day of a month (or year) leaves that whole month unsure: a stay is sure
    # only from the last day it may have begun to the first day it may have ended.
    sure = [(home["start_latest"], home["end_earliest"] if not pd.isna(home["end_earliest"])
             else pd.Timestamp.max, home) for home in homes.to_dict("records")]
    askable = []
    for event in scope.events(tables["events"]).to_dict("records"):
        first, last = event["earliest"], event["start_latest"]
        inside = [home for start, end, home in sure if start < first and last < end]
        if len(inside) == 1:
            askable.append((event, inside[0]))
    if not askable:
        raise ValueError(f"no event{scope} falls clearly inside one residence of {person}")
    rng = random.Random(seed)
    event, home = askable[rng.randrange(len(askable))]
    place = names.get(home["place_id"], str(home["place_id"]))
    # Wrong options are homes of the same years, so that a lesson on 1928-1937 never offers
    # (and so never teaches) a house of 1940.
    near = homes[scope.overlaps(homes)]
    others = [names.get(p, str(p)) for p in near["place_id"]]
    who = "Trotsky" if person == "leon-trotsky" else _person_name(tables, person)
    options = _choices_with(place, others, rng)
    stays: dict[str, list[str]] = {}
    for other in near.to_dict("records"):
        stays.setdefault(names.get(other["place_id"], str(other["place_id"])), []).append(_stay(other))
    return SingleChoice(
        id=f"residence-{seed}",
        prompt=f"Where was {who} living at the time of this event: “{event['title']}” ({event['when']})?",
        options=options,
        answer=place,
        explanation=f"“{event['title']}” is dated {event['when']}; {who} lived in {place} {_stay(home)}.",
        sources=(_best_source(tables, home),),
        feedback=tuple((o, f"{who} lived in {o} {' and '.join(stays[o])}.") for o in options
                       if o != place and o in stays),
    )


def _stay(home: Mapping[str, Any]) -> str:
    if pd.isna(home["start_date"]):
        return str(home["when"])  # "until January 1928"
    moved_in = format_date(home["start_date"], str(home["start_precision"]))
    if pd.isna(home["end_date"]):
        return f"from {moved_in}"
    return f"from {moved_in} to {format_date(home['end_date'], str(home['end_precision']))}"


def _person_name(tables: Tables, person: str) -> str:
    people = tables["people"]
    found = people.loc[people["person_id"] == person, "name"]
    return str(found.iloc[0]) if len(found) else person


# ---------------------------------------------------------------- registered for the banks

_PERSON = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
           "description": "residence only: whose residences (default leon-trotsky)."}
_SIZE = {"type": "integer", "minimum": 2, "maximum": 8,
         "description": "chronology only: how many events to order (default 4)."}

generator("chronology", ["events", "sources"], "Order `size` events whose dates cannot tie.",
          {"size": _SIZE})(
    lambda t, scope, e, seed: chronology_question(t, e.get("size", 4), seed, scope))
generator("year", ["events", "sources"], "In which year did this happen?")(
    lambda t, scope, e, seed: year_question(t, seed, scope))
generator("verdict", ["claims", "events", "sources"],
          "How did this claim of a commissioned article fare against the reference works?")(
    lambda t, scope, e, seed: verdict_question(t, seed, scope))
generator("alias", ["people", "sources"], "Who used the name ...? (people.csv aliases)")(
    lambda t, scope, e, seed: alias_question(t, seed))
generator("residence", ["events", "residences", "places", "people", "sources"],
          "Where was Trotsky living at the time of this event?", {"person": _PERSON})(
    lambda t, scope, e, seed: residence_question(t, seed, scope, e.get("person", "leon-trotsky")))
