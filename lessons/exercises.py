"""'Your turn' exercises: a task, a scaffold, hints, a worked solution and a check, read from data.

Each lesson's exercises are one YAML file in ``data/exercises/`` (format in its README.md),
checked against :func:`schema`; a problem raises :class:`ExerciseError` naming the file, the
exercise and the field. The answer a check expects is never typed in: it is what the exercise's
own ``solution`` code gives when run on the lesson's tables (loaded through :mod:`lessons.data`),
so the solution a student reads and the answer the check accepts cannot disagree, and both follow
the data when it is corrected. A check never raises on odd input: it says what it expected.
"""

from __future__ import annotations

import ast
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import numpy as np
import pandas as pd
import yaml

from lessons import course, data
from lessons.html import Html, escape, plural
from lessons.resources import EXERCISE_DIR

__all__ = [
    "EXERCISE_DIR", "Exercise", "ExerciseError", "answer_key", "check", "clear_cache", "expected",
    "extension_answer", "for_lesson",
    "load_exercises", "scaffold", "schema", "show", "verdict",
]

INVITATION = "Put your answer in place of None and run this cell."
BLANK = "___"
KINDS = ("number", "text", "place")

_TEXT = {"type": "string", "minLength": 1}
_CODE = {**_TEXT, "description": "Python code run with pandas as pd and the lesson's tables; "
                                 "it must set `answer`."}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema every exercise file must follow."""
    exercise = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                   "description": "Stable id, unique across the course (lowercase slug)."},
            "title": _TEXT,
            "task": {**_TEXT, "description": "Markdown: paragraphs, `code`, **bold**, *italics*."},
            "scaffold": {**_TEXT, "pattern": BLANK,
                         "description": "The solution with ___ where the step is new."},
            "hints": {"type": "array", "minItems": 1, "items": _TEXT,
                      "description": "Each one step further than the last."},
            "solution": _CODE,
            "explanation": _TEXT,
            "answer": {
                "type": "object",
                "properties": {"kind": {"enum": list(KINDS)},
                               "tolerance": {"type": "number", "minimum": 0}},
                "required": ["kind"],
                "additionalProperties": False,
            },
            "mistakes": {"type": "array", "items": {
                "type": "object",
                "properties": {"code": _CODE, "hint": _TEXT},
                "required": ["code", "hint"],
                "additionalProperties": False,
            }},
            "extension": {
                "type": "object",
                "properties": {"task": _TEXT, "solution": _CODE},
                "required": ["task", "solution"],
                "additionalProperties": False,
            },
        },
        "required": ["id", "title", "task", "scaffold", "hints", "solution", "explanation", "answer",
                     "extension"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Planet Without a Visa exercises",
        "description": "One YAML file per lesson in data/exercises/; see data/exercises/README.md.",
        "type": "object",
        "properties": {
            "lesson": {"enum": list(course.SLUGS)},
            "setup": {**_TEXT, "description": "Code the lesson ran before its exercises."},
            "exercises": {"type": "array", "minItems": 1, "items": exercise},
        },
        "required": ["lesson", "exercises"],
        "additionalProperties": False,
    }


class ExerciseError(ValueError):
    """An exercise file that cannot be used, named with its file, exercise and field."""


@dataclass(frozen=True)
class Exercise:
    """One exercise as its file describes it."""

    id: str
    lesson: str
    title: str
    task: str
    scaffold: str
    hints: tuple[str, ...]
    solution: str
    explanation: str
    kind: str
    tolerance: float
    mistakes: tuple[tuple[str, str], ...]
    extension_task: str
    extension_solution: str
    setup: str
    file: str


# ---------------------------------------------------------------------------
# Reading the files


@cache
def _validator() -> Any:
    return fastjsonschema.compile(schema())


def _where(content: Any, error: fastjsonschema.JsonSchemaValueException) -> str:
    """Turn fastjsonschema's 'data.exercises[1].hints' into "exercise 'x', field 'hints'"."""
    text = str(error.message)
    found = re.match(r"data\.exercises\[(\d+)\]\.?([\w.\[\]]*)", text)
    if not found:
        return text.removeprefix("data.").removeprefix("data ")
    number, field = int(found.group(1)), found.group(2)
    entry = content["exercises"][number]
    name = f"exercise {entry['id']!r}" if isinstance(entry.get("id"), str) else f"exercise {number + 1}"
    rest = text[found.end():].strip()
    inside = f"{field}." if field else ""
    missing = re.match(r"must contain \['?(\w+)'?", rest)
    if missing:
        return f"{name}: field '{inside}{missing.group(1)}' is missing"
    unknown = re.match(r"must not contain \{'?(\w+)'?", rest)
    if unknown:
        return f"{name}: field '{inside}{unknown.group(1)}' is not one this format knows (see README.md)"
    return f"{name}: field '{field}' {rest}" if field else f"{name}: {rest}"


def _read_file(path: Path) -> list[Exercise]:
    try:
        # libyaml's loader when PyYAML has it: the same safe subset, read ten times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as error:
        raise ExerciseError(f"{path.name}: not valid YAML: {error}") from None
    try:
        _validator()(content)
    except fastjsonschema.JsonSchemaValueException as error:
        raise ExerciseError(f"{path.name}: {_where(content, error)}") from None
    if content["lesson"] != path.stem:
        raise ExerciseError(f"{path.name}: says lesson {content['lesson']!r}, but the file is named "
                            f"after {path.stem!r}")
    found = []
    for entry in content["exercises"]:
        answer = entry["answer"]
        found.append(Exercise(
            id=entry["id"], lesson=content["lesson"], title=entry["title"], task=entry["task"],
            scaffold=entry["scaffold"].rstrip("\n"), hints=tuple(entry["hints"]),
            solution=entry["solution"].rstrip("\n"), explanation=entry["explanation"],
            kind=answer["kind"], tolerance=float(answer.get("tolerance", 0)),
            mistakes=tuple((m["code"], m["hint"]) for m in entry.get("mistakes", [])),
            extension_task=entry["extension"]["task"],
            extension_solution=entry["extension"]["solution"].rstrip("\n"),
            setup=content.get("setup", ""), file=path.name,
        ))
    return found


@cache
def _load(directory: Path) -> dict[str, Exercise]:
    exercises: dict[str, Exercise] = {}
    for path in sorted(directory.glob("*.yaml")):
        for exercise in _read_file(path):
            if exercise.id in exercises:
                raise ExerciseError(f"{path.name}: exercise {exercise.id!r} is already defined in "
                                    f"{exercises[exercise.id].file}")
            exercises[exercise.id] = exercise
    return exercises


def load_exercises(directory: Path | str | None = None) -> dict[str, Exercise]:
    """Every exercise of the course by id, read and checked from ``data/exercises/``."""
    return dict(_load(Path(directory or EXERCISE_DIR)))


def _find(exercise_id: object) -> Exercise | str:
    """The exercise, or the words saying there is none."""
    exercises = _load(Path(EXERCISE_DIR))
    if isinstance(exercise_id, str) and exercise_id in exercises:
        return exercises[exercise_id]
    return f"There is no exercise called {_short(exercise_id)}. Known: {', '.join(exercises)}."


def clear_cache() -> None:
    """Forget the exercise files and the answers computed from the data."""
    _load.cache_clear()
    _run.cache_clear()


# ---------------------------------------------------------------------------
# Running the solutions


def _names_used(exercise: Exercise) -> set[str]:
    """Every name the exercise's code reads, so that only the tables it uses are loaded."""
    codes = [exercise.setup or "", exercise.solution, exercise.extension_solution,
             *(code for code, _ in exercise.mistakes)]
    return {node.id for code in codes for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Name)}


def _namespace(exercise: Exercise) -> dict[str, Any]:
    """What a solution may use: pandas as pd, every table by name, and ``tables`` (all of them).

    Only the tables the code names are loaded: loading and checking all of them would cost a
    lesson more than the rest of its exercise.
    """
    used = _names_used(exercise)
    namespace: dict[str, Any] = {"pd": pd}
    if "tables" in used:
        namespace["tables"] = data.load_all()
    namespace.update({name: getattr(data, name)() for name in data.TABLES if name in used})
    return namespace


def _exec(code: str, namespace: dict[str, Any], exercise: Exercise, field: str) -> None:
    try:
        exec(compile(code, f"<{exercise.file}: {exercise.id}: {field}>", "exec"), namespace)
    except Exception as error:  # a broken solution is the author's bug: say where it is
        raise ExerciseError(f"{exercise.file}: exercise {exercise.id!r}: field '{field}' fails: "
                            f"{type(error).__name__}: {error}") from error


def _plain(value: Any, exercise: Exercise, field: str) -> float | str:
    """A solution's answer as a plain number or text, checked against the exercise's kind."""
    if exercise.kind == "number":
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
            number = float(value)
            return int(number) if number.is_integer() else number
    elif isinstance(value, str) and value.strip():
        return value
    raise ExerciseError(f"{exercise.file}: exercise {exercise.id!r}: field '{field}' sets answer to "
                        f"{_short(value)}, not a {'finite number' if exercise.kind == 'number' else 'text'}")


@cache
def _run(exercise_id: str, exercise_dir: Path, data_dir: Path) -> dict[str, Any]:
    """Run an exercise's solution, extension and mistakes on the data; cached per data folder."""
    exercise = _load(exercise_dir)[exercise_id]
    namespace = _namespace(exercise)
    if exercise.setup:
        _exec(exercise.setup, namespace, exercise, "setup")
    mistakes = []
    for number, (code, hint) in enumerate(exercise.mistakes):
        trial = dict(namespace)
        _exec(exercise.solution, trial, exercise, "solution")  # a mistake may reuse its variables
        _exec(code, trial, exercise, f"mistakes/{number}")
        mistakes.append((_plain(trial.get("answer"), exercise, f"mistakes/{number}"), hint))
    _exec(exercise.solution, namespace, exercise, "solution")
    answer = _plain(namespace.get("answer"), exercise, "solution")
    if exercise.kind == "place":
        places = data.places()
        known = set(places["place_id"]) | set(places["name"]) | set(places["modern_name"].dropna())
        if answer not in known:
            raise ExerciseError(f"{exercise.file}: exercise {exercise.id!r}: field 'solution' gives "
                                f"{answer!r}, which is not a place in places.csv")
    namespace.pop("answer")
    _exec(exercise.extension_solution, namespace, exercise, "extension")
    extension = namespace.get("answer")
    if extension is None:
        raise ExerciseError(f"{exercise.file}: exercise {exercise.id!r}: field 'extension' "
                            "does not set answer")
    return {"answer": answer, "extension": extension, "mistakes": tuple(mistakes)}


def _results(exercise: Exercise) -> dict[str, Any]:
    return _run(exercise.id, Path(EXERCISE_DIR), Path(data.DATA_DIR))


def _get(exercise_id: str) -> Exercise:
    found = _find(exercise_id)
    if isinstance(found, str):
        raise KeyError(found)
    return found


def for_lesson(lesson: str) -> list[Exercise]:
    """A lesson's exercises, in the order of its file."""
    return [ex for ex in load_exercises().values() if ex.lesson == lesson]


def expected(exercise_id: str) -> float | str:
    """The answer the check accepts: what the exercise's solution gives on the data."""
    return _results(_get(exercise_id))["answer"]


def extension_answer(exercise_id: str) -> object:
    """What the extension's solution gives on the data."""
    return _results(_get(exercise_id))["extension"]


def _answer_text(value: object, tolerance: float = 0) -> str:
    shown = _shown(value)
    return f"{shown} (± {tolerance:g} accepted)" if tolerance else shown


def answer_key(lesson: str) -> str:
    """The teacher's key to a lesson's exercises, in Markdown: each answer with the code that
    computes it from the data (so the key cannot drift from what the check accepts)."""
    found = for_lesson(lesson)
    if not found:
        return ""
    parts = ["## Your turn: exercise answers", ""]
    for ex in found:
        parts += [f"### {ex.title} (`{ex.id}`)", "",
                  f"Answer: **{_answer_text(expected(ex.id), ex.tolerance)}**, from the worked solution:", "",
                  "```python", ex.solution.strip(), "```", "", ex.explanation.strip(), ""]
        for code, hint in ex.mistakes:
            parts += [f"- A likely mistake, `{code.strip()}`: {hint.strip()}"]
        if ex.mistakes:
            parts.append("")
        if ex.extension_task:
            parts += [f"Extension: {' '.join(ex.extension_task.split())}", "",
                      f"Answer: **{_shown(extension_answer(ex.id))}**", "",
                      "```python", ex.extension_solution.strip(), "```", ""]
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Showing an exercise


def _inline(text: str) -> str:
    """Escaped text with Markdown's `code`, **bold** and *italics*, nothing else."""
    pieces = str(text).split("`")
    out = []
    for number, piece in enumerate(pieces):
        if number % 2:
            out.append(f"<code>{escape(piece)}</code>")
            continue
        piece = escape(piece)
        piece = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", piece)
        piece = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", piece)
        out.append(piece)
    if len(pieces) % 2 == 0:  # an unclosed backtick: show it rather than swallow the text
        out[-1] = "`" + out[-1].removeprefix("<code>").removesuffix("</code>")
    return "".join(out)


def _markdown(text: str) -> str:
    """Paragraphs and '- ' lists of :func:`_inline` text: the little Markdown a task needs."""
    blocks = []
    for block in re.split(r"\n\s*\n", str(text).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{_inline(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "".join(blocks)


def _details(summary: str, body: str) -> str:
    return f"<details><summary>{escape(summary)}</summary>{body}</details>"


def _pre(code: str) -> str:
    return f"<pre>{escape(code, quote=False)}</pre>"


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def show(exercise_id: str) -> Html:
    """The exercise as a student reads it: task, starting code, hints, solution and extension."""
    found = _find(exercise_id)
    if isinstance(found, str):
        return Html(f"<p>{escape(found)}</p>", found)
    ex, results = found, _results(found)
    hints = ""
    for number in range(len(ex.hints), 0, -1):  # nested: each hint opens inside the one before
        hints = _details(f"Hint {number}", f"<p>{_inline(ex.hints[number - 1])}</p>" + hints)
    solution = _details("Solution", _pre(ex.solution) + f"<p>{_inline(ex.explanation)}</p>"
                        + f"<p>This gives {escape(_shown(results['answer']))}.</p>")
    extension = _details("Solution to the extension", _pre(ex.extension_solution)
                         + f"<p>This gives {escape(_shown(results['extension']))}.</p>")
    # Bold paragraphs, not headings: the notebook's own "## Your turn" heading stays the outline.
    html = (f"<div class='exercise'><p><b>{escape(ex.title)}</b></p>{_markdown(ex.task)}"
            f"<p>Start from this code, filling in each <code>{BLANK}</code>:</p>{_pre(ex.scaffold)}"
            f"{hints}{solution}<p><b>Going further</b></p>{_markdown(ex.extension_task)}{extension}</div>")
    text = "\n\n".join([
        ex.title, ex.task.strip(), "Start from this code:\n" + ex.scaffold,
        *(f"Hint {n}: {hint}" for n, hint in enumerate(ex.hints, start=1)),
        "Solution:\n" + ex.solution, ex.explanation, f"This gives {_shown(results['answer'])}.",
        "Going further: " + ex.extension_task.strip(), "Solution:\n" + ex.extension_solution,
        f"This gives {_shown(results['extension'])}.",
    ])
    return Html(html, text)


def scaffold(exercise_id: str) -> str:
    """The exercise's starting code, with ___ where the step is new."""
    return _get(exercise_id).scaffold


# ---------------------------------------------------------------------------
# Checking an answer

# A number as a person types it (no "nan", "inf" or "1_000", which float() accepts).
_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")


def _short(value: object, limit: int = 60) -> str:
    """A value's repr, cut short, that never raises."""
    try:
        text = repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fold(text: str) -> str:
    """Text as compared: no case, no accents, no spaces around."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _not_one_value(answer: object) -> str | None:
    """Why an answer is not one value (a column, a table, a list), or None."""
    if isinstance(answer, pd.DataFrame):
        return "That is a whole table (a DataFrame), not one value"
    if isinstance(answer, pd.Series):
        return (f"That is a pandas Series (a column of {plural(len(answer), 'value')}), not one value: "
                "take one with a method such as .sum(), .max() or .iloc[0]")
    if isinstance(answer, list | tuple | set | frozenset | dict | pd.Index) or (
            hasattr(answer, "shape") and getattr(answer, "shape", ()) != ()):
        return "That is a collection of values, not one value"
    return None


def _as_number(answer: object) -> float | str:
    """The answer as a number, or the words saying why it is not one."""
    if isinstance(answer, bool):
        return f"{answer} is a truth value, not a number"
    if answer is pd.NA or answer is pd.NaT:
        return ("That is a missing value, what pandas gives when there is nothing to compute: "
                "check that your filter keeps some rows")
    if isinstance(answer, timedelta | np.timedelta64):
        return "That is a length of time, not a number: .days turns it into a number of days"
    if isinstance(answer, date | np.datetime64):
        return "That is a date, not a number: subtract two dates to get a length of time"
    if isinstance(answer, numbers.Real):
        number = float(answer)
        if math.isnan(number):
            return ("That is NaN ('not a number'), what pandas gives when there is nothing to "
                    "compute: check that your filter keeps some rows")
        return number if math.isfinite(number) else f"{_short(answer)} is not a finite number"
    if isinstance(answer, str):
        if _NUMBER.fullmatch(answer.strip()):
            return float(answer.strip())
        return f"Expected a number, but got the text {_short(answer)}"
    return _not_one_value(answer) or f"Expected a number, but got {_short(answer)}"


def _number_verdict(ex: Exercise, answer: object, results: dict[str, Any]) -> tuple[str, str]:
    given = _as_number(answer)
    if isinstance(given, str):
        return f"✘ {given}.", ""
    right = float(results["answer"])
    shown = _shown(given)
    if abs(given - right) <= ex.tolerance + 1e-9:
        if given == right:
            return f"✔ Right: {shown}.", ex.explanation
        return f"✔ Right: {shown} is within {_shown(ex.tolerance)} of {_shown(right)}.", ex.explanation
    head = f"✘ Not yet: {shown} is too {'high' if given > right else 'low'}."
    for value, hint in results["mistakes"]:
        if abs(given - float(value)) <= ex.tolerance + 1e-9:
            return head, hint
    return head, f"Hint: {ex.hints[0]}"


def _names(ex: Exercise, value: str) -> set[str]:
    """Every way of writing the expected text: a place by its id, its name or its modern name."""
    if ex.kind != "place":
        return {_fold(value)}
    places = data.places()
    row = places[(places["place_id"] == value) | (places["name"] == value)
                 | (places["modern_name"] == value)]
    return {_fold(str(v)) for v in row[["place_id", "name", "modern_name"]].stack()} | {_fold(value)}


def _text_verdict(ex: Exercise, answer: object, results: dict[str, Any]) -> tuple[str, str]:
    if not isinstance(answer, str):
        reason = _not_one_value(answer) or f"Expected a name in quotes, but got {_short(answer)}"
        return f"✘ {reason}.", ""
    if _fold(answer) in _names(ex, results["answer"]):
        return f"✔ Right: {results['answer']}.", ex.explanation
    head = f"✘ Not yet: {_short(answer)} is not it."
    for value, hint in results["mistakes"]:
        if _fold(answer) in _names(ex, value):
            return head, hint
    return head, f"Hint: {ex.hints[0]}"


def _judge(exercise_id: object, answer: object) -> tuple[str, str]:
    """The verdict in two parts: what the student sees first, then the why or the hint (Markdown)."""
    found = _find(exercise_id)
    if isinstance(found, str):
        return found, ""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return INVITATION, ""
    results = _results(found)
    try:
        if found.kind == "number":
            return _number_verdict(found, answer, results)
        return _text_verdict(found, answer, results)
    except Exception:  # an object that fails even to be looked at must not crash the student's cell
        return f"✘ Expected {'a number' if found.kind == 'number' else 'a name in quotes'}, but got "\
               f"a {type(answer).__name__}.", ""


def verdict(exercise_id: str, answer: object) -> str:
    """The words of :func:`check`, as plain text."""
    head, tail = _judge(exercise_id, answer)
    return f"{head} {tail}" if tail else head


def check(exercise_id: str, answer: object) -> Html:
    """Say whether an answer is right (with why), or what to try next; never raises on odd input."""
    head, tail = _judge(exercise_id, answer)
    text = f"{head} {tail}" if tail else head
    if head == INVITATION:
        return Html("<p>Put your answer in place of <code>None</code> and run this cell.</p>", text)
    if not head.startswith(("✔", "✘")):  # no such exercise: a plain sentence
        return Html(f"<p>{escape(head)}</p>", text)
    return Html(f"<p><b>{escape(head)}</b>{' ' + _inline(tail) if tail else ''}</p>", text)
