"""The claims view shows each source's version in full, by name, with a verdict a student can read."""

import csv

import pytest

from lessons import claims, data

LONG = ("Says that Trotsky spent the last evening of his life at his desk in the study, working on a "
        "manuscript about Stalin, that he had agreed to read an article brought by a visitor he knew, that "
        "his secretaries were elsewhere in the house, and that the household learned only later how long "
        "the visitor had been preparing the meeting, over several months of visits.")


def add_claims(folder, *rows):
    """Append claim rows to a test dataset's claims.csv, as an editor would."""
    with open(folder / "claims.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    data.clear_cache()


def row(claim_id, topic, source_id, says, agreement, refs="wp-leon-trotsky", event="1940-attack",
        reference="He died the next day.", note=""):
    return [claim_id, topic, event, "leon-trotsky", source_id, says, reference, refs, agreement, note]


@pytest.fixture
def dataset(small_dataset):
    add_claims(small_dataset,
               row("survival-wp", "How long Trotsky survived the attack", "wp-leon-trotsky",
                   "Died the following day in hospital.", "references disagree"),
               row("long-wsws", "What happened in the study", "wsws-2015", LONG, "contradicted",
                   note="Compare the hospital records."),
               row("unread-wsws", "Who called the doctor", "wsws-2015", "A guard called the doctor.",
                   "unverified", refs="", event="1928-deported-to-alma-ata",
                   reference="Not found in the references read"))
    return small_dataset


def test_a_long_claim_is_shown_whole_in_html_and_text(dataset):
    assert len(LONG) >= 300
    shown = claims.view(data.claims())
    assert LONG in shown.text
    assert LONG in shown.html  # no quotes or ampersands in it, so escaping leaves it as it is
    assert "…" not in shown.text and "..." not in shown.text


def test_sources_are_named_not_given_by_id(dataset):
    shown = claims.view(data.claims())
    assert "David North; Joseph Kishore, Why and How the GPU Murdered Leon Trotsky (2015)" in shown.text
    assert "Leon Trotsky (English Wikipedia)" in shown.text  # a wiki article: title and encyclopedia
    assert "Reference works: Leon Trotsky (English Wikipedia)" in shown.text
    for source_id in ("wsws-2015", "wp-leon-trotsky"):
        assert source_id not in shown.text and source_id not in shown.html


def test_who_the_source_is_kind_stance_and_the_commissioned_flag(dataset):
    text = claims.view(data.claims()).text
    flag = "One of the five articles this course was commissioned from."
    assert f"[article, partisan: Trotskyist (ICFI)] {flag}" in text
    assert "[reference, not partisan: general encyclopedia, collaboratively edited]" in text
    assert text.count("commissioned from") == 3  # three rows from wsws-2015, none from Wikipedia


@pytest.mark.parametrize("label, phrase", list(claims.VERDICTS.items()))
def test_every_verdict_is_said_in_plain_words(dataset, label, phrase):
    chosen = data.claims()
    shown = claims.view(chosen[chosen["agreement"] == label], with_legend=False)
    assert f"Verdict: {claims._MARKS[label][0]} {phrase}" in shown.text
    assert f"<b>{phrase}</b>" in shown.html
    others = [p for other, p in claims.VERDICTS.items() if other != label]
    assert not any(p in shown.text for p in others)


def test_the_four_phrases_are_the_ones_the_course_promised():
    assert claims.VERDICTS == {
        "agrees": "The reference works support this.",
        "contradicted": "The reference works settle this point against this source.",
        "references disagree": "The reference works themselves disagree: the point is open.",
        "unverified": "No reference work read confirms or refutes this.",
    }
    assert list(claims.VERDICTS) == data.schema("claims")["schema"]["fields"][8]["constraints"]["enum"]


def test_the_legend_explains_all_four_verdicts_at_the_top(dataset):
    shown = claims.view(data.claims())
    for label, phrase in claims.VERDICTS.items():
        assert f"{label}: {phrase}" in claims.legend().text
        assert shown.text.index(phrase) < shown.text.index("How long Trotsky survived the attack")
    assert "Verdict" not in claims.view(data.claims(), with_legend=False).text.split("\n")[0]


def test_rows_are_grouped_under_one_heading_per_topic(dataset):
    shown = claims.view(data.claims(), with_legend=False)
    text = shown.text
    assert text.count("How long Trotsky survived the attack\n====") == 1
    assert shown.html.count("<h4") == 3
    survival = text[text.index("How long Trotsky survived"):text.index("What happened in the study")]
    assert survival.count("\n- ") == 2  # the fixture's claim and the new one, under one heading
    # Within a topic the commissioned article comes first, whatever the file order.
    assert survival.index("David North") < survival.index("Leon Trotsky (English Wikipedia) [")


def test_a_claim_without_references_says_none_were_recorded(dataset):
    text = claims.view(claims.about(topics=["Who called the doctor"])).text
    assert "Reference works: none recorded" in text
    assert "The reference works say: Not found in the references read" in text


def test_every_cell_is_escaped(small_dataset):
    add_claims(small_dataset,
               row("evil", "<script>alert('topic')</script>", "wsws-2015", "<script>alert(1)</script> & co",
                   "agrees", reference="<img src=x onerror=alert(2)>", note="<b>bold</b>"))
    shown = claims.view(claims.about(topics=["<script>alert('topic')</script>"]))
    assert "<script>" not in shown.html and "<img" not in shown.html and "<b>bold" not in shown.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in shown.html
    assert "&lt;img src=x onerror=alert(2)&gt;" in shown.html
    assert "<script>alert(1)</script> & co" in shown.text  # the text twin is plain text


def test_about_selects_by_event_person_or_topic(dataset):
    assert set(claims.about(events=["1940-attack"])["claim_id"]) == {"survival-wsws-2015", "survival-wp",
                                                                     "long-wsws"}
    assert set(claims.about(events=data.events().head(1))["claim_id"]) == {"unread-wsws"}
    assert len(claims.about(people=["leon-trotsky"])) == 4
    assert set(claims.about(topics="Who called the doctor")["claim_id"]) == {"unread-wsws"}
    assert len(claims.about()) == 4
    assert claims.about(people=["ramon-mercader"]).empty


def test_about_can_leave_out_what_the_references_support(dataset):
    kept = claims.about(events=["1940-attack"], exclude_agreeing=True)
    assert set(kept["agreement"]) == {"references disagree", "contradicted"}


def test_an_empty_selection_says_so(dataset):
    shown = claims.view(claims.about(people=["ramon-mercader"]))
    assert "No recorded disagreements for this selection." in shown.text


def test_the_real_claims_render_every_row_in_full():
    frame = data.claims()
    shown = claims.view(frame)
    for says in frame["source_says"]:
        assert says in shown.text
    assert shown.html.count("<h4") == frame["topic"].nunique()


# ------------------------------------------------------------------ the five articles side by side

def test_side_by_side_gives_each_article_one_row_and_escapes_what_it_says(dataset):
    add_claims(dataset, row("weapon-wsws", "The weapon", "wsws-2015", "an <b>alpenstock</b> & more",
                            "contradicted", reference="An ice axe <cut down>"))
    shown = claims.side_by_side(["The weapon", "How long Trotsky survived the attack"])
    assert "an &lt;b&gt;alpenstock&lt;/b&gt; &amp; more" in shown.html
    assert "<b>alpenstock" not in shown.html
    assert "An ice axe &lt;cut down&gt;" in shown.html
    # The fixture has one commissioned article: one row per topic, and the other source's claim
    # on the second topic is pointed to, not shown as an article.
    assert shown.html.count("<tr><td") == 2
    assert "1 other source on this topic" in shown.text
    assert "- David North and Joseph Kishore 2015: an <b>alpenstock</b> & more [✗ contradicted]" in shown.text


def test_side_by_side_says_when_an_article_has_no_claim_on_the_topic(dataset):
    shown = claims.side_by_side(["How long Trotsky survived the attack"])
    assert "no claim recorded" not in shown.text  # the fixture's article has one
    add_claims(dataset, row("x-wp", "Who called the police", "wp-leon-trotsky", "A guard did.", "agrees"))
    assert "(no claim recorded)" in claims.side_by_side(["Who called the police"]).text


def test_side_by_side_names_an_unknown_topic():
    with pytest.raises(KeyError, match="no claims on the topic 'The colour of the house'"):
        claims.side_by_side(["The colour of the house"])


def test_side_by_side_on_the_weapon_shows_all_five_articles_oldest_first_undated_last():
    data.clear_cache()
    text = claims.side_by_side(["Weapon used on 20 August 1940"]).text
    names = [line.split(":")[0][2:] for line in text.splitlines() if line.startswith("- ")]
    assert names == ["International Bolshevik Tendency 1991", "Paul Hampton 2009",
                     "David North and Joseph Kishore 2015", "Stephen Paul Foster 2023",
                     "popular-history website"]
    assert "no claim recorded" not in text
