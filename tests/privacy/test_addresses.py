"""Street addresses: number, street words, suffix."""

from __future__ import annotations

import pytest

from matcher.privacy import ADDRESS, find_addresses


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
