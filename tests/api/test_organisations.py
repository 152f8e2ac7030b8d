"""Organisations: who creates, who changes, how lists page."""

from __future__ import annotations

import httpx

from tests.factories import Factory

OAKFIELD = {
    "name": "Oakfield Support",
    "kinds": ["care", "housing"],
    "description": "Supported living.",
    "email": "referrals@oakfield.example",
    "phone": "0116 496 0000",
    "website": "https://oakfield.example",
    "registered_provider": False,
    "cqc_location_ids": ["1-000000001"],
    "cqc_rating": "good",
    "office": {"name": "Leicester"},
}


async def test_admin_creates_an_organisation_everyone_can_read_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()
    created = await client.post("/api/v1/organisations", json=OAKFIELD, headers=admin.headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kinds"] == ["care", "housing"]
    assert body["cqc_rating"] == "good"
    family = await factory.user("family")
    read = await client.get(f"/api/v1/organisations/{body['id']}", headers=family.headers)
    assert read.status_code == 200
    assert read.json()["name"] == "Oakfield Support"


async def test_only_admin_creates_organisations(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    answer = await client.post("/api/v1/organisations", json=OAKFIELD, headers=commissioner.headers)
    assert answer.status_code == 403


async def test_bad_codes_are_422_naming_the_field(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    answer = await client.post(
        "/api/v1/organisations",
        headers=admin.headers,
        json={**OAKFIELD, "kinds": ["care", "hotel"], "cqc_rating": "great"},
    )
    assert answer.status_code == 422
    fields = {e["field"]: e["message"] for e in answer.json()["errors"]}
    assert "kinds[1]" in fields
    assert "housing" in fields["kinds[1]"]
    assert "cqc_rating" in fields
    assert "outstanding" in fields["cqc_rating"]
    assert answer.headers["content-type"] == "application/problem+json"


async def test_own_users_patch_others_get_403(client: httpx.AsyncClient, factory: Factory) -> None:
    mine = await factory.provider("care")
    theirs = await factory.provider("care")
    ok = await client.patch(
        f"/api/v1/organisations/{mine.organisation_id}", json={"description": "Updated"}, headers=mine.headers
    )
    assert ok.status_code == 200
    assert ok.json()["description"] == "Updated"
    refused = await client.patch(
        f"/api/v1/organisations/{theirs.organisation_id}", json={"description": "x"}, headers=mine.headers
    )
    assert refused.status_code == 403
    kinds = await client.patch(
        f"/api/v1/organisations/{mine.organisation_id}",
        json={"kinds": ["commissioner"]},
        headers=mine.headers,
    )
    assert kinds.status_code == 403


async def test_delete_is_admin_only_and_deactivates(client: httpx.AsyncClient, factory: Factory) -> None:
    """DELETE is a soft delete (see tests/hardening/test_organisation_data.py): the history stays."""
    admin = await factory.admin()
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}"
    assert (await client.delete(url, headers=provider.headers)).status_code == 403
    assert (await client.delete(url, headers=admin.headers)).status_code == 204
    assert (await client.get(url, headers=admin.headers)).json()["deactivated_at"] is not None


async def test_list_filters_by_kind_and_text_and_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    for index in range(5):
        await factory.organisation("care", name=f"Brightwater Care {index}")
    await factory.organisation("housing", name="Meadowbank Housing")
    care = await client.get("/api/v1/organisations?kind=care&limit=2&offset=1", headers=admin.headers)
    assert care.status_code == 200
    assert care.json()["total"] == 5
    assert [o["name"] for o in care.json()["items"]] == ["Brightwater Care 1", "Brightwater Care 2"]
    found = await client.get("/api/v1/organisations?q=meadow", headers=admin.headers)
    assert [o["name"] for o in found.json()["items"]] == ["Meadowbank Housing"]
    too_many = await client.get("/api/v1/organisations?limit=500", headers=admin.headers)
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["field"] == "limit"
    bad_kind = await client.get("/api/v1/organisations?kind=hotel", headers=admin.headers)
    assert bad_kind.status_code == 422


async def test_unknown_or_malformed_id_is_404_or_422(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    missing = await client.get(
        "/api/v1/organisations/00000000-0000-4000-8000-000000000000", headers=admin.headers
    )
    assert missing.status_code == 404
    malformed = await client.get("/api/v1/organisations/not-a-uuid", headers=admin.headers)
    assert malformed.status_code == 422


async def test_the_office_as_get_answers_it_can_be_patched_back(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()
    created = (await client.post("/api/v1/organisations", json=OAKFIELD, headers=admin.headers)).json()
    url = f"/api/v1/organisations/{created['id']}"
    office = (await client.get(url, headers=admin.headers)).json()["office"]
    assert office["resolved"]["name"] == "Leicester"
    sent_back = await client.patch(url, json={"office": office}, headers=admin.headers)
    assert sent_back.status_code == 200, sent_back.text
    assert sent_back.json()["office"] == office
    # `resolved` is the service's answer: a different one sent back changes nothing
    moved = {"name": "Leicester", "resolved": {"name": "Truro", "latitude": 50.26, "longitude": -5.05}}
    ignored = await client.patch(url, json={"office": moved}, headers=admin.headers)
    assert ignored.json()["office"]["resolved"] == office["resolved"]
