"""The teacher's guide fits the class period, and its generated keys say what the checks accept."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lessons import course, data, exercises, glossary

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "teacher" / "README.md"
KEYS = ROOT / "teacher" / "answer-keys"
# Every lesson written so far (a lesson is written once it has its question bank).
WRITTEN = [lesson for lesson in course.PLAN if lesson.exists()]
LESSONS = tuple(lesson.slug for lesson in WRITTEN)


def timings(lesson_heading: str) -> list[int]:
    """The minutes column of the timing table under a lesson's heading in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split(f"## {lesson_heading}", 1)[1].split("\n## ", 1)[0]
    return [int(m) for m in re.findall(r"^\| (\d+) \|", section, flags=re.M)]


@pytest.mark.parametrize("heading", [f"{lesson.number} · {lesson.title}" for lesson in WRITTEN])
def test_each_lesson_fits_45_minutes_with_the_quiz(heading):
    minutes = timings(heading)
    assert minutes and sum(minutes) == 45
    section = GUIDE.read_text(encoding="utf-8").split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    for part in ("quiz", "*If short of time:*", "*Support:*", "*Extension:*", "*Discussion"):
        assert part in section, part


def test_the_guide_has_a_safeguarding_note_and_a_plan_for_failed_computers():
    text = GUIDE.read_text(encoding="utf-8")
    assert "### Safeguarding" in text and "far-right" in text
    assert "### When the computers fail" in text


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_answer_key_gives_each_exercise_answer_with_its_code(lesson):
    key = (KEYS / f"{lesson}.md").read_text(encoding="utf-8")
    found = exercises.for_lesson(lesson)
    assert found
    for ex in found:
        assert f"`{ex.id}`" in key
        assert ex.solution.strip() in key
        answer = exercises.expected(ex.id)
        shown = f"{answer:g}" if isinstance(answer, float | int) else str(answer)
        assert f"Answer: **{shown}" in key


def test_the_printed_glossary_lists_every_term():
    printed = (KEYS / "glossary.md").read_text(encoding="utf-8")
    terms = data.glossary()["term"]
    assert len(terms) == len(glossary.terms())
    for term in terms:
        assert f"**{term}**" in printed


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_static_html_export_shows_alt_text_and_keeps_solutions_folded(lesson, tmp_path):
    """What a class without a kernel sees: nbconvert's HTML of the stored notebook."""
    out = tmp_path / f"{lesson}.html"
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output", str(out),
                    str(ROOT / "notebooks" / f"{lesson}.ipynb")], check=True, capture_output=True)
    page = out.read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", page)
    assert images and all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    assert "No description has been provided for this image" not in page
    assert re.search(r"<details>\s*<summary>[^<]*Solution", page)
    assert "<summary>" in page and "Hint 1" in page
    assert "No answer yet" not in page


def test_the_lesson_on_the_killing_says_how_to_handle_distress():
    section = GUIDE.read_text(encoding="utf-8").split("## 06 · Operation Duck", 1)[1].split("\n## ", 1)[0]
    assert "*Handling distress.*" in section and "safeguarding" in section
