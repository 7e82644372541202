"""The audit finds what no single row shows: each rule has a fixture that breaks it."""

import pytest
from conftest import make_data_dir

from lessons import audit, data


@pytest.fixture
def data_dir(tmp_path):
    data.clear_cache()
    yield make_data_dir(tmp_path)
    data.clear_cache()


def test_audit_of_the_fixture_reports_only_that_it_is_an_excerpt(data_dir):
    # The fixture lists one of the sixteen defendants; nothing else is wrong with it.
    assert audit.problems(data_dir) == [
        "trials.csv: 'trial-of-the-sixteen' has 16 defendants but defendants.csv lists 1"]


def test_audit_finds_unused_source_double_entry_and_missing_defendants(data_dir):
    with open(data_dir / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("unused-book,Someone,A Book,A Press,1990,,book,false,a history,\n")
    with open(data_dir / "people.csv", "a", encoding="utf-8") as handle:
        handle.write("jacques-mornard,Jacques Mornard,,,,,,,,,unknown,operation-duck,"
                     "The same man again.,wsws-2015\n")
    problems = "\n".join(audit.problems(data_dir))
    assert "'unused-book' is cited by no row" in problems
    assert "'ramon-mercader' has the name or alias 'Jacques Mornard'" in problems


def test_audit_checks_old_style_dates_against_new_style(data_dir):
    people = (data_dir / "people.csv").read_text(encoding="utf-8")
    (data_dir / "people.csv").write_text(people.replace("1879-10-26", "1879-10-25"), encoding="utf-8")
    problems = "\n".join(audit.problems(data_dir))
    assert "'leon-trotsky' born_old_style '1879-10-25' should be 12 days before 1879-11-07" in problems


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    data.clear_cache()


def test_audit_finds_an_impossible_lifespan(data_dir):
    _edit(data_dir / "people.csv", "1879-11-07,day,1879-10-26", "1829-11-07,day,1829-10-26")
    assert "people.csv: 'leon-trotsky' would have lived 111 years" in audit.problems(data_dir)


def test_audit_finds_a_defendant_executed_as_a_child(data_dir):
    _edit(data_dir / "people.csv", "grigory-zinoviev,Grigory Zinoviev,,,,,,,",
          "grigory-zinoviev,Grigory Zinoviev,,,,1925,year,,")
    assert "defendants.csv: 'grigory-zinoviev' executed before the age of 18?" in audit.problems(data_dir)


def test_audit_finds_a_disputed_event_with_neither_claim_nor_note(data_dir):
    _edit(data_dir / "events.csv", "The first Moscow trial.,trial,moscow,wp-leon-trotsky,false,",
          "The first Moscow trial.,trial,moscow,wp-leon-trotsky,true,")
    problems = audit.problems(data_dir)
    assert "events.csv: '1936-trial-of-the-sixteen' is disputed but has no claim and no note" in problems
    # A disputed event with a claim about it is explained; so is one with a note.
    _edit(data_dir / "events.csv", "coyoacan,wsws-2015;wp-leon-trotsky,false,",
          "coyoacan,wsws-2015;wp-leon-trotsky,true,")
    problems = audit.problems(data_dir)
    assert not any("1940-attack" in p for p in problems)
    _edit(data_dir / "events.csv", "wp-leon-trotsky,true,\n", "wp-leon-trotsky,true,Sources differ.\n")
    assert not any("disputed" in p for p in audit.problems(data_dir))
