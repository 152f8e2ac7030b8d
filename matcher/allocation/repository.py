"""All SQL allocation and market gaps need: the open cases asked for, capacities, supply by area."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import CareOffer, Case, Organisation, Property


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


async def names(
    session: AsyncSession, organisation_ids: Collection[str], property_ids: Collection[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Organisation names and home titles for showing an allocation (both public to commissioners)."""
    orgs = [uuid.UUID(i) for i in organisation_ids]
    homes = [uuid.UUID(i) for i in property_ids]
    org_rows = await session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs))
    )
    home_rows = await session.execute(select(Property.id, Property.title).where(Property.id.in_(homes)))
    return {str(i): n for i, n in org_rows}, {str(i): t for i, t in home_rows}


async def reserved_homes(session: AsyncSession, case_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Per case among `case_ids`, the title of a home it holds reserved (one is enough to say so)."""
    rows = await session.execute(
        select(Property.reserved_case_id, Property.title)
        .where(Property.reserved_case_id.in_(list(case_ids)), Property.status == "reserved")
        .order_by(Property.title)
    )
    out: dict[uuid.UUID, str] = {}
    for case_id, title in rows:
        if case_id is not None:
            out.setdefault(case_id, title)
    return out
