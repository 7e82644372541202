"""Lesson 05's network: who is drawn on which side, and the chart a student reads.

The sides come from the people table, never from a disputed edge; the chart draws every row of
relations once, dashes exactly the disputed ones, and its alt text tells every link in words.
"""

from itertools import combinations

import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from lessons import charts, data, network


@pytest.fixture(scope="module")
def course():
    data.clear_cache()
    return {"relations": data.relations(), "people": data.people(), "events": data.events(),
            "places": data.places(), "trials": data.trials()}


@pytest.fixture(scope="module")
def drawn(course):
    chart = charts.campaign_network(course["relations"], course["people"], "The campaign abroad")
    chart.png()
    return chart


def test_the_graph_keeps_every_row_even_two_between_the_same_people(course):
    graph = network.graph(course["relations"])
    assert graph.number_of_edges() == len(course["relations"])
    assert graph.number_of_edges("mark-zborowski", "lev-sedov") == 2


def test_an_officer_whom_the_campaign_targeted_is_among_the_people_it_aimed_at(course):
    side = network.sides(course["relations"], course["people"])
    groups = course["people"].set_index("person_id")["groups"]
    assert "secret-police" in groups["ignace-reiss"]
    assert side["ignace-reiss"] == "aimed at"
    assert side["mark-zborowski"] == side["joseph-stalin"] == "campaign"


def test_a_disputed_accusation_moves_no_one_to_the_campaign_side(course):
    relations, side = course["relations"], network.sides(course["relations"], course["people"])
    accused = relations[relations["disputed"] & (relations["relation"] == "worked inside")]["source_person"]
    assert {"robert-sheldon-harte", "joseph-hansen"} <= set(accused)
    assert side["robert-sheldon-harte"] == side["joseph-hansen"] == "aimed at"
    # And someone whose only recorded act is disputed stays where the people table puts him.
    korotkov = relations[(relations["source_person"] == "alexander-korotkov")
                         | (relations["target_person"] == "alexander-korotkov")]
    assert korotkov["disputed"].all() and side["alexander-korotkov"] == "campaign"


def test_sides_read_a_raw_table_as_well_as_the_loaded_one(course):
    raw_people = course["people"].assign(groups=course["people"]["groups"].map(";".join))
    raw_relations = course["relations"].assign(disputed=course["relations"]["disputed"].map(str))
    assert network.sides(raw_relations, raw_people) == network.sides(course["relations"], course["people"])


def test_side_of_edge_says_across_for_an_action_on_the_other_side(course):
    side = network.sides(course["relations"], course["people"])
    rows = {row.relation_id: row for row in course["relations"].itertuples()}
    assert network.side_of_edge(rows["rel-schildbach-targeted-reiss"], side) == "across"
    assert network.side_of_edge(rows["rel-stalin-directed-sudoplatov"], side) == "campaign"
    assert network.side_of_edge(rows["rel-sedov-family-trotsky"], side) == "aimed at"


def _arrows(chart):
    return [p for p in chart.figure.axes[0].patches if isinstance(p, FancyArrowPatch)]


def test_every_row_is_one_arrow_and_exactly_the_disputed_ones_are_dashed(drawn, course):
    arrows = _arrows(drawn)
    assert len(arrows) == len(course["relations"])
    dashed = [a for a in arrows if a.get_linestyle() not in ("-", "solid")]
    assert len(dashed) == int(course["relations"]["disputed"].sum()) > 0


def test_each_relation_has_its_own_colour_and_every_colour_stands_out(drawn):
    colours = [style[0] for style in charts.RELATION_STYLES.values()]
    assert len(set(colours)) == len(colours) == len(network.RELATIONS)
    marks = colours + [colour for _marker, colour in charts.SIDE_MARKERS.values()]
    assert all(charts.contrast_ratio(c) >= 3 for c in marks)
    legend = [t.get_text() for t in drawn.figure.legends[0].get_texts()]
    assert [label.split(" (")[0] for label in legend[:-1]] == list(network.RELATIONS)
    assert legend[-1] == "disputed (dashed)"
    # Colour is not alone: actions, orders and ties end differently.
    heads = {style[1] for style in charts.RELATION_STYLES.values()}
    assert len(heads) == 3


def test_names_sit_beside_their_nodes_without_overlapping(drawn):
    renderer = drawn.figure.canvas.get_renderer()
    axes = drawn.figure.axes[0]
    names = [t for t in axes.texts if t.get_text()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in names]
    assert [(a, b) for (a, x), (b, y) in combinations(boxes, 2) if x.overlaps(y)] == []
    frame = drawn.figure.bbox
    assert all(frame.x0 <= box.x0 and box.x1 <= frame.x1 for _t, box in boxes)
    assert {to_hex(t.get_color()) for t in names} <= {to_hex(charts.INK)}


def test_the_alt_text_tells_every_link_and_says_which_are_disputed(drawn, course):
    names = course["people"].set_index("person_id")["name"]
    for row in course["relations"].itertuples():
        told = f"{names[row.source_person]} {network.PHRASES[str(row.relation)]} {names[row.target_person]}"
        assert told in drawn.alt_text
    assert drawn.alt_text.count("(disputed)") == int(course["relations"]["disputed"].sum())
    assert "a missing arrow means no source read for the course records one" in drawn.caption


def _abroad(course):
    events = course["events"]
    return events[(events["category"] == "campaign-abroad") & events["earliest"].dt.year.between(1936, 1938)]


def test_the_map_numbers_events_in_date_order_and_shares_a_marker_per_place(course):
    located = _abroad(course).merge(course["places"], on="place_id")
    in_europe = located[located["longitude"] > -30]
    chart = charts.campaign_map(in_europe, "The campaign abroad in Europe")
    chart.png()
    axes = chart.figure.axes[0]
    labels = sorted(t.get_text() for t in axes.texts if ":" in t.get_text())
    assert len(labels) == in_europe["place_id"].nunique()
    numbers = sorted(int(n) for label in labels for n in label.split(": ")[1].split(", "))
    assert numbers == list(range(1, len(in_europe) + 1))
    # Nin's arrest on 16 June comes before his death in June: the order goes by the last day a date allows.
    assert chart.alt_text.index("Andreu Nin arrested") < chart.alt_text.index("Nin killed")


def test_two_campaigns_draws_each_trial_and_each_event_with_titles_that_do_not_overlap(course):
    trials = course["trials"][course["trials"]["trial_id"].isin(charts.MOSCOW_TRIALS)]
    abroad = _abroad(course)
    chart = charts.two_campaigns(trials, abroad, "Two campaigns")
    chart.png()
    renderer = chart.figure.canvas.get_renderer()
    axes = chart.figure.axes[0]
    titles = [t for t in axes.texts if t.get_text().endswith(")") and t.xyann[1] == 0]
    assert len(titles) == len(abroad)
    boxes = [t.get_window_extent(renderer) for t in titles]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    frame = axes.get_window_extent(renderer)
    assert all(frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1 for b in boxes)
    assert len([p for p in axes.patches]) == len(trials)
    assert "11 June 1937;" in chart.alt_text  # a one-day trial is one date, not "11 June – 11 June"
