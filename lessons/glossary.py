"""Terms defined at their first use: a small box per term, a table of them all, Markdown for teachers.

The definitions live in ``data/glossary.csv`` (own words, each with the works that support it),
read through :mod:`lessons.data`, so a term with an unknown source never reaches a lesson. A lesson
calls :func:`define` where a term first appears; lesson 00 and the teacher's guide list them all
with :func:`table` and :func:`markdown`. Every piece of text is escaped.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

import pandas as pd

from lessons import data
from lessons.claims import source_name
from lessons.html import Html, escape

__all__ = ["define", "define_all", "markdown", "rows", "table", "terms"]

# A definition box: a left rule and a faint tint, readable in light and dark themes.
_BOX = ("border-left:4px solid #0072B2;background:rgba(0,114,178,0.07);padding:0.4em 0.8em;"
        "margin:0.6em 0;max-width:46em")


def _frame(data_dir: Path | str | None) -> pd.DataFrame:
    return data.glossary(data_dir).set_index("term_id", drop=False)


def terms(data_dir: Path | str | None = None) -> list[str]:
    """The ids of every defined term, in alphabetical order of the terms."""
    frame = _frame(data_dir)
    return sorted(frame.index, key=lambda term_id: frame.loc[term_id, "term"].casefold())


def _rows(term_ids: tuple[str, ...], data_dir: Path | str | None) -> list[pd.Series]:
    frame = _frame(data_dir)
    unknown = [t for t in term_ids if t not in frame.index]
    if unknown:
        raise KeyError(f"no glossary term {', '.join(map(repr, unknown))} in glossary.csv; "
                       f"the known term_ids are: {', '.join(sorted(frame.index))}")
    return [frame.loc[t] for t in dict.fromkeys(term_ids)]


def rows(term_ids: list[str], data_dir: Path | str | None = None) -> list[pd.Series]:
    """The glossary's rows for these terms, in the order given (an unknown id is a KeyError)."""
    return _rows(tuple(term_ids), data_dir)


class _Names:
    """Each cited source's name and each term's words, looked up once per box or table."""

    def __init__(self, data_dir: Path | str | None) -> None:
        self.sources = data.sources(data_dir).set_index("source_id")
        glossary = data.glossary(data_dir)
        self.terms = dict(zip(glossary["term_id"], glossary["term"].astype(str)))
        self._cited: dict[str, str] = {}

    def source(self, source_id: str) -> str:
        # Indexing one row of a frame costs far more than building the name, and a box
        # shows each row twice (as HTML and as text).
        if source_id not in self._cited:
            self._cited[source_id] = source_name(self.sources.loc[source_id])
        return self._cited[source_id]


def _parts(row: pd.Series, names: _Names) -> tuple[str, str, str]:
    """The term, its sources as names, and its related terms as words."""
    cited = "; ".join(names.source(s) for s in row["sources"])
    related = ", ".join(names.terms[t] for t in row["see_also"])
    return str(row["term"]), cited, related


def _entry_html(row: pd.Series, names: _Names) -> str:
    term, cited, related = _parts(row, names)
    extra = f"Sources: {cited}." + (f" See also: {related}." if related else "")
    return (f"<p style='margin:0.2em 0'><b>{escape(term)}</b>: {escape(row['definition'])}"
            f"<br><small>{escape(extra)}</small></p>")


def _entry_text(row: pd.Series, names: _Names) -> str:
    term, cited, related = _parts(row, names)
    lines = [f"{term}: {row['definition']}", f"  Sources: {cited}."]
    if related:
        lines.append(f"  See also: {related}.")
    return "\n".join(lines)


def define_all(*term_ids: str, data_dir: Path | str | None = None) -> Html:
    """One box defining several terms, in the order given."""
    rows = _rows(term_ids, data_dir)
    names = _Names(data_dir)
    label = "Glossary: " + ", ".join(str(r["term"]) for r in rows)
    html = (f'<div role="note" aria-label="{escape(label)}" style="{_BOX}">'
            + "".join(_entry_html(r, names) for r in rows) + "</div>")
    return Html(html, "\n".join(_entry_text(r, names) for r in rows))


def define(term_id: str, data_dir: Path | str | None = None) -> Html:
    """A small box with a term and its definition, for the place a lesson first uses it."""
    return define_all(term_id, data_dir=data_dir)


def table(term_ids: list[str] | None = None, data_dir: Path | str | None = None) -> Html:
    """Every term (or the ones given, in that order) with its meaning and sources, as a table."""
    rows = _rows(tuple(term_ids if term_ids is not None else terms(data_dir)), data_dir)
    names = _Names(data_dir)
    body, lines = [], []
    for row in rows:
        term, cited, related = _parts(row, names)
        also = f"<br><small>See also: {escape(related)}.</small>" if related else ""
        body.append(f"<tr><th scope='row' style='text-align:left;vertical-align:top'>{escape(term)}</th>"
                    f"<td style='text-align:left'>{escape(row['definition'])}{also}</td>"
                    f"<td style='text-align:left'><small>{escape(cited)}</small></td></tr>")
        lines.append(_entry_text(row, names))
    html = ("<table><thead><tr><th style='text-align:left'>Term</th><th style='text-align:left'>Meaning"
            "</th><th style='text-align:left'>Sources</th></tr></thead><tbody>" + "".join(body)
            + "</tbody></table>")
    return Html(html, "\n".join(lines))


# Characters Markdown would read as formatting or as HTML.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _html.escape(text, quote=False))


def markdown(term_ids: list[str] | None = None, data_dir: Path | str | None = None) -> str:
    """The glossary as a Markdown list, for the teacher's guide."""
    rows = _rows(tuple(term_ids if term_ids is not None else terms(data_dir)), data_dir)
    names = _Names(data_dir)
    lines = []
    for row in rows:
        term, cited, related = _parts(row, names)
        also = f" See also: {_markdown_escape(related)}." if related else ""
        lines.append(f"- **{_markdown_escape(term)}**: {_markdown_escape(str(row['definition']))}"
                     f" *(Sources: {_markdown_escape(cited)}.)*{also}")
    return "\n".join(lines) + "\n"
