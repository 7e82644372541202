"""Tests for lessons/answer_keys.py: keys are generated from the banks, never typed."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from lessons import answer_keys
from lessons import questions as qs


def tiny_events() -> pd.DataFrame:
    """Three exile events, shaped like ``data.events()``."""
    frame = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "start_date": pd.to_datetime(["1928-01-16", "1929-02-12", "1937-01-09"]),
            "date_precision": pd.Categorical(["day", "day", "day"]),
            "when": ["16 January 1928", "12 February 1929", "9 January 1937"],
            "title": ["Alma-Ata", "Turkey", "Mexico"],
            "category": pd.Categorical(["exile"] * 3),
            "sources": [["wsws-2015"], ["hampton-2009"], ["wp-leon-trotsky"]],
            "disputed": [False] * 3,
        }
    )
    return frame


@pytest.fixture
def bank_dir(tmp_path):
    bank = {
        "lesson": "05-hunt-abroad",
        "title": "Hunt <abroad> & more",
        "questions": [
            {
                "id": "tampico",
                "type": "single",
                "prompt": "Which port? <script>x</script>",
                "options": ["Tampico", "Veracruz"],
                "answer": "Tampico",
                "explanation": "He landed at Tampico & took a train.",
                "source": "wp-leon-trotsky",
            },
            {"generate": "chronology", "size": 3, "category": "exile"},
        ],
    }
    (tmp_path / "05-hunt-abroad.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    return tmp_path


def test_one_markdown_file_per_bank_with_answers_and_sources(bank_dir, tmp_path):
    out = tmp_path / "keys"
    paths = answer_keys.write_answer_keys(out, directory=bank_dir, events=tiny_events())
    assert [p.name for p in paths] == ["05-hunt-abroad.md"]
    key = paths[0].read_text(encoding="utf-8")
    assert key.startswith("# Answer key: Hunt &lt;abroad&gt; &amp; more")
    assert "Do not edit by hand" in key
    assert "**Answer:** Tampico" in key and "`wp-leon-trotsky`" in key
    assert "**Answer:** 1. Alma-Ata → 2. Turkey → 3. Mexico" in key
    assert "16 January 1928" in key  # generated explanation names the dates
    assert "<script>" not in key and "&lt;script&gt;" in key


def test_keys_are_stable(bank_dir, tmp_path):
    first = answer_keys.write_answer_keys(tmp_path / "1", directory=bank_dir, events=tiny_events())
    second = answer_keys.write_answer_keys(tmp_path / "2", directory=bank_dir, events=tiny_events())
    assert first[0].read_bytes() == second[0].read_bytes()


def test_command_line(tmp_path, monkeypatch, capsys):
    bank = {
        "lesson": "04-dewey-commission",
        "title": "Dewey",
        "questions": [
            {
                "id": "year",
                "type": "year",
                "prompt": "Hearings?",
                "answer": 1937,
                "explanation": "April 1937.",
                "source": "popular-history",
            }
        ],
    }
    (tmp_path / "04-dewey-commission.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    monkeypatch.setattr(qs, "BANK_DIR", tmp_path)
    assert answer_keys.main([str(tmp_path / "out")]) == 0
    assert "**Answer:** 1937" in (tmp_path / "out" / "04-dewey-commission.md").read_text()
    assert "wrote" in capsys.readouterr().out
    assert answer_keys.main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_command_line_reports_a_broken_bank(tmp_path, monkeypatch, capsys):
    (tmp_path / "03-moscow-trials.yaml").write_text("lesson: 03-moscow-trials\n", encoding="utf-8")
    monkeypatch.setattr(qs, "BANK_DIR", tmp_path)
    assert answer_keys.main([str(tmp_path / "out")]) == 1
    assert "03-moscow-trials" in capsys.readouterr().err


def test_real_start_here_key_lists_every_answer(tmp_path):
    [path] = answer_keys.write_answer_keys(tmp_path, ["00-start-here"])
    key = path.read_text(encoding="utf-8")
    for question in qs.load_bank("00-start-here"):
        assert f"`{question.id}`" in key
    assert "**Answer:** 1940" in key and "Ramón Mercader" in key


def test_committed_answer_keys_match_the_banks_and_the_data(tmp_path):
    # Teachers read teacher/answer-keys/ without running anything: it must not drift.
    committed = Path(__file__).resolve().parent.parent / "teacher" / "answer-keys"
    assert answer_keys.main([str(tmp_path)]) == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    stored = {p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.md")}
    assert fresh == stored, "run `make answer-keys` and commit teacher/answer-keys/"
