"""The loaders return typed tables, and every broken file is rejected with a clear message."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lessons import data

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"


def test_valid_fixture_loads_with_types(data_dir):
    events = data.events(data_dir)
    assert str(events["start_date"].dtype).startswith("datetime64")
    assert isinstance(events["category"].dtype, pd.CategoricalDtype)
    assert events["sources"].iloc[-1] == ["wsws-2015", "wp-leon-trotsky"]
    assert events["disputed"].dtype == bool
    assert data.places(data_dir)["latitude"].dtype == float
    assert data.trials(data_dir)["defendant_count"].iloc[0] == 16


def test_events_are_sorted_and_dates_shown_no_more_precisely_than_known(data_dir):
    events = data.events(data_dir)
    assert list(events["event_id"]) == sorted(events["event_id"], key=lambda e: e[:4])
    when = dict(zip(events["event_id"], events["when"]))
    assert when["1928-deported-to-alma-ata"] == "January 1928"
    assert when["1936-trial-of-the-sixteen"] == "19 August 1936 – 24 August 1936"
    assert when["1940-attack"] == "20 August 1940"


def test_a_month_date_is_stored_at_its_first_day_with_its_precision_and_span(data_dir):
    stay = data.residences(data_dir).set_index("residence_id").loc["trotsky-alma-ata"]
    assert stay["start_date"] == pd.Timestamp("1928-01-01")
    assert stay["start_precision"] == "month"
    # January 1928 to January 1929: begun some day in January 1928, ended some day in January 1929.
    day = pd.Timestamp
    assert (stay["earliest"], stay["start_latest"]) == (day("1928-01-01"), day("1928-01-31"))
    assert (stay["end_earliest"], stay["latest"]) == (day("1929-01-01"), day("1929-01-31"))
    assert pd.isna(data.residences(data_dir).set_index("residence_id").loc["trotsky-coyoacan", "end_date"])


def test_an_event_without_an_end_spans_its_start_and_a_stay_without_one_is_open(data_dir):
    events = data.events(data_dir).set_index("event_id")
    assert events.loc["1940-attack", "latest"] == pd.Timestamp("1940-08-20")
    assert events.loc["1936-trial-of-the-sixteen", "latest"] == pd.Timestamp("1936-08-24")
    assert pd.isna(data.residences(data_dir).set_index("residence_id").loc["trotsky-coyoacan", "latest"])


def test_lists_are_split(data_dir):
    mercader = data.people(data_dir).set_index("person_id").loc["ramon-mercader"]
    assert mercader["aliases"] == ["Jacques Mornard", "Frank Jacson"]


def test_format_date_respects_precision():
    assert data.format_date("1940-08-20", "day") == "20 August 1940"
    assert data.format_date("1929-02", "month") == "February 1929"
    assert data.format_date("1935", "year") == "1935"
    assert data.format_date(None, "day") == ""


def test_tables_are_cached_but_callers_cannot_spoil_the_cache(data_dir):
    first = data.events(data_dir)
    first["title"] = "changed"
    assert (data.events(data_dir)["title"] != "changed").all()


def test_unknown_table_is_named():
    with pytest.raises(KeyError, match="no table called 'gossip'"):
        data.load("gossip")


def test_missing_file_is_named(data_dir):
    (data_dir / "places.csv").unlink()
    with pytest.raises(data.DataError, match=r"places.csv: file not found"):
        data.places(data_dir)


def broken_cases():
    with open(BROKEN / "cases.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _install(case: dict, data_dir: Path) -> None:
    source, target = BROKEN / f"{case['case']}.{case['table']}.csv", data_dir / f"{case['table']}.csv"
    target.unlink(missing_ok=True)  # a lesson table is not in the small valid dataset
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copy(source, target)


ERRORS = [c for c in broken_cases() if c["outcome"] == "error"]
VALID = [c for c in broken_cases() if c["outcome"] != "error"]


@pytest.mark.parametrize("case", ERRORS, ids=lambda c: c["case"])
def test_every_broken_file_is_rejected_naming_file_row_and_column(case, data_dir):
    table = case["table"]
    _install(case, data_dir)
    with pytest.raises(data.DataError) as caught:
        data.load_all(data_dir)
        data.load(table, data_dir)  # a lesson table is not in load_all
    error = caught.value
    assert error.file == f"{table}.csv", str(error)
    assert error.row == (int(case["row"]) if case["row"] else None), str(error)
    assert error.column == (case["column"] or None), str(error)
    assert case["message"] in str(error)
    # The message a teacher reads starts with where to look.
    where = f"{table}.csv, row {case['row']}" if case["row"] else f"{table}.csv:"
    assert str(error).startswith(where)


@pytest.mark.parametrize("case", VALID, ids=lambda c: c["case"])
def test_valid_variations_keep_loading(case, data_dir):
    table = case["table"]
    expected = data.load(table, data_dir)
    data.clear_cache()
    _install(case, data_dir)
    loaded = data.load(table, data_dir)
    if case["outcome"] == "same":
        pd.testing.assert_frame_equal(loaded, expected)
    else:
        assert list(loaded.columns) == list(expected.columns) and len(loaded) == len(expected)
    assert data.load_all(data_dir)


def test_odd_but_legal_cells_keep_their_text(data_dir):
    for name, table, column, check in [
        ("long-description", "events", "description", lambda v: len(v) > 200_000),
        ("mathtext-name", "places", "name", lambda v: v == "Alma-Ata $x^2$ ($5)"),
        ("quoted-quotes", "events", "description", lambda v: v == 'Mercader, "Jacson", attacks Trotsky.'),
    ]:
        data.clear_cache()
        _install({"case": name, "table": table}, data_dir)
        assert any(check(v) for v in data.load(table, data_dir)[column]), name
        shutil.copy(FIXTURES / "valid" / f"{table}.csv", data_dir / f"{table}.csv")


def test_a_missing_table_is_blamed_on_itself_not_on_the_table_that_refers_to_it(data_dir):
    shutil.copy(BROKEN / "header-only.places.csv", data_dir / "places.csv")
    with pytest.raises(data.DataError, match=r"^places.csv: has a header but no rows"):
        data.events(data_dir)


def test_the_loader_leaves_the_csv_cell_limit_as_it_found_it(data_dir):
    before = csv.field_size_limit()
    _install({"case": "long-description", "table": "events"}, data_dir)
    data.events(data_dir)
    assert csv.field_size_limit() == before


def test_corpus_covers_at_least_forty_cases_each_with_its_outcome():
    cases = broken_cases()
    assert len(cases) >= 40 and len(ERRORS) >= 30 and len(VALID) >= 6
    assert len({c["case"] for c in cases}) == len(cases)
    assert {c["outcome"] for c in cases} == {"error", "same", "loads"}
    for case in cases:
        assert (BROKEN / f"{case['case']}.{case['table']}.csv").exists(), case["case"]


def test_residence_spans_read_at_their_own_precision(data_dir):
    when = dict(zip(data.residences(data_dir)["residence_id"], data.residences(data_dir)["when"]))
    assert when["trotsky-alma-ata"] == "January 1928 – January 1929"
    assert when["trotsky-coyoacan"] == "from January 1937"


def test_rows_resting_only_on_partisan_sources_are_flagged(data_dir):
    flags = dict(zip(data.events(data_dir)["event_id"], data.events(data_dir)["partisan_only"]))
    assert not flags["1940-attack"]
    events = (data_dir / "events.csv").read_text(encoding="utf-8")
    only_partisan = events.replace("wsws-2015;wp-leon-trotsky", "wsws-2015")
    (data_dir / "events.csv").write_text(only_partisan, encoding="utf-8")
    data.clear_cache()
    flags = dict(zip(data.events(data_dir)["event_id"], data.events(data_dir)["partisan_only"]))
    assert flags["1940-attack"] and not flags["1928-deported-to-alma-ata"]


def test_office_holders_counts_only_rows_whose_dates_certainly_cover_the_day(data_dir):
    header = (data.DATA_DIR / "offices.csv").read_text(encoding="utf-8").splitlines()[0]
    end = ",wp-leon-trotsky,false,"
    rows = ["a,leon-trotsky,Politburo full member,CC,party,1919-03,month,,1926-10-23,day," + end,
            "b,ramon-mercader,Politburo full member,CC,party,1924-06,month,,1930,year," + end,
            "c,grigory-zinoviev,Politburo full member,CC,party,1919-03-25,day,,1924-01-21,day," + end]
    (data_dir / "offices.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    offices = data.offices(data_dir)
    assert str(offices["from_date"].dtype).startswith("datetime64") and offices["disputed"].dtype == bool
    # b may have begun after 2 June 1924 (some day in June); c ended before it.
    holders = data.office_holders
    assert list(holders("Politburo full member", "1924-06-02", data_dir)["office_id"]) == ["a"]
    assert set(holders("Politburo full member", "1924-07-01", data_dir)["office_id"]) == {"a", "b"}


def test_events_of_lists_each_shared_event_once_and_only_after_the_day():
    people = ["ramon-mercader", "natalia-sedova"]
    links = data.event_people()
    both = set(links.loc[links["person_id"] == people[0], "event_id"]) & set(
        links.loc[links["person_id"] == people[1], "event_id"])
    assert both, "the test needs an event the two share"
    everything = data.events_of(people)
    assert everything["event_id"].is_unique and both <= set(everything["event_id"])
    assert set(everything["event_id"]) <= set(links.loc[links["person_id"].isin(people), "event_id"])
    later = data.events_of(people, after="1940-08-21")
    assert 0 < len(later) < len(everything)
    assert (later["start_date"] > pd.Timestamp("1940-08-21")).all()
    assert later["start_date"].is_monotonic_increasing
    assert data.events_of(["nobody"]).empty


# ----------------------------------------------------------------------------- availability (lesson 07)

def _availability_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target, ignore=shutil.ignore_patterns("basemap", "quizzes", "exercises"))
    data.clear_cache()
    return target


def test_availability_takes_a_works_year_from_sources_and_types_the_rest():
    works = data.availability().set_index("work_id")
    # Hansen's account is in sources.csv with its year: the table does not type it again.
    assert works.loc["hansen-1940", "available"] == pd.Timestamp("1940-01-01")
    assert works.loc["hansen-1940", "available_precision"] == "year"
    # Literaturnaya Gazeta's article is known only through Time's report of it: dated in the table.
    assert works.loc["literaturnaya-gazeta-1989", "when"] == "January 1989"
    assert data.availability()["available"].is_monotonic_increasing


def test_availability_refuses_a_year_typed_twice_and_a_work_without_any(tmp_path):
    folder = _availability_copy(tmp_path)
    path = folder / "availability.csv"
    text = path.read_text(encoding="utf-8")
    hansen = "hansen-1940-with-trotsky-to-the-end"
    path.write_text(text.replace(f"{hansen},,,", f"{hansen},1941,year,"), encoding="utf-8")
    with pytest.raises(data.DataError, match=f"already gives '{hansen}' the year 1940") as caught:
        data.availability(folder)
    assert (caught.value.file, caught.value.column) == ("availability.csv", "available")
    path.write_text(text.replace(",,1989-01,month,", ",,,,"), encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataError, match="sources.csv gives no year for this work"):
        data.availability(folder)
    data.clear_cache()
