"""Quiz questions: the six question types, the YAML banks, and questions generated from the data.

Grading lives here as pure functions (``Question.check``) so that it can be tested without
widgets; ``lessons.quiz`` only draws the widgets and calls ``check``.
"""

from __future__ import annotations

import json
import math
import random
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import fastjsonschema
import pandas as pd
import yaml

from lessons.course import SLUGS
from lessons.data import format_date

BANK_DIR = Path(__file__).resolve().parent.parent / "data" / "quizzes"
SCHEMA_PATH = BANK_DIR / "schema.json"

# One quiz bank per lesson of the course plan, named after the lesson's notebook.
LESSONS = list(SLUGS)

CORRECT, WRONG, INVALID = "correct", "wrong", "invalid"


class BankError(ValueError):
    """A question bank that cannot be read, named with its file and entry."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct, wrong, or invalid (odd input, not counted)."""

    status: str
    message: str = ""

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == CORRECT

    @property
    def valid(self) -> bool:
        """True when the answer could be graded (it counts as an attempt)."""
        return self.status != INVALID


def _arranged(items: Sequence[str], key: str) -> tuple[str, ...]:
    """Return items in a display order that is stable for ``key`` and not the given order."""
    # crc32, not hash(): str hashes change between runs, and stored outputs must not.
    arranged = list(items)
    random.Random(zlib.crc32(key.encode("utf-8"))).shuffle(arranged)
    if len(arranged) > 1 and arranged == list(items):
        arranged = arranged[1:] + arranged[:1]
    return tuple(arranged)


def plural(n: int, word: str) -> str:
    """The count with its noun: '1 question', '2 questions'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True, kw_only=True)
class Question:
    """Common fields of every question; subclasses say how an answer is graded."""

    id: str
    prompt: str
    explanation: str
    sources: tuple[str, ...]
    kind: ClassVar[str] = ""
    instruction: ClassVar[str] = ""

    def check(self, answer: Any) -> Feedback:
        """Grade an answer as the widget reads it; odd input gives a friendly message."""
        problem = self._problem(answer)
        if problem:
            return Feedback(INVALID, problem)
        if self._is_right(answer):
            return Feedback(CORRECT)
        return Feedback(WRONG, self._hint(answer))

    def answer_text(self) -> str:
        """The right answer in words."""
        raise NotImplementedError

    def choices(self) -> tuple[str, ...]:
        """What the student chooses from, in display order (empty for typed answers)."""
        return ()

    def _problem(self, answer: Any) -> str:
        return ""

    def _is_right(self, answer: Any) -> bool:
        raise NotImplementedError

    def _hint(self, answer: Any) -> str:
        return ""


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick the one right option."""

    options: tuple[str, ...]
    answer: str
    kind: ClassVar[str] = "single"
    instruction: ClassVar[str] = "Choose one answer."

    def __post_init__(self) -> None:
        if len(set(self.options)) != len(self.options) or len(self.options) < 2:
            raise ValueError("needs at least two options, all different")
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of the options")

    def answer_text(self) -> str:
        return self.answer

    def choices(self) -> tuple[str, ...]:
        return self.options

    def _problem(self, answer: Any) -> str:
        if answer is None or answer == "":
            return "Choose one of the options first."
        if answer not in self.options:
            return "That is not one of the options: choose one from the list."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return answer == self.answer

    def _hint(self, answer: Any) -> str:
        return f"“{answer}” is not the right answer."


@dataclass(frozen=True, kw_only=True)
class MultipleSelect(Question):
    """Tick every right option and no wrong one."""

    options: tuple[str, ...]
    answers: tuple[str, ...]
    kind: ClassVar[str] = "multiple"
    instruction: ClassVar[str] = "Tick every answer that applies."

    def __post_init__(self) -> None:
        if len(set(self.options)) != len(self.options) or len(self.options) < 2:
            raise ValueError("needs at least two options, all different")
        if not self.answers or not set(self.answers) <= set(self.options):
            raise ValueError("answers must be a non-empty subset of the options")

    def answer_text(self) -> str:
        return "; ".join(o for o in self.options if o in self.answers)

    def choices(self) -> tuple[str, ...]:
        return self.options

    def _problem(self, answer: Any) -> str:
        if not answer:
            return "Tick at least one option first."
        if not set(answer) <= set(self.options):
            return "Tick options from the list only."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return set(answer) == set(self.answers)

    def _hint(self, answer: Any) -> str:
        chosen = set(answer)
        right = len(chosen & set(self.answers))
        wrong = len(chosen - set(self.answers))
        return (
            f"You ticked {right} of the {len(self.answers)} right answers and {plural(wrong, 'wrong one')}."
        )


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Say whether a statement is true."""

    answer: bool
    kind: ClassVar[str] = "truefalse"
    instruction: ClassVar[str] = "True or false?"

    def answer_text(self) -> str:
        return "True" if self.answer else "False"

    def choices(self) -> tuple[str, ...]:
        return ("True", "False")

    def _problem(self, answer: Any) -> str:
        if _as_bool(answer) is None:
            return "Choose True or False first."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return _as_bool(answer) == self.answer

    def _hint(self, answer: Any) -> str:
        return f"“{'True' if _as_bool(answer) else 'False'}” is not the right answer."


def _as_bool(answer: Any) -> bool | None:
    if isinstance(answer, bool):
        return answer
    return {"true": True, "false": False}.get(str(answer).strip().lower())


@dataclass(frozen=True, kw_only=True)
class NumberQuestion(Question):
    """Type a number (or a year), right within a tolerance."""

    answer: float
    tolerance: float = 0
    minimum: float = -1e12
    maximum: float = 1e12
    unit: str = ""
    year: bool = False
    kind: ClassVar[str] = "number"

    def __post_init__(self) -> None:
        if not self.minimum <= self.answer <= self.maximum:
            raise ValueError("answer lies outside min..max")
        if self.tolerance < 0:
            raise ValueError("tolerance must not be negative")

    @property
    def instruction(self) -> str:  # type: ignore[override]
        """What to type, for the student."""
        return "Type a year." if self.year else "Type a number."

    @property
    def what(self) -> str:
        """'year' or 'number', for messages."""
        return "year" if self.year else "number"

    def answer_text(self) -> str:
        text = _number(self.answer)
        if self.unit:
            text += f" {self.unit}"
        if self.tolerance:
            low, high = self.answer - self.tolerance, self.answer + self.tolerance
            text += f" (accepted: {_number(low)} to {_number(high)})"
        return text

    def parse(self, answer: Any) -> float | None:
        """Read a typed answer as a number, or None when it is not one."""
        if isinstance(answer, bool) or answer is None:
            return None
        if isinstance(answer, int | float):
            value = float(answer)
        else:
            text = str(answer).strip().replace(" ", "").replace("\u00a0", "")
            # "1,937" is a thousands separator; "2,5" is a European decimal comma.
            text = text.replace(",", "") if text.count(",") == 1 and text[-4:-3] == "," else text
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                return None
        return value if math.isfinite(value) else None

    def _problem(self, answer: Any) -> str:
        if answer is None or str(answer).strip() == "":
            return f"Type a {self.what} in the box first."
        value = self.parse(answer)
        example = "1929" if self.year else "42"
        if value is None:
            return f"“{str(answer).strip()[:40]}” is not a {self.what}: type digits, like {example}."
        if not self.minimum <= value <= self.maximum:
            return (
                f"{_number(value)} is out of range: type a {self.what} between"
                f" {_number(self.minimum)} and {_number(self.maximum)}."
            )
        return ""

    def _is_right(self, answer: Any) -> bool:
        return abs(self.parse(answer) - self.answer) <= self.tolerance

    def _hint(self, answer: Any) -> str:
        low = self.parse(answer) < self.answer
        if self.year:
            return f"{_number(self.parse(answer))} is too {'early' if low else 'late'}."
        return f"{_number(self.parse(answer))} is too {'low' if low else 'high'}."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question):
    """Put events in date order, earliest first; ``items`` holds the right order."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "order"
    instruction: ClassVar[str] = "Put these in date order, earliest first."

    def __post_init__(self) -> None:
        if len(self.items) < 2 or len(set(self.items)) != len(self.items):
            raise ValueError("needs at least two items, all different")

    def answer_text(self) -> str:
        return " → ".join(f"{i}. {item}" for i, item in enumerate(self.items, 1))

    def choices(self) -> tuple[str, ...]:
        return _arranged(self.items, self.id)

    def _problem(self, answer: Any) -> str:
        answer = list(answer or ())
        if len(answer) != len(self.items) or any(a is None for a in answer):
            return "Choose an item for every position first."
        if len(set(answer)) != len(answer):
            return "Each item goes in one position only: one of them is chosen twice."
        if set(answer) != set(self.items):
            return "Choose items from the list only."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return tuple(answer) == self.items

    def _hint(self, answer: Any) -> str:
        placed = sum(a == b for a, b in zip(answer, self.items, strict=True))
        return f"{placed} of {len(self.items)} are in the right position."


@dataclass(frozen=True, kw_only=True)
class MatchQuestion(Question):
    """Match each item on the left (a person) to one on the right (a role or alias)."""

    pairs: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "match"
    instruction: ClassVar[str] = "Match each one on the left with one on the right."

    def __post_init__(self) -> None:
        lefts = [left for left, _ in self.pairs]
        if len(lefts) < 2 or len(set(lefts)) != len(lefts):
            raise ValueError("needs at least two pairs, with different left-hand items")

    @property
    def lefts(self) -> tuple[str, ...]:
        """The left-hand items, in bank order."""
        return tuple(left for left, _ in self.pairs)

    def answer_text(self) -> str:
        return "; ".join(f"{left} → {right}" for left, right in self.pairs)

    def choices(self) -> tuple[str, ...]:
        rights = list(dict.fromkeys(right for _, right in self.pairs))
        return _arranged(rights, self.id)

    def _problem(self, answer: Any) -> str:
        answer = dict(answer or {})
        if any(answer.get(left) is None for left in self.lefts):
            return "Choose a match for every item first."
        if not {answer[left] for left in self.lefts} <= set(self.choices()):
            return "Choose matches from the list only."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return all(answer[left] == right for left, right in self.pairs)

    def _hint(self, answer: Any) -> str:
        right = sum(answer[left] == r for left, r in self.pairs)
        return f"{right} of {len(self.pairs)} matches are right."


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.kind: cls
    for cls in (SingleChoice, MultipleSelect, TrueFalse, NumberQuestion, OrderQuestion, MatchQuestion)
}


# ---------------------------------------------------------------- dates and precision


def date_span(date: pd.Timestamp, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day a date of this precision can mean (1935 = 1 Jan to 31 Dec 1935)."""
    if precision == "year":
        return pd.Timestamp(date.year, 1, 1), pd.Timestamp(date.year, 12, 31)
    if precision == "month":
        first = pd.Timestamp(date.year, date.month, 1)
        return first, first + pd.offsets.MonthEnd(0)
    day = pd.Timestamp(date.year, date.month, date.day)
    return day, day


def _dated_events(events: pd.DataFrame, category: str | None) -> pd.DataFrame:
    """Undisputed events with a start date, in a stable order, optionally of one category."""
    rows = events[events["start_date"].notna() & ~events["disputed"].fillna(False).astype(bool)]
    if category is not None:
        rows = rows[rows["category"].astype("string") == category]
    # Drawn in id order, not date order, so that correcting a date changes the answer,
    # not which event is asked about.
    return rows.sort_values("event_id", kind="stable")


def _first_source(row: pd.Series) -> str:
    sources = row["sources"]
    if sources is None or len(sources) == 0:
        raise ValueError(f"row {row.iloc[0]!r} names no source")
    return str(sources[0])


def _event_when(row: pd.Series) -> str:
    when = row.get("when")
    if isinstance(when, str) and when:
        return when
    return format_date(row["start_date"], str(row["date_precision"]))


# ---------------------------------------------------------------- generators


def chronology_question(
    events: pd.DataFrame, n: int = 4, seed: int = 0, category: str | None = None
) -> OrderQuestion:
    """Ask to put ``n`` events in date order, using only events whose dates cannot tie."""
    rows = _dated_events(events, category)
    spans = {row.event_id: date_span(row.start_date, str(row.date_precision)) for row in rows.itertuples()}
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
        if len(chosen) == n:
            break
    if len(chosen) < n:
        raise ValueError(
            f"only {len(chosen)} events{_in(category)} have dates precise enough to rank; {n} needed"
        )
    picked = rows[rows["event_id"].isin(chosen)].sort_values("start_date", kind="stable")
    titles = [str(t) for t in picked["title"]]
    dates = "; ".join(f"{row.title} ({_event_when(row._asdict())})" for row in picked.itertuples())
    return OrderQuestion(
        id=f"chronology-{seed}",
        prompt="Put these events in the order in which they happened.",
        items=tuple(titles),
        explanation=f"In date order: {dates}.",
        sources=tuple(dict.fromkeys(_first_source(row) for _, row in picked.iterrows())),
    )


def _in(category: str | None) -> str:
    return f" in category {category!r}" if category else ""


def year_question(events: pd.DataFrame, seed: int = 0, category: str | None = None) -> NumberQuestion:
    """Ask in which year an event happened."""
    rows = _dated_events(events, category)
    if rows.empty:
        raise ValueError(f"no undisputed dated events{_in(category)}")
    row = rows.iloc[random.Random(seed).randrange(len(rows))]
    return NumberQuestion(
        id=f"year-{seed}",
        prompt=f"In which year did this happen: “{row['title']}”?",
        answer=float(row["start_date"].year),
        minimum=1800,
        maximum=2000,
        year=True,
        explanation=f"{row['title']}: {_event_when(row)}.",
        sources=(_first_source(row),),
    )


def _choices_with(right: str, others: Iterable[str], rng: random.Random, k: int = 3) -> tuple:
    """The right option plus up to ``k`` distractors, in a seeded order."""
    pool = sorted(set(others) - {right})
    options = [right, *rng.sample(pool, min(k, len(pool)))]
    rng.shuffle(options)
    return tuple(options)


def alias_question(people: pd.DataFrame, seed: int = 0) -> SingleChoice:
    """Ask which person used a given alias."""
    with_alias = people[people["aliases"].map(lambda a: a is not None and len(a) > 0)]
    with_alias = with_alias.sort_values("person_id", kind="stable")
    if with_alias.empty or len(people) < 2:
        raise ValueError("needs a person with an alias and at least one other person")
    rng = random.Random(seed)
    row = with_alias.iloc[rng.randrange(len(with_alias))]
    alias = str(list(row["aliases"])[rng.randrange(len(row["aliases"]))])
    life = _life_years(row)
    return SingleChoice(
        id=f"alias-{seed}",
        prompt=f"Who used the name “{alias}”?",
        options=_choices_with(row["name"], people["name"].astype(str), rng),
        answer=str(row["name"]),
        explanation=f"“{alias}” was a name used by {row['name']}{life}.",
        sources=(_first_source(row),),
    )


def _life_years(row: pd.Series) -> str:
    born, died = row.get("born"), row.get("died")
    if pd.isna(born) and pd.isna(died):
        return ""
    if pd.isna(born):
        return f" (died {died.year})"
    if pd.isna(died):
        return f" (born {born.year})"
    return f" ({born.year}–{died.year})"


def residence_question(
    residences: pd.DataFrame,
    places: pd.DataFrame,
    events: pd.DataFrame,
    seed: int = 0,
    category: str | None = None,
    person: str = "leon-trotsky",
) -> SingleChoice:
    """Ask where a person was living when an event happened."""
    homes = residences[residences["person_id"] == person].sort_values(
        ["start_date", "residence_id"], kind="stable"
    )
    names = dict(zip(places["place_id"], places["name"].astype(str), strict=True))
    home_spans = []
    for home in homes.itertuples():
        # A move on an unknown day of a month (or year) leaves that whole month unsure.
        moved_in = date_span(home.start_date, str(home.start_precision))[1]
        if pd.isna(home.end_date):
            moved_out = pd.Timestamp.max
        else:
            moved_out = date_span(home.end_date, str(home.end_precision))[0]
        home_spans.append((moved_in, moved_out, home))
    askable = []
    for event in _dated_events(events, category).itertuples():
        first, last = date_span(event.start_date, str(event.date_precision))
        inside = [home for start, end, home in home_spans if start < first and last < end]
        if len(inside) == 1:
            askable.append((event, inside[0]))
    if not askable:
        raise ValueError(f"no event{_in(category)} falls clearly inside one residence of {person}")
    rng = random.Random(seed)
    event, home = askable[rng.randrange(len(askable))]
    place = names.get(home.place_id, str(home.place_id))
    others = [names.get(p, str(p)) for p in homes["place_id"]]
    moved_in = format_date(home.start_date, str(home.start_precision))
    moved_out = "" if pd.isna(home.end_date) else f" to {format_date(home.end_date, str(home.end_precision))}"
    when = _event_when(event._asdict())
    return SingleChoice(
        id=f"residence-{seed}",
        prompt=f"Where was Trotsky living at the time of this event: “{event.title}” ({when})?",
        options=_choices_with(place, others, rng),
        answer=place,
        explanation=(
            f"“{event.title}” is dated {when}; Trotsky lived in {place} from {moved_in}{moved_out}."
        ),
        sources=(_first_source(pd.Series(home._asdict())),),
    )


# ---------------------------------------------------------------- banks


@cache
def schema() -> dict:
    """The JSON Schema every question bank must follow."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _fast_validator() -> Callable[[Any], Any]:
    return fastjsonschema.compile(schema())


def schema_problem(bank: Any) -> str | None:
    """Say where and how a bank breaks the schema, or return None if it is valid."""
    try:
        _fast_validator()(bank)
        return None
    except fastjsonschema.JsonSchemaValueException as fast_error:
        # jsonschema takes a second to import (its format extras), so only a broken bank pays
        # for it, in exchange for a clearer message about the most relevant problem.
        import jsonschema

        error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(bank))
        if error is None:
            return fast_error.message
        where = "/".join(str(p) for p in error.path) or "(top level)"
        return f"{where}: {error.message}"


def bank_path(lesson: str, directory: Path | None = None) -> Path:
    """Where the bank of a lesson lives."""
    return Path(directory or BANK_DIR) / f"{lesson}.yaml"


def read_bank(lesson: str, directory: Path | None = None) -> dict:
    """Read a lesson's bank and check it against the schema; errors name file and entry."""
    if lesson not in LESSONS:
        raise BankError(f"unknown lesson {lesson!r}: choose one of {', '.join(LESSONS)}")
    path = bank_path(lesson, directory)
    if not path.exists():
        raise BankError(f"{path}: no question bank for lesson {lesson!r} yet")
    try:
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML: {error}") from error
    problem = schema_problem(bank)
    if problem is not None:
        raise BankError(f"{path}: {problem}")
    if bank["lesson"] != lesson:
        raise BankError(f"{path}: says lesson {bank['lesson']!r}, expected {lesson!r}")
    return bank


def _from_entry(entry: Mapping[str, Any]) -> Question:
    """Build a hand-written question from its bank entry."""
    sources = entry["source"]
    common = {
        "id": entry["id"],
        "prompt": entry["prompt"],
        "explanation": entry["explanation"].strip(),
        "sources": tuple([sources] if isinstance(sources, str) else sources),
    }
    kind = entry["type"]
    if kind == "single":
        return SingleChoice(**common, options=tuple(entry["options"]), answer=entry["answer"])
    if kind == "multiple":
        return MultipleSelect(**common, options=tuple(entry["options"]), answers=tuple(entry["answer"]))
    if kind == "truefalse":
        return TrueFalse(**common, answer=entry["answer"])
    if kind in ("number", "year"):
        low, high = (1800, 2000) if kind == "year" else (-1e12, 1e12)
        return NumberQuestion(
            **common,
            answer=float(entry["answer"]),
            tolerance=float(entry.get("tolerance", 0)),
            minimum=float(entry.get("min", low)),
            maximum=float(entry.get("max", high)),
            unit=entry.get("unit", ""),
            year=kind == "year",
        )
    if kind == "order":
        return OrderQuestion(**common, items=tuple(entry["items"]))
    return MatchQuestion(**common, pairs=tuple((p["left"], p["right"]) for p in entry["pairs"]))


@dataclass
class _Frames:
    """The data frames generators need, loaded from ``lessons.data`` only when asked for."""

    given: dict[str, pd.DataFrame | None] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if self.given.get(name) is None:
            from lessons import data  # deferred: hand-written banks need no dataset

            self.given[name] = getattr(data, name)()
        return self.given[name]


GENERATORS: dict[str, Callable[[_Frames, Mapping[str, Any], int], Question]] = {
    "chronology": lambda f, e, s: chronology_question(f["events"], e.get("size", 4), s, e.get("category")),
    "year": lambda f, e, s: year_question(f["events"], s, e.get("category")),
    "alias": lambda f, e, s: alias_question(f["people"], s),
    "residence": lambda f, e, s: residence_question(
        f["residences"], f["places"], f["events"], s, e.get("category"), e.get("person", "leon-trotsky")
    ),
}


def _generate(frames: _Frames, entry: Mapping[str, Any]) -> list[Question]:
    """The distinct questions a ``generate`` entry asks for, drawn with consecutive seeds."""
    wanted, seed = entry.get("count", 1), entry.get("seed", 0)
    found: dict[str, Question] = {}
    # Neighbouring seeds can draw the same event; try a few more before giving up.
    for s in range(seed, seed + 20 * wanted):
        question = GENERATORS[entry["generate"]](frames, entry, s)
        found.setdefault(question.prompt + "|" + question.answer_text(), question)
        if len(found) == wanted:
            return list(found.values())
    raise ValueError(f"only {len(found)} different questions could be drawn, {wanted} asked for")


def build_questions(
    bank: Mapping[str, Any],
    *,
    events: pd.DataFrame | None = None,
    people: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    residences: pd.DataFrame | None = None,
) -> list[Question]:
    """Turn a bank (as read by ``read_bank``) into questions, generating those it asks for."""
    frames = _Frames(dict(events=events, people=people, places=places, residences=residences))
    questions: list[Question] = []
    for number, entry in enumerate(bank["questions"]):
        try:
            if "generate" in entry:
                # The entry's position keeps ids unique when two entries draw the same kind.
                made = [replace(q, id=f"q{number}-{q.id}") for q in _generate(frames, entry)]
            else:
                made = [_from_entry(entry)]
        except (ValueError, KeyError) as error:
            raise BankError(f"{bank['lesson']}: questions/{number}: {error}") from error
        questions.extend(made)
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BankError(f"{bank['lesson']}: question ids used twice: {', '.join(duplicates)}")
    return questions


def load_bank(
    lesson: str,
    *,
    directory: Path | None = None,
    events: pd.DataFrame | None = None,
    people: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    residences: pd.DataFrame | None = None,
) -> list[Question]:
    """The questions of a lesson: its bank's own, plus those generated from the data."""
    return build_questions(
        read_bank(lesson, directory),
        events=events,
        people=people,
        places=places,
        residences=residences,
    )


def available_lessons(directory: Path | None = None) -> list[str]:
    """The lessons of the course plan that have a question bank, in course order."""
    return [lesson for lesson in LESSONS if bank_path(lesson, directory).exists()]
