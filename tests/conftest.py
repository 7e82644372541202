"""Shared fixtures: a small valid dataset in a temporary folder."""

import shutil
from pathlib import Path

import pytest

from lessons import data

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_dataset(tmp_path, monkeypatch):
    """Point the loaders at a copy of the small valid dataset; restore them afterwards."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    shutil.copy(data.DATA_DIR / "datapackage.json", target)
    data.clear_cache()
    monkeypatch.setattr(data, "DATA_DIR", target)
    yield target
    data.clear_cache()
