"""With SMTP configured, an invitation's email leaves right after the request has committed."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select

from matcher.api.routes import families as family_routes
from matcher.db.models import OutboxEmail
from matcher.settings import Settings
from tests.contacts.helpers import make_case
from tests.factories import Factory
from tests.families.conftest import SENT, FakeSMTP


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", database_url=None, smtp_host="smtp.test", smtp_port=2525,
                    public_url="https://matcher.example")


async def test_the_invitation_email_is_sent_after_the_commit(client: httpx.AsyncClient, factory: Factory,
                                                            fake_smtp: type[FakeSMTP]) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    answer = await client.post(f"/api/v1/cases/{case_id}/family-invitations", headers=owner.headers,
                               json={"email": "sister@family.example"})
    assert answer.status_code == 201
    await asyncio.gather(*family_routes._sending)
    assert [m["To"] for m in SENT] == ["sister@family.example"]
    body = SENT[0].get_content()
    assert f"https://matcher.example/family/accept/{answer.json()['token']}" in body
    async with factory.sessionmaker() as session:
        row = (await session.execute(select(OutboxEmail))).scalar_one()
    assert row.sent_at is not None
