"""UK phone numbers in the ways care staff write them."""

from __future__ import annotations

import pytest

from matcher.privacy import PHONE, find_phone_numbers
from matcher.privacy.nhs import is_valid_nhs_number


@pytest.mark.parametrize(
    "number",
    ["+44 7700 900123", "0116 496 0123", "(0116) 4960123", "07700900123", "07700 900 123",
     "+44 (0)116 496 0123", "0116-496-0123", "01509 496012", "0044 7700 900123", "07700/900123"],
)
def test_uk_numbers_found(number: str) -> None:
    findings = find_phone_numbers(f"Ring {number} after 5.")
    assert [(f.type, f.text, f.replacement) for f in findings] == [(PHONE, number, "[phone number]")]


@pytest.mark.parametrize(
    "text",
    ["The code 1234567890 is a reference.", "He needs 24 hours support, 7 days.", "Born 02/05/1994.",
     "Scored 3-1 at football.", "NHS 943 476 5919."],
)
def test_non_phone_numbers_not_found(text: str) -> None:
    assert find_phone_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Her mobile is 3738499364.", "3738499364"),  # no plan accepts it, but the text says phone
        ("His number is now (0726) 502391.", "(0726) 502391"),
        ("Contact: 05191 30561", "05191 30561"),
        ("Mum's phone is still 0741397862 for now.", "0741397862"),
    ],
)
def test_a_phone_word_and_linking_words_before_any_digit_run(text: str, number: str) -> None:
    assert [f.text for f in find_phone_numbers(text)] == [number]


def test_a_number_written_with_a_country_code_is_a_phone_even_with_an_nhs_check_digit() -> None:
    assert is_valid_nhs_number("4715597799")  # what made the phone detector leave it to the NHS one
    assert [f.text for f in find_phone_numbers("He has a new phone, +47 15 59 77 99, since March.")] == [
        "+47 15 59 77 99"
    ]
    assert find_phone_numbers("NHS 471 559 7799.") == []


@pytest.mark.parametrize("text", ["The door code is 3738499364 at night.", "He is 34 and has 2 sisters."])
def test_digit_runs_with_no_phone_word_stay_unfound(text: str) -> None:
    assert find_phone_numbers(text) == []
