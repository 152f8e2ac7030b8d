"""record_pen_picture_event: what contacts and referrals call when they share or a provider reads."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.audit import pen_picture_history, record_pen_picture_event
from matcher.auth import Actor
from tests.factories import Factory


async def test_shares_and_reads_are_appended_in_order_with_who_did_them(session: AsyncSession,
                                                                        factory: Factory) -> None:
    provider = await factory.provider("care")
    actor = Actor(user_id=provider.user_id, role="provider", organisation_id=provider.organisation_id,
                  email=provider.email)
    case_id = uuid.uuid4()
    await record_pen_picture_event(session, case_id=case_id, action="shared", actor=None,
                                   detail={"organisation_id": provider.organisation_id})
    await record_pen_picture_event(session, case_id=case_id, action="read", actor=actor, detail={})
    await session.commit()
    history = await pen_picture_history(session, case_id)
    assert [e.action for e in history] == ["shared", "read"]
    assert history[0].user_id is None
    assert history[0].detail == {"organisation_id": str(provider.organisation_id)}
    assert history[1].user_id == provider.user_id
    assert history[1].user_email == provider.email
    assert history[1].organisation_id == provider.organisation_id
    assert history[1].organisation_name
    assert await pen_picture_history(session, case_id, limit=1, offset=1) == history[1:]


async def test_an_unknown_action_is_a_bug(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="created, updated, shared, read"):
        await record_pen_picture_event(session, case_id=uuid.uuid4(), action="deleted", actor=None, detail={})
