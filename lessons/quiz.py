"""Interactive quizzes on ipywidgets, with a static HTML fallback for pages without a kernel.

In a notebook, one line shows a lesson's quiz::

    from lessons.quiz import Quiz
    Quiz.from_lesson("02-planet-without-a-visa")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import ipywidgets as widgets
import pandas as pd

from lessons import progress
from lessons.html import escape as esc
from lessons.html import plural
from lessons.questions import banks
from lessons.questions import types as qs
from lessons.questions.generators import DatasetTables, Tables

__all__ = ["Outcome", "QuestionView", "Quiz", "Score", "answer_html", "feedback_html", "reveal_html",
           "source_labels", "sources_html", "static_html"]


class Score(NamedTuple):
    """Questions answered right, questions attempted, questions in the quiz."""

    correct: int
    attempted: int
    total: int


@dataclass
class Outcome:
    """What happened to one question: valid attempts, right or not, answer shown or not.

    ``correct`` stays true once a question was answered right before its answer was shown: a
    student who tries other answers afterwards (to see the feedback) keeps the point.
    """

    attempts: int = 0
    correct: bool = False
    revealed: bool = False
    # Each checked answer, as plain JSON, and whether it was right: what a teacher's class report reads.
    answers: list[dict[str, Any]] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """The outcome as the results file stores it."""
        first = bool(self.answers) and bool(self.answers[0]["correct"])
        return {"attempts": self.attempts, "correct": self.correct, "revealed": self.revealed,
                "first_try": first, "answers": list(self.answers)}


def _plain_answer(value: Any) -> Any:
    """An answer as the widgets read it, in JSON: text, a list of texts, a mapping or a number."""
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def source_labels(sources: pd.DataFrame | None) -> dict[str, str]:
    """Readable labels for source ids: 'Author, Title (year)'."""
    if sources is None:
        return {}
    labels = {}
    for row in sources.itertuples():
        year = "" if pd.isna(getattr(row, "year", None)) else f" ({int(row.year)})"
        labels[str(row.source_id)] = f"{row.author}, “{row.title}”{year}"
    return labels


def sources_html(question: qs.Question, labels: Mapping[str, str]) -> str:
    """The question's sources, labelled, as one line of HTML."""
    cited = "; ".join(f"{esc(labels[s])} [{esc(s)}]" if s in labels else esc(s) for s in question.sources)
    return f"<p><strong>Source:</strong> {cited}</p>"


def _others_html(question: qs.Question) -> str:
    """Every wrong answer's own explanation, as a list under the type's heading."""
    listed = question.feedback_list()
    if not listed:
        return ""
    items = "".join(f"<li>“{esc(key)}”: {esc(text)}</li>" for key, text in listed)
    return f"<p><strong>{esc(question.feedback_heading)}:</strong></p><ul>{items}</ul>"


def answer_html(question: qs.Question, labels: Mapping[str, str]) -> str:
    """The right answer, its explanation, every wrong answer's explanation and the sources."""
    return (
        f"<p><strong>Answer:</strong> {esc(question.answer_text())}</p>"
        f"<p>{esc(question.explanation)}</p>" + _others_html(question) + sources_html(question, labels)
    )


def feedback_html(
    question: qs.Question, feedback: qs.Feedback, labels: Mapping[str, str] | None = None
) -> str:
    """Feedback in words and a symbol (never colour alone), with explanation and source."""
    labels = labels or {}
    if feedback.status == qs.CORRECT:
        body = f"<p><strong>✔ Correct.</strong> {esc(question.explanation)}</p>"
        body += sources_html(question, labels)
    elif feedback.status == qs.WRONG:
        # The explanation would give the answer away; it comes with "Show answer". What the
        # bank says about the wrong answer the student chose teaches without giving it away.
        notes = "".join(f"<p>{esc(note)}</p>" for note in feedback.notes)
        body = (
            f"<p><strong>✘ Not quite.</strong> {esc(feedback.message)}</p>{notes}"
            "<p>Try again, or choose “Show answer”.</p>" + sources_html(question, labels)
        )
    else:
        body = f"<p><strong>⚠ Not checked yet.</strong> {esc(feedback.message)}</p>"
    return f'<div role="status" aria-live="polite">{body}</div>'


def reveal_html(question: qs.Question, labels: Mapping[str, str] | None = None) -> str:
    """The right answer with its explanation and source."""
    return (
        '<div role="status" aria-live="polite"><p><strong>ⓘ Answer shown.</strong></p>'
        f"{answer_html(question, labels or {})}</div>"
    )


class QuestionView:
    """The widgets of one question: prompt, inputs, Check and Show answer buttons, feedback."""

    def __init__(
        self, number: int, question: qs.Question, labels: Mapping[str, str], on_change: Callable,
        looks: qs.Looks | None = None,
    ) -> None:
        self.question, self.labels, self.on_change = question, labels, on_change
        self.outcome = Outcome()
        looks = looks or qs.Looks()
        self.prompt = widgets.HTML(
            f"<p><strong>Question {number}.</strong> {esc(question.prompt)}"
            f" <em>{esc(question.instruction)}</em></p>",
            layout=looks.plain, style=looks.html,
        )
        # The tooltip becomes each input's title, so a screen reader that lands on an input also
        # hears which question it answers.
        self.inputs, self.read = question.controls(looks, tooltip=f"Question {number}: {question.prompt}")
        self.check_button = widgets.Button(
            description="Check answer",
            tooltip=f"Check your answer to question {number}",
            icon="check",
            layout=looks.plain,
            style=looks.button,
        )
        self.show_button = widgets.Button(
            description="Show answer",
            tooltip=f"Show the answer to question {number}",
            icon="eye",
            # Its own layout, not the shared one: it appears after the first attempt.
            layout=widgets.Layout(display="none"),
            style=looks.button,
        )
        self.feedback = widgets.HTML("", layout=looks.plain, style=looks.html)
        self.check_button.on_click(lambda _: self.check())
        self.show_button.on_click(lambda _: self.reveal())
        buttons = widgets.HBox([self.check_button, self.show_button], layout=looks.plain)
        self.box = widgets.VBox([self.prompt, *self.inputs, buttons, self.feedback], layout=looks.question)

    def check(self) -> qs.Feedback:
        """Grade what the student entered and show the feedback."""
        answer = self.read()
        feedback = self.question.check(answer)
        if feedback.valid:
            self.outcome.attempts += 1
            self.outcome.answers.append({"answer": _plain_answer(answer), "correct": bool(feedback.correct)})
            # Right after the answer was shown is not counted as right; right once stays right.
            if feedback.correct and not self.outcome.revealed:
                self.outcome.correct = True
            self.show_button.layout.display = None
        self.feedback.value = feedback_html(self.question, feedback, self.labels)
        self.on_change()
        return feedback

    def reveal(self) -> None:
        """Show the right answer, its explanation and source."""
        self.outcome.revealed = True
        self.feedback.value = reveal_html(self.question, self.labels)
        self.on_change()


def static_html(title: str, questions: Sequence[qs.Question], labels: Mapping[str, str]) -> str:
    """The quiz as plain HTML: questions with options, answers hidden in <details>."""
    items = []
    for question in questions:
        listed = question.listing_html()
        items.append(
            f"<li><p>{esc(question.prompt)} <em>{esc(question.instruction)}</em></p>{listed}"
            f"<details><summary>Show answer</summary>{answer_html(question, labels)}"
            "</details></li>"
        )
    return (
        f'<div class="quiz"><p><strong>Quiz: {esc(title)}</strong>'
        f" ({plural(len(questions), 'question')})</p>"
        "<p><em>Run this notebook to answer the questions and get feedback. Each answer is"
        " under “Show answer”.</em></p>"
        f"<ol>{''.join(items)}</ol></div>"
    )


class Quiz:
    """A lesson's quiz: interactive widgets in Jupyter, readable HTML everywhere else."""

    def __init__(
        self,
        questions: Sequence[qs.Question],
        title: str = "Check your understanding",
        sources: pd.DataFrame | None = None,
        lesson: str | None = None,
    ) -> None:
        self.questions = list(questions)
        # With a lesson, results are saved to the student's results file as they answer and
        # restored from it when the quiz is shown again (after a kernel restart, say).
        self.lesson = lesson
        self.save_problem = ""
        self.title = title
        self.labels = source_labels(sources)
        looks = qs.Looks()
        self.views = [
            QuestionView(n, q, self.labels, self._update_score, looks)
            for n, q in enumerate(self.questions, 1)
        ]
        if lesson is not None:
            self._restore(progress.load(lesson))
        # Built with its first value: a widget changed after it is made sends one more message.
        self.summary = widgets.HTML(self._score_html(), layout=looks.plain, style=looks.html)
        heading = widgets.HTML(f"<p><strong>Quiz: {esc(self.title)}</strong></p>",
                               layout=looks.plain, style=looks.html)
        self.widget = widgets.VBox([heading, *(v.box for v in self.views), self.summary],
                                   layout=looks.plain)

    @classmethod
    def from_lesson(cls, lesson: str, tables: Tables | None = None) -> Quiz:
        """The quiz of a lesson, from its bank in data/quizzes/ (``tables`` replace the dataset's)."""
        bank = banks.read_bank(lesson)
        frames = DatasetTables(tables)
        return cls(banks.build_questions(bank, frames), title=bank["title"], sources=frames["sources"],
                   lesson=lesson)

    @property
    def score(self) -> Score:
        """Right answers, attempted questions and total, as a named tuple."""
        outcomes = self.outcomes.values()
        return Score(
            correct=sum(o.correct for o in outcomes),
            attempted=sum(o.attempts > 0 for o in outcomes),
            total=len(self.questions),
        )

    @property
    def outcomes(self) -> dict[str, Outcome]:
        """Each question's outcome, by question id."""
        return {view.question.id: view.outcome for view in self.views}

    def _score_html(self) -> str:
        correct, attempted, total = self.score
        saved = f" <em>{esc(self.save_problem)}</em>" if self.save_problem else ""
        return (
            f'<p role="status"><strong>Score:</strong> {correct} of {total} correct'
            f" ({attempted} attempted).{saved}</p>"
        )

    def _restore(self, saved: Mapping[str, Mapping[str, Any]]) -> None:
        """Take back the outcomes saved for this quiz's questions, and say so under each."""
        for view in self.views:
            record = saved.get(view.question.id)
            if not record:
                continue
            answers = record.get("answers")
            view.outcome = Outcome(attempts=int(record.get("attempts", 0)),
                                   correct=bool(record.get("correct")), revealed=bool(record.get("revealed")),
                                   answers=list(answers) if isinstance(answers, list) else [])
            state = "answered right" if view.outcome.correct else "not yet answered right"
            view.feedback.value = f"<p><em>From your saved results: {esc(state)}.</em></p>"
            if view.outcome.attempts:
                view.show_button.layout.display = None

    def results(self) -> dict[str, dict[str, Any]]:
        """Each attempted or shown question's outcome, as the results file stores it."""
        return {qid: o.record() for qid, o in self.outcomes.items() if o.attempts or o.revealed}

    def _update_score(self) -> None:
        if self.lesson is not None:
            try:
                progress.save(self.lesson, self.results())
                self.save_problem = ""
            except OSError as error:  # a full disk or a read-only home must not break the quiz
                self.save_problem = f"Your answers could not be saved ({error.strerror or error})."
        self.summary.value = self._score_html()

    def to_html(self) -> str:
        """The static HTML fallback."""
        return static_html(self.title, self.questions, self.labels)

    def __repr__(self) -> str:
        return f"Quiz: {plural(len(self.questions), 'question')}"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Plain text, static HTML and the live widget: each front end shows what it can."""
        return {
            "text/plain": repr(self),
            "text/html": self.to_html(),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.widget.model_id,
            },
        }
