"""Source lists come from sources.csv, in its order, with every piece of text escaped."""

import pytest

from lessons import data, display


def test_source_list_shows_perspective_and_escapes_text(small_dataset):
    with open(small_dataset / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write('evil,<script>alert(1)</script>,Tom & Jerry,"A <b> press",2000,,book,false,false,'
                     'a view & more,\n')
    with open(small_dataset / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("1940-extra,1940-08-21,,day,,Death,Trotsky dies.,assassination,coyoacan,evil,false,\n")
    shown = display.source_list(["evil"])
    assert "<script>" not in shown.html
    assert "&lt;script&gt;" in shown.html and "Tom &amp; Jerry" in shown.html
    assert "a view &amp; more" in shown.html
    assert "<script>alert(1)</script>" in repr(shown)  # plain text is not HTML


def test_sources_for_collects_ids_in_sources_csv_order(small_dataset):
    events = data.events()
    assert display.cited_sources(events) == ["wsws-2015", "wp-leon-trotsky"]
    assert "Wikipedia" in display.sources_for(events).html


def test_sources_are_grouped_by_kind_with_counts(small_dataset):
    shown = display.source_list(["wp-leon-trotsky", "wsws-2015"])
    text = repr(shown)
    assert text.index("Articles") < text.index("Reference works")
    assert "Articles (each argues a position: read them critically): 1" in text
    assert "<p><b>Reference works (encyclopedias, chronologies): 1</b></p>" in shown.html


def test_unknown_source_id_is_named(small_dataset):
    with pytest.raises(KeyError, match="not in data/sources.csv: nowhere"):
        display.source_list(["nowhere"])
