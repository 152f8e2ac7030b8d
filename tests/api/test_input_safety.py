"""Input that used to reach the database as a 500: nulls in a PATCH, NUL characters, unsafe deletes,
self-vouching organisations, and an unexpected error's shape."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Factory, property_body


async def test_null_in_a_property_patch_is_422_naming_the_fields(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    home = (
        await client.post(
            "/api/v1/properties", json=property_body(landlord.organisation_id), headers=landlord.headers
        )
    ).json()
    url = f"/api/v1/properties/{home['id']}"
    for body in (
        {"title": None},
        {"features": None},
        {"living_arrangement": "shared", "max_occupants": None},
    ):
        answer = await client.patch(url, json=body, headers=landlord.headers)
        assert answer.status_code == 422, (body, answer.text)
        assert "cannot be null" in answer.json()["errors"][0]["message"]
    cleared = await client.patch(url, json={"weekly_rent": None}, headers=landlord.headers)
    assert cleared.status_code == 200
    assert cleared.json()["weekly_rent"] is None


async def test_sharing_rule_on_edit_names_max_occupants(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    home = (
        await client.post(
            "/api/v1/properties", json=property_body(landlord.organisation_id), headers=landlord.headers
        )
    ).json()
    answer = await client.patch(
        f"/api/v1/properties/{home['id']}", json={"living_arrangement": "shared"}, headers=landlord.headers
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "max_occupants"


async def test_null_name_in_an_organisation_patch_is_422(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    answer = await client.patch(
        f"/api/v1/organisations/{provider.organisation_id}", json={"name": None}, headers=provider.headers
    )
    assert answer.status_code == 422


@pytest.mark.parametrize("where", ["query", "json", "nested"])
async def test_a_nul_character_is_422_naming_the_field(
    client: httpx.AsyncClient, factory: Factory, where: str
) -> None:
    landlord = await factory.provider("housing")
    if where == "query":
        answer = await client.get("/api/v1/organisations?q=a%00b", headers=landlord.headers)
        field = "q"
    elif where == "json":
        answer = await client.post(
            "/api/v1/properties",
            headers=landlord.headers,
            json=property_body(landlord.organisation_id, title="Flat\u0000one"),
        )
        field = "title"
    else:
        answer = await client.post(
            "/api/v1/properties",
            headers=landlord.headers,
            json=property_body(landlord.organisation_id, features=["wet_room", "a\u0000"]),
        )
        field = "features[1]"
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field


async def test_providers_cannot_vouch_for_themselves(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}"
    for body in ({"cqc_rating": "outstanding"}, {"registered_provider": True}, {"cqc_location_ids": ["1-1"]}):
        assert (await client.patch(url, json=body, headers=provider.headers)).status_code == 403
    admin = await factory.admin()
    assert (await client.patch(url, json={"cqc_rating": "good"}, headers=admin.headers)).status_code == 200


async def test_admin_and_family_users_belong_to_no_organisation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()
    organisation = await factory.organisation("care")
    for role in ("admin", "family"):
        answer = await client.post(
            "/api/v1/users",
            headers=admin.headers,
            json={
                "email": f"{role}-x@test.example",
                "password": "a-long-password",
                "role": role,
                "organisation_id": str(organisation),
            },
        )
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "organisation_id"


async def test_deleting_an_organisation_whose_case_holds_a_home_is_409(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from tests.api.test_search import search_body

    admin = await factory.admin()
    landlord = await factory.provider("housing")
    commissioner = await factory.commissioner()
    home = (
        await client.post(
            "/api/v1/properties", json=property_body(landlord.organisation_id), headers=landlord.headers
        )
    ).json()
    case = (
        await client.post(
            "/api/v1/cases", json={**search_body(), "reference": "DEL-1"}, headers=commissioner.headers
        )
    ).json()
    reserved = await client.post(
        f"/api/v1/properties/{home['id']}/reservation",
        json={"case_id": case["id"]},
        headers=commissioner.headers,
    )
    assert reserved.status_code == 201, reserved.text
    answer = await client.delete(
        f"/api/v1/organisations/{commissioner.organisation_id}", headers=admin.headers
    )
    assert answer.status_code == 409
    assert (await client.get(f"/api/v1/properties/{home['id']}", headers=admin.headers)).json()[
        "status"
    ] == "reserved"


async def test_an_unexpected_error_is_a_logged_problem_json_500(app: FastAPI, factory: Factory) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken-for-test", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/api/v1/broken-for-test")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == 500
    assert "a bug" not in answer.text
