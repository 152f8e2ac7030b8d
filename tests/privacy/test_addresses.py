"""Street addresses: number, street words, suffix."""

from __future__ import annotations

import pytest

from matcher.privacy import ADDRESS, find_addresses, find_identifiers


@pytest.mark.parametrize(
    "address",
    ["14 Ashby Road", "Flat 2, 33 Kings Court", "7 Oak Tree Close", "41a Church St", "10 Downing Street",
     "9 The Crescent", "5 Meadow View", "12 St Peter's Road"],
)
def test_addresses_found(address: str) -> None:
    findings = find_addresses(f"He lives at {address}, Loughborough.")
    # the town after the street line goes with it; a postcode after that stays apart (its district is kept)
    assert [(f.type, f.text, f.replacement) for f in findings] == [
        (ADDRESS, f"{address}, Loughborough", "[address]")
    ]


@pytest.mark.parametrize(
    "text",
    ["He walks 3 times round the park.", "He likes Victoria Park.", "He lives near Forest Road.",
     "He has 2 laps of the Park each day.", "It costs £14 Road tax."],
)
def test_not_addresses(text: str) -> None:
    assert find_addresses(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "He was born on 14 AUGUST 1996 in Leicester. The flat is at PO0 4NS.",  # pyap ran into the prose
        "NHS number: 116  856  2058 She lives near B9 6XS at the moment.",
        "She started at the college on 27 August 1995. She lives near G8A 1AF.",
    ],
)
def test_a_parsed_address_does_not_run_into_the_prose(text: str) -> None:
    assert find_addresses(text) == []


def test_the_other_identifiers_stay_whole_where_a_parsed_address_was_dropped() -> None:
    found = [(f.type, f.text) for f in find_identifiers("NHS number: 116  856  2058 She lives near B9 6XS.")]
    assert found == [("NHS_NUMBER", "116  856  2058"), ("POSTCODE", "B9 6XS")]


def test_a_town_with_an_inner_capital_goes_with_the_street() -> None:
    assert [f.text for f in find_addresses("Her address is 68 Rhodes Courts, McKenzietown.")] == [
        "68 Rhodes Courts, McKenzietown"
    ]
