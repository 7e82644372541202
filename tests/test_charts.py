"""Charts show as PNG with alt text, describe themselves in words, and render reproducibly."""

import base64

import pandas as pd

from lessons import charts, data


def stops():
    return pd.DataFrame({
        "name": ["Alma-Ata", "Prinkipo", "Coyoacán"],
        "latitude": [43.238, 40.8667, 19.35],
        "longitude": [76.945, 29.1167, -99.162],
        "start_date": pd.to_datetime(["1928-01-01", "1929-04-01", "1937-01-01"]),
        "end_date": pd.to_datetime(["1929-01-01", "1933-07-01", "1939-05-01"]),
        "start_precision": ["month", "month", "month"],
        "end_precision": ["month", "day", "month"],
    })


def test_chart_displays_png_with_alt_text_in_metadata_and_words_as_text():
    chart = charts.route_map(stops(), "Route")
    bundle, metadata = chart._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert metadata["image/png"]["alt"] == chart.alt_text
    assert bundle["text/plain"] == f"Chart: {chart.alt_text}"


def test_route_map_alt_text_names_the_stops_in_order():
    alt = charts.route_map(stops(), "Route").alt_text
    assert "Alma-Ata, then Prinkipo, then Coyoacán" in alt


def test_the_same_chart_made_twice_gives_identical_png():
    assert charts.route_map(stops(), "Route").png() == charts.route_map(stops(), "Route").png()


def test_stays_timeline_alt_text_gives_dates_at_their_precision():
    alt = charts.stays_timeline(stops(), "Stays").alt_text
    assert "Alma-Ata from January 1928" in alt
    assert "1 January" not in alt


def test_stays_known_only_to_the_year_are_called_out():
    rough = stops().assign(start_precision=["month", "year", "month"])
    assert "Dates known only to the year: Prinkipo." in charts.stays_timeline(rough, "Stays").alt_text
    assert "known only to the year" not in charts.stays_timeline(stops(), "Stays").alt_text


def test_table_sizes_reports_each_count(small_dataset):
    alt = charts.table_sizes(data.load_all()).alt_text
    assert "events 3" in alt and "people 3" in alt


def test_events_per_year_names_the_busiest_year(small_dataset):
    alt = charts.events_per_year(data.events(), 1928, 1940, "Events").alt_text
    assert "from 1928 to 1940" in alt
    assert "busiest year is 1928 with 1 events" in alt


def test_save_writes_a_png_file(tmp_path):
    path = charts.route_map(stops(), "Route").save(tmp_path / "map.png")
    assert path.read_bytes().startswith(b"\x89PNG")
