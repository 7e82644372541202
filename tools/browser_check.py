"""Open a lesson in JupyterLab in a real (headless) browser, as a student would, and report.

It serves a temporary copy of the notebooks, runs every cell (Run -> Run All Cells), answers the
first quiz question with its second option, and prints what a student would see: stderr outputs,
charts with their alt text, quiz widgets, the feedback to that answer, and page errors. A
screenshot of the quiz goes to /tmp/<lesson>-quiz.png.

Not part of `make test`: it needs Debian's chromium and Playwright for Python.
    apt-get install -y chromium
    python3 -m venv /tmp/pw && /tmp/pw/bin/pip install playwright
    /tmp/pw/bin/python tools/browser_check.py 03-moscow-trials
Never run `playwright install`: it downloads a browser, which the course's machines cannot.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BROWSER_CHECK_PORT", "8893"))  # two checks at once need two ports
CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]


def start_lab(work: Path) -> subprocess.Popen:
    """JupyterLab on loopback over a copy of the notebooks, starting kernels without asking."""
    notebooks = work / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    settings = work / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    tracker = settings / "tracker.jupyterlab-settings"
    tracker.write_text(json.dumps({"autoStartDefaultKernel": True}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"))
    command = [str(ROOT / ".venv/bin/python"), "-m", "jupyterlab", "--no-browser", "--allow-root",
               f"--port={PORT}", "--ServerApp.token=", "--ServerApp.password=",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={notebooks}",
               "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(work / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    return server


def check(lesson: str) -> None:
    """Run one lesson in the browser and print what a student would see."""
    work = Path(tempfile.mkdtemp())
    server = start_lab(work)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM)
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"http://127.0.0.1:{PORT}/lab/workspaces/check/tree/{lesson}.ipynb?reset")
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle, timeout=60000)
            time.sleep(2)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            time.sleep(3)
            page.wait_for_function("() => !document.querySelector("
                                   "'.jp-Notebook-ExecutionIndicator[data-status=\"busy\"]')",
                                   timeout=120000)
            time.sleep(2)
            stderr = page.locator(".jp-OutputArea-output"
                                  "[data-mime-type='application/vnd.jupyter.stderr']")
            images = page.locator(".jp-OutputArea-output img")
            alts = [images.nth(i).get_attribute("alt") or "" for i in range(images.count())]
            print(f"{lesson}: stderr outputs {stderr.count()}; charts {len(alts)}, "
                  f"all with alt text: {all(len(a) > 20 for a in alts)}")
            radios = page.locator(".widget-radio-box input")
            buttons = page.locator("button:has-text('Check')")
            print(f"quiz widgets: {radios.count()} radio options, {buttons.count()} check buttons")
            if radios.count() > 1:
                radios.nth(1).scroll_into_view_if_needed()
                radios.nth(1).check()
                # The Check button of the question the radio belongs to (its nearest box with one),
                # which need not be the quiz's first question.
                question = radios.nth(1).locator("xpath=ancestor::div[contains(@class, 'widget-vbox')]"
                                                 "[.//button[contains(., 'Check answer')]][1]")
                question.locator("button:has-text('Check answer')").first.click()
                time.sleep(1.5)
                answer = page.locator(".widget-html").filter(has_text="Source:").first
                print("feedback:", answer.inner_text()[:300] if answer.count() else "none shown")
                page.screenshot(path=f"/tmp/{lesson}-quiz.png")
            print("page errors:", errors[:3] or "none")
            browser.close()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        check(name)
