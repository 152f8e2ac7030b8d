"""All SQL allocation and market gaps need: the open cases asked for, capacities, supply by area."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import CareOffer, Case, Property


async def open_cases_of(
    session: AsyncSession, organisation_id: uuid.UUID, case_ids: Collection[uuid.UUID]
) -> list[Case]:
    """The organisation's open cases among `case_ids` (another's, or a closed one, is simply absent)."""
    rows = await session.execute(
        select(Case).where(
            Case.id.in_(case_ids), Case.organisation_id == organisation_id, Case.status == "open"
        )
    )
    return list(rows.scalars())


async def open_cases(session: AsyncSession, organisation_id: uuid.UUID | None) -> list[Case]:
    """Open cases, oldest first; every organisation's when `organisation_id` is None (admins)."""
    query = select(Case).where(Case.status == "open")
    if organisation_id is not None:
        query = query.where(Case.organisation_id == organisation_id)
    rows = await session.execute(query.order_by(Case.created_at, Case.id))
    return list(rows.scalars())


async def capacities(session: AsyncSession, organisation_ids: Collection[str]) -> dict[str, int]:
    """capacity.new_packages per care organisation (ids as strings, as the scoring names them)."""
    if not organisation_ids:
        return {}
    ids = [uuid.UUID(i) for i in organisation_ids]
    rows = await session.execute(
        select(CareOffer.organisation_id, CareOffer.new_packages).where(CareOffer.organisation_id.in_(ids))
    )
    return {str(org): int(n) for org, n in rows}


async def available_homes_by_area(session: AsyncSession, areas: Collection[str]) -> dict[str, int]:
    if not areas:
        return {}
    rows = await session.execute(
        select(Property.area, func.count())
        .where(Property.status == "available", Property.area.in_(list(areas)))
        .group_by(Property.area)
    )
    return {area: int(n) for area, n in rows}


async def care_with_capacity_naming(session: AsyncSession, area: str) -> int:
    """Care providers with capacity whose service area names `area` (a town) as one of its circles."""
    contains = CareOffer.service_area.contains([{"name": area}])
    total = await session.scalar(
        select(func.count()).select_from(CareOffer).where(CareOffer.new_packages >= 1, contains)
    )
    return int(total or 0)
