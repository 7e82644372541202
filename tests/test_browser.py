"""Every lesson in a real browser, as a student meets it: JupyterLab, headless Chromium, all cells run;
then every lesson's page on the course website (`make site`), its quiz answered in the page.

Run with `make browser-test` (it installs Playwright for Python into .venv and, as root, Debian's
chromium). In `make test` these tests are skipped: they take a few minutes and need a browser.
Playwright never downloads a browser here: it drives /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from lessons import course
from lessons.questions import banks

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site" / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
WRITTEN = [lesson.slug for lesson in course.PLAN if lesson.exists()]

if os.environ.get("PWV_BROWSER_TEST") != "1":
    pytest.skip("the browser test runs with `make browser-test`", allow_module_level=True)
try:
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("\n\n*** BROWSER TEST NOT RUN: Playwright for Python is not installed ***\n",
                allow_module_level=True)
if not Path(CHROMIUM).exists():
    pytest.skip("\n\n*** BROWSER TEST NOT RUN: no Chromium at /usr/bin/chromium "
                "(apt-get install -y chromium) ***\n", allow_module_level=True)

sys.path.insert(0, str(ROOT / "tools"))
import browser_check  # noqa: E402  (the lab server it starts is the one this test uses)

sys.path.pop(0)


@pytest.fixture(scope="module")
def browser():
    # One Playwright for the module: its synchronous API cannot be started twice at once.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=browser_check.CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser):
    work = Path(tempfile.mkdtemp(prefix="pwv-browser-"))
    server = browser_check.start_lab(work)
    try:
        tab = browser.new_page(viewport={"width": 1300, "height": 1000})
        tab.errors = []  # type: ignore[attr-defined]
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))  # type: ignore[attr-defined]
        yield tab
        tab.close()
    finally:
        server.terminate()
        server.wait(15)
        shutil.rmtree(work, ignore_errors=True)


def run_all(page, lesson: str) -> None:
    page.goto(f"http://127.0.0.1:{browser_check.PORT}/lab/workspaces/test/tree/{lesson}.ipynb?reset")
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    time.sleep(1)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    time.sleep(2)
    page.wait_for_function("() => !document.querySelector("
                           "'.jp-Notebook-ExecutionIndicator[data-status=\"busy\"]')", timeout=180_000)
    # The last cell (the sources list) has an output once everything has run.
    page.wait_for_function("() => document.querySelectorAll('.jp-Cell .jp-InputPrompt')"
                           ".length > 0 && ![...document.querySelectorAll('.jp-InputPrompt')]"
                           ".some(p => p.textContent.includes('[*]'))", timeout=180_000)


def press_check(page, button, feedback) -> bool:
    """Move with Tab from the chosen option to the question's Check button, press Enter, and wait
    (at most 10 s) for the feedback the student should see; true when it shows once."""
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Check button")
    page.keyboard.press("Enter")
    feedback.first.wait_for(timeout=10_000)
    return feedback.count() == 1


def lab_check(page, question, expected: str) -> bool:
    return press_check(page, question.locator("button:has-text('Check answer')").first,
                       question.locator("[role='status']").filter(has_text=expected))


@pytest.mark.parametrize("lesson", WRITTEN)
def test_the_lesson_runs_in_a_browser_and_its_quiz_answers_to_the_keyboard(page, lesson):
    run_all(page, lesson)
    stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.first.inner_text()
    assert page.locator(".jp-OutputArea-output", has_text="Loading widget").count() == 0
    assert page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count() == 0
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() >= 1
    assert all(len(images.nth(i).get_attribute("alt") or "") > 20 for i in range(images.count()))

    questions = banks.load_bank(lesson)
    number, asked = next((n, q) for n, q in enumerate(questions, 1) if q.kind == "single")
    question = page.locator(".widget-vbox").filter(has=page.locator(f"text=Question {number}.")).filter(
        has=page.locator("button:has-text('Check answer')")).last
    question.scroll_into_view_if_needed()
    radios = question.locator(".widget-radio-box input[type=radio]")
    labels = [radios.nth(i).evaluate("r => r.parentElement.textContent.trim()")
              for i in range(radios.count())]
    wrong = next(i for i, label in enumerate(labels) if label != asked.answer)
    radios.nth(wrong).focus()
    page.keyboard.press("Space")
    assert lab_check(page, question, "Not quite")
    radios.nth(labels.index(asked.answer)).focus()
    page.keyboard.press("Space")
    assert lab_check(page, question, "Correct")
    assert page.errors == []  # type: ignore[attr-defined]


# ---- the course website, served as any web server would serve it

@pytest.fixture(scope="module")
def site_page(browser):
    if not (SITE / "index.html").is_file():
        pytest.fail("the website is not built: run `make site` (make browser-test does)")
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        tab = browser.new_page(viewport={"width": 1300, "height": 1000})
        tab.errors, tab.requested = [], []  # type: ignore[attr-defined]
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))  # type: ignore[attr-defined]
        tab.on("request", lambda request: tab.requested.append(request.url))  # type: ignore[attr-defined]
        tab.base = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
        yield tab
        tab.close()
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test reads requests from the browser, not this log
        pass


def page_check(page, question, expected: str) -> bool:
    return press_check(page, question.locator("button.pwv-check"),
                       question.locator(".pwv-feedback [role='status']", has_text=expected))


@pytest.mark.parametrize("lesson", WRITTEN)
def test_the_lessons_web_page_answers_to_the_keyboard_and_loads_nothing_from_elsewhere(site_page, lesson):
    page = site_page
    page.requested.clear()  # type: ignore[attr-defined]
    page.goto(f"{page.base}/notebooks/{lesson}.html")  # type: ignore[attr-defined]
    page.wait_for_selector(".pwv-quiz-live")
    assert page.locator(".pwv-quiz-static").first.is_hidden()
    questions = banks.load_bank(lesson)
    assert page.locator(".pwv-question").count() == len(questions)
    images = page.locator("img")
    assert all(len(images.nth(i).get_attribute("alt") or "") > 20 for i in range(images.count())
               if "data:image" in (images.nth(i).get_attribute("src") or ""))

    number, asked = next((n, q) for n, q in enumerate(questions, 1) if q.kind == "single")
    question = page.locator(".pwv-question").nth(number - 1)
    question.scroll_into_view_if_needed()
    radios = question.locator("input[type=radio]")
    values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
    radios.nth(next(i for i, v in enumerate(values) if v != asked.answer)).focus()
    page.keyboard.press("Space")
    assert page_check(page, question, "Not quite")
    assert question.locator("button.pwv-show").is_visible()
    radios.nth(values.index(asked.answer)).focus()
    page.keyboard.press("Space")
    assert page_check(page, question, "Correct")
    assert f"1 of {len(questions)} correct (1 attempted)" in page.locator(".pwv-score").inner_text()
    outside = [url for url in page.requested if not url.startswith((page.base, "data:"))]  # type: ignore[attr-defined]
    assert outside == [], f"the page asked for addresses elsewhere: {outside[:5]}"
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_website_works_from_a_folder_without_a_web_server(site_page):
    # The teacher's guide says the folder can be opened from a USB stick: file:// pages, no server.
    page = site_page
    page.requested.clear()  # type: ignore[attr-defined]
    page.errors.clear()  # type: ignore[attr-defined]
    page.goto((SITE / "notebooks" / f"{WRITTEN[-1]}.html").as_uri())
    page.wait_for_selector(".pwv-quiz-live")
    assert page.locator(".pwv-question").count() == len(banks.load_bank(WRITTEN[-1]))
    assert page.errors == []  # type: ignore[attr-defined]
    # Search lists its results; from a folder the browser refuses the requests for their excerpts.
    page.goto((SITE / "search.html").as_uri() + "?q=Dewey")
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    outside = [url for url in page.requested if not url.startswith(("file:", "data:"))]  # type: ignore[attr-defined]
    assert outside == []
