"""The question types: one class per type, each declaring everything about itself.

A type says how an answer is graded (``check``), how it is written in a bank (``entry_schema``,
``from_entry``), which input the quiz draws for it (``controls``), how the answer key names it
(``label``) and how the static page lists its choices (``listing_html``). Defining a subclass with
a ``kind`` registers it in :data:`QUESTION_TYPES`; nothing else in Python needs editing to add a
type, but the website's quiz (site/quiz.js) needs a grader for it: tests/test_site.py says so.

A question may carry ``feedback``: an explanation for one wrong answer (a wrong option, an item
out of place, a wrong match), shown when the student gives that answer. A type that takes it
says what the explanations are keyed by (``feedback_keys``) and which of them an answer calls up
(``_feedback_keys_for``); a key that is not one of the question's choices raises ``ValueError``.

No pandas and no dataset here; ipywidgets is imported only when a quiz draws its inputs.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from lessons.html import escape, plural

__all__ = [
    "CHOOSE", "CORRECT", "INVALID", "QUESTION_TYPES", "REASONING", "RECALL", "SKILLS", "WRONG",
    "Controls", "Feedback", "MatchQuestion", "MultipleSelect", "NumberQuestion", "OrderQuestion",
    "Looks", "Question", "SingleChoice", "TrueFalse", "YearQuestion", "arranged", "plural",
]

CORRECT, WRONG, INVALID = "correct", "wrong", "invalid"
CHOOSE = "— choose —"
# What a question assesses: recalling a fact, or reasoning about sources and causes (the
# lesson objectives that begin with "explain" or "compare").
RECALL, REASONING = "recall", "reasoning"
SKILLS = (RECALL, REASONING)

# The widgets a question shows, and a function that reads the student's answer from them.
Controls = tuple[list[Any], Callable[[], Any]]

QUESTION_TYPES: dict[str, type[Question]] = {}

_SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
COMMON_SCHEMA: dict[str, Any] = {
    "id": {**_SLUG, "description": "Stable id, unique in the bank (lowercase slug)."},
    "prompt": {"type": "string", "minLength": 1,
               "description": "The question as the student reads it (plain text)."},
    "explanation": {"type": "string", "minLength": 1,
                    "description": "1-2 sentences in the course's own words, shown with the answer."},
    "source": {
        "description": "Id (or list of ids) of the supporting work in data/sources.csv.",
        "oneOf": [_SLUG, {"type": "array", "items": _SLUG, "minItems": 1, "uniqueItems": True}],
    },
    "skill": {"enum": list(SKILLS),
              "description": "recall (default) or reasoning: a question on sources, causes or "
                             "comparisons (objectives that begin with explain or compare)."},
}


def _feedback_schema(keyed_by: str) -> dict[str, Any]:
    return {"type": "object", "minProperties": 1,
            "additionalProperties": {"type": "string", "minLength": 1},
            "description": f"One sentence for a wrong answer, keyed by the {keyed_by} it explains; "
                           "shown when the student gives that answer."}


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct, wrong, or invalid (odd input, not counted).

    ``notes`` are the bank's explanations for the wrong answers the student gave.
    """

    status: str
    message: str = ""
    notes: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        """True when the answer is right."""
        return self.status == CORRECT

    @property
    def valid(self) -> bool:
        """True when the answer could be graded (it counts as an attempt)."""
        return self.status != INVALID


def arranged(items: Sequence[str], key: str) -> tuple[str, ...]:
    """Return items in a display order that is stable for ``key`` and not the given order."""
    # crc32, not hash(): str hashes change between runs, and stored outputs must not.
    order = list(items)
    random.Random(zlib.crc32(key.encode("utf-8"))).shuffle(order)
    if len(order) > 1 and order == list(items):
        order = order[1:] + order[:1]
    return tuple(order)


def _widgets() -> Any:
    import ipywidgets  # deferred: grading and answer keys need no widgets

    return ipywidgets


class Looks:
    """The layouts and styles that the widgets of one quiz share.

    ipywidgets gives every widget a Layout and a Style of its own, and each is one more model
    that the kernel sends and the browser builds: two thirds of a quiz's models were these.
    Shared, a quiz of fifteen questions sends about 130 models instead of 335, and looks the
    same. Only what never changes once drawn is shared: a widget whose layout changes later
    (the "Show answer" button appears after an attempt) keeps its own.
    """

    @cached_property
    def plain(self) -> Any:
        """The default layout."""
        return _widgets().Layout()

    @cached_property
    def fitted(self) -> Any:
        """As wide as the content: long options are not cut off."""
        return _widgets().Layout(width="auto")

    @cached_property
    def question(self) -> Any:
        """The box of one question, with a gap before the next."""
        return _widgets().Layout(margin="0 0 1em 0")

    @cached_property
    def labelled(self) -> Any:
        """A choice or menu whose label ("Position 1 (earliest):") is never cut short."""
        from ipywidgets.widgets.widget_description import DescriptionStyle

        return DescriptionStyle(description_width="initial")

    @cached_property
    def text_box(self) -> Any:
        """A text box whose label is never cut short."""
        from ipywidgets.widgets.widget_string import TextStyle

        return TextStyle(description_width="initial")

    @cached_property
    def checkbox(self) -> Any:
        """The default look of a tick box."""
        from ipywidgets.widgets.widget_bool import CheckboxStyle

        return CheckboxStyle()

    @cached_property
    def button(self) -> Any:
        """The default look of a button."""
        return _widgets().ButtonStyle()

    @cached_property
    def html(self) -> Any:
        """The default look of a piece of text."""
        from ipywidgets.widgets.widget_string import HTMLStyle

        return HTMLStyle()


def _radio(options: Sequence[str], label: str, looks: Looks, tooltip: str | None) -> Any:
    return _widgets().RadioButtons(options=list(options), index=None, description=label,
                                   style=looks.labelled, layout=looks.fitted, tooltip=tooltip)


def _dropdown(options: Sequence[str], label: str, looks: Looks, tooltip: str | None) -> Any:
    return _widgets().Dropdown(options=[(CHOOSE, None), *((o, o) for o in options)], value=None,
                               description=label, style=looks.labelled, layout=looks.fitted,
                               tooltip=tooltip)


def _text_box(description: str, looks: Looks, tooltip: str | None, placeholder: str = "") -> Any:
    # A Text box, not IntText, even for numbers: IntText silently turns "abc" into 0, and the
    # student deserves to be told what went wrong.
    return _widgets().Text(value="", description=description, placeholder=placeholder,
                           style=looks.text_box, layout=looks.plain, tooltip=tooltip,
                           continuous_update=False)


@dataclass(frozen=True, kw_only=True)
class Question:
    """Common fields of every question; subclasses say how an answer is graded and shown."""

    id: str
    prompt: str
    explanation: str
    sources: tuple[str, ...]
    feedback: tuple[tuple[str, str], ...] = ()
    skill: str = RECALL
    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""
    instruction: ClassVar[str] = ""
    description: ClassVar[str] = ""
    feedback_heading: ClassVar[str] = "Why not the others"
    feedback_noun: ClassVar[str] = "wrong option"
    entry_schema: ClassVar[dict[str, Any]] = {}
    entry_required: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        if self.skill not in SKILLS:
            raise ValueError(f"skill {self.skill!r} is not one of {', '.join(SKILLS)}")
        if not self.feedback:
            return
        allowed = self.feedback_keys()
        keys = [key for key, _ in self.feedback]
        unknown = [key for key in keys if key not in allowed]
        if unknown:
            choose = f" (choose from: {', '.join(allowed)})" if allowed else ""
            raise ValueError(f"question {self.id!r}: feedback for {', '.join(map(repr, unknown))},"
                             f" which is not a {self.feedback_noun} of this question{choose}")
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.id!r}: feedback given twice for the same answer")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind:
            if kind in QUESTION_TYPES:
                raise TypeError(f"question type {kind!r} is defined twice")
            QUESTION_TYPES[kind] = cls

    # ---- the bank

    @classmethod
    def bank_schema(cls) -> dict[str, Any]:
        """The JSON Schema of this type's bank entries."""
        return {
            "description": cls.description,
            "type": "object",
            "properties": {**COMMON_SCHEMA, "type": {"const": cls.kind}, **cls.entry_schema},
            "required": ["id", "type", "prompt", "explanation", "source", *cls.entry_required],
            "additionalProperties": False,
        }

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Question:
        """Build a question from its bank entry (already checked against the schema)."""
        sources = entry["source"]
        return cls(id=entry["id"], prompt=entry["prompt"], explanation=entry["explanation"].strip(),
                   sources=tuple([sources] if isinstance(sources, str) else sources),
                   feedback=cls._feedback_from_entry(entry), skill=entry.get("skill", RECALL),
                   **cls._fields_from_entry(entry))

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {}

    @classmethod
    def _feedback_from_entry(cls, entry: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        # YAML folds long lines with newlines; the student reads one paragraph.
        return tuple((str(key), " ".join(str(text).split()))
                     for key, text in dict(entry.get("feedback") or {}).items())

    # ---- grading

    def check(self, answer: Any) -> Feedback:
        """Grade an answer as the widget reads it; odd input gives a friendly message, and a
        wrong answer brings the bank's explanations for what the student chose."""
        problem = self._problem(answer)
        if problem:
            return Feedback(INVALID, problem)
        if self._is_right(answer):
            return Feedback(CORRECT)
        return Feedback(WRONG, self._hint(answer), self.notes_for(answer))

    # ---- feedback on wrong answers

    def feedback_keys(self) -> tuple[str, ...]:
        """What this question's per-answer feedback may be keyed by (none for typed answers)."""
        return ()

    def feedback_for(self, key: str) -> str:
        """The bank's explanation for one wrong answer, or '' when it has none."""
        return dict(self.feedback).get(key, "")

    def notes_for(self, answer: Any) -> tuple[str, ...]:
        """The explanations a (valid, wrong) answer calls up, in display order."""
        texts = dict(self.feedback)
        return tuple(self._note(key, texts[key]) for key in self._feedback_keys_for(answer) if key in texts)

    def feedback_list(self) -> tuple[tuple[str, str], ...]:
        """Every wrong answer's explanation, in the order the choices are listed."""
        texts = dict(self.feedback)
        return tuple((key, texts[key]) for key in self.feedback_keys() if key in texts)

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return ()

    def _note(self, key: str, text: str) -> str:
        return f"“{key}”: {text}"

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

    # ---- showing

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        """The input widgets the quiz shows, and how to read the answer from them: radio buttons
        for a choice, a text box for a typed answer. ``looks`` are the quiz's shared layouts;
        ``tooltip`` becomes each input's title (a screen reader reads it)."""
        looks = looks or Looks()
        if not self.choices():
            box = _text_box("Answer:", looks, tooltip)
            return [box], lambda: box.value
        radio = _radio(self.choices(), "Answer:", looks, tooltip)
        return [radio], lambda: radio.value

    def listing_html(self) -> str:
        """The choices as the static (no-kernel) page lists them."""
        choices = self.choices()
        return "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in choices) + "</ul>" if choices else ""

    def listing_markdown(self, md: Callable[[str], str]) -> list[str]:
        """The choices as the answer key lists them, one Markdown line each."""
        return [f"- {md(c)}" for c in self.choices()]


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick the one right option."""

    options: tuple[str, ...]
    answer: str
    kind: ClassVar[str] = "single"
    label: ClassVar[str] = "Single choice"
    instruction: ClassVar[str] = "Choose one answer."
    description: ClassVar[str] = "One right option among several."
    entry_schema: ClassVar[dict[str, Any]] = {
        "options": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2,
                    "uniqueItems": True},
        "answer": {"type": "string", "minLength": 1},
        "feedback": _feedback_schema("wrong option"),
    }
    entry_required: ClassVar[tuple[str, ...]] = ("options", "answer")

    def __post_init__(self) -> None:
        if len(set(self.options)) != len(self.options) or len(self.options) < 2:
            raise ValueError("needs at least two options, all different")
        if self.answer not in self.options:
            raise ValueError(f"answer {self.answer!r} is not one of the options")
        super().__post_init__()

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"options": tuple(entry["options"]), "answer": entry["answer"]}

    def answer_text(self) -> str:
        return self.answer

    def choices(self) -> tuple[str, ...]:
        # Banks are written with the right answer first; shown so, a student learns the place.
        return arranged(self.options, self.id)

    def _problem(self, answer: Any) -> str:
        if answer is None or answer == "":
            return "Choose one of the options first."
        if answer not in self.options:
            return "That is not one of the options: choose one from the list."
        return ""

    def _is_right(self, answer: Any) -> bool:
        return bool(answer == self.answer)

    def _hint(self, answer: Any) -> str:
        return f"“{answer}” is not the right answer."

    def feedback_keys(self) -> tuple[str, ...]:
        return tuple(o for o in self.options if o != self.answer)

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return (answer,)

    def _note(self, key: str, text: str) -> str:
        return text  # the hint has already named the option


@dataclass(frozen=True, kw_only=True)
class MultipleSelect(Question):
    """Tick every right option and no wrong one."""

    options: tuple[str, ...]
    answers: tuple[str, ...]
    kind: ClassVar[str] = "multiple"
    label: ClassVar[str] = "Multiple select"
    instruction: ClassVar[str] = "Tick every answer that applies."
    description: ClassVar[str] = "Tick every right option; right means exactly the listed set."
    entry_schema: ClassVar[dict[str, Any]] = {
        "options": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2,
                    "uniqueItems": True},
        "answer": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                   "uniqueItems": True},
        "feedback": _feedback_schema("wrong option"),
    }
    entry_required: ClassVar[tuple[str, ...]] = ("options", "answer")

    def __post_init__(self) -> None:
        if len(set(self.options)) != len(self.options) or len(self.options) < 2:
            raise ValueError("needs at least two options, all different")
        if not self.answers or not set(self.answers) <= set(self.options):
            raise ValueError("answers must be a non-empty subset of the options")
        super().__post_init__()

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"options": tuple(entry["options"]), "answers": tuple(entry["answer"])}

    def answer_text(self) -> str:
        return "; ".join(o for o in self.options if o in self.answers)

    def choices(self) -> tuple[str, ...]:
        return arranged(self.options, self.id)

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
        return (f"You ticked {right} of the {len(self.answers)} right answers"
                f" and {plural(wrong, 'wrong one')}.")

    def feedback_keys(self) -> tuple[str, ...]:
        return tuple(o for o in self.options if o not in self.answers)

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return tuple(o for o in self.options if o in set(answer) - set(self.answers))

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        looks = looks or Looks()
        boxes = [_widgets().Checkbox(value=False, description=o, indent=False, style=looks.checkbox,
                                     layout=looks.plain, tooltip=tooltip) for o in self.choices()]
        return boxes, lambda: [box.description for box in boxes if box.value]


def _as_bool(answer: Any) -> bool | None:
    if isinstance(answer, bool):
        return answer
    return {"true": True, "false": False}.get(str(answer).strip().lower())


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Say whether a statement is true."""

    answer: bool
    kind: ClassVar[str] = "truefalse"
    label: ClassVar[str] = "True or false"
    instruction: ClassVar[str] = "True or false?"
    description: ClassVar[str] = "A statement to judge true or false."
    feedback_heading: ClassVar[str] = "If you answered otherwise"
    feedback_noun: ClassVar[str] = "wrong answer"
    entry_schema: ClassVar[dict[str, Any]] = {
        "answer": {"type": "boolean"},
        "feedback": {"type": "string", "minLength": 1,
                     "description": "One sentence shown to a student who gives the wrong answer."},
    }
    entry_required: ClassVar[tuple[str, ...]] = ("answer",)

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"answer": entry["answer"]}

    @classmethod
    def _feedback_from_entry(cls, entry: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        # A bank writes one string (a YAML key `false:` would turn into a boolean).
        if "feedback" not in entry:
            return ()
        return (("False" if entry["answer"] else "True", " ".join(str(entry["feedback"]).split())),)

    def feedback_keys(self) -> tuple[str, ...]:
        return ("False" if self.answer else "True",)

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return ("True" if _as_bool(answer) else "False",)

    def _note(self, key: str, text: str) -> str:
        return text

    def answer_text(self) -> str:
        return "True" if self.answer else "False"

    def choices(self) -> tuple[str, ...]:
        return ("True", "False")

    def _problem(self, answer: Any) -> str:
        return "Choose True or False first." if _as_bool(answer) is None else ""

    def _is_right(self, answer: Any) -> bool:
        return _as_bool(answer) == self.answer

    def _hint(self, answer: Any) -> str:
        return f"“{'True' if _as_bool(answer) else 'False'}” is not the right answer."


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, kw_only=True)
class NumberQuestion(Question):
    """Type a number, right within a tolerance."""

    answer: float
    tolerance: float = 0
    minimum: float = -1e12
    maximum: float = 1e12
    unit: str = ""
    kind: ClassVar[str] = "number"
    label: ClassVar[str] = "Number"
    instruction: ClassVar[str] = "Type a number."
    description: ClassVar[str] = "A number typed in a box, right within tolerance (default 0)."
    what: ClassVar[str] = "number"
    example: ClassVar[str] = "42"
    entry_schema: ClassVar[dict[str, Any]] = {
        "answer": {"type": "number"}, "tolerance": {"type": "number", "minimum": 0},
        "min": {"type": "number"}, "max": {"type": "number"}, "unit": {"type": "string"},
    }
    entry_required: ClassVar[tuple[str, ...]] = ("answer",)

    def __post_init__(self) -> None:
        if not self.minimum <= self.answer <= self.maximum:
            raise ValueError("answer lies outside min..max")
        if self.tolerance < 0:
            raise ValueError("tolerance must not be negative")
        super().__post_init__()

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        fields = {"answer": float(entry["answer"]), "tolerance": float(entry.get("tolerance", 0)),
                  "unit": entry.get("unit", "")}
        for key, name in (("min", "minimum"), ("max", "maximum")):
            if key in entry:
                fields[name] = float(entry[key])
        return fields

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
        if value is None:
            return f"“{str(answer).strip()[:40]}” is not a {self.what}: type digits, like {self.example}."
        if not self.minimum <= value <= self.maximum:
            return (f"{_number(value)} is out of range: type a {self.what} between"
                    f" {_number(self.minimum)} and {_number(self.maximum)}.")
        return ""

    def _value(self, answer: Any) -> float:
        value = self.parse(answer)
        assert value is not None  # _problem has ruled out what is not a number
        return value

    def _is_right(self, answer: Any) -> bool:
        return abs(self._value(answer) - self.answer) <= self.tolerance

    def _hint(self, answer: Any) -> str:
        value = self._value(answer)
        return f"{_number(value)} is too {'low' if value < self.answer else 'high'}."

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        box = _text_box(f"Answer ({self.unit}):" if self.unit else "Answer:", looks or Looks(),
                        tooltip, placeholder="a number")
        return [box], lambda: box.value


@dataclass(frozen=True, kw_only=True)
class YearQuestion(NumberQuestion):
    """Type a year (1800 to 2000 unless the bank says otherwise)."""

    minimum: float = 1800
    maximum: float = 2000
    kind: ClassVar[str] = "year"
    label: ClassVar[str] = "Year"
    instruction: ClassVar[str] = "Type a year."
    description: ClassVar[str] = ("A year typed in a box; tolerance in years (default 0), accepted "
                                  "range min..max (default 1800..2000).")
    what: ClassVar[str] = "year"
    example: ClassVar[str] = "1929"
    entry_schema: ClassVar[dict[str, Any]] = {
        "answer": {"type": "integer"}, "tolerance": {"type": "number", "minimum": 0},
        "min": {"type": "number"}, "max": {"type": "number"},
    }

    def _hint(self, answer: Any) -> str:
        value = self._value(answer)
        return f"{_number(value)} is too {'early' if value < self.answer else 'late'}."

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        box = _text_box("Year:", looks or Looks(), tooltip, placeholder="e.g. 1929")
        return [box], lambda: box.value


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question):
    """Put events in date order, earliest first; ``items`` holds the right order."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "order"
    label: ClassVar[str] = "Chronological order"
    instruction: ClassVar[str] = "Put these in date order, earliest first."
    description: ClassVar[str] = ("Chronological ordering: items are listed in the RIGHT order "
                                  "(earliest first); students see them shuffled.")
    entry_schema: ClassVar[dict[str, Any]] = {
        "items": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2,
                  "uniqueItems": True, "maxItems": 8},
        "feedback": _feedback_schema("item (shown when that item is out of place)"),
    }
    entry_required: ClassVar[tuple[str, ...]] = ("items",)
    feedback_heading: ClassVar[str] = "If an item is out of place"
    feedback_noun: ClassVar[str] = "item"

    def __post_init__(self) -> None:
        if len(self.items) < 2 or len(set(self.items)) != len(self.items):
            raise ValueError("needs at least two items, all different")
        super().__post_init__()

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"items": tuple(entry["items"])}

    def answer_text(self) -> str:
        return " → ".join(f"{i}. {item}" for i, item in enumerate(self.items, 1))

    def choices(self) -> tuple[str, ...]:
        return arranged(self.items, self.id)

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

    def feedback_keys(self) -> tuple[str, ...]:
        return self.choices()

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return tuple(a for a, b in zip(answer, self.items, strict=True) if a != b)

    def _note(self, key: str, text: str) -> str:
        return f"“{key}” is out of place: {text}"

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        looks = looks or Looks()
        n = len(self.items)
        labels = [f"Position {i}:" for i in range(1, n + 1)]
        labels[0], labels[-1] = "Position 1 (earliest):", f"Position {n} (latest):"
        menus = [_dropdown(self.choices(), label, looks, tooltip) for label in labels]
        return menus, lambda: [menu.value for menu in menus]


@dataclass(frozen=True, kw_only=True)
class MatchQuestion(Question):
    """Match each item on the left (a person) to one on the right (a role or alias)."""

    pairs: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "match"
    label: ClassVar[str] = "Matching"
    instruction: ClassVar[str] = "Match each one on the left with one on the right."
    description: ClassVar[str] = "Matching: each left item (a person) with its right item (role or alias)."
    entry_schema: ClassVar[dict[str, Any]] = {
        "pairs": {
            "type": "array", "minItems": 2,
            "items": {"type": "object",
                      "properties": {"left": {"type": "string", "minLength": 1},
                                     "right": {"type": "string", "minLength": 1}},
                      "required": ["left", "right"], "additionalProperties": False},
        },
        "feedback": _feedback_schema("left-hand item (shown when it is matched wrongly)"),
    }
    entry_required: ClassVar[tuple[str, ...]] = ("pairs",)
    feedback_heading: ClassVar[str] = "If a match is wrong"
    feedback_noun: ClassVar[str] = "left-hand item"

    def __post_init__(self) -> None:
        lefts = [left for left, _ in self.pairs]
        if len(lefts) < 2 or len(set(lefts)) != len(lefts):
            raise ValueError("needs at least two pairs, with different left-hand items")
        super().__post_init__()

    @classmethod
    def _fields_from_entry(cls, entry: Mapping[str, Any]) -> dict[str, Any]:
        return {"pairs": tuple((p["left"], p["right"]) for p in entry["pairs"])}

    @property
    def lefts(self) -> tuple[str, ...]:
        """The left-hand items, in bank order."""
        return tuple(left for left, _ in self.pairs)

    def answer_text(self) -> str:
        return "; ".join(f"{left} → {right}" for left, right in self.pairs)

    def choices(self) -> tuple[str, ...]:
        rights = list(dict.fromkeys(right for _, right in self.pairs))
        return arranged(rights, self.id)

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

    def feedback_keys(self) -> tuple[str, ...]:
        return self.lefts

    def _feedback_keys_for(self, answer: Any) -> tuple[str, ...]:
        return tuple(left for left, right in self.pairs if answer[left] != right)

    def controls(self, looks: Looks | None = None, tooltip: str | None = None) -> Controls:
        looks = looks or Looks()
        menus = {left: _dropdown(self.choices(), f"{left}:", looks, tooltip) for left in self.lefts}
        return list(menus.values()), lambda: {left: m.value for left, m in menus.items()}

    def listing_html(self) -> str:
        return ("<p>Match:</p><ul>" + "".join(f"<li>{escape(left)}</li>" for left in self.lefts)
                + "</ul><p>with:</p><ul>" + "".join(f"<li>{escape(c)}</li>" for c in self.choices())
                + "</ul>")

    def listing_markdown(self, md: Callable[[str], str]) -> list[str]:
        return ["Choices: " + "; ".join(md(c) for c in self.choices())]
