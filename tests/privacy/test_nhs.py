"""NHS numbers: the check digit decides, whatever the grouping."""

from __future__ import annotations

import pytest

from matcher.privacy import NHS_NUMBER, anonymise, find_nhs_numbers, is_valid_nhs_number


@pytest.mark.parametrize(
    "text",
    ["943 476 5919", "943-476-5919", "9434765919", "401 023 2137", "943.476.5919", "943/476/5919",
     "(943) 476 5919"],
)
def test_valid_numbers_are_found_in_any_grouping(text: str) -> None:
    findings = find_nhs_numbers(f"NHS number {text} on file")
    assert [(f.type, f.text, f.replacement) for f in findings] == [(NHS_NUMBER, text, "[NHS number]")]


@pytest.mark.parametrize(
    "text", ["943 476 5918", "9434765918", "123 456 7890", "943 476 59190", "1943 476 5919"]
)
def test_failing_check_digit_or_wrong_length_is_not_an_nhs_number(text: str) -> None:
    assert find_nhs_numbers(f"ref {text}") == []


def test_validator() -> None:
    assert is_valid_nhs_number("943 476 5919")
    assert not is_valid_nhs_number("943 476 5918")


def test_valid_nhs_number_wins_over_phone_reading() -> None:
    _, findings = anonymise("NHS 943 476 5919.")
    assert [f.type for f in findings] == [NHS_NUMBER]


@pytest.mark.parametrize(
    ("text", "number"),
    [("NHS/9434765919", "9434765919"), ("ID-9434765919", "9434765919"), ("ZZ-REV-9434765919", "9434765919"),
     ("nhs9434765919", "9434765919"), ("NHS#9434765919", "9434765919"), ("ref.943 476 5919", "943 476 5919")],
)
def test_a_number_glued_to_letters_or_punctuation_is_found(text: str, number: str) -> None:
    """Found by an outside tester: a slash or hyphen before the digits hid the number from providers."""
    assert [f.text for f in find_nhs_numbers(text)] == [number]
    assert anonymise(text)[0] == text.replace(number, "[NHS number]")


@pytest.mark.parametrize("text", ["ref 12-9434765919", "ref 4/9434765919", "ref 1.9434765919", "+9434765919"])
def test_the_tail_of_a_longer_number_is_not_an_nhs_number(text: str) -> None:
    assert find_nhs_numbers(text) == []
