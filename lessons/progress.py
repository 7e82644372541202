"""A student's quiz results, saved on their own computer as they answer, and their progress.

Each student and lesson has one small JSON file in the results folder: ``PWV_RESULTS_DIR`` if set,
otherwise ``~/.planet-without-a-visa/results``. Nothing is ever sent anywhere: a teacher who wants
the results asks for the files and merges them with :mod:`lessons.class_report`. The student's
label is their own choice (``progress.set_student("ana")``, or ``PWV_STUDENT``); without one it
is "me". A file holds, for each question: how many checked attempts, each answer given and whether
it was right, whether the answer was shown, and whether it was right at the first try.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

from lessons import course
from lessons.html import Html, escape, plural

__all__ = ["COURSE", "FORMAT", "ResultError", "Result", "load", "read_result", "result_path",
           "results_dir", "save", "set_student", "show", "student"]

COURSE = "planet-without-a-visa"
FORMAT = 1
_LABEL = re.compile(r"^[\w .-]{1,40}$")


class ResultError(ValueError):
    """A results file that cannot be used: the message names the file and says why."""


@dataclass(frozen=True)
class Result:
    """One student's results on one lesson, as read from their file."""

    student: str
    lesson: str
    questions: dict[str, dict[str, Any]]
    path: Path

    @property
    def correct(self) -> int:
        """Questions answered right before their answer was shown."""
        return sum(bool(q.get("correct")) for q in self.questions.values())


def results_dir() -> Path:
    """Where results are saved: ``PWV_RESULTS_DIR``, or a folder in the student's home."""
    chosen = os.environ.get("PWV_RESULTS_DIR")
    return Path(chosen) if chosen else Path.home() / ".planet-without-a-visa" / "results"


def _check_label(label: str) -> str:
    label = label.strip()
    if not _LABEL.match(label):
        raise ValueError(f"a student label is 1-40 letters, digits, spaces, dots, dashes or "
                         f"underscores; {label!r} is not")
    return label


def student() -> str:
    """The student's label: ``PWV_STUDENT``, else the one set with :func:`set_student`, else "me"."""
    if os.environ.get("PWV_STUDENT"):
        return _check_label(os.environ["PWV_STUDENT"])
    saved = results_dir() / "student.txt"
    try:
        return _check_label(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "me"


def set_student(label: str) -> str:
    """Choose the label your results are saved under (any name you like; it stays on this computer)."""
    label = _check_label(label)
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "student.txt").write_text(label + "\n", encoding="utf-8")
    return label


def result_path(lesson: str, label: str | None = None) -> Path:
    """The file of one student's results on one lesson."""
    safe = re.sub(r"[^\w.-]+", "_", label or student())
    return results_dir() / f"{safe}--{lesson}.json"


def _merge(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Two records of one question (two tabs, or a restarted kernel): keep the one with more
    attempts, and never lose a right answer or a shown answer."""
    kept = dict(new if new.get("attempts", 0) >= old.get("attempts", 0) else old)
    kept["correct"] = bool(old.get("correct")) or bool(new.get("correct"))
    kept["revealed"] = bool(old.get("revealed")) or bool(new.get("revealed"))
    return kept


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the lock of one results file: two kernels (two tabs) then save one after the other.

    Without it both can read the file, and the second to write drops what the first wrote. An
    advisory lock on a hidden file beside it (a dot file, so ``results/*.json`` never lists it),
    released by the system if the kernel dies. Where there is no ``fcntl`` (Windows) saving goes on
    unlocked: the file is still never half-written, but two tabs saving at one moment may drop one.
    """
    if fcntl is None:
        yield
        return
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def save(lesson: str, questions: Mapping[str, Mapping[str, Any]], label: str | None = None) -> Path:
    """Write a student's results on a lesson, merged with what the file already holds.

    The file is replaced in one step (written beside it, then renamed), so that a crash or a
    second tab never leaves half a file; reading, merging and writing happen under a lock, so that
    two tabs saving at the same moment both keep their answers.
    """
    path = result_path(lesson, label)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        return _save_merged(path, lesson, questions, label)


def _save_merged(path: Path, lesson: str, questions: Mapping[str, Mapping[str, Any]],
                 label: str | None) -> Path:
    if path.exists():
        try:
            read_result(path)
        except ResultError:
            # A file that cannot be read is kept aside, not overwritten: nothing is lost.
            path.replace(path.with_name(f"{path.stem}.unreadable-{os.getpid()}.json"))
    merged = {qid: dict(q) for qid, q in load(lesson, label).items()}
    for qid, record in questions.items():
        merged[qid] = _merge(merged.get(qid, {}), record)
    body = {"course": COURSE, "format": FORMAT, "student": label or student(), "lesson": lesson,
            "questions": merged}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(body, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(temporary, path)
    return path


def read_result(path: Path | str) -> Result:
    """Read and check one results file; a file that cannot be used raises :class:`ResultError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResultError(f"{path}: cannot be read ({error.strerror})") from error
    if not text.strip():
        raise ResultError(f"{path}: is empty")
    try:
        body = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResultError(f"{path}: is not complete JSON (cut short?): {error.msg}, "
                          f"line {error.lineno}") from error
    if not isinstance(body, dict) or body.get("course") != COURSE:
        raise ResultError(f"{path}: is not a results file of this course")
    if body.get("format") != FORMAT:
        raise ResultError(f"{path}: was written by another version of the course "
                          f"(format {body.get('format')!r}, this one reads {FORMAT})")
    lesson, label, questions = body.get("lesson"), body.get("student"), body.get("questions")
    if lesson not in course.SLUGS:
        raise ResultError(f"{path}: names no lesson of the course ({lesson!r})")
    if not isinstance(label, str) or not label.strip():
        raise ResultError(f"{path}: names no student")
    if not isinstance(questions, dict) or not all(isinstance(q, dict) for q in questions.values()):
        raise ResultError(f"{path}: its questions are not a table of records")
    return Result(label.strip(), lesson, questions, path)


def load(lesson: str, label: str | None = None) -> dict[str, dict[str, Any]]:
    """A student's saved results on a lesson, by question id; nothing if none are saved (or the
    file cannot be used: a quiz must open whatever is in the folder)."""
    try:
        return read_result(result_path(lesson, label)).questions
    except ResultError:
        return {}


def show(label: str | None = None) -> Html:
    """A student's progress: a chart of the questions right per lesson, and the questions to revisit."""
    from lessons import charts  # matplotlib only when progress is shown
    from lessons.questions import banks

    label = label or student()
    rows, table_html, lines = [], [], [f"Progress of {label}"]
    for item in course.PLAN:
        if not item.exists():
            continue
        saved = load(item.slug, label)
        revisit = sorted(q for q, r in saved.items() if not r.get("correct"))
        right = sum(bool(r.get("correct")) for r in saved.values())
        total = len(banks.load_bank(item.slug)) if saved else 0
        rows.append({"number": item.number, "title": item.title, "answered": len(saved), "right": right,
                     "total": total})
        state = f"{right} of {plural(total, 'question')} right" if saved else "not started"
        lines.append(f"- {item.number} {item.title}: {state}" + (f"; to revisit: {', '.join(revisit)}"
                                                                  if revisit else ""))
        table_html.append(f"<tr><td>{escape(item.number)} · {escape(item.title)}</td><td>{escape(state)}</td>"
                          f"<td>{escape(', '.join(revisit) or ('none' if saved else ''))}</td></tr>")
    chart = charts.student_progress(rows, label)
    html = (f"{chart._repr_html_()}<p><small>Saved in {escape(str(results_dir()))}</small></p>"
            "<table><thead><tr><th>lesson</th><th>quiz</th><th>questions to revisit</th></tr></thead>"
            f"<tbody>{''.join(table_html)}</tbody></table>")
    return Html(html, "\n".join(lines))
