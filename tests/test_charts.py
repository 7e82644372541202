"""Charts show as HTML with alt text, say something at a glance, and render reproducibly.

Each test looks at what a reader sees: the colours and their contrast, the legend, the
axis, the drawn labels and where they fall on the page, the alt text.
"""

import base64
import configparser
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.dates import num2date
from matplotlib.patches import FancyArrowPatch

from lessons import charts, data
from lessons.html import escape

SANITIZE = Path(__file__).parent / "nbval-sanitize.cfg"


def _row_names(axes):
    """The names of a chart's rows: tick labels, or the texts the newer timelines draw instead."""
    named = [t for t in axes.texts if t.get_gid() == "row-name"]
    return named or list(axes.get_yticklabels())


@pytest.fixture
def stays(exile_dir):
    """Trotsky's homes joined with their places, as lesson 02 builds them."""
    homes = data.residences(exile_dir)
    return homes[homes["person_id"] == "leon-trotsky"].merge(data.places(exile_dir), on="place_id")


@pytest.fixture(scope="module")
def lesson_stays():
    """The stays lesson 02 draws, from the course's own dataset (1928-1937)."""
    data.clear_cache()
    homes = data.residences()
    frame = homes[homes["person_id"] == "leon-trotsky"].merge(data.places(), on="place_id")
    return frame[frame["start_date"].dt.year <= 1937]


@pytest.fixture(scope="module")
def lesson_map(lesson_stays):
    chart = charts.route_map(lesson_stays, "The route of Trotsky's exile, 1928-1937")
    return _drawn_on_screen(chart)


def _drawn_on_screen(chart):
    """The chart drawn as the notebook draws it, then once more without the PNG's cropping
    (which shifts the page while it saves), so that the extents measured are the reader's."""
    chart.png()
    chart.figure.canvas.draw()
    return chart


def _year_only(exile_dir, place="prinkipo", old="1929-04,month", new="1929,year"):
    path = exile_dir / "residences.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"{place},{old}", f"{place},{new}"), encoding="utf-8")
    data.clear_cache()
    return data.residences(exile_dir).merge(data.places(exile_dir), on="place_id")


# ---------------------------------------------------------------------------
# Display: the alt text travels in HTML


def test_chart_displays_as_a_figure_whose_img_carries_the_alt_text(stays):
    chart = charts.route_map(stays, "Route")
    bundle, _metadata = chart._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.startswith("<figure><img ") and html.endswith("</figcaption></figure>")
    payload = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html).group(1)
    assert base64.b64decode(payload).startswith(b"\x89PNG")
    assert f'alt="{escape(chart.alt_text)}"' in html
    assert f"<figcaption>{escape(chart.caption)}</figcaption>" in html
    assert bundle["text/plain"] == f"Chart: {chart.alt_text}"


def test_alt_text_and_caption_are_escaped_in_the_html(stays):
    odd = stays.assign(name=['The "Villa" <b>', "Prinkipo", "Barbizon", "Hønefoss", "Coyoacán"])
    html = charts.route_map(odd, 'Route & "more"')._repr_html_()
    assert "&quot;Villa&quot; &lt;b&gt;" in html and "Route &amp; &quot;more&quot;" in html
    assert "<b>" not in html


def test_the_nbval_sanitizer_hides_only_the_picture(stays):
    parser = configparser.ConfigParser()
    parser.read(SANITIZE, encoding="utf-8")
    html = charts.stays_timeline(stays, "Stays")._repr_html_()
    for section in parser.sections():
        html = re.sub(parser[section]["regex"], parser[section]["replace"], html)
    assert 'src="data:image/png;base64,..."' in html
    assert "Timeline of 5 stays" in html


def test_nbconvert_html_shows_the_alt_text_to_screen_readers(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from lessons import charts, data\n"
        "homes = data.residences()\n"
        "stays = homes[homes['person_id'] == 'leon-trotsky'].merge(data.places(), on='place_id')\n"
        "charts.stays_timeline(stays[stays['start_date'].dt.year <= 1937], 'Where Trotsky lived')")])
    path = tmp_path / "chart.ipynb"
    nbformat.write(notebook, path)
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--execute", str(path)],
                   check=True, capture_output=True, cwd=tmp_path, timeout=120)
    page = (tmp_path / "chart.html").read_text(encoding="utf-8")
    images = re.findall(r"<img [^>]*>", page)
    charted = [img for img in images if "data:image/png" in img]
    assert len(charted) == 1
    assert 'alt="Where Trotsky lived. Timeline of 9 stays' in charted[0]
    assert "Hatched bars, for dates known only to the year: Domène" in charted[0]
    assert "No description has been provided for this image" not in page


def test_the_same_chart_made_twice_gives_identical_png(stays):
    assert charts.route_map(stays, "Route").png() == charts.route_map(stays, "Route").png()
    assert charts.stays_timeline(stays, "S").png() == charts.stays_timeline(stays, "S").png()


def test_save_writes_a_png_file(tmp_path, stays):
    path = charts.route_map(stays, "Route").save(tmp_path / "map.png")
    assert path.read_bytes().startswith(b"\x89PNG")


# ---------------------------------------------------------------------------
# Colour


def test_contrast_ratio_follows_wcag():
    assert charts.contrast_ratio("#000000") == pytest.approx(21)
    assert charts.contrast_ratio("#FFFFFF") == pytest.approx(1)
    assert charts.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert charts.contrast_ratio("#F0E442") < 3  # Okabe and Ito's yellow: too pale for a mark.


@pytest.mark.parametrize("colour", charts.PALETTE)
def test_every_palette_colour_stands_out_from_the_page(colour):
    assert charts.contrast_ratio(colour) >= 3


def _mark_colours(chart):
    """The colours of every mark (bars, hatching, dots, arrows, badges, words), white aside.

    Grid lines, separators and the land of the map are background, not marks: left out.
    """
    colours = []
    for axes in chart.figure.axes:
        for patch in axes.patches:
            colours += [patch.get_facecolor(), patch.get_edgecolor()]
        for line in axes.lines:
            if line.get_marker() not in ("None", None, ""):
                colours += [line.get_markerfacecolor()]
        texts = axes.texts + axes.get_yticklabels() + axes.get_xticklabels(minor=True) + [axes.title]
        colours += [t.get_color() for t in texts if t.get_text()]
        colours += [t.get_bbox_patch().get_facecolor() for t in axes.texts if t.get_bbox_patch()]
    for legend in chart.figure.legends:
        colours += [h.get_facecolor() for h in legend.legend_handles]
        colours += [h.get_edgecolor() for h in legend.legend_handles]
        colours += [t.get_color() for t in legend.get_texts()]
    return {to_hex(c).upper() for c in colours if to_hex(c, keep_alpha=True)[-2:] != "00"} - {"#FFFFFF"}


def test_every_mark_on_the_charts_has_at_least_3_to_1_contrast(lesson_stays, lesson_map):
    timeline = charts.stays_timeline(lesson_stays, "Where Trotsky lived, 1928-1937")
    for chart in (timeline, lesson_map):
        colours = _mark_colours(chart)
        assert colours
        assert {c: round(charts.contrast_ratio(c), 2) for c in colours
                if charts.contrast_ratio(c) < 3} == {}


# ---------------------------------------------------------------------------
# The timeline of stays


def _bars(chart):
    return [p for p in chart.figure.axes[0].patches]


def test_the_timeline_gives_one_colour_per_country_and_a_legend_of_those_countries(lesson_stays):
    chart = charts.stays_timeline(lesson_stays, "Stays")
    legend = chart.figure.legends[0]
    entries = [t.get_text() for t in legend.get_texts()]
    assert entries == ["Kazakhstan", "Turkey", "France", "Norway", "Mexico",
                       "a date known only to the year"]
    assert "today's borders" in legend.get_title().get_text()
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    country = dict(zip(lesson_stays["name"], lesson_stays["country"]))
    by_country = {}
    for name, bar in zip(rows, _bars(chart)):
        by_country.setdefault(country[name], set()).add(to_hex(bar.get_edgecolor()))
    assert all(len(c) == 1 for c in by_country.values())
    assert len({c.pop() for c in by_country.values()}) == 5
    handles = {t.get_text(): to_hex(h.get_facecolor())
               for t, h in zip(legend.get_texts(), legend.legend_handles)}
    for name, bar in zip(rows, _bars(chart)):
        assert to_hex(bar.get_edgecolor()) == handles[country[name]]


def test_stays_are_grouped_by_country_in_the_order_they_happened(stays):
    # A second stay in Turkey, after France: it joins Turkey's group, after Prinkipo.
    extra = stays[stays["name"] == "Prinkipo"].assign(
        start_date=pd.Timestamp("1935-01-01"), end_date=pd.Timestamp("1935-03-01"),
        start_precision="day", end_precision="day", name="Second Prinkipo")
    chart = charts.stays_timeline(pd.concat([stays, extra]), "Stays")
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert rows == ["Alma-Ata", "Prinkipo", "Second Prinkipo", "Barbizon", "Hønefoss", "Coyoacán"]


def test_the_axis_covers_the_years_of_the_stays_and_no_more(lesson_stays):
    chart = charts.stays_timeline(lesson_stays, "Stays")
    left, right = (num2date(x).date() for x in chart.figure.axes[0].get_xlim())
    assert str(left) == "1928-01-01" and str(right) == "1940-01-01"  # Coyoacán ends in April 1939.
    years = [t.get_text() for t in chart.figure.axes[0].get_xticklabels(minor=True)]
    assert years == [str(y) for y in range(1928, 1940)]
    clipped = charts.stays_timeline(lesson_stays, "Stays", years=(1928, 1937))
    assert str(num2date(clipped.figure.axes[0].get_xlim()[1]).date()) == "1938-01-01"
    assert "January 1937 – April 1939" in clipped.alt_text


def test_a_bar_spans_every_day_a_stay_may_cover(lesson_stays):
    # Prinkipo: April 1929 to 17 July 1933 starts 1 April; Hurum, September to December 1936,
    # runs to 31 December, the last day its end month allows.
    chart = charts.stays_timeline(lesson_stays, "Stays")
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    bars = dict(zip(rows, _bars(chart)))
    def days(name):
        bar = bars[name]
        return str(num2date(bar.get_x()).date()), str(num2date(bar.get_x() + bar.get_width()).date())
    assert days("Prinkipo") == ("1929-04-01", "1933-07-18")
    assert days("Hurum (Sundby farm, Storsand)") == ("1936-09-01", "1937-01-01")


def test_stays_known_only_to_the_year_are_hatched_and_named(exile_dir, stays):
    plain = charts.stays_timeline(stays, "Stays")
    assert "known only to the year" not in plain.alt_text + plain.caption
    assert not any(bar.get_hatch() for bar in _bars(plain))
    homes = _year_only(exile_dir)
    chart = charts.stays_timeline(homes[homes["person_id"] == "leon-trotsky"], "Stays")
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    hatched = [name for name, bar in zip(rows, _bars(chart)) if bar.get_hatch()]
    assert hatched == ["Prinkipo"]
    assert "Hatched bars, for dates known only to the year: Prinkipo (1929 – July 1933)." in chart.alt_text
    assert "hatched bar" in chart.caption


def test_the_timeline_alt_text_names_every_stay_with_dates_at_their_precision(lesson_stays):
    alt = charts.stays_timeline(lesson_stays, "Where Trotsky lived").alt_text
    for name in lesson_stays["name"]:
        assert name in alt
    assert "Turkey: Istanbul (Constantinople), 12 February 1929 – April 1929; Prinkipo, April 1929" in alt
    assert "1 April" not in alt


def test_date_labels_sit_inside_the_chart_beside_their_bars(lesson_stays):
    chart = _drawn_on_screen(charts.stays_timeline(lesson_stays, "Stays"))
    renderer = chart.figure.canvas.get_renderer()
    axes = chart.figure.axes[0]
    frame = axes.get_window_extent(renderer)
    labels = [t for t in axes.texts if "–" in t.get_text()]
    assert len(labels) == len(lesson_stays)
    boxes = [t.get_window_extent(renderer) for t in labels]
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    bars = [bar.get_window_extent(renderer) for bar in _bars(chart)]
    assert not any(box.overlaps(bar) for box in boxes for bar in bars)


# ---------------------------------------------------------------------------
# The route map


def _map_axes(chart):
    return [axes for axes in chart.figure.axes if axes.collections]


def _drawn(chart):
    """What a reader tells apart on the map: the stop markers and every label, as page boxes."""
    renderer = chart.figure.canvas.get_renderer()
    boxes = []
    for axes in _map_axes(chart):
        for line in axes.lines:
            boxes.append(("marker", line.get_window_extent(renderer)))
        for text in axes.texts:
            patch = text.get_bbox_patch()
            box = patch.get_window_extent(renderer) if patch else text.get_window_extent(renderer)
            boxes.append((text.get_text(), box))
    return boxes


def test_the_map_has_no_degree_axes(lesson_map):
    assert len(_map_axes(lesson_map)) == 2
    assert all(not axes.axison for axes in lesson_map.figure.axes)


def test_the_map_names_each_country_of_the_route_by_today_s_borders(lesson_map, lesson_stays):
    named = {t.get_text() for axes in _map_axes(lesson_map) for t in axes.texts}
    assert set(lesson_stays["country"]) <= named
    assert "today's borders" in lesson_map.caption and "today's borders" in lesson_map.alt_text


def test_no_two_markers_or_labels_on_the_map_overlap(lesson_map):
    boxes = _drawn(lesson_map)
    assert len(boxes) > 15
    clashes = [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]
    assert clashes == []


def test_every_label_stays_on_its_map(lesson_map):
    renderer = lesson_map.figure.canvas.get_renderer()
    for axes in _map_axes(lesson_map):
        frame = axes.get_window_extent(renderer)
        for text in axes.texts:
            box = text.get_window_extent(renderer)
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_close_stops_share_one_numbered_marker_and_the_european_ones_are_enlarged(lesson_map):
    badges = [t.get_text() for axes in _map_axes(lesson_map) for t in axes.texts if t.get_bbox_patch()]
    assert sorted(badges) == sorted(["1", "9", "2, 3", "4", "5", "6", "7, 8"])
    world, europe = _map_axes(lesson_map)
    assert {t.get_text() for t in europe.texts if t.get_bbox_patch()} == {"2, 3", "4", "5", "6", "7, 8"}
    assert "Stops 2 to 8 are in Europe, enlarged" in lesson_map.alt_text
    assert "Stops 2 and 3 share one marker" in lesson_map.alt_text


def test_no_arrow_is_drawn_across_another_stop(lesson_map):
    renderer = lesson_map.figure.canvas.get_renderer()
    checked = 0
    for axes in _map_axes(lesson_map):
        markers = [line.get_window_extent(renderer) for line in axes.lines]
        for arrow in [p for p in axes.patches if isinstance(p, FancyArrowPatch)]:
            points = np.concatenate(axes.transData.transform_path(arrow.get_path()).to_polygons(
                closed_only=False))
            # The two stops it joins are the markers nearest its two ends; no other may be touched.
            ends = [min(markers, key=lambda m, p=p: np.hypot(m.x0 + m.width / 2 - p[0],
                                                                m.y0 + m.height / 2 - p[1]))
                    for p in (points[0], points[-1])]
            for marker in markers:
                if any(marker is end for end in ends):
                    continue
                assert marker.expanded(1.5, 1.5).count_contains(points) == 0
            checked += 1
    assert checked >= 5


def test_the_key_lists_every_stop_in_order_with_its_dates(lesson_map, lesson_stays):
    key = [axes for axes in lesson_map.figure.axes if not axes.collections][0]
    texts = [t.get_text() for t in key.texts]
    names = [t for t in texts if t in set(lesson_stays["name"])]
    assert names == list(lesson_stays["name"])
    assert "18 June 1935 – 2 September 1936" in texts


def test_route_map_alt_text_names_the_stops_in_order(lesson_map):
    alt = lesson_map.alt_text
    assert alt.startswith("The route of Trotsky's exile, 1928-1937. Map of today's borders with 9 numbered")
    assert ("1 Alma-Ata, Kazakhstan, January 1928 – January 1929; 2 Istanbul (Constantinople), Turkey, "
            "12 February 1929 – April 1929; 3 Prinkipo, Turkey") in alt
    assert alt.index("Hønefoss") < alt.index("Hurum") < alt.index("9 Coyoacán, Mexico")


def test_a_route_inside_one_region_is_one_map(stays):
    europe = stays[stays["name"].isin(["Prinkipo", "Barbizon", "Hønefoss"])]
    chart = charts.route_map(europe, "Europe")
    assert len(_map_axes(chart)) == 1
    assert "enlarged" not in chart.alt_text


# ---------------------------------------------------------------------------
# Text from the data


def test_text_from_the_data_is_never_read_as_mathematics(stays):
    # "$...$" would be typeset as maths, and an unbalanced "$\\" stops the drawing altogether.
    odd = stays.assign(name=["Price $5", r"$\undefined$ farm", "Prinkipo", "A $x^2$ villa", "Coyoacán"],
                       country=["$x$", "Turkey", "France", "$\\bad", "Mexico"])
    for chart in (charts.stays_timeline(odd, "Stays of $\\bad"), charts.route_map(odd, "Route $\\bad")):
        assert chart.png().startswith(b"\x89PNG")
        drawn = chart.figure.findobj(lambda a: hasattr(a, "get_parse_math"))
        texts = [t for t in drawn if "$" in t.get_text()]
        assert len(texts) >= 4 and not any(t.get_parse_math() for t in texts)


# ---------------------------------------------------------------------------
# The other charts


def test_table_sizes_reports_each_count(small_dataset):
    chart = charts.table_sizes(data.load_all())
    assert "events 3" in chart.alt_text and "people 3" in chart.alt_text
    assert f'alt="{escape(chart.alt_text)}"' in chart._repr_html_()


def test_events_per_year_names_the_busiest_year_in_good_grammar(small_dataset, exile_dir):
    alt = charts.events_per_year(data.events(), 1928, 1940, "Events").alt_text
    assert "from 1928 to 1940" in alt
    assert "busiest year is 1928 with 1 event." in alt
    assert "busiest year is 1929 with 2 events." in charts.events_per_year(
        data.events(exile_dir), 1928, 1940, "Events").alt_text


# ---------------------------------------------------------------------------
# Lessons 03 and 04: the Moscow trials and the Dewey Commission


@pytest.fixture(scope="module")
def course():
    data.clear_cache()
    homes = data.residences()
    stays = homes[homes["person_id"] == "leon-trotsky"].merge(data.places(), on="place_id")
    return {"defendants": data.defendants(), "people": data.people(), "trials": data.trials(),
            "figures": data.figures(), "sources": data.sources(), "allegations": data.allegations(),
            "stays": stays, "places": data.places()}


@pytest.fixture(scope="module")
def trial_charts(course):
    c = course
    return {
        "fates": _drawn_on_screen(charts.defendant_fates(c["defendants"], c["people"], c["trials"])),
        "gaps": _drawn_on_screen(charts.rehabilitation_gaps(c["defendants"], c["trials"], c["people"])),
        "figures": _drawn_on_screen(charts.figures_compared(c["figures"], c["sources"])),
        "testimony": _drawn_on_screen(charts.testimony_timeline(c["allegations"], c["stays"], c["people"],
                                                                c["places"])),
    }


def _every_mark_colour(chart):
    """As _mark_colours, with lines, line markers and legend keys drawn as lines counted too."""
    colours = set()
    for legend in chart.figure.legends:
        keys = legend.legend_handles
        lines = [h for h in keys if not hasattr(h, "get_facecolor")]
        for line in lines:
            colours |= {to_hex(line.get_color()).upper(), to_hex(line.get_markeredgecolor()).upper(),
                        to_hex(line.get_markerfacecolor()).upper()}
        legend.legend_handles = [h for h in keys if hasattr(h, "get_facecolor")]
        try:
            colours |= _mark_colours(chart)
        finally:
            legend.legend_handles = keys
    if not chart.figure.legends:
        colours |= _mark_colours(chart)
    for axes in chart.figure.axes:
        for line in axes.lines:
            if line.get_linestyle() not in ("None", "none", ""):
                colours.add(to_hex(line.get_color()).upper())
            if line.get_marker() not in ("None", None, ""):
                colours.add(to_hex(line.get_markeredgecolor()).upper())
    # Separators between the rows are background, as in _mark_colours.
    return colours - {"#FFFFFF", "#DDDDDD"}


def _texts_do_not_overlap(chart, texts):
    renderer = chart.figure.canvas.get_renderer()
    frame = chart.figure.axes[0].get_window_extent(renderer)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text()]
    for text, box in boxes:
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


def test_the_trial_charts_mark_only_with_colours_of_3_to_1_contrast(trial_charts):
    for name, chart in trial_charts.items():
        colours = _every_mark_colour(chart)
        assert colours, name
        assert {c: round(charts.contrast_ratio(c), 2) for c in colours if charts.contrast_ratio(c) < 3} == {}


def test_the_trial_charts_show_as_html_with_their_alt_text(trial_charts):
    for chart in trial_charts.values():
        html = chart._repr_html_()
        assert f'alt="{escape(chart.alt_text)}"' in html and chart.png().startswith(b"\x89PNG")


def test_fates_give_one_square_per_defendant_coloured_by_outcome(trial_charts, course):
    chart = trial_charts["fates"]
    squares = [p for p in chart.figure.axes[0].patches]
    moscow = course["defendants"][course["defendants"]["trial_id"].isin(charts.MOSCOW_TRIALS)]
    assert len(squares) == len(moscow) == 62
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["shot after the verdict", "sentenced to prison, later shot",
                      "sentenced to prison, killed in custody"]
    colour = {o: to_hex(c).upper() for o, (c, _h) in charts.FATES.items()}
    counted = {}
    for square in squares:
        hex_colour = to_hex(square.get_edgecolor() if square.get_hatch() else square.get_facecolor()).upper()
        counted[hex_colour] = counted.get(hex_colour, 0) + 1
    assert counted == {colour["shot after the verdict"]: 55, colour["sentenced to prison, later shot"]: 5,
                       colour["sentenced to prison, killed in custody"]: 2}
    summaries = [t.get_text().replace("\n", " ") for t in chart.figure.axes[0].texts]
    assert summaries[0] == "16 shot after the verdict"
    assert "2 sentenced to prison, killed in custody (Grigori Sokolnikov, Karl Radek)" in summaries[1]
    assert ("3 sentenced to prison, later shot (Christian Rakovsky, Dmitry Pletnev, Sergei Bessonov)"
            in summaries[3])
    rows = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert rows[0].startswith("Trial of the Sixteen\n24 August 1936, 16 defendants")
    assert rows[-1].startswith("Trial of the Twenty-One")
    assert _texts_do_not_overlap(chart, chart.figure.axes[0].texts) == []


def test_fates_alt_text_names_every_defendant_by_trial_and_outcome(trial_charts, course):
    alt = trial_charts["fates"].alt_text
    names = course["defendants"].merge(course["people"], on="person_id")
    for name in names[names["trial_id"].isin(charts.MOSCOW_TRIALS)]["name"]:
        assert name in alt
    assert "55 shot after the verdict; 5 sentenced to prison, later shot; 2 sentenced to prison" in alt
    assert ("Trial of the Seventeen, sentenced to prison, killed in custody: Grigori Sokolnikov, "
            "Karl Radek") in alt


def test_gaps_hatch_year_only_rehabilitations_and_name_the_undated(trial_charts, course):
    chart = trial_charts["gaps"]
    axes = chart.figure.axes[0]
    hatched = [p for p in axes.patches if p.get_hatch()]
    assert len(hatched) == 3  # 1957, 1959 and 1966, all of the Trial of the Twenty-One
    ends = [t.get_text() for t in axes.texts]
    assert "51.8 years (13 June 1988)" in ends and "18.8–19.8 years (1957)" in ends
    undated = course["defendants"][course["defendants"]["trial_id"].isin(charts.MOSCOW_TRIALS)
                                   & course["defendants"]["rehabilitated_date"].isna()]
    names = undated.merge(course["people"], on="person_id")["name"]
    assert len(names) == 6
    for name in names:
        assert name in chart.alt_text
        assert any(name in t.get_text() for t in axes.get_yticklabels())
    assert "Genrikh Yagoda (Not rehabilitated: the Supreme Court" in chart.alt_text
    assert "Trial of the Twenty-One: 18.8 to 49.9 years" in chart.alt_text
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend[-1] == "no rehabilitation date in the dataset"
    assert _texts_do_not_overlap(chart, [t for t in axes.texts if t.get_gid() != "row-name"]) == []


def test_figures_are_bars_largest_first_labelled_with_number_and_source(trial_charts, course):
    chart = trial_charts["figures"]
    axes = chart.figure.axes[0]
    assert axes.get_xscale() == "log"
    labels = [t.get_text() for t in axes.texts]
    assert labels[0] == "20,000,000 · J. Arch Getty and Oleg V. Naumov 1999"
    assert labels[1] == "19,000,000 · International Bolshevik Tendency 1991"
    assert "681,692 · Donald Rayfield 2004" in labels
    assert "950,000–1,200,000 · English Wikipedia, 'Great Purge'" in labels
    values = [int(t.split(" ")[0].split("–")[0].replace(",", "")) for t in labels]
    arrests, executions = values[:6], values[6:13]
    assert arrests == sorted(arrests, reverse=True) and executions == sorted(executions, reverse=True)
    ticks = [t.get_text() for t in axes.get_xticklabels()]
    assert "1 million" in ticks and "10 million" in ticks
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend == ["the article's figure", "archival count", "estimate", "range, low to high"]
    assert _texts_do_not_overlap(chart, [t for t in axes.texts if t.get_gid() != "row-name"]) == []
    chosen = course["figures"][course["figures"]["figure_id"].str.startswith(charts.DEFAULT_FIGURES)]
    for row in chosen.itertuples():
        number = f"{row.value:,}" + (f"–{int(row.value_high):,}" if row.value_high > row.value else "")
        assert f"{number}, {row.quantity}, {row.period}" in chart.alt_text


def test_figures_can_be_chosen_by_id_or_by_a_test(course):
    by_id = charts.figures_compared(course["figures"], course["sources"],
                                    ["cc-1934-article-ibt", "cc-1934-khrushchev"])
    assert [t.get_text() for t in by_id.figure.axes[0].texts] == [
        "110 · International Bolshevik Tendency 1991", "98 · Nikita Khrushchev 1956"]
    by_test = charts.figures_compared(course["figures"], course["sources"],
                                      lambda f: f["kind"] == "article")
    assert len(by_test.figure.axes[0].texts) == (course["figures"]["kind"] == "article").sum()


def test_testimony_marks_each_dated_allegation_by_place_and_finding(trial_charts, course):
    chart = trial_charts["testimony"]
    axes = chart.figure.axes[0]
    rows = [t.get_text() for t in axes.get_yticklabels()]
    assert rows == ["Trotsky's homes", "testimony: Copenhagen", "testimony: Oslo", "testimony: Paris",
                    "testimony: Berlin", "testimony: no place given"]
    markers = [line for line in axes.lines if line.get_marker() in ("X", "o", "s")]
    shown = course["allegations"][course["allegations"]["alleged_date"].dt.year >= 1931]
    assert len(markers) == len(shown) == 11
    refuted = [m for m in markers if m.get_marker() == "X"]
    assert len(refuted) == (shown["finding"] == "refuted").sum()
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert legend[-3:] == ["testimony refuted", "testimony not supported", "testimony unresolved"]
    assert legend[:5] == ["Turkey", "France", "Norway", "Mexico", "a home dated only to the year"]
    assert "Outside the years shown: Valentin Olberg (Berlin, 1927, refuted)." in chart.caption
    assert "Eduard Holtzman: Copenhagen, November 1932, refuted" in chart.alt_text
    assert _texts_do_not_overlap(chart, [t for t in axes.texts if t.get_gid() != "row-name"]) == []


def test_testimony_bands_keep_the_colours_of_the_stays_timeline(trial_charts, lesson_stays):
    timeline = charts.stays_timeline(lesson_stays, "Stays")
    colours = {t.get_text(): to_hex(h.get_facecolor()) for t, h in
               zip(timeline.figure.legends[0].get_texts(), timeline.figure.legends[0].legend_handles)}
    legend = trial_charts["testimony"].figure.legends[0]
    for text, handle in zip(legend.get_texts(), legend.legend_handles):
        if text.get_text() in colours:
            assert to_hex(handle.get_facecolor()) == colours[text.get_text()]


def test_trial_charts_never_read_data_text_as_mathematics(course):
    people = course["people"].assign(name="$\\bad " + course["people"]["name"])
    chart = charts.defendant_fates(course["defendants"], people, course["trials"])
    gaps = charts.rehabilitation_gaps(course["defendants"], course["trials"], people)
    testimony = charts.testimony_timeline(course["allegations"], course["stays"], people, course["places"])
    for made in (chart, gaps, testimony):
        assert made.png().startswith(b"\x89PNG")
        drawn = made.figure.findobj(lambda a: hasattr(a, "get_parse_math"))
        texts = [t for t in drawn if "$" in t.get_text()]
        assert texts and not any(t.get_parse_math() for t in texts)


# ----------------------------------------------------------------------------- lesson 01: offices and fates

@pytest.fixture(scope="module")
def lesson_01_charts():
    data.clear_cache()
    offices = data.offices()
    trotsky = offices[offices["person_id"] == "leon-trotsky"]
    members = data.office_holders("Politburo full member", "1924-06-02").merge(data.people(), on="person_id")
    return {"offices": _drawn_on_screen(charts.offices_timeline(trotsky, "Trotsky's offices")),
            "fates": _drawn_on_screen(charts.politburo_fates(members, "1924-06-02", "The Politburo of 1924")),
            "trotsky": trotsky}


def test_the_lesson_01_charts_mark_only_with_colours_of_3_to_1_contrast(lesson_01_charts):
    for name in ("offices", "fates"):
        colours = _every_mark_colour(lesson_01_charts[name])
        assert colours, name
        assert {c: round(charts.contrast_ratio(c), 2) for c in colours if charts.contrast_ratio(c) < 3} == {}


def test_the_lesson_01_charts_show_as_html_with_their_alt_text(lesson_01_charts):
    for name in ("offices", "fates"):
        chart = lesson_01_charts[name]
        assert f'alt="{escape(chart.alt_text)}"' in chart._repr_html_() and chart.png().startswith(b"\x89PNG")


def test_each_office_is_a_row_with_its_dates_in_words_and_its_old_style_dates(lesson_01_charts):
    chart, trotsky = lesson_01_charts["offices"], lesson_01_charts["trotsky"]
    axes = chart.figure.axes[0]
    rows = [t.get_text().replace("\n", " ") for t in _row_names(axes)]
    assert len(rows) == len(trotsky) == 7
    assert rows[0] == "chairman, St Petersburg Soviet of Workers' Deputies"
    labels = [t.get_text() for t in axes.texts]
    assert labels[0] == "9 December – 16 December 1905\nOld Style 26 November – 3 December 1905"
    assert "8 November 1917 – 13 March 1918\nOld Style from 26 October 1917" in labels
    assert "13 March 1918 – January 1925\ndates disputed" in labels
    for office in trotsky.itertuples():
        assert f"{office.office}, {office.body}: " in chart.alt_text
    assert _texts_do_not_overlap(chart, [t for t in axes.texts if t.get_gid() != "row-name"]) == []


def test_an_end_known_only_to_the_month_gets_an_open_circle_at_the_months_last_day(lesson_01_charts):
    chart, trotsky = lesson_01_charts["offices"], lesson_01_charts["trotsky"]
    circles = [line for line in chart.figure.axes[0].lines if line.get_marker() == "o"][0]
    rough = (trotsky["from_precision"] != "day").sum() + (trotsky["to_precision"] != "day").sum()
    assert len(circles.get_xdata()) == rough == 4
    ends = {pd.Timestamp(num2date(x).replace(tzinfo=None)).date().isoformat() for x in circles.get_xdata()}
    # January 1925 may end on its last day, so the bar runs to 1 February; March 1919 begins on the 1st.
    assert {"1925-02-01", "1927-11-01", "1919-03-01"} == ends
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "a date known only to the month: any day of it" in legend and "an inexact start or end" in legend


def test_the_fates_come_in_the_order_of_death_each_with_its_own_shape(lesson_01_charts):
    chart = lesson_01_charts["fates"]
    axes = chart.figure.axes[0]
    assert [t.get_text() for t in _row_names(axes)] == [
        "Mikhail Tomsky", "Grigory Zinoviev", "Lev Kamenev", "Alexei Rykov", "Nikolai Bukharin",
        "Leon Trotsky", "Joseph Stalin"]
    shapes = {line.get_marker(): len(line.get_xdata()) for line in axes.lines}
    assert shapes == {"X": 4, "v": 1, "D": 1, ">": 1}
    # The years and the names of the rows are texts too.
    labels = [t.get_text() for t in axes.texts if not t.get_text().isdigit() and t.get_gid() != "row-name"]
    assert labels[0] == "took his own life, 22 August 1936"
    assert labels[-1] == "alive at the end of 1940 (died 1953)"
    assert "6 of the 7 were dead by the end of 1940." in chart.alt_text
    assert _texts_do_not_overlap(chart, [t for t in axes.texts if t.get_gid() != "row-name"]) == []


def test_the_lesson_01_charts_never_read_data_text_as_mathematics(lesson_01_charts):
    trotsky = lesson_01_charts["trotsky"].assign(body="$\\bad " + lesson_01_charts["trotsky"]["body"])
    members = data.office_holders("Politburo full member", "1924-06-02").merge(data.people(), on="person_id")
    members = members.assign(name="$\\bad " + members["name"])
    for made in (charts.offices_timeline(trotsky, "x"), charts.politburo_fates(members, "1924-06-02", "x")):
        assert made.png().startswith(b"\x89PNG")
        drawn = made.figure.findobj(lambda a: hasattr(a, "get_parse_math"))
        texts = [t for t in drawn if "$" in t.get_text()]
        assert texts and not any(t.get_parse_math() for t in texts)
# ----------------------------------------------------------------------------- lesson 07

LANES = {"Those who carried out the killing": ["ramon-mercader", "pavel-sudoplatov"],
         "The family who survived": ["natalia-sedova"]}


def test_lives_after_marks_each_event_once_and_the_death_from_the_people_table():
    chart = charts.lives_after(data.events(), data.event_people(), data.people(), LANES)
    alt = chart.alt_text
    assert "2 lanes (Those who carried out the killing, The family who survived)" in alt
    # Mercader's death is an event and a people row: it is marked once, from the people table.
    assert alt.count("18 October 1978") == 1 and "18 October 1978, died" in alt
    assert "6 May 1960, Mercader released from prison" in alt
    # Nothing before Trotsky's death: Sudoplatov's meeting with Stalin in 1939 is left out.
    assert "March 1939" not in alt
    assert alt.index("Pavel Sudoplatov:") < alt.index("Natalia Sedova:")
    assert chart.png().startswith(b"\x89PNG")


def test_lives_after_names_the_mark_of_each_role_and_reads_odd_text_plainly():
    assert charts._life_mark("arrested") == "arrest or sentence"
    assert charts._life_mark("decorated") == "honour"
    assert charts._life_mark("widow") == "other"
    people = data.people().assign(name=lambda t: t["name"].where(t["person_id"] != "natalia-sedova",
                                                                 "$Natalia_"))
    chart = charts.lives_after(data.events(), data.event_people(), people, LANES)
    assert "$Natalia_:" in chart.alt_text
    chart.png()  # an unbalanced $ would fail here if it were read as mathematics


def test_sources_timeline_counts_what_was_there_to_read_at_each_line():
    works = data.availability()
    chart = charts.sources_timeline(works, marks=(1940, 2000))
    years = works["available"].dt.year
    assert f"by the end of 1940, {(years <= 1940).sum()} works" in chart.alt_text
    assert f"by the end of 2000, {len(works)} works" in chart.alt_text
    assert "(perpetrator's account)" in chart.alt_text
    assert chart.png().startswith(b"\x89PNG")
# ------------------------------------------------------------------ 08 · Reading the sources

def test_verdicts_by_article_has_a_full_bar_per_article_and_every_count_in_words(course):
    claims_table = data.claims()
    chart = charts.verdicts_by_article(claims_table, course["sources"])
    axes = chart.figure.axes[0]
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert [label.split("\n")[0] for label in labels] == [
        "International Bolshevik Tendency 1991", "Paul Hampton 2009", "David North and Joseph Kishore 2015",
        "Stephen Paul Foster 2023", "popular-history website"]
    # Each article's parts add up to the whole bar, whatever its number of claims.
    ends = {}
    for bar in axes.patches:
        row = round(bar.get_y() + bar.get_height() / 2)
        ends[row] = max(ends.get(row, 0), bar.get_x() + bar.get_width())
    assert all(abs(end - 1) < 1e-9 for end in ends.values())
    five = course["sources"].query("commissioned")["source_id"]
    counts = pd.crosstab(claims_table["source_id"], claims_table["agreement"]).loc[list(five)]
    for source_id, verdicts in counts.iterrows():
        name = {"ibt-1991": "International Bolshevik Tendency 1991"}.get(source_id)
        if name:
            assert f"{name}, {verdicts.sum()} checked claims: agrees {verdicts['agrees']}" in chart.alt_text
    assert "not a score of honesty" in chart.caption
    # Verdicts never rest on colour alone: each has its own hatching, and its colour passes 3:1.
    hatches = [style[1] for style in charts.VERDICT_STYLES.values()]
    assert len(set(hatches)) == len(hatches)
    assert all(charts.contrast_ratio(style[0]) >= 3 for style in charts.VERDICT_STYLES.values())
    assert [t.get_text() for t in chart.figure.legends[0].get_texts()] == list(charts.VERDICT_STYLES)
