"""Teacher's answer keys, generated from the question banks: ``python -m lessons.answer_keys OUTDIR``."""

from __future__ import annotations

import html
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lessons import questions as qs


def _md(text: str) -> str:
    """Escape bank text for Markdown: HTML-escaped, and no stray emphasis or table marks."""
    escaped = html.escape(str(text), quote=False)
    for mark in ("\\", "*", "_", "`", "[", "]", "|"):
        escaped = escaped.replace(mark, "\\" + mark)
    return " ".join(escaped.split())


KIND_NAMES = {
    "single": "Single choice",
    "multiple": "Multiple select",
    "truefalse": "True or false",
    "number": "Number",
    "order": "Chronological order",
    "match": "Matching",
}


def render_answer_key(lesson: str, title: str, questions: Sequence[qs.Question]) -> str:
    """One lesson's answer key as Markdown."""
    lines = [
        f"# Answer key: {_md(title)}",
        "",
        f"<!-- Generated from data/quizzes/{lesson}.yaml by `python -m lessons.answer_keys`."
        " Do not edit by hand. -->",
        "",
        f"Lesson `{lesson}`, {qs.plural(len(questions), 'question')}.",
    ]
    for number, question in enumerate(questions, 1):
        kind = "Year" if getattr(question, "year", False) else KIND_NAMES[question.kind]
        lines += ["", f"## {number}. {_md(question.prompt)}", "", f"*{kind}* (`{question.id}`)"]
        if isinstance(question, qs.MatchQuestion):
            lines += ["", "Choices: " + "; ".join(_md(c) for c in question.choices())]
        elif question.choices():
            lines += [""] + [f"- {_md(c)}" for c in question.choices()]
        lines += [
            "",
            f"**Answer:** {_md(question.answer_text())}",
            "",
            _md(question.explanation),
            "",
            "Source: " + ", ".join(f"`{s}`" for s in question.sources),
        ]
    return "\n".join(lines) + "\n"


def write_answer_keys(
    outdir: Path | str,
    lessons: Sequence[str] | None = None,
    *,
    directory: Path | None = None,
    **frames: pd.DataFrame,
) -> list[Path]:
    """Write one Markdown answer key per lesson that has a bank; return the files written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson in lessons or qs.available_lessons(directory):
        bank = qs.read_bank(lesson, directory)
        questions = qs.build_questions(bank, **frames)
        path = outdir / f"{lesson}.md"
        path.write_text(render_answer_key(lesson, bank["title"], questions), encoding="utf-8")
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
    except qs.BankError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
