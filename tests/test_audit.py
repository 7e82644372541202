"""The audit finds what no single row shows: each rule has a fixture that breaks it."""

from conftest import edit_fixture

from lessons import audit, data

# The fixture lists one of the sixteen defendants; nothing else is wrong with it.
EXCERPT = ["trials.csv: 'trial-of-the-sixteen' has 16 defendants but defendants.csv lists 1"]


def test_audit_of_the_fixture_reports_only_that_it_is_an_excerpt(data_dir):
    # The fixture lists one of the sixteen defendants; nothing else is wrong with it.
    assert audit.problems(data_dir) == EXCERPT


def test_audit_finds_unused_source_double_entry_and_missing_defendants(data_dir):
    with open(data_dir / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("unused-book,Someone,A Book,A Press,1990,,book,false,false,a history,\n")
    with open(data_dir / "people.csv", "a", encoding="utf-8") as handle:
        handle.write("jacques-mornard,Jacques Mornard,,,,,,,,,unknown,operation-duck,"
                     "The same man again.,wsws-2015\n")
    problems = "\n".join(audit.problems(data_dir))
    assert "'unused-book' is cited by no row" in problems
    assert "'ramon-mercader' has the name or alias 'Jacques Mornard'" in problems


def test_audit_checks_old_style_dates_against_new_style(data_dir):
    people = (data_dir / "people.csv").read_text(encoding="utf-8")
    (data_dir / "people.csv").write_text(people.replace("1879-10-26", "1879-10-25"), encoding="utf-8")
    problems = "\n".join(audit.problems(data_dir))
    assert "'leon-trotsky' born_old_style '1879-10-25' should be 12 days before 1879-11-07" in problems


def append(path, line):
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_a_death_stated_twice_must_agree_between_people_and_defendants(data_dir):
    edit_fixture(data_dir / "people.csv", ",1936,year,executed", ",1937,year,executed")
    assert ("death of 'grigory-zinoviev': people.csv gives 1937 but defendants.csv "
            "(trial-of-the-sixteen) gives 1936") in audit.problems(data_dir)


def test_a_death_must_agree_with_the_event_that_records_it(data_dir):
    edit_fixture(data_dir / "event_people.csv", "leon-trotsky,victim", "leon-trotsky,died")
    assert ("death of 'leon-trotsky': people.csv gives 21 August 1940 but event '1940-attack' "
            "gives 20 August 1940") in audit.problems(data_dir)


def test_a_death_stated_more_precisely_than_its_event_is_reported(data_dir):
    edit_fixture(data_dir / "events.csv", "1940-attack,1940-08-20,,day", "1940-attack,1940-08,,month")
    edit_fixture(data_dir / "event_people.csv", "leon-trotsky,victim", "leon-trotsky,killed")
    problems = "\n".join(audit.problems(data_dir))
    assert ("people.csv gives 21 August 1940, more precisely than event '1940-attack' (August 1940)"
            in problems)


def test_a_move_must_agree_with_the_stay_it_begins(data_dir):
    append(data_dir / "event_people.csv", "1928-deported-to-alma-ata,leon-trotsky,moved in")
    assert audit.problems(data_dir) == EXCERPT
    edit_fixture(data_dir / "residences.csv", "alma-ata,1928-01,month", "alma-ata,1928-03,month")
    data.clear_cache()
    assert ("move of 'leon-trotsky' to 'alma-ata': event '1928-deported-to-alma-ata' gives January 1928 "
            "but residences.csv (trotsky-alma-ata) gives March 1928") in audit.problems(data_dir)


def test_a_rehabilitation_must_agree_with_its_event(data_dir):
    append(data_dir / "event_people.csv", "1936-trial-of-the-sixteen,grigory-zinoviev,rehabilitated")
    assert ("rehabilitation of 'grigory-zinoviev': defendants.csv (trial-of-the-sixteen) gives 1988 "
            "but event '1936-trial-of-the-sixteen' gives 19 August 1936") in audit.problems(data_dir)


def test_copied_runs_finds_nine_shared_words_and_forgives_a_quotation():
    article = "Trotsky was attacked by an assassin while sitting at a table in his study."
    tokens = audit.words(article)
    prints = frozenset(audit.fingerprint(tokens[i:i + audit.RUN_LENGTH])
                       for i in range(len(tokens) - audit.RUN_LENGTH + 1))
    copied = "He was attacked by an assassin while sitting at a table, police said."
    assert audit.copied_runs(copied, prints) == ["was attacked by an assassin while sitting at a table"]
    quoted = "The article says he 'was attacked by an assassin while sitting at a table'."
    assert audit.copied_runs(quoted, prints, allow_quoted=True) == []
    assert audit.copied_runs(quoted, prints) != []
    # Eight words in a row are a shared phrase, not a copied sentence.
    assert audit.copied_runs("attacked by an assassin while sitting at a", prints) == []


def test_audit_finds_an_impossible_lifespan(data_dir):
    edit_fixture(data_dir / "people.csv", "1879-11-07,day,1879-10-26", "1829-11-07,day,1829-10-26")
    assert "people.csv: 'leon-trotsky' would have lived 111 years" in audit.problems(data_dir)


def test_audit_finds_a_defendant_executed_as_a_child(data_dir):
    edit_fixture(data_dir / "people.csv", "grigory-zinoviev,Grigory Zinoviev,,,,,,,",
          "grigory-zinoviev,Grigory Zinoviev,,,,1925,year,,")
    assert "defendants.csv: 'grigory-zinoviev' executed before the age of 18?" in audit.problems(data_dir)


def test_audit_finds_a_disputed_event_with_neither_claim_nor_note(data_dir):
    edit_fixture(data_dir / "events.csv", "The first Moscow trial.,trial,moscow,wp-leon-trotsky,false,",
          "The first Moscow trial.,trial,moscow,wp-leon-trotsky,true,")
    problems = audit.problems(data_dir)
    assert "events.csv: '1936-trial-of-the-sixteen' is disputed but has no claim and no note" in problems
    # A disputed event with a claim about it is explained; so is one with a note.
    edit_fixture(data_dir / "events.csv", "coyoacan,wsws-2015;wp-leon-trotsky,false,",
          "coyoacan,wsws-2015;wp-leon-trotsky,true,")
    problems = audit.problems(data_dir)
    assert not any("1940-attack" in p for p in problems)
    edit_fixture(data_dir / "events.csv", "wp-leon-trotsky,true,\n", "wp-leon-trotsky,true,Sources differ.\n")
    assert not any("disputed" in p for p in audit.problems(data_dir))


def test_audit_checks_an_events_old_style_date(data_dir):
    append(data_dir / "events.csv", "1917-11-07-october,1917-11-07,,day,1917-10-24,October insurrection,"
           "The insurrection.,revolution,moscow,wp-leon-trotsky,false,")
    assert ("events.csv: '1917-11-07-october' old_style_date '1917-10-24' should be 13 days before "
            "1917-11-07, i.e. 1917-10-25") in audit.problems(data_dir)


def test_audit_checks_an_offices_old_style_dates(data_dir):
    header = (data.DATA_DIR / "offices.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_dir / "offices.csv").write_text(
        header + "\ntrotsky-foreign,leon-trotsky,People's Commissar for Foreign Affairs,Sovnarkom,government,"
        "1917-11-08,day,1917-10-27,1918-03-13,day,,wp-leon-trotsky,false,\n", encoding="utf-8")
    assert ("offices.csv: 'trotsky-foreign' from_old_style '1917-10-27' should be 13 days before "
            "1917-11-08, i.e. 1917-10-26") in audit.problems(data_dir)
