"""Where the course's files are: the repository's data/ in a checkout, the packaged copy otherwise.

The repository's ``data/`` folder is the one editable copy of the dataset, the question banks, the
exercises and the base map. A wheel carries the same files inside the package as ``lessons/_data``
(the build copies them, see ``pyproject.toml``), read with :mod:`importlib.resources`, so that a course
installed with pip works without the repository. Standard library only.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["BANK_DIR", "BASEMAP", "DATA_DIR", "EXERCISE_DIR", "data_dir"]

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder: the checkout's ``data/`` when the package runs from the repository."""
    # pyproject.toml beside data/ marks a checkout (or an editable install), never site-packages.
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data" / "datapackage.json").is_file():
        return _CHECKOUT / "data"
    return Path(str(resources.files("lessons") / "_data"))


DATA_DIR = data_dir()
BANK_DIR = DATA_DIR / "quizzes"
EXERCISE_DIR = DATA_DIR / "exercises"
BASEMAP = DATA_DIR / "basemap" / "countries-110m.geojson"
