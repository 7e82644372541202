"""Pin what a lesson's prose says about the data, so that a sentence and the data cannot drift apart.

A teacher repeats what a lesson says ("the largest table", "dated to the day", "these five"). Each
such sentence gets a test that reads the data and a `says()` check that the sentence is still in the
lesson: if someone rewrites the sentence, or the data changes under it, the test fails and points at
both. For a new lesson, write one test per claim:

    def test_03_the_sixteen_were_all_sentenced_to_death(tables):
        assert says("03-moscow-trials", "all sixteen were sentenced to death")
        assert set(tables["defendants"].query("trial_id == 'trial-of-the-sixteen'")["sentence"]) == {"death"}
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@cache
def prose(lesson: str) -> str:
    """The markdown of a lesson notebook, with line breaks and runs of spaces made single spaces."""
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return re.sub(r"\s+", " ", text)


def says(lesson: str, phrase: str) -> bool:
    """True when the lesson's prose contains the phrase (spacing and line breaks ignored)."""
    return re.sub(r"\s+", " ", phrase) in prose(lesson)


def stored_output(lesson: str, source_starts: str) -> str:
    """The stored text/html (or text/plain) output of the code cell whose source starts so."""
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    matches = [c for c in cells
               if c["cell_type"] == "code" and "".join(c["source"]).startswith(source_starts)]
    assert len(matches) == 1, f"{lesson}: {len(matches)} code cells start with {source_starts!r}"
    parts = []
    for output in matches[0].get("outputs", []):
        bundle = output.get("data", {})
        text = bundle.get("text/html") or bundle.get("text/plain") or output.get("text", "")
        parts.append("".join(text))
    return "".join(parts)


def stored_source(lesson: str, source_starts: str) -> str:
    """The source of the one code cell whose source starts so (to pin what a cell asks the data)."""
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    matches = ["".join(c["source"]) for c in cells
               if c["cell_type"] == "code" and "".join(c["source"]).startswith(source_starts)]
    assert len(matches) == 1, f"{lesson}: {len(matches)} code cells start with {source_starts!r}"
    return matches[0]
