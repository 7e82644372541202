"""The class report merges the students' files, skips bad ones by name, and never crashes."""

import csv
import json

from lessons import class_report, progress


def student_file(folder, label, lesson, questions, **overrides):
    body = {"course": progress.COURSE, "format": progress.FORMAT, "student": label, "lesson": lesson,
            "questions": questions, **overrides}
    path = folder / f"{label}--{lesson}.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def attempt(answer, correct):
    return {"answer": answer, "correct": correct}


def record(*attempts, revealed=False):
    return {"attempts": len(attempts), "correct": any(a["correct"] for a in attempts) and not revealed,
            "revealed": revealed, "answers": list(attempts)}


def test_per_question_who_was_right_first_time_and_the_wrong_answers_chosen_most(tmp_path):
    lesson = "02-planet-without-a-visa"
    files = [
        student_file(tmp_path, "ana", lesson, {"tampico": record(attempt("Tampico", True))}),
        student_file(tmp_path, "ben", lesson, {"tampico": record(attempt("Veracruz", False),
                                                                 attempt("Tampico", True))}),
        student_file(tmp_path, "cy", lesson, {"tampico": record(attempt("Veracruz", False),
                                                                attempt("Acapulco", False), revealed=True),
                                              "chronology": record(attempt(["b", "a"], False))}),
    ]
    output = tmp_path / "class.csv"
    assert class_report.main([*map(str, files), "-o", str(output)]) == 0
    rows = list(csv.DictReader(output.open(encoding="utf-8")))
    tampico = next(r for r in rows if r["question"] == "tampico")
    assert (tampico["students"], tampico["right_first_time"], tampico["right_in_the_end"],
            tampico["answer_shown"]) == ("3", "1", "2", "1")
    assert tampico["most_chosen_wrong_answers"] == "Veracruz (2); Acapulco (1)"
    assert next(r for r in rows if r["question"] == "chronology")["most_chosen_wrong_answers"] == "b / a (1)"
    assert output.with_suffix(".png").read_bytes().startswith(b"\x89PNG")


def test_bad_files_are_named_with_the_reason_and_skipped(tmp_path, capsys):
    lesson = "00-start-here"
    good = student_file(tmp_path, "ana", lesson, {"q": record(attempt("x", True))})
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(good.read_text(encoding="utf-8")[:40], encoding="utf-8")
    old = student_file(tmp_path, "old", lesson, {}, format=0)
    other = student_file(tmp_path, "other", lesson, {}, course="another-course")
    again = tmp_path / "ana-again.json"
    again.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    missing = tmp_path / "missing.json"
    output = tmp_path / "class.csv"
    paths = [good, empty, cut, old, other, again, missing]
    assert class_report.main([*map(str, paths), "-o", str(output)]) == 0
    printed = capsys.readouterr()
    reasons = [(empty, "is empty"), (cut, "is not complete JSON"), (old, "another version"),
               (other, "not a results file of this course"), (again, "a second file for student 'ana'"),
               (missing, "cannot be read")]
    for path, reason in reasons:
        assert f"skipped: {path}: " in printed.err and reason in printed.err, reason
    assert "1 question from 1 file (1 student); 6 skipped" in printed.out
    assert len(list(csv.DictReader(output.open(encoding="utf-8")))) == 1


def test_files_saved_by_the_quiz_are_what_the_report_reads(results_dir, tmp_path):
    progress.save("00-start-here", {"q": {"attempts": 1, "correct": True, "revealed": False,
                                          "answers": [attempt("Yes", True)]}}, label="dee")
    results, skipped = class_report.collect(results_dir.glob("*.json"))
    assert skipped == []
    assert [(r.student, r.lesson, r.correct) for r in results] == [("dee", "00-start-here", 1)]
