"""The charts of lesson 06 (lessons/charts.py): the raid and the attack hour by hour, and the approach
of the assassin month by month. Each test looks at what a reader sees."""

import pandas as pd
import pytest
from matplotlib.dates import num2date
from test_charts import _drawn_on_screen, _every_mark_colour

from lessons import charts, data
from lessons.html import escape


@pytest.fixture(scope="module")
def lesson_charts():
    data.clear_cache()
    hours = charts.hours_timeline(data.times())
    approach = charts.approach_timeline(data.events(), data.event_people(), "ramon-mercader",
                                        "1940-08-20", "The approach")
    return {"hours": _drawn_on_screen(hours), "approach": _drawn_on_screen(approach)}


def test_the_lesson_06_charts_mark_only_with_colours_of_3_to_1_contrast(lesson_charts):
    for name, chart in lesson_charts.items():
        colours = _every_mark_colour(chart)
        assert colours, name
        assert {c: round(charts.contrast_ratio(c), 2) for c in colours if charts.contrast_ratio(c) < 3} == {}


def test_the_lesson_06_charts_show_as_html_with_their_alt_text(lesson_charts):
    for chart in lesson_charts.values():
        assert f'alt="{escape(chart.alt_text)}"' in chart._repr_html_()
        assert chart.png().startswith(b"\x89PNG")


def test_the_raid_and_the_attack_get_a_panel_each_with_every_moment_in_the_alt_text(lesson_charts):
    chart = lesson_charts["hours"]
    assert [a.get_title(loc="left") for a in chart.figure.axes] == ["24 May 1940", "20-21 August 1940"]
    for moment in data.times().itertuples():
        assert f"{moment.when}: {moment.moment}" in chart.alt_text


def test_a_bar_spans_every_minute_a_time_may_mean(lesson_charts):
    raid, attack = lesson_charts["hours"].figure.axes
    bars = [p for p in attack.patches if p.get_width() > 0]
    # The death, known only as "the evening", spans six hours and carries no mark of a clock time.
    assert max(b.get_width() for b in bars) == pytest.approx(6 - 1 / 60)
    assert len(attack.lines) == 2 and len(raid.lines) == 2
    assert min(b.get_width() for b in bars) == pytest.approx(0.5)


def test_the_approach_shows_each_contact_once_in_date_order_up_to_the_attack(lesson_charts):
    chart = lesson_charts["approach"]
    labels = [t.get_text().replace("\n", " ") for t in chart.figure.axes[0].get_yticklabels()]
    assert labels[0].startswith("1938: Sylvia Ageloff meets 'Jacques Mornard'")
    assert labels[-1] == "20 August 1940: Mercader attacks Trotsky in his study"
    assert not any("seize" in label for label in labels)  # an arrest is not a contact
    axis_end = num2date(chart.figure.axes[0].get_xlim()[1]).replace(tzinfo=None)
    assert pd.Timestamp(axis_end) == pd.Timestamp("1940-09-01")


def test_the_lesson_06_charts_never_read_data_text_as_mathematics():
    moments = data.times().assign(moment="$\\bad " + data.times()["moment"])
    made = charts.hours_timeline(moments)
    assert made.png().startswith(b"\x89PNG")
    texts = [t for t in made.figure.findobj(lambda a: hasattr(a, "get_parse_math")) if "$" in t.get_text()]
    assert texts and not any(t.get_parse_math() for t in texts)
