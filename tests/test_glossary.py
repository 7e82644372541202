"""Every term is defined in the course's own words, cites works that exist, and is shown escaped."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_data_dir

from lessons import audit, data, glossary

FINGERPRINTS = Path(__file__).parent / "fixtures" / "article-fingerprints.txt"

# The terms issue 8 asks the first lessons to define.
REQUIRED = {"bolshevik", "politburo", "central-committee", "left-opposition", "cheka", "gpu-ogpu", "nkvd",
            "show-trial", "comintern", "fourth-international", "internal-exile", "asylum",
            "old-style-new-style", "rehabilitation", "in-absentia", "trotskyist", "permanent-revolution",
            "socialism-in-one-country", "red-army", "dewey-commission", "bulletin-of-the-opposition",
            "great-terror", "commissar"}


@pytest.fixture
def terms():
    return data.glossary()


@pytest.fixture
def glossary_dir(tmp_path):
    """A small dataset with a two-term glossary whose cells can be edited."""
    target = make_data_dir(tmp_path)
    (target / "glossary.csv").write_text(
        "term_id,term,definition,sources,see_also\n"
        "nkvd,NKVD,The Soviet ministry of the interior & its police.,wp-leon-trotsky,show-trial\n"
        "show-trial,show trial,A trial staged for its message.,wp-leon-trotsky;wsws-2015,\n",
        encoding="utf-8")
    data.clear_cache()
    yield target
    data.clear_cache()


def test_every_required_term_is_defined(terms):
    assert REQUIRED <= set(terms["term_id"])


def test_every_term_cites_sources_that_exist(terms):
    known = set(data.sources()["source_id"])
    for row in terms.itertuples():
        assert row.sources, row.term_id
        assert set(row.sources) <= known, row.term_id
    # No definition rests on partisan works alone (the loader's flag, as for every other table).
    assert not terms["partisan_only"].any(), terms.loc[terms["partisan_only"], "term_id"].tolist()


def test_an_unknown_source_is_rejected_by_the_loader_naming_the_row(glossary_dir):
    path = glossary_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("wp-leon-trotsky;wsws-2015", "no-such-book"),
                    encoding="utf-8")
    with pytest.raises(data.DataError, match=r"glossary.csv, row 3, column 'sources': 'no-such-book' is not"):
        data.glossary(glossary_dir)


def test_a_see_also_must_name_a_term_in_the_glossary(glossary_dir):
    path = glossary_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",show-trial\n", ",purge\n"), encoding="utf-8")
    with pytest.raises(data.DataError, match=r"row 2, column 'see_also': 'purge' is not a term_id"):
        data.glossary(glossary_dir)


def test_every_see_also_points_to_another_term(terms):
    ids = set(terms["term_id"])
    for row in terms.itertuples():
        assert set(row.see_also) <= ids - {row.term_id}, row.term_id


def test_definitions_repeat_no_nine_words_of_the_articles(terms):
    fingerprints = audit.article_fingerprints(FINGERPRINTS)
    copied = {row.term_id: audit.copied_runs(row.definition, fingerprints) for row in terms.itertuples()}
    assert {term: runs for term, runs in copied.items() if runs} == {}


def test_definitions_are_short_enough_to_read_at_first_use(terms):
    for row in terms.itertuples():
        assert 80 <= len(row.definition) <= 600, row.term_id


def test_define_shows_the_term_its_definition_and_its_sources_by_name(terms):
    shown = glossary.define("politburo")
    definition = terms.set_index("term_id").loc["politburo", "definition"]
    assert shown.text.startswith(f"Politburo: {definition}")
    assert "Sources: Leon Trotsky (English Wikipedia);" in shown.text
    assert "See also: Central Committee, Left Opposition." in shown.text
    assert "<b>Politburo</b>" in shown.html and 'role="note"' in shown.html
    assert "wp-leon-trotsky" not in shown.html


def test_define_escapes_every_cell(glossary_dir):
    path = glossary_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "A trial staged for its message.", "A trial <script>alert(1)</script> staged for its message."),
        encoding="utf-8")
    shown = glossary.define("show-trial", data_dir=glossary_dir)
    assert "<script>" not in shown.html
    assert "A trial &lt;script&gt;alert(1)&lt;/script&gt; staged for its message." in shown.html
    assert "interior &amp; its police" in glossary.define("nkvd", data_dir=glossary_dir).html
    assert "<script>alert(1)</script>" in shown.text


def test_define_all_puts_several_terms_in_one_box_in_the_order_given(glossary_dir):
    shown = glossary.define_all("show-trial", "nkvd", data_dir=glossary_dir)
    assert shown.html.count('role="note"') == 1
    assert shown.text.index("show trial:") < shown.text.index("NKVD:")
    assert 'aria-label="Glossary: show trial, NKVD"' in shown.html


def test_an_unknown_term_names_itself_and_the_known_ids(glossary_dir):
    with pytest.raises(KeyError, match=r"'purge'.*the known term_ids are: nkvd, show-trial"):
        glossary.define("purge", data_dir=glossary_dir)
    with pytest.raises(KeyError, match="'purge'"):
        glossary.define_all("nkvd", "purge", data_dir=glossary_dir)


def test_table_lists_every_term_alphabetically(terms):
    shown = glossary.table()
    for row in terms.itertuples():
        assert f"<th scope='row' style='text-align:left;vertical-align:top'>{row.term}</th>" in shown.html
        assert f"{row.term}: " in shown.text
    order = [shown.text.index(f"\n{t}: ") if not shown.text.startswith(f"{t}: ") else 0
             for t in sorted(terms["term"], key=str.casefold)]
    assert order == sorted(order)
    assert glossary.terms()[0] == "asylum"


def test_table_can_show_a_lesson_s_terms_in_its_order(glossary_dir):
    text = glossary.table(["show-trial", "nkvd"], data_dir=glossary_dir).text
    assert text.index("show trial:") < text.index("NKVD:")


def test_markdown_lists_every_term_for_the_teachers_guide(terms):
    text = glossary.markdown()
    assert text.count("\n- **") + text.startswith("- **") == len(terms)
    assert "- **Politburo**: Short for Political Bureau" in text
    assert text.endswith("\n")


def test_markdown_escapes_formatting_and_html(glossary_dir):
    path = glossary_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("staged for its message", "*staged* <b>|</b>"),
                    encoding="utf-8")
    text = glossary.markdown(["show-trial"], data_dir=glossary_dir)
    assert r"A trial \*staged\* &lt;b&gt;\|&lt;/b&gt;." in text


def test_the_full_dataset_load_leaves_the_glossary_out(tmp_path):
    # load_all() is the historical record; a dataset copied without a glossary is still complete.
    folder = make_data_dir(tmp_path)
    assert "glossary" not in data.load_all(folder)
    assert "glossary" in data.COURSE_TABLES and "glossary" not in data.TABLES
    shutil.rmtree(folder)


def test_importing_the_glossary_loads_no_charts_widgets_or_yaml():
    code = ("import sys, lessons.glossary; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'yaml', 'IPython', 'lessons.quiz') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
