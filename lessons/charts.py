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
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import PIL.Image
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionStyle, FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path as GeoPath
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, NullLocator
from matplotlib.transforms import Bbox, offset_copy

from lessons import dates
from lessons.claims import articles as commissioned_articles
from lessons.claims import short_name
from lessons.html import escape, plural
from lessons.resources import BASEMAP

__all__ = [
    "BASEMAP", "PALETTE", "Chart", "contrast_ratio", "events_per_year", "route_map",
    "stays_timeline", "table_sizes", "defendant_fates", "rehabilitation_gaps", "figures_compared",
    "testimony_timeline",
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
            if isinstance(self.figure.get_layout_engine(), ConstrainedLayoutEngine):
                _fit_once(self.figure)
            # One draw into memory (the layout already fits the figure, so no second "tight"
            # pass), on the canvas that measured the text, then one PNG encoding of the
            # reduced picture.
            canvas = _canvas(self.figure)
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
    _canvas(figure)
    return figure, figure.add_subplot()


def _canvas(figure: Figure) -> FigureCanvasAgg:
    """The figure's one Agg canvas (made on first use).

    matplotlib caches the size of each text per renderer: measuring, laying out and drawing on
    one canvas measures each label once, where a new canvas at each step measured it again.
    """
    canvas = figure.canvas
    return canvas if isinstance(canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)


def _renderer(figure: Figure) -> Any:
    """The renderer of the figure's one canvas, to measure text with."""
    return _canvas(figure).get_renderer()


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
    row_countries = rows["group_country"].tolist()
    for row in range(1, len(rows)):
        if row_countries[row] != row_countries[row - 1]:
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

    stays_of: dict[str, list[str]] = {country: [] for country in countries}
    for stay in rows.itertuples():
        stays_of[stay.group_country].append(f"{stay.name}, {_when(stay)}")
    groups = ". ".join(f"{country or 'Country not given'}: " + "; ".join(stays_of[country])
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
                     visible: list[tuple[float, float]], gap: float = 4) -> None:
    """Move a date label that would run past the axis to the left of its bar (or inside it),
    ``gap`` points from the bar's start."""
    # Only the layout is needed to measure the labels against the axes, not a whole draw.
    renderer = _fit_once(figure)
    box = axes.get_window_extent(renderer)
    for label, (start, _end) in zip(labels, visible):
        if label.get_window_extent(renderer).x1 <= box.x1:
            continue
        label.xy = (start, label.xy[1])
        label.xyann = (-gap, 0)
        label.set_horizontalalignment("right")
        if label.get_window_extent(renderer).x0 < box.x0:
            # No room on either side: inside the bar, on a white ground so it stays readable.
            label.xyann = (4, 0)
            label.set_horizontalalignment("left")
            label.set_bbox({"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"})


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
    renderer = _renderer(figure)
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


# ---------------------------------------------------------------------------
# Lessons 03 and 04: the Moscow trials and the Dewey Commission

# The four Moscow trials of the course, whichever order a table lists them in.
MOSCOW_TRIALS = ("trial-of-the-sixteen", "trial-of-the-seventeen", "trial-of-the-generals-1937",
                 "trial-of-the-twenty-one")

# Each outcome: its colour and hatching (so that it never rests on colour alone).
FATES = {
    "shot after the verdict": (PALETTE[1], ""),
    "sentenced to prison, later shot": (PALETTE[0], "////"),
    "sentenced to prison, killed in custody": (PALETTE[3], "...."),
    "survived the period": (PALETTE[2], "xxxx"),
    "other or unknown": (PALETTE[7], "----"),
}

# The people table's fates that mean a death while held.
DEATHS_IN_CUSTODY = {"killed", "died in custody", "executed"}


def _legend(figure: Figure, handles: list[Any], ncols: int, title: str | None = None) -> None:
    legend = figure.legend(handles=handles, loc="outside lower center", ncols=ncols, frameon=False,
                           fontsize=9, title=title, title_fontsize=9)
    for text in legend.get_texts():
        text.set_parse_math(False)


def _fit_once(figure: Figure) -> Any:
    """Fit the figure's margins once and keep them, so measuring and drawing agree; return the
    renderer to measure with. A figure of one plot (and legends beside it) gets
    :func:`_fit_margins_to_text`; any other, the constrained layout, run once."""
    renderer = _renderer(figure)
    engine = figure.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine) and _one_plot(figure):
        _fit_margins_to_text(figure, renderer, engine.get())
    elif engine is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")
    return renderer


def _one_plot(figure: Figure) -> bool:
    """A figure whose layout :func:`_fit_margins_to_text` knows: one plot on its own grid (a
    colour bar would be a second), its legends (if any) placed "outside" the plot, and no
    figure-wide title or axis label."""
    spec = figure.axes[0].get_subplotspec() if len(figure.axes) == 1 else None
    return (spec is not None and spec.get_gridspec().get_geometry() == (1, 1)
            and not figure.subfigs
            and all(_outside(legend) and legend.get_bbox_to_anchor() is figure.bbox
                    for legend in figure.legends)
            and not (figure.get_suptitle() or figure.get_supxlabel() or figure.get_supylabel()))


def _outside(legend: Any) -> str | None:
    """The edge of the figure an "outside ..." legend sits on ("lower", "upper", "left", "right")."""
    # matplotlib keeps it only in a private attribute, which its constrained layout reads too;
    # should a release drop it, every figure falls back on the constrained layout.
    return getattr(legend, "_outside_loc", None)


def _fit_margins_to_text(figure: Figure, renderer: Any, padding: dict[str, Any]) -> None:
    """Place the one plot so that its labels, title and legends fit the figure, measured once.

    The same geometry as the constrained layout (the same padding around the plot and its
    legends) without its solver and its second measuring pass, which only matters when the
    labels can change with the plot's size: ticks that matplotlib chooses, or a fixed aspect.
    Then the text is measured a second time, as the constrained layout does.
    """
    axes = figure.axes[0]
    width, height = figure.bbox.width, figure.bbox.height
    w_pad, h_pad = padding["w_pad"] * figure.dpi, padding["h_pad"] * figure.dpi
    # Room along each edge of the figure for the legends placed outside the plot.
    edge = {"left": 0.0, "right": 0.0, "lower": 0.0, "upper": 0.0}
    for legend in figure.legends:
        box = legend.get_window_extent(renderer)
        side = str(_outside(legend))
        size = box.width + 2 * w_pad if side in ("left", "right") else box.height + 2 * h_pad
        edge[side] = max(edge[side], size)
    passes = 1 if _labels_keep_their_size(axes) else 2
    for _ in range(passes):
        place = axes.get_position(original=True).transformed(figure.transFigure)
        tight = axes.get_tightbbox(renderer, for_layout_only=True) or place
        # A label inside the plot's edge (a plot shrunk to its aspect) needs no margin.
        left = edge["left"] + w_pad + max(0.0, place.x0 - tight.x0)
        right = width - edge["right"] - w_pad - max(0.0, tight.x1 - place.x1)
        bottom = edge["lower"] + h_pad + max(0.0, place.y0 - tight.y0)
        top = height - edge["upper"] - h_pad - max(0.0, tight.y1 - place.y1)
        if right <= left or top <= bottom:
            return  # no room for the plot: leave it where it is, as the constrained layout does
        axes.set_position(Bbox.from_extents(left, bottom, right, top).transformed(
            figure.transFigure.inverted()))


def _labels_keep_their_size(axes: Axes) -> bool:
    """Whether the plot's labels stay the same whatever its size: ticks fixed by the chart (not
    chosen by matplotlib to fit the length) and no fixed aspect (which moves them)."""
    locators = [axis.get_major_locator() for axis in (axes.xaxis, axes.yaxis)]
    locators += [axis.get_minor_locator() for axis in (axes.xaxis, axes.yaxis)]
    return (all(isinstance(locator, (FixedLocator, NullLocator)) for locator in locators)
            and axes.get_aspect() == "auto")


def _fate(row: Any) -> str:
    """One defendant's outcome, from the sentence, the execution date and the person's fate."""
    fate = "" if pd.isna(row.fate) else str(row.fate)
    if row.sentence == "death" and fate == "executed":
        return "shot after the verdict"
    if row.sentence == "prison" and not pd.isna(row.executed_date):
        return "sentenced to prison, later shot"
    if row.sentence == "prison" and fate in DEATHS_IN_CUSTODY:
        return "sentenced to prison, killed in custody"
    if fate == "survived the period":
        return "survived the period"
    return "other or unknown"


def _trial_order(trials: pd.DataFrame, trial_ids: Any) -> pd.DataFrame:
    chosen = trials[trials["trial_id"].isin(list(trial_ids or MOSCOW_TRIALS))]
    return chosen.sort_values(["start_date", "trial_id"], kind="stable")


def defendant_fates(defendants: pd.DataFrame, people: pd.DataFrame, trials: pd.DataFrame,
                    trial_ids: Any = None) -> Chart:
    """One square per defendant, a row per trial in date order, coloured by what became of them.

    The outcomes come from the data: "shot after the verdict" (sentenced to death, and the
    people table's fate is executed); "sentenced to prison, later shot" (a prison sentence and
    an execution date, such as the prisoners shot near Oryol in September 1941); "sentenced to
    prison, killed in custody" (a prison sentence, no execution date, and a fate of killed,
    died in custody or executed, such as Radek and Sokolnikov in 1939); "survived the period";
    and "other or unknown" for anything else. ``trial_ids`` defaults to the four Moscow trials.
    """
    chosen = _trial_order(trials, trial_ids)
    rows = defendants[defendants["trial_id"].isin(chosen["trial_id"])].merge(
        people[["person_id", "name", "fate"]], on="person_id", how="left")
    rows = rows.assign(name=rows["name"].fillna(rows["person_id"]).astype(str))
    rows = rows.assign(outcome=[_fate(r) for r in rows.itertuples()])
    order = list(FATES)
    rows = rows.assign(rank=rows["outcome"].map(order.index)).sort_values(
        ["rank", "name"], kind="stable")
    # Each trial's defendants as plain records, split once: the loops below read them several
    # times, and a pandas selection per trial and outcome cost more than the drawing of them.
    trial_list = list(chosen.itertuples())
    accused: dict[Any, list[Any]] = {trial.trial_id: [] for trial in trial_list}
    for person in rows.itertuples():
        accused[person.trial_id].append(person)
    widest = max(1, max(map(len, accused.values()), default=1))

    summaries, groups = [], []
    columns = max(widest, 16)
    lines = []
    for trial in trial_list:
        mine = accused[trial.trial_id]
        parts = []
        for outcome in order:
            named = [str(person.name) for person in mine if person.outcome == outcome]
            if named:
                groups.append((trial.name, outcome, named))
                # The few who were not shot at once are named: they are the exceptions.
                who = f" ({', '.join(named)})" if outcome != order[0] and len(named) <= 3 else ""
                parts.append(f"{len(named)} {outcome}{who}")
        lines.append(textwrap.wrap("; ".join(parts), 112))
    # Each row: the squares (one unit high) and its lines of counts (0.55 units each).
    tops = np.cumsum([0] + [1.5 + 0.55 * len(text) for text in lines])
    # About 0.36 inch per square keeps the squares square at a 10-inch width.
    figure, axes = _new_figure(10, 0.36 * tops[-1] + 1.1)
    for line, trial in enumerate(trial_list):
        y = tops[line]
        for x, person in enumerate(accused[trial.trial_id]):
            colour, hatch = FATES[person.outcome]
            axes.add_patch(Rectangle((x + 0.08, y + 0.08), 0.84, 0.84,
                                     facecolor=colour if not hatch else "white",
                                     edgecolor=colour, hatch=hatch or None, linewidth=1.0 if hatch else 0,
                                     label=person.name))
        summary = axes.text(0.08, y + 1.12, "\n".join(lines[line]), va="top", ha="left", fontsize=8.5,
                            color=INK, linespacing=1.25, **PLAIN)
        summary.set_in_layout(False)
        summaries.append(summary)
    axes.set_xlim(0, columns)
    axes.set_ylim(tops[-1] - 0.3, -0.1)
    axes.set_aspect("equal", adjustable="box")
    labels = [f"{t.name}\n{dates.format_date(t.end_date, t.date_precision)}, "
              f"{plural(len(accused[t.trial_id]), 'defendant')}"
              for t in trial_list]
    axes.set_yticks([top + 0.5 for top in tops[:-1]], labels, fontsize=9, **PLAIN)
    axes.tick_params(axis="y", length=0)
    axes.set_xticks([])
    axes.spines[:].set_visible(False)
    axes.set_title("What became of the defendants, trial by trial", fontsize=12)
    tally = rows["outcome"].value_counts()
    present = [o for o in order if o in tally]
    handles = [Patch(facecolor=FATES[o][0] if not FATES[o][1] else "white", edgecolor=FATES[o][0],
                     hatch=FATES[o][1] or None, label=o) for o in present]
    _legend(figure, handles, ncols=min(len(handles), 3))
    _fit_once(figure)

    told = ". ".join(f"{trial}, {outcome}: {', '.join(names)}" for trial, outcome, names in groups)
    totals = "; ".join(f"{int(tally[o])} {o}" for o in present)
    alt = (f"One square per defendant of {plural(len(chosen), 'trial')}, a row per trial in date "
           f"order, coloured and hatched by outcome. In all, {plural(len(rows), 'defendant')}: "
           f"{totals}. {told}.")
    caption = ("Outcomes from the sentence, the execution date and each person's fate in the "
               "dataset; a square is one defendant.")
    return Chart(figure, alt, caption)


def _who(names: list[str], everyone: int) -> str:
    if len(names) == everyone and everyone > 3:
        return f"all {everyone} defendants"
    if len(names) <= 3:
        return ", ".join(names)
    return f"{names[0]}, {names[1]} and {len(names) - 2} others"


def _about_rehabilitation(note: Any) -> str:
    """The sentence of a defendant's note that speaks of rehabilitation ('' when none does)."""
    if pd.isna(note):
        return ""
    sentences = [s.strip() for s in str(note).replace("; ", ". ").split(". ")]
    return next((s.rstrip(".") for s in sentences if "rehabilit" in s.lower()), "")


def rehabilitation_gaps(defendants: pd.DataFrame, trials: pd.DataFrame,
                        people: pd.DataFrame | None = None, trial_ids: Any = None) -> Chart:
    """Years from each verdict to the defendants' rehabilitation, grouped by trial.

    The verdict is the trial's end date; the rehabilitation is read at its precision, so a
    date known only to the year becomes a hatched span over every gap it allows. Defendants
    who share a trial and a rehabilitation date share a bar. A defendant with no rehabilitation
    date is drawn apart and named: the dataset holds no date either because there was none
    (the notes say so for Yagoda) or because none was verified; the alt text gives each note's
    word on it. Names come from ``people`` when given, else the person ids.
    """
    chosen = _trial_order(trials, trial_ids)
    rows = defendants[defendants["trial_id"].isin(chosen["trial_id"])]
    if people is not None:
        rows = rows.merge(people[["person_id", "name"]], on="person_id", how="left")
        rows = rows.assign(name=rows["name"].fillna(rows["person_id"]).astype(str))
    else:
        rows = rows.assign(name=rows["person_id"].astype(str))

    # One grouping for all the trials, not one per trial: each pandas selection costs more
    # than drawing the bar it gives.
    dated = rows[rows["rehabilitated_date"].notna()]
    undated = rows[rows["rehabilitated_date"].isna()]
    shared = dated.groupby(["trial_id", "rehabilitated_date", "rehabilitated_precision"],
                           observed=True, sort=True)["name"].agg(list)
    by_trial: dict[Any, list[tuple[Any, Any, list[str]]]] = {}
    for (trial_id, day, precision), names in shared.items():
        by_trial.setdefault(trial_id, []).append((day, precision, names))
    never_dated: dict[Any, list[Any]] = {}
    for person in undated.itertuples():
        never_dated.setdefault(person.trial_id, []).append(person)
    bars, ranges, missing = [], [], []
    for trial in chosen.itertuples():
        verdict = dates.earliest(trial.end_date, trial.date_precision)
        found = []
        for day, precision, names in by_trial.get(trial.trial_id, []):
            low = (dates.earliest(day, precision) - verdict).days / 365.25
            high = (dates.latest(day, precision) - verdict).days / 365.25
            found.append((low, high, precision, day, names))
        bars.append((trial, sorted(found, key=lambda f: f[0])))
        ranges.append((trial.name, [f for f in found]))
        missing.append((trial, never_dated.get(trial.trial_id, [])))

    labels: list[str] = []
    ys: list[float] = []
    header_rows: list[float] = []
    y = 0.0
    figure_rows = sum(1 + len(found) + (1 if len(missing[i][1]) else 0) for i, (_t, found) in enumerate(bars))
    figure, axes = _new_figure(10, 0.33 * figure_rows + 1.5)
    rightmost = max((f[1] for _t, found in bars for f in found), default=1.0)
    edge = math.ceil((rightmost + 1) / 5) * 5
    ends = []
    defendant_counts = rows["trial_id"].value_counts()
    for index, (trial, found) in enumerate(bars):
        labels.append(f"{trial.name}, verdict {dates.format_date(trial.end_date, trial.date_precision)}")
        header_rows.append(y)
        ys.append(y)
        y += 0.8
        everyone = int(defendant_counts.get(trial.trial_id, 0))
        for low, high, precision, day, names in found:
            colour = PALETTE[0]
            rough = precision != "day"
            axes.barh(y, low, height=0.6, color=colour, edgecolor=colour, linewidth=1)
            if rough:
                axes.barh(y, high - low, left=low, height=0.6, color="white", edgecolor=colour,
                          hatch="////", linewidth=1)
            gap = f"{low:.1f}" if not rough else f"{low:.1f}–{high:.1f}"
            ends.append(axes.annotate(f"{gap} years ({dates.format_date(day, precision)})", (high, y),
                                      xytext=(4, 0), textcoords="offset points", va="center",
                                      fontsize=8.5, color=INK, **PLAIN))
            labels.append(_who(names, everyone))
            ys.append(y)
            y += 1
        unknown = missing[index][1]
        if len(unknown):
            names = [str(person.name) for person in unknown]
            axes.plot([0, edge], [y, y], color=PALETTE[4], linestyle=(0, (2, 2)), linewidth=1.4)
            axes.plot([edge], [y], marker=">", color=PALETTE[4], markersize=6, linestyle="none",
                      clip_on=False)
            ends.append(axes.annotate("no rehabilitation date in the dataset", (0, y), xytext=(4, 5),
                                      textcoords="offset points", va="bottom", fontsize=8.5,
                                      color=INK, **PLAIN))
            labels.append(", ".join(names) if len(names) <= 2 else
                          "\n".join(", ".join(names[i:i + 3]) for i in range(0, len(names), 3)))
            ys.append(y)
            y += 1 + 0.45 * ((len(names) - 1) // 3)
    for label in ends:
        label.set_in_layout(False)
    axes.set_yticks(ys, labels, fontsize=8.5, **PLAIN)
    for row, tick in zip(ys, axes.get_yticklabels()):
        if row in header_rows:
            tick.set_fontweight("bold")
            tick.set_fontsize(9)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(y - 0.4, -0.6)
    axes.set_xlim(0, edge)
    axes.set_xlabel("years after the verdict")
    axes.grid(axis="x", color="#E5E5E5")
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title("From the verdict to the rehabilitation", fontsize=12)
    handles: list[Any] = [
        Patch(facecolor=PALETTE[0], edgecolor=PALETTE[0], label="rehabilitation dated to the day"),
               Patch(facecolor="white", edgecolor=PALETTE[0], hatch="////",
                     label="dated only to the year: every gap it allows")]
    if any(len(m) for _t, m in missing):
        handles.append(Line2D([], [], color=PALETTE[4], linestyle=(0, (2, 2)), marker=">",
                              label="no rehabilitation date in the dataset"))
    _legend(figure, handles, ncols=len(handles))
    renderer = _fit_once(figure)
    frame = axes.get_window_extent(renderer)
    for label in ends:
        if label.get_window_extent(renderer).x1 > frame.x1:
            # No room past the end of a long bar: inside it, white on the bar's dark blue.
            label.xyann = (-4, 0)
            label.set_horizontalalignment("right")
            label.set_color("white")

    parts = []
    for trial, found in bars:
        if found:
            span = (f"{min(f[0] for f in found):.1f} to {max(f[1] for f in found):.1f} years"
                    if len(found) > 1 or found[0][2] != "day" else f"{found[0][0]:.1f} years")
            parts.append(f"{trial.name}: {span}")
    never = [f"{r.name} ({_about_rehabilitation(r.note) or 'no note'})"
             for _t, unknown in missing for r in unknown]
    alt = ("Bar chart of the years from each verdict to the rehabilitation of the defendants, "
           "grouped by trial. " + "; ".join(parts) + ".")
    groups = "; ".join(f"{t.name}, {dates.format_date(day, p)}: {', '.join(names)}"
                       for t, found in bars for _l, _h, p, day, names in found)
    alt += f" Rehabilitated: {groups}."
    if never:
        alt += (f" No rehabilitation date in the dataset for {plural(len(never), 'defendant')}: "
                + "; ".join(never) + ".")
    caption = ("The gap runs from the verdict to the rehabilitation; a hatched span is a "
               "rehabilitation dated only to the year. No date in the dataset does not always "
               "mean no rehabilitation: see each defendant's note.")
    return Chart(figure, alt, caption)


# The figures the lessons set side by side by default: counts of arrests and of deaths.
DEFAULT_FIGURES = ("arrests-", "executions-", "deaths-")

# Each kind of figure: its colour, hatching and legend wording.
FIGURE_KINDS = {
    "article": (PALETTE[1], "////", "the article's figure"),
    "archival": (PALETTE[0], "", "archival count"),
    "estimate": (PALETTE[2], "....", "estimate"),
}


def _number(value: float) -> str:
    return f"{int(value):,}"


def _ticks(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g} million"
    return f"{int(value):,}"


def figures_compared(figures: pd.DataFrame, sources: pd.DataFrame, quantities: Any = None) -> Chart:
    """Horizontal bars on a log scale: the article's figures beside archival counts and estimates.

    ``quantities`` picks the rows: a list of figure ids, or a function from the figures table
    to a boolean mask; by default the counts of arrests, executions and deaths. Rows are
    grouped by the first word of their id (arrests, executions, ...), largest first within a
    group; a low-to-high range is drawn as a hatched span beyond the low value. Each bar is
    labelled with its number and its source's short name (:func:`lessons.claims.short_name`).
    """
    if quantities is None:
        mask = figures["figure_id"].str.startswith(DEFAULT_FIGURES)
    elif callable(quantities):
        mask = quantities(figures)
    else:
        mask = figures["figure_id"].isin(list(quantities))
    short = {s.source_id: short_name(s) for s in sources.itertuples()}
    chosen = figures[mask]
    chosen = chosen.assign(group=chosen["figure_id"].str.split("-").str[0])
    groups = list(dict.fromkeys(chosen["group"]))
    chosen = chosen.assign(group_rank=chosen["group"].map(groups.index)).sort_values(
        ["group_rank", "value"], ascending=[True, False], kind="stable")

    labels, ys, headers, ends = [], [], [], []
    figure, axes = _new_figure(10, 0.3 * (len(chosen) + len(groups)) + 1.7)
    floor = 1_000 if chosen["value"].min() >= 1_000 else 1
    y = 0.0
    described = []
    for group in groups:
        headers.append(y)
        labels.append(group.capitalize())
        ys.append(y)
        y += 0.9
        for row in chosen[chosen["group"] == group].itertuples():
            colour, hatch, _name = FIGURE_KINDS.get(str(row.kind), (PALETTE[7], "xx", str(row.kind)))
            axes.barh(y, row.value - floor, left=floor, height=0.62,
                      color="white" if hatch else colour, edgecolor=colour, hatch=hatch or None,
                      linewidth=1.0)
            high = row.value if pd.isna(row.value_high) else row.value_high
            if high > row.value:
                axes.barh(y, high - row.value, left=row.value, height=0.62, color="white",
                          edgecolor=colour, hatch="xxxx", linewidth=1.0, linestyle=(0, (2, 1)))
            number = _number(row.value) + (f"–{_number(high)}" if high > row.value else "")
            who = short.get(row.source_id, str(row.source_id))
            ends.append(axes.annotate(f"{number} · {who}", (high, y), xytext=(4, 0),
                                      textcoords="offset points", va="center", fontsize=8.5,
                                      color=INK, **PLAIN))
            labels.append(str(row.period))
            ys.append(y)
            described.append(f"{number}, {row.quantity}, {row.period} ({_kind_words(row.kind)}; {who})")
            y += 1
        y += 0.2
    for label in ends:
        label.set_in_layout(False)
    axes.set_xscale("log")
    top = max(float(chosen["value"].max()), float(chosen["value_high"].max(skipna=True) or 0))
    decades = [10 ** k for k in range(int(math.log10(floor)), int(math.log10(top)) + 1)]
    axes.set_xticks(decades, [_ticks(d) for d in decades])
    axes.xaxis.set_minor_locator(_NoMinor())
    axes.set_yticks(ys, labels, fontsize=8.5, **PLAIN)
    for row, tick in zip(ys, axes.get_yticklabels()):
        if row in headers:
            tick.set_fontweight("bold")
            tick.set_fontsize(9.5)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(y - 0.5, -0.6)
    axes.grid(axis="x", color="#E5E5E5")
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel("people (logarithmic scale: each step is ten times the last)")
    axes.set_title("The article's figures beside the archival counts and the estimates", fontsize=12)
    present = [k for k in FIGURE_KINDS if k in set(chosen["kind"].astype(str))]
    handles = [Patch(facecolor="white" if FIGURE_KINDS[k][1] else FIGURE_KINDS[k][0],
                     edgecolor=FIGURE_KINDS[k][0], hatch=FIGURE_KINDS[k][1] or None,
                     label=FIGURE_KINDS[k][2]) for k in present]
    if (chosen["value_high"] > chosen["value"]).any():
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="xxxx", linestyle=(0, (2, 1)),
                             label="range, low to high"))
    _legend(figure, handles, ncols=len(handles))
    renderer = _fit_once(figure)
    # Room on the right for the longest label: widen the axis (in decades) until it fits.
    frame = axes.get_window_extent(renderer)
    left, right = math.log10(floor), math.log10(top)
    needed = right
    for label in ends:
        width = label.get_window_extent(renderer).width + 8
        share = (math.log10(label.xy[0]) - left) / (right - left) if right > left else 1
        reach = share * frame.width + width
        if reach > frame.width:
            position = (math.log10(label.xy[0]) - left)
            needed = max(needed, left + position * frame.width / (frame.width - width))
    axes.set_xlim(floor, 10 ** needed)

    alt = (f"Bar chart on a logarithmic scale of {plural(len(chosen), 'figure')}, grouped "
           f"({', '.join(groups)}) and largest first in each group, coloured by kind: "
           + "; ".join(described) + ".")
    caption = ("A logarithmic scale: each step on the axis is ten times the one before, so the "
               "bars compare orders of magnitude. Periods differ from bar to bar.")
    return Chart(figure, alt, caption)


def _kind_words(kind: Any) -> str:
    return FIGURE_KINDS.get(str(kind), (None, None, str(kind)))[2]


def _year_axis(axes: Axes, years: tuple[int, int], labelsize: float, step: int = 1) -> None:
    """A time axis in whole years: a grid line where a year begins, its name in the middle. With
    ``step`` above 1, only every ``step``-th year gets them, so that a long axis does not crowd its
    labels.

    The lines are one collection and the names plain texts under the plot, not ticks: a tick is
    two lines and two labels with their own transforms, and the ticks cost more to make and draw
    than all the rest of a timeline.
    """
    shown = list(range(years[0], years[1] + 1, step))
    starts = [date2num(dates.earliest(str(y), "year")) for y in [*shown, years[1] + 1]]
    middles = [(date2num(dates.earliest(str(y), "year")) + date2num(dates.earliest(str(y + 1), "year"))) / 2
               for y in shown]
    axes.xaxis.set_major_locator(NullLocator())
    axes.xaxis.set_minor_locator(NullLocator())
    across = axes.get_xaxis_transform()  # x in data, y from the bottom (0) to the top (1) of the plot
    axes.add_collection(LineCollection([[(x, 0), (x, 1)] for x in starts], colors="#E5E5E5", linewidths=0.8,
                                       transform=across, zorder=0.5), autolim=False)
    below = offset_copy(across, fig=axes.get_figure(root=True), y=-3.5, units="points")
    for year, middle in zip(shown, middles):
        axes.text(middle, 0, str(year), transform=below, ha="center", va="top", fontsize=labelsize,
                  color=INK)


def _row_names(axes: Axes, rows: Any, names: Any, fontsize: float) -> list[Text]:
    """The rows' names left of the plot, as plain texts rather than ticks (see :func:`_year_axis`
    for why); each has the gid "row-name", so that a reader of the figure can find them."""
    axes.yaxis.set_major_locator(NullLocator())
    axes.yaxis.set_minor_locator(NullLocator())
    left = offset_copy(axes.get_yaxis_transform(), fig=axes.get_figure(root=True), x=-4, units="points")
    return [axes.text(0, row, str(name), transform=left, ha="right", va="center", fontsize=fontsize,
                      color=INK, gid="row-name", **PLAIN) for row, name in zip(rows, names)]


class _NoMinor(NullLocator):
    """No minor ticks: on a log axis they crowd the labels of the decades."""


# Each finding of the commission's tests: marker, colour and whether the marker is filled.
FINDINGS = {
    "refuted": ("X", PALETTE[1], True),
    "not supported": ("o", PALETTE[0], False),
    "unresolved": ("s", PALETTE[7], False),
}


def testimony_timeline(allegations: pd.DataFrame, stays: pd.DataFrame,
                       people: pd.DataFrame | None = None, places: pd.DataFrame | None = None,
                       years: tuple[int, int] = (1931, 1937),
                       journeys: pd.DataFrame | None = None) -> Chart:
    """Where Trotsky lived (bands, by country as in :func:`stays_timeline`) against where and
    when the testimony placed a meeting (a marker per allegation, a row per alleged place).

    Markers show the commission's finding by shape and colour; an allegation dated only to the
    month or the year also spans, as a line, every day its date allows. A short journey is shown
    only if ``stays`` holds a row for it (the residences table records homes, not trips).
    Allegations without a date, or outside ``years``, are listed in the caption. Names of
    witnesses come from ``people`` and of places from ``places`` when given (else their ids).
    """
    if journeys is not None and places is not None and len(journeys):
        # A journey (an event with a place and a span, such as the visit to Copenhagen in 1932)
        # drawn like a stay, so that the testimony can be read against it.
        trips = journeys.rename(columns={"event_id": "residence_id"}).assign(
            start_precision=journeys["date_precision"], end_precision=journeys["date_precision"])
        trips = trips.drop(columns=["title", "description"], errors="ignore").merge(
            places, on="place_id")
        stays = pd.concat([stays, trips[[c for c in stays.columns if c in trips.columns]]],
                          ignore_index=True)
    homes = stays[stays["start_date"].notna() | stays["end_date"].notna()]
    ordered = _by_country(homes[homes["start_date"].notna()])
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(dict.fromkeys(ordered["group_country"]))}
    left = date2num(dates.earliest(str(years[0]), "year"))
    right = date2num(dates.latest(str(years[1]), "year")) + 1
    names = {}
    if people is not None:
        names = dict(zip(people["person_id"], people["name"].astype(str)))
    place_names: dict[str, str] = {}
    for table in (stays, places):
        if table is not None and {"place_id", "name"} <= set(table.columns):
            place_names.update(zip(table["place_id"], table["name"].astype(str)))

    frame = allegations.reset_index(drop=True)
    spans = [(dates.earliest(a.alleged_date, a.alleged_date_precision),
              dates.latest(a.alleged_date, a.alleged_date_precision)) for a in frame.itertuples()]
    shown = [not pd.isna(s) and date2num(e) + 1 > left and date2num(s) < right for s, e in spans]
    rows_of = [str(p) if not pd.isna(p) else "" for p in frame["alleged_place_id"]]
    # Places in the order of their first allegation shown; the ones without a place last.
    row_names = list(dict.fromkeys(r for r, keep in zip(rows_of, shown) if keep and r))
    if any(keep and not r for r, keep in zip(rows_of, shown)):
        row_names.append("")

    figure, axes = _new_figure(10, 0.8 * len(row_names) + 3.3)
    renderer = _renderer(figure)
    # The homes: two lanes, alternating, so that a stay and the next never share a line.
    band_labels = []
    visible = [s for s in ordered.itertuples() if date2num(_span(s)[1]) + 1 > left
               and date2num(_span(s)[0]) < right]
    for index, stay in enumerate(visible):
        start, end = _span(stay)
        x0, x1 = max(date2num(start), left), min(date2num(end) + 1, right)
        lane = -2.0 + 0.6 * (index % 2)
        coarse = "year" in (stay.start_precision, stay.end_precision)
        colour = colours[stay.group_country]
        axes.barh(lane, x1 - x0, left=x0, height=0.4, color="white" if coarse else colour,
                  edgecolor=colour, hatch="////" if coarse else None, linewidth=1.2)
        label = axes.annotate(str(stay.name), ((x0 + x1) / 2, lane),
                              xytext=(0, 12 if index % 2 == 0 else -12),
                              textcoords="offset points", ha="center",
                              va="bottom" if index % 2 == 0 else "top", fontsize=8, color=INK, **PLAIN)
        label.set_in_layout(False)
        band_labels.append(label)
    axes.axhline(-0.6, color="#DDDDDD", linewidth=0.8)

    offsets: dict[tuple[int, float], int] = {}
    crowd: dict[tuple[int, float], int] = {}
    for index, ((start, end), keep) in enumerate(zip(spans, shown)):
        if keep:
            key = (row_names.index(rows_of[index]), round((date2num(start) + date2num(end) + 1) / 2))
            crowd[key] = crowd.get(key, 0) + 1
    witness_labels: list[Any] = []
    undated, outside, marks = [], [], []
    for index, (allegation, (start, end), keep) in enumerate(zip(frame.itertuples(), spans, shown)):
        who = names.get(allegation.alleged_by, str(allegation.alleged_by))
        place = place_names.get(rows_of[index], rows_of[index]) or "no place given"
        if pd.isna(start):
            undated.append(f"{who} ({place}, {allegation.finding})")
            continue
        if not keep:
            when = dates.format_date(allegation.alleged_date, allegation.alleged_date_precision)
            outside.append(f"{who} ({place}, {when}, {allegation.finding})")
            continue
        row = row_names.index(rows_of[index])
        middle = (date2num(start) + date2num(end) + 1) / 2
        # Allegations of one place and month are stacked a little, so each marker shows.
        key = (row, round(middle))
        step = offsets.get(key, 0)
        offsets[key] = step + 1
        y = row + 0.5 + 0.26 * (step - (crowd[key] - 1) / 2)
        marker, colour, filled = FINDINGS.get(str(allegation.finding), ("D", PALETTE[4], True))
        if allegation.alleged_date_precision != "day":
            axes.plot([max(date2num(start), left), min(date2num(end) + 1, right)], [y, y], color=colour,
                      linewidth=1.2, solid_capstyle="butt")
        axes.plot([middle], [y], marker=marker, markersize=8, linestyle="none", color=colour,
                  markerfacecolor=colour if filled else "white", markeredgecolor=colour,
                  markeredgewidth=1.6)
        marks.append((who, place, allegation, row))
        reach = (max(middle, min(date2num(end) + 1, right))
                 if allegation.alleged_date_precision != "day" else middle)
        name = axes.annotate(who, (reach, y), xytext=(6, 0), textcoords="offset points", va="center",
                             fontsize=7.5, color=INK, **PLAIN)
        name.set_in_layout(False)
        witness_labels.append(name)
    axes.set_xlim(left, right)
    axes.set_ylim(len(row_names) + 0.1, -2.75)
    lane_ticks = [-1.7]
    axes.set_yticks(lane_ticks + [r + 0.5 for r in range(len(row_names))],
                    ["Trotsky's homes"] + [f"testimony: {place_names.get(r, r)}" if r
                                          else "testimony: no place given"
                                          for r in row_names], fontsize=9, **PLAIN)
    axes.tick_params(axis="y", length=0)
    _year_axis(axes, years, labelsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title("Where the testimony placed Trotsky's contacts, and where he lived", fontsize=12)
    countries = list(dict.fromkeys(s.group_country for s in visible))
    handles: list[Any] = [Patch(facecolor=colours[c], edgecolor=colours[c], label=c) for c in countries]
    if any("year" in (s.start_precision, s.end_precision) for s in visible):
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////",
                             label="a home dated only to the year"))
    findings = [f for f in FINDINGS if f in {str(a.finding) for _w, _p, a, _r in marks}]
    handles += [Line2D([], [], marker=FINDINGS[f][0], linestyle="none", markersize=8, color=FINDINGS[f][1],
                       markerfacecolor=FINDINGS[f][1] if FINDINGS[f][2] else "white",
                       markeredgecolor=FINDINGS[f][1], markeredgewidth=1.6, label=f"testimony {f}")
                for f in findings]
    _legend(figure, handles, ncols=min(len(handles), 5))
    _fit_once(figure)
    _spread(band_labels, renderer)

    told = "; ".join(
        f"{who}: {place}, {dates.format_date(a.alleged_date, a.alleged_date_precision)}, {a.finding}"
        for who, place, a, _r in marks)
    lived = "; ".join(f"{s.name}, {_when(s)}" for s in visible)
    alt = (f"Timeline from {years[0]} to {years[1]}. Trotsky's homes: {lived}. "
           f"{plural(len(marks), 'dated allegation')} of the trials, by place and date, with the "
           f"commission's finding: {told}.")
    kept = "his homes and the journeys shown" if journeys is not None else "his homes, not his journeys"
    caption = (f"Bands: Trotsky's whereabouts, by country (today's borders): {kept} (each "
               "allegation's trotsky_was says where he was). Markers: when and where the testimony "
               "placed a meeting or contact, shaped by the commission's finding; a line through a "
               "marker spans a date known only to the month or year.")
    if outside:
        caption += f" Outside the years shown: {'; '.join(outside)}."
    if undated:
        caption += f" Without a date: {'; '.join(undated)}."
    alt += caption[caption.index(" Outside") if outside else len(caption):]
    return Chart(figure, alt, caption)


def _spread(labels: list[Any], renderer: Any) -> None:
    """Push a band's name further out while it would cover the name before it in its lane."""
    placed: list[Bbox] = []
    for label in labels:
        box = label.get_window_extent(renderer)
        up = label.xyann[1] > 0
        while any(box.overlaps(other) for other in placed):
            label.xyann = (label.xyann[0], label.xyann[1] + (10 if up else -10))
            box = label.get_window_extent(renderer)
        placed.append(box)


# ---------------------------------------------------------------------------
# Lesson 05: the hunt abroad

# Each relation: colour, arrow and width. Colour is never alone: actions on the other side end
# in a filled head, ties of command in an open one, family and work together in none.
RELATION_STYLES = {
    "worked inside": (PALETTE[3], "-|>", 1.6),
    "targeted": (PALETTE[5], "-|>", 1.6),
    "killed": (PALETTE[1], "-|>", 2.6),
    "reported to": (PALETTE[0], "->", 1.3),
    "directed": (PALETTE[4], "->", 1.3),
    "family": (PALETTE[2], "-", 1.6),
    "worked with": (PALETTE[7], "-", 1.3),
}
SIDE_MARKERS = {"campaign": ("o", PALETTE[4]), "aimed at": ("s", PALETTE[0])}


def _column_order(left: list[str], right: list[str],
                  links: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Order two columns so that linked people sit level (a few rounds of the barycentre rule):
    each person moves to the mean height of the people they are linked to."""
    neighbours: dict[str, list[str]] = {p: [] for p in left + right}
    for a, b in links:
        neighbours[a].append(b)
        neighbours[b].append(a)
    # Start with the most linked people in the middle of their column.
    def by_links(column: list[str]) -> list[str]:
        ranked = sorted(column, key=lambda p: (-len(set(neighbours[p])), p))
        middle: list[str] = []
        for i, person in enumerate(ranked):
            middle = [*middle, person] if i % 2 else [person, *middle]
        return middle
    left, right = by_links(left), by_links(right)
    for _ in range(6):
        for column in (left, right):
            height = {p: i / max(len(c) - 1, 1) for c in (left, right) for i, p in enumerate(c)}
            def centre(person: str, now: dict[str, float] = height, mine: list[str] = column) -> float:
                seen = neighbours[person]
                across = [now[n] for n in seen if n not in mine]
                beside = [now[n] for n in seen if n in mine]
                pulls = across or beside or [now[person]]
                return sum(pulls) / len(pulls)
            column.sort(key=lambda p: (centre(p), p))
    return left, right


def campaign_network(relations: pd.DataFrame, people: pd.DataFrame, title: str) -> Chart:
    """The relations as a network in two columns: on the left the people who acted for the
    Soviet state, on the right the people it aimed at (:func:`lessons.network.sides`).

    Every row of ``relations`` is one arrow, from ``source_person`` to ``target_person``,
    styled by its relation; a disputed row is dashed. Linked people are drawn level where the
    links allow, so that most arrows run across.
    """
    from lessons import network

    names = dict(zip(people["person_id"], people["name"].astype(str)))
    side = network.sides(relations, people)
    links = list(zip(relations["source_person"].astype(str), relations["target_person"].astype(str)))
    left, right = _column_order([p for p in side if side[p] == "campaign"],
                                [p for p in side if side[p] == "aimed at"], links)
    rows = max(len(left), len(right))
    figure, axes = _new_figure(10, 0.42 * rows + 2.4)
    place = {}
    for x, column in ((0.0, left), (1.0, right)):
        for i, person in enumerate(column):
            # Top to bottom, each column spread over the same height.
            place[person] = (x, (rows - 1) * (1 - i / max(len(column) - 1, 1)))
    axes.set_xlim(-0.62, 1.62)
    axes.set_ylim(-0.7, rows + 0.3)
    axes.set_axis_off()

    seen: dict[frozenset[str], int] = {}
    for row in relations.itertuples():
        a, b = str(row.source_person), str(row.target_person)
        colour, head, width = RELATION_STYLES.get(str(row.relation), (MUTED, "-|>", 1.3))
        start, end = place[a], place[b]
        pair = frozenset((a, b))
        # A second or third link between the same two people bends away from the first.
        nth = seen.get(pair, 0)
        seen[pair] = nth + 1
        bend = (0.0, 0.12, -0.12, 0.24, -0.24)[min(nth, 4)]
        if start[0] == end[0]:
            # Within a column: bow towards the middle, away from the names.
            toward = 1 if start[0] == 0 else -1
            bend = toward * (0.35 + abs(bend)) * (1 if end[1] > start[1] else -1)
        axes.add_patch(FancyArrowPatch(
            start, end, connectionstyle=ConnectionStyle.Arc3(rad=bend), arrowstyle=head,
            mutation_scale=12, color=colour, linewidth=width, shrinkA=7, shrinkB=7, zorder=2,
            linestyle=(0, (4, 2.5)) if network.disputed(row.disputed) else "solid"))
    for person, (x, y) in place.items():
        marker, colour = SIDE_MARKERS[side[person]]
        axes.plot([x], [y], marker=marker, markersize=9, color=colour, markeredgecolor="white",
                  linestyle="none", zorder=3)
        axes.annotate(names.get(person, person), (x, y), xytext=(-9 if x == 0 else 9, 0),
                      textcoords="offset points", ha="right" if x == 0 else "left", va="center",
                      fontsize=9.5, color=INK, zorder=4, **PLAIN)
    for x, heading in ((0.0, "Acting for the Soviet state"), (1.0, "The people it aimed at")):
        axes.text(x, rows - 0.45, heading, ha="center", va="bottom", fontsize=10.5,
                  fontweight="bold", color=INK)
    axes.set_title(title, fontsize=13, **PLAIN)

    used = [r for r in network.RELATIONS if r in set(relations["relation"].astype(str))]
    heads = {"-|>": "filled head", "->": "open head", "-": "no head"}
    handles: list[Any] = [
        Line2D([], [], color=RELATION_STYLES[r][0], linewidth=RELATION_STYLES[r][2],
               label=f"{r} ({heads[RELATION_STYLES[r][1]]})")
        for r in used]
    handles.append(Line2D([], [], color=MUTED, linewidth=1.4, linestyle=(0, (4, 2.5)),
                          label="disputed (dashed)"))
    _legend(figure, handles, ncols=4)
    _fit_once(figure)

    def listed(column: list[str]) -> str:
        return ", ".join(names.get(p, p) for p in column)

    told = "; ".join(
        f"{names.get(str(r.source_person), r.source_person)} "
        f"{network.PHRASES.get(str(r.relation), str(r.relation))} "
        f"{names.get(str(r.target_person), r.target_person)}"
        + (" (disputed)" if network.disputed(r.disputed) else "")
        for r in relations.itertuples())
    disputed = int(relations["disputed"].map(network.disputed).sum())
    alt = (f"{title}. A network of {plural(len(side), 'person', 'people')} and "
           f"{plural(len(relations), 'link')}, {disputed} of them disputed. On the left, acting for "
           f"the Soviet state: {listed(left)}. On the right, the people it aimed at: "
           f"{listed(right)}. The links: {told}.")
    caption = ("Each arrow is one row of relations.csv, from the person who acted to the person "
               "acted on: a filled head for an action on the other side, an open head for reports "
               "and orders, none for family and work together; dashed arrows are disputed. The "
               "network shows only links that the sources record: a missing arrow means no source "
               "read for the course records one.")
    return Chart(figure, alt, caption)


def campaign_map(events: pd.DataFrame, title: str) -> Chart:
    """Events on a map, numbered in date order, with a key of their dates and titles.

    ``events`` needs ``title``, ``when``, ``earliest``, ``name`` (of the place), ``latitude``,
    ``longitude`` and ``country``: the events table merged with places. Events at one place
    share a marker ("1, 6, 7"). Countries are drawn and named by today's borders.
    """
    marks = events.sort_values(["latest", "earliest", "event_id"]).reset_index(drop=True)
    lon = marks["longitude"].astype(float).to_numpy()
    lat = marks["latitude"].astype(float).to_numpy()
    figure = Figure(figsize=(10, 6.2), dpi=DPI)
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.suptitle(title, y=0.99, fontsize=13, **PLAIN)
    axes = figure.add_axes((0.005, 0.01, 0.52, 0.92))
    key = figure.add_axes((0.54, 0.01, 0.455, 0.92))
    _frame(axes, lon, lat, 5.0)
    occupied: list[Bbox] = []
    clusters = _clusters(axes, lon, lat, np.ones(len(marks), bool))
    for members in clusters:
        (dot,) = axes.plot(lon[members].mean(), lat[members].mean(), marker="o", markersize=7,
                           color=ROUTE, markeredgecolor="white", markeredgewidth=1, zorder=4,
                           linestyle="none")
        occupied.append(dot.get_window_extent(renderer))
    for members in clusters:
        point = axes.transData.transform((lon[members].mean(), lat[members].mean()))
        town = str(marks["name"][members[0]])
        numbers = ", ".join(str(i + 1) for i in members)
        _place(axes, f"{town}: {numbers}", point, occupied, [], renderer)
    countries = marks["country"].astype(str)
    for country in dict.fromkeys(countries):
        shown = (countries == country).to_numpy()
        _name_country(axes, country, lon[shown], lat[shown], occupied, [], renderer)

    key.set_axis_off()
    step = 0.97 / max(2 * len(marks) + 1.4, 16)
    y = 1.0
    key.text(0, y, "Key", fontsize=10, fontweight="bold", va="top", color=INK)
    for number, mark in enumerate(marks.itertuples(), start=1):
        y -= step * (1.4 if number == 1 else 1)
        key.text(0, y, f"{number}", fontsize=9, fontweight="bold", va="top", color=ROUTE)
        key.text(0.07, y, str(mark.title), fontsize=9, va="top", color=INK, **PLAIN)
        y -= step
        key.text(0.07, y, f"{mark.when}, {mark.name}", fontsize=8.5, va="top", color=MUTED, **PLAIN)

    described = "; ".join(f"{i} {m.title}, {m.name}, {m.when}"
                          for i, m in enumerate(marks.itertuples(), start=1))
    alt = (f"{title}. Map of today's borders with {plural(len(marks), 'numbered event')} at "
           f"{plural(len(clusters), 'place')}, in date order: {described}.")
    caption = ("Country outlines and names are today's borders (Natural Earth), not those of the "
               "1930s. Numbers follow the order of the dates; the key lists them.")
    return Chart(figure, alt, caption)


def two_campaigns(trials: pd.DataFrame, abroad: pd.DataFrame, title: str,
                  years: tuple[int, int] = (1936, 1938)) -> Chart:
    """Two lanes on one time axis: the Moscow trials above (a bar from the first day to the
    verdict), the events of the campaign abroad below (a marker each, on rows of their own so
    that no two titles overlap; an event dated only to the month spans the month)."""
    left = date2num(dates.earliest(str(years[0]), "year"))
    right = date2num(dates.latest(str(years[1]), "year")) + 1
    # By the last day each date allows: an event known only to the month of June comes after
    # one dated 16 June, never before it.
    marks = abroad.sort_values(["latest", "earliest", "event_id"]).reset_index(drop=True)
    figure, axes = _new_figure(10, 5.6)
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes.set_xlim(left, right)
    shown = _trial_order(trials, list(trials["trial_id"]))
    for trial in shown.itertuples():
        start, end = date2num(trial.start_date), date2num(trial.end_date) + 1
        axes.barh(1.0, max(end - start, 4), left=start, height=0.5, color=PALETTE[0])
        short = str(trial.name).removeprefix("Trial of the ")
        short = short[:1].upper() + short[1:]
        axes.annotate(short, (start, 1.0), xytext=(0, 11), textcoords="offset points",
                      ha="left", va="bottom", fontsize=8.5, color=INK, **PLAIN)
    # Rows below the line, filled greedily: each title goes on the first row where it fits.
    ends: list[float] = []
    placed = []
    for mark in marks.itertuples():
        start, end = date2num(mark.earliest), date2num(mark.latest) + 1
        label = axes.annotate(f"{mark.title} ({mark.when})", (end, 0), xytext=(6, 0),
                              textcoords="offset points", va="center", fontsize=8, color=INK, **PLAIN)
        width = axes.transData.inverted().transform(
            (label.get_window_extent(renderer).width, 0))[0] - axes.transData.inverted().transform((0, 0))[0]
        # A title that would run off the right edge is written to the left of its marker.
        leftward = end + width + 8 > right
        reach = (start - width - 8, end + 4) if leftward else (start - 4, end + width + 8)
        row = next((i for i, last in enumerate(ends) if reach[0] > last), len(ends))
        if row == len(ends):
            ends.append(reach[1])
        else:
            ends[row] = reach[1]
        y = -0.55 - 0.45 * row
        label.xy = (end, y)
        if leftward:
            label.xy = (start, y)
            label.set_horizontalalignment("right")
            label.xyann = (-6, 0)
        if mark.date_precision != "day":
            axes.plot([start, end], [y, y], color=ROUTE, linewidth=2.2, solid_capstyle="butt")
        axes.plot([start], [y], marker="o", markersize=6, color=ROUTE, linestyle="none")
        placed.append((mark, row))
    bottom = -0.55 - 0.45 * (len(ends) - 1) - 0.45
    axes.set_ylim(bottom, 1.75)
    axes.axhline(0.25, color="#DDDDDD", linewidth=0.8)
    axes.set_yticks([1.0, (bottom + 0.25) / 2], ["In Moscow:\nthe trials", "Abroad:\nthe campaign"],
                    fontsize=9.5)
    axes.tick_params(axis="y", length=0)
    _year_axis(axes, years, labelsize=9.5)
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.set_title(title, fontsize=13, **PLAIN)
    handles = [Patch(facecolor=PALETTE[0], label="a trial, from its first day to the verdict"),
               Line2D([], [], marker="o", color=ROUTE, linestyle="none", label="an event abroad"),
               Line2D([], [], color=ROUTE, linewidth=2.2,
                      label="an event dated only to the month or year")]
    _legend(figure, handles, ncols=3)
    _fit_once(figure)

    in_moscow = "; ".join(
        f"{t.name}, " + dates.format_span(t.start_date, t.end_date if t.end_date != t.start_date else None,
                                          t.date_precision)
        for t in shown.itertuples())
    outside = "; ".join(f"{m.title}, {m.when}" for m, _row in placed)
    alt = (f"{title}. Timeline from {years[0]} to {years[1]} in two lanes. In Moscow, "
           f"{plural(len(shown), 'trial')}: {in_moscow}. Abroad, {plural(len(placed), 'event')}: "
           f"{outside}.")
    caption = ("Above, the four Moscow trials of the course; below, the events of the campaign "
               "abroad in the same years, each on the first row where its title fits.")
    return Chart(figure, alt, caption)


# ---------------------------------------------------------------------------
# Lesson 06: the raid and the attack at the scale of hours, and the approach of the assassin


# How each time precision is drawn: colour, hatching and the words of the legend.
TIME_PRECISIONS = {
    "minute": (PALETTE[0], None, "to the minute"),
    "approximate": (PALETTE[0], None, "'about': a quarter of an hour either side"),
    "hour": (PALETTE[2], "////", "some minute of the hour"),
    "part of day": (PALETTE[1], "////", "some time in that part of the day"),
}


def _episodes(times: pd.DataFrame, gap_days: int = 3) -> list[pd.DataFrame]:
    """Split moments in time order into episodes: a new one starts after a gap of several days."""
    ordered = times.sort_values("at", kind="stable").reset_index(drop=True)
    starts = ordered["at"].diff() > pd.Timedelta(days=gap_days)
    return [group for _key, group in ordered.groupby(starts.cumsum(), sort=True)]


def _episode_title(moments: pd.DataFrame) -> str:
    first, last = moments["earliest"].min(), moments["latest"].max()
    if first.date() == last.date():
        return dates.format_date(first, "day")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{dates.format_date(last, 'day')}"
    return f"{dates.format_date(first, 'day')} - {dates.format_date(last, 'day')}"


def hours_timeline(times: pd.DataFrame, title: str = "The raid and the attack, hour by hour") -> Chart:
    """One panel per episode (the raid, the attack), each on a clock axis: every moment of
    ``times`` (as :func:`lessons.data.times` loads it) is a bar spanning the minutes its precision
    allows, with a mark at the time written unless only the part of the day is known."""
    episodes = _episodes(times)
    heights = [len(e) + 1.2 for e in episodes]
    figure = Figure(figsize=(9, 0.55 * sum(heights) + 1.6), dpi=DPI, layout="constrained")
    panels = figure.subplots(len(episodes), 1, squeeze=False, height_ratios=heights)[:, 0]
    described = []
    for axes, moments in zip(panels, episodes):
        left = moments["earliest"].min().floor("h")
        right = moments["latest"].max().ceil("h")
        hours = max(1.0, (right - left) / pd.Timedelta(hours=1))
        for row, moment in enumerate(moments.itertuples()):
            colour, hatch, _words = TIME_PRECISIONS[str(moment.time_precision)]
            start = (moment.earliest - left) / pd.Timedelta(hours=1)
            width = max((moment.latest - moment.earliest) / pd.Timedelta(hours=1), 1 / 60)
            axes.barh(row, width, left=start, height=0.5, color="white" if hatch else colour,
                      edgecolor=colour, hatch=hatch, linewidth=1.2)
            if moment.time_precision != "part of day":
                axes.plot([(moment.at - left) / pd.Timedelta(hours=1)], [row], marker="|",
                          markersize=14, markeredgewidth=2.5, color=INK, linestyle="none")
            described.append(f"{moment.when}: {moment.moment}")
        labels = [textwrap.fill(f"{m.when}: {m.moment}", 60) for m in moments.itertuples()]
        axes.set_yticks(range(len(moments)), labels, fontsize=8.5, **PLAIN)
        axes.set_ylim(len(moments) - 0.4, -0.6)
        step = 1 if hours <= 8 else 3 if hours <= 24 else 6
        ticks = np.arange(0, hours + 0.01, step)
        axes.set_xticks(ticks, [(left + pd.Timedelta(hours=float(t))).strftime("%H:%M") for t in ticks],
                        fontsize=8.5)
        axes.set_xlim(0, hours)
        axes.grid(axis="x", color="#E5E5E5")
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title(_episode_title(moments), fontsize=10, loc="left", **PLAIN)
    panels[-1].set_xlabel("local time in Mexico City (24-hour clock)")
    figure.suptitle(title, fontsize=12)
    present = [p for p in TIME_PRECISIONS if p in set(times["time_precision"].astype(str))]
    handles: list[Any] = [Patch(facecolor="white" if TIME_PRECISIONS[p][1] else TIME_PRECISIONS[p][0],
                                edgecolor=TIME_PRECISIONS[p][0], hatch=TIME_PRECISIONS[p][1],
                                label=f"{p}: {TIME_PRECISIONS[p][2]}") for p in present]
    handles.append(Line2D([], [], marker="|", markersize=12, markeredgewidth=2.5, color=INK,
                          linestyle="none", label="the time the source writes"))
    _legend(figure, handles, ncols=min(len(handles), 2))
    alt = (f"Timeline in {plural(len(episodes), 'panel')}, each on a clock axis in hours. "
           + "; ".join(described) + ". Each bar spans every minute the time may mean.")
    caption = ("Each bar spans the minutes a time may mean at its precision: 'about 17:20' is read as "
               "17:05 to 17:35, and 'the evening' as 18:00 to midnight. The panels have different scales.")
    return Chart(figure, alt, caption)


def approach_timeline(events: pd.DataFrame, event_people: pd.DataFrame, person_id: str,
                      until: str, title: str, leave_out: tuple[str, ...] = ("arrested",)) -> Chart:
    """Every dated event in which ``person_id`` took part, up to ``until`` (a day, YYYY-MM-DD), one
    row each, on a month axis: a mark where the date is known to the day, a line across the month
    or the year where it is known only to that. Parts in ``leave_out`` (event_people roles, such as
    being arrested) are not contacts and are left out."""
    taking_part = event_people[(event_people["person_id"] == person_id)
                               & ~event_people["role"].isin(list(leave_out))]
    chosen = events.merge(taking_part[["event_id", "role"]], on="event_id")
    chosen = chosen[chosen["earliest"] <= pd.Timestamp(until)].sort_values(["earliest", "event_id"])
    chosen = chosen.reset_index(drop=True)
    figure, axes = _new_figure(9, 0.42 * len(chosen) + 1.9)
    first = pd.Timestamp(year=chosen["earliest"].min().year, month=1, day=1)
    last = pd.Timestamp(until) + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1)
    described = []
    for row, event in enumerate(chosen.itertuples()):
        start, end = date2num(event.earliest), date2num(event.latest) + 1
        precision = str(event.date_precision)
        colour = PALETTE[0] if precision == "day" else PALETTE[1] if precision == "month" else PALETTE[3]
        if precision != "day":
            axes.plot([start, end], [row, row], color=colour, linewidth=5, solid_capstyle="butt")
        axes.plot([(start + end) / 2], [row], marker="o" if precision == "day" else "D", markersize=7,
                  color=colour, markeredgecolor=colour, linestyle="none")
        described.append(f"{event.when}: {event.title}")
    labels = [textwrap.fill(f"{e.when}: {e.title}", 55) for e in chosen.itertuples()]
    axes.set_yticks(range(len(chosen)), labels, fontsize=8.5, **PLAIN)
    axes.set_ylim(len(chosen) - 0.4, -0.6)
    quarters = pd.date_range(first, last, freq="6MS")
    axes.set_xticks(date2num(quarters), [f"{dates.MONTHS[q.month - 1][:3]} {q.year}" for q in quarters],
                    fontsize=8.5)
    axes.set_xlim(date2num(first), date2num(last))
    axes.grid(axis="x", color="#E5E5E5")
    axes.set_axisbelow(True)
    axes.tick_params(axis="y", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=12, **PLAIN)
    handles = [Line2D([], [], marker="o", color=PALETTE[0], linestyle="none", label="dated to the day"),
               Line2D([], [], marker="D", color=PALETTE[1], linewidth=4, label="dated to the month"),
               Line2D([], [], marker="D", color=PALETTE[3], linewidth=4, label="dated to the year")]
    _legend(figure, handles, ncols=3)
    alt = (f"Timeline of {plural(len(chosen), 'event')} from {chosen['when'].iloc[0]} to "
           f"{chosen['when'].iloc[-1]}, one row each: " + "; ".join(described) + ".")
    caption = ("A line spans a date known only to the month or the year; the gaps between rows are "
               "months with no dated contact in the dataset, not months without contact.")
    return Chart(figure, alt, caption)


# ---------------------------------------------------------------------------
# Lesson 01: Trotsky's offices, 1905-1927, and what became of the Politburo of June 1924

# Each kind of office (offices.csv `kind`): its colour; the legend and the row labels carry the
# meaning as well.
OFFICE_KINDS = {
    "soviet": (PALETTE[2], "soviet"),
    "party": (PALETTE[0], "party"),
    "government": (PALETTE[1], "government"),
    "military": (PALETTE[3], "army"),
}

# How each fate of the people table is drawn: marker, colour and the words beside it.
FATE_MARKS = {
    "executed": ("X", PALETTE[1], "executed"),
    "suicide": ("v", PALETTE[3], "took his own life"),
    "killed": ("D", PALETTE[0], "killed"),
}
ALIVE_MARK = (">", PALETTE[2], "alive at the end of")


def _compact_span(start: Any, start_precision: str, end: Any, end_precision: str) -> str:
    """Two dates as one span, the year written once when both fall in it: '8 October – 8 November 1917'."""
    first, last = dates.format_date(start, start_precision), dates.format_date(end, end_precision)
    if pd.isna(end):
        return f"from {first}"
    year = f" {pd.Timestamp(start).year}"
    if start_precision != "year" and pd.Timestamp(start).year == pd.Timestamp(end).year:
        first = first.removesuffix(year)
    return f"{first} – {last}"


def _office_dates(office: Any) -> str:
    """An office's dates in words, each side at its own precision; below them the Old Style dates
    (Russia before 1918) and whether the dates are disputed."""
    text = _compact_span(office.from_date, str(office.from_precision),
                         office.to_date, str(office.to_precision))
    old_from, old_to = (value if isinstance(value, str) else None
                        for value in (office.from_old_style, office.to_old_style))
    notes = []
    if old_from and old_to:
        notes.append("Old Style " + _compact_span(old_from, "day", old_to, "day"))
    elif old_from:
        notes.append(f"Old Style from {dates.format_date(old_from, 'day')}")
    if office.disputed:
        notes.append("dates disputed")
    return "\n".join([text, *notes])


def offices_timeline(offices: pd.DataFrame, title: str, years: tuple[int, int] | None = None) -> Chart:
    """One bar per office of ``offices`` (as :func:`lessons.data.offices` loads them), from its
    start to its end. The part of a bar certainly in office is solid; a start or an end known
    only to the month or the year is drawn hatched across every day it may mean, with an open
    circle, so that a reader sees it is not exact. The labels give the dates in words, with the
    Old Style dates of Russia before 1918."""
    rows = offices.sort_values(["from_date", "office_id"], kind="stable").reset_index(drop=True)
    starts, start_latest = rows["from_date"], dates.latest_days(rows["from_date"], rows["from_precision"])
    ends, end_latest = rows["to_date"], dates.latest_days(rows["to_date"], rows["to_precision"])
    first = years[0] if years else starts.min().year
    last = years[1] if years else end_latest.max().year + 1
    figure, axes = _new_figure(10, 0.62 * len(rows) + 1.9)
    y = np.arange(len(rows))
    colours = [OFFICE_KINDS.get(str(k), (PALETTE[7], str(k)))[0] for k in rows["kind"]]
    solid_left, solid_right = date2num(start_latest), date2num(ends) + (rows["to_precision"] == "day")
    axes.barh(y, solid_right - solid_left, left=solid_left, height=0.56, color=colours, edgecolor=colours)
    rough_start = (rows["from_precision"] != "day").to_numpy()
    rough_end = (rows["to_precision"] != "day").to_numpy()
    for rough, left, right in ((rough_start, starts, start_latest), (rough_end, ends, end_latest)):
        if rough.any():
            lefts, rights = date2num(left[rough]), date2num(right[rough]) + 1
            axes.barh(y[rough], rights - lefts, left=lefts, height=0.56, color="white",
                      edgecolor=np.array(colours)[rough], hatch="////", linewidth=1.0)
    circles = np.concatenate([date2num(starts[rough_start]), date2num(end_latest[rough_end]) + 1])
    axes.plot(circles, np.concatenate([y[rough_start], y[rough_end]]), linestyle="none", marker="o",
              markersize=7, markerfacecolor="none", markeredgecolor=INK, markeredgewidth=1.2)
    # A week in 1905 is narrower than a pixel: a mark shows where it is.
    tiny = (date2num(end_latest) - date2num(starts)) < 60
    axes.plot(date2num(starts[tiny]), y[tiny], linestyle="none", marker="|", markersize=12,
              markeredgewidth=3, color=np.array(colours)[tiny][0] if tiny.any() else INK)
    labels = []
    for row, office in zip(y, rows.itertuples()):
        labels.append(axes.annotate(_office_dates(office), (date2num(end_latest[row]) + 1, row),
                                    xytext=(8, 0), textcoords="offset points", va="center", ha="left",
                                    fontsize=8.5, color=INK, **PLAIN))
        labels[-1].set_in_layout(False)
    names = [textwrap.fill(f"{o.office}, {o.body}", 44) for o in rows.itertuples()]
    _row_names(axes, y, names, 8.5)
    axes.set_ylim(len(rows) - 0.4, -0.6)
    axes.set_xlim(date2num(dates.earliest(str(first), "year")), date2num(dates.latest(str(last), "year")) + 1)
    _year_axis(axes, (first, last), 8.5, step=2 if last - first > 14 else 1)
    axes.tick_params(axis="y", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=12, **PLAIN)
    present = list(dict.fromkeys(str(k) for k in rows["kind"]))
    handles: list[Any] = [Patch(facecolor=OFFICE_KINDS[k][0], edgecolor=OFFICE_KINDS[k][0],
                                label=OFFICE_KINDS[k][1]) for k in present if k in OFFICE_KINDS]
    if rough_start.any() or rough_end.any():
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch="////",
                             label="a date known only to the month: any day of it"))
        handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="none",
                              markeredgecolor=INK, label="an inexact start or end"))
    _legend(figure, handles, ncols=min(len(handles), 3))
    _fit_beside_bars(figure, axes, labels, list(zip(date2num(starts), date2num(end_latest) + 1)), gap=8)
    described = "; ".join(f"{o.office}, {o.body}: " + _office_dates(o).replace("\n", "; ")
                          for o in rows.itertuples())
    alt = (f"{title}. Timeline of {plural(len(rows), 'office')} from {first} to {last}, one bar each, "
           f"coloured by kind of office: {described}.")
    caption = ("Dates are New Style (the Gregorian calendar); the labels add the Old Style dates used in "
               "Russia before February 1918. A hatched end with an open circle is known only to the month.")
    return Chart(figure, alt, caption)


def _fate_words(member: Any, until: int) -> str:
    """What became of one member by the end of ``until``, with the date at its precision."""
    if pd.isna(member.died) or member.died.year > until:
        died = "" if pd.isna(member.died) else f" (died {member.died.year})"
        return f"{ALIVE_MARK[2]} {until}{died}"
    words = FATE_MARKS.get(str(member.fate), (None, None, str(member.fate)))[2]
    return f"{words}, {dates.format_date(member.died, str(member.died_precision))}"


def politburo_fates(members: pd.DataFrame, elected: str, title: str, until: int = 1940) -> Chart:
    """One row per member (``name``, ``died``, ``died_precision``, ``fate``, as the people table
    has them), in the order they died: a line from the day they were elected (``elected``,
    YYYY-MM-DD) to their death or to the end of ``until``, and a marker for the fate, whose
    shape and words say what it was."""
    rows = members.sort_values(["died", "name"], kind="stable").reset_index(drop=True)
    start, stop = pd.Timestamp(elected), dates.latest(str(until), "year") + pd.Timedelta(days=1)
    alive = rows["died"].isna() | (rows["died"] >= stop)
    ends = rows["died"].where(~alive, stop)
    figure, axes = _new_figure(9, 0.5 * len(rows) + 1.9)
    y = np.arange(len(rows))
    axes.hlines(y, date2num(pd.Series(start, index=rows.index)), date2num(ends), color=MUTED, linewidth=2.5)
    fates = rows["fate"].astype(str).where(~alive, "alive")
    handles: list[Any] = []
    for fate, (marker, colour, words) in [*FATE_MARKS.items(), ("alive", ALIVE_MARK)]:
        chosen = (fates == fate).to_numpy()
        if not chosen.any():
            continue
        axes.plot(date2num(ends[chosen]), y[chosen], linestyle="none", marker=marker, markersize=11,
                  color=colour, markeredgecolor=colour)
        label = f"{words} {until}" if fate == "alive" else words
        handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=9, color=colour,
                              label=label))
    for row, member in zip(y, rows.itertuples()):
        # Left of the marker, over the line: every line is years long, so the words always fit.
        axes.annotate(_fate_words(member, until), (date2num(ends[row]), row), xytext=(-11, 0),
                      textcoords="offset points", va="center", ha="right", fontsize=9, color=INK,
                      bbox={"boxstyle": "square,pad=0.2", "fc": "white", "ec": "none"}, **PLAIN)
    _row_names(axes, y, rows["name"].astype(str), 9.5)
    axes.set_ylim(len(rows) - 0.4, -0.6)
    # A little room after the last year, so that a marker at its end is not cut in half.
    axes.set_xlim(date2num(dates.earliest(str(start.year), "year")), date2num(stop) + 60)
    _year_axis(axes, (start.year, until), 8.5, step=2)
    axes.tick_params(axis="y", length=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=12, **PLAIN)
    _legend(figure, handles, ncols=len(handles))
    described = "; ".join(f"{m.name}: {_fate_words(m, until)}" for m in rows.itertuples())
    dead = int((~alive).sum())
    alt = (f"{title}. {plural(len(rows), 'row')}, one per member, each a line from "
           f"{dates.format_date(start, 'day')} to the member's death or to the end of {until}: {described}. "
           f"{dead} of the {len(rows)} were dead by the end of {until}.")
    caption = (f"Each line runs from the election of {dates.format_date(start, 'day')} to the member's death "
               f"or to the end of {until}; the marker's shape and the words say how it ended.")
    return Chart(figure, alt, caption)
# Lesson 07: aftermath and memory, the lives after 1940 and when the sources appeared

# Each kind of mark on a life after 1940: its shape, colour, whether it is filled, and the roles
# of event_people.csv that it stands for. A shape and a word label each mark, never colour alone.
LIFE_MARKS = {
    "arrest or sentence": ("s", PALETTE[1], True, {"arrested", "sentenced to prison", "defendant"}),
    "release": ("o", PALETTE[0], False, {"released"}),
    "honour": ("*", PALETTE[5], True, {"decorated"}),
    "rehabilitation": ("D", PALETTE[2], False, {"rehabilitated"}),
    "writing": ("^", PALETTE[3], True, {"author"}),
    "other": ("v", PALETTE[7], False, set()),
    "death": ("X", PALETTE[4], True, set()),
}
# The word a role is labelled with where the role's own word would read oddly.
ROLE_WORDS = {"defendant": "sentenced", "author": "wrote", "sentenced to prison": "sentenced",
              "posed as a diplomat": "envoy to Tito", "opened the museum": "museum opens"}


def _life_mark(role: str) -> str:
    return next((kind for kind, (*_style, roles) in LIFE_MARKS.items() if role in roles), "other")


def _life_rows(events: pd.DataFrame, event_people: pd.DataFrame, people: pd.DataFrame,
               person_ids: list[str], since: pd.Timestamp) -> pd.DataFrame:
    """Each dated mark of these people's lives after ``since``: their events (a death comes from
    the people table, not from an event, so that it is never counted twice) and their deaths."""
    taking_part = event_people[event_people["person_id"].isin(person_ids)
                               & (event_people["role"] != "died")]
    marks = events.merge(taking_part, on="event_id")
    marks = marks[marks["earliest"] > since]
    marks = marks.assign(mark=[_life_mark(str(r)) for r in marks["role"]],
                         word=[ROLE_WORDS.get(str(r), str(r)) for r in marks["role"]],
                         precision=marks["date_precision"].astype(str))
    dead = people[people["person_id"].isin(person_ids) & people["died"].notna()]
    deaths = pd.DataFrame({
        "person_id": dead["person_id"], "earliest": dead["died"],
        "latest": dates.latest_days(dead["died"], dead["died_precision"]),
        "precision": dead["died_precision"].astype(str), "mark": "death", "word": "died",
        "title": "died", "event_id": ""})
    columns = ["person_id", "earliest", "latest", "precision", "mark", "word", "title", "event_id"]
    return pd.concat([marks[columns], deaths[columns]], ignore_index=True).sort_values(
        ["person_id", "earliest", "event_id"], kind="stable", ignore_index=True)


def lives_after(events: pd.DataFrame, event_people: pd.DataFrame, people: pd.DataFrame,
                lanes: dict[str, list[str]], since: str = "1940-08-21",
                title: str = "Lives after 1940") -> Chart:
    """Lives after ``since`` in lanes (a heading and one row per person, in the order given): each
    dated event a person took part in is a mark whose shape says what it was (arrest or sentence,
    release, honour, rehabilitation, writing, other) with a year and a word beside it; a grey line
    runs to the death (from the people table). A date known only to the month or year also spans
    its days with a short bar."""
    start = pd.Timestamp(since)
    everyone = [p for ids in lanes.values() for p in ids]
    marks = _life_rows(events, event_people, people, everyone, start)
    names = dict(zip(people["person_id"], people["name"].astype(str)))
    died = dict(zip(people["person_id"], people["died"]))
    rows: dict[str, float] = {}
    labels, ys, headers = [], [], []
    y = 0.0
    for lane, ids in lanes.items():
        labels.append(lane)
        ys.append(y)
        headers.append(y)
        y += 1.1
        for person in ids:
            rows[person] = y
            labels.append(names.get(person, person))
            ys.append(y)
            y += 1.5
    last_year = max(2025, max((d.year for d in marks["latest"]), default=2025) + 2)
    left, right = date2num(pd.Timestamp(start.year, 1, 1)), date2num(pd.Timestamp(last_year, 1, 1))
    figure, axes = _new_figure(10, 0.42 * y + 1.8)
    ends = [date2num(died[p]) if not pd.isna(died.get(p)) else right for p in rows]
    axes.hlines(list(rows.values()), date2num(start), ends, color="#BBBBBB", linewidth=1.5, zorder=1)
    marks = marks.assign(x=[(date2num(a) + date2num(b) + 1) / 2 for a, b in
                            zip(marks["earliest"], marks["latest"])],
                         y=marks["person_id"].map(rows))
    rough = marks[marks["precision"] != "day"]
    axes.hlines(rough["y"], [date2num(d) for d in rough["earliest"]],
                [date2num(d) + 1 for d in rough["latest"]], color=INK, linewidth=4, alpha=0.35)
    for kind, (shape, colour, filled, _roles) in LIFE_MARKS.items():
        chosen = marks[marks["mark"] == kind]
        if len(chosen):
            axes.scatter(chosen["x"], chosen["y"], marker=shape, s=80 if shape == "*" else 48,
                         c=colour if filled else "white", edgecolors=colour, linewidths=1.5, zorder=3)
    described: dict[str, list[str]] = {p: [] for p in rows}
    # The words go on a line of their own under each life, in date order: marks a year apart
    # would make labels beside them run into each other.
    words: dict[str, list[str]] = {p: [] for p in rows}
    for mark in marks.itertuples():
        year = dates.format_date(mark.earliest, mark.precision)
        words[mark.person_id].append(f"{mark.earliest.year} {mark.word}")
        described[mark.person_id].append(f"{year}, {mark.word}" if mark.mark == "death"
                                         else f"{year}, {mark.title}")
    for person, row in rows.items():
        line = axes.text(left + 120, row + 0.42, "  ·  ".join(words[person]), fontsize=8, color=MUTED,
                         va="top", ha="left", **PLAIN)
        line.set_in_layout(False)
    for row, name in zip(ys, _row_names(axes, ys, labels, 9)):
        if row in headers:
            name.set_fontweight("bold")
    for header in headers[1:]:
        axes.axhline(header - 0.45, color="#DDDDDD", linewidth=0.8)
    axes.tick_params(axis="y", length=0)
    decades = list(range((start.year // 10) * 10 + 10, last_year + 1, 10))
    axes.set_xticks([date2num(pd.Timestamp(d, 1, 1)) for d in decades], [str(d) for d in decades],
                    fontsize=9)
    axes.grid(axis="x", color="#EEEEEE")
    axes.set_axisbelow(True)
    axes.set_xlim(left, right)
    axes.set_ylim(y - 0.7, -0.6)
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.set_title(title, fontsize=12, **PLAIN)
    handles: list[Any] = [Line2D([], [], marker=shape, linestyle="none", markersize=9 if shape == "*" else 7,
                                 markerfacecolor=colour if filled else "white", markeredgecolor=colour,
                                 markeredgewidth=1.5, label=kind)
                          for kind, (shape, colour, filled, _r) in LIFE_MARKS.items()
                          if kind in set(marks["mark"])]
    handles.append(Line2D([], [], color=INK, alpha=0.35, linewidth=4,
                          label="dated only to the month or year"))
    _legend(figure, handles, ncols=4)
    _fit_once(figure)
    told = "; ".join(f"{names.get(p, p)}: " + "; ".join(described[p]) for p in rows)
    alt = (f"{title}. Timeline from {start.year} to {last_year - 1} in {plural(len(lanes), 'lane')} ("
           + ", ".join(lanes) + f"), one row per person, each mark shaped by what it was. {told}.")
    caption = ("A mark is a dated event in the dataset, not everything that happened: a life with "
               "few marks may simply be less documented. The grey line ends at the death.")
    return Chart(figure, alt, caption)


# Each kind of source: its marker, colour and whether the marker is filled.
SOURCE_KINDS = {
    "trial record": ("s", PALETTE[1], True),
    "commission of inquiry": ("o", PALETTE[0], True),
    "memoir of the circle": ("^", PALETTE[3], True),
    "defector's account": ("v", PALETTE[5], True),
    "Soviet admission": ("D", PALETTE[4], False),
    "perpetrator's account": ("P", PALETTE[1], False),
    "opened archives": ("*", PALETTE[2], True),
}


def sources_timeline(availability: pd.DataFrame, marks: tuple[int, ...] = (1940, 1956, 1990, 2000),
                     title: str = "When each source became available") -> Chart:
    """One row per work, in date order, with a mark at the year it became available (shape and
    colour by kind) and a dashed line at each year in ``marks``, so that a class can read what a
    historian could have known then: every row whose mark lies left of the line."""
    works = availability.sort_values(["available", "work_id"], kind="stable").reset_index(drop=True)
    first = min(min(marks), int(works["available"].dt.year.min())) - 3
    last = max(max(marks), int(works["available"].dt.year.max())) + 5
    figure, axes = _new_figure(10, 0.33 * len(works) + 2.0)
    xs = [(date2num(dates.earliest(d, p)) + date2num(dates.latest(d, p)) + 1) / 2
          for d, p in zip(works["available"], works["available_precision"].astype(str))]
    works = works.assign(x=xs, y=range(len(works)))
    for kind, (shape, colour, filled) in SOURCE_KINDS.items():
        chosen = works[works["kind"] == kind]
        if len(chosen):
            axes.scatter(chosen["x"], chosen["y"], marker=shape, s=90 if shape in "*P" else 55,
                         c=colour if filled else "white", edgecolors=colour, linewidths=1.5, zorder=3)
    lines = [date2num(pd.Timestamp(year, 12, 31)) + 1 for year in marks]
    axes.vlines(lines, -0.8, len(works) - 0.2, colors=MUTED, linestyles=(0, (4, 3)), linewidth=1)
    for index, (x, year) in enumerate(zip(lines, marks)):
        # Every other label a line higher, so that two close years do not run together.
        # The last label ends at its line, so that it never runs past the plot's right edge.
        last_one = index == len(marks) - 1
        axes.annotate(f"end of {year}", (x, -0.8), xytext=(2 if last_one else 0, 2 + 11 * (index % 2)),
                      textcoords="offset points", ha="right" if last_one else "center", va="bottom",
                      fontsize=8.5, color=INK)
    labels = [f"{w.when}: {w.work}" for w in works.itertuples()]
    _row_names(axes, range(len(works)), labels, 8.5)
    axes.tick_params(axis="y", length=0)
    decades = list(range((first // 10 + 1) * 10, last + 1, 10))
    axes.set_xticks([date2num(pd.Timestamp(d, 1, 1)) for d in decades], [str(d) for d in decades],
                    fontsize=9)
    axes.set_xlim(date2num(pd.Timestamp(first, 1, 1)), date2num(pd.Timestamp(last, 1, 1)))
    axes.set_ylim(len(works) - 0.4, -2.2)
    axes.grid(axis="y", color="#F0F0F0")
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=12, **PLAIN)
    present = [k for k in SOURCE_KINDS if k in set(works["kind"].astype(str))]
    handles = [Line2D([], [], marker=SOURCE_KINDS[k][0], linestyle="none", markersize=8,
                      markerfacecolor=SOURCE_KINDS[k][1] if SOURCE_KINDS[k][2] else "white",
                      markeredgecolor=SOURCE_KINDS[k][1], markeredgewidth=1.5, label=k) for k in present]
    _legend(figure, handles, ncols=4)
    _fit_once(figure)
    years = works["available"].dt.year
    known = "; ".join(f"by the end of {m}, {plural(int((years <= m).sum()), 'work')}"
                      for m in marks)
    alt = (f"{title}. One row per work, {plural(len(works), 'work')} from {works['when'].iloc[0]} to "
           f"{works['when'].iloc[-1]}, marked by kind, with dashed lines at the end of "
           + ", ".join(map(str, marks)) + f": {known}. "
           + "; ".join(f"{w.when}: {w.work} ({w.kind})" for w in works.itertuples()) + ".")
    caption = ("A mark is the year a work was published or released; a dashed line is the end of a "
               "year. What lies left of a line was there to read.")
    return Chart(figure, alt, caption)


# ---------------------------------------------------------------- 08 · Reading the sources

# Each verdict of claims.csv: its colour and hatching, in the order of the claims view's legend
# (so that a bar never rests on colour alone, and the chart and the view agree).
VERDICT_STYLES = {
    "agrees": (PALETTE[2], ""),
    "contradicted": (PALETTE[1], "//"),
    "references disagree": (PALETTE[5], "xx"),
    "unverified": (PALETTE[0], ".."),
}


def verdicts_by_article(claims: pd.DataFrame, sources: pd.DataFrame,
                        title: str = "How the five articles' checked claims fared") -> Chart:
    """One bar per commissioned article, split by verdict as shares of its checked claims, with
    the count in each part: the articles oldest first, the undated one last."""
    articles = commissioned_articles(sources)
    checked = claims[claims["source_id"].isin(articles["source_id"])]
    counts = (pd.crosstab(checked["source_id"], checked["agreement"])
              .reindex(index=articles["source_id"], columns=list(VERDICT_STYLES), fill_value=0))
    totals = counts.sum(axis=1)
    names = [short_name(article) for article in articles.itertuples()]
    figure, axes = _new_figure(8.5, 3.8)
    rows = np.arange(len(counts))
    left = np.zeros(len(counts))
    handles = []
    for verdict, (colour, hatch) in VERDICT_STYLES.items():
        shares = (counts[verdict] / totals.where(totals > 0, 1)).to_numpy(dtype=float)
        axes.barh(rows, shares, left=left, color=colour, hatch=hatch, edgecolor="white", linewidth=0.8)
        for row, (start, share, count) in enumerate(zip(left, shares, counts[verdict])):
            if share >= 0.06:  # a narrower part has no room for its number; the alt text has it
                axes.text(start + share / 2, row, str(count), ha="center", va="center", fontsize=9,
                          color="white", fontweight="bold",
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": colour, "edgecolor": "none"})
        left += shares
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="white", label=verdict))
    labels = [f"{name}\n{plural(int(total), 'checked claim')}" for name, total in zip(names, totals)]
    axes.set_yticks(rows, labels, fontsize=9, **PLAIN)
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
    axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel("share of the article's checked claims")
    axes.set_title(title, **PLAIN)
    axes.spines[["top", "right"]].set_visible(False)
    _legend(figure, handles, ncols=4)
    described = "; ".join(
        f"{name}, {plural(int(totals[sid]), 'checked claim')}: "
        + ", ".join(f"{v} {counts.at[sid, v]}" for v in VERDICT_STYLES)
        for name, sid in zip(names, counts.index))
    return Chart(figure, f"Stacked bars of the verdicts on each commissioned article's checked claims: "
                         f"{described}.",
                 "A count of checked claims is not a score of honesty or of worth: the claims are the "
                 "ones this course needed, and the articles differ in length, subject and purpose.")


# ---------------------------------------------------------------- the class report (lessons.class_report)

def class_results(rows: Any, title: str = "Right at the first try, per question") -> Chart:
    """One bar per question: the share of the students who answered it who were right at the
    first try, with "k of n" beside it; the questions in the report's order, grouped by lesson."""
    rows = list(rows)
    labels = [f"{row['lesson'][:2]} · {row['question']}" for row in rows]
    shares = [int(row["right_first_time"]) / max(int(row["students"]), 1) for row in rows]
    figure, axes = _new_figure(8, 0.9 + 0.28 * len(rows))
    positions = np.arange(len(rows))
    axes.barh(positions, shares, color=PALETTE[0], height=0.6)
    for position, share, row in zip(positions, shares, rows):
        counted = f"{row['right_first_time']} of {row['students']}"
        axes.text(share + 0.01, float(position), counted, va="center", fontsize=8, color=INK)
    axes.set_yticks(positions, labels, fontsize=8, **PLAIN)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.15)
    axes.xaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
    axes.set_xticklabels(["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel("share of the students who answered, right at the first try")
    axes.set_title(title, **PLAIN)
    axes.spines[["top", "right"]].set_visible(False)
    hardest = sorted(zip(shares, labels))[:3]
    described = "; ".join(f"{label}: {share:.0%}" for share, label in hardest)
    return Chart(figure, f"Bar chart of {plural(len(rows), 'question')}, the share of students right at "
                         f"the first try for each; the lowest: {described}.")


def student_progress(rows: Any, label: str) -> Chart:
    """One bar per written lesson: the questions answered right, out of those in its quiz."""
    rows = list(rows)
    names = [f"{row['number']} · {row['title']}" for row in rows]
    figure, axes = _new_figure(8, 0.9 + 0.3 * len(rows))
    positions = np.arange(len(rows))
    totals = [max(int(row["total"]), 1) for row in rows]
    axes.barh(positions, [1] * len(rows), color="#EEEEEE", height=0.6)
    axes.barh(positions, [int(r["right"]) / t for r, t in zip(rows, totals)], color=PALETTE[2], height=0.6)
    for position, row in zip(positions, rows):
        words = "not started" if not row["answered"] else f"{row['right']} of {row['total']} right"
        axes.text(1.01, float(position), words, va="center", fontsize=8, color=INK)
    axes.set_yticks(positions, names, fontsize=8, **PLAIN)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.3)
    axes.xaxis.set_major_locator(NullLocator())
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    axes.set_title(f"Quiz progress of {label}", **PLAIN)
    done = sum(bool(row["answered"]) for row in rows)
    states = ["not started" if not r["answered"] else f"{r['right']} of {r['total']} right" for r in rows]
    described = "; ".join(f"{name}: {state}" for name, state in zip(names, states))
    return Chart(figure, f"Bar chart of quiz progress: {done} of {plural(len(rows), 'lesson')} started; "
                         f"{described}.")
