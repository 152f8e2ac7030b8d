"""Properties: the landlord lists, edits and withdraws; others see the area only."""

from __future__ import annotations

import httpx

from tests.factories import Factory, property_body


async def test_landlord_lists_a_home_owner_sees_location_others_the_area(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    created = await client.post(
        "/api/v1/properties", json=property_body(landlord.organisation_id), headers=landlord.headers
    )
    assert created.status_code == 201, created.text
    home = created.json()
    assert home["location"] == {"name": "Shepshed"}
    assert home["latitude"] is not None
    other = await factory.commissioner()
    seen = (await client.get(f"/api/v1/properties/{home['id']}", headers=other.headers)).json()
    assert seen["latitude"] is None
    assert seen["longitude"] is None
    assert seen["location"] == {"name": seen["area"]}
    assert seen["updated_at"]


async def test_coordinates_are_never_shown_to_non_owners(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    body = property_body(landlord.organisation_id, location={"latitude": 52.7711, "longitude": -1.2062})
    home = (await client.post("/api/v1/properties", json=body, headers=landlord.headers)).json()
    other = await factory.provider("care")
    seen = (await client.get(f"/api/v1/properties/{home['id']}", headers=other.headers)).json()
    assert "52.77" not in str(seen["location"])
    assert seen["latitude"] is None
    assert seen["area"]


async def test_only_the_owner_edits_withdraws_and_deletes(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    other = await factory.provider("housing")
    home = (
        await client.post(
            "/api/v1/properties", json=property_body(landlord.organisation_id), headers=landlord.headers
        )
    ).json()
    url = f"/api/v1/properties/{home['id']}"
    assert (await client.patch(url, json={"weekly_rent": 190}, headers=other.headers)).status_code == 403
    assert (await client.delete(url, headers=other.headers)).status_code == 403
    withdrawn = await client.patch(
        url, json={"status": "withdrawn", "weekly_rent": 190}, headers=landlord.headers
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["weekly_rent"] == 190
    assert withdrawn.json()["updated_at"] > home["updated_at"]
    assert (await client.delete(url, headers=landlord.headers)).status_code == 204
    assert (await client.get(url, headers=landlord.headers)).status_code == 404


async def test_a_provider_cannot_list_for_another_organisation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    other = await factory.provider("housing")
    answer = await client.post(
        "/api/v1/properties", json=property_body(other.organisation_id), headers=landlord.headers
    )
    assert answer.status_code == 403
    care_only = await factory.provider("care")
    not_housing = await client.post(
        "/api/v1/properties", json=property_body(care_only.organisation_id), headers=care_only.headers
    )
    assert not_housing.status_code == 422
    assert not_housing.json()["errors"][0]["field"] == "organisation_id"


async def test_validation_rent_sharing_codes_place(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    org = landlord.organisation_id
    cases = [
        (property_body(org, weekly_rent=-5), "weekly_rent"),
        (property_body(org, living_arrangement="shared", max_occupants=5), "max_occupants"),
        (property_body(org, property_type="castle"), "property_type"),
        (property_body(org, features=["staff_bedroom", "moat"]), "features[1]"),
        (property_body(org, accessibility="Z"), "accessibility"),
        (property_body(org, location={"name": "Qwertyville"}), "location"),
        (property_body(org, location={}), "location"),
        (property_body(org, status="reserved"), "status"),
    ]
    for body, field in cases:
        answer = await client.post("/api/v1/properties", json=body, headers=landlord.headers)
        assert answer.status_code == 422, (field, answer.text)
        assert any(e["field"].startswith(field) for e in answer.json()["errors"]), (field, answer.json())


async def test_care_partners_must_be_care_organisations(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    carer = await factory.organisation("care")
    ok = await client.post(
        "/api/v1/properties",
        headers=landlord.headers,
        json=property_body(landlord.organisation_id, care_partner_ids=[str(carer)]),
    )
    assert ok.status_code == 201
    assert ok.json()["care_partner_ids"] == [str(carer)]
    bad = await client.post(
        "/api/v1/properties",
        headers=landlord.headers,
        json=property_body(landlord.organisation_id, care_partner_ids=[str(landlord.organisation_id)]),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "care_partner_ids[0]"


async def test_list_filters_and_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    other = await factory.provider("housing")
    for index in range(3):
        await client.post(
            "/api/v1/properties",
            headers=landlord.headers,
            json=property_body(
                landlord.organisation_id, title=f"Flat {index}", status="let" if index == 2 else "available"
            ),
        )
    await client.post("/api/v1/properties", headers=other.headers, json=property_body(other.organisation_id))
    mine = await client.get(
        f"/api/v1/properties?organisation_id={landlord.organisation_id}&status=available",
        headers=landlord.headers,
    )
    assert mine.json()["total"] == 2
    everything = await client.get("/api/v1/properties?limit=1", headers=landlord.headers)
    assert everything.json()["total"] == 4
    assert len(everything.json()["items"]) == 1
