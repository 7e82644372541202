"""Shared fixtures: small datasets, built from fixture CSVs and read through the loader."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from lessons import data
from lessons.questions.generators import DatasetTables

FIXTURES = Path(__file__).parent / "fixtures"

# Quiz results go to a folder of the test run, never to the home folder of whoever runs the tests;
# set before any notebook's kernel starts, so the kernels inherit it too.
os.environ["PWV_RESULTS_DIR"] = tempfile.mkdtemp(prefix="pwv-results-")
os.environ.pop("PWV_STUDENT", None)


def make_data_dir(tmp_path: Path, *overlays: str) -> Path:
    """A copy of the small valid dataset (plus overlay fixture folders), with the real schema."""
    target = tmp_path / "-".join(("data", *overlays))
    shutil.copytree(FIXTURES / "valid", target)
    for overlay in overlays:
        shutil.copytree(FIXTURES / overlay, target, dirs_exist_ok=True)
    shutil.copy(data.DATA_DIR / "datapackage.json", target)
    return target


def edit_fixture(path: Path, old: str, new: str) -> None:
    """Replace text in a fixture file (it must be there), and forget what the loader cached."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer holds {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    data.clear_cache()


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the small valid dataset, passed to the loaders by folder."""
    data.clear_cache()
    yield make_data_dir(tmp_path)
    data.clear_cache()


@pytest.fixture
def small_dataset(tmp_path, monkeypatch):
    """Point the loaders at a copy of the small valid dataset; restore them afterwards."""
    target = make_data_dir(tmp_path)
    data.clear_cache()
    monkeypatch.setattr(data, "DATA_DIR", target)
    yield target
    data.clear_cache()


@pytest.fixture
def exile_dir(tmp_path):
    """A dataset of Trotsky's exile (nine events, five homes, aliases) for the generators."""
    data.clear_cache()
    yield make_data_dir(tmp_path, "exile")
    data.clear_cache()


@pytest.fixture
def exile(exile_dir):
    """The exile dataset's tables, read through the loader as a lesson reads them."""
    return DatasetTables(data_dir=exile_dir)


@pytest.fixture
def results_dir(tmp_path, monkeypatch):
    """An empty results folder of its own for one test."""
    folder = tmp_path / "results"
    monkeypatch.setenv("PWV_RESULTS_DIR", str(folder))
    monkeypatch.delenv("PWV_STUDENT", raising=False)
    return folder
