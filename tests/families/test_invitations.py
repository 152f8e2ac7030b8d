"""Family invitations: a single-use token with an expiry, only its hash stored, emailed through the
outbox and shown to the commissioner; accepting creates a family user for that case only."""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select, update

from matcher.db.models import FamilyAccess, FamilyInvitation, OutboxEmail, User
from tests.contacts.helpers import make_case
from tests.factories import PASSWORD, Factory, Member

FAMILY_PASSWORD = "a-long-family-password"


async def _invite(client: httpx.AsyncClient, owner: Member, case_id: object,
                  email: str = "Sister@Family.Example") -> dict[str, str]:
    answer = await client.post(f"/api/v1/cases/{case_id}/family-invitations", json={"email": email},
                               headers=owner.headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, str] = answer.json()
    return result


async def _accept(client: httpx.AsyncClient, token: str, password: str = FAMILY_PASSWORD) -> httpx.Response:
    return await client.post(f"/api/v1/family-invitations/{token}/accept", json={"password": password})


async def test_an_invitation_stores_only_the_token_hash_and_queues_an_email(client: httpx.AsyncClient,
                                                                            factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id, reference="LEI-2027-014")
    invited = await _invite(client, owner, case_id)
    token = invited["token"]
    assert len(token) >= 40
    assert invited["email"] == "sister@family.example"
    assert invited["accept_url"].endswith(f"/family/accept/{token}")
    expires = datetime.fromisoformat(invited["expires_at"])
    assert timedelta(days=6) < expires - datetime.now(UTC) <= timedelta(days=7)
    async with factory.sessionmaker() as session:
        stored = (await session.execute(select(FamilyInvitation))).scalar_one()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (stored.token_hash, stored.email)
        email = (await session.execute(select(OutboxEmail))).scalar_one()
    assert email.to_address == "sister@family.example"
    assert f"/family/accept/{token}" in email.body
    assert email.sent_at is None
    assert "LEI-2027-014" not in email.body + email.subject  # the email names no case


async def test_accepting_creates_a_family_user_who_can_sign_in_and_see_that_case(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    other_case = await make_case(factory.sessionmaker, owner.organisation_id)
    invited = await _invite(client, owner, case_id)
    accepted = await _accept(client, invited["token"])
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["email"] == "sister@family.example"
    assert accepted.json()["created"] is True
    signed_in = await client.post("/api/v1/auth/token", data={"username": "sister@family.example",
                                                              "password": FAMILY_PASSWORD})
    assert signed_in.status_code == 200
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    assert (await client.get(f"/api/v1/cases/{case_id}/family-view", headers=headers)).status_code == 200
    assert (await client.get(f"/api/v1/cases/{other_case}/family-view", headers=headers)).status_code == 404
    async with factory.sessionmaker() as session:
        user = (await session.execute(select(User).where(User.email == "sister@family.example"))).scalar_one()
        assert (user.role, user.organisation_id) == ("family", None)
        access = list((await session.execute(select(FamilyAccess.case_id)
                                             .where(FamilyAccess.user_id == user.id))).scalars())
    assert access == [case_id]


async def test_a_token_works_once(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    token = (await _invite(client, owner, case_id))["token"]
    assert (await _accept(client, token)).status_code == 201
    again = await _accept(client, token)
    assert again.status_code == 409
    assert "already been used" in again.json()["detail"]


async def test_simultaneous_acceptances_of_one_token_create_one_user(client: httpx.AsyncClient,
                                                                     factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    token = (await _invite(client, owner, case_id))["token"]
    answers = await asyncio.gather(*(_accept(client, token) for _ in range(6)))
    assert Counter(a.status_code for a in answers) == {201: 1, 409: 5}


async def test_an_unknown_or_expired_token_says_so(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    unknown = await _accept(client, "not-a-real-token")
    assert unknown.status_code == 404
    assert "not valid" in unknown.json()["detail"]
    token = (await _invite(client, owner, case_id))["token"]
    async with factory.sessionmaker() as session, session.begin():
        past = datetime.now(UTC) - timedelta(minutes=1)
        await session.execute(update(FamilyInvitation).values(expires_at=past))
    expired = await _accept(client, token)
    assert expired.status_code == 410
    assert "expired" in expired.json()["detail"]
    assert expired.headers["content-type"] == "application/problem+json"


async def test_a_short_password_is_refused_and_the_token_stays_usable(client: httpx.AsyncClient,
                                                                       factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    token = (await _invite(client, owner, case_id))["token"]
    assert (await _accept(client, token, "short")).status_code == 422
    assert (await _accept(client, token)).status_code == 201


async def test_an_existing_family_account_gains_the_case_with_its_own_password(client: httpx.AsyncClient,
                                                                              factory: Factory) -> None:
    owner = await factory.commissioner()
    first_case = await make_case(factory.sessionmaker, owner.organisation_id)
    second_case = await make_case(factory.sessionmaker, owner.organisation_id)
    assert (await _accept(client, (await _invite(client, owner, first_case))["token"])).status_code == 201
    token = (await _invite(client, owner, second_case))["token"]
    wrong = await _accept(client, token, "not-the-password-at-all")
    assert wrong.status_code == 409
    assert "already exists" in wrong.json()["detail"]
    right = await _accept(client, token)  # the refusal above left the invitation unused
    assert right.status_code == 201
    assert right.json()["created"] is False
    async with factory.sessionmaker() as session:
        cases = set((await session.execute(select(FamilyAccess.case_id))).scalars())
    assert cases == {first_case, second_case}


async def test_a_staff_email_never_gains_family_access(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    provider = await factory.provider("care")
    token = (await _invite(client, owner, case_id, email=provider.email))["token"]
    refused = await _accept(client, token, PASSWORD)
    assert refused.status_code == 409
    # the same answer as a wrong password: accepting does not reveal which emails are staff
    assert "staff" not in refused.json()["detail"]
    assert "already exists" in refused.json()["detail"]
    async with factory.sessionmaker() as session:
        assert list((await session.execute(select(FamilyAccess))).scalars()) == []
