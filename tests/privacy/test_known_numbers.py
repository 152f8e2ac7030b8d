"""The person's own NHS number and date of birth, found as digits in shapes the detectors can miss
(found from outside: "NHS/9434765919" and "DOB:01011990" reached providers)."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.privacy import DATE, NHS_NUMBER, find_known_numbers

NHS = "943 476 5919"
BORN = date(1996, 5, 4)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Records: NHS/9434765919.", "9434765919"),
        ("Hospital ID-9434765919", "9434765919"),
        ("ZZ-PAGE-943 476 5919", "943 476 5919"),
        ("ref 943-476-5919 on file", "943-476-5919"),
        ("(9434765919)", "9434765919"),
    ],
)
def test_the_persons_nhs_number_is_found_however_it_is_glued_or_split(text: str, found: str) -> None:
    (finding,) = find_known_numbers(text, [NHS], [])
    assert finding.type == NHS_NUMBER
    assert text[finding.start:finding.end] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("DOB:04051996", "04051996"),
        ("ZZ-PAGE-04/05/1996", "04/05/1996"),
        ("born 1996.05.04", "1996.05.04"),
        ("b. 040596", "040596"),
    ],
)
def test_the_persons_date_of_birth_is_found_as_digits(text: str, found: str) -> None:
    (finding,) = find_known_numbers(text, [], [BORN])
    assert finding.type == DATE
    assert text[finding.start:finding.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Invoice 9434765918 paid",  # another number
        "Call 01509 040596 after ten",  # six digits inside a longer run, by chance
        "Seen on 05/04/1996 and 4 May 1997",  # other dates
        "Needs 2:1 support, 10 to 12 hours a day",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert find_known_numbers(text, [NHS], [BORN]) == []


def test_nothing_known_finds_nothing() -> None:
    assert find_known_numbers("NHS/9434765919 DOB:04051996", [], []) == []


@pytest.mark.parametrize("text", ["ZZ-943\u00a0476\u00a05919", "ZZ-943–476–5919", "ZZ-943_476_5919"])
def test_look_alike_separators_are_read_as_separators(text: str) -> None:
    (finding,) = find_known_numbers(text, [NHS], [])
    assert finding.type == NHS_NUMBER
    assert finding.start == 3
    assert finding.end == len(text)
