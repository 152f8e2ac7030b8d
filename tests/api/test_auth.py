"""Signing in and bearer tokens."""

from __future__ import annotations

import httpx

from tests.factories import PASSWORD, Factory


async def test_right_password_gets_a_token_that_works(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    answer = await client.post(
        "/api/v1/auth/token", data={"username": admin.email.upper(), "password": PASSWORD}
    )
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "bearer"
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == admin.email
    assert "password" not in me.text


async def test_wrong_password_and_unknown_email_look_the_same(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()
    wrong = await client.post(
        "/api/v1/auth/token", data={"username": admin.email, "password": "nope-nope-nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/token", data={"username": "x@test.example", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.headers["content-type"] == "application/problem+json"


async def test_no_token_or_forged_token_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/organisations")).status_code == 401
    forged = await client.get("/api/v1/organisations", headers={"Authorization": "Bearer abc.def.ghi"})
    assert forged.status_code == 401
    assert forged.json()["status"] == 401


async def test_admin_creates_users_others_cannot(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    provider = await factory.provider("care")
    body = {
        "email": "New.Person@test.example",
        "password": "a-long-password",
        "role": "provider",
        "organisation_id": str(provider.organisation_id),
    }
    created = await client.post("/api/v1/users", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    assert created.json()["email"] == "new.person@test.example"
    assert "password" not in created.json()
    refused = await client.post(
        "/api/v1/users", json={**body, "email": "b@test.example"}, headers=provider.headers
    )
    assert refused.status_code == 403
    duplicate = await client.post("/api/v1/users", json=body, headers=admin.headers)
    assert duplicate.status_code == 409


async def test_user_validation_names_the_field(client: httpx.AsyncClient, factory: Factory) -> None:
    admin = await factory.admin()
    bad_role = await client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={"email": "a@test.example", "password": "a-long-password", "role": "boss"},
    )
    assert bad_role.status_code == 422
    assert bad_role.json()["errors"][0]["field"] == "role"
    assert "commissioner" in bad_role.json()["errors"][0]["message"]
    no_org = await client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={"email": "a@test.example", "password": "a-long-password", "role": "provider"},
    )
    assert no_org.status_code == 422
    assert no_org.json()["errors"][0]["field"] == "organisation_id"


async def test_two_users_with_one_email_at_once_one_wins_the_other_409(client: httpx.AsyncClient,
                                                                       factory: Factory) -> None:
    import asyncio

    admin = await factory.admin()
    body = {"email": "race@test.example", "password": "a-long-password", "role": "admin"}
    answers = await asyncio.gather(*(client.post("/api/v1/users", json=body, headers=admin.headers)
                                     for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [201] + [409] * 5
