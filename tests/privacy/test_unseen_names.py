"""The name rules added from the generated corpus's tune part: names no list holds, and names of things.

Each rule has a text it must catch and a text it must leave alone; the model runs where the rule needs
its entities (loaded once per test session).
"""

from __future__ import annotations

import pytest

from matcher.privacy import CHECK_BELOW, PERSON, find_identifiers, find_names, model
from matcher.privacy.model import NAME_LIKE, UNKNOWN_WORD


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
