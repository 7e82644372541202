"""Tests for lessons/questions/types.py: grading type by type, the registry, stable display orders."""

import subprocess
import sys
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from lessons.questions import types as qt


def base(**fields):
    return {"id": "q", "prompt": "?", "explanation": "Because.", "sources": ("s",), **fields}


def test_single_choice_right_wrong_and_no_choice():
    q = qt.SingleChoice(**base(options=("Mexico", "Norway"), answer="Mexico"))
    assert q.check("Mexico").correct
    wrong = q.check("Norway")
    assert wrong.valid and not wrong.correct and "Norway" in wrong.message
    assert q.check(None).status == qt.INVALID
    assert "Choose" in q.check(None).message
    assert not q.check("Atlantis").valid


def test_multiple_select_needs_exactly_the_right_set():
    q = qt.MultipleSelect(**base(options=("a", "b", "c"), answers=("a", "b")))
    assert q.check(["b", "a"]).correct
    partial = q.check(["a", "c"])
    assert not partial.correct and "1 of the 2 right answers and 1 wrong one" in partial.message
    assert "2 wrong ones" in qt.MultipleSelect(**base(options=("a", "b", "c"), answers=("a",))).check(
        ["b", "c"]).message
    assert not q.check([]).valid and "Tick at least one" in q.check([]).message


def test_true_false_accepts_bools_and_words():
    q = qt.TrueFalse(**base(answer=True))
    assert q.check(True).correct and q.check("True").correct
    assert q.check("False").status == qt.WRONG
    assert q.check(None).status == qt.INVALID


@pytest.mark.parametrize(
    ("typed", "status"),
    [("1940", "correct"), (" 1940 ", "correct"), (1940, "correct"), ("1936", "wrong"), ("", "invalid"),
     ("abc", "invalid"), ("19 40 x", "invalid"), ("3000", "invalid"), ("nan", "invalid"),
     ("inf", "invalid"), (None, "invalid")],
)
def test_year_question_odd_input_is_a_message_not_an_error(typed, status):
    assert qt.YearQuestion(**base(answer=1940)).check(typed).status == status


def test_year_hints_say_early_or_late_and_range_is_named():
    q = qt.YearQuestion(**base(answer=1940))
    assert "too early" in q.check("1936").message
    assert "too late" in q.check("1941").message
    assert "between 1800 and 2000" in q.check("3000").message
    assert "not a year" in q.check("abc").message
    assert q.instruction == "Type a year." and q.label == "Year"


def test_number_tolerance_and_hints():
    q = qt.NumberQuestion(**base(answer=11, tolerance=1, unit="years"))
    assert q.check("10").correct and q.check("12").correct and q.check("11.5").correct
    assert not q.check("13").correct and "too high" in q.check("13").message
    assert "too low" in q.check("2").message
    assert q.answer_text() == "11 years (accepted: 10 to 12)"
    assert q.check("1,937").status == qt.WRONG and q.parse("1,937") == 1937 and q.parse("2,5") == 2.5


def test_order_question():
    q = qt.OrderQuestion(**base(items=("a", "b", "c", "d")))
    assert q.choices() != q.items and sorted(q.choices()) == sorted(q.items)
    assert q.check(["a", "b", "c", "d"]).correct
    assert "2 of 4" in q.check(["a", "b", "d", "c"]).message
    assert "twice" in q.check(["a", "a", "c", "d"]).message
    assert not q.check(["a", None, "c", "d"]).valid
    assert not q.check(None).valid


def test_match_question():
    pairs = (("Mornard", "Mercader"), ("Jacson", "Mercader"), ("Étienne", "Zborowski"))
    q = qt.MatchQuestion(**base(pairs=pairs))
    assert sorted(q.choices()) == ["Mercader", "Zborowski"]
    right = {"Mornard": "Mercader", "Jacson": "Mercader", "Étienne": "Zborowski"}
    assert q.check(right).correct
    assert "2 of 3" in q.check({**right, "Étienne": "Mercader"}).message
    assert not q.check({**right, "Jacson": None}).valid


def test_bad_questions_are_refused():
    with pytest.raises(ValueError, match="not one of the options"):
        qt.SingleChoice(**base(options=("a", "b"), answer="c"))
    with pytest.raises(ValueError):
        qt.OrderQuestion(**base(items=("a",)))
    with pytest.raises(ValueError, match="outside min..max"):
        qt.YearQuestion(**base(answer=1700))


def test_every_type_declares_its_label_instruction_and_schema():
    assert set(qt.QUESTION_TYPES) == {"single", "multiple", "truefalse", "number", "year", "order", "match"}
    for kind, cls in qt.QUESTION_TYPES.items():
        assert cls.kind == kind and cls.label and cls.instruction and cls.description
        assert cls.bank_schema()["properties"]["type"] == {"const": kind}


def test_a_new_type_is_one_class(tmp_path):
    # Defining the class registers it: the bank schema, the quiz and the answer keys pick it up.
    from lessons.questions import banks
    from lessons.quiz import Quiz

    @dataclass(frozen=True, kw_only=True)
    class Initials(qt.Question):
        answer: str
        kind: ClassVar[str] = "initials-test"
        label: ClassVar[str] = "Initials"
        instruction: ClassVar[str] = "Type the initials."
        entry_schema: ClassVar[dict[str, Any]] = {"answer": {"type": "string"}}
        entry_required: ClassVar[tuple[str, ...]] = ("answer",)

        @classmethod
        def _fields_from_entry(cls, entry):
            return {"answer": entry["answer"]}

        def answer_text(self):
            return self.answer

        def _is_right(self, answer):
            return str(answer).strip().upper() == self.answer

    try:
        banks.schema.cache_clear()
        banks._fast_validator.cache_clear()
        bank = {"lesson": "03-moscow-trials", "title": "T", "questions": [
            {"id": "lt", "type": "initials-test", "prompt": "Initials?", "answer": "LT",
             "explanation": "Leon Trotsky.", "source": "wsws-2015"}]}
        assert banks.schema_problem(bank) is None
        [question] = [Initials.from_entry(bank["questions"][0])]
        quiz = Quiz([question])
        quiz.views[0].inputs[0].value = "lt"
        quiz.views[0].check_button.click()
        assert quiz.score.correct == 1
    finally:
        del qt.QUESTION_TYPES["initials-test"]
        banks.schema.cache_clear()
        banks._fast_validator.cache_clear()


def test_a_kind_cannot_be_registered_twice():
    with pytest.raises(TypeError, match="defined twice"):
        @dataclass(frozen=True, kw_only=True)
        class Again(qt.Question):
            kind: ClassVar[str] = "single"


SHUFFLE = ("from lessons.questions.types import arranged; "
           "print(arranged(tuple('abcdefghij'), 'stages-of-exile'))")


def test_display_order_does_not_depend_on_the_hash_seed():
    # Stored notebook outputs show the shuffled order: it must be the same in every process.
    orders = {subprocess.run([sys.executable, "-c", SHUFFLE], capture_output=True, text=True, check=True,
                             env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2")}
    assert len(orders) == 1, orders


def test_display_order_is_never_the_right_order():
    for key in ("a", "b", "c", "stages-of-exile"):
        assert qt.arranged(("x", "y"), key) == ("y", "x")


# ----------------------------------------------------------------------------- per-answer feedback

def test_a_wrong_option_brings_its_own_explanation():
    q = qt.SingleChoice(**base(options=("Alma-Ata", "Tobolsk", "Tiflis"), answer="Alma-Ata",
                               feedback=(("Tobolsk", "Tobolsk is in Siberia."),)))
    assert q.check("Tobolsk").notes == ("Tobolsk is in Siberia.",)
    assert q.check("Tiflis").notes == ()  # no explanation written: the hint alone
    assert q.check("Alma-Ata").notes == () and q.check(None).notes == ()
    assert q.feedback_list() == (("Tobolsk", "Tobolsk is in Siberia."),)


@pytest.mark.parametrize("key", ["Atlantis", "Alma-Ata"])
def test_feedback_must_explain_a_wrong_option(key):
    with pytest.raises(ValueError, match=rf"question 'q': feedback for '{key}', which is not a wrong option"):
        qt.SingleChoice(**base(options=("Alma-Ata", "Tobolsk"), answer="Alma-Ata", feedback=((key, "x"),)))


def test_multiple_select_explains_each_wrong_tick():
    q = qt.MultipleSelect(**base(options=("Turkey", "Spain", "France", "Britain"),
                                 answers=("Turkey", "France"),
                                 feedback=(("Spain", "Not Spain."), ("Britain", "Not Britain."))))
    assert q.check(["Turkey", "Britain", "Spain"]).notes == ("“Spain”: Not Spain.", "“Britain”: Not Britain.")
    assert q.check(["Turkey"]).notes == ()  # a missed right answer is not explained: it would give it away
    with pytest.raises(ValueError, match="'Turkey', which is not a wrong option"):
        qt.MultipleSelect(**base(options=("Turkey", "Spain"), answers=("Turkey",),
                                 feedback=(("Turkey", "x"),)))


def test_true_false_feedback_is_one_sentence_for_the_wrong_answer():
    q = qt.TrueFalse.from_entry({"id": "q", "type": "truefalse", "prompt": "?", "answer": True,
                                 "explanation": "E.", "source": "s", "feedback": "It is  true:\n he was."})
    assert q.feedback == (("False", "It is true: he was."),)
    assert q.check("False").notes == ("It is true: he was.",)
    assert q.check("True").correct and q.check("True").notes == ()


def test_order_and_match_explain_what_is_out_of_place():
    order = qt.OrderQuestion(**base(items=("Turkey", "France", "Norway"),
                                    feedback=(("Turkey", "Turkey came first."),
                                              ("Norway", "Norway came last."))))
    notes = order.check(["France", "Turkey", "Norway"]).notes
    assert notes == ("“Turkey” is out of place: Turkey came first.",)
    match = qt.MatchQuestion(**base(pairs=(("Mornard", "Mercader"), ("Étienne", "Zborowski")),
                                    feedback=(("Étienne", "Étienne was in Paris."),)))
    wrong = {"Mornard": "Mercader", "Étienne": "Mercader"}
    assert match.check(wrong).notes == ("“Étienne”: Étienne was in Paris.",)
    with pytest.raises(ValueError, match="not a left-hand item"):
        qt.MatchQuestion(**base(pairs=(("a", "b"), ("c", "d")), feedback=(("b", "x"),)))


def test_typed_answers_take_no_feedback_and_skill_is_checked():
    with pytest.raises(ValueError, match="not a wrong option of this question$"):
        qt.YearQuestion(**base(answer=1940, feedback=(("1936", "x"),)))
    assert qt.YearQuestion(**base(answer=1940)).skill == qt.RECALL
    assert qt.TrueFalse(**base(answer=True, skill=qt.REASONING)).skill == "reasoning"
    with pytest.raises(ValueError, match="skill 'memory'"):
        qt.TrueFalse(**base(answer=True, skill="memory"))
