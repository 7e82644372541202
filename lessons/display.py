"""Small display helpers for lessons: source lists and notes, always HTML-escaped.

Everything shown here comes from the data files, so every piece of text goes through
:func:`lessons.html.escape` before it reaches the page, and only http(s) addresses become links.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from lessons import data
from lessons.html import Html, escape, link

__all__ = ["KIND_HEADINGS", "Html", "cited_sources", "source_list", "sources_for"]


def cited_sources(*frames: pd.DataFrame) -> list[str]:
    """Return the ids of the sources cited by these tables, in the order of sources.csv."""
    cited: set[str] = set()
    for frame in frames:
        for column in ("sources", "reference_sources", "source_id"):
            if column in frame.columns:
                for value in frame[column]:
                    cited.update(value if isinstance(value, list) else [value])
    order = data.sources()["source_id"].tolist()
    return [source_id for source_id in order if source_id in cited]


def _describe(source: pd.Series) -> tuple[str, str]:
    year = "" if pd.isna(source["year"]) else f" ({source['year']})"
    outlet = escape(source["outlet"])
    title = link(source["url"], source["title"])
    label = "partisan" if source["partisan"] else "not partisan"
    html = (f"<li><b>{escape(source['author'])}</b>{escape(year)}, <i>{title}</i>, {outlet}. "
            f"<br><small>{escape(source['kind'])}, {label}: {escape(source['perspective'])}"
            f"</small></li>")
    text = (f"- {source['author']}{year}, {source['title']}, {source['outlet']}. "
            f"[{source['kind']}, {label}: {source['perspective']}]")
    return html, text


# Headings for each kind of source, in the order a student should meet them.
KIND_HEADINGS = {
    "article": "Articles (each argues a position: read them critically)",
    "book": "Books",
    "primary document": "Primary documents (written at the time, or by people involved)",
    "reference": "Reference works (encyclopedias, chronologies)",
}


def source_list(source_ids: Iterable[str]) -> Html:
    """List sources by id, grouped by kind, each with its perspective, as escaped HTML."""
    table = data.sources().set_index("source_id")
    wanted = list(dict.fromkeys(source_ids))
    missing = [s for s in wanted if s not in table.index]
    if missing:
        raise KeyError(f"not in data/sources.csv: {', '.join(missing)}")
    html_parts, text_parts = [], []
    for kind, heading in KIND_HEADINGS.items():
        group = [_describe(table.loc[s]) for s in wanted if table.loc[s, "kind"] == kind]
        if not group:
            continue
        title = f"{heading}: {len(group)}"
        html_parts.append(f"<p><b>{escape(title)}</b></p><ul>" + "".join(g[0] for g in group) + "</ul>")
        text_parts.append("\n".join([title] + [g[1] for g in group]))
    return Html("".join(html_parts), "\n\n".join(text_parts))


def sources_for(*frames: pd.DataFrame) -> Html:
    """List every source cited by the rows a lesson used."""
    return source_list(cited_sources(*frames))
