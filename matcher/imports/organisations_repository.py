"""The SQL the bulk imports need about organisations (CQC facts, care providers by name)."""

from __future__ import annotations

import uuid

from sqlalchemy import any_, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation


async def care_organisations(session: AsyncSession) -> list[Organisation]:
    rows = await session.execute(
        select(Organisation).where(literal("care") == any_(Organisation.kinds)).order_by(Organisation.id)
    )
    return list(rows.scalars())


async def by_lower_name(session: AsyncSession, names: list[str]) -> dict[str, Organisation]:
    """Organisations whose name, lower-cased, is one of `names` (already lower-cased)."""
    if not names:
        return {}
    rows = await session.execute(select(Organisation).where(func.lower(Organisation.name).in_(names)))
    return {organisation.name.lower(): organisation for organisation in rows.scalars()}


async def names_by_id(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids)))
    return {row.id: row.name for row in rows}


async def lock_for_import(session: AsyncSession, organisation_id: uuid.UUID) -> None:
    """Wait for any other import of this organisation's homes to end, and hold it off until this
    transaction ends (a transaction advisory lock keyed on the organisation): the same file sent twice at
    once is imported once, the second seeing the first's homes."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
                          {"lock": f"homes-import:{organisation_id}"})
