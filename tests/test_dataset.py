"""The real dataset: valid against its schema, complete enough for the course, internally sound."""

import re
from pathlib import Path

import pytest
from frictionless import validate

from lessons import audit, data

FAMILY = ["leon-trotsky", "natalia-sedova", "lev-sedov", "sergei-sedov", "zinaida-volkova",
          "nina-nevelson", "aleksandra-sokolovskaya", "esteban-volkov"]


@pytest.fixture(scope="module")
def tables():
    data.clear_cache()
    return data.load_all()


def test_frictionless_finds_the_package_valid():
    report = validate(data.DATA_DIR / "datapackage.json")
    problems = report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:10]


def test_audit_finds_nothing(tables):
    assert audit.problems() == []


def test_the_issue_minimum_counts_are_met(tables):
    assert len(tables["events"]) >= 150
    assert len(tables["people"]) >= 80
    disagreements = tables["claims"][tables["claims"]["agreement"] != "agrees"]
    assert disagreements["topic"].nunique() >= 20


def test_every_strand_of_the_story_has_events(tables):
    categories = set(tables["events"]["category"])
    assert categories == set(tables["events"]["category"].cat.categories)


def test_trotskys_immediate_family_is_all_there_with_their_fates(tables):
    people = tables["people"].set_index("person_id")
    for person_id in FAMILY:
        assert person_id in people.index, person_id
        assert people.loc[person_id, "fate"] != "unknown", person_id


def test_the_three_moscow_trials_and_the_military_trial_are_there(tables):
    trials = tables["trials"].set_index("trial_id")
    moscow = trials.loc[["trial-of-the-sixteen", "trial-of-the-seventeen", "trial-of-the-generals-1937",
                         "trial-of-the-twenty-one"]]
    assert sorted(moscow["start_date"].dt.year) == [1936, 1937, 1937, 1938]
    assert list(moscow["defendant_count"]) == [16, 17, 8, 21]


def test_every_event_and_person_cites_a_source_that_exists(tables):
    known = set(tables["sources"]["source_id"])
    for name in ("events", "people", "residences", "defendants"):
        for ids in tables[name]["sources"]:
            assert ids and set(ids) <= known


def test_the_five_source_articles_are_described_as_partisan(tables):
    sources = tables["sources"].set_index("source_id")
    seeds = sources.loc[["foster-2023", "hampton-2009", "wsws-2015", "ibt-1991", "popular-history"]]
    assert (seeds["kind"] == "article").all()
    assert seeds["partisan"].all()


def test_dates_before_the_calendar_change_in_russia_note_old_style(tables):
    people = tables["people"].set_index("person_id")
    assert people.loc["leon-trotsky", "born_old_style"] == "1879-10-26"



def test_data_dictionary_matches_the_schema():
    import subprocess
    import sys

    tool = data.DATA_DIR.parent / "tools" / "data_dictionary.py"
    result = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


FINGERPRINTS = Path(__file__).parent / "fixtures" / "article-fingerprints.txt"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# The columns written in the course's own words, table by table.
OWN_WORDS = {"events": ("title", "description", "note"), "people": ("description",),
             "residences": ("description",), "trials": ("name", "charges", "note"),
             "defendants": ("note",), "claims": ("topic", "reference_value", "note")}
LESSON_OWN_WORDS = {"offices": ("office", "body", "note"), "allegations": ("alleged", "evidence", "note")}


def copied(tables, columns, allow_quoted=False):
    fingerprints = audit.article_fingerprints(FINGERPRINTS)
    found = []
    for name, names in columns.items():
        frame = tables[name]
        for row in frame.itertuples():
            for column in names:
                text = getattr(row, column)
                if isinstance(text, str):
                    found += [f"{name}.csv {row[1]} {column}: {run!r}"
                              for run in audit.copied_runs(text, fingerprints, allow_quoted)]
    return found


def test_no_row_repeats_nine_words_of_the_articles(tables):
    assert copied(tables, OWN_WORDS) == []
    lesson_tables = {name: data.load(name) for name in LESSON_OWN_WORDS}
    assert copied(lesson_tables, LESSON_OWN_WORDS) == []


def test_a_claim_that_repeats_an_article_puts_its_words_in_quotation_marks(tables):
    assert copied(tables, {"claims": ("source_says",)}, allow_quoted=True) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the commissioned articles are not beside this clone")
def test_the_fingerprints_are_those_of_the_five_articles():
    articles = sorted(SEEDS.glob("0*.txt"))
    assert len(articles) == 5
    expected = set()
    for path in articles:
        tokens = audit.words(path.read_text(encoding="utf-8"))
        expected.update(audit.fingerprint(tokens[i:i + audit.RUN_LENGTH])
                        for i in range(len(tokens) - audit.RUN_LENGTH + 1))
    assert audit.article_fingerprints(FINGERPRINTS) == expected


# Shadow libraries, "read free" sites, and mirrors or proxies of Wikipedia and of the Marxists
# Internet Archive: the course cites the work itself, never where a copy was found.
UNOFFICIAL_COPIES = re.compile(
    r"dokumen\.pub|z-?lib|zlibrary|libgen|rulit|bibliboba|bookreadfree|readfree|full-english-books|"
    r"zproxy|gtool\.pro|ebin\.pub|vdoc\.pub|pdfcoffee|royallib|readli|online-?read|freebooks|docslib|"
    r"wikiwand|wiki7\.org|perceptio|wiki-org\.ru|niidae|deno\.dev|wikisort|piglix|wn\.com|wafarin|"
    r"imtqy|wikis\.cc|osmarks|ipfs|prideseotools|absoluteastronomy|knowledgr|liquisearch|"
    r"thefreedictionary|newdu\.com|pinocchiopedia|pipermail|stalin-werke|sozialistischeklassiker|"
    r"secondary host|reposted|mirror|proxy", re.I)


def test_no_source_names_an_unofficial_copy_a_mirror_or_a_proxy(tables):
    offenders = [row.source_id for row in tables["sources"].itertuples()
                 if UNOFFICIAL_COPIES.search(" ".join(str(v) for v in row[1:] if isinstance(v, str)))]
    assert offenders == []


def test_the_deny_list_catches_what_it_is_for():
    assert UNOFFICIAL_COPIES.search("https://it.wiki7.org/wiki/Trotsky")
    assert UNOFFICIAL_COPIES.search("read on the marxists.wikis.cc mirror")
    assert not UNOFFICIAL_COPIES.search("https://www.marxists.org/archive/trotsky/1930/mylife/")
    assert not UNOFFICIAL_COPIES.search("https://en.wikipedia.org/wiki/Leon_Trotsky")


def test_the_allegations_tested_come_from_the_trials_and_each_has_its_evidence():
    allegations = data.allegations()
    assert len(allegations) >= 10
    assert set(allegations["trial_id"]) <= {"trial-of-the-sixteen", "trial-of-the-seventeen",
                                            "trial-of-the-twenty-one"}
    assert allegations["evidence_sources"].map(len).min() >= 1
    # What the evidence does to an allegation is graded, not only "refuted".
    assert {"refuted", "not supported"} <= set(allegations["finding"])


def test_the_figures_of_the_terror_keep_articles_and_archives_apart():
    figures = data.figures()
    sources = data.sources().set_index("source_id")
    commissioned = figures["source_id"].map(sources["commissioned"])
    assert (commissioned == (figures["kind"] == "article")).all()
    assert {"archival", "estimate", "article"} == set(figures["kind"])


def test_an_accusation_resting_only_on_partisan_sources_is_marked_disputed():
    """Who worked inside, reported to or killed whom is an accusation: partisan sources alone
    (the rival Trotskyist groups accuse one another) never make it an undisputed link."""
    relations = data.relations()
    assert len(relations) >= 25
    accusations = relations[relations["relation"].isin(["worked inside", "reported to", "killed"])]
    assert (accusations.loc[accusations["partisan_only"], "disputed"]).all()
    assert relations["disputed"].any() and not relations["disputed"].all()


def test_the_politburo_of_june_1924_is_computed_from_the_offices_and_each_fate_is_known():
    members = data.office_holders("Politburo full member", "1924-06-02")
    assert set(members["person_id"]) == {"grigory-zinoviev", "lev-kamenev", "joseph-stalin", "leon-trotsky",
                                         "nikolai-bukharin", "alexei-rykov", "mikhail-tomsky"}
    # Lenin's seat ended with his death; Bukharin took it that day.
    assert "vladimir-lenin" not in set(members["person_id"])
    people = data.people().set_index("person_id").loc[members["person_id"]]
    by_1940 = people[people["died"] <= "1940-12-31"]
    assert sorted(by_1940["fate"].astype(str)) == ["executed"] * 4 + ["killed", "suicide"]


def test_trotskys_offices_from_1905_to_1927_are_dated_and_sourced():
    offices = data.offices()
    trotsky = offices[offices["person_id"] == "leon-trotsky"]
    assert len(trotsky) >= 7
    assert trotsky["from_date"].min().year == 1905 and trotsky["to_date"].max().year == 1927
    # Offices begun in Russia before the calendar change also give the Old Style date.
    early = trotsky[trotsky["from_date"] < "1918-02-14"]
    assert early["from_old_style"].notna().all()
    assert offices["disputed"].any() and (offices.loc[offices["disputed"], "note"].notna()).all()


def test_events_before_the_calendar_change_give_the_old_style_date():
    events = data.events()
    in_russia = events["place_id"].isin(["leningrad", "moscow"])
    russian = events[(events["start_date"] < "1918-02-14") & in_russia]
    assert len(russian) >= 7
    assert russian["old_style_date"].notna().all()
