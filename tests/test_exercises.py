"""Exercises: what a student sees, answers computed from the solutions, odd answers never raise."""

import math
import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from lessons import data, exercises
from lessons.exercises import INVITATION, ExerciseError

ROOT = Path(__file__).resolve().parent.parent
EXERCISE_FILES = sorted((ROOT / "data" / "exercises").glob("*.yaml"))
ALL = exercises.load_exercises(ROOT / "data" / "exercises")


@pytest.fixture(autouse=True)
def _fresh():
    exercises.clear_cache()
    yield
    exercises.clear_cache()


def _trotsky_stays() -> pd.DataFrame:
    """Trotsky's homes with their countries, built independently of the exercise files."""
    homes = data.residences().query("person_id == 'leon-trotsky'")
    return homes.join(data.places().set_index("place_id")["country"], on="place_id")


# ----------------------------------------------------------------------------- the files


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.stem)
def test_every_exercise_file_validates(path):
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = exercises._read_file(path)
    assert [e.id for e in found] == [entry["id"] for entry in content["exercises"]]


def test_the_notebooks_exercises_exist():
    assert {"people-count", "days-in-norway", "days-in-france"} <= set(ALL)
    assert ALL["people-count"].lesson == "00-start-here"
    assert ALL["days-in-norway"].lesson == ALL["days-in-france"].lesson == "02-planet-without-a-visa"


@pytest.mark.parametrize("exercise_id", sorted(ALL))
def test_hints_go_one_step_further_and_the_last_almost_gives_the_line(exercise_id):
    exercise = ALL[exercise_id]
    assert len(exercise.hints) >= 2
    assert "`" in exercise.hints[-1]  # the last hint shows code


@pytest.mark.parametrize("exercise_id", sorted(ALL))
def test_the_scaffold_is_the_solution_with_blanks(exercise_id):
    exercise = ALL[exercise_id]
    lines = exercise.scaffold.splitlines()
    solution = exercise.solution.splitlines()
    assert exercises.BLANK in exercise.scaffold
    assert len(lines) == len(solution)
    for blanked, line in zip(lines, solution):
        pattern = ".+".join(re.escape(part) for part in blanked.split(exercises.BLANK))
        assert re.fullmatch(pattern, line), (blanked, line)


@pytest.mark.parametrize("exercise_id", sorted(ALL))
def test_each_mistake_is_wrong_and_gets_its_own_hint(exercise_id):
    results = exercises._results(ALL[exercise_id])
    assert len(results["mistakes"]) == len(ALL[exercise_id].mistakes)
    for value, hint in results["mistakes"]:
        said = exercises.verdict(exercise_id, value)
        assert said.startswith("✘ Not yet") and said.endswith(hint)


# ----------------------------------------------------------------------------- broken files


def _write(tmp_path: Path, name: str, content: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def _copy_of(lesson: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "exercises" / f"{lesson}.yaml").read_text(encoding="utf-8"))


def test_a_missing_field_is_named_with_file_and_exercise(tmp_path):
    content = _copy_of("00-start-here")
    del content["exercises"][0]["hints"]
    _write(tmp_path, "00-start-here.yaml", content)
    with pytest.raises(ExerciseError, match=r"00-start-here\.yaml: exercise 'people-count': field 'hints'"):
        exercises.load_exercises(tmp_path)


def test_a_wrong_field_is_named_with_file_and_exercise(tmp_path):
    content = _copy_of("02-planet-without-a-visa")
    content["exercises"][1]["hints"] = "just one hint"
    _write(tmp_path, "02-planet-without-a-visa.yaml", content)
    with pytest.raises(ExerciseError,
                       match=r"02-planet-without-a-visa\.yaml: exercise 'days-in-france': field 'hints'"):
        exercises.load_exercises(tmp_path)


def test_a_misspelt_or_missing_nested_field_is_named(tmp_path):
    content = _copy_of("00-start-here")
    content["exercises"][0]["hint"] = "a misspelt field"
    _write(tmp_path, "00-start-here.yaml", content)
    with pytest.raises(ExerciseError, match="field 'hint' is not one this format knows"):
        exercises.load_exercises(tmp_path)
    content = _copy_of("00-start-here")
    del content["exercises"][0]["extension"]["task"]
    _write(tmp_path, "00-start-here.yaml", content)
    with pytest.raises(ExerciseError, match="exercise 'people-count': field 'extension.task' is missing"):
        exercises.load_exercises(tmp_path)


def test_an_unknown_kind_and_a_scaffold_without_blanks_are_refused(tmp_path):
    content = _copy_of("00-start-here")
    content["exercises"][0]["answer"]["kind"] = "colour"
    _write(tmp_path, "00-start-here.yaml", content)
    with pytest.raises(ExerciseError, match="field 'answer.kind'"):
        exercises.load_exercises(tmp_path)
    content = _copy_of("00-start-here")
    content["exercises"][0]["scaffold"] = "answer = len(people)"
    _write(tmp_path, "00-start-here.yaml", content)
    with pytest.raises(ExerciseError, match="field 'scaffold'"):
        exercises.load_exercises(tmp_path)


def test_broken_yaml_and_a_wrong_lesson_name_the_file(tmp_path):
    (tmp_path / "00-start-here.yaml").write_text("lesson: [unclosed\n", encoding="utf-8")
    with pytest.raises(ExerciseError, match=r"00-start-here\.yaml: not valid YAML"):
        exercises.load_exercises(tmp_path)
    wrong = {**_copy_of("00-start-here"), "lesson": "02-planet-without-a-visa"}
    _write(tmp_path, "00-start-here.yaml", wrong)
    with pytest.raises(ExerciseError, match="says lesson '02-planet-without-a-visa'"):
        exercises.load_exercises(tmp_path)


def test_an_id_used_twice_is_refused(tmp_path):
    _write(tmp_path, "00-start-here.yaml", _copy_of("00-start-here"))
    again = _copy_of("02-planet-without-a-visa")
    again["exercises"][0]["id"] = "people-count"
    _write(tmp_path, "02-planet-without-a-visa.yaml", again)
    with pytest.raises(ExerciseError, match="'people-count' is already defined in 00-start-here.yaml"):
        exercises.load_exercises(tmp_path)


def test_a_solution_that_fails_names_its_exercise(tmp_path, monkeypatch):
    content = _copy_of("00-start-here")
    content["exercises"][0]["solution"] = "answer = len(persons)\n"
    _write(tmp_path, "00-start-here.yaml", content)
    monkeypatch.setattr(exercises, "EXERCISE_DIR", tmp_path)
    with pytest.raises(ExerciseError, match="exercise 'people-count': field 'solution' fails: NameError"):
        exercises.expected("people-count")
    content["exercises"][0]["solution"] = "answer = 'many'\n"
    _write(tmp_path, "00-start-here.yaml", content)
    exercises.clear_cache()
    with pytest.raises(ExerciseError, match="field 'solution' sets answer to 'many', not a finite number"):
        exercises.expected("people-count")


# ----------------------------------------------------------------------------- expected answers


def test_people_count_is_what_the_solution_and_pandas_give(small_dataset):
    assert exercises.expected("people-count") == len(pd.read_csv(small_dataset / "people.csv")) == 3
    assert exercises.extension_answer("people-count") == len(pd.read_csv(small_dataset / "events.csv"))


def test_the_answer_follows_the_data(small_dataset):
    with open(small_dataset / "people.csv", "a", encoding="utf-8") as handle:
        handle.write("natalia-sedova,Natalia Sedova,,,,,,,1962,year,natural causes,family,"
                     "Trotsky's wife.,wp-leon-trotsky\n")
    assert exercises.expected("people-count") == 4
    assert exercises.verdict("people-count", 4).startswith("✔ Right: 4.")


def test_days_in_norway_on_the_exile_fixture(exile_dir, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", exile_dir)
    stays = _trotsky_stays()
    norway = stays[stays["country"] == "Norway"]
    # The fixture's Norwegian stay ends "1936-12": the last day it can mean is 31 December.
    independent = (pd.Timestamp("1936-12-31") - norway["start_date"].min()).days
    assert exercises.expected("days-in-norway") == independent


def test_days_in_norway_reads_the_month_end_as_its_last_day():
    stays = _trotsky_stays()
    norway = stays[stays["country"] == "Norway"].sort_values("start_date")
    assert list(norway["end_precision"].astype(str))[-1] == "month"
    last = norway.iloc[-1]
    month_end = last["end_date"] + pd.offsets.MonthEnd(0)
    assert exercises.expected("days-in-norway") == (month_end - norway["start_date"].min()).days
    # Reading the month as its first day, as the old exercise did, is weeks short and is told so.
    first_day = (last["end_date"] - norway["start_date"].min()).days
    assert exercises.expected("days-in-norway") - first_day >= 28
    assert "`latest`" in exercises.verdict("days-in-norway", first_day)


def test_days_in_france_uses_only_dates_known_to_the_day():
    stays = _trotsky_stays()
    first_french = stays[stays["country"] == "France"].sort_values("start_date").iloc[0]
    first_norwegian = stays[stays["country"] == "Norway"].sort_values("start_date").iloc[0]
    assert first_french["start_precision"] == first_norwegian["start_precision"] == "day"
    assert exercises.expected("days-in-france") == (first_norwegian["start_date"]
                                                     - first_french["start_date"]).days
    assert exercises.extension_answer("days-in-france") == len(
        set(stays.loc[stays["country"] == "France", "place_id"]))


def test_the_most_homes_extension_is_one_country():
    stays = _trotsky_stays()
    counts = stays[stays["start_date"].dt.year <= 1937]["country"].value_counts()
    assert (counts == counts.max()).sum() == 1  # no tie: the question has one answer
    assert exercises.extension_answer("days-in-norway") == counts.idxmax()


def test_answers_are_cached(monkeypatch):
    exercises.expected("people-count")
    monkeypatch.setattr(exercises, "_namespace", lambda: pytest.fail("solution ran twice"))
    exercises.expected("people-count")
    exercises.verdict("people-count", 3)


# ----------------------------------------------------------------------------- what a student sees


@pytest.mark.parametrize("exercise_id", sorted(ALL))
def test_show_hides_hints_and_solutions_in_details(exercise_id):
    exercise, html = ALL[exercise_id], exercises.show(exercise_id).html
    solution = re.search(r"<details><summary>Solution</summary><pre>(.*?)</pre>", html, re.S)
    assert solution and solution.group(1) == exercise.solution.replace("&", "&amp;").replace(
        "<", "&lt;").replace(">", "&gt;")
    for number in range(1, len(exercise.hints) + 1):
        assert f"<details><summary>Hint {number}</summary>" in html
    # Nested: Hint 2 opens inside Hint 1, so a student sees one step at a time.
    first = html.index("<summary>Hint 1</summary>")
    assert html.index("<summary>Hint 2</summary>") < html.index("</details>", first)
    before_details = html[:html.index("<details>")]
    assert exercise.solution.splitlines()[-1] not in before_details
    assert "<summary>Solution to the extension</summary><pre>" in html
    assert f"This gives {exercises.expected(exercise_id)}." in html


def test_show_renders_the_task_markdown_and_escapes_everything():
    html = exercises.show("days-in-norway").html
    assert "<strong>last day on which he can\nhave left</strong>" not in html
    assert "<strong>last day on which he can have left</strong>" in html
    assert "<code>latest</code>" in html
    assert exercises._markdown("a <b>x</b> & `<i>` **bold** *it*\n\n- one\n- two") == (
        "<p>a &lt;b&gt;x&lt;/b&gt; &amp; <code>&lt;i&gt;</code> <strong>bold</strong> <em>it</em></p>"
        "<ul><li>one</li><li>two</li></ul>")
    assert exercises._inline("an `unclosed tick") == "an `unclosed tick"


def test_scaffold_returns_the_starting_code():
    assert exercises.scaffold("people-count") == "answer = ___(people)"


def test_the_stored_state_is_an_invitation():
    shown = exercises.check("people-count", None)
    assert shown.text == INVITATION == "Put your answer in place of None and run this cell."
    assert "✘" not in shown.html and "No answer yet" not in shown.html
    assert "<code>None</code>" in shown.html


def test_right_answers_get_the_explanation(small_dataset):
    shown = exercises.check("people-count", 3)
    assert shown.text.startswith("✔ Right: 3.")
    assert "one row per" in shown.text and "<code>len()</code>" in shown.html
    assert exercises.verdict("people-count", "3").startswith("✔ Right: 3.")
    assert exercises.verdict("people-count", np.int64(3)).startswith("✔")
    assert exercises.verdict("people-count", 3.0).startswith("✔")


def test_within_tolerance_is_right():
    right = exercises.expected("days-in-norway")
    assert exercises.verdict("days-in-norway", right + 1).startswith(f"✔ Right: {right + 1} is within 1")
    assert exercises.verdict("days-in-norway", right + 2).startswith("✘ Not yet")


def test_wrong_numbers_say_too_high_or_too_low(small_dataset):
    assert exercises.verdict("people-count", 40).startswith("✘ Not yet: 40 is too high.")
    assert exercises.verdict("people-count", 1).startswith("✘ Not yet: 1 is too low.")
    assert ALL["people-count"].hints[0] in exercises.verdict("people-count", 1)


def test_a_known_mistake_gets_its_own_hint(small_dataset):
    columns = len(data.people().columns)  # the table as the student's cell loads it
    assert "number of columns" in exercises.verdict("people-count", columns)


ODD = [
    "three", "", "  ", "3 people", "nan", "inf", "1_0", [3], (3,), {3}, {"a": 3}, True, False,
    math.nan, float("inf"), -math.inf, pd.NA, pd.NaT, np.nan, np.array([3]), np.float64("nan"),
    pd.Series([3]), pd.Series([], dtype=float), pd.DataFrame({"a": [3]}), pd.Index([3]),
    pd.Timestamp("1936-12-31"), pd.Timedelta(days=3), timedelta(days=3), np.timedelta64(3, "D"),
    object(), 3 + 0j, b"3", Ellipsis, type, print,
]


class _Hostile:
    def __repr__(self):
        raise RuntimeError("no repr")

    def __getattr__(self, name):
        raise RuntimeError("no attributes")


@pytest.mark.parametrize("exercise_id", ["people-count", "days-in-norway"])
@pytest.mark.parametrize("answer", [*ODD, _Hostile()], ids=lambda a: type(a).__name__)
def test_odd_answers_never_raise(exercise_id, answer):
    shown = exercises.check(exercise_id, answer)
    assert shown.text.startswith(("✘", "✔", INVITATION))
    assert "<script" not in shown.html


def test_odd_answers_are_explained():
    assert "Series" in exercises.verdict("days-in-norway", pd.Series([562]))
    assert ".days" in exercises.verdict("days-in-norway", pd.Timedelta(days=562))
    assert "NaN" in exercises.verdict("days-in-norway", math.nan)
    assert "missing value" in exercises.verdict("days-in-norway", pd.NaT)
    assert "a column of 1 value)" in exercises.verdict("days-in-norway", pd.Series([562]))
    assert "text 'three'" in exercises.verdict("days-in-norway", "three")
    assert "truth value" in exercises.verdict("days-in-norway", True)
    assert "collection" in exercises.verdict("days-in-norway", [562])


def test_check_escapes_the_answer():
    assert "&lt;b&gt;" in exercises.check("people-count", "<b>").html


def test_text_and_place_answers_ignore_case_and_accents(tmp_path, monkeypatch, exile_dir):
    content = _copy_of("02-planet-without-a-visa")
    first = content["exercises"][0]
    content["exercises"] = [
        {**first, "id": "most-homes", "answer": {"kind": "text"}, "mistakes": [],
         "solution": 'answer = stays["country"].value_counts().idxmax()\n'},
        {**first, "id": "first-home", "answer": {"kind": "place"}, "mistakes": [],
         "solution": 'answer = stays.sort_values("start_date")["name"].iloc[0]\n'},
    ]
    _write(tmp_path, "02-planet-without-a-visa.yaml", content)
    monkeypatch.setattr(exercises, "EXERCISE_DIR", tmp_path)
    monkeypatch.setattr(data, "DATA_DIR", exile_dir)
    assert exercises.verdict("first-home", "alma-ata").startswith("✔ Right: Alma-Ata.")
    assert exercises.verdict("first-home", " ALMATY ").startswith("✔")
    assert exercises.verdict("first-home", "Prinkipo").startswith("✘ Not yet: 'Prinkipo' is not it.")
    assert exercises.verdict("first-home", 3).startswith("✘ Expected a name in quotes")
    assert exercises.verdict("first-home", pd.Series(["Alma-Ata"])).startswith("✘ That is a pandas Series")
    country = exercises.expected("most-homes")
    assert exercises.verdict("most-homes", country.upper()).startswith("✔")


def test_unknown_exercise_is_explained():
    assert "no exercise called 'nope'" in exercises.verdict("nope", 1)
    assert "no exercise called" in exercises.show("nope").text
    assert "no exercise called" in exercises.check(None, 1).text
    with pytest.raises(KeyError):
        exercises.scaffold("nope")



# ----------------------------------------------------------------------------- lessons 03 and 04


def _moscow_defendants() -> pd.DataFrame:
    """Defendants of the trials held in Moscow, found independently of the exercise's setup."""
    in_moscow = data.trials().query("place_id == 'moscow'")[["trial_id"]]
    return data.defendants().merge(in_moscow, on="trial_id")


def test_death_sentences_are_counted_over_the_four_moscow_trials():
    moscow = _moscow_defendants()
    assert set(moscow["trial_id"]) == {"trial-of-the-sixteen", "trial-of-the-seventeen",
                                       "trial-of-the-generals-1937", "trial-of-the-twenty-one"}
    deaths = moscow.groupby("trial_id")["sentence"].apply(lambda s: int((s == "death").sum()))
    assert deaths.to_dict() == {"trial-of-the-generals-1937": 8, "trial-of-the-seventeen": 13,
                                "trial-of-the-sixteen": 16, "trial-of-the-twenty-one": 18}
    assert exercises.expected("death-sentences") == deaths.sum() == 55
    assert exercises.extension_answer("death-sentences") == deaths.idxmax()
    assert (deaths == deaths.max()).sum() == 1  # no tie: the extension has one answer
    # Counting the shot instead of the sentenced is a known mistake with its own hint.
    shot = int(moscow["executed_date"].notna().sum())
    assert shot != 55 and "Oryol" in exercises.verdict("death-sentences", shot)


def test_copenhagen_refuted_counts_the_refuted_copenhagen_testimony():
    allegations = data.allegations()
    names_copenhagen = [row for row in allegations.itertuples() if "Copenhagen" in row.alleged]
    refuted = [row.allegation_id for row in names_copenhagen if row.finding == "refuted"]
    assert refuted == ["holtzman-hotel-bristol-1932", "sedov-in-copenhagen-1932"]
    assert exercises.expected("copenhagen-refuted") == len(refuted) == 2
    assert "case=False" in exercises.verdict("copenhagen-refuted", 0)
    # The extension: the one row the place column puts in Copenhagen though its text does not say so.
    disagree = [row.allegation_id for row in allegations.itertuples()
                if ("Copenhagen" in row.alleged) != (row.alleged_place_id == "copenhagen")]
    assert disagree == ["fritz-david-copenhagen-1932"]
    assert exercises.extension_answer("copenhagen-refuted") == len(disagree)
