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
