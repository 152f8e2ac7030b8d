"""Pydantic's validation errors read as sentences about the field, for forms and imports alike."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from matcher.validation_words import rule_words


class _Home(BaseModel):
    bedrooms: int = Field(default=1, ge=1, le=20)
    weekly_rent: float = Field(default=100.0, ge=0, le=10_000)
    radius_km: float = Field(default=10.0, gt=0, lt=300)
    title: str = Field(default="A home", min_length=3, max_length=10)
    features: list[str] = Field(default_factory=list, max_length=2)


def _error(**given: Any) -> dict[str, Any]:
    with pytest.raises(ValidationError) as raised:
        _Home.model_validate(given)
    (error,) = raised.value.errors()
    return dict(error)


@pytest.mark.parametrize(
    ("given", "label", "said"),
    [
        ({"bedrooms": "two"}, "Bedrooms", "Bedrooms must be a whole number, like 2"),
        ({"weekly_rent": "lots"}, "Weekly rent", "Weekly rent must be a number, like 180.50"),
        # found from outside: a distance was given a money example
        ({"radius_km": "far"}, "Distance you travel from area 2", "Distance you travel from area 2 must be a "
         "number, like 12.5"),
        ({"bedrooms": "0"}, "Bedrooms", "Bedrooms must be at least 1"),
        ({"bedrooms": "21"}, "Bedrooms", "Bedrooms must be at most 20"),
        ({"radius_km": "0"}, "Radius", "Radius must be more than 0.0"),
        ({"radius_km": "300"}, "Radius", "Radius must be less than 300.0"),
        ({"title": "ab"}, "Title", "Title must be at least 3 characters"),
        ({"title": "a" * 11}, "Title", "Title must be 10 characters or fewer"),
    ],
)
def test_a_broken_rule_is_said_with_the_fields_label(given: dict[str, Any], label: str, said: str) -> None:
    assert rule_words(label, _error(**given)) == said


def test_a_file_is_told_which_text_is_not_a_number() -> None:
    assert rule_words("Bedrooms", _error(bedrooms="two"), quote_input=True) == (
        "Bedrooms must be a whole number, like 2: 'two' is not"
    )
    assert rule_words("Bedrooms", _error(bedrooms=2.5), quote_input=True) == (
        "Bedrooms must be a whole number, like 2"
    )


def test_a_form_words_only_a_text_that_is_no_number() -> None:
    sent_as_a_number = _error(bedrooms=2.5)
    assert sent_as_a_number["type"] == "int_from_float"
    assert rule_words("Bedrooms", sent_as_a_number, parsing_only=True) is None
    assert rule_words("Bedrooms", sent_as_a_number) == "Bedrooms must be a whole number, like 2"
    assert rule_words("Bedrooms", _error(bedrooms="two"), parsing_only=True) == (
        "Bedrooms must be a whole number, like 2"
    )


def test_an_error_of_another_kind_is_left_to_the_caller() -> None:
    assert rule_words("Features", _error(features=["a", "b", "c"])) is None
    assert rule_words("Bedrooms", {"type": "missing"}) is None
