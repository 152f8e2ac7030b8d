"""The person's own street from the identity record, and streets typed all in one case."""

from __future__ import annotations

import pytest

from matcher.privacy import ADDRESS, find_addresses, find_identifiers
from matcher.privacy.known_addresses import find_known_addresses

RECORD = "14 Elm Grove, Loughborough, LE11 2AB"


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("He lived at 14 elm grove until last year.", "14 elm grove"),
        ("HIS OLD HOME WAS 14 ELM GROVE.", "14 ELM GROVE"),
        ("Mum still lives on Elm Grove.", "Elm Grove"),
        ("mum still lives on elm grove", "elm grove"),
        ("He went back to number 14, Elm Grove.", "number 14, Elm Grove"),
        ("Flat 3, 14 Elm Grove is where he grew up.", "Flat 3, 14 Elm Grove"),
    ],
)
def test_the_recorded_street_is_found_in_any_casing(text: str, street: str) -> None:
    found = find_known_addresses(text, [RECORD])
    assert [(f.type, f.text) for f in found] == [(ADDRESS, street)]


def test_abbreviated_and_spelled_out_street_types_match_each_other() -> None:
    short = find_known_addresses("at 22 kingsway rd.", ["22 Kingsway Road"])
    assert [f.text for f in short] == ["22 kingsway rd"]
    spelled = find_known_addresses("on Kingsway Road", ["22 Kingsway Rd"])
    assert [f.text for f in spelled] == ["Kingsway Road"]


def test_the_town_and_other_streets_stay() -> None:
    assert find_known_addresses("He would like to live near Loughborough, by the grove.", [RECORD]) == []
    assert find_known_addresses("He likes Elm Avenue's park.", [RECORD]) == []


def test_a_common_street_needs_its_house_number() -> None:
    record = ["3 High Street, Quorn"]
    assert find_known_addresses("He likes shopping on the high street.", record) == []
    assert [f.text for f in find_known_addresses("He lived at 3 high street.", record)] == ["3 high street"]


def test_an_address_without_a_street_line_matches_nothing() -> None:
    assert find_known_addresses("Rose Cottage is lovely; Quorn too.", ["Rose Cottage, Quorn"]) == []


def test_the_identifiers_check_redacts_the_recorded_street() -> None:
    found = find_identifiers("He misses elm grove and his old room.", known_addresses=[RECORD])
    assert [(f.type, f.text) for f in found] == [(ADDRESS, "elm grove")]
    assert find_identifiers("He misses elm grove and his old room.") == []


@pytest.mark.parametrize(
    "text", ["He lived at 22 kingsway road.", "HE LIVED AT 22 KINGSWAY ROAD.", "flat 3, 9b mill lane"]
)
def test_a_street_line_typed_in_one_case_is_an_address(text: str) -> None:
    assert [f.type for f in find_addresses(text)] == [ADDRESS]


@pytest.mark.parametrize(
    "text",
    [
        "It is a 10 minute drive to the day centre.",
        "He walks 2 miles down the lane every morning.",
        "He wants a 2 bed close to his mum.",
        "3 times round the park settles him.",
        "He takes the 42 bus along the main road.",
    ],
)
def test_quantities_near_a_street_word_are_not_addresses(text: str) -> None:
    assert find_addresses(text) == []
