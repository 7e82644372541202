"""Tests for lessons/questions/banks.py: the YAML banks, their schema, and the real banks."""

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from lessons import course
from lessons.questions import banks
from lessons.questions.types import QUESTION_TYPES, REASONING, MultipleSelect, SingleChoice

ROOT = Path(__file__).resolve().parent.parent
REAL_BANKS = sorted((ROOT / "data" / "quizzes").glob("*.yaml"))


def write_bank(directory: Path, lesson: str, questions: list) -> None:
    text = yaml.safe_dump({"lesson": lesson, "title": "T", "questions": questions})
    (directory / f"{lesson}.yaml").write_text(text, encoding="utf-8")


TRUE = {"id": "a", "type": "truefalse", "prompt": "?", "answer": True, "explanation": "E.",
        "source": "wsws-2015"}


def test_load_bank_mixes_written_and_generated_questions(tmp_path, exile):
    write_bank(tmp_path, "05-hunt-abroad", [
        TRUE,
        {"generate": "chronology", "count": 2, "size": 3, "category": "exile"},
        {"generate": "alias"},
        {"generate": "year", "category": "exile", "seed": 4},
        {"generate": "residence"},
        {"generate": "chronology", "size": 2, "categories": ["exile", "trial"], "years": [1928, 1937]},
    ])
    questions = banks.load_bank("05-hunt-abroad", directory=tmp_path, tables=exile)
    kinds = ["truefalse", "order", "order", "single", "year", "single", "order"]
    assert [q.kind for q in questions] == kinds
    assert len({q.id for q in questions}) == len(questions)
    assert questions[1].items != questions[2].items
    assert questions == banks.load_bank("05-hunt-abroad", directory=tmp_path, tables=exile)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "a", "type": "single", "prompt": "?", "options": ["x", "y"], "answer": "x", "source": "s"},
         "explanation"),
        ({"id": "a", "type": "essay", "prompt": "?", "explanation": "E", "source": "s"}, "essay"),
        ({"generate": "weather"}, "weather"),
        ({"generate": "year", "years": [1930]}, "years"),
        ({"id": "a", "type": "single", "prompt": "?", "options": ["x", "y"], "answer": "z",
          "explanation": "E", "source": "wsws-2015"}, "not one of the options"),
        ({**TRUE, "source": ["wsws-2015", "nobody-1999"]},
         "question 'a' cites 'nobody-1999', not an id in sources.csv"),
        ({"generate": "chronology", "size": 8, "category": "exile"}, "questions/0: only"),
        ({"id": "port", "type": "single", "prompt": "?", "options": ["Tampico", "Veracruz"],
          "answer": "Tampico", "feedback": {"Acapulco": "A Pacific port."}, "explanation": "E",
          "source": "wsws-2015"},
         "questions/0: question 'port': feedback for 'Acapulco', which is not a wrong option"),
        ({**TRUE, "feedback": {"False": "x"}}, "feedback"),
        ({**TRUE, "skill": "memory"}, "skill"),
    ],
)
def test_bad_banks_name_the_file_and_the_problem(tmp_path, exile, entry, message):
    write_bank(tmp_path, "03-moscow-trials", [entry])
    with pytest.raises(banks.BankError, match=message) as error:
        banks.load_bank("03-moscow-trials", directory=tmp_path, tables=exile)
    assert "03-moscow-trials" in str(error.value)


def test_unknown_lesson_and_missing_bank(tmp_path):
    with pytest.raises(banks.BankError, match="unknown lesson"):
        banks.read_bank("99-nothing", tmp_path)
    with pytest.raises(banks.BankError, match="lesson '04-dewey-commission' has no question bank"):
        banks.read_bank("04-dewey-commission", tmp_path)


def test_schema_is_valid_and_takes_its_lists_from_the_code():
    jsonschema.Draft202012Validator.check_schema(banks.schema())
    assert banks.schema()["properties"]["lesson"]["enum"] == list(course.SLUGS)
    assert set(banks.schema()["$defs"]) == {*QUESTION_TYPES, "generate"}


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_real_banks_follow_the_schema(path):
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(bank, banks.schema())
    assert bank["lesson"] == path.stem and path.stem in course.SLUGS
    written = [q for q in bank["questions"] if "type" in q]
    assert len({q["id"] for q in written}) == len(written)


def test_start_here_shows_every_question_type():
    assert {q.kind for q in banks.load_bank("00-start-here")} == set(QUESTION_TYPES)


def test_lesson_02_generates_from_the_data():
    bank = banks.read_bank("02-planet-without-a-visa")
    assert any("generate" in q for q in bank["questions"])
    assert len(banks.build_questions(bank)) > len([q for q in bank["questions"] if "type" in q])


def _broken_variants(bank):
    """Copies of a valid bank, each broken in one way a teacher might break it."""
    missing_answer = copy.deepcopy(bank)
    del missing_answer["questions"][0]["answer"]
    unknown_type = copy.deepcopy(bank)
    unknown_type["questions"][0]["type"] = "essay"
    no_source = copy.deepcopy(bank)
    del no_source["questions"][0]["source"]
    no_questions = copy.deepcopy(bank)
    no_questions["questions"] = "none"
    return [missing_answer, unknown_type, no_source, no_questions]


@pytest.mark.parametrize("lesson", ["00-start-here", "02-planet-without-a-visa"])
def test_fast_check_and_full_schema_agree(lesson):
    bank = yaml.safe_load(banks.bank_path(lesson).read_text(encoding="utf-8"))
    assert banks.schema_problem(bank) is None
    for broken in _broken_variants(bank):
        assert banks.schema_problem(broken), broken
        assert not jsonschema.Draft202012Validator(banks.schema()).is_valid(broken)


def test_a_broken_bank_is_explained_without_jsonschema(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "jsonschema", None)  # an installed course has no jsonschema
    bank = yaml.safe_load(banks.bank_path("00-start-here").read_text(encoding="utf-8"))
    del bank["questions"][0]["answer"]
    assert banks.schema_problem(bank)


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_every_written_lesson_has_at_least_eight_questions(path):
    assert len(banks.load_bank(path.stem)) >= 8


def test_the_banks_and_the_notebooks_name_the_same_lessons():
    # course.Lesson.exists() asks the banks (an installed course has no notebooks folder).
    notebooks = {p.stem for p in course.NOTEBOOK_DIR.glob("[0-9][0-9]-*.ipynb")}
    assert set(banks.available_lessons()) == notebooks


def test_a_bank_scope_limits_its_generated_questions(tmp_path, exile):
    lesson = {"lesson": "03-moscow-trials", "title": "T", "years": [1928, 1930], "categories": ["exile"]}
    for entry, message in [({"generate": "chronology", "size": 2, "years": [1928, 1937]}, "go outside"),
                           ({"generate": "year", "categories": ["trial"]}, "not among the bank's")]:
        with pytest.raises(banks.BankError, match=message):
            banks.build_questions({**lesson, "questions": [entry]}, exile)
    for seed in range(10):
        entry = {"generate": "chronology", "size": 2, "seed": seed}
        [q] = banks.build_questions({**lesson, "questions": [entry]}, exile)
        assert set(q.items) <= {"Exiled to Alma-Ata", "Deported to Turkey", "Moves to Prinkipo"}


# ----------------------------------------------------------------------------- the real banks teach

LESSONS = [path.stem for path in REAL_BANKS]  # every bank teaches, not only the model lessons


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_asks_at_least_two_reasoning_questions(lesson):
    reasoning = [q for q in banks.load_bank(lesson) if q.skill == REASONING]
    assert len(reasoning) >= 2
    for q in reasoning:  # a reasoning question teaches through its wrong options too
        assert isinstance(q, SingleChoice | MultipleSelect)
        assert len(q.feedback_list()) == len(q.feedback_keys())


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_wrong_option_has_its_own_explanation(lesson):
    for q in banks.load_bank(lesson):
        if isinstance(q, SingleChoice | MultipleSelect) and not q.id.startswith("q"):
            missing = [key for key in q.feedback_keys() if not q.feedback_for(key)]
            assert not missing, (q.id, missing)
        for _, text in q.feedback:
            assert text.endswith(".") and len(text) < 260, (q.id, text)


def _named_events(question, titles):
    """The dataset events a generated question names: its items, the event in its prompt."""
    named = set(getattr(question, "items", ())) | set(question.choices())
    named |= {part.split("”")[0] for part in question.prompt.split("“")[1:]}
    return named & titles


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_generated_questions_stay_inside_the_lessons_years(path):
    from lessons import data

    bank = banks.read_bank(path.stem)
    generated = [q for q in banks.build_questions(bank) if q.id.startswith("q")]
    if not generated:
        return
    assert "years" in bank and "categories" in bank, "a bank that generates names its years and categories"
    first, last = (str(y) for y in bank["years"])
    events = data.events().set_index("title")
    homes = data.residences()
    homes = homes[homes["person_id"] == "leon-trotsky"].merge(data.places(), on="place_id")
    for q in generated:
        named = _named_events(q, set(events.index))
        assert named or q.kind != "order", q.prompt
        for title in named:
            row = events.loc[title]
            assert str(row["category"]) in bank["categories"], (q.id, title)
            assert first <= str(row["earliest"].year) and str(row["latest"].year) <= last, (q.id, title)
        if "-residence-" in q.id:  # a residence question offers homes of the lesson's years only
            for option in q.options:
                stays = homes[homes["name"] == option]
                assert len(stays) and (stays["latest"].isna() | (stays["latest"].dt.year >= int(first))).any()
                assert (stays["earliest"].isna() | (stays["earliest"].dt.year <= int(last))).any()



# ----------------------------------------------------------------------------- lessons 03 and 04


@pytest.mark.parametrize("path", REAL_BANKS, ids=lambda p: p.stem)
def test_every_written_question_cites_a_reference_or_a_document(path):
    """A question about the past cites a non-partisan work or a document of the day, not only articles."""
    from lessons import data

    sources = data.sources().set_index("source_id")
    for question in banks.load_bank(path.stem):
        if question.id.startswith("q"):
            continue  # generated: each data row brings its own best source
        cited = sources.loc[list(question.sources)]
        if cited["commissioned"].all():
            assert "article" in question.prompt, question.id
        else:
            assert (~cited["partisan"] | (cited["kind"] == "primary document")).any(), question.id


def _written(lesson: str) -> dict[str, dict]:
    bank = yaml.safe_load(banks.bank_path(lesson).read_text(encoding="utf-8"))
    return {q["id"]: q for q in bank["questions"] if "type" in q}


def test_lesson_03_numbers_are_the_datasets():
    from lessons import data

    questions = _written("03-moscow-trials")
    sentences = data.defendants().query("trial_id == 'trial-of-the-seventeen'")["sentence"]
    assert questions["seventeen-death-sentences"]["answer"] == (sentences == "death").sum() == 13
    assert questions["seventeen-death-sentences"]["max"] == len(sentences)
    shot = data.figures().set_index("figure_id").loc["executions-nkvd-rayfield", "value"]
    assert questions["executions-1937-1938"]["answer"] == round(shot / 1000)


def test_lesson_04_matches_only_refuted_testimony_and_counts_the_sessions():
    from lessons import data

    questions = _written("04-dewey-commission")
    allegations = data.allegations().set_index("allegation_id")
    matched = ["holtzman-hotel-bristol-1932", "sedov-in-copenhagen-1932", "pyatakov-flight-to-oslo-1935",
               "romm-meeting-near-paris-1933", "olberg-opposition-membership"]
    assert len(questions["testimony-and-evidence"]["pairs"]) == len(matched)
    assert (allegations.loc[matched, "finding"] == "refuted").all()
    assert allegations.loc["berman-yurin-copenhagen-1932", "finding"] == "not supported"
    sessions = data.claims().set_index("claim_id").loc["dewey-sessions-popular-history", "reference_value"]
    assert sessions.startswith("Thirteen sessions") and questions["number-of-sessions"]["answer"] == 13


@pytest.mark.parametrize("lesson", ["03-moscow-trials", "04-dewey-commission"])
def test_lessons_03_and_04_use_every_question_type(lesson):
    assert {q.kind for q in banks.load_bank(lesson)} == set(QUESTION_TYPES)
    assert len(banks.load_bank(lesson)) >= 10


def test_the_right_option_is_not_shown_first_by_habit():
    """Banks list the right answer first; the quiz must not show it there, or students learn the place."""
    single = [q for lesson in LESSONS for q in banks.load_bank(lesson) if q.kind in ("single", "multiple")]
    first = [q.id for q in single if q.choices()[0] in (q.answer_text().split("; ") if q.kind == "multiple"
                                                        else [q.answer_text()])]
    assert len(single) > 50 and len(first) / len(single) < 0.35, first
    again = banks.load_bank(LESSONS[0])
    assert [q.choices() for q in again] == [q.choices() for q in banks.load_bank(LESSONS[0])]  # stable
