"""lessons/times.py: a time of day keeps its precision; the loader checks it and gives its window."""

import pandas as pd
import pytest
from conftest import edit_fixture

from lessons import audit, data, times

HEADER = "time_id,event_id,date,time,time_precision,moment,sources,disputed,note\n"


@pytest.mark.parametrize(("time", "precision", "first", "last"), [
    ("19:25", "minute", "19:25", "19:25"),
    ("17:20", "approximate", "17:05", "17:35"),
    ("17:00", "hour", "17:00", "17:59"),
    ("18:00", "part of day", "18:00", "23:59"),
    ("00:00", "part of day", "00:00", "05:59"),
])
def test_a_time_means_every_minute_its_precision_allows(time, precision, first, last):
    start, end = times.window("1940-08-20", time, precision)
    assert (start, end) == (pd.Timestamp(f"1940-08-20 {first}"), pd.Timestamp(f"1940-08-20 {last}"))


def test_about_four_in_the_morning_may_begin_the_evening_before():
    start, _end = times.window("1940-05-24", "00:10", "approximate")
    assert start == pd.Timestamp("1940-05-23 23:55")


@pytest.mark.parametrize(("text", "precision", "says"), [
    ("5:20", None, "HH:MM on the 24-hour clock"),
    ("24:00", None, "HH:MM"),
    ("17:20 ", None, "HH:MM"),
    ("17:30", "hour", "written with :00 (e.g. 17:00)"),
    ("19:00", "part of day", "the start of one: 00:00 (night), 06:00 (morning)"),
    ("17:20", "about", "not a time precision"),
])
def test_a_badly_written_time_is_named_with_what_to_write(text, precision, says):
    assert says in times.problem(text, precision)


def test_a_sound_time_has_no_problem():
    assert times.problem("04:00", "approximate") is None and times.problem("18:00", "part of day") is None
    with pytest.raises(ValueError, match="not a time written"):
        times.window("1940-08-20", "5:20", "minute")


def test_times_are_written_no_more_precisely_than_known():
    assert times.format_time("19:25", "minute") == "19:25"
    assert times.format_time("17:20", "approximate") == "about 17:20"
    assert times.format_time("09:00", "hour") == "between 09:00 and 09:59"
    assert times.format_moment("1940-08-21", "18:00", "part of day") == "in the evening of 21 August 1940"
    assert times.format_moment("1940-05-24", "04:00", "approximate") == "about 04:00 on 24 May 1940"


def _with_times(data_dir, rows):
    (data_dir / "times.csv").write_text(HEADER + rows, encoding="utf-8")
    data.clear_cache()
    return data_dir


def test_the_loader_gives_each_time_its_moment_window_and_words(data_dir):
    _with_times(data_dir, "t-late,1940-attack,1940-08-20,18:00,part of day,Later,wsws-2015,false,\n"
                          "t-blow,1940-attack,1940-08-20,17:30,approximate,The blow,wp-leon-trotsky,true,\n")
    frame = data.times(data_dir)
    assert list(frame["time_id"]) == ["t-blow", "t-late"]  # in time order
    blow = frame.iloc[0]
    assert blow["at"] == pd.Timestamp("1940-08-20 17:30") and blow["when"] == "about 17:30 on 20 August 1940"
    assert blow["latest"] - blow["earliest"] == pd.Timedelta(minutes=30)
    assert str(frame["at"].dtype) == "datetime64[us]" and frame["partisan_only"].tolist() == [False, True]
    gap = frame.iloc[1]["latest"] - blow["earliest"]
    assert gap / pd.Timedelta(hours=1) == pytest.approx(6 + 44 / 60)


@pytest.mark.parametrize(("row", "column", "says"), [
    ("t,1940-attack,1940-08-20,5:30 pm,minute,M,wsws-2015,false,", "time", "HH:MM"),
    ("t,1940-attack,1940-08-20,17:30,hour,M,wsws-2015,false,", "time_precision", "written with :00"),
    ("t,1940-attack,1940-08,17:30,minute,M,wsws-2015,false,", "date", "expected form"),
    ("t,no-such-event,1940-08-20,17:30,minute,M,wsws-2015,false,", "event_id", "not an id in events.csv"),
    ("t,1940-attack,1940-08-20,17:30,minute,M,,false,", "sources", "empty but required"),
])
def test_a_broken_time_row_is_rejected_naming_file_row_and_column(data_dir, row, column, says):
    _with_times(data_dir, row + "\n")
    with pytest.raises(data.DataError) as caught:
        data.times(data_dir)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("times.csv", 2, column)
    assert says in caught.value.problem


def test_the_audit_finds_a_time_outside_its_event_s_day(data_dir):
    _with_times(data_dir, "t-blow,1940-attack,1940-08-20,17:30,approximate,The blow,wsws-2015,false,\n")
    assert not any("times.csv" in p for p in audit.problems(data_dir))
    edit_fixture(data_dir / "times.csv", "1940-08-20,17:30", "1940-08-22,17:30")
    assert ("times.csv: 't-blow' is dated 1940-08-22, outside its event '1940-attack' (20 August 1940)"
            in audit.problems(data_dir))


def test_the_course_s_times_are_read_at_their_precision():
    moments = data.times().set_index("time_id")
    assert set(moments["time_precision"]) <= set(times.PRECISIONS)
    assert (moments["earliest"] <= moments["at"]).all() and (moments["at"] <= moments["latest"]).all()
    # No source read gives the clock time of the death: the table must not pretend to the minute.
    assert moments.loc["death-of-trotsky", "time_precision"] == "part of day"
    disputed = moments[moments["disputed"]]
    assert not disputed.empty and set(disputed["event_id"]) == {"1940-08-20-attack-in-the-study"}
