"""The printed worksheets: one per lesson with the story, charts, exercise and quiz, and no answers;
the answer sheet with every answer."""

import re

import pytest
from pypdf import PdfReader

from lessons import course, exercises, worksheets
from lessons.questions import banks

WRITTEN = [lesson.slug for lesson in course.PLAN if lesson.exists()]


def squashed(text: str) -> str:
    """Text without its spacing and line breaks, which a PDF's text layer does not keep."""
    return re.sub(r"\s+", "", text).replace("’", "'")


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worksheets")
    assert worksheets.main([str(folder)]) == 0
    return folder


def read(path):
    pages = PdfReader(path).pages
    return len(pages), squashed(" ".join(page.extract_text() for page in pages))


@pytest.mark.parametrize("lesson", WRITTEN)
def test_the_student_sheet_has_the_lesson_and_no_answers(sheets, lesson):
    pages, text = read(sheets / f"{lesson}.pdf")
    assert 2 <= pages <= 10, pages
    parts = worksheets.lesson_parts(lesson)
    assert squashed(parts["title"]) in text
    assert parts["charts"] and len(parts["sections"]) >= 3
    questions = banks.load_bank(lesson)
    for question in questions:
        assert squashed(question.prompt[:40]) in text, question.id
        assert squashed(question.explanation[:50]) not in text, question.id
    exercise = exercises.for_lesson(lesson)[0]
    assert squashed(exercise.title) in text
    solution_only = [line for line in exercise.solution.splitlines() if line not in exercise.scaffold]
    assert solution_only and all(squashed(line) not in text for line in solution_only if line.strip())


@pytest.mark.parametrize("lesson", WRITTEN)
def test_the_answer_sheet_has_every_answer_and_the_solution(sheets, lesson):
    pages, text = read(sheets / f"{lesson}-answers.pdf")
    assert 1 <= pages <= 6
    for question in banks.load_bank(lesson):
        assert squashed(question.explanation[:50]) in text, question.id
    exercise = exercises.for_lesson(lesson)[0]
    assert squashed(exercise.solution.splitlines()[-1]) in text


def test_the_same_course_prints_the_same_file(tmp_path):
    first = worksheets.student_sheet("08-reading-the-sources", tmp_path / "a.pdf").read_bytes()
    second = worksheets.student_sheet("08-reading-the-sources", tmp_path / "b.pdf").read_bytes()
    assert first == second


def test_text_from_the_data_cannot_break_the_page_markup():
    marked = worksheets._inline("a < b & **c** `d`")
    assert marked == 'a &lt; b &amp; <b>c</b> <font face="DejaVuMono">d</font>'
