"""Teacher's answer keys, generated from the question banks: ``python -m lessons.answer_keys OUTDIR``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from lessons import exercises, glossary
from lessons.html import escape, plural
from lessons.questions import banks
from lessons.questions.generators import Tables
from lessons.questions.types import REASONING, Question

__all__ = ["main", "render_answer_key", "write_answer_keys"]


def _md(text: str) -> str:
    """Escape bank text for Markdown: HTML-escaped, and no stray emphasis or table marks."""
    escaped = escape(text, quote=False)
    for mark in ("\\", "*", "_", "`", "[", "]", "|"):
        escaped = escaped.replace(mark, "\\" + mark)
    return " ".join(escaped.split())


def render_answer_key(lesson: str, title: str, questions: Sequence[Question]) -> str:
    """One lesson's answer key as Markdown."""
    lines = [
        f"# Answer key: {_md(title)}",
        "",
        f"<!-- Generated from data/quizzes/{lesson}.yaml by `python -m lessons.answer_keys`."
        " Do not edit by hand. -->",
        "",
        f"Lesson `{lesson}`, {plural(len(questions), 'question')}. {_reasoning_summary(questions)}",
    ]
    for number, question in enumerate(questions, 1):
        skill = ", reasoning question" if question.skill == REASONING else ""
        lines += ["", f"## {number}. {_md(question.prompt)}", "",
                  f"*{question.label}*{skill} (`{question.id}`)"]
        listing = question.listing_markdown(_md)
        if listing:
            lines += ["", *listing]
        lines += ["", f"**Answer:** {_md(question.answer_text())}", "", _md(question.explanation)]
        others = question.feedback_list()
        if others:
            lines += ["", f"*{question.feedback_heading}:*", "",
                      *(f"- {_md(key)}: {_md(text)}" for key, text in others)]
        lines += ["", "Source: " + ", ".join(f"`{s}`" for s in question.sources)]
    return "\n".join(lines) + "\n"


def _reasoning_summary(questions: Sequence[Question]) -> str:
    numbers = [str(n) for n, q in enumerate(questions, 1) if q.skill == REASONING]
    if not numbers:
        return "No reasoning questions (every question checks recall)."
    which = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return (f"{plural(len(numbers), 'reasoning question')} (on sources, causes or comparisons):"
            f" number{'s' if len(numbers) > 1 else ''} {which}.")


def write_answer_keys(
    outdir: Path | str,
    lessons: Sequence[str] | None = None,
    *,
    directory: Path | None = None,
    tables: Tables | None = None,
) -> list[Path]:
    """Write one Markdown answer key per lesson that has a bank; return the files written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in lessons or banks.available_lessons(directory):
        bank = banks.read_bank(lesson, directory)
        questions = banks.build_questions(bank, tables)
        path = outdir / f"{lesson}.md"
        key = render_answer_key(lesson, bank["title"], questions)
        exercise_key = exercises.answer_key(lesson) if directory is None else ""
        path.write_text(key + ("\n" + exercise_key if exercise_key else ""), encoding="utf-8")
        written.append(path)
    if lessons is None and directory is None and tables is None:
        # The glossary is printed for the teacher beside the keys, from the same data file.
        path = outdir / "glossary.md"
        path.write_text("# Glossary\n\n<!-- Generated from data/glossary.csv by `make answer-keys`: "
                        "do not edit. -->\n\n" + glossary.markdown(), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the answer keys into the folder given as the only argument."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m lessons.answer_keys OUTDIR", file=sys.stderr)
        return 2
    try:
        paths = write_answer_keys(args[0])
    except banks.BankError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
