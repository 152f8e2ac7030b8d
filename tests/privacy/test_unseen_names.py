"""The name rules added from the generated corpus's tune part: names no list holds, and names of things.

Each rule has a text it must catch and a text it must leave alone; the model runs where the rule needs
its entities (loaded once per test session).
"""

from __future__ import annotations

import pytest

from matcher.privacy import CHECK_BELOW, PERSON, find_identifiers, find_names, model
from matcher.privacy.model import NAME_LIKE, UNKNOWN_WORD, Entity


def people(text: str, known: tuple[str, ...] = ()) -> list[str]:
    return [f.text for f in find_identifiers(text, known) if f.type == PERSON]


# --- a title before a surname particle (rules only, no model) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("When upset he asks for Mx de Wit.", ["Mx de Wit"]),
        ("Dr van der Berg reviews his medication.", ["Dr van der Berg"]),
        ("Mrs. de la Cruz has a key.", ["Mrs. de la Cruz"]),
    ],
)
def test_surname_particle_after_a_title(text: str, expected: list[str]) -> None:
    assert [f.text for f in find_names(text)] == expected


@pytest.mark.parametrize(
    "text", ["He lives there de facto on his own.", "They took the van to the coast.", "Mr and Mrs Day."]
)
def test_particle_without_a_title_and_name_is_no_name(text: str) -> None:
    assert [f.text for f in find_names(text) if f.text.split()[0] in {"de", "van", "and"}] == []


# --- names the model labels as something else, or not at all ---------------------------------------------


def test_unknown_words_the_model_reads_as_a_place_are_a_name_to_check() -> None:
    text = "When upset he asks for Subomi Ogunbiyi."
    labels = {e.label for e in model.entities(text)}
    assert NAME_LIKE in labels  # the case the rule is for: unknown words, and no PERSON span
    assert "PERSON" not in labels
    (finding,) = [f for f in find_identifiers(text) if f.type == PERSON]
    assert finding.text == "Subomi Ogunbiyi"
    assert finding.confidence < CHECK_BELOW


def test_a_single_unknown_capitalised_word_is_a_name_to_check() -> None:
    text = "Last year Uğan moved back in with his parents."
    assert [e.label for e in model.entities(text)] == [UNKNOWN_WORD]
    (finding,) = [f for f in find_identifiers(text) if f.type == PERSON]
    assert (finding.text, finding.doubtful) == ("Uğan", True)


@pytest.mark.parametrize(
    "text", ["He went on holiday to Zakopane last year.", "They went to Skegness for a week in August."]
)
def test_an_unknown_word_the_model_or_the_gazetteer_calls_a_place_is_not_a_name(text: str) -> None:
    assert people(text) == []


def test_listed_and_unknown_words_the_model_calls_an_organisation_are_a_name() -> None:
    assert people("When upset he asks for Mateo Mercader.") == ["Mateo Mercader"]


def test_a_model_person_in_no_list_and_of_no_ordinary_word_is_shown_for_checking() -> None:
    (finding,) = [f for f in find_identifiers("Siya Som enjoys going to the cinema.") if f.type == PERSON]
    assert (finding.text, finding.doubtful) == ("Siya Som", True)


def test_a_place_word_that_is_a_surname_after_a_first_name() -> None:
    assert people("His support worker, rachel green, knows him best.") == ["rachel green"]
    assert people("She likes rose gardens and visits Abbey Park.") == []


# --- lower-case names are capitalised before the model reads them ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("their neighbour juul wigman has a key", "their neighbour Juul Wigman has a key"),
        ("he likes joy ramaker to help", "he likes Joy Ramaker to help"),
        ("asks for ivo steuer", "asks for Ivo Steuer"),
        ("he likes joy and hope", "he likes joy and hope"),
        ("she enjoys tacpac sessions on fridays", "she enjoys tacpac sessions on fridays"),
        ("he goes to the shops with staff", "he goes to the shops with staff"),
        # particles, cues and three words
        ("their neighbour marthe petit has a key", "their neighbour Marthe Petit has a key"),  # cue stays
        ("her sister-in-law azahara plaza helps", "her sister-in-law Azahara Plaza helps"),  # "law" stays
        ("their neighbour annabel van santen has a key", "their neighbour Annabel van Santen has a key"),
        ("gbowoade fasasi rang the office", "Gbowoade Fasasi rang the office"),  # the verb after it stays
        ("she lives with mary ann smith now", "she lives with Mary Ann Smith now"),
        ("with bradley o'connor today", "with Bradley O'Connor today"),
        ("they took the van to town", "they took the van to town"),
    ],
)
def test_truecasing(text: str, expected: str) -> None:
    assert model.truecased(text, model.load_pipeline().vocab) == expected


def test_the_model_runs_only_what_entities_need() -> None:
    assert model.load_pipeline().pipe_names == ["ner"]


# --- names of things -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "She likes Marks and Spencer for clothes.",  # joined by "and" to an organisation
        "He likes Thomas the Tank Engine and steam railways.",  # inside a titled thing
        "He enjoys the Robin Hood pub quiz on Thursdays.",  # before a place noun
        "He likes the song Hey Jude.",  # after a word for a work
    ],
)
def test_names_of_things_are_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He sings with Jude every week.", ["Jude"]),
        ("Her brother Callum plays in the pub team.", ["Callum"]),
        ("She goes shopping with Spencer and his mum.", ["Spencer"]),
        ("Sarah's house is near the park.", ["Sarah"]),  # a possessive before a place noun: hers
        ("His key worker Sarah supports him with cooking.", ["Sarah"]),
        ("Her friend Jenny Park comes to tea.", ["Jenny Park"]),
    ],
)
def test_the_same_names_used_for_people_are_found(text: str, expected: list[str]) -> None:
    assert people(text) == expected


def test_a_known_name_is_never_taken_for_a_thing() -> None:
    assert people("She likes Marks and Spencer for clothes.", ("Amy Spencer",)) == ["Spencer"]


# --- provider descriptions: firms and towns built from words that are names elsewhere ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ashgrove Court Futures is an independent care provider.",  # unknown word beside a place word
        "Hazelwood Path Care provides supported living.",  # ... beside a street type
        "Pebblebrook Housing Trust is a housing association.",  # before firm words
        "We are a care provider based in Melton Mowbray.",  # beside a town's other word
        "The flat is in Ashby-de-la-Zouch, near the shops.",  # a hyphenated town
        "Homes in Northampton and Milton Keynes.",  # a first name that starts a two-word town
        "The home is in Newark-on-Trent. It has a garden.",  # joined like a town
    ],
)
def test_firm_and_town_names_are_not_people(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("His daughter Kerry lives in Hinckley.", ["Kerry"]),  # a one-word town is a first name too
        ("Her brother Milton visits on Sundays.", ["Milton"]),
        ("She often talks about Prisha Vasa from her old day service.", ["Prisha Vasa"]),
    ],
)
def test_names_that_are_also_towns_or_beside_a_capital_are_found(text: str, expected: list[str]) -> None:
    assert people(text) == expected


# --- a word the model reads as a person, as the subject of a person's verb -----------------------------


@pytest.mark.parametrize(
    ("text", "expected", "doubtful"),
    [
        ("Jack enjoys going to the cinema on Fridays.", "Jack", False),  # an ordinary word, at the start
        ("Frank has been her advocate since 2019.", "Frank", False),
        ("Paulo enjoys going to the cinema on Fridays.", "Paulo", True),  # a word the vocabulary knows
    ],
)
def test_a_subject_of_a_persons_verb(text: str, expected: str, doubtful: bool) -> None:
    (finding,) = [f for f in find_identifiers(text) if f.type == PERSON]
    assert (finding.text, finding.doubtful) == (expected, doubtful)


@pytest.mark.parametrize(
    "text",
    [
        "Will is a strong word for what he shows.",  # "is" is no person's verb
        "August has been busy for the team.",  # the model reads no person
        "May has been a wet month.",
        "Grace before meals matters to her family.",
    ],
)
def test_ordinary_words_at_the_start_stay_unflagged(text: str) -> None:
    assert people(text) == []


# --- names found in part are widened over the rest of the name (the issue counts 80% coverage) ---------


def _entity(text: str, words: str, label: str = "PERSON") -> Entity:
    start = text.index(words)
    return Entity(label, start, start + len(words), False)


def _names_with(text: str, *spans: tuple[str, str]) -> list[str]:
    """The rules' names given model entities built by hand (label, words), so each case is exact."""
    entities = [_entity(text, words, label) for label, words in spans]
    return [f.text for f in find_names(text, entities=entities)]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # particles and the surname after them, also when the name found ends in the particle
        ("When upset he asks for Mr Aaliyah van der Stael de Jonge.", [("PERSON", "Aaliyah van")],
         ["Mr Aaliyah van der Stael de Jonge"]),
        ("Their neighbour annabel van santen has a key.", [("PERSON", "annabel van")],
         ["annabel van santen"]),
        ("He met Sarah van den Berg on Monday.", [], ["Sarah van den Berg"]),
        # a middle initial joins the words on its two sides
        ("He likes Philippine G. Grenier to help him.", [("PERSON", "G. Grenier"), ("NORP", "Philippine")],
         ["Philippine G. Grenier"]),
        # the capitalised word before a one-word surname is its first name
        ("She often talks about Ajoke Fagunwa from her day service.", [("PERSON", "Fagunwa")],
         ["Ajoke Fagunwa"]),
        # a run of unknown words around the model's person, an unknown word beside it
        ("She often talks about gbadebo edun from her day service.",
         [("PERSON", "edun"), (NAME_LIKE, "gbadebo edun")], ["gbadebo edun"]),
        ("He gets on well with Honoré Masse at college.", [("PERSON", "Masse"), (UNKNOWN_WORD, "Honoré")],
         ["Honoré Masse"]),
    ],
)
def test_a_name_found_in_part_is_widened(
    text: str, spans: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _names_with(text, *spans) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("Sarah Jones went to the shops.", [("PERSON", "Sarah Jones")], ["Sarah Jones"]),
        ("Kate in Loughborough says hello.", [("PERSON", "Kate")], ["Kate"]),
        ("Sarah de facto runs the house.", [], ["Sarah"]),  # a lower-case word after a capitalised name
        ("He drove Sarah van to work.", [("PERSON", "Sarah van")], ["Sarah van"]),  # no surname after it
        ("On Fridays Fagunwa visits.", [("PERSON", "Fagunwa")], ["Fagunwa"]),  # a day, plural
        ("When Fagunwa came home, he slept.", [("PERSON", "Fagunwa")], ["Fagunwa"]),  # a sentence's start
        ("He moved to Loughborough Fagunwa.", [("PERSON", "Fagunwa")], ["Fagunwa"]),  # a town
        ("He reads the Guardian Fagunwa column.", [("PERSON", "Fagunwa"), ("ORG", "Guardian")], ["Fagunwa"]),
        ("On Fridays Alice takes him swimming.", [("PERSON", "Alice")], ["Alice"]),  # a first name found
        ("He moved to Leicester G. Grenier.", [("PERSON", "G. Grenier")], ["G. Grenier"]),
        ("Last year Uğan moved.", [(UNKNOWN_WORD, "Uğan")], ["Uğan"]),  # no person beside it
    ],
)
def test_hard_negatives_are_not_widened(text: str, spans: list[tuple[str, str]], expected: list[str]) -> None:
    assert _names_with(text, *spans) == expected


def test_will_may_hope_stays_unflagged() -> None:
    assert people("Will may hope for the best.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was referred by Robin W. Françoise in March.", ["Robin W. Françoise"]),  # an ordinary-word name
        ("He was referred by Tony R. Hall in March.", ["Tony R. Hall"]),  # a place-word surname
        ("He was referred by Jasmine R. Porter in March.", ["Jasmine R. Porter"]),
        ("Their neighbour Mx Karen Hill has a key.", ["Mx Karen Hill"]),  # title, first name, place surname
        ("He gets on well with Dr Guy Hall at college.", ["Dr Guy Hall"]),
    ],
)
def test_initials_and_place_word_surnames(text: str, expected: list[str]) -> None:
    assert [f.text for f in find_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Their neighbour Karen Hill has a key.", ["Karen"]),  # no title: "Hill" may be the place
        ("Ask Dr Patel Hall first.", ["Dr Patel"]),  # after no first name
    ],
)
def test_a_place_word_needs_a_title_and_a_first_name(text: str, expected: list[str]) -> None:
    assert [f.text for f in find_names(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her friend Pacífica has a key.", ["Pacífica"]),  # a word with an accent is one word
        ("François enjoys the cinema.", []),  # not "Fran", a first name inside it
    ],
)
def test_words_in_any_script_are_whole(text: str, expected: list[str]) -> None:
    assert [f.text for f in find_names(text)] == expected


def test_truecasing_keeps_combining_marks_in_the_word() -> None:
    text = "last year çelem i̇hsanoğlu moved"  # "İhsanoğlu" lower-cased: "i" and a combining dot
    cased = model.truecased(text, model.load_pipeline().vocab)
    assert len(cased) == len(text)
    assert cased.split()[2:4] == ["Çelem", "I\u0307hsanoğlu"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Their neighbour marthe petit has a key.", ["marthe petit"]),
        ("Their neighbour annabel van santen has a key.", ["annabel van santen"]),
        ("derrick brady rang the office on Monday.", ["derrick brady"]),
        ("Her friend Mx Silvester Häring comes to tea on Sundays.", ["Mx Silvester Häring"]),
    ],
)
def test_lower_case_and_partly_found_names_with_the_model(text: str, expected: list[str]) -> None:
    assert people(text) == expected
