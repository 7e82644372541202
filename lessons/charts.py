"""Charts for the lessons: each returns a :class:`Chart` that shows itself in a notebook.

A Chart carries alt text. In a notebook it displays as a PNG whose output metadata holds
the alt text (nbconvert and other static views put it in the ``<img alt>`` attribute) and,
for screen readers and text views, a plain-text description. Figures are built with the
object-oriented API, never pyplot, so nothing is drawn twice or left open.

Text from the data (place names, titles) is drawn with ``parse_math=False``: matplotlib would
otherwise read ``$...$`` in a name as mathematics, or fail on an unbalanced ``$``. Bars span the
days a stay may cover (the loader's ``earliest`` and ``latest``), never a guessed first day.
"""

from __future__ import annotations

import base64
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from lessons.dates import format_date
from lessons.html import plural
from lessons.resources import BASEMAP

__all__ = ["BASEMAP", "PALETTE", "Chart", "events_per_year", "route_map", "stays_timeline", "table_sizes"]

# Keyword arguments for any text that may come from the data.
PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}

# A palette that stays distinguishable for the common colour-vision deficiencies
# (Okabe and Ito); charts never rely on colour alone: labels and markers carry meaning too.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


class Chart:
    """A finished figure with its alt text; the last line of a cell shows it."""

    def __init__(self, figure: Figure, alt_text: str) -> None:
        self.figure = figure
        self.alt_text = alt_text
        self._png: bytes | None = None

    def png(self) -> bytes:
        """Return the chart as PNG bytes (no timestamps, so reruns give the same file)."""
        # Rendered once: each new draw lets the constrained layout shift by a pixel.
        if self._png is None:
            buffer = io.BytesIO()
            # The constrained layout already fits every label: no second "tight" drawing pass.
            self.figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
            self._png = buffer.getvalue()
        return self._png

    def save(self, path: str | Path) -> Path:
        """Write the chart as a PNG file, for slides or handouts."""
        path = Path(path)
        path.write_bytes(self.png())
        return path

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"Chart: {self.alt_text}",
        }
        return data, {"image/png": {"alt": self.alt_text}}

    def __repr__(self) -> str:
        return f"Chart: {self.alt_text}"


def _new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(width, height), layout="constrained")
    return figure, figure.add_subplot()


@cache
def _country_polygons() -> tuple[list[list[float]], ...]:
    collection = json.loads(BASEMAP.read_text(encoding="utf-8"))
    rings = []
    for feature in collection["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            rings.append(polygon[0])  # Outer ring only: lakes do not matter at this scale.
    return tuple(rings)


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


def stays_timeline(stays: pd.DataFrame, title: str) -> Chart:
    """Horizontal bars: how long each stay lasted (needs name, the loader's dates and precisions).

    A bar spans every day the stay may cover, from ``earliest`` to ``latest``. A bar whose start or
    end is known only to the year is hatched and pale: its length is a guess at the scale of
    months, and the chart should not pretend otherwise.
    """
    figure, axes = _new_figure(8, 0.45 * len(stays) + 1.4)
    labels, rough = [], []
    for row_number, stay in enumerate(stays.itertuples()):
        start = stay.earliest if not pd.isna(stay.earliest) else stay.end_earliest
        end = stay.latest if not pd.isna(stay.latest) else stay.start_latest
        coarse = "year" in (stay.start_precision, stay.end_precision)
        axes.barh(row_number, (end - start).days + 1, left=start, height=0.6,
                  color=PALETTE[row_number % len(PALETTE)], alpha=0.45 if coarse else 1.0,
                  hatch="//" if coarse else "", edgecolor="#444444" if coarse else "none")
        labels.append(f"{stay.name}{' *' if coarse else ''}")
        if coarse:
            rough.append(stay.name)
    axes.set_yticks(range(len(stays)), labels, **PLAIN)
    axes.invert_yaxis()
    axes.set_title(title, **PLAIN)
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", alpha=0.3)
    if rough:
        axes.annotate("* hatched: a date known only to the year", (0, 0), xycoords="figure fraction",
                      xytext=(4, 4), textcoords="offset points", fontsize=8)
    order = "; ".join(
        f"{s.name} from {format_date(s.start_date, s.start_precision)}" for s in stays.itertuples())
    note = f" Dates known only to the year: {', '.join(rough)}." if rough else ""
    return Chart(figure, f"Timeline of stays, one bar per place, in order: {order}.{note}")


def route_map(stops: pd.DataFrame, title: str, padding: float = 6.0) -> Chart:
    """Map of numbered stops joined by arrows, in order (needs name, latitude, longitude)."""
    figure, axes = _new_figure(10, 5.2)
    axes.add_collection(PolyCollection(_country_polygons(), facecolors="#EEEEEE",
                                       edgecolors="#AAAAAA", linewidths=0.4))
    xs, ys = stops["longitude"].tolist(), stops["latitude"].tolist()
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        axes.annotate("", xy=(x1, y1), xytext=(x0, y0),
                      arrowprops={"arrowstyle": "->", "color": PALETTE[3], "lw": 1.4,
                                  "connectionstyle": "arc3,rad=0.15"})
    axes.scatter(xs, ys, s=36, color=PALETTE[0], zorder=3, edgecolors="white")
    placed: list[tuple[float, float]] = []
    for number, (x, y) in enumerate(zip(xs, ys), start=1):
        # Close stops (Istanbul and Prinkipo, Hønefoss and Hurum) get their numbers stacked.
        nearby = sum(1 for (px, py) in placed if abs(px - x) < 4 and abs(py - y) < 3)
        placed.append((x, y))
        axes.annotate(str(number), (x, y), xytext=(5, 3 - 10 * nearby), textcoords="offset points",
                      fontsize=8, fontweight="bold")
    key = "\n".join(f"{number}. {name}" for number, name in enumerate(stops["name"], start=1))
    axes.text(0.01, 0.98, key, transform=axes.transAxes, fontsize=8, va="top", **PLAIN,
              bbox={"boxstyle": "round,pad=0.4", "fc": "white", "ec": "#AAAAAA"})
    axes.set_xlim(min(xs) - padding, max(xs) + padding)
    axes.set_ylim(min(ys) - padding, max(ys) + padding)
    axes.set_aspect(1.25)
    axes.set_xlabel("longitude (degrees)")
    axes.set_ylabel("latitude (degrees)")
    axes.set_title(title, **PLAIN)
    route = ", then ".join(stops["name"])
    return Chart(figure, f"Map with numbered stops joined by arrows, in order: {route}.")
