"""Time each lesson notebook top to bottom, beside the floor no lesson can beat.

The floor is starting a kernel and importing pandas, matplotlib and ipywidgets: every
lesson pays it. A notebook's ratio to the floor says how much its own work costs.

    python benchmarks/time_notebooks.py notebooks/*.ipynb [--repeat 3]

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


def run_once(notebook: nbformat.NotebookNode, folder: Path) -> float:
    """Start a fresh kernel, run every cell, stop the kernel; return the seconds taken."""
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    started = time.perf_counter()
    # The kernel's own log (a note about its local transport) would interleave with the table.
    client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_seconds(notebook: nbformat.NotebookNode, folder: Path, repeat: int) -> float:
    """Median wall-clock time of several fresh runs."""
    return statistics.median(run_once(nbformat.from_dict(notebook), folder) for _ in range(repeat))


def main() -> None:
    """Print a table of seconds per notebook and the ratio to the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    folder = options.notebooks[0].parent
    floor_notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)])
    floor = median_seconds(floor_notebook, folder, options.repeat)

    print(f"median of {options.repeat} fresh-kernel runs each\n")
    print(f"{'notebook':<40} {'seconds':>8} {'x floor':>8}")
    print(f"{'floor: kernel + pandas/matplotlib/ipywidgets':<40} {floor:>8.2f} {1:>8.2f}")
    for path in options.notebooks:
        seconds = median_seconds(nbformat.read(path, as_version=4), path.parent, options.repeat)
        print(f"{path.name:<40} {seconds:>8.2f} {seconds / floor:>8.2f}")


if __name__ == "__main__":
    main()
