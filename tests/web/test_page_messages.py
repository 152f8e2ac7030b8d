"""What people read when a form cannot be saved: plain words, the field named, a way back, nothing lost."""

from __future__ import annotations

import html

import httpx

from tests.factories import Factory
from tests.web.pages import post_form, sign_in


def _home_form(location: str) -> dict[str, str | list[str]]:
    return {
        "title": "Two-bedroom flat near the park",
        "location": location,
        "property_type": "flat",
        "living_arrangement": "single_occupancy",
        "max_occupants": "1",
        "bedrooms": "2",
        "accessibility": "G",
        "weekly_rent": "180",
        "status": "available",
        "description": "A quiet flat on the ground floor.",
    }


async def test_an_unknown_town_on_the_home_form_is_said_plainly_with_the_nearest_names(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    await sign_in(client, landlord.email)
    answer = await post_form(client, "/provider/homes/new", _home_form("Lowborough"))
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "No UK town or city called 'Lowborough' is known. Did you mean" in text
    assert "Loughborough" in text
    assert "{" not in text.split("govuk-error-summary", 1)[1].split("</div>", 1)[0]  # no JSON shown
    assert 'href="#location"' in answer.text  # the summary links to the one box for the place
    assert "Two-bedroom flat near the park" in text  # what was typed is kept
