"""The course plan: one lesson per class period, in order. The one place that lists them.

The question-bank schema and the docs take the list of lessons from :data:`PLAN`. Importing this
module loads no pandas: it needs only :mod:`lessons.html` and :mod:`lessons.resources`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lessons.html import Html, escape
from lessons.resources import BANK_DIR

__all__ = ["NOTEBOOK_DIR", "PLAN", "SLUGS", "Lesson", "lesson", "lesson_list"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Lesson:
    """One lesson: its number, file stem and title."""

    number: str
    slug: str
    title: str

    @property
    def notebook(self) -> str:
        """The notebook's file name."""
        return f"{self.slug}.ipynb"

    def exists(self) -> bool:
        """True once the lesson is written: it then has its question bank (a test checks that
        the banks and the notebooks match), which an installed course carries too."""
        return (BANK_DIR / f"{self.slug}.yaml").is_file()


PLAN = (
    Lesson("00", "00-start-here", "Start here"),
    Lesson("01", "01-october-to-expulsion", "From October to expulsion, 1917-1929"),
    Lesson("02", "02-planet-without-a-visa", "A planet without a visa: the exile, 1928-1937"),
    Lesson("03", "03-moscow-trials", "The Moscow trials, 1936-1938"),
    Lesson("04", "04-dewey-commission", "The Dewey Commission, 1937"),
    Lesson("05", "05-hunt-abroad", "The hunt abroad, 1936-1938"),
    Lesson("06", "06-operation-duck", "Operation Duck: the raid and the assassination, 1940"),
    Lesson("07", "07-aftermath-and-memory", "Aftermath and memory"),
    Lesson("08", "08-reading-the-sources", "Reading the sources: five accounts side by side"),
)

SLUGS = tuple(lesson.slug for lesson in PLAN)


def lesson(slug: str) -> Lesson:
    """Find a lesson by its file stem, e.g. '02-planet-without-a-visa'."""
    for item in PLAN:
        if item.slug == slug:
            return item
    raise KeyError(f"no lesson {slug!r}; the lessons are: {', '.join(SLUGS)}")


def lesson_list() -> Html:
    """The lesson list, linking the lessons already written."""
    rows, lines = [], []
    for item in PLAN:
        label = f"{item.number} · {item.title}"
        if item.exists():
            rows.append(f'<li><a href="{escape(item.notebook)}">{escape(label)}</a></li>')
            lines.append(f"- {label} ({item.notebook})")
        else:
            rows.append(f"<li>{escape(label)} <i>(in preparation)</i></li>")
            lines.append(f"- {label} (in preparation)")
    return Html("<ol start='0' style='list-style:none;padding-left:0'>" + "".join(rows) + "</ol>",
                "\n".join(lines))
