"""Printable worksheets: one PDF per lesson for students, and an answer sheet for the teacher.

    python -m lessons.worksheets OUTDIR        (or: make worksheets)

Everything comes from the course itself, never typed twice: the story in short and the charts from
the stored notebook (each section's heading and first paragraph, the charts with their captions),
the exercise as a paper task from ``data/exercises``, the quiz questions without their answers from
the bank, and the terms the lesson defines from the glossary. The answer sheet holds what the
student sheet leaves out: each question's answer and explanation, and the exercise's solution.
"""

from __future__ import annotations

import base64
import io
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, Preformatted, SimpleDocTemplate, Spacer

from lessons import course, exercises, glossary
from lessons.questions import banks
from lessons.questions import types as qs

__all__ = ["answer_sheet", "lesson_parts", "main", "student_sheet"]

# DejaVu ships with matplotlib and covers every script and sign the course uses (Cyrillic names,
# arrows, en dashes), which the PDF standard fonts do not.
_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
for _name, _file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                     ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf"), ("DejaVuMono", "DejaVuSansMono.ttf")):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_name, str(_FONTS / _file)))
pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu-Oblique",
                              boldItalic="DejaVu-Bold")

BODY = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=13.5, spaceAfter=5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11, textColor=colors.HexColor("#333333"))
TITLE = ParagraphStyle("title", parent=BODY, fontName="DejaVu-Bold", fontSize=16, leading=20, spaceAfter=8)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="DejaVu-Bold", fontSize=12, leading=15,
                         spaceBefore=8, spaceAfter=4)
CODE = ParagraphStyle("code", parent=BODY, fontName="DejaVuMono", fontSize=8.5, leading=11,
                      backColor=colors.HexColor("#F2F2F2"), borderPadding=4)
_IMAGE = re.compile(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"')
_CAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
# The headings every lesson shares (notebooks.md); the others are its story's sections.
_FRAME = {"At a glance", "Setup", "Your turn", "Check your understanding", "Key points",
          "Sources and further reading", "Next"}
_DEFINED = re.compile(r"glossary\.define(?:_all)?\(([^)]*)\)")


def _inline(markdown: str) -> str:
    """One paragraph of the lessons' Markdown as ReportLab's small markup: text escaped first."""
    text = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # a link prints as its words
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    text = re.sub(r"`([^`]+)`", r'<font face="DejaVuMono">\1</font>', text)
    return " ".join(text.split())


def _paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]


def lesson_parts(lesson: str) -> dict[str, Any]:
    """What a worksheet takes from a stored notebook: title, content note, the sections' headings
    and first paragraphs, key points, charts (PNG bytes, caption) and the glossary terms defined."""
    cells = json.loads((course.NOTEBOOK_DIR / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    parts: dict[str, Any] = {"title": "", "intro": "", "note": "", "sections": [], "key_points": [],
                             "charts": [], "terms": []}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            first, _, rest = source.partition("\n")
            if first.startswith("# ") and not parts["title"]:
                parts["title"], parts["intro"] = first[2:].strip(), rest.strip()
            elif source.startswith("> **Content note.**"):
                parts["note"] = " ".join(line.lstrip("> ") for line in source.splitlines())
            elif first.startswith("## ") and first[3:].strip() not in _FRAME:
                paragraphs = _paragraphs(rest)
                parts["sections"].append((first[3:].strip(), paragraphs[0] if paragraphs else ""))
            elif first.startswith("## Key points"):
                items = re.split(r"\n- ", "\n" + rest)
                parts["key_points"] = [item.strip() for item in items if item.strip()]
            continue
        for call in _DEFINED.findall(source):
            parts["terms"] += [t for t in re.findall(r'"([a-z0-9-]+)"', call) if t not in parts["terms"]]
        for output in cell.get("outputs", []):
            page = "".join(output.get("data", {}).get("text/html", ""))
            found = _IMAGE.search(page)
            if found:
                caption = _CAPTION.search(page)
                parts["charts"].append((base64.b64decode(found.group(1)),
                                        caption.group(1) if caption else ""))
    return parts


def _chart(png: bytes, caption: str, width: float = 16.5 * cm) -> list[Any]:
    reader = ImageReader(io.BytesIO(png))
    pixels_wide, pixels_high = reader.getSize()
    picture = Image(io.BytesIO(png), width=width, height=width * pixels_high / pixels_wide)
    return [KeepTogether([picture, Paragraph(caption, SMALL) if caption else Spacer(1, 2)]), Spacer(1, 6)]


def _choices(question: qs.Question) -> list[str]:
    if isinstance(question, qs.MatchQuestion):
        return ([f"{left} → ______" for left in question.lefts]
                + ["Choose from: " + "; ".join(question.choices())])
    if isinstance(question, qs.OrderQuestion):
        return [f"___  {item}" for item in question.choices()]
    if isinstance(question, qs.NumberQuestion):
        unit = f" {question.unit}" if question.unit else ""
        return [f"Answer: ____________{unit}"]
    return [f"☐  {choice}" for choice in question.choices()]


def _exercise(lesson: str) -> exercises.Exercise | None:
    found = exercises.for_lesson(lesson)
    return found[0] if found else None


def _questions(lesson: str) -> list[qs.Question]:
    return banks.load_bank(lesson)


def _story(parts: dict[str, Any]) -> list[Any]:
    flow: list[Any] = [Paragraph(_inline(parts["title"]), TITLE), Paragraph(_inline(parts["intro"]), BODY)]
    if parts["note"]:
        flow.append(Paragraph(_inline(parts["note"]), SMALL))
    flow.append(Paragraph("The story in short", HEADING))
    for heading, first in parts["sections"]:
        flow.append(Paragraph(f"<b>{_inline(heading)}.</b> {_inline(first)}", BODY))
    if parts["charts"]:
        flow.append(Paragraph("Charts", HEADING))
        for png, caption in parts["charts"]:
            flow += _chart(png, _inline(caption))
    return flow


def student_sheet(lesson: str, path: Path) -> Path:
    """The worksheet a student works on: story, charts, the exercise on paper, the quiz, the terms."""
    parts = lesson_parts(lesson)
    flow = _story(parts)
    exercise = _exercise(lesson)
    if exercise is not None:
        flow += [Paragraph(f"Your turn: {_inline(exercise.title)}", HEADING),
                 *(Paragraph(_inline(p), BODY) for p in _paragraphs(exercise.task)),
                 Paragraph("The code to complete (fill each ___):", BODY),
                 Preformatted(exercise.scaffold.rstrip(), CODE), Spacer(1, 6),
                 Paragraph("Your answer: ______________________", BODY),
                 Paragraph("What you conclude, in one or two sentences:", BODY), Spacer(1, 40)]
    flow.append(Paragraph("Check your understanding", HEADING))
    for number, question in enumerate(_questions(lesson), 1):
        asked = f"<b>{number}.</b> {_inline(question.prompt)} <i>{_inline(question.instruction)}</i>"
        block = [Paragraph(asked, BODY)]
        block += [Paragraph(_inline(choice), SMALL) for choice in _choices(question)]
        flow += [KeepTogether(block), Spacer(1, 4)]
    if parts["terms"]:
        flow.append(Paragraph("Words used in this lesson", HEADING))
        for term in glossary.rows(parts["terms"]):
            meaning = f"<b>{_inline(str(term['term']))}</b>: {_inline(str(term['definition']))}"
            flow.append(Paragraph(meaning, SMALL))
    return _build(flow, path, parts["title"])


def answer_sheet(lesson: str, path: Path) -> Path:
    """The teacher's sheet: every question's answer and explanation, and the exercise's solution."""
    parts = lesson_parts(lesson)
    flow: list[Any] = [Paragraph(f"Answers: {_inline(parts['title'])}", TITLE)]
    exercise = _exercise(lesson)
    if exercise is not None:
        flow += [Paragraph(f"Your turn: {_inline(exercise.title)}", HEADING),
                 Paragraph(f"Answer: <b>{_inline(str(exercises.expected(exercise.id)))}</b>", BODY),
                 Preformatted(exercise.solution.rstrip(), CODE), Spacer(1, 4),
                 Paragraph(_inline(exercise.explanation), BODY)]
    flow.append(Paragraph("Quiz", HEADING))
    for number, question in enumerate(_questions(lesson), 1):
        flow.append(KeepTogether([
            Paragraph(f"<b>{number}.</b> {_inline(question.prompt)}", BODY),
            Paragraph(f"<b>Answer:</b> {_inline(question.answer_text())}", BODY),
            Paragraph(_inline(question.explanation), SMALL), Spacer(1, 4)]))
    return _build(flow, path, f"Answers: {parts['title']}")


def _build(flow: list[Any], path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # No creation date in the file, so that the same course makes the same PDF.
    document = SimpleDocTemplate(str(path), pagesize=A4, title=title, author="Planet Without a Visa",
                                 leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                                 bottomMargin=1.8 * cm, invariant=1)
    document.build(flow)
    return path


def main(argv: Iterable[str] | None = None) -> int:
    """Write both sheets for every written lesson into the folder given."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m lessons.worksheets OUTDIR", file=sys.stderr)
        return 2
    folder = Path(arguments[0])
    for item in course.PLAN:
        if item.exists():
            print(student_sheet(item.slug, folder / f"{item.slug}.pdf"))
            print(answer_sheet(item.slug, folder / f"{item.slug}-answers.pdf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
