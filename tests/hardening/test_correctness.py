"""Correctness found in review: an organisation's office is a place like any other; a rule a model
checks across fields names its field."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import Factory, property_body


@pytest.mark.parametrize(("office", "area"), [
    ({"name": "Loughborough"}, "Loughborough"),
    ({"latitude": 52.7721, "longitude": -1.2062}, None),
])
async def test_an_office_is_any_place_resolved_like_others(
    client: httpx.AsyncClient, factory: Factory, office: dict[str, object], area: str | None
) -> None:
    admin = await factory.admin()
    created = await client.post("/api/v1/organisations", json={"name": "Office Care", "kinds": ["care"],
                                                                "office": office}, headers=admin.headers)
    assert created.status_code == 201, created.text
    stored = created.json()["office"]
    assert {k: stored[k] for k in office} == office
    assert stored["resolved"]["latitude"] == pytest.approx(52.77, abs=0.05)
    if area:
        assert stored["resolved"]["area"] == area


async def test_an_unknown_office_town_is_422_naming_the_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    answer = await client.patch(f"/api/v1/organisations/{provider.organisation_id}",
                                json={"office": {"name": "Qwertyville"}}, headers=provider.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "office.name"
    two_forms = await client.patch(f"/api/v1/organisations/{provider.organisation_id}",
                                   json={"office": {"name": "Leicester", "postcode": "LE1 1AA"}},
                                   headers=provider.headers)
    assert two_forms.status_code == 422


async def test_a_model_level_rule_names_its_field(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    body = property_body(landlord.organisation_id, living_arrangement="single_occupancy", max_occupants=3)
    answer = await client.post("/api/v1/properties", json=body, headers=landlord.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "max_occupants"
