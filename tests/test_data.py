"""The loaders return typed tables, and every broken file is rejected with a clear message."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lessons import data

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"


def make_data_dir(tmp_path: Path) -> Path:
    """A copy of the small valid dataset, with the real schema beside it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    shutil.copy(data.DATA_DIR / "datapackage.json", target)
    return target


@pytest.fixture
def data_dir(tmp_path):
    data.clear_cache()
    yield make_data_dir(tmp_path)
    data.clear_cache()


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


def test_a_month_date_is_stored_at_its_first_day_with_its_precision(data_dir):
    stay = data.residences(data_dir).set_index("residence_id").loc["trotsky-alma-ata"]
    assert stay["start_date"] == pd.Timestamp("1928-01-01")
    assert stay["start_precision"] == "month"
    assert pd.isna(data.residences(data_dir).set_index("residence_id").loc["trotsky-coyoacan", "end_date"])


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


@pytest.mark.parametrize("case", broken_cases(), ids=lambda c: c["case"])
def test_every_broken_file_is_rejected_naming_file_row_and_column(case, data_dir):
    table = case["table"]
    shutil.copy(BROKEN / f"{case['case']}.{table}.csv", data_dir / f"{table}.csv")
    with pytest.raises(data.DataError) as caught:
        data.load_all(data_dir)
    error = caught.value
    assert error.file == f"{table}.csv", str(error)
    assert error.row == int(case["row"]), str(error)
    assert error.column == (case["column"] or None), str(error)
    assert case["message"] in str(error)
    # The message a teacher reads starts with where to look.
    assert str(error).startswith(f"{table}.csv, row {case['row']}")


def test_corpus_covers_at_least_fifteen_kinds_of_breakage():
    assert len(broken_cases()) >= 15
    assert len({c["case"] for c in broken_cases()}) == len(broken_cases())


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
