"""Where sources disagree, shown as a historian shows it: who says what, and what the references say.

A lesson never shows claims.csv as a raw table. :func:`view` groups the chosen rows by topic and,
for each source, says who the source is (and whether it argues a position), what it says in full,
a plain-words verdict, and what the reference works say, naming them. :func:`about` picks the rows
a lesson needs. Everything shown comes from the data, so every piece of it is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from lessons import data
from lessons.html import Html, escape

__all__ = ["VERDICTS", "about", "articles", "legend", "short_name", "side_by_side", "source_name", "view"]

# What each agreement label means, in the words a student reads; the order is the legend's.
VERDICTS = {
    "agrees": "The reference works support this.",
    "contradicted": "The reference works settle this point against this source.",
    "references disagree": "The reference works themselves disagree: the point is open.",
    "unverified": "No reference work read confirms or refutes this.",
}

# A sign and a colour for each verdict: the sign and the words carry the meaning, never the colour.
_MARKS = {
    "agrees": ("✓", "#009E73"),
    "contradicted": ("✗", "#D55E00"),
    "references disagree": ("≠", "#E69F00"),
    "unverified": ("?", "#56B4E9"),
}

_LEGEND_INTRO = ("Each source's version of a disputed point is compared with reference works "
                 "(encyclopedias, historians' books, documents of the time). The verdicts mean:")


def _ids(value: object) -> list[str]:
    """Source ids from a loaded list or from the ';'-separated text of the CSV."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, Iterable):
        return [str(part) for part in value]
    return []


def _text(value: object) -> str:
    """A cell's text, or '' for an empty one."""
    return "" if value is None or (not isinstance(value, (list, str)) and pd.isna(value)) else str(value)


def source_name(source: pd.Series) -> str:
    """A source as a reader names it: author and title, or title and encyclopedia for a wiki article."""
    author, title = _text(source["author"]), _text(source["title"])
    if author.startswith("Wikipedia contributors"):
        return f"{title} ({_text(source['outlet'])})"
    return f"{author}, {title}"


def short_name(source: Any) -> str:
    """A short name for a source: its author (or, for a reference work, its outlet) and year."""
    author = "" if pd.isna(source.author) else str(source.author)
    author = author.split(" (")[0].replace("; ", " and ")
    if source.kind == "reference" or author.startswith(("Unnamed", "Anonymous", "Wikipedia")):
        author = str(source.outlet).split(" (")[0]
        if source.kind == "reference":
            author = f"{author}, '{source.title}'"
    year = "" if pd.isna(source.year) else f" {int(source.year)}"
    return f"{author}{year}"


def _name_html(source: pd.Series) -> str:
    """The same name as HTML: the title in italics, as a reference list writes it."""
    author, title = _text(source["author"]), _text(source["title"])
    if author.startswith("Wikipedia contributors"):
        return f"<i>{escape(title)}</i> ({escape(_text(source['outlet']))})"
    return f"<b>{escape(author)}</b>, <i>{escape(title)}</i>"


def _names(source_ids: Iterable[str], sources: pd.DataFrame) -> list[str]:
    return [source_name(sources.loc[s]) if s in sources.index else s for s in source_ids]


def _sign(sign: str, colour: str) -> str:
    # Hidden from screen readers: the words beside it say the same.
    return f'<span style="color:{colour};font-weight:bold" aria-hidden="true">{sign}</span>'


def legend() -> Html:
    """The four verdicts and what each means, for the top of a claims view."""
    items_html, items_text = [], []
    for label, phrase in VERDICTS.items():
        sign, colour = _MARKS[label]
        items_html.append(f"<li>{_sign(sign, colour)} <b>{escape(label)}</b>: {escape(phrase)}</li>")
        items_text.append(f"- {sign} {label}: {phrase}")
    html = (f'<div role="note" style="margin:0.5em 0"><p>{escape(_LEGEND_INTRO)}</p>'
            f'<ul style="list-style:none;padding-left:0.5em">{"".join(items_html)}</ul></div>')
    return Html(html, "\n".join([_LEGEND_INTRO, *items_text]))


def _who(source: pd.Series | None, source_id: str) -> tuple[str, str]:
    """Who the source is: name, year, kind, whether partisan and, for the five articles, a flag."""
    if source is None:
        return escape(source_id), source_id
    name = source_name(source)
    year = "" if pd.isna(source["year"]) else f" ({source['year']})"
    stance = "partisan" if source["partisan"] else "not partisan"
    details = f"{source['kind']}, {stance}: {source['perspective']}"
    html = f"{_name_html(source)}{escape(year)} <small>[{escape(details)}]</small>"
    text = f"{name}{year} [{details}]"
    if source["commissioned"]:
        flag = "One of the five articles this course was commissioned from."
        html += f' <small style="font-weight:bold">{escape(flag)}</small>'
        text += f" {flag}"
    return html, text


def _claim(row: pd.Series, sources: pd.DataFrame) -> tuple[str, str]:
    source_id = str(row["source_id"])
    who_html, who_text = _who(sources.loc[source_id] if source_id in sources.index else None, source_id)
    label = str(row["agreement"])
    sign, colour = _MARKS.get(label, ("?", "#000000"))
    verdict = VERDICTS.get(label, label)
    says, reference = _text(row["source_says"]), _text(row["reference_value"])
    checked = _names(_ids(row["reference_sources"]), sources)
    checked_text = "; ".join(checked) if checked else "none recorded"
    note = _text(row["note"])
    html = (f'<li style="margin-bottom:0.8em">{who_html}'
            f'<blockquote style="margin:0.3em 0 0.3em 1em">{escape(says)}</blockquote>'
            f"<div>{_sign(sign, colour)} <b>{escape(verdict)}</b></div>"
            f"<div>The reference works say: {escape(reference)}"
            f"<br><small>Reference works: {escape(checked_text)}</small></div>"
            + (f"<div><small>Note: {escape(note)}</small></div>" if note else "") + "</li>")
    lines = [f"- {who_text}", f"  Says: {says}", f"  Verdict: {sign} {verdict}",
             f"  The reference works say: {reference}", f"  Reference works: {checked_text}"]
    if note:
        lines.append(f"  Note: {note}")
    return html, "\n".join(lines)


def _order(group: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The five commissioned articles first (they are what the course examines), then by year."""
    def key(source_id: str) -> tuple:
        if source_id not in sources.index:
            return (1, 9999, source_id)
        source = sources.loc[source_id]
        year = 9999 if pd.isna(source["year"]) else int(source["year"])
        return (0 if source["commissioned"] else 1, year, source_id)
    return group.iloc[sorted(range(len(group)), key=lambda i: key(str(group["source_id"].iloc[i])))]


def view(claims_frame: pd.DataFrame, with_legend: bool = True,
         data_dir: Path | str | None = None) -> Html:
    """Show claims grouped by topic: each source, what it says in full, a verdict and the references."""
    sources = data.sources(data_dir).set_index("source_id")
    parts_html = [legend().html] if with_legend else []
    parts_text = [legend().text] if with_legend else []
    if claims_frame.empty:
        message = "No recorded disagreements for this selection."
        return Html("".join(parts_html) + f"<p>{escape(message)}</p>", "\n\n".join([*parts_text, message]))
    # Topics in the order they first appear, so a caller's ordering of rows is kept.
    for topic in dict.fromkeys(claims_frame["topic"]):
        group = _order(claims_frame[claims_frame["topic"] == topic], sources)
        rows = [_claim(row, sources) for _, row in group.iterrows()]
        parts_html.append(f'<h4 style="margin-bottom:0.3em">{escape(topic)}</h4>'
                          f'<ul style="list-style:none;padding-left:0">{"".join(r[0] for r in rows)}</ul>')
        parts_text.append("\n".join([str(topic), "=" * len(str(topic)), *(r[1] for r in rows)]))
    return Html(f'<div class="pwv-claims">{"".join(parts_html)}</div>', "\n\n".join(parts_text))


def _wanted(selection: Iterable[str] | pd.DataFrame | None, column: str) -> set[str] | None:
    if selection is None:
        return None
    if isinstance(selection, pd.DataFrame):
        return set(selection[column].dropna())
    if isinstance(selection, str):
        return {selection}
    return set(selection)


def about(events: Iterable[str] | pd.DataFrame | None = None,
          people: Iterable[str] | pd.DataFrame | None = None,
          topics: Iterable[str] | None = None, exclude_agreeing: bool = False,
          data_dir: Path | str | None = None) -> pd.DataFrame:
    """The claims about these events, people or topics (ids, or frames with an id column); all if none."""
    frame = data.claims(data_dir)
    chosen = [(_wanted(events, "event_id"), "event_id"), (_wanted(people, "person_id"), "person_id"),
              (_wanted(topics, "topic"), "topic")]
    if any(wanted is not None for wanted, _ in chosen):
        keep = pd.Series(False, index=frame.index)
        for wanted, column in chosen:
            if wanted is not None:
                keep |= frame[column].isin(wanted)
        frame = frame[keep]
    if exclude_agreeing:
        frame = frame[frame["agreement"] != "agrees"]
    return frame.reset_index(drop=True)


def articles(sources: pd.DataFrame) -> pd.DataFrame:
    """The rows of the five commissioned articles (a sources table), oldest first, the undated one
    last: the order in which the lessons set them side by side."""
    five = sources[sources["commissioned"]]
    ordered = five.assign(_year=five["year"].fillna(9999)).sort_values(["_year", "source_id"])
    return ordered.drop(columns="_year")


_SIDE_BY_SIDE_HEAD = "".join(f'<th style="text-align:left">{name}</th>'
                             for name in ("Article", "What it says", "Verdict"))


def side_by_side(topics: Iterable[str], data_dir: Path | str | None = None) -> Html:
    """The five articles on each topic, one row each, so that a class can compare them: what each
    says and the verdict, or that no claim of it on the topic is recorded; then what the
    reference works say."""
    claims_frame = data.claims(data_dir)
    five = articles(data.sources(data_dir)).set_index("source_id")
    parts_html, parts_text = [], []
    for topic in topics:
        rows = claims_frame[claims_frame["topic"] == topic]
        if rows.empty:
            raise KeyError(f"no claims on the topic {topic!r} in claims.csv")
        said = rows.set_index("source_id")
        cells_html, lines = [], [str(topic), "=" * len(str(topic))]
        for source_id, article in five.iterrows():
            name = short_name(article)
            if source_id in said.index:
                claim = said.loc[source_id]
                claim = claim.iloc[0] if isinstance(claim, pd.DataFrame) else claim
                label = str(claim["agreement"])
                sign, colour = _MARKS.get(label, ("?", "#000000"))
                says = _text(claim["source_says"])
                verdict_html = f"{_sign(sign, colour)} {escape(label)}"
                lines.append(f"- {name}: {says} [{sign} {label}]")
            else:
                says, verdict_html = "", "no claim recorded"
                lines.append(f"- {name}: (no claim recorded)")
            cells_html.append(
                f'<tr><td style="text-align:left;vertical-align:top">{escape(name)}</td>'
                f'<td style="text-align:left;vertical-align:top">{escape(says) or "—"}</td>'
                f'<td style="text-align:left;vertical-align:top;white-space:nowrap">{verdict_html}</td></tr>')
        # Several rows may phrase the references' answer differently: show each wording once.
        wordings = (_text(v).rstrip(". ") for v in rows["reference_value"] if _text(v))
        reference = "; ".join(dict.fromkeys(wordings))
        others = sorted(set(rows["source_id"]) - set(five.index))
        lines.append(f"The reference works say: {reference}")
        more = (f" {len(others)} other {'source' if len(others) == 1 else 'sources'} on this topic: "
                "see the claims view.") if others else ""
        if more:
            lines.append(more.strip())
        parts_html.append(
            f'<table style="width:100%;margin:0.6em 0;border-collapse:collapse">'
            f'<caption style="text-align:left;font-weight:bold">{escape(topic)}</caption>'
            f"<thead><tr>{_SIDE_BY_SIDE_HEAD}</tr></thead><tbody>{''.join(cells_html)}</tbody></table>"
            f"<p><small>The reference works say: {escape(reference)}.{escape(more)}</small></p>")
        parts_text.append("\n".join(lines))
    return Html(f'<div class="pwv-side-by-side">{"".join(parts_html)}</div>', "\n\n".join(parts_text))
