"""A case's invitations listed with their state, and an unused one withdrawn (its link stops working),
across the roles: only the case's own commissioners withdraw; others who see the case get 403, the rest
404. An accepted one ends the family member's access instead: tests/families/test_family_access_removal.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from matcher.db.models import FamilyInvitation
from tests.contacts.helpers import make_case
from tests.factories import Factory, Member

FAMILY_PASSWORD = "a-long-family-password"


async def _invite(client: httpx.AsyncClient, owner: Member, case_id: object, email: str) -> dict[str, str]:
    answer = await client.post(f"/api/v1/cases/{case_id}/family-invitations", json={"email": email},
                               headers=owner.headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def _family_member(client: httpx.AsyncClient, token: str, email: str) -> dict[str, str]:
    accepted = await client.post(f"/api/v1/family-invitations/{token}/accept",
                                 json={"password": FAMILY_PASSWORD})
    assert accepted.status_code == 201, accepted.text
    signed_in = await client.post("/api/v1/auth/token", data={"username": email, "password": FAMILY_PASSWORD})
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def test_invitations_are_listed_with_their_state_and_an_unused_one_is_withdrawn(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    accepted = await _invite(client, owner, case_id, "mother@family.example")
    await _family_member(client, accepted["token"], "mother@family.example")
    pending = await _invite(client, owner, case_id, "brother@family.example")
    old = await _invite(client, owner, case_id, "aunt@family.example")
    async with factory.sessionmaker() as session, session.begin():
        await session.execute(update(FamilyInvitation).where(FamilyInvitation.email == "aunt@family.example")
                              .values(expires_at=datetime.now(UTC) - timedelta(days=1)))
    listed = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers)
    assert listed.status_code == 200
    states = {item["email"]: item["state"] for item in listed.json()}
    assert states == {"mother@family.example": "accepted", "brother@family.example": "sent",
                      "aunt@family.example": "expired"}
    assert all("token" not in item for item in listed.json())
    ids = {item["email"]: item["id"] for item in listed.json()}

    gone = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{ids['brother@family.example']}",
                               headers=owner.headers)
    assert gone.status_code == 204
    refused = await client.post(f"/api/v1/family-invitations/{pending['token']}/accept",
                                json={"password": FAMILY_PASSWORD})
    assert refused.status_code == 404
    mother = ids["mother@family.example"]
    removed = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{mother}",
                                  headers=owner.headers)
    assert removed.status_code == 204  # accepted: the family member's access ends, the row stays
    expired = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{ids['aunt@family.example']}",
                                  headers=owner.headers)
    assert expired.status_code == 204
    assert old["token"]
    after = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers)
    assert [(item["email"], item["state"]) for item in after.json()] == [("mother@family.example", "removed")]


async def test_only_the_cases_own_commissioners_withdraw_an_invitation(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    other = await factory.commissioner()
    admin = await factory.admin()
    provider = await factory.provider("care")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    other_case = await make_case(factory.sessionmaker, other.organisation_id)
    family_invite = await _invite(client, owner, case_id, "mother@family.example")
    family = await _family_member(client, family_invite["token"], "mother@family.example")
    other_family_invite = await _invite(client, other, other_case, "cousin@family.example")
    other_family = await _family_member(client, other_family_invite["token"], "cousin@family.example")
    pending = await _invite(client, owner, case_id, "brother@family.example")
    listed = (await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers)).json()
    invitation_id = next(item["id"] for item in listed if item["email"] == "brother@family.example")
    url = f"/api/v1/cases/{case_id}/family-invitations/{invitation_id}"

    expected_list = {"admin": 200, "other": 404, "provider": 404, "family": 403, "other family": 404}
    expected_delete = {"admin": 403, "other": 404, "provider": 404, "family": 403, "other family": 404}
    headers = {"admin": admin.headers, "other": other.headers, "provider": provider.headers,
               "family": family, "other family": other_family}
    for who, sent in headers.items():
        seen = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=sent)
        assert seen.status_code == expected_list[who], who
        answer = await client.delete(url, headers=sent)
        assert answer.status_code == expected_delete[who], who
    assert (await client.delete(url)).status_code == 401
    assert (await client.get(f"/api/v1/cases/{case_id}/family-invitations")).status_code == 401
    # An invitation of another case, named under this one, is not found.
    elsewhere = (await client.get(f"/api/v1/cases/{other_case}/family-invitations",
                                  headers=other.headers)).json()
    misplaced = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{elsewhere[0]['id']}",
                                    headers=owner.headers)
    assert misplaced.status_code == 404
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    assert pending["token"]
