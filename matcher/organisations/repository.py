"""All SQL about organisations."""

from __future__ import annotations

import uuid

from sqlalchemy import any_, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation


async def get(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def add(session: AsyncSession, organisation: Organisation) -> Organisation:
    session.add(organisation)
    await session.flush()
    await session.refresh(organisation)
    return organisation


async def list_page(
    session: AsyncSession, *, kind: str | None, text: str | None, limit: int, offset: int
) -> tuple[list[Organisation], int]:
    query = select(Organisation)
    if kind:
        query = query.where(literal(kind) == any_(Organisation.kinds))
    if text:
        query = query.where(Organisation.name.ilike(f"%{_escape_like(text)}%", escape="\\"))
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(func.lower(Organisation.name), Organisation.id).limit(limit).offset(offset)
    )
    return list(rows.scalars()), int(total or 0)


async def remove(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    await session.execute(delete(Organisation).where(Organisation.id == organisation_id))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
