"""Tests for lessons/questions/generators.py, on fixture CSVs read through the loader."""

import pytest
from conftest import edit_fixture

from lessons.questions import generators as gen
from lessons.questions.generators import Scope

EXILE = Scope(categories=("exile",))


def test_chronology_is_stable_and_in_date_order(exile):
    first = gen.chronology_question(exile, size=4, seed=3, scope=EXILE)
    assert first == gen.chronology_question(exile, size=4, seed=3, scope=EXILE)
    events = exile["events"].set_index("title")
    assert events.loc[list(first.items), "start_date"].is_monotonic_increasing
    assert "First Moscow trial opens" not in first.items  # other category
    assert all(s.startswith("src-") for s in first.sources)
    assert all(when in first.explanation for when in events.loc[list(first.items), "when"])


def test_chronology_never_pairs_events_it_cannot_rank(exile):
    # "1935" (year precision) cannot be ranked against "18 June 1935".
    for seed in range(30):
        items = gen.chronology_question(exile, size=3, seed=seed).items
        assert not {"A year-only event", "Arrives in Norway"} <= set(items)


def test_chronology_skips_disputed_and_complains_when_short(exile_dir):
    text = (exile_dir / "events.csv").read_text(encoding="utf-8")
    lines = [line.replace(",false,", ",true,") if ",exile," in line else line for line in text.splitlines()]
    (exile_dir / "events.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="precise enough"):
        gen.chronology_question(gen.DatasetTables(data_dir=exile_dir), size=2, scope=EXILE)


def test_chronology_follows_the_data(exile_dir):
    before = gen.chronology_question(gen.DatasetTables(data_dir=exile_dir), size=3, seed=0, scope=EXILE)
    assert before.items[-1] == "Lands at Tampico"
    edit_fixture(exile_dir / "events.csv", "mexico,1937-01-09", "mexico,1900-01-01")
    after = gen.chronology_question(gen.DatasetTables(data_dir=exile_dir), size=3, seed=0, scope=EXILE)
    assert after.items[0] == "Lands at Tampico"


def test_a_scope_of_years_keeps_to_them(exile):
    for seed in range(20):
        q = gen.chronology_question(exile, size=2, seed=seed, scope=Scope(years=(1928, 1930)))
        assert set(q.items) <= {"Exiled to Alma-Ata", "Deported to Turkey", "Moves to Prinkipo"}
    with pytest.raises(ValueError, match="from 1928 to 1930"):
        gen.chronology_question(exile, size=4, scope=Scope(years=(1928, 1930)))
    with pytest.raises(ValueError, match="no undisputed dated events in category 'trial' from 1930 to 1935"):
        gen.year_question(exile, scope=Scope(years=(1930, 1935), categories=("trial",)))
    assert gen.year_question(exile, scope=Scope(years=(1936, 1936), categories=("trial",))).answer == 1936


def test_year_question_follows_the_data(exile_dir):
    q = gen.year_question(gen.DatasetTables(data_dir=exile_dir), seed=5, scope=EXILE)
    title = q.prompt.split("“")[1].rstrip("”?")
    row = gen.DatasetTables(data_dir=exile_dir)["events"].set_index("title").loc[title]
    assert q.kind == "year" and q.check(str(row["start_date"].year)).correct
    assert row["when"] in q.explanation and q.sources == (row["sources"][0],)
    event_id = row["event_id"]
    text = (exile_dir / "events.csv").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(event_id + ","))
    edit_fixture(exile_dir / "events.csv", line, line.replace(line.split(",")[1], "1931-05-05").replace(
        f",{line.split(',')[3]},", ",day,", 1))
    assert gen.year_question(gen.DatasetTables(data_dir=exile_dir), seed=5, scope=EXILE).check("1931").correct


def test_alias_question(exile):
    q = gen.alias_question(exile, seed=2)
    alias = q.prompt.split("“")[1].split("”")[0]
    people = exile["people"]
    owner = people[people["aliases"].map(lambda a: alias in a)].iloc[0]
    assert q.answer == owner["name"] and q.check(owner["name"]).correct
    assert len(q.options) == 4 and q.sources == (owner["sources"][0],)
    assert q == gen.alias_question(exile, seed=2)


def test_residence_question_matches_the_residence_table(exile):
    asked = {}
    for seed in range(20):
        q = gen.residence_question(exile, seed=seed)
        asked[q.prompt.split("“")[1].split("”")[0]] = (q.answer, q.sources)
    # Moving that month (Prinkipo, Norway), spanning two homes ("1935"), between homes (Turkey,
    # Tampico): never asked.
    assert asked == {"First Moscow trial opens": ("Hønefoss", ("home-3",)),
                     "Attack in the study": ("Coyoacán", ("home-4",))}


def test_residence_question_changes_when_a_date_changes(exile_dir):
    edit_fixture(exile_dir / "events.csv", "trial,1936-08-19,1936-08-24", "trial,1930-06-15,1930-06-20")
    tables = gen.DatasetTables(data_dir=exile_dir)
    q = gen.residence_question(tables, seed=0, scope=Scope(categories=("trial",)))
    assert q.answer == "Prinkipo"
    assert "lived in Prinkipo from April 1929 to July 1933" in q.explanation


def test_residence_question_names_the_person_asked_about(exile_dir):
    with open(exile_dir / "residences.csv", "a", encoding="utf-8") as handle:
        handle.write("s1,natalia-sedova,prinkipo,1929-04,month,1933-07,month,With Trotsky.,home-1\n"
                     "s2,natalia-sedova,honefoss,1935-06,month,1936-12,month,With Trotsky.,home-3\n")
    q = gen.residence_question(gen.DatasetTables(data_dir=exile_dir), seed=0, person="natalia-sedova")
    assert q.prompt.startswith("Where was Natalia Sedova living") and "Trotsky" not in q.prompt


def test_every_generator_names_the_tables_it_needs():
    assert set(gen.GENERATORS) == {"chronology", "year", "alias", "residence", "verdict"}
    for g in gen.GENERATORS.values():
        assert g.needs and set(g.needs) <= {"events", "people", "places", "residences", "trials",
                                            "defendants", "claims", "sources", "event_people"}


def test_residence_question_explains_each_wrong_home_and_keeps_to_its_years(exile):
    scope = Scope(years=(1928, 1936), categories=("trial",))
    q = gen.residence_question(exile, seed=0, scope=scope)
    assert q.answer == "Hønefoss"
    # A home of 1937 onwards is outside the years asked about, so it is never offered.
    offered = {o for seed in range(10) for o in gen.residence_question(exile, seed=seed, scope=scope).options}
    assert "Coyoacán" not in offered
    offered = {o for seed in range(10) for o in gen.residence_question(exile, seed=seed,
                                                                       scope=Scope(categories=("trial",))).options}
    assert "Coyoacán" in offered
    assert len(q.feedback_list()) == len(q.options) - 1
    assert q.feedback_for("Prinkipo") == "Trotsky lived in Prinkipo from April 1929 to July 1933."
    assert q.check("Prinkipo").notes == ("Trotsky lived in Prinkipo from April 1929 to July 1933.",)


def test_alias_question_says_what_the_wrong_people_were_called(exile):
    q = gen.alias_question(exile, seed=2)
    notes = dict(q.feedback_list())
    assert set(notes) == set(q.options) - {q.answer}
    for name, note in notes.items():
        assert name in note and note.startswith("The dataset records")
    if "Natalia Sedova" in notes:
        assert notes["Natalia Sedova"] == "The dataset records no other name for Natalia Sedova (1882–1962)."


def test_an_entry_scope_narrows_the_lessons_but_cannot_widen_it():
    lesson = Scope(years=(1928, 1937), categories=("exile",))
    assert lesson.narrowed(Scope()) == lesson
    assert lesson.narrowed(Scope(years=(1929, 1930))) == Scope(years=(1929, 1930), categories=("exile",))
    with pytest.raises(ValueError, match=r"years \[1928, 1940\] go outside the bank's years \[1928, 1937\]"):
        lesson.narrowed(Scope(years=(1928, 1940)))
    with pytest.raises(ValueError, match="categories \\['trial'\\]"):
        lesson.narrowed(Scope(categories=("exile", "trial")))


def test_a_generated_question_cites_a_reference_work_before_an_article(exile):
    row = {"event_id": "x", "sources": ["wsws-2015", "src-9", "wp-leon-trotsky"]}
    assert gen._best_source(exile, row) == "wp-leon-trotsky"
    assert gen._best_source(exile, {**row, "sources": ["wsws-2015", "src-9"]}) == "src-9"
    assert gen._best_source({}, row) == "wsws-2015"  # no sources table: the data's own order
    with pytest.raises(ValueError, match="names no source"):
        gen._best_source(exile, {**row, "sources": []})


def test_verdict_question_asks_about_a_commissioned_article_with_the_four_verdicts_as_options():
    from lessons import claims, data
    data.clear_cache()
    tables = gen.DatasetTables()
    checked = tables["claims"].set_index("claim_id")
    answers = set()
    for seed in range(12):
        question = gen.verdict_question(tables, seed, Scope(years=(1905, 1990)))
        assert question.options == tuple(claims.VERDICTS)
        assert question.prompt.startswith("The article by ")
        prompt = question.prompt
        matches = checked[[str(says).rstrip(".") in prompt for says in checked["source_says"]]]
        assert len(matches) >= 1
        assert question.answer in set(matches["agreement"])
        # Every wrong verdict is explained, and the source is one of the references checked.
        assert {option for option, _ in question.feedback} == set(claims.VERDICTS) - {question.answer}
        assert any(question.sources[0] in refs for refs in matches["reference_sources"])
        answers.add(question.answer)
    assert len(answers) >= 3  # the verdict is drawn first, so the answer is not always "agrees"


def test_verdict_question_keeps_to_the_scope_and_complains_when_empty():
    tables = gen.DatasetTables()
    with pytest.raises(ValueError, match="no checked claim of the commissioned articles"):
        gen.verdict_question(tables, 0, Scope(years=(1800, 1850)))
