"""All SQL about the pen-picture audit log. Inserts and reads only: the table refuses the rest."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation, PenPictureAudit, User


async def add_event(session: AsyncSession, *, case_id: uuid.UUID, action: str, user_id: uuid.UUID | None,
                    organisation_id: uuid.UUID | None, detail: dict[str, Any]) -> None:
    """A Core insert: nothing is left in the session that a later flush could try to UPDATE."""
    await session.execute(insert(PenPictureAudit).values(
        case_id=case_id, action=action, user_id=user_id, organisation_id=organisation_id, detail=detail))


async def list_events(session: AsyncSession, case_id: uuid.UUID, *, limit: int | None,
                      offset: int) -> list[Row[Any]]:
    """Oldest first, with the user's email and the organisation's name for people reading the log."""
    query = (
        select(PenPictureAudit.id, PenPictureAudit.case_id, PenPictureAudit.action, PenPictureAudit.at,
               PenPictureAudit.user_id, User.email.label("user_email"), PenPictureAudit.organisation_id,
               Organisation.name.label("organisation_name"), PenPictureAudit.detail)
        .outerjoin(User, User.id == PenPictureAudit.user_id)
        .outerjoin(Organisation, Organisation.id == PenPictureAudit.organisation_id)
        .where(PenPictureAudit.case_id == case_id)
        .order_by(PenPictureAudit.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list((await session.execute(query)).all())


async def count_events(session: AsyncSession, case_id: uuid.UUID) -> int:
    total = await session.scalar(select(func.count()).select_from(PenPictureAudit)
                                 .where(PenPictureAudit.case_id == case_id))
    return int(total or 0)
