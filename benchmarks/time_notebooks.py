"""Time each lesson notebook top to bottom, beside the floor no lesson can beat.

The floor is starting a kernel and importing pandas, matplotlib and ipywidgets: every
lesson pays it. A notebook's ratio to the floor says how much its own work costs.

    python benchmarks/time_notebooks.py notebooks/*.ipynb [--repeat 5]

To be fair to every notebook, one warm-up round (floor and each notebook) is run and
discarded, so that no one pays for cold disk caches; then the rounds interleave the floor
and the notebooks, so that a slow moment of the machine falls on all of them alike. The
table gives the minimum and the median of each, and the ratio of medians to the floor's.

Not a test: machines differ. It prints a table to paste into a closing note.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

FLOOR_CELL = "import pandas, matplotlib.pyplot, ipywidgets"
FLOOR = "floor: kernel + pandas/matplotlib/ipywidgets"


def run_once(notebook: nbformat.NotebookNode, folder: Path) -> float:
    """Start a fresh kernel, run every cell, stop the kernel; return the seconds taken."""
    client = NotebookClient(nbformat.from_dict(notebook), timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    # The kernel's own log (a note about its local transport) would interleave with the table.
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(notebooks: dict[str, tuple[nbformat.NotebookNode, Path]], repeat: int) -> dict[str, list[float]]:
    """Seconds of each run, by name: one discarded warm-up round, then ``repeat`` interleaved ones."""
    for notebook, folder in notebooks.values():
        run_once(notebook, folder)
    times: dict[str, list[float]] = {name: [] for name in notebooks}
    for _ in range(repeat):
        for name, (notebook, folder) in notebooks.items():
            times[name].append(run_once(notebook, folder))
    return times


def main() -> None:
    """Print a table of seconds per notebook and the ratio of medians to the floor."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    folder = options.notebooks[0].parent
    floor_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    notebooks = {FLOOR: (floor_notebook, folder)}
    for path in options.notebooks:
        notebooks[path.name] = (nbformat.read(path, as_version=4), path.parent)
    times = measure(notebooks, options.repeat)
    floor = statistics.median(times[FLOOR])

    print(f"{options.repeat} interleaved fresh-kernel runs each, after one discarded warm-up round\n")
    print(f"{'notebook':<46} {'min s':>7} {'median s':>9} {'x floor':>8}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<46} {min(runs):>7.2f} {median:>9.2f} {median / floor:>8.2f}")


if __name__ == "__main__":
    main()
