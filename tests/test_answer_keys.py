"""Tests for lessons/answer_keys.py: keys are generated from the banks, never typed."""

from pathlib import Path

import pytest
import yaml

from lessons import answer_keys
from lessons.questions import banks


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
            {"generate": "chronology", "size": 3},
        ],
    }
    (tmp_path / "05-hunt-abroad.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    return tmp_path


def test_one_markdown_file_per_bank_with_answers_and_sources(bank_dir, tmp_path, small_dataset):
    out = tmp_path / "keys"
    paths = answer_keys.write_answer_keys(out, directory=bank_dir)
    assert [p.name for p in paths] == ["05-hunt-abroad.md"]
    key = paths[0].read_text(encoding="utf-8")
    assert key.startswith("# Answer key: Hunt &lt;abroad&gt; &amp; more")
    assert "Do not edit by hand" in key
    assert "**Answer:** Tampico" in key and "`wp-leon-trotsky`" in key
    assert "**Answer:** 1. Deported to Alma-Ata → 2. Trial of the Sixteen → 3. Attack in the study" in key
    assert "January 1928" in key  # generated explanation names the dates
    assert "*Single choice* (`tampico`)" in key and "*Chronological order*" in key
    assert "<script>" not in key and "&lt;script&gt;" in key


def test_keys_are_stable(bank_dir, tmp_path, small_dataset):
    first = answer_keys.write_answer_keys(tmp_path / "1", directory=bank_dir)
    second = answer_keys.write_answer_keys(tmp_path / "2", directory=bank_dir)
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
    monkeypatch.setattr(banks, "BANK_DIR", tmp_path)
    assert answer_keys.main([str(tmp_path / "out")]) == 0
    key = (tmp_path / "out" / "04-dewey-commission.md").read_text()
    assert "**Answer:** 1937" in key and "*Year* (`year`)" in key
    assert "wrote" in capsys.readouterr().out
    assert answer_keys.main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_command_line_reports_a_broken_bank(tmp_path, monkeypatch, capsys):
    (tmp_path / "03-moscow-trials.yaml").write_text("lesson: 03-moscow-trials\n", encoding="utf-8")
    monkeypatch.setattr(banks, "BANK_DIR", tmp_path)
    assert answer_keys.main([str(tmp_path / "out")]) == 1
    assert "03-moscow-trials" in capsys.readouterr().err


def test_real_start_here_key_lists_every_answer(tmp_path):
    [path] = answer_keys.write_answer_keys(tmp_path, ["00-start-here"])
    key = path.read_text(encoding="utf-8")
    for question in banks.load_bank("00-start-here"):
        assert f"`{question.id}`" in key
    assert "**Answer:** 1940" in key and "Ramón Mercader" in key


def test_committed_answer_keys_match_the_banks_and_the_data(tmp_path):
    # Teachers read teacher/answer-keys/ without running anything: it must not drift.
    committed = Path(__file__).resolve().parent.parent / "teacher" / "answer-keys"
    assert answer_keys.main([str(tmp_path)]) == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    stored = {p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.md")}
    assert fresh == stored, "run `make answer-keys` and commit teacher/answer-keys/"


def test_real_keys_mark_reasoning_questions_and_explain_wrong_answers(tmp_path):
    [path] = answer_keys.write_answer_keys(tmp_path, ["02-planet-without-a-visa"])
    key = path.read_text(encoding="utf-8")
    reasoning = [q for q in banks.load_bank("02-planet-without-a-visa") if q.skill == "reasoning"]
    assert f"{len(reasoning)} reasoning questions (on sources, causes or comparisons)" in key
    assert "*Single choice*, reasoning question (`trust-tampico-day`)" in key
    assert "*Why not the others:*\n\n- Tobolsk: Tobolsk is in western Siberia" in key
    assert "*If an item is out of place:*" in key and "*If you answered otherwise:*\n\n- True:" not in key
    assert "*If you answered otherwise:*\n\n- False: It is true" in key
