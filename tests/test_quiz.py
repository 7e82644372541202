"""Tests for lessons/quiz.py, driving the widgets as a student would."""

import re

import pytest

from lessons import data
from lessons.questions import types as qs
from lessons.quiz import Quiz, Score, feedback_html, reveal_html

COMMON = {"explanation": "Because of A & B.", "sources": ("wsws-2015",)}


def make_questions() -> list[qs.Question]:
    """One question of every type."""
    return [
        qs.SingleChoice(
            id="single", prompt="Last country?", options=("Norway", "Mexico"), answer="Mexico", **COMMON
        ),
        qs.MultipleSelect(
            id="multiple",
            prompt="Countries?",
            options=("Turkey", "Spain", "France"),
            answers=("Turkey", "France"),
            **COMMON,
        ),
        qs.TrueFalse(id="truefalse", prompt="Born Bronstein?", answer=True, **COMMON),
        qs.YearQuestion(id="year", prompt="Year of death?", answer=1940, **COMMON),
        qs.OrderQuestion(id="order", prompt="Order these.", items=("Alma-Ata", "Turkey", "Mexico"), **COMMON),
        qs.MatchQuestion(
            id="match",
            prompt="Match.",
            pairs=(("Jacques Mornard", "Ramón Mercader"), ("Étienne", "Mark Zborowski")),
            **COMMON,
        ),
    ]


@pytest.fixture
def sources(small_dataset):
    """The fixture dataset's sources.csv, read through the loader."""
    return data.sources()


@pytest.fixture
def quiz(sources) -> Quiz:
    return Quiz(make_questions(), title="Test quiz", sources=sources)


def view(quiz: Quiz, question_id: str):
    return next(v for v in quiz.views if v.question.id == question_id)


def answer(v, value) -> None:
    """Enter an answer in a question's widgets the way a student would."""
    kind = v.question.kind
    if kind in ("single", "truefalse", "number", "year"):
        v.inputs[0].value = value
    elif kind == "multiple":
        for box in v.inputs:
            box.value = box.description in value
    elif kind == "order":
        for menu, item in zip(v.inputs, value, strict=True):
            menu.value = item
    else:
        for menu in v.inputs:
            menu.value = value[menu.description.rstrip(":")]


RIGHT = {
    "single": "Mexico",
    "multiple": ["Turkey", "France"],
    "truefalse": "True",
    "year": "1940",
    "order": ["Alma-Ata", "Turkey", "Mexico"],
    "match": {"Jacques Mornard": "Ramón Mercader", "Étienne": "Mark Zborowski"},
}
WRONG = {
    "single": "Norway",
    "multiple": ["Turkey", "Spain"],
    "truefalse": "False",
    "year": "1936",
    "order": ["Turkey", "Alma-Ata", "Mexico"],
    "match": {"Jacques Mornard": "Mark Zborowski", "Étienne": "Mark Zborowski"},
}
ODD = {
    "single": None,
    "multiple": [],
    "truefalse": None,
    "year": "nineteen forty",
    "order": ["Alma-Ata", "Alma-Ata", "Mexico"],
    "match": {"Jacques Mornard": None, "Étienne": "Mark Zborowski"},
}


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.parametrize("question_id", list(RIGHT))
def test_right_answer_says_correct_with_symbol_explanation_and_source(quiz, question_id):
    v = view(quiz, question_id)
    answer(v, RIGHT[question_id])
    v.check_button.click()
    shown = text(v.feedback.value)
    assert "✔ Correct." in shown
    assert "Because of A &amp; B." in shown  # explanation, escaped
    assert "David North; Joseph Kishore, “Why and How the GPU Murdered Leon Trotsky” (2015)" in shown
    assert "[wsws-2015]" in shown
    assert quiz.outcomes[question_id].correct
    assert quiz.score == Score(correct=1, attempted=1, total=6)


@pytest.mark.parametrize("question_id", list(WRONG))
def test_wrong_answer_then_retry(quiz, question_id):
    v = view(quiz, question_id)
    assert v.show_button.layout.display == "none"
    answer(v, WRONG[question_id])
    v.check_button.click()
    assert "✘ Not quite." in v.feedback.value and "Try again" in v.feedback.value
    assert "Because of" not in v.feedback.value  # the explanation would give it away
    assert "wsws-2015" in v.feedback.value
    assert v.show_button.layout.display is None  # "Show answer" appears after an attempt
    assert quiz.score == Score(0, 1, 6)
    answer(v, RIGHT[question_id])
    v.check_button.click()
    assert "✔ Correct." in v.feedback.value
    assert quiz.score == Score(1, 1, 6)
    assert quiz.outcomes[question_id].attempts == 2


@pytest.mark.parametrize("question_id", list(ODD))
def test_odd_input_gets_a_friendly_message_and_does_not_count(quiz, question_id):
    v = view(quiz, question_id)
    answer(v, ODD[question_id])
    v.check_button.click()
    assert "⚠ Not checked yet." in v.feedback.value
    assert "Traceback" not in v.feedback.value
    assert quiz.score == Score(0, 0, 6)
    assert v.show_button.layout.display == "none"


def test_nothing_entered_at_all(quiz):
    for v in quiz.views:
        v.check_button.click()
        assert "⚠" in v.feedback.value
    assert quiz.score == Score(0, 0, 6)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a year"),
        ("abc", "not a year"),
        ("3000", "between 1800 and 2000"),
        ("-5", "between 1800 and 2000"),
    ],
)
def test_number_box_odd_input(quiz, typed, message):
    v = view(quiz, "year")
    answer(v, typed)
    v.check_button.click()
    assert message in v.feedback.value


def test_show_answer_reveals_and_a_later_right_answer_does_not_score(quiz):
    v = view(quiz, "year")
    answer(v, "1936")
    v.check_button.click()
    v.show_button.click()
    shown = text(v.feedback.value)
    assert "Answer shown" in shown and "1940" in shown and "Because of" in shown
    assert quiz.outcomes["year"].revealed
    answer(v, "1940")
    v.check_button.click()
    assert "✔ Correct." in v.feedback.value
    assert quiz.score == Score(0, 1, 6)


def test_score_summary_is_shown_to_the_student(quiz):
    assert "0 of 6 correct (0 attempted)" in quiz.summary.value
    for question_id, value in RIGHT.items():
        answer(view(quiz, question_id), value)
        view(quiz, question_id).check_button.click()
    assert quiz.score == Score(6, 6, 6)
    assert "6 of 6 correct (6 attempted)" in quiz.summary.value


def test_controls_are_labelled_for_screen_readers(quiz):
    for number, v in enumerate(quiz.views, 1):
        assert v.check_button.description == "Check answer"
        assert v.check_button.tooltip == f"Check your answer to question {number}"
        assert v.show_button.description == "Show answer"
        for control in v.inputs:
            assert control.description  # read out by screen readers
            assert control.tooltip == f"Question {number}: {v.question.prompt}"


def test_each_type_gets_its_own_input(quiz):
    kinds = {v.question.id: type(v.inputs[0]).__name__ for v in quiz.views}
    assert kinds == {"single": "RadioButtons", "multiple": "Checkbox", "truefalse": "RadioButtons",
                     "year": "Text", "order": "Dropdown", "match": "Dropdown"}
    assert view(quiz, "year").inputs[0].description == "Year:"
    assert len(view(quiz, "multiple").inputs) == 3 and len(view(quiz, "order").inputs) == 3


@pytest.mark.parametrize("question_id", list(RIGHT))
def test_a_right_answer_stays_right_when_the_student_tries_others(quiz, question_id):
    # Retrying after a right answer (to see another answer's feedback) does not lose the point.
    v = view(quiz, question_id)
    answer(v, RIGHT[question_id])
    v.check_button.click()
    answer(v, WRONG[question_id])
    v.check_button.click()
    assert "✘ Not quite." in v.feedback.value
    assert quiz.score == Score(1, 1, 6)
    assert "1 of 6 correct (1 attempted)" in quiz.summary.value


def test_bank_text_is_escaped_everywhere():
    nasty = "<script>alert(1)</script> & co"
    q = qs.SingleChoice(
        id="x", prompt=nasty, options=(nasty, "plain"), answer=nasty, explanation=nasty, sources=("s&<b>",)
    )
    quiz = Quiz([q], title=nasty)
    v = quiz.views[0]
    answer(v, nasty)
    v.check_button.click()
    v2 = quiz.views[0]
    rendered = [quiz.to_html(), v2.prompt.value, v2.feedback.value, quiz.widget.children[0].value]
    v2.show_button.click()
    rendered.append(v2.feedback.value)
    for html in rendered:
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html or "s&amp;&lt;b&gt;" in html
        assert " & " not in html


def test_mimebundle_has_plain_text_static_html_and_the_widget(quiz):
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"] == "Quiz: 6 questions"
    view_json = bundle["application/vnd.jupyter.widget-view+json"]
    assert view_json["model_id"] == quiz.widget.model_id and view_json["version_major"] == 2
    html = bundle["text/html"]
    assert html.count("<details>") == 6 and "<summary>Show answer</summary>" in html
    assert "Norway" in html and "Loading widget" not in html
    # the answer appears only inside <details>
    outside = re.sub(r"<details>.*?</details>", "", html, flags=re.S)
    assert "Because of" not in outside


def test_static_html_is_stable_between_builds(sources):
    first = Quiz(make_questions(), title="Test quiz", sources=sources)._repr_mimebundle_()
    second = Quiz(make_questions(), title="Test quiz", sources=sources)._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]
    assert first["text/plain"] == second["text/plain"]
    assert not re.search(r"0x[0-9a-f]{6,}|[0-9a-f]{32}", first["text/html"])


def test_one_question_is_singular():
    assert repr(Quiz(make_questions()[:1])) == "Quiz: 1 question"


def test_from_lesson_reads_the_bank_and_labels_its_sources():
    quiz = Quiz.from_lesson("00-start-here")
    assert quiz.title == "Warm-up: Trotsky's exile in a few facts"
    assert quiz._repr_mimebundle_()["text/plain"] == "Quiz: 11 questions"
    assert "0 of 11 correct (0 attempted)" in quiz.summary.value
    assert "Paul Hampton" in quiz.to_html()  # ids shown with their author and title


def test_order_and_match_menus_offer_the_shuffled_choices(quiz):
    order = view(quiz, "order")
    offered = [label for label, _ in order.inputs[0].options][1:]
    assert offered == list(order.question.choices())
    assert order.inputs[0].description.startswith("Position 1 (earliest)")
    match = view(quiz, "match")
    assert [m.description for m in match.inputs] == ["Jacques Mornard:", "Étienne:"]


# ----------------------------------------------------------------------------- per-answer feedback

TOBOLSK = "Tobolsk is in western Siberia; in 1928 he was sent much farther south"


def test_choosing_a_wrong_option_shows_its_own_explanation():
    quiz = Quiz.from_lesson("02-planet-without-a-visa")
    v = view(quiz, "alma-ata")
    answer(v, "Tobolsk")
    v.check_button.click()
    shown = text(v.feedback.value)
    assert "✘ Not quite." in shown and "“Tobolsk” is not the right answer." in shown
    assert TOBOLSK in shown
    assert "Tiflis (today Tbilisi" not in shown  # only the chosen option's explanation
    assert "Try again" in shown and "In January 1928 Trotsky was exiled" not in shown
    # The widget shows exactly what the grading function gives, for the static page too.
    assert v.feedback.value == feedback_html(v.question, v.question.check("Tobolsk"), quiz.labels)
    answer(v, "Tiflis")
    v.check_button.click()
    assert "Tiflis (today Tbilisi" in text(v.feedback.value) and TOBOLSK not in text(v.feedback.value)


def test_wrong_ticks_and_misplaced_items_bring_their_explanations():
    quiz = Quiz.from_lesson("00-start-here")
    countries = view(quiz, "countries-of-exile")
    answer(countries, ["Turkey", "Spain", "France", "Norway", "Mexico"])
    countries.check_button.click()
    assert "“Spain”: Spain was not one of the four countries" in text(countries.feedback.value)
    assert "United States" not in text(countries.feedback.value)
    stages = view(quiz, "stages-of-exile")
    items = stages.question.items
    answer(stages, [items[1], items[0], items[2], items[3]])
    stages.check_button.click()
    shown = text(stages.feedback.value)
    assert "2 of 4 are in the right position." in shown
    assert f"“{items[0]}” is out of place: Alma-Ata was exile inside the Soviet Union" in shown
    assert "Mexico was the last country" not in shown
    birth = view(quiz, "birth-name")
    answer(birth, "False")
    birth.check_button.click()
    assert "Bronstein as his birth name" in text(birth.feedback.value)


def test_show_answer_and_the_static_page_list_every_wrong_answers_explanation():
    quiz = Quiz.from_lesson("02-planet-without-a-visa")
    question = view(quiz, "alma-ata").question
    revealed = text(reveal_html(question, quiz.labels))
    assert "Why not the others:" in revealed and f"“Tobolsk”: {TOBOLSK}" in revealed
    page = quiz.to_html()
    inside = "".join(re.findall(r"<details>.*?</details>", page, flags=re.S))
    assert TOBOLSK in inside
    assert TOBOLSK not in re.sub(r"<details>.*?</details>", "", page, flags=re.S)
    assert "If an item is out of place:" in inside and "If you answered otherwise:" in inside


def test_feedback_text_is_escaped():
    nasty = "<b>bold</b> & co"
    q = qs.SingleChoice(id="x", prompt="?", options=("a", nasty), answer="a", explanation="E.",
                        sources=("s",), feedback=((nasty, nasty),))
    for html in (feedback_html(q, q.check(nasty)), reveal_html(q), Quiz([q]).to_html()):
        assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
