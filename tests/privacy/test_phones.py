"""UK phone numbers in the ways care staff write them."""

from __future__ import annotations

import pytest

from matcher.privacy import PHONE, find_phone_numbers


@pytest.mark.parametrize(
    "number",
    ["+44 7700 900123", "0116 496 0123", "(0116) 4960123", "07700900123", "07700 900 123",
     "+44 (0)116 496 0123", "0116-496-0123", "01509 496012", "0044 7700 900123"],
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
