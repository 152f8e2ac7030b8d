"""The places service's refusals in words for people: never the JSON place forms written for API clients.
Pure: the refusals below are the service's own, raised before it would read the database."""

from __future__ import annotations

from typing import Any, cast

import pytest

from matcher.errors import InvalidInput
from matcher.places import PLACE_FORMS, place_error_for_people, resolve_place

ASKED = "Enter a town or a postcode"


async def _refusal(place: dict[str, Any]) -> str:
    with pytest.raises(InvalidInput) as refused:
        await resolve_place(cast(Any, None), place, "location")
    (error,) = refused.value.errors
    assert PLACE_FORMS in error.message
    return error.message


async def test_a_misspelt_town_is_asked_did_you_mean() -> None:
    said = place_error_for_people(await _refusal({"name": "Lowborough"}), ASKED)
    assert said.startswith("No UK town or city called 'Lowborough' is known. Did you mean ")
    assert '"Loughborough"' in said
    assert said.endswith('"?')
    assert "give one of" not in said
    assert "closest names" not in said


@pytest.mark.parametrize(
    ("place", "said"),
    [
        ({"postcode": "ZZ"}, "'ZZ' is not a UK postcode (like \"LE11 3TU\", or the district \"LE11\")"),
        ({"latitude": 0, "longitude": 0}, "Latitude must be a number from 49 to 61 (the UK)"),
        ({"latitude": 52.7, "longitude": 10}, "Longitude must be a number from -9 to 3 (the UK)"),
    ],
)
async def test_a_refused_place_keeps_the_services_words_without_the_forms(
    place: dict[str, Any], said: str
) -> None:
    assert place_error_for_people(await _refusal(place), ASKED) == said


@pytest.mark.parametrize("place", [{}, {"name": "Leicester", "postcode": "LE1"}, {"name": "  "}])
async def test_a_refusal_that_only_asks_for_one_of_the_forms_is_said_in_the_callers_words(
    place: dict[str, Any],
) -> None:
    assert place_error_for_people(await _refusal(place), ASKED) == ASKED


def test_the_forms_alone_are_said_in_the_callers_words() -> None:
    assert place_error_for_people(PLACE_FORMS, ASKED) == ASKED


def test_a_message_that_lists_no_place_forms_is_left_as_it_is() -> None:
    message = "new_packages must be at least 0."
    assert place_error_for_people(message, ASKED) == message
