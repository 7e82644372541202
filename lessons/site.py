"""The course website: a Jupyter Book source made from the stored notebooks, and its checks.

``make site`` runs ``python -m lessons.site source build/site-src``, then Jupyter Book 1 on that
folder (in its own venv, offline), then ``python -m lessons.site check`` on the HTML it wrote.

The source step copies what the course already has, never a second version of it: the lessons in
plan order (:data:`lessons.course.PLAN` is the table of contents), the teacher's guide with its
answer keys, the data dictionary, and a glossary page written from ``data/glossary.csv``. In each
lesson the quiz cell's widget, which has no saved state and would show as an empty box, becomes an
interactive quiz in plain JavaScript (``site/quiz.js``) with the questions written into the page as
JSON by :func:`quiz_spec`; the quiz's static HTML stays beneath it for a browser without JavaScript.
Links between lessons written into outputs as ``.ipynb`` become page links.

The check reads every page: each lesson is there, no widget placeholder, every quiz has its
questions, every image has alt text, and nothing is loaded from another site.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import re
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lessons import course, glossary
from lessons.html import escape
from lessons.questions import banks
from lessons.questions import types as qs
from lessons.questions.generators import DatasetTables

__all__ = ["QUIZ_CLASS", "check_site", "lesson_page", "main", "quiz_html", "quiz_spec", "toc", "write_source"]

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
QUIZ_CLASS = "pwv-quiz"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Fields every question has; the others (options, answer, items, pairs, tolerance...) are the
# type's own and go to the page as they are, for site/quiz.js to grade with.
_COMMON = {"id", "prompt", "explanation", "sources", "feedback", "skill"}
_LESSON_LINK = re.compile(r'href="((?:\.\./notebooks/)?(\d\d-[a-z0-9-]+))\.ipynb(#[^"]*)?"')


# ---- the quiz on the page

def quiz_spec(question: qs.Question, labels: Mapping[str, str]) -> dict[str, Any]:
    """What site/quiz.js needs to show and grade one question, as plain JSON."""
    from lessons import quiz  # deferred: it imports ipywidgets, which only this needs here

    spec: dict[str, Any] = {
        f.name: getattr(question, f.name) for f in dataclasses.fields(question) if f.name not in _COMMON
    }
    spec.update(
        kind=question.kind, id=question.id, prompt=question.prompt, instruction=question.instruction,
        explanation=question.explanation, choices=list(question.choices()),
        feedback=dict(question.feedback),
        # Written once by the same code the notebooks use, already escaped.
        sources_html=quiz.sources_html(question, labels), answer_html=quiz.answer_html(question, labels),
    )
    if isinstance(question, qs.MatchQuestion):
        spec["lefts"] = list(question.lefts)
    if isinstance(question, qs.NumberQuestion):
        spec.update(what=question.what, example=question.example)
    return json.loads(json.dumps(spec))  # tuples become lists, as the page will read them


def _lesson_quiz(slug: str) -> tuple[str, list[qs.Question], dict[str, str]]:
    from lessons import quiz

    bank = banks.read_bank(slug)
    tables = DatasetTables()
    # The bank's questions as the notebook's quiz draws them (generated ones are seeded), without
    # the saved results a Quiz would restore.
    return bank["title"], banks.build_questions(bank, tables), quiz.source_labels(tables["sources"])


def _script_json(value: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a text would end the block: no "<" at all.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def quiz_html(slug: str) -> str:
    """A lesson's quiz for the website: its questions as JSON for site/quiz.js, over the static HTML."""
    from lessons import quiz

    title, questions, labels = _lesson_quiz(slug)
    data = {"lesson": slug, "title": title, "questions": [quiz_spec(q, labels) for q in questions]}
    return (f'<div class="{QUIZ_CLASS}" data-lesson="{escape(slug)}">'
            f'<script type="application/json" class="pwv-quiz-data">{_script_json(data)}</script>'
            f'<div class="pwv-quiz-static">{quiz.static_html(title, questions, labels)}</div></div>')


# ---- the pages

def _is_quiz_output(output: Mapping[str, Any]) -> bool:
    data = output.get("data", {})
    return WIDGET_VIEW in data and 'class="quiz"' in "".join(data.get("text/html", ""))


def _page_links(text: str) -> str:
    """Links to a lesson's notebook, written into an output, become links to its page."""
    return _LESSON_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(3) or ""}"', text)


def lesson_page(notebook: Mapping[str, Any], slug: str) -> dict[str, Any]:
    """A stored lesson notebook as the website shows it (the notebook itself is not changed)."""
    page = copy.deepcopy(dict(notebook))
    quizzes = 0
    for cell in page["cells"]:
        outputs = cell.get("outputs", [])
        if any(_is_quiz_output(o) for o in outputs):
            quizzes += 1
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/html": quiz_html(slug), "text/plain": "Quiz"}}]
            # The one line that makes the quiz says nothing to a reader of the page.
            cell.setdefault("metadata", {}).setdefault("tags", []).append("remove-input")
            continue
        for output in outputs:
            html = output.get("data", {}).get("text/html")
            if html is not None:
                output["data"]["text/html"] = _page_links("".join(html))
    if quizzes != 1:
        raise ValueError(f"lesson {slug}: expected one quiz cell with a stored quiz, found {quizzes}"
                         " (run `make execute` to store the notebooks' outputs)")
    return page


def toc(lessons: Iterable[course.Lesson], answer_keys: Sequence[str]) -> str:
    """The book's table of contents: the lessons in plan order, then the teacher's and reference pages."""
    lines = ["# Written by lessons/site.py from the course plan (lessons/course.py): do not edit.",
             "format: jb-book", "root: intro", "parts:", "  - caption: Lessons", "    chapters:"]
    lines += [f"      - file: notebooks/{item.slug}" for item in lessons]
    lines += ["  - caption: For teachers", "    chapters:", "      - file: teacher/README"]
    if answer_keys:
        lines.append("        sections:")
        lines += [f"          - file: teacher/answer-keys/{name}" for name in answer_keys]
    lines += ["  - caption: Reference", "    chapters:", "      - file: data/README",
              "      - file: glossary"]
    return "\n".join(lines) + "\n"


def _intro(lessons: Sequence[course.Lesson]) -> str:
    listing = "\n".join(f"- [{item.number} · {item.title}](notebooks/{item.notebook})" for item in lessons)
    return ((SITE_DIR / "intro.md").read_text(encoding="utf-8") + "\n## The lessons\n\n" + listing + "\n\n"
            "## For teachers and for reference\n\n- [The teacher's guide](teacher/README.md), with the "
            "answer keys\n- [The data dictionary](data/README.md): every table and column of the dataset\n"
            "- [The glossary](glossary.md): every term the lessons define, with its sources\n")


def write_source(out: Path, root: Path = ROOT) -> list[course.Lesson]:
    """Write the Jupyter Book source of the website into ``out``; return the lessons it holds."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    lessons = [item for item in course.PLAN if (root / "notebooks" / item.notebook).is_file()]
    for item in lessons:
        notebook = json.loads((root / "notebooks" / item.notebook).read_text(encoding="utf-8"))
        page = json.dumps(lesson_page(notebook, item.slug), ensure_ascii=False, indent=1)
        (out / "notebooks" / item.notebook).write_text(page + "\n", encoding="utf-8")
    keys = sorted(p.stem for p in (root / "teacher" / "answer-keys").glob("*.md") if p.stem != "glossary")
    (out / "teacher" / "answer-keys").mkdir(parents=True)
    for name in keys:
        shutil.copy(root / "teacher" / "answer-keys" / f"{name}.md", out / "teacher" / "answer-keys")
    # The guide's glossary link goes to the site's one glossary page.
    guide = (root / "teacher" / "README.md").read_text(encoding="utf-8")
    guide = guide.replace("](answer-keys/glossary.md)", "](../glossary.md)")
    (out / "teacher" / "README.md").write_text(guide, encoding="utf-8")
    (out / "data").mkdir()
    shutil.copy(root / "data" / "README.md", out / "data" / "README.md")
    (out / "glossary.md").write_text("# Glossary\n\nEvery term the lessons define, from "
                                     "`data/glossary.csv`.\n\n" + glossary.markdown(), encoding="utf-8")
    (out / "intro.md").write_text(_intro(lessons), encoding="utf-8")
    (out / "_toc.yml").write_text(toc(lessons, keys), encoding="utf-8")
    shutil.copy(SITE_DIR / "_config.yml", out / "_config.yml")
    (out / "_static").mkdir()
    for name in ("quiz.js", "quiz.css"):
        shutil.copy(SITE_DIR / name, out / "_static" / name)
    return lessons


# ---- the check

class _Page(HTMLParser):
    """What the check needs from one page: images, addresses loaded, quizzes, widget placeholders."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[dict[str, str | None]] = []
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.quiz_data: list[str] = []
        self.text: list[str] = []
        self._in_quiz_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "img":
            self.images.append(found)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        for name in ("src", "data-src", "poster"):
            if found.get(name):
                self.loaded.append(str(found[name]))
        # A <link> that the browser fetches (not a plain "next page" or "search" link).
        fetched = {"stylesheet", "preload", "modulepreload", "icon", "manifest"}
        if tag == "link" and found.get("href") and fetched & set((found.get("rel") or "").lower().split()):
            self.loaded.append(str(found["href"]))
        self._in_quiz_data = tag == "script" and "pwv-quiz-data" in (found.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_quiz_data = False

    def handle_data(self, data: str) -> None:
        if self._in_quiz_data:
            self.quiz_data.append(data)
        else:
            self.text.append(data)


def _external(address: str) -> bool:
    return bool(re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", address, re.I)) and not address.startswith("data:")


def _broken_links(links: Iterable[str], page: Path) -> list[str]:
    """The links of a page to a file of the site that is not there."""
    broken = []
    for link in links:
        target = re.split(r"[#?]", link, maxsplit=1)[0]
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
            continue  # a place on the same page, or another site's address (a source, say)
        if not (page.parent / target).exists():
            broken.append(link)
    return broken


def check_page(html: str, name: str, lesson: bool, path: Path | None = None) -> list[str]:
    """Problems of one page: a missing alt text, an address loaded from elsewhere, an empty quiz,
    and (given the page's ``path`` in the built site) a link to a page that is not there."""
    page = _Page()
    page.feed(html)
    problems = [f"{name}: an image without alt text ({(img.get('src') or '')[:60]})"
                for img in page.images if not (img.get("alt") or "").strip()]
    problems += [f"{name}: loads {address} from another site"
                 for address in page.loaded if _external(address)]
    if path is not None:
        problems += [f"{name}: a link to {link}, which is not there"
                     for link in _broken_links(page.links, path)]
    text = "".join(page.text)
    if WIDGET_VIEW in html or "Loading widget" in text or re.search(r"\bVBox\(", text):
        problems.append(f"{name}: a widget placeholder instead of the quiz")
    if lesson:
        if len(page.quiz_data) != 1:
            problems.append(f"{name}: {len(page.quiz_data)} quizzes on the page, not one")
        for data in page.quiz_data:
            questions = json.loads(data).get("questions") or []
            if not questions:
                problems.append(f"{name}: the quiz has no questions")
        if 'src="_static/quiz.js' not in html.replace("../", ""):
            problems.append(f"{name}: the quiz script is not on the page")
    return problems


def check_site(html_dir: Path, lessons: Iterable[course.Lesson] | None = None) -> list[str]:
    """Every problem of a built site; an empty list when it is fit to publish."""
    if lessons is None:
        lessons = [item for item in course.PLAN if item.exists()]
    lesson_pages = {f"notebooks/{item.slug}.html" for item in lessons}
    problems = [f"{page}: missing" for page in sorted(lesson_pages) if not (html_dir / page).is_file()]
    for extra in ("index.html", "intro.html", "glossary.html", "data/README.html", "teacher/README.html"):
        if not (html_dir / extra).is_file():
            problems.append(f"{extra}: missing")
    for path in sorted(html_dir.rglob("*.html")):
        name = path.relative_to(html_dir).as_posix()
        problems += check_page(path.read_text(encoding="utf-8"), name, name in lesson_pages, path)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``source OUT`` writes the book's source; ``check HTML_DIR`` checks the built site."""
    parser = argparse.ArgumentParser(prog="python -m lessons.site", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("source", help="write the Jupyter Book source").add_argument("out", type=Path)
    commands.add_parser("check", help="check the built HTML").add_argument("html_dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "source":
        lessons = write_source(args.out)
        print(f"Wrote the website's source for {len(lessons)} lessons to {args.out}")
        return 0
    problems = check_site(args.html_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = len(list(args.html_dir.rglob("*.html")))
    verdict = f"{len(problems)} problems" if problems else "all fit"
    print(f"Checked {pages} pages in {args.html_dir}: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
