"""People's names: known names matched loosely, other first names only where used as names."""

from __future__ import annotations

import pytest

from matcher.privacy import PERSON, find_identifiers, find_names, known_name_parts

KNOWN = ["Jonathan Smith", "Janet Smith", "Sarah Smith"]


def names_in(text: str, known: list[str] | None = None) -> list[str]:
    return [f.text for f in find_names(text, KNOWN if known is None else known)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jonathan likes buses.", ["Jonathan"]),
        ("Jon likes buses.", ["Jon"]),
        ("Jonny likes buses.", ["Jonny"]),
        ("Jonny's favourite film is Cars.", ["Jonny"]),
        ("He calls himself Johnny.", ["Johnny"]),
        ("Jonathon, as his dad spells it, likes buses.", ["Jonathon"]),
        ("His sister Sara helps him.", ["Sara"]),
        ("Mum (Janet) visits on Sundays.", ["Janet"]),
        ("The Smith family want him nearby.", ["Smith"]),
        ("Jonathan Smith attended.", ["Jonathan Smith"]),
        ("Write smith on the label.", ["smith"]),
        # in capitals or lower case they are still the family's names (found from outside, stop 24)
        ("JONATHAN visits on Sundays.", ["JONATHAN"]),
        ("SARAH and JANET visit.", ["SARAH", "JANET"]),
        ("janet visits on sundays.", ["janet"]),  # lower case: exactly, "rob" may be a verb
        # their usual short forms in lower case too, but never a short form that is a word
        ("staff said jon was settled.", ["jon"]),
        ("johnny likes buses.", ["johnny"]),
        ("sally and jon went out.", ["sally", "jon"]),
        ("he may jack it in.", []),
        ("He likes JONNY as a name.", ["JONNY"]),
        ("PLEASE NOTE: PBS plan attached.", []),
    ],
)
def test_known_names_and_variants(text: str, expected: list[str]) -> None:
    assert names_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rob was calm today.", ["rob"]),
        ("staff said bob and rob visited.", ["bob", "rob"]),
        ("He can rob himself of sleep worrying.", []),  # a three-letter short form only as a subject
        ("robbie likes trains.", ["robbie"]),
    ],
)
def test_three_letter_short_forms_in_lower_case(text: str, expected: list[str]) -> None:
    assert names_in(text, ["Robert Taylor"]) == expected


@pytest.mark.parametrize(
    ("known", "text", "expected"),
    [
        # short forms our own table lacks, from the public nicknames dataset, in any casing
        ("Roland Turner", "he settles best when rollo is there.", ["rollo"]),
        ("Evangeline Turner", "Her cousin VANGIE helps with the shopping.", ["VANGIE"]),
        ("Agnes Waters", "aggy would like to be near the coast.", ["aggy"]),
        ("Antoinette Dunn", "staff said netta was happy with it.", ["netta"]),
        # and the other way: the record holds the short form, the text the full name
        ("Vangie Turner", "evangeline phones most evenings.", ["evangeline"]),
        # a short form that is more often an English word stays a word
        ("David Smith", "Every day was busy at the day centre.", []),
        ("Seymour Jones", "Staff see him settle quickly.", []),
        ("Nathaniel Fisher", "He is calmer than last year.", []),
        ("Courtney Baxter", "the court date is in March.", []),
    ],
)
def test_short_forms_from_the_public_dataset(known: str, text: str, expected: list[str]) -> None:
    assert names_in(text, [known]) == expected


def test_finding_shape() -> None:
    (finding,) = find_names("Jonny's coat", KNOWN)
    assert (finding.type, finding.start, finding.end, finding.replacement) == (PERSON, 0, 5, "[name]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Her brother Callum visits.", ["Callum"]),
        ("His brother is Liam.", ["Liam"]),
        ("His key worker Bill says he is ready.", ["Bill"]),
        ("His brother-in-law Mark drives him.", ["Mark"]),
        ("Mrs Okafor keeps a spare key.", ["Mrs Okafor"]),  # the title goes with the name
        ("Oliver is a gentle man.", ["Oliver"]),
        ("He loves Grace Dent's reviews.", ["Grace Dent"]),
        ("Sarah-Jane from the day centre says hello.", ["Sarah-Jane"]),
    ],
)
def test_unknown_names_in_name_context(text: str, expected: list[str]) -> None:
    assert names_in(text, []) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He will go to the shop.",
        "Will he cope with a move? He may.",
        "He may become anxious.",
        "In May he went to Skegness.",
        "Staff should march at his pace.",
        "The bill is paid by direct debit.",
        "Grace is needed when he gets things wrong.",
        "He brings joy to everyone.",
        "He likes to mark his timetable.",
        "She likes rose gardens and visits Abbey Park.",
        "He has faith in staff he knows.",
        "Hope is that he keeps his place.",
        "She loves May Day in the village.",
        "Born in Leicester Royal Infirmary.",
        "Call the office if he goes missing.",
        "There is a lot of noise in shared houses.",
    ],
)
def test_ordinary_words_not_flagged(text: str) -> None:
    assert names_in(text) == []


def test_will_as_known_name_is_caught_only_as_a_name() -> None:
    assert names_in("Will enjoys swimming but he will not go alone.", ["William Jones"]) == ["Will"]


def test_theresa_does_not_catch_the() -> None:
    assert names_in("The staff like Tess.", ["Theresa Hall"]) == ["Tess"]


def test_known_name_parts() -> None:
    parts = known_name_parts(["Jonathan A Smith", "Mary-Ann O'Brien", ""])
    assert parts == {"jonathan", "smith", "mary", "ann", "o'brien"}


@pytest.mark.parametrize(
    "text",
    [
        "Does he use Makaton at home?",
        "Makaton and PECS help him; Talking Mats for choices.",
        "He has Prader-Willi syndrome and epilepsy.",
    ],
)
def test_this_fields_own_words_are_not_people(text: str) -> None:
    assert [f for f in find_identifiers(text, ()) if f.type == "PERSON"] == []
