"""Load the course dataset: one call per table, checked against data/datapackage.json.

Every table is read once per session (cached), checked row by row against its schema,
and returned as a typed pandas DataFrame:

- partial dates (``1929``, ``1929-02``, ``1929-02-12``) become datetimes at the earliest
  day they allow, with their precision kept beside them; tables with a start and an end
  (events, trials, residences) also get the days they may span, from :mod:`lessons.dates`:
  ``earliest`` and ``latest`` (the widest reading), ``start_latest`` and ``end_earliest``
  (the narrowest);
- fixed vocabularies become categoricals;
- ``;``-separated lists (sources, aliases, groups) become Python lists.

A problem in a file raises :class:`DataError`, whose message names the file, the row
(as a spreadsheet shows it: the header is row 1) and the column. Nothing is silently repaired:
invisible characters, NUL bytes, stray quotes, non-finite numbers, implausible dates, links
that are not http(s) and tables without rows are all errors.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from lessons import dates
from lessons import times as times_of_day
from lessons.dates import MONTHS, PRECISION_BY_LENGTH, format_date, format_span
from lessons.resources import DATA_DIR

__all__ = [
    "ALL_TABLES", "COURSE_TABLES", "DATA_DIR", "LESSON_TABLES", "MONTHS", "TABLES", "DataError",
    "allegations", "availability", "claims", "clear_cache", "defendants", "event_people", "events",
    "events_of", "figures", "format_date", "format_span", "glossary", "load", "load_all", "office_holders",
    "offices", "people", "places", "relations", "residences", "schema", "sources", "times", "trials",
]

# The historical record: what load_all() reads and checks as one dataset.
TABLES = (
    "sources", "places", "people", "events", "event_people",
    "residences", "trials", "defendants", "claims",
)
# Course text that cites the record without being part of it: load() reads it, load_all() leaves
# it out, so a copy of the dataset without a glossary is still complete.
COURSE_TABLES = ("glossary",)

# Tables one lesson draws on (the Dewey Commission's tested allegations, the figures of the
# terror, Trotsky's offices, the times of day of 1940, when each kind of source became available):
# loaded by name, like the glossary, and left out of load_all().
LESSON_TABLES = ("allegations", "figures", "relations", "offices", "times", "availability")
ALL_TABLES = TABLES + COURSE_TABLES + LESSON_TABLES

# Each partial-date column and the column holding its precision.
PRECISION_COLUMN = {
    ("events", "start_date"): "date_precision",
    ("events", "end_date"): "date_precision",
    ("trials", "start_date"): "date_precision",
    ("trials", "end_date"): "date_precision",
    ("people", "born"): "born_precision",
    ("people", "died"): "died_precision",
    ("residences", "start_date"): "start_precision",
    ("residences", "end_date"): "end_precision",
    ("defendants", "executed_date"): "executed_precision",
    ("defendants", "rehabilitated_date"): "rehabilitated_precision",
    ("allegations", "alleged_date"): "alleged_date_precision",
    ("relations", "from_date"): "from_precision",
    ("relations", "to_date"): "to_precision",
    ("offices", "from_date"): "from_precision",
    ("offices", "to_date"): "to_precision",
    ("availability", "available"): "available_precision",
}

# Start/end pairs that must not run backwards.
ORDERED_PAIRS = {
    "events": [("start_date", "end_date")],
    "trials": [("start_date", "end_date")],
    "residences": [("start_date", "end_date")],
    "people": [("born", "died")],
    "offices": [("from_date", "to_date")],
}

# Columns holding ids of sources.csv rows.
SOURCE_LIST_COLUMNS = {"sources", "reference_sources", "evidence_sources"}

# Tables whose rows span time: (start column, end column, start precision, end precision).
SPANS = {
    "events": ("start_date", "end_date", "date_precision", "date_precision"),
    "trials": ("start_date", "end_date", "date_precision", "date_precision"),
    "residences": ("start_date", "end_date", "start_precision", "end_precision"),
}

# A number as a person types it: no "nan", "inf" or "4_0" (all of which float() accepts).
NUMBER = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")

# Characters no cell should hold: controls (NUL included), invisible format characters (zero-width
# spaces, direction marks, a byte-order mark inside the file), private-use and undecodable bytes.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ue000-\uf8ff"
                       "\udc80-\udcff]")


class DataError(ValueError):
    """A problem in a data file, located by file, row and column."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {problem}")


# ---------------------------------------------------------------------------
# Schema


@cache
def _package(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("datapackage.json", None, None, f"not found in {data_dir}") from None
    except json.JSONDecodeError as exc:
        raise DataError("datapackage.json", exc.lineno, None, f"not valid JSON ({exc.msg})") from None


def schema(name: str, data_dir: Path | None = None) -> dict:
    """Return the Frictionless resource (path, schema, descriptions) of one table."""
    for resource in _package(Path(data_dir or DATA_DIR))["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"no table called {name!r}; the tables are: {', '.join(ALL_TABLES)}")


def _field_checker(field: dict) -> Callable[[str], str | None]:
    """Build a function that returns what is wrong with one non-empty cell, or None."""
    kind = field["type"]
    constraints = field.get("constraints", {})
    enum = constraints.get("enum")
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    low, high = constraints.get("minimum"), constraints.get("maximum")
    partial_date = field.get("x-course-kind") == "partial-date"
    time_of_day = field.get("x-course-kind") == "time-of-day"

    def check(text: str) -> str | None:
        number: float | None
        if text != text.strip():
            return f"{text!r} has spaces at its start or end"
        if kind == "integer":
            if not re.fullmatch(r"-?[0-9]+", text):
                return f"{text!r} is not a whole number"
            number = int(text)
        elif kind == "number":
            if not NUMBER.fullmatch(text) or not math.isfinite(number := float(text)):
                return f"{text!r} is not a number (write digits with a decimal point, like 43.238)"
        elif kind == "boolean":
            if text not in ("true", "false"):
                return f"{text!r} is not true or false"
            return None
        else:
            number = None
        if number is not None:
            if low is not None and number < low:
                return f"{text} is below the smallest allowed value, {low}"
            if high is not None and number > high:
                return f"{text} is above the largest allowed value, {high}"
        if enum is not None and text not in enum:
            return f"{text!r} is not one of: {', '.join(enum)}"
        if partial_date:
            # A table may ask for more than a partial date (times.csv wants the day): say so after
            # any problem with the date itself.
            found = dates.problem(text)
            if found or pattern is None or pattern.fullmatch(text):
                return found
            return f"{text!r} does not have the expected form ({field['description']})"
        if time_of_day:
            return times_of_day.problem(text)
        if pattern is not None and not pattern.fullmatch(text):
            return f"{text!r} does not have the expected form ({field['description']})"
        return None

    return check


# ---------------------------------------------------------------------------
# Reading one table


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    label = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(label, None, None, f"file not found in {path.parent}") from None
    except IsADirectoryError:
        raise DataError(label, None, None, f"is a folder, not a file (in {path.parent})") from None
    except PermissionError:
        raise DataError(label, None, None, "cannot be read: permission denied") from None
    # surrogateescape keeps undecodable bytes so we can say which cell holds them.
    text = raw.decode("utf-8", errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]  # A byte-order mark is how some editors save UTF-8; it is not a character.
    rows = _parse_csv(label, text)
    if not rows:
        raise DataError(label, 1, None, "the file is empty; it needs at least a header row")
    header = rows[0]
    if len(header) == 1:
        # No table has a single column: a spreadsheet saved it with another separator.
        for mark, name in (("\t", "tabs"), (";", "semicolons")):
            if mark in header[0]:
                raise DataError(label, 1, None, f"the columns are separated by {name}, not commas: "
                                "save the file as CSV with commas")
    if INVISIBLE.search(text) or '"' in text:
        _check_cells(label, text, rows)
    return header, rows[1:]


def _parse_csv(label: str, text: str) -> list[list[str]]:
    limit = csv.field_size_limit()
    # The default limit (128 KiB) would call a long but valid cell a broken quote.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[list[str]] = []
        while True:
            try:
                rows.append(next(reader))
            except StopIteration:
                return rows
            except csv.Error as exc:
                # The reader fails where the file ends; the row to fix is where the quote opened.
                raise DataError(label, len(rows) + 1, None,
                                f"broken CSV quoting: a quote opened in this row never closes ({exc})"
                                ) from None
    finally:
        csv.field_size_limit(limit)


def _check_cells(label: str, text: str, rows: list[list[str]]) -> None:
    """Find invisible characters, undecodable bytes and stray quotes, cell by cell."""
    header = rows[0]
    for row_number, row in enumerate(rows, start=1):
        for column_index, cell in enumerate(row):
            # In the header itself, the cell is the column name: it cannot name itself.
            column = header[column_index] if column_index < len(header) and row_number > 1 else None
            found = INVISIBLE.search(cell)
            if found:
                char = found.group()
                if "\udc80" <= char <= "\udcff":
                    raise DataError(label, row_number, column,
                                    "contains bytes that are not UTF-8 (save the file as UTF-8)")
                name = unicodedata.name(char, "a control character")
                raise DataError(label, row_number, column,
                                f"contains an invisible character, U+{ord(char):04X} ({name}), "
                                f"at position {found.start() + 1}: delete it")
            # A quoted cell appears in the file as "..." with its quotes doubled; a cell that does
            # not was unquoted, and a quote inside it is a typing slip the csv module lets through.
            if '"' in cell and f'"{cell.replace(chr(34), chr(34) * 2)}"' not in text:
                raise DataError(label, row_number, column,
                                "has a quote inside a cell that does not start with one: put the "
                                'whole cell in quotes and double the quote inside ("")')


def _check_table(name: str, data_dir: Path) -> list[tuple[int, dict[str, str]]]:
    """Read a table and check every cell against its schema; return (row number, row) pairs."""
    resource = schema(name, data_dir)
    label = resource["path"]
    fields = resource["schema"]["fields"]
    header, rows = _read_rows(data_dir / label)

    expected = [f["name"] for f in fields]
    for column in header:
        if column != column.strip():
            raise DataError(label, 1, column.strip(), f"{column!r} has spaces at its start or end")
    if len(set(header)) != len(header):
        duplicate = next(c for c in header if header.count(c) > 1)
        raise DataError(label, 1, duplicate, "this column appears twice in the header")
    for column in expected:
        if column not in header:
            raise DataError(label, 1, column, "this column is missing from the header")
    for column in header:
        if column not in expected:
            raise DataError(label, 1, column, f"unknown column (expected: {', '.join(expected)})")

    checkers = {f["name"]: _field_checker(f) for f in fields}
    required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
    records: list[tuple[int, dict[str, str]]] = []
    for row_number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # A blank line is harmless; say nothing.
        if len(cells) != len(header):
            raise DataError(label, row_number, None,
                            f"has {len(cells)} cells but the header has {len(header)} columns")
        record = dict(zip(header, cells))
        for column in expected:
            value = record[column]
            if value == "":
                if column in required:
                    raise DataError(label, row_number, column, "is empty but required")
                continue
            problem = checkers[column](value)
            if problem:
                raise DataError(label, row_number, column, problem)
        _check_row_logic(name, label, row_number, record)
        records.append((row_number, record))

    if not records:
        raise DataError(label, None, None, "has a header but no rows of data")
    key = resource["schema"]["primaryKey"]
    seen: dict[tuple[str, ...], int] = {}
    for row_number, record in records:
        ids = tuple(record[k] for k in key)
        if ids in seen:
            raise DataError(label, row_number, key[-1],
                            f"duplicate id {'/'.join(ids)!r} (first used in row {seen[ids]})")
        seen[ids] = row_number
    return records


def _check_row_logic(name: str, label: str, row: int, record: dict[str, str]) -> None:
    """Checks a schema cannot express: precision matches the date; nothing runs backwards."""
    for (table, column), precision_column in PRECISION_COLUMN.items():
        if table != name:
            continue
        value, precision = record[column], record[precision_column]
        if not value:
            continue
        expected = PRECISION_BY_LENGTH[len(value)]
        if not precision:
            raise DataError(label, row, precision_column,
                            f"is empty, but {column} {value!r} needs a precision ({expected})")
        if precision != expected:
            raise DataError(label, row, precision_column,
                            f"says {precision!r} but {column} {value!r} is written to the {expected}")
    if name == "times":
        # A time given "to the hour" or as "the evening" is written as the start of its span.
        found = times_of_day.problem(record["time"], record["time_precision"])
        if found:
            raise DataError(label, row, "time_precision", found)
    if name == "claims" and record["agreement"] != "unverified" and not record["reference_sources"]:
        raise DataError(label, row, "reference_sources",
                        f"is empty, but agreement {record['agreement']!r} needs the references "
                        "it was checked against")
    url = record.get("url")
    if url and not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", url):
        # Only web addresses become links: "javascript:" or "file:" would run or open something.
        raise DataError(label, row, "url", f"{url[:60]!r} is not a web address starting http:// or https://")
    for start, end in ORDERED_PAIRS.get(name, []):
        if record[start] and record[end]:
            # Compare at the coarser precision: "1937" and "1937-01-09" do not conflict.
            width = min(len(record[start]), len(record[end]))
            if record[end][:width] < record[start][:width]:
                raise DataError(label, row, end,
                                f"{record[end]!r} is before {start} {record[start]!r}")


# ---------------------------------------------------------------------------
# Typed frames


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()] if text else []


def _to_frame(name: str, numbered: list[tuple[int, dict[str, str]]], data_dir: Path) -> pd.DataFrame:
    records = [record for _, record in numbered]
    fields = schema(name, data_dir)["schema"]["fields"]
    columns: dict[str, object] = {}
    for field in fields:
        column = field["name"]
        values = [r[column] for r in records]
        kind = field.get("x-course-kind")
        enum = field.get("constraints", {}).get("enum")
        if kind == "partial-date":
            columns[column] = pd.to_datetime(
                [dates.first_day(v) if v else None for v in values]).astype("datetime64[us]")
        elif kind == "list":
            columns[column] = pd.Series([_split_list(v) for v in values], dtype=object)
        elif enum is not None:
            columns[column] = pd.Categorical([v or None for v in values], categories=enum)
        elif field["type"] == "integer":
            columns[column] = pd.array([int(v) if v else None for v in values], dtype="Int64")
        elif field["type"] == "number":
            columns[column] = pd.to_numeric(pd.Series(values, dtype="str"), errors="raise")
        elif field["type"] == "boolean":
            columns[column] = pd.Series([v == "true" for v in values], dtype=bool)
        else:
            columns[column] = pd.Series([v if v else None for v in values], dtype="str")
    frame = pd.DataFrame(columns)
    if name == "events":
        frame["when"] = [format_span(s, e, p) for s, e, p in
                         zip(frame["start_date"], frame["end_date"], frame["date_precision"])]
    if name == "residences":
        frame["when"] = [dates.stay_span(s, sp, e, ep) for s, sp, e, ep in
                         zip(frame["start_date"], frame["start_precision"],
                             frame["end_date"], frame["end_precision"])]
    if name == "times":
        frame = pd.concat([frame, times_of_day.windows(frame["date"], frame["time"],
                                                       frame["time_precision"])], axis=1)
        frame["when"] = [times_of_day.format_moment(d, t, str(p)) for d, t, p in
                         zip(frame["date"], frame["time"], frame["time_precision"])]
    if name in SPANS:
        _add_spans(frame, *SPANS[name], open_ended=name == "residences")
    if name == "availability":
        _date_from_sources(frame, numbered, data_dir)
    return frame


def _date_from_sources(frame: pd.DataFrame, numbered: list[tuple[int, dict[str, str]]],
                       data_dir: Path) -> None:
    """Give each work the year sources.csv records for it, so that no year is typed twice: a row
    types its own date only when its work has no year there (or is not in sources.csv)."""
    years = dict(zip(*(_load_cached("sources", data_dir)[c] for c in ("source_id", "year"))))
    label = schema("availability", data_dir)["path"]
    for index, (row, record) in enumerate(numbered):
        found = years.get(record["source_id"]) if record["source_id"] else None
        known = found is not None and not pd.isna(found)
        year = int(found) if known and found is not None else 0
        if known and record["available"]:
            raise DataError(label, row, "available",
                            f"is {record['available']!r}, but sources.csv already gives "
                            f"{record['source_id']!r} the year {year}: leave available empty")
        if not known and not record["available"]:
            raise DataError(label, row, "available",
                            "is empty, and sources.csv gives no year for this work: write the date "
                            "it became available, with its precision")
        if known:
            frame.loc[index, "available"] = pd.Timestamp(year, 1, 1)
            frame.loc[index, "available_precision"] = "year"
    frame["when"] = [dates.format_date(d, p) for d, p in
                     zip(frame["available"], frame["available_precision"])]


def _add_spans(frame: pd.DataFrame, start: str, end: str, start_precision: str, end_precision: str,
               open_ended: bool) -> None:
    """Add the days a row may span: widest (earliest, latest) and narrowest (start_latest,
    end_earliest). An event without an end is one date; a stay without one is still going on."""
    frame["earliest"] = frame[start]
    frame["start_latest"] = dates.latest_days(frame[start], frame[start_precision])
    end_earliest = frame[end].copy()
    latest = dates.latest_days(frame[end], frame[end_precision])
    if not open_ended:
        end_earliest = end_earliest.fillna(frame["earliest"])
        latest = latest.fillna(frame["start_latest"])
    frame["end_earliest"] = end_earliest
    frame["latest"] = latest


# ---------------------------------------------------------------------------
# References between tables


def _check_references(name: str, records: list[tuple[int, dict[str, str]]], data_dir: Path) -> None:
    resource = schema(name, data_dir)
    label = resource["path"]
    for fk in resource["schema"].get("foreignKeys", []):
        column = fk["fields"]
        target, target_column = fk["reference"]["resource"], fk["reference"]["fields"]
        known = set(load(target, data_dir)[target_column])
        for row, record in records:
            if record[column] and record[column] not in known:
                raise DataError(label, row, column,
                                f"{record[column]!r} is not an id in {target}.csv")
    list_columns = [f["name"] for f in resource["schema"]["fields"]
                    if f["name"] in SOURCE_LIST_COLUMNS]
    if list_columns and name != "sources":
        known = set(load("sources", data_dir)["source_id"])
        for row, record in records:
            for column in list_columns:
                for source_id in _split_list(record[column]):
                    if source_id not in known:
                        raise DataError(label, row, column,
                                        f"{source_id!r} is not an id in sources.csv")
    if name == "glossary":
        # A "see also" that points nowhere would send a student to a definition that is not there.
        terms = {record["term_id"] for _, record in records}
        for row, record in records:
            for term_id in _split_list(record["see_also"]):
                if term_id not in terms:
                    raise DataError(label, row, "see_also", f"{term_id!r} is not a term_id in glossary.csv")


# ---------------------------------------------------------------------------
# Public API


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Return one table of the dataset as a typed DataFrame (checked, then cached)."""
    return _load_cached(name, Path(data_dir) if data_dir else DATA_DIR).copy(deep=False)


@cache
def _load_cached(name: str, data_dir: Path) -> pd.DataFrame:
    if name not in ALL_TABLES:
        raise KeyError(f"no table called {name!r}; the tables are: {', '.join(ALL_TABLES)}")
    records = _check_table(name, data_dir)
    _check_references(name, records, data_dir)
    frame = _to_frame(name, records, data_dir)
    if "sources" in frame.columns and name != "sources":
        # The history rules ask that a fact resting only on partisan works be flagged; computing
        # the flag here keeps it true whenever a source is added or reclassified.
        sources_table = _load_cached("sources", data_dir)
        partisan = dict(zip(sources_table["source_id"], sources_table["partisan"]))
        frame["partisan_only"] = [bool(ids) and all(partisan[s] for s in ids) for ids in frame["sources"]]
    return frame


def load_all(data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Load and check every table of the historical record (not the glossary); return them by name."""
    return {name: load(name, data_dir) for name in TABLES}


def clear_cache() -> None:
    """Forget loaded tables, so that edited files are read again."""
    _load_cached.cache_clear()
    _package.cache_clear()


def sources(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every work the dataset cites."""
    return load("sources", data_dir)


def places(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Towns and sites, with coordinates."""
    return load("places", data_dir)


def people(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Everyone the lessons name."""
    return load("people", data_dir)


def events(data_dir: Path | str | None = None) -> pd.DataFrame:
    """What happened, when and where, sorted by date."""
    return load("events", data_dir).sort_values(["start_date", "event_id"], ignore_index=True)


def event_people(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Who took part in which event."""
    return load("event_people", data_dir)


def residences(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Who lived where, and when."""
    return load("residences", data_dir).sort_values(["person_id", "start_date"], ignore_index=True)


def trials(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The Moscow trials and the military trial of 1937."""
    return load("trials", data_dir).sort_values("start_date", ignore_index=True)


def defendants(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Each defendant of each trial."""
    return load("defendants", data_dir)


def claims(data_dir: Path | str | None = None) -> pd.DataFrame:
    """What each source says where sources disagree."""
    return load("claims", data_dir)


def allegations(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Checkable statements made at the Moscow trials, each against what the evidence shows."""
    return load("allegations", data_dir)


def figures(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Numbers on the scale of the terror: the articles', the archives' and historians'."""
    return load("figures", data_dir)


def relations(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Typed links between people in the secret police's campaign abroad: the network's edges."""
    return load("relations", data_dir)


def offices(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Offices and positions held, from when to when: Trotsky's posts and the Politburo of the 1920s."""
    return load("offices", data_dir).sort_values(["from_date", "office_id"], ignore_index=True)


def office_holders(office: str, on: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """The holders of one office on a day (``"1924-06-02"``), counting only rows whose dates
    certainly cover it: begun by then even at the latest day from_date allows, and not ended
    before it even at the earliest day to_date allows."""
    table = offices(data_dir)
    day = pd.Timestamp(on)
    begun = dates.latest_days(table["from_date"], table["from_precision"]) <= day
    # Partial dates are stored at their first day, the earliest an end can mean.
    ended = table["to_date"].notna() & (table["to_date"] < day)
    return table[(table["office"] == office) & begun & ~ended].reset_index(drop=True)


def events_of(person_ids: list[str], after: str | None = None,
              data_dir: Path | str | None = None) -> pd.DataFrame:
    """The events any of these people took part in (in any role), each once, in date order; with
    ``after`` (``"1940-08-21"``), only those that began later."""
    table = events(data_dir)
    links = event_people(data_dir)
    chosen = table[table["event_id"].isin(links.loc[links["person_id"].isin(person_ids), "event_id"])]
    if after is not None:
        chosen = chosen[chosen["start_date"] > pd.Timestamp(after)]
    return chosen.reset_index(drop=True)


def glossary(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The course's terms, each defined in a few plain sentences with its sources."""
    return load("glossary", data_dir)


def availability(data_dir: Path | str | None = None) -> pd.DataFrame:
    """When each work of evidence became available to a historian, in date order."""
    return load("availability", data_dir).sort_values(["available", "work_id"], ignore_index=True)


def times(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Times of day of the raid and the attack of 1940, each at its precision, in time order."""
    return load("times", data_dir).sort_values(["at", "time_id"], ignore_index=True)
