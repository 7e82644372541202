"""Charts for the lessons: each returns a :class:`Chart` that shows itself in a notebook.

A Chart carries alt text and a short caption. In a notebook it displays as HTML, a
``<figure>`` holding the PNG in an ``<img alt>`` and the caption in a ``<figcaption>``:
JupyterLab, nbconvert's HTML and a built site all show that ``alt`` to a screen reader,
where the alt metadata of an ``image/png`` output is ignored by all three. Figures are built
with the object-oriented API, never pyplot, so nothing is drawn twice or left open.

Text from the data (place names, countries, titles) is drawn with ``parse_math=False``:
matplotlib would otherwise read ``$...$`` in a name as mathematics, or fail on an unbalanced
``$``. Bars span the days a stay may cover (:func:`lessons.dates.earliest` to
:func:`lessons.dates.latest`), never a guessed first day. Every colour that marks something
has a contrast of at least 3:1 with the white page (WCAG's rule for graphics).
"""

from __future__ import annotations

import base64
import io
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionStyle, FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path as GeoPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from lessons import dates
from lessons.html import escape, plural
from lessons.resources import BASEMAP

__all__ = [
    "BASEMAP", "PALETTE", "Chart", "contrast_ratio", "events_per_year", "route_map",
    "stays_timeline", "table_sizes",
]

# Keyword arguments for any text that may come from the data.
PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}

# Okabe and Ito's palette, which stays distinguishable for the common colour-vision
# deficiencies, with its three light colours (orange, sky blue, yellow) darkened and its
# reddish purple deepened so that every colour reaches 3:1 against white. Charts never rely
# on colour alone: labels, legends and hatching carry the meaning too.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#B05E96", "#000000", "#A66F00", "#7A6F00", "#666666")

# Pixels per inch of the stored pictures: sharp at a notebook's width (a 10-inch map is 900
# pixels wide), and each picture costs a fifth less to draw than at 100.
DPI = 90

# Land and borders are background, not marks: pale on purpose, so the route stands out.
LAND, BORDER = "#EEEEEE", "#BBBBBB"
INK, MUTED = "#222222", "#555555"
ROUTE, STOP = PALETTE[1], PALETTE[0]

# Where the course's stops crowd (longitude from, to; latitude from, to): when some stops of a
# route fall inside and some outside, the map adds an enlarged panel for the inside ones.
EUROPE = (-25.0, 45.0, 34.0, 72.0)

# The data's country names where the base map spells them otherwise.
BASEMAP_NAMES = {"United States": "United States of America"}


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio between two colours written #RRGGBB (1 to 21; 3 is the floor for marks)."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    darker, lighter = sorted((luminance(colour), luminance(background)))
    return (lighter + 0.05) / (darker + 0.05)


class Chart:
    """A finished figure with its alt text and caption; the last line of a cell shows it."""

    def __init__(self, figure: Figure, alt_text: str, caption: str = "") -> None:
        self.figure = figure
        self.alt_text = alt_text
        self.caption = caption
        self._png: bytes | None = None

    def png(self) -> bytes:
        """Return the chart as PNG bytes (no timestamps, so reruns give the same file)."""
        # Rendered once: each new draw lets the constrained layout shift by a pixel.
        if self._png is None:
            # One draw into memory (the constrained layout already fits the figure, so no
            # second "tight" pass), then one PNG encoding of the reduced picture.
            canvas = FigureCanvasAgg(self.figure)
            canvas.draw()
            width, height = canvas.get_width_height()
            picture = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba())
            # A palette of 256 colours looks the same here and makes the file (and so the
            # notebook that stores it) about three times smaller.
            picture = picture.convert("RGB").quantize(256, method=PIL.Image.Quantize.FASTOCTREE,
                                                      dither=PIL.Image.Dither.NONE)
            buffer = io.BytesIO()
            picture.save(buffer, format="png", compress_level=6)
            self._png = buffer.getvalue()
        return self._png

    def save(self, path: str | Path) -> Path:
        """Write the chart as a PNG file, for slides or handouts."""
        path = Path(path)
        path.write_bytes(self.png())
        return path

    def _repr_html_(self) -> str:
        payload = base64.b64encode(self.png()).decode("ascii")
        caption = f"<figcaption>{escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure><img src="data:image/png;base64,{payload}" alt="{escape(self.alt_text)}"'
                f' style="max-width: 100%">{caption}</figure>')

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        # No separate image/png: every front end the course targets prefers text/html, and the
        # picture stored twice would double the notebook's size.
        return {"text/html": self._repr_html_(), "text/plain": f"Chart: {self.alt_text}"}, {}

    def __repr__(self) -> str:
        return f"Chart: {self.alt_text}"


def _new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    return figure, figure.add_subplot()


@cache
def _countries() -> dict[str, tuple[np.ndarray, ...]]:
    """Each base-map country's outer rings, largest first (lakes do not matter at this scale)."""
    collection = json.loads(BASEMAP.read_text(encoding="utf-8"))
    countries = {}
    for feature in collection["features"]:
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            ring = np.asarray(polygon[0], dtype=float)
            if np.ptp(ring[:, 0]) > 180:
                # A ring across the 180th meridian (eastern Russia, Fiji) would streak across
                # the whole map: draw it once on each side instead.
                east = ring.copy()
                east[east[:, 0] < 0, 0] += 360
                west = east.copy()
                west[:, 0] -= 360
                rings += [east, west]
            else:
                rings.append(ring)
        countries[feature["properties"]["name"]] = tuple(sorted(rings, key=_area, reverse=True))
    return countries


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


# ---------------------------------------------------------------------------


def table_sizes(tables: dict[str, pd.DataFrame]) -> Chart:
    """Bar chart of how many rows each table of the dataset holds."""
    names = list(tables)
    counts = [len(tables[n]) for n in names]
    figure, axes = _new_figure(7, 3.4)
    bars = axes.barh(range(len(names)), counts, color=PALETTE[0])
    axes.set_yticks(range(len(names)), names, **PLAIN)
    axes.bar_label(bars, padding=3)
    axes.invert_yaxis()
    axes.set_xlabel("rows")
    axes.set_title("What the course dataset holds")
    axes.spines[["top", "right"]].set_visible(False)
    described = ", ".join(f"{n} {c}" for n, c in zip(names, counts))
    return Chart(figure, f"Bar chart of rows per table: {described}.")


def events_per_year(events: pd.DataFrame, first: int, last: int, title: str) -> Chart:
    """Stacked bars: how many events of each category the dataset holds per year."""
    chosen = events[(events["start_date"].dt.year >= first) & (events["start_date"].dt.year <= last)]
    counts = (chosen.assign(year=chosen["start_date"].dt.year)
              .pivot_table(index="year", columns="category", values="event_id",
                           aggfunc="count", observed=True, fill_value=0)
              .reindex(range(first, last + 1), fill_value=0))
    figure, axes = _new_figure(8, 3.6)
    bottom = pd.Series(0, index=counts.index)
    hatches = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")
    for index, category in enumerate(counts.columns):
        axes.bar(counts.index, counts[category], bottom=bottom, label=category,
                 color=PALETTE[index % len(PALETTE)], hatch=hatches[index % len(hatches)],
                 edgecolor="white")
        bottom = bottom + counts[category]
    axes.set_xticks(list(counts.index))
    axes.tick_params(axis="x", labelrotation=45)
    axes.set_ylabel("events in the dataset")
    axes.set_title(title, **PLAIN)
    legend = axes.legend(frameon=False, fontsize="small", ncols=2)
    for text in legend.get_texts():
        text.set_parse_math(False)
    axes.spines[["top", "right"]].set_visible(False)
    busiest = bottom.idxmax()
    alt = (f"Stacked bar chart of events per year from {first} to {last}; "
           f"the busiest year is {busiest} with {plural(int(bottom.max()), 'event')}.")
    return Chart(figure, alt)


# ---------------------------------------------------------------------------
# The timeline of stays


def _span(stay: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day a stay may cover; a missing end or start falls back on the other."""
    start = dates.earliest(stay.start_date, stay.start_precision)
    end = dates.latest(stay.end_date, stay.end_precision)
    if pd.isna(start):
        start = dates.earliest(stay.end_date, stay.end_precision)
    if pd.isna(end):
        end = dates.latest(stay.start_date, stay.start_precision)
    return start, end


def _when(stay: Any) -> str:
    return dates.stay_span(stay.start_date, stay.start_precision, stay.end_date, stay.end_precision)


def _by_country(stays: pd.DataFrame) -> pd.DataFrame:
    """The stays in the order they happened, each country's together, countries by first stay."""
    frame = stays.reset_index(drop=True)
    country = frame["country"].astype(object) if "country" in frame else pd.Series("", index=frame.index)
    frame = frame.assign(group_country=country.fillna("").astype(str),
                         group_start=[_span(s)[0] for s in frame.itertuples()])
    first = frame.groupby("group_country", sort=False)["group_start"].transform("min")
    return frame.assign(group_first=first).sort_values(
        ["group_first", "group_country", "group_start"], kind="stable")


def stays_timeline(stays: pd.DataFrame, title: str, years: tuple[int, int] | None = None) -> Chart:
    """Horizontal bars of stays, coloured and grouped by country (needs name, country and dates).

    A bar spans every day the stay may cover. A stay with a date known only to the year is
    hatched: its length is a guess at the scale of months, and the chart should not pretend
    otherwise. The axis runs over whole years, from the first stay's to the last one's, or over
    ``years`` (first, last) when given; the labels beside the bars give the dates in words.
    """
    rows = _by_country(stays)
    countries = list(dict.fromkeys(rows["group_country"]))
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(countries)}
    spans = [_span(s) for s in rows.itertuples()]
    first_year = years[0] if years else min(s for s, _ in spans).year
    last_year = years[1] if years else max(e for _, e in spans).year
    left = date2num(dates.earliest(str(first_year), "year"))
    right = date2num(dates.latest(str(last_year), "year")) + 1

    figure, axes = _new_figure(9, 0.42 * len(rows) + 2.0)
    labels, visible, rough = [], [], []
    for row, (stay, (start, end)) in enumerate(zip(rows.itertuples(), spans)):
        coarse = "year" in (stay.start_precision, stay.end_precision)
        colour = colours[stay.group_country]
        x0, x1 = date2num(start), date2num(end) + 1
        axes.barh(row, x1 - x0, left=x0, height=0.62, color="white" if coarse else colour,
                  edgecolor=colour, linewidth=1.2, hatch="////" if coarse else None)
        labels.append(axes.annotate(_when(stay), (min(x1, right), row), xytext=(4, 0),
                                    textcoords="offset points", va="center", ha="left",
                                    fontsize=8.5, color=INK, **PLAIN))
        # The label is fitted inside the axes afterwards, so the layout must not make room for it.
        labels[-1].set_in_layout(False)
        visible.append((max(x0, left), min(x1, right)))
        if coarse:
            rough.append(stay)
    axes.set_yticks(range(len(rows)), rows["name"].astype(str), **PLAIN)
    for row in range(1, len(rows)):
        if rows["group_country"].iloc[row] != rows["group_country"].iloc[row - 1]:
            axes.axhline(row - 0.5, color="#DDDDDD", linewidth=0.8)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlim(left, right)
    year_starts = [date2num(dates.earliest(str(y), "year")) for y in range(first_year, last_year + 2)]
    axes.set_xticks(year_starts, [""] * len(year_starts))
    step = max(1, math.ceil((last_year - first_year + 1) / 14))
    middles = [(a + b) / 2 for a, b in zip(year_starts, year_starts[1:])][::step]
    axes.set_xticks(middles, [str(y) for y in range(first_year, last_year + 1)][::step], minor=True)
    axes.tick_params(axis="x", which="minor", length=0, labelsize=9)
    axes.grid(axis="x", which="major", color="#E5E5E5")
    axes.set_axisbelow(True)
    axes.set_title(title, **PLAIN)
    axes.spines[["top", "right"]].set_visible(False)

    handles = [Patch(facecolor=colours[c], edgecolor=colours[c], label=c or "country not given")
               for c in countries]
    if rough:
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////",
                             label="a date known only to the year"))
    legend = figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6),
                           frameon=False, fontsize=9, title="Country (today's borders)",
                           title_fontsize=9)
    for text in legend.get_texts():
        text.set_parse_math(False)
    _fit_beside_bars(figure, axes, labels, visible)

    groups = ". ".join(
        f"{country or 'Country not given'}: "
        + "; ".join(f"{s.name}, {_when(s)}" for s in rows[rows["group_country"] == country].itertuples())
        for country in countries)
    alt = (f"{title}. Timeline of {plural(len(rows), 'stay')}, one bar per place, from {first_year} "
           f"to {last_year}, coloured by country (today's borders) and grouped by country in the "
           f"order the stays happened. {groups}.")
    caption = "Colour shows the country, by today's borders."
    if rough:
        names = ", ".join(f"{s.name} ({_when(s)})" for s in rough)
        alt += f" Hatched bars, for dates known only to the year: {names}."
        caption += " A hatched bar has a date known only to the year."
    return Chart(figure, alt, caption)


def _fit_beside_bars(figure: Figure, axes: Axes, labels: list[Any],
                     visible: list[tuple[float, float]]) -> None:
    """Move a date label that would run past the axis to the left of its bar (or inside it)."""
    renderer = FigureCanvasAgg(figure).get_renderer()
    # Only the layout is needed to measure the labels against the axes, not a whole draw.
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    box = axes.get_window_extent(renderer)
    for label, (start, _end) in zip(labels, visible):
        if label.get_window_extent(renderer).x1 <= box.x1:
            continue
        label.xy = (start, label.xy[1])
        label.xyann = (-4, 0)
        label.set_horizontalalignment("right")
        if label.get_window_extent(renderer).x0 < box.x0:
            # No room on either side: inside the bar, on a white ground so it stays readable.
            label.xyann = (4, 0)
            label.set_horizontalalignment("left")
            label.set_bbox({"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"})
    # The layout was worked out by the draw above; keep it, so the picture is drawn once more
    # with the same margins (faster, and the labels stay where they were fitted).
    figure.set_layout_engine("none")


# ---------------------------------------------------------------------------
# The route map


def route_map(stops: pd.DataFrame, title: str, padding: float = 6.0) -> Chart:
    """Map of numbered stops joined by arrows, in order (needs name, latitude, longitude).

    Countries are drawn and named by today's borders (Natural Earth), named from the stops'
    ``country`` column. Stops that crowd into Europe while others lie far away get an enlarged
    panel; stops too close to tell apart at the scale share one marker ("2, 3"). A key lists
    each number with its place and, when the stops have them, its dates.
    """
    stops = stops.reset_index(drop=True)
    lon = stops["longitude"].astype(float).to_numpy()
    lat = stops["latitude"].astype(float).to_numpy()
    crowded = (lon >= EUROPE[0]) & (lon <= EUROPE[1]) & (lat >= EUROPE[2]) & (lat <= EUROPE[3])
    detail = 2 <= crowded.sum() < len(stops)

    figure = Figure(figsize=(10, 10 if detail else 5.8), dpi=DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.suptitle(title, y=0.995, fontsize=13, **PLAIN)
    if detail:
        world = figure.add_axes((0.005, 0.575, 0.99, 0.38))
        europe = figure.add_axes((0.005, 0.01, 0.6, 0.55))
        key = figure.add_axes((0.62, 0.01, 0.375, 0.55))
        panels = [(world, ~crowded), (europe, crowded)]
    else:
        world = figure.add_axes((0.005, 0.02, 0.68, 0.90))
        key = figure.add_axes((0.70, 0.02, 0.295, 0.90))
        panels = [(world, np.ones(len(stops), bool))]

    if detail:
        _frame(europe, lon[crowded], lat[crowded], 2.5)
        # The overview frames the stops far away and the enlarged region, marked with a box.
        x0, x1 = europe.get_xlim()
        y0, y1 = europe.get_ylim()
        _frame(world, np.r_[lon[~crowded], x0, x1], np.r_[lat[~crowded], y0, y1], padding)
    else:
        _frame(world, lon, lat, padding)
    countries = stops["country"].astype(object).fillna("").astype(str) if "country" in stops else None

    shared = []
    for axes, shown in panels:
        occupied: list[Bbox] = []
        clusters = _clusters(axes, lon, lat, shown)
        shared += [[i + 1 for i in members] for members in clusters if len(members) > 1]
        cluster_of = {i: c for c, members in enumerate(clusters) for i in members}
        for members in clusters:
            x, y = lon[members].mean(), lat[members].mean()
            (dot,) = axes.plot(x, y, marker="o", markersize=6, color=STOP, markeredgecolor="white",
                               markeredgewidth=1, zorder=4, linestyle="none")
            occupied.append(dot.get_window_extent(renderer))
        dots = [axes.transData.transform((lon[m].mean(), lat[m].mean())) for m in clusters]
        arrows = []
        for i in range(len(stops) - 1):
            # The overview draws the legs that leave or reach the enlarged region; the enlarged
            # map only those inside it.
            inside = shown[i] and shown[i + 1]
            if not (inside or (axes is world and (shown[i] or shown[i + 1]))):
                continue
            if inside and cluster_of[i] == cluster_of[i + 1]:
                continue
            ends = [(lon[j], lat[j]) if not shown[j] else tuple(axes.transData.inverted().transform(
                dots[cluster_of[j]])) for j in (i, i + 1)]
            avoid = [d for c, d in enumerate(dots) if c not in (cluster_of.get(i), cluster_of.get(i + 1))]
            start, end = ((float(x), float(y)) for x, y in ends)
            arrow = _arrow(axes, start, end, avoid, shrink=(5 if shown[i] else 0, 5 if shown[i + 1] else 0))
            if arrow is not None:
                arrows.append(arrow)
        if detail and axes is world:
            box = Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor=MUTED, linewidth=1,
                            zorder=3)
            world.add_patch(box)
            arrows.append(world.transData.transform(box.get_verts()))
        for members, point in zip(clusters, dots):
            _place(axes, ", ".join(str(i + 1) for i in members), point, occupied, arrows, renderer,
                   badge=True)
        if countries is not None:
            for country in dict.fromkeys(countries[shown]):
                if country:
                    _name_country(axes, country, lon[(countries == country).to_numpy()],
                                  lat[(countries == country).to_numpy()], occupied, arrows, renderer)
        if detail and axes is world:
            first, last = np.flatnonzero(crowded)[[0, -1]] + 1
            _place(axes, f"{first}–{last} enlarged below", world.transData.transform((x1, y0)),
                   occupied, arrows, renderer, around=((-4, -4, "right", "top"),
                                                       (4, -4, "left", "top"),
                                                       (4, 4, "left", "bottom")))
    _key(key, stops)

    dated = {"start_date", "end_date", "start_precision", "end_precision"} <= set(stops.columns)
    described = "; ".join(
        f"{i + 1} {name}" + (f", {countries[i]}" if countries is not None and countries[i] else "")
        + (f", {_when(stop)}" if dated else "")
        for i, (name, stop) in enumerate(zip(stops["name"].astype(str), stops.itertuples())))
    alt = (f"{title}. Map of today's borders with {plural(len(stops), 'numbered stop')} joined by "
           f"arrows, in order: {described}.")
    if detail:
        inside = np.flatnonzero(crowded) + 1
        which = (f"{inside[0]} to {inside[-1]}" if inside[-1] - inside[0] == len(inside) - 1
                 else ", ".join(map(str, inside)))
        alt += f" Stops {which} are in Europe, enlarged in a second map below the first."
    if shared:
        alt += " " + " ".join(f"Stops {' and '.join(map(str, c))} share one marker, too close to "
                              f"tell apart at this scale." for c in shared)
    caption = ("Country outlines and names are today's borders (Natural Earth), not those of the "
               "1930s. Numbers give the order of the stops; the key lists them.")
    return Chart(figure, alt, caption)


def _frame(axes: Axes, xs: np.ndarray, ys: np.ndarray, padding: float) -> None:
    """Show the places with a margin, at the shape of the latitude (an equirectangular map)."""
    axes.set_axis_off()
    axes.add_collection(PolyCollection([ring for rings in _countries().values() for ring in rings],
                                       facecolors=LAND, edgecolors=BORDER, linewidths=0.4))
    (x0, x1), (y0, y1) = (xs.min() - padding, xs.max() + padding), (ys.min() - padding, ys.max() + padding)
    stretch = 1 / math.cos(math.radians((y0 + y1) / 2))
    box = axes.get_window_extent()
    # Widen whichever range is short of the panel's shape, so the panel fills with map.
    wanted = box.height / box.width
    if (y1 - y0) * stretch / (x1 - x0) < wanted:
        grow = ((x1 - x0) * wanted / stretch - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) * stretch / wanted - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)


def _clusters(axes: Axes, lon: np.ndarray, lat: np.ndarray, shown: np.ndarray) -> list[list[int]]:
    """Stops shown in the axes, grouped where their markers would touch or leave no room for an
    arrow between them (Istanbul and Prinkipo, Hønefoss and Hurum on the map of Europe)."""
    points = axes.transData.transform(np.column_stack([lon, lat]))
    clusters: list[list[int]] = []
    for i in np.flatnonzero(shown):
        for members in clusters:
            if any(np.hypot(*(points[i] - points[j])) < 16 for j in members):
                members.append(int(i))
                break
        else:
            clusters.append([int(i)])
    return clusters


def _arrow(axes: Axes, start: tuple[float, float], end: tuple[float, float], avoid: list[np.ndarray],
           shrink: tuple[float, float]) -> np.ndarray | None:
    """Draw an arrow from one stop to the next, bent so that it passes no other stop; return
    the points along it, in pixels (None when the stops are too close for an arrow)."""
    a, b = axes.transData.transform([start, end])
    if np.hypot(*(b - a)) < 24:
        return None  # Too short to see: the numbers tell the order.
    best, best_gap = None, -1.0
    for rad in (0.15, -0.15, 0.3, -0.3, 0.0, 0.45, -0.45):
        style = ConnectionStyle.Arc3(rad=rad)
        line = np.concatenate(style(tuple(a), tuple(b)).to_polygons(closed_only=False))
        # The ends are hidden under the markers (the arrow stops short of them): only the part
        # a reader sees must keep clear of other stops.
        seen = line[(np.hypot(*(line - a).T) > 12) & (np.hypot(*(line - b).T) > 12)]
        gap = min((np.hypot(*(seen - p).T).min() for p in avoid), default=math.inf)
        if gap > best_gap:
            best, best_gap = (style, line), gap
        if gap >= 10:
            break
    assert best is not None  # the first bend tried always becomes the best so far
    style, line = best
    arrow = FancyArrowPatch(start, end, connectionstyle=style, arrowstyle="-|>", mutation_scale=11,
                            color=ROUTE, linewidth=1.4, zorder=3, shrinkA=shrink[0],
                            shrinkB=shrink[1])
    axes.add_patch(arrow)
    return line


def _around() -> list[tuple[float, float, str, str]]:
    directions = ((0.7, 0.7, "left", "bottom"), (1, 0, "left", "center"),
                  (0.7, -0.7, "left", "top"), (-0.7, 0.7, "right", "bottom"),
                  (-1, 0, "right", "center"), (-0.7, -0.7, "right", "top"),
                  (0, 1, "center", "bottom"), (0, -1, "center", "top"))
    return [(dx * r, dy * r, ha, va) for r in (7, 16) for dx, dy, ha, va in directions]


def _place(axes: Axes, text: str, point: np.ndarray, occupied: list[Bbox], lines: list[np.ndarray],
           renderer: Any, badge: bool = False, around: Any = None) -> Text:
    """Put a label next to a point where it covers no marker, label or arrow (else least)."""
    style: dict[str, Any] = {"fontsize": 8.5, "color": MUTED}
    if badge:
        style = {"fontsize": 8, "fontweight": "bold", "color": "white",
                 "bbox": {"boxstyle": "round,pad=0.25", "fc": STOP, "ec": "none"}}
    xy = tuple(axes.transData.inverted().transform(point))
    best, best_cost = None, math.inf
    for dx, dy, ha, va in around or _around():
        label = axes.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                              zorder=5, annotation_clip=False, **style, **PLAIN)
        cost = _cost(_extent(label, renderer), axes.get_window_extent(renderer), occupied, lines)
        if cost < best_cost:
            if best is not None:
                best.remove()
            best, best_cost = label, cost
        else:
            label.remove()
        if cost == 0:
            break
    assert best is not None  # the first placement tried always becomes the best so far
    occupied.append(_extent(best, renderer))
    return best


def _extent(label: Text, renderer: Any) -> Bbox:
    box = label.get_window_extent(renderer)
    pad = 3.5 if label.get_bbox_patch() is not None else 1.0
    return Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)


def _cost(box: Bbox, frame: Bbox, occupied: list[Bbox], lines: list[np.ndarray]) -> float:
    outside = 0 if (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                    and box.y1 <= frame.y1) else 100
    covered = sum(10 for other in occupied if box.overlaps(other))
    crossed = sum(1 for line in lines if box.count_contains(line) > 0)
    return outside + covered + crossed


def _name_country(axes: Axes, country: str, xs: np.ndarray, ys: np.ndarray, occupied: list[Bbox],
                  lines: list[np.ndarray], renderer: Any) -> Text | None:
    """Name a country inside its outline, near its middle, where nothing else is drawn."""
    rings = _countries().get(BASEMAP_NAMES.get(country, country))
    (x0, x1), (y0, y1) = axes.get_xlim(), axes.get_ylim()
    if rings:
        gx, gy = np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 40))
        grid = np.column_stack([gx.ravel(), gy.ravel()])
        inside = np.zeros(len(grid), bool)
        for ring in rings:
            inside |= GeoPath(ring).contains_points(grid)
        candidates = grid[inside]
        centre = rings[0].mean(axis=0)
    else:
        candidates = np.empty((0, 2))
        centre = np.array([xs.mean(), ys.mean()])
    if len(candidates) == 0:
        candidates = np.column_stack([xs, ys])
    # Nearest the middle of the country's largest outline first, measured on the page.
    page = axes.transData.transform(candidates)
    order = np.argsort(np.hypot(*(page - axes.transData.transform(centre)).T))
    frame = axes.get_window_extent(renderer)
    for point in candidates[order][:400]:
        label = axes.text(point[0], point[1], country, ha="center", va="center", fontsize=9, color=MUTED,
                          fontstyle="italic", zorder=2, **PLAIN)
        box = _extent(label, renderer)
        if _cost(box, frame, occupied, lines) == 0:
            occupied.append(box)
            return label
        label.remove()
    return None


def _key(axes: Axes, stops: pd.DataFrame) -> None:
    """The list beside the map: each number, its place and, when known, its dates."""
    axes.set_axis_off()
    dated = {"start_date", "end_date", "start_precision", "end_precision"} <= set(stops.columns)
    size = 9 if len(stops) <= 12 else 7.5
    step = 1 / max(len(stops) * (2 if dated else 1) + 1, 14 if dated else 24)
    y = 1.0
    axes.text(0, y, "Key", fontsize=size + 1, fontweight="bold", va="top", color=INK)
    for number, stop in enumerate(stops.itertuples(), start=1):
        y -= step * (1.4 if number == 1 else 1)
        axes.text(0, y, f"{number}", fontsize=size, fontweight="bold", va="top", color=STOP)
        axes.text(0.07, y, str(stop.name), fontsize=size, va="top", color=INK, **PLAIN)
        if dated:
            y -= step
            axes.text(0.07, y, _when(stop), fontsize=size - 0.5, va="top", color=MUTED, **PLAIN)
