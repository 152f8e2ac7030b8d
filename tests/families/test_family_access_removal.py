"""An accepted invitation withdrawn ends that family member's access to the case: the family view and the
suggestions of that case are 404 for them, their other cases keep working, the invitation is listed as
`removed`, removing twice is 409, and a family member left with no case is signed out. Only the case's own
commissioners may: admins and family members 403, everyone else 404."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from matcher.db.models import FamilyAccess, FamilyInvitation, User
from tests.contacts.helpers import make_case
from tests.factories import Factory, Member

FAMILY_PASSWORD = "a-long-family-password"


async def _invite(client: httpx.AsyncClient, owner: Member, case_id: uuid.UUID, email: str) -> str:
    """Invite, accept and return the invitation's id."""
    answer = await client.post(f"/api/v1/cases/{case_id}/family-invitations", json={"email": email},
                               headers=owner.headers)
    assert answer.status_code == 201, answer.text
    accepted = await client.post(f"/api/v1/family-invitations/{answer.json()['token']}/accept",
                                 json={"password": FAMILY_PASSWORD})
    assert accepted.status_code == 201, accepted.text
    listed = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers)
    return str(next(i["id"] for i in listed.json() if i["email"] == email and i["state"] == "accepted"))


async def _sign_in(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    signed_in = await client.post("/api/v1/auth/token", data={"username": email, "password": FAMILY_PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


async def _states(client: httpx.AsyncClient, owner: Member, case_id: uuid.UUID) -> dict[str, dict[str, str]]:
    listed = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers)
    assert listed.status_code == 200
    return {item["email"]: item for item in listed.json()}


async def _access(factory: Factory, email: str) -> set[uuid.UUID]:
    async with factory.sessionmaker() as session:
        rows = await session.execute(select(FamilyAccess.case_id).join(User, User.id == FamilyAccess.user_id)
                                     .where(User.email == email))
        return set(rows.scalars())


async def test_removing_access_ends_that_case_only_and_is_listed_as_removed(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    other_case = await make_case(factory.sessionmaker, owner.organisation_id)
    mother = await _invite(client, owner, case_id, "mother@family.example")
    await _invite(client, owner, other_case, "mother@family.example")  # one account, two cases
    await _invite(client, owner, case_id, "father@family.example")
    mother_headers = await _sign_in(client, "mother@family.example")
    father_headers = await _sign_in(client, "father@family.example")
    view = f"/api/v1/cases/{case_id}/family-view"
    assert (await client.get(view, headers=mother_headers)).status_code == 200

    removed = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{mother}",
                                  headers=owner.headers)
    assert removed.status_code == 204, removed.text

    assert await _access(factory, "mother@family.example") == {other_case}
    for method, path, body in (("GET", "family-view", None), ("GET", "suggestions", None),
                               ("POST", "suggestions", {"provider_name": "Acorn Care"})):
        answer = await client.request(method, f"/api/v1/cases/{case_id}/{path}", headers=mother_headers,
                                      json=body)
        assert answer.status_code == 404, (method, path, answer.text)
    # Her other case keeps working, with the same token: she still has a case, so she is not signed out.
    assert (await client.get(f"/api/v1/cases/{other_case}/family-view",
                             headers=mother_headers)).status_code == 200
    # The father, invited to the same case, is untouched.
    assert (await client.get(view, headers=father_headers)).status_code == 200

    states = await _states(client, owner, case_id)
    assert states["mother@family.example"]["state"] == "removed"
    assert states["mother@family.example"]["access_removed_at"] is not None
    assert states["mother@family.example"]["accepted_at"] is not None  # the history stays
    assert states["father@family.example"]["state"] == "accepted"
    assert states["father@family.example"]["access_removed_at"] is None
    assert (await _states(client, owner, other_case))["mother@family.example"]["state"] == "accepted"

    again = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{mother}", headers=owner.headers)
    assert again.status_code == 409
    assert "already removed" in again.json()["detail"]
    assert await _access(factory, "mother@family.example") == {other_case}


async def test_a_family_member_left_with_no_case_is_signed_out(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    invitation = await _invite(client, owner, case_id, "father@family.example")
    before = await _sign_in(client, "father@family.example")

    removed = await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{invitation}",
                                  headers=owner.headers)
    assert removed.status_code == 204

    assert (await client.get(f"/api/v1/cases/{case_id}/family-view", headers=before)).status_code == 401
    async with factory.sessionmaker() as session:
        user = (await session.execute(select(User).where(User.email == "father@family.example"))).scalar_one()
        assert user.sessions_revoked_at is not None
    # Signing in again works, but the case is gone for them.
    after = await _sign_in(client, "father@family.example")
    assert (await client.get(f"/api/v1/cases/{case_id}/family-view", headers=after)).status_code == 404


async def test_a_second_accepted_invitation_of_the_same_person_is_removed_with_the_first(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """The access is one per person and case: invited twice, both invitations read `removed`."""
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    first = await _invite(client, owner, case_id, "sister@family.example")
    second = await client.post(f"/api/v1/cases/{case_id}/family-invitations",
                               json={"email": "sister@family.example"}, headers=owner.headers)
    assert (await client.post(f"/api/v1/family-invitations/{second.json()['token']}/accept",
                              json={"password": FAMILY_PASSWORD})).status_code == 201

    assert (await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{first}",
                                headers=owner.headers)).status_code == 204

    async with factory.sessionmaker() as session:
        marked = (await session.execute(select(FamilyInvitation.access_removed_at)
                                        .where(FamilyInvitation.case_id == case_id))).scalars().all()
    assert len(marked) == 2
    assert all(at is not None for at in marked)
    assert await _access(factory, "sister@family.example") == set()


async def test_removing_access_withdraws_an_unused_invitation_to_the_same_person(
        client: httpx.AsyncClient, factory: Factory) -> None:
    """A second link still in the person's inbox must not undo the removal; another person's stays."""
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    first = await _invite(client, owner, case_id, "uncle@family.example")
    spare = await client.post(f"/api/v1/cases/{case_id}/family-invitations",
                              json={"email": "uncle@family.example"}, headers=owner.headers)
    other = await client.post(f"/api/v1/cases/{case_id}/family-invitations",
                              json={"email": "aunt@family.example"}, headers=owner.headers)
    assert (await client.delete(f"/api/v1/cases/{case_id}/family-invitations/{first}",
                                headers=owner.headers)).status_code == 204
    again = await client.post(f"/api/v1/family-invitations/{spare.json()['token']}/accept",
                              json={"password": FAMILY_PASSWORD})
    assert again.status_code == 404, again.text
    assert await _access(factory, "uncle@family.example") == set()
    assert (await client.post(f"/api/v1/family-invitations/{other.json()['token']}/accept",
                              json={"password": FAMILY_PASSWORD})).status_code == 201


async def test_only_the_cases_own_commissioners_remove_a_family_members_access(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    other = await factory.commissioner()
    admin = await factory.admin()
    provider = await factory.provider("care")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    other_case = await make_case(factory.sessionmaker, other.organisation_id)
    invitation = await _invite(client, owner, case_id, "mother@family.example")
    family = await _sign_in(client, "mother@family.example")
    await _invite(client, other, other_case, "cousin@family.example")
    other_family = await _sign_in(client, "cousin@family.example")
    url = f"/api/v1/cases/{case_id}/family-invitations/{invitation}"

    expected = {"admin": 403, "other": 404, "provider": 404, "family": 403, "other family": 404}
    headers = {"admin": admin.headers, "other": other.headers, "provider": provider.headers,
               "family": family, "other family": other_family}
    for who, sent in headers.items():
        assert (await client.delete(url, headers=sent)).status_code == expected[who], who
    assert (await client.delete(url)).status_code == 401
    # None of those refusals took anything away.
    assert (await client.get(f"/api/v1/cases/{case_id}/family-view", headers=family)).status_code == 200
    assert (await _states(client, owner, case_id))["mother@family.example"]["state"] == "accepted"

    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    # She had no other case, so her token is refused now.
    assert (await client.get(f"/api/v1/cases/{case_id}/family-view", headers=family)).status_code == 401
    assert await _access(factory, "mother@family.example") == set()
    # The admin reads the listing too, and sees the same state.
    listed = await client.get(f"/api/v1/cases/{case_id}/family-invitations", headers=admin.headers)
    assert [i["state"] for i in listed.json()] == ["removed"]
