"""The course plan matches the notebooks on disk, and every notebook follows the lesson template."""

import json
import re
from pathlib import Path

import pytest

from lessons import course

NOTEBOOKS = sorted(course.NOTEBOOK_DIR.glob("*.ipynb"))
REQUIRED_HEADINGS = ("## At a glance", "## Your turn", "## Check your understanding", "## Key points",
                     "## Sources and further reading", "## Next")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def text(cell: dict) -> str:
    return "".join(cell["source"])


def test_every_notebook_is_in_the_plan():
    assert NOTEBOOKS, "no notebooks found"
    assert {p.stem for p in NOTEBOOKS} <= set(course.SLUGS)


def test_lesson_list_links_only_written_lessons():
    listing = course.lesson_list()
    assert '<a href="01-october-to-expulsion.ipynb">' in listing.html
    assert '<a href="02-planet-without-a-visa.ipynb">' in listing.html
    assert '<a href="03-moscow-trials.ipynb">' in listing.html
    assert '<a href="05-hunt-abroad.ipynb">' in listing.html
    assert "07 · Aftermath and memory <i>(in preparation)</i>" in listing.html
    assert "- 00 · Start here (00-start-here.ipynb)" in repr(listing)


def test_unknown_lesson_is_named():
    with pytest.raises(KeyError, match="no lesson 'nine'"):
        course.lesson("nine")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_follows_the_template(path):
    all_cells = cells(path)
    lesson = course.lesson(path.stem)
    assert text(all_cells[0]).startswith(f"# {lesson.number} · {lesson.title}")
    markdown = "\n".join(text(c) for c in all_cells if c["cell_type"] == "markdown")
    positions = [markdown.find(h) for h in REQUIRED_HEADINGS]
    assert -1 not in positions, f"missing one of {REQUIRED_HEADINGS}"
    assert positions == sorted(positions), "template headings out of order"
    code = "\n".join(text(c) for c in all_cells if c["cell_type"] == "code")
    assert f'Quiz.from_lesson("{path.stem}")' in code
    assert "display.sources_for(" in code


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_executed_without_errors_or_warnings(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        assert cell["execution_count"] is not None, f"unexecuted cell: {text(cell)[:60]}"
        for output in cell["outputs"]:
            assert output["output_type"] != "error", text(cell)[:60]
            assert output.get("name") != "stderr", f"warning stored under: {text(cell)[:60]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_stay_short(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert len(text(cell).splitlines()) <= 10, text(cell)[:60]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lessons_about_killings_open_with_a_content_note(path):
    body = " ".join(text(c) for c in cells(path)).lower()
    if any(word in body for word in ("assassinat", "executed", "killed", "suicide")):
        assert "content note" in text(cells(path)[1]).lower()


def test_the_course_plan_and_question_types_load_without_pandas():
    import subprocess
    import sys

    code = ("import sys, lessons.course, lessons.html, lessons.questions.types; "
            "print(sorted(m for m in ('pandas', 'numpy', 'yaml', 'ipywidgets') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_lesson_is_written_when_it_has_its_bank(tmp_path, monkeypatch):
    monkeypatch.setattr(course, "BANK_DIR", tmp_path)
    (tmp_path / "03-moscow-trials.yaml").write_text("lesson: 03-moscow-trials\n", encoding="utf-8")
    listing = course.lesson_list()
    assert '<a href="03-moscow-trials.ipynb">03 · The Moscow trials, 1936-1938</a>' in listing.html
    assert "00 · Start here <i>(in preparation)</i>" in listing.html


def test_the_readme_lists_the_course_plan_with_each_lesson_ready_when_written():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d\d) \| .*? \| (ready|in preparation) \|$", readme, flags=re.M))
    assert list(rows) == [lesson.number for lesson in course.PLAN]
    for lesson in course.PLAN:
        assert rows[lesson.number] == ("ready" if lesson.exists() else "in preparation"), lesson.slug
