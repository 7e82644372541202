"""Charts show as PNG with alt text, describe themselves in words, and render reproducibly."""

import base64

import pytest

from lessons import charts, data


@pytest.fixture
def stays(exile_dir):
    """Trotsky's homes joined with their places, as lesson 02 builds them."""
    homes = data.residences(exile_dir)
    return homes[homes["person_id"] == "leon-trotsky"].merge(data.places(exile_dir), on="place_id")


def test_chart_displays_png_with_alt_text_in_metadata_and_words_as_text(stays):
    chart = charts.route_map(stays, "Route")
    bundle, metadata = chart._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert metadata["image/png"]["alt"] == chart.alt_text
    assert bundle["text/plain"] == f"Chart: {chart.alt_text}"


def test_route_map_alt_text_names_the_stops_in_order(stays):
    alt = charts.route_map(stays, "Route").alt_text
    assert "Alma-Ata, then Prinkipo, then Barbizon, then Hønefoss, then Coyoacán" in alt


def test_the_same_chart_made_twice_gives_identical_png(stays):
    assert charts.route_map(stays, "Route").png() == charts.route_map(stays, "Route").png()


def test_stays_timeline_alt_text_gives_dates_at_their_precision(stays):
    alt = charts.stays_timeline(stays, "Stays").alt_text
    assert "Alma-Ata from 25 January 1928; Prinkipo from April 1929" in alt
    assert "1 April" not in alt


def _bars(chart):
    axes = chart.figure.axes[0]
    return [(round(p.get_x()), round(p.get_width())) for p in axes.patches]


def test_a_bar_spans_every_day_a_stay_may_cover(stays):
    # Prinkipo: April 1929 to July 1933 is 1 April 1929 to 31 July 1933, never the 1st of July.
    bars = _bars(charts.stays_timeline(stays, "Stays"))
    prinkipo = stays.index[stays["name"] == "Prinkipo"][0]
    start, width = bars[prinkipo]
    first = stays.loc[prinkipo, "earliest"]
    assert (stays.loc[prinkipo, "latest"] - first).days + 1 == width
    assert str(first.date()) == "1929-04-01" and str(stays.loc[prinkipo, "latest"].date()) == "1933-07-31"


def test_stays_known_only_to_the_year_are_called_out(exile_dir, stays):
    assert "known only to the year" not in charts.stays_timeline(stays, "Stays").alt_text
    path = exile_dir / "residences.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("r2,leon-trotsky,prinkipo,1929-04,month",
                                                             "r2,leon-trotsky,prinkipo,1929,year"),
                    encoding="utf-8")
    data.clear_cache()
    homes = data.residences(exile_dir).merge(data.places(exile_dir), on="place_id")
    assert "Dates known only to the year: Prinkipo." in charts.stays_timeline(homes, "Stays").alt_text


def test_text_from_the_data_is_never_read_as_mathematics(stays):
    # "$...$" would be typeset as maths, and an unbalanced "$\\" stops the drawing altogether.
    odd = stays.assign(name=["Price $5", r"$\undefined$ farm", "Prinkipo", "A $x^2$ villa", "Coyoacán"])
    for chart in (charts.stays_timeline(odd, "Stays of $\\bad"), charts.route_map(odd, "Route $\\bad")):
        assert chart.png().startswith(b"\x89PNG")
        drawn = chart.figure.findobj(lambda a: hasattr(a, "get_parse_math"))
        texts = [t for t in drawn if "$" in t.get_text()]
        assert texts and not any(t.get_parse_math() for t in texts)


def test_table_sizes_reports_each_count(small_dataset):
    alt = charts.table_sizes(data.load_all()).alt_text
    assert "events 3" in alt and "people 3" in alt


def test_events_per_year_names_the_busiest_year_in_good_grammar(small_dataset, exile_dir):
    alt = charts.events_per_year(data.events(), 1928, 1940, "Events").alt_text
    assert "from 1928 to 1940" in alt
    assert "busiest year is 1928 with 1 event." in alt
    assert "busiest year is 1929 with 2 events." in charts.events_per_year(
        data.events(exile_dir), 1928, 1940, "Events").alt_text


def test_save_writes_a_png_file(tmp_path, stays):
    path = charts.route_map(stays, "Route").save(tmp_path / "map.png")
    assert path.read_bytes().startswith(b"\x89PNG")
