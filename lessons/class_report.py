"""Merge a class's results files into one table a teacher can act on, and a chart of it.

    python -m lessons.class_report FILES... -o class.csv

The students' files come from :mod:`lessons.progress` (however the class shares files). The CSV has
one row per lesson and question: how many students answered it, how many were right at the first
try, how many in the end, and the wrong answers chosen most often. A chart beside it (the same name,
``.png``) shows the share right at the first try, per question. A file that cannot be used (empty,
cut short, from another course version, a second file for the same student and lesson) is named
with the reason and skipped; the report is still written from the others.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lessons import course
from lessons.html import plural
from lessons.progress import Result, ResultError, read_result

__all__ = ["COLUMNS", "collect", "main", "summarise", "write_chart"]

COLUMNS = ("lesson", "question", "students", "right_first_time", "right_in_the_end", "answer_shown",
           "most_chosen_wrong_answers")


def collect(paths: Iterable[Path | str]) -> tuple[list[Result], list[str]]:
    """The usable results, and one line for each file skipped, saying why."""
    results: list[Result] = []
    skipped: list[str] = []
    seen: dict[tuple[str, str], Path] = {}
    for path in paths:
        try:
            result = read_result(path)
        except ResultError as error:
            skipped.append(str(error))
            continue
        key = (result.student.casefold(), result.lesson)
        if key in seen:
            skipped.append(f"{path}: a second file for student {result.student!r} and lesson "
                           f"{result.lesson} (the first was {seen[key]})")
            continue
        seen[key] = result.path
        results.append(result)
    return results, skipped


def _answer_words(answer: object) -> str:
    if isinstance(answer, dict):
        return "; ".join(f"{k} → {v}" for k, v in answer.items())
    if isinstance(answer, list):
        return " / ".join(str(a) for a in answer)
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


@dataclass
class _Tally:
    students: int = 0
    right_first_time: int = 0
    right_in_the_end: int = 0
    answer_shown: int = 0
    wrong: Counter[str] = field(default_factory=Counter)


def summarise(results: Sequence[Result]) -> list[dict[str, object]]:
    """One row per lesson and question, in the order of the course plan, then of the files."""
    tallies: dict[tuple[str, str], _Tally] = {}
    for result in sorted(results, key=lambda r: course.SLUGS.index(r.lesson)):
        for question, record in result.questions.items():
            tally = tallies.setdefault((result.lesson, question), _Tally())
            attempts = [a for a in record.get("answers", []) if isinstance(a, dict)] \
                if isinstance(record.get("answers"), list) else []
            tally.students += 1
            tally.right_first_time += bool(attempts) and bool(attempts[0].get("correct"))
            tally.right_in_the_end += bool(record.get("correct"))
            tally.answer_shown += bool(record.get("revealed"))
            tally.wrong.update(_answer_words(a.get("answer")) for a in attempts if not a.get("correct"))
    return [{"lesson": lesson, "question": question, "students": t.students,
             "right_first_time": t.right_first_time, "right_in_the_end": t.right_in_the_end,
             "answer_shown": t.answer_shown,
             "most_chosen_wrong_answers": "; ".join(f"{a} ({n})" for a, n in t.wrong.most_common(3))}
            for (lesson, question), t in tallies.items()]


def write_chart(rows: Sequence[dict[str, object]], path: Path) -> Path:
    """A bar per question: the share of the students who answered it that were right at the first try."""
    from lessons import charts  # matplotlib only when a chart is asked for

    return charts.class_results(rows).save(path)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: read the files, print what was skipped, write the CSV and the chart."""
    parser = argparse.ArgumentParser(prog="python -m lessons.class_report",
                                     description="Merge students' quiz results into a class report.")
    parser.add_argument("files", nargs="+", type=Path, help="the students' results files (.json)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the CSV to write")
    arguments = parser.parse_args(argv)
    results, skipped = collect(arguments.files)
    for line in skipped:
        print(f"skipped: {line}", file=sys.stderr)
    rows = summarise(results)
    with open(arguments.output, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    students = len({r.student.casefold() for r in results})
    print(f"{arguments.output}: {plural(len(rows), 'question')} from {plural(len(results), 'file')} "
          f"({plural(students, 'student')}); {len(skipped)} skipped")
    if rows:
        chart = write_chart(rows, arguments.output.with_suffix(".png"))
        print(f"{chart}: the share right at the first try, per question")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
