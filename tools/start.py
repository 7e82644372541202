"""Open the course without `make` (Windows, or any machine without it): the steps of `make lab`.

    py -3.12 tools\\start.py            (Windows)
    python3 tools/start.py             (Linux, macOS)
    python3 tools/start.py --dry-run   (print the steps, run nothing)

It uses only the standard library. It makes `.venv` (again, if one was left by a Python older
than 3.11 or has no pip), installs the pinned versions of `requirements.lock` and the course,
copies `lab/overrides.json` into the environment, and starts JupyterLab on the repository,
opening the start lesson. A test checks that it starts JupyterLab with the same arguments as
`make lab`, so the two routes cannot drift apart.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def lab_arguments() -> list[str]:
    """The arguments `make lab` gives JupyterLab (the Makefile's LAB_ARGS and OFFLINE_FLAGS)."""
    arguments = [f"--ip={os.environ.get('JUPYTER_IP', '127.0.0.1')}",
                 f"--port={os.environ.get('JUPYTER_PORT', '8888')}",
                 "--LabApp.news_url=None",
                 "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                 "--LabApp.extension_manager=readonly",
                 f"--ServerApp.root_dir={ROOT}",
                 "--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.insert(0, "--allow-root")
    return arguments


def _usable(python: Path) -> bool:
    """Whether a venv's Python is 3.11 or newer and has pip."""
    check = "import sys, pip; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
    try:
        return subprocess.run([str(python), "-c", check], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def steps() -> list[list[str]]:
    """The commands to run, in order (the venv is checked, and removed if broken, first)."""
    commands: list[list[str]] = []
    if VENV.exists() and not _usable(PYTHON):
        print(f"{VENV} was made by a Python older than 3.11, or has no pip: removing it to make it again.")
        shutil.rmtree(VENV)
    fresh = not STAMP.exists() or any(STAMP.stat().st_mtime < (ROOT / f).stat().st_mtime
                                      for f in ("requirements.lock", "pyproject.toml", "lab/overrides.json"))
    if fresh:
        pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        if not PYTHON.exists():
            commands.append([sys.executable, "-m", "venv", str(VENV)])
        commands += [[*pip, "--upgrade", "pip"], [*pip, "-r", str(ROOT / "requirements.lock")],
                     [*pip, "--no-deps", "-e", str(ROOT)]]
    commands.append([str(PYTHON), "-m", "jupyterlab", *lab_arguments()])
    return commands


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script must run, and say so, on an old Python)
        print(f"The course needs Python 3.11 or newer (pandas 3 does); this is {sys.version.split()[0]}.")
        return 1
    dry = "--dry-run" in argv
    for command in steps():
        print(" ".join(command))
        if dry:
            continue
        if command[-1].startswith("--LabApp.default_url"):  # the last step: hand over to JupyterLab
            settings = VENV / "share" / "jupyter" / "lab" / "settings"
            settings.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "lab" / "overrides.json", settings / "overrides.json")
            STAMP.touch()
            return subprocess.call(command, cwd=ROOT)
        subprocess.run(command, check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
