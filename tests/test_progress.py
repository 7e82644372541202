"""Quiz results are saved as a student answers, survive a restart, and show as progress."""

import json
import multiprocessing
import os

import pytest
from test_quiz import answer

from lessons import progress
from lessons.quiz import Quiz

LESSON = "00-start-here"


def first_single(quiz):
    """The first single-choice question of a quiz, with a wrong and the right option."""
    view = next(v for v in quiz.views if v.question.kind == "single")
    wrong = next(o for o in view.question.options if o != view.question.answer)
    return view, wrong


def test_answers_are_saved_as_they_are_checked_and_come_back_after_a_restart(results_dir):
    quiz = Quiz.from_lesson(LESSON)
    view, wrong = first_single(quiz)
    answer(view, wrong)
    view.check_button.click()
    answer(view, view.question.answer)
    view.check_button.click()
    saved = json.loads(progress.result_path(LESSON).read_text(encoding="utf-8"))
    record = saved["questions"][view.question.id]
    assert saved["student"] == "me" and saved["lesson"] == LESSON
    assert record["attempts"] == 2 and record["correct"] and not record["first_try"]
    assert [a["correct"] for a in record["answers"]] == [False, True]
    assert record["answers"][0]["answer"] == wrong

    again = Quiz.from_lesson(LESSON)  # a new kernel builds the quiz again
    restored = next(v for v in again.views if v.question.id == view.question.id)
    assert restored.outcome.correct and restored.outcome.attempts == 2
    assert "From your saved results: answered right" in restored.feedback.value
    assert again.score.correct == 1 and "1 of" in again.summary.value


def test_two_tabs_on_one_lesson_lose_nothing(results_dir):
    first, second = Quiz.from_lesson(LESSON), Quiz.from_lesson(LESSON)
    one, _ = first_single(first)
    answer(one, one.question.answer)
    one.check_button.click()
    other = next(v for v in second.views if v.question.kind == "truefalse")
    answer(other, "False" if other.question.answer else "True")
    other.check_button.click()  # the second tab never saw the first tab's answer
    saved = progress.load(LESSON)
    assert saved[one.question.id]["correct"] and saved[other.question.id]["attempts"] == 1


def test_an_unreadable_results_file_never_breaks_the_quiz_and_is_kept_aside(results_dir):
    path = progress.result_path(LESSON)
    path.parent.mkdir(parents=True)
    path.write_text('{"course": "planet-without-a-visa", "format": 1, "quest', encoding="utf-8")
    quiz = Quiz.from_lesson(LESSON)
    assert quiz.score.attempted == 0
    view, _ = first_single(quiz)
    answer(view, view.question.answer)
    view.check_button.click()
    assert progress.load(LESSON)[view.question.id]["correct"]
    kept = [p for p in results_dir.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").endswith('"quest')


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_folder_that_cannot_be_written_is_reported_under_the_score(results_dir):
    results_dir.mkdir()
    results_dir.chmod(0o500)
    try:
        quiz = Quiz.from_lesson(LESSON)
        view, _ = first_single(quiz)
        answer(view, view.question.answer)
        view.check_button.click()
        assert "could not be saved" in quiz.summary.value and quiz.score.correct == 1
    finally:
        results_dir.chmod(0o700)


def test_a_save_that_fails_is_reported_under_the_score(results_dir, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(progress, "save", refuse)
    quiz = Quiz.from_lesson(LESSON)
    view, _ = first_single(quiz)
    answer(view, view.question.answer)
    view.check_button.click()
    assert "Your answers could not be saved (Permission denied)." in quiz.summary.value
    assert quiz.score.correct == 1


def test_the_student_chooses_a_label_and_an_odd_one_is_refused(results_dir):
    assert progress.student() == "me"
    assert progress.set_student(" Ana 2 ") == "Ana 2"
    assert progress.student() == "Ana 2"
    assert progress.result_path(LESSON).name == f"Ana_2--{LESSON}.json"
    with pytest.raises(ValueError, match="1-40 letters"):
        progress.set_student("../../etc")


def test_progress_lists_every_written_lesson_with_its_score_and_what_to_revisit(results_dir):
    progress.save(LESSON, {"q-right": {"attempts": 1, "correct": True, "answers": []},
                           "q-wrong": {"attempts": 2, "correct": False, "answers": []}})
    shown = progress.show()
    assert "- 00 Start here: 1 of " in shown.text and "questions right; to revisit: q-wrong" in shown.text
    assert "<img" in shown.html and "Bar chart of quiz progress: 1 of 9 lessons started" in shown.html
    assert "- 02 A planet without a visa: the exile, 1928-1937: not started" in shown.text
    assert "<script>" not in progress.show("<script>").html


def _save_many(folder: str, worker: int, count: int, start) -> None:
    """One kernel saving ``count`` answers, one question at a time, as fast as it can."""
    os.environ["PWV_RESULTS_DIR"] = folder
    start.wait(30)
    for number in range(count):
        progress.save(LESSON, {f"tab{worker}-q{number}": {"attempts": 1, "correct": True, "answers": []}})


def test_two_kernels_saving_at_the_same_moment_lose_no_answer(results_dir):
    # Two tabs on one lesson are two processes writing one file: each save must keep what the other
    # wrote in between (a read-merge-write without a lock loses answers here, run after run).
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_save_many, args=(str(results_dir), n, 100, start)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    saved = json.loads(progress.result_path(LESSON).read_text(encoding="utf-8"))["questions"]
    lost = [f"tab{w}-q{n}" for w in (1, 2) for n in range(100) if f"tab{w}-q{n}" not in saved]
    assert lost == [], f"{len(lost)} answers lost"
    assert not [p for p in results_dir.iterdir() if p.name.startswith(".tmp-")]
