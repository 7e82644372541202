"""The course website (`make site`): its source, its quiz script and its check.

The quiz script, site/quiz.js, grades in the browser what lessons.questions grades in the notebook.
These tests run both on every question of every bank with right, wrong and odd answers, under
Node, and compare the feedback word for word. Node is on this machine; where it is missing the
comparison is skipped with a loud reason (CI sets PWV_REQUIRE_NODE=1, which makes it a failure).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from lessons import course, quiz, site
from lessons.questions import banks
from lessons.questions import types as qs
from lessons.questions.generators import DatasetTables

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = [item for item in course.PLAN if item.exists()]
BUILT = ROOT / "build" / "site" / "_build" / "html"
NODE = shutil.which("node")


def node_or_skip() -> str:
    if NODE:
        return NODE
    if os.environ.get("PWV_REQUIRE_NODE") == "1":
        pytest.fail("Node.js is needed to test the website's quiz script, and it is not installed")
    pytest.skip("\n\n*** WEBSITE QUIZ SCRIPT NOT TESTED: Node.js is not installed ***\n")


def run_script(job: dict) -> dict:
    done = subprocess.run([node_or_skip(), str(ROOT / "tests" / "js" / "grade.js")], input=json.dumps(job),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


# ---- answers to try: every choice, and what students really type

ODD_TEXTS = ["", "   ", "abc", "1,937", "2,5", "1 937", "1\u00a0937", "\u0661\u0669\u0663\u0667", "1e3",
             "1E+03", "1_000", "1__000", "_1", "inf", "-Infinity", "nan", "-0", ".5", "5.", ".", "+7",
             "12345.25", "0.000012345", "1e300", "1e400", "-3.75", "19\t37", "\t1937\n", "0x10", "１９３７",
             "1937.0000001",
             "x" * 60, "1,2,3", "1.5e-7", "999999.5", "0.00001", "١٩٣٧٫٥", "١٩\u200b٣٧"]


def typed_answers(question: qs.NumberQuestion, rng: random.Random) -> list:
    near = [question.answer + d for d in (-question.tolerance - 1, -question.tolerance, 0, question.tolerance,
                                          question.tolerance + 1, 0.5, -0.25)]
    edges = [question.minimum - 1, question.minimum, question.maximum, question.maximum + 1]
    texts = [f"{v:g}" for v in near + edges] + [str(v) for v in near] + [f" {question.answer:g} "]
    alphabet = "0123456789,. \u00a0e-+_x\u0663"
    fuzz = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(40)]
    return [None, question.answer, *near] + texts + ODD_TEXTS + fuzz


def answers_for(question: qs.Question, rng: random.Random) -> list:
    """Right, wrong and odd answers to one question, as its inputs on the page can give them."""
    choices = list(question.choices())
    if isinstance(question, qs.SingleChoice):
        return [None, "", "not an option", f" {choices[0]}", *choices]
    if isinstance(question, qs.TrueFalse):
        return [None, "True", "False", "true", " FALSE ", "yes", True, False]
    if isinstance(question, qs.MultipleSelect):
        subsets = [list(s) for n in range(len(choices) + 1) for s in itertools.combinations(choices, n)]
        return subsets[:80] + [["not an option"], [*question.answers, "not an option"]]
    if isinstance(question, qs.NumberQuestion):
        return typed_answers(question, rng)
    if isinstance(question, qs.OrderQuestion):
        orders = [list(question.items), list(reversed(question.items)), choices]
        orders += [rng.sample(choices, len(choices)) for _ in range(30)]
        odd = [[None] * len(choices), [choices[0]] * len(choices), choices[:-1], [*choices[:-1], "odd"]]
        return orders + odd
    if isinstance(question, qs.MatchQuestion):
        lefts = question.lefts
        tries = [dict(question.pairs), {left: choices[0] for left in lefts}, {}, {lefts[0]: choices[0]}]
        tries += [{left: rng.choice(choices) for left in lefts} for _ in range(30)]
        tries += [{**dict(question.pairs), lefts[-1]: None}, {**dict(question.pairs), lefts[0]: "odd"}]
        return tries
    raise AssertionError(f"no answers written for question type {question.kind}: add them here")


def lesson_questions(slug: str) -> tuple[list[qs.Question], dict[str, str]]:
    tables = DatasetTables()
    return banks.build_questions(banks.read_bank(slug), tables), quiz.source_labels(tables["sources"])


@pytest.mark.parametrize("slug", [item.slug for item in WRITTEN])
def test_the_page_grades_every_answer_as_the_notebook_does(slug):
    questions, labels = lesson_questions(slug)
    rng = random.Random(slug)
    specs = [site.quiz_spec(q, labels) for q in questions]
    tries = [(i, answer) for i, q in enumerate(questions) for answer in answers_for(q, rng)]
    result = run_script({"questions": specs, "answers": tries})
    disagreements = []
    for (i, answer), got in zip(tries, result["graded"], strict=True):
        question = questions[i]
        expected = question.check(answer)
        want = {"status": expected.status, "message": expected.message, "notes": list(expected.notes)}
        if got.get("feedback") != want or got.get("html") != quiz.feedback_html(question, expected, labels):
            disagreements.append(f"{question.id} {answer!r}: page {got}, notebook {want}")
    assert not disagreements, (f"{len(disagreements)} of {len(tries)} answers graded differently:\n"
                               + "\n".join(disagreements[:10]))
    assert result["reveals"] == [quiz.reveal_html(q, labels) for q in questions]
    # The answers tried reach every outcome: a right answer, a wrong one and an odd one.
    assert {questions[i].check(answer).status for i, answer in tries} == {qs.CORRECT, qs.WRONG, qs.INVALID}


def test_every_question_type_has_a_grader_on_the_page():
    script = (ROOT / "site" / "quiz.js").read_text(encoding="utf-8")
    graders = script[script.index("var GRADERS"):script.index("function note(")]
    assert {m for m in re.findall(r"^ {4}(\w+):", graders, re.M)} == set(qs.QUESTION_TYPES)


def test_numbers_are_written_as_the_notebook_writes_them():
    rng = random.Random(7)
    numbers = [0.5, -0.0, 1929.0, 12345.25, 12345.35, 0.000012345, 1e-5, 0.0001, 999999.5, 1234567.5, 1e300,
               -3.75, 2.5e-7, 1e16, 123456.5, 0.1 + 0.2, 1 / 3, 2 / 3, -1e-300, 9.999995, 99999.95]
    numbers += [rng.uniform(-1e7, 1e7) for _ in range(300)] + [rng.uniform(-1, 1) * 10 ** rng.randint(-9, 9)
                                                                for _ in range(300)]
    numbers += [round(rng.uniform(0, 2000), rng.randint(1, 3)) for _ in range(300)]
    result = run_script({"questions": [], "answers": [], "numbers": numbers})
    wrong = [(n, got, qs._number(n)) for n, got in zip(numbers, result["numbers"], strict=True)
             if got != qs._number(n)]
    assert not wrong, wrong[:10]


def test_the_score_counts_as_the_notebook_counts():
    question = qs.SingleChoice(id="q", prompt="P?", explanation="E.", sources=("s",),
                               options=("right", "wrong"), answer="right")
    stories = [[("check", qs.WRONG), ("check", qs.CORRECT)], [("reveal",), ("check", qs.CORRECT)],
               [("check", qs.INVALID)], [("check", qs.CORRECT), ("reveal",), ("check", qs.WRONG)],
               [("check", qs.INVALID), ("check", qs.WRONG), ("reveal",)]]
    expected = []
    for story in stories:
        view = quiz.QuestionView(1, question, {}, on_change=lambda: None)
        for step in story:
            if step[0] == "reveal":
                view.reveal()
                continue
            view.inputs[0].value = {qs.CORRECT: "right", qs.WRONG: "wrong", qs.INVALID: None}[step[1]]
            assert view.check().status == step[1]
        expected.append({"attempts": view.outcome.attempts, "correct": view.outcome.correct})
    assert run_script({"questions": [], "answers": [], "scores": stories})["scores"] == expected


# ---- the source of the book

def test_the_table_of_contents_follows_the_course_plan():
    text = site.toc(WRITTEN, ["00-start-here"])
    files = re.findall(r"file: notebooks/(\S+)", text)
    assert files == [item.slug for item in WRITTEN]
    assert "teacher/answer-keys/00-start-here" in text and "file: glossary" in text


def stored(slug: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{slug}.ipynb").read_text(encoding="utf-8"))


def quiz_block(html: str) -> dict:
    match = re.search(r'<script type="application/json" class="pwv-quiz-data">(.*?)</script>', html, re.S)
    assert match, "no quiz data on the page"
    return json.loads(match.group(1))


def test_a_lesson_page_carries_the_banks_quiz_instead_of_an_empty_widget():
    notebook = stored("02-planet-without-a-visa")
    before = json.dumps(notebook)
    page = site.lesson_page(notebook, "02-planet-without-a-visa")
    assert json.dumps(notebook) == before, "the stored notebook itself must not change"
    nbformat.validate(nbformat.from_dict(page))
    outputs = [o for cell in page["cells"] for o in cell.get("outputs", [])]
    assert not any(site.WIDGET_VIEW in o.get("data", {}) for o in outputs)
    quizzes = [o["data"]["text/html"] for o in outputs
               if site.QUIZ_CLASS in o.get("data", {}).get("text/html", "")]
    assert len(quizzes) == 1
    data = quiz_block(quizzes[0])
    questions, _ = lesson_questions("02-planet-without-a-visa")
    assert [q["id"] for q in data["questions"]] == [q.id for q in questions]
    # Without JavaScript the static quiz is still there, answers folded.
    assert 'class="pwv-quiz-static"' in quizzes[0] and "<details><summary>Show answer" in quizzes[0]


def test_links_to_lesson_notebooks_in_outputs_become_page_links():
    page = site.lesson_page(stored("00-start-here"), "00-start-here")
    html = "".join(o["data"].get("text/html", "") for c in page["cells"] for o in c.get("outputs", [])
                   if "data" in o)
    assert 'href="02-planet-without-a-visa.html"' in html
    assert not re.search(r'href="[^"]*\.ipynb', html)
    assert site._page_links('<a href="03-moscow-trials.ipynb#the-verdicts">') == \
        '<a href="03-moscow-trials.html#the-verdicts">'


def test_a_notebook_without_its_stored_quiz_is_refused_by_name():
    notebook = stored("02-planet-without-a-visa")
    for cell in notebook["cells"]:
        cell["outputs"] = [] if cell["cell_type"] == "code" else cell.get("outputs")
        if cell["outputs"] is None:
            del cell["outputs"]
    with pytest.raises(ValueError, match="02-planet-without-a-visa.*make execute"):
        site.lesson_page(notebook, "02-planet-without-a-visa")


def test_no_text_of_a_question_can_end_the_script_block():
    assert "<" not in site._script_json({"prompt": "</script><script>alert(1)</script> <!--"})
    assert json.loads(site._script_json({"p": "</script>"})) == {"p": "</script>"}


def test_the_source_holds_every_lesson_and_the_reference_pages(tmp_path):
    lessons = site.write_source(tmp_path / "src")
    assert [item.slug for item in lessons] == [item.slug for item in WRITTEN]
    src = tmp_path / "src"
    for name in ["_config.yml", "_toc.yml", "intro.md", "glossary.md", "data/README.md", "teacher/README.md",
                 "_static/quiz.js", "_static/quiz.css", *(f"notebooks/{i.notebook}" for i in WRITTEN)]:
        assert (src / name).is_file(), name
    guide = (src / "teacher" / "README.md").read_text(encoding="utf-8")
    assert "](answer-keys/glossary.md)" not in guide and "](../glossary.md)" in guide
    intro = (src / "intro.md").read_text(encoding="utf-8")
    assert all(f"notebooks/{i.notebook}" in intro for i in WRITTEN)


# ---- the check of the built pages

GOOD_LESSON = ('<script src="../_static/quiz.js"></script>'
               '<img src="data:image/png;base64,AAAA" alt="A chart.">'
               '<div class="pwv-quiz"><script type="application/json" class="pwv-quiz-data">'
               '{"questions": [{"id": "q"}]}</script></div>')


def test_the_check_passes_a_good_lesson_page():
    assert site.check_page(GOOD_LESSON, "l.html", lesson=True) == []


@pytest.mark.parametrize("bad, problem", [
    ('<img src="x.png">', "without alt text"),
    ('<img src="x.png" alt="  ">', "without alt text"),
    ('<script src="https://cdn.example.org/x.js"></script>', "from another site"),
    ('<script src="//cdn.example.org/x.js"></script>', "from another site"),
    ('<link rel="stylesheet" href="https://fonts.example.org/f.css">', "from another site"),
    ('<link rel="preload" as="font" href="https://fonts.example.org/f.woff2">', "from another site"),
    ('<link rel="shortcut icon" href="https://example.org/favicon.ico">', "from another site"),
    ('<iframe src="http://example.org/"></iframe>', "from another site"),
    ('<div>{"application/vnd.jupyter.widget-view+json": 1}</div>', "widget placeholder"),
    ("<pre>VBox(children=(HTML(value='x'),))</pre>", "widget placeholder"),
])
def test_the_check_names_what_is_wrong(bad, problem):
    problems = site.check_page(GOOD_LESSON + bad, "l.html", lesson=True)
    assert len(problems) == 1 and problem in problems[0] and problems[0].startswith("l.html: ")


def test_the_check_finds_a_lesson_page_without_its_quiz():
    empty = GOOD_LESSON.replace('[{"id": "q"}]', "[]")
    assert site.check_page(empty, "l.html", lesson=True) == ["l.html: the quiz has no questions"]
    assert "0 quizzes" in site.check_page("<p>text</p>", "l.html", lesson=True)[0]
    assert site.check_page("<p>text</p>", "glossary.html", lesson=False) == []


def test_the_check_finds_a_link_to_a_page_that_is_not_there(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01-a.html").write_text("<p>one</p>", encoding="utf-8")
    page = tmp_path / "notebooks" / "00-b.html"
    html = ('<a href="01-a.html#part">next</a> <a href="#top">top</a>'
            ' <a href="https://example.org/">a source</a> <a href="../glossary.html">words</a>'
            ' <a href="02-c.ipynb">old link</a>')
    problems = site.check_page(html, "notebooks/00-b.html", lesson=False, path=page)
    assert problems == ["notebooks/00-b.html: a link to ../glossary.html, which is not there",
                        "notebooks/00-b.html: a link to 02-c.ipynb, which is not there"]


def test_the_check_finds_a_missing_lesson_page(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    problems = site.check_site(tmp_path, WRITTEN[:2])
    assert f"notebooks/{WRITTEN[0].slug}.html: missing" in problems and "glossary.html: missing" in problems


# ---- the built site (make test builds it first; run alone, these need `make site`)

@pytest.fixture(scope="module")
def built() -> Path:
    if not (BUILT / "index.html").is_file():
        pytest.skip("the website is not built: `make site` (make test builds it before the tests)")
    return BUILT


def test_the_built_site_passes_its_check(built):
    assert site.check_site(built) == []


@pytest.mark.parametrize("slug", [item.slug for item in WRITTEN])
def test_each_lesson_page_has_its_whole_quiz_and_its_charts(built, slug):
    html = (built / "notebooks" / f"{slug}.html").read_text(encoding="utf-8")
    questions, _ = lesson_questions(slug)
    assert [q["id"] for q in quiz_block(html)["questions"]] == [q.id for q in questions]
    stored_images = json.dumps(stored(slug)).count("<img ")
    assert html.count("<img ") >= stored_images > 0 or slug == "00-start-here"
    assert "Quiz.from_lesson" not in html  # the quiz cell's one line is hidden
