"""All SQL about organisations."""

from __future__ import annotations

import uuid

from sqlalchemy import any_, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation
from matcher.errors import Conflict


async def get(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def add(session: AsyncSession, organisation: Organisation) -> Organisation:
    session.add(organisation)
    return await save(session, organisation)


async def save(session: AsyncSession, organisation: Organisation) -> Organisation:
    """Flush (the unique normalised name decides races) and read back the server's columns."""
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        if "name_key" in str(exc.orig):
            raise Conflict("An organisation with this name already exists (names are compared ignoring "
                           "case, spacing and look-alike characters).") from exc
        raise
    await session.refresh(organisation)
    return organisation


async def deactivate(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    """Soft delete: the row, its users, cases and audit stay; sign-in and search leave it out."""
    await session.execute(
        update(Organisation)
        .where(Organisation.id == organisation_id, Organisation.deactivated_at.is_(None))
        .values(deactivated_at=func.now())
    )


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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
