"""Exercise checks compute the answer from the data and never raise on odd input."""

from lessons import exercises


def test_no_answer_yet(small_dataset):
    assert exercises.verdict("people-count", None).startswith("✘ No answer yet")
    assert exercises.verdict("people-count", "   ").startswith("✘ No answer yet")


def test_right_and_wrong_numbers(small_dataset):
    assert exercises.verdict("people-count", 3) == "✔ Right: 3."
    assert exercises.verdict("people-count", "3") == "✔ Right: 3."
    assert exercises.verdict("people-count", 4).startswith("✘ Not yet")
    assert "len()" in exercises.verdict("people-count", 4)


def test_text_where_a_number_is_expected(small_dataset):
    assert exercises.verdict("people-count", "three").startswith("✘ Expected a number")


def test_answer_follows_the_data(small_dataset):
    with open(small_dataset / "people.csv", "a", encoding="utf-8") as handle:
        handle.write("natalia-sedova,Natalia Sedova,,,,,,,1962,year,natural causes,family,"
                     "Trotsky's wife.,wp-leon-trotsky\n")
    assert exercises.verdict("people-count", 4) == "✔ Right: 4."


def test_place_answers_ignore_case(small_dataset):
    assert exercises.verdict("longest-stay", "alma-ata") == "✔ Right: Alma-Ata."


def test_unknown_exercise_is_explained():
    assert "no exercise called 'nope'" in exercises.verdict("nope", 1)


def test_check_shows_escaped_html(small_dataset):
    shown = exercises.check("people-count", "<b>")
    assert "&lt;b&gt;" in shown.html
