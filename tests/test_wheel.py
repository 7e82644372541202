"""The course installed from a wheel, away from the repository, runs a lesson with its data.

Builds the wheel offline from a copy of the sources, installs it into a fresh venv that borrows
this environment's third-party packages (nothing is downloaded), and runs lesson 00 from another
folder: the dataset, the banks and the base map must come from inside the package.
"""

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = "00-start-here"

RUN = r"""
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
import lessons
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=120, kernel_name="python3",
               resources={"metadata": {"path": str(Path.cwd())}}).execute()
print(json.dumps({"package": lessons.__file__, "cells": [
    [o.get("data", {}).get("text/plain") or o.get("text") or o.get("ename") for o in cell.get("outputs", [])]
    for cell in notebook.cells if cell.cell_type == "code"]}))
"""


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the course's wheel installed; returns its python."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source)
    for name in ("lessons", "data"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                 "--no-index", "--wheel-dir", str(tmp / "dist"), str(source))
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = (tmp / "dist").glob("planet_without_a_visa-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv)).check_returncode()
    python = venv / "bin" / "python"
    done = _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                "--no-index", str(wheel))
    assert done.returncode == 0, done.stderr[-3000:]
    # Borrow pandas, matplotlib, ipywidgets, nbclient... from this environment, after the wheel.
    site = _run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def test_the_wheel_carries_the_data(installed, tmp_path):
    listing = _run(str(installed), "-c", "import lessons.resources as r; print(r.DATA_DIR); "
                   "print(sorted(p.name for p in r.DATA_DIR.rglob('*') if p.is_file()))", cwd=tmp_path)
    data_dir, files = listing.stdout.splitlines()
    assert "site-packages" in data_dir and str(ROOT) not in data_dir
    for name in ("events.csv", "datapackage.json", "00-start-here.yaml", "countries-110m.geojson"):
        assert name in files


def test_a_lesson_runs_from_another_folder_as_it_does_in_the_repository(installed, tmp_path):
    elsewhere = tmp_path / "my-class"
    elsewhere.mkdir()
    shutil.copy(ROOT / "notebooks" / f"{LESSON}.ipynb", elsewhere)
    result = _run(str(installed), "-c", RUN, f"{LESSON}.ipynb", cwd=elsewhere)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = json.loads(result.stdout.splitlines()[-1])
    assert "site-packages" in ran["package"] and str(ROOT) not in ran["package"]
    stored = json.loads((ROOT / "notebooks" / f"{LESSON}.ipynb").read_text(encoding="utf-8"))
    expected = [[o.get("data", {}).get("text/plain") or o.get("text") for o in cell["outputs"]]
                for cell in stored["cells"] if cell["cell_type"] == "code"]
    as_text = [["".join(o) if isinstance(o, list) else o for o in cell] for cell in expected]
    assert ran["cells"] == as_text
    # The lesson list shows the written lessons as written, not "in preparation".
    listing = next(out[0] for out in ran["cells"] if out and "00 · Start here (" in (out[0] or ""))
    assert "00 · Start here (00-start-here.ipynb)" in listing and "02 · A planet without a visa" in listing
