"""Quiz questions, in three modules split by what each needs.

- :mod:`lessons.questions.types`: one class per question type (grading, its input widget, its
  answer-key label, its static listing); needs nothing heavy.
- :mod:`lessons.questions.generators`: questions drawn from the dataset (pandas).
- :mod:`lessons.questions.banks`: the YAML banks and their schema.

The names below are re-exported for convenience; the generators and banks load (with pandas)
only when one of their names is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lessons.questions.types import (
    CORRECT,
    INVALID,
    QUESTION_TYPES,
    WRONG,
    Feedback,
    MatchQuestion,
    MultipleSelect,
    NumberQuestion,
    OrderQuestion,
    Question,
    SingleChoice,
    TrueFalse,
    YearQuestion,
    plural,
)

_LAZY = {
    "generators": ("GENERATORS", "DatasetTables", "Scope", "alias_question", "chronology_question",
                   "generator", "residence_question", "year_question"),
    "banks": ("BANK_DIR", "BankError", "available_lessons", "bank_path", "build_questions",
              "load_bank", "read_bank", "schema", "schema_problem"),
}

__all__ = [
    "CORRECT", "INVALID", "QUESTION_TYPES", "WRONG", "Feedback", "MatchQuestion", "MultipleSelect",
    "NumberQuestion", "OrderQuestion", "Question", "SingleChoice", "TrueFalse", "YearQuestion",
    "plural", *(name for names in _LAZY.values() for name in names),
]


def __getattr__(name: str) -> Any:
    for module, names in _LAZY.items():
        if name in names:
            return getattr(import_module(f"lessons.questions.{module}"), name)
    raise AttributeError(f"module 'lessons.questions' has no attribute {name!r}")
