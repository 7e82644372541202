"""Question banks: one YAML file per lesson of ``course.PLAN``, checked against a JSON Schema.

The schema is built here from the registered question types and generators and from the
course plan, so it cannot fall out of step with them (``python -m lessons.questions.banks``
prints it, for editors that validate YAML). A bank is checked with fastjsonschema; only a
broken bank pays for importing jsonschema (a test dependency), for a clearer message, and when
jsonschema is not installed the fast message is given. Every question must cite source ids that
exist in ``sources.csv``. Problems raise :class:`BankError`, naming the file and the entry.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml

from lessons import course
from lessons.questions.generators import GENERATORS, SCOPE_OPTIONS, DatasetTables, Scope, Tables
from lessons.questions.types import QUESTION_TYPES, Question
from lessons.resources import BANK_DIR

__all__ = [
    "BANK_DIR", "BankError", "available_lessons", "bank_path", "build_questions", "load_bank",
    "read_bank", "schema", "schema_problem",
]


class BankError(ValueError):
    """A question bank that cannot be read, named with its file and entry."""


def _generate_schema() -> dict[str, Any]:
    options: dict[str, Any] = {}
    for gen in GENERATORS.values():
        options.update(gen.options)
    return {
        "description": "Questions drawn from the dataset with a fixed seed.",
        "type": "object",
        "properties": {
            "generate": {"enum": list(GENERATORS)},
            "count": {"type": "integer", "minimum": 1, "maximum": 10,
                      "description": "How many questions to draw (default 1)."},
            "seed": {"type": "integer", "minimum": 0, "description": "First seed (default 0)."},
            **SCOPE_OPTIONS,
            **options,
        },
        "required": ["generate"],
        "additionalProperties": False,
    }


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema every question bank must follow."""
    defs = {kind: cls.bank_schema() for kind, cls in QUESTION_TYPES.items()}
    defs["generate"] = _generate_schema()
    branches = [{"if": {"required": ["type"], "properties": {"type": {"const": kind}}},
                 "then": {"$ref": f"#/$defs/{kind}"}} for kind in QUESTION_TYPES]
    branches.append({"if": {"required": ["generate"]}, "then": {"$ref": "#/$defs/generate"}})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Planet Without a Visa question bank",
        "description": "One YAML file per lesson in data/quizzes/, named <lesson>.yaml. "
                       "See data/quizzes/README.md.",
        "type": "object",
        "properties": {
            "lesson": {"enum": list(course.SLUGS),
                       "description": "The lesson (notebook name) the bank belongs to."},
            "title": {"type": "string", "minLength": 1,
                      "description": "Quiz heading shown above the questions."},
            "years": {**SCOPE_OPTIONS["years"],
                      "description": "The lesson's years, [first, last]: every generated question "
                                     "stays inside them (an entry may narrow them, not widen them)."},
            "categories": {**SCOPE_OPTIONS["categories"],
                           "description": "The lesson's event categories: generated questions ask only "
                                          "about these (an entry may pick some of them)."},
            "questions": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "description": "A hand-written question (has 'type') or a request for generated "
                                   "ones (has 'generate').",
                    "type": "object",
                    "properties": {"type": {"enum": list(QUESTION_TYPES)}},
                    "oneOf": [{"required": ["type"]}, {"required": ["generate"]}],
                    "allOf": branches,
                },
            },
        },
        "required": ["lesson", "title", "questions"],
        "additionalProperties": False,
        "$defs": defs,
    }


@cache
def _fast_validator() -> Callable[[Any], Any]:
    # One validator for the bank's outline and one per kind of entry, compiled when first met:
    # the whole schema compiles to 240 kB of Python, a tenth of a second at every quiz.
    outline = copy.deepcopy(schema())
    del outline["properties"]["questions"]["items"]["allOf"]
    top = fastjsonschema.compile(outline)

    @cache
    def entry_validator(kind: str) -> Callable[[Any], Any]:
        return fastjsonschema.compile({"$schema": schema()["$schema"], **schema()["$defs"][kind]})

    def validate(bank: Any) -> None:
        top(bank)
        for entry in bank["questions"]:
            entry_validator(entry["type"] if "type" in entry else "generate")(entry)

    return validate


def schema_problem(bank: Any) -> str | None:
    """Say where and how a bank breaks the schema, or return None if it is valid."""
    try:
        _fast_validator()(bank)
        return None
    except fastjsonschema.JsonSchemaValueException as fast_error:
        try:
            # jsonschema takes a second to import, so only a broken bank pays for its clearer
            # message; an installed course without the test extras gives the fast one.
            import jsonschema
        except ImportError:
            return str(fast_error.message)
        error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema()).iter_errors(bank))
        if error is None:
            return str(fast_error.message)
        where = "/".join(str(p) for p in error.path) or "(top level)"
        return f"{where}: {error.message}"


def bank_path(lesson: str, directory: Path | None = None) -> Path:
    """Where the bank of a lesson lives."""
    return Path(directory or BANK_DIR) / f"{lesson}.yaml"


def read_bank(lesson: str, directory: Path | None = None) -> dict[str, Any]:
    """Read a lesson's bank and check it against the schema; errors name file and entry."""
    if lesson not in course.SLUGS:
        raise BankError(f"unknown lesson {lesson!r}: choose one of {', '.join(course.SLUGS)}")
    path = bank_path(lesson, directory)
    if not path.exists():
        raise BankError(f"{path}: lesson {lesson!r} has no question bank (looked in {path.parent})")
    try:
        # libyaml's loader when PyYAML has it: ten times faster, the same safe subset.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        bank = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as error:
        raise BankError(f"{path}: not valid YAML: {error}") from error
    problem = schema_problem(bank)
    if problem is not None:
        raise BankError(f"{path}: {problem}")
    if bank["lesson"] != lesson:
        raise BankError(f"{path}: says lesson {bank['lesson']!r}, expected {lesson!r}")
    return dict(bank)


def _generate(tables: Tables, entry: Mapping[str, Any], lesson_scope: Scope) -> list[Question]:
    """The distinct questions a ``generate`` entry asks for, inside the lesson's scope, drawn with
    consecutive seeds."""
    wanted, seed = entry.get("count", 1), entry.get("seed", 0)
    make, scope = GENERATORS[entry["generate"]].make, lesson_scope.narrowed(Scope.from_entry(entry))
    found: dict[str, Question] = {}
    # Neighbouring seeds can draw the same event; try a few more before giving up.
    for s in range(seed, seed + 20 * wanted):
        question = make(tables, scope, entry, s)
        found.setdefault(question.prompt + "|" + question.answer_text(), question)
        if len(found) == wanted:
            return list(found.values())
    raise ValueError(f"only {len(found)} different questions could be drawn, {wanted} asked for")


def build_questions(bank: Mapping[str, Any], tables: Tables | None = None,
                    data_dir: Path | str | None = None) -> list[Question]:
    """Turn a bank (as read by ``read_bank``) into questions, generating those it asks for.

    ``tables`` may supply some of the dataset's tables; the others are loaded when needed.
    """
    frames = DatasetTables(tables, data_dir)
    lesson_scope = Scope.from_entry(bank)
    questions: list[Question] = []
    for number, entry in enumerate(bank["questions"]):
        try:
            if "generate" in entry:
                # The entry's position keeps ids unique when two entries draw the same kind.
                made = [replace(q, id=f"q{number}-{q.id}") for q in _generate(frames, entry, lesson_scope)]
            else:
                made = [QUESTION_TYPES[entry["type"]].from_entry(entry)]
        except (ValueError, KeyError) as error:
            raise BankError(f"{bank['lesson']}: questions/{number}: {error}") from error
        questions.extend(made)
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BankError(f"{bank['lesson']}: question ids used twice: {', '.join(duplicates)}")
    known = set(frames["sources"]["source_id"])
    for question in questions:
        missing = [s for s in question.sources if s not in known]
        if missing:
            raise BankError(f"{bank['lesson']}: question {question.id!r} cites "
                            f"{', '.join(map(repr, missing))}, not an id in sources.csv")
    return questions


def load_bank(lesson: str, *, directory: Path | None = None, tables: Tables | None = None,
              data_dir: Path | str | None = None) -> list[Question]:
    """The questions of a lesson: its bank's own, plus those generated from the data."""
    return build_questions(read_bank(lesson, directory), tables, data_dir)


def available_lessons(directory: Path | None = None) -> list[str]:
    """The lessons of the course plan that have a question bank, in course order."""
    return [lesson for lesson in course.SLUGS if bank_path(lesson, directory).exists()]


if __name__ == "__main__":
    json.dump(schema(), sys.stdout, indent=2, ensure_ascii=False)
    print()
