"""All SQL about holding a home for a case. Each change is one conditional UPDATE: the database, not
a read-then-write in Python, decides who wins (see `reserve`)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Organisation, Property, PropertyEvent


async def get_property(session: AsyncSession, property_id: uuid.UUID) -> Property | None:
    """Always the row as it is now (`populate_existing`), even after an UPDATE in this session."""
    query = select(Property).where(Property.id == property_id).execution_options(populate_existing=True)
    return (await session.execute(query)).scalar_one_or_none()


async def reserve(session: AsyncSession, property_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """Available → reserved for `case_id`, in one statement. Of any number of concurrent calls for one
    home exactly one matches: the others wait for its row lock, PostgreSQL re-checks `status =
    'available'` on the committed row, and they update nothing. The CHECK constraint
    `(status = 'reserved') = (reserved_case_id IS NOT NULL)` keeps every row consistent whatever runs."""
    result = await session.execute(
        update(Property).where(Property.id == property_id, Property.status == "available")
        .values(status="reserved", reserved_case_id=case_id, updated_at=func.now())
        .returning(Property.id).execution_options(synchronize_session=False))
    return result.scalar_one_or_none() is not None


async def owner_is_closed(session: AsyncSession, property_id: uuid.UUID) -> bool:
    """The home's organisation was deactivated (its listings left the search; nobody can answer)."""
    closed = await session.scalar(
        select(Organisation.deactivated_at)
        .join(Property, Property.organisation_id == Organisation.id)
        .where(Property.id == property_id)
    )
    return closed is not None


async def end_reservation(session: AsyncSession, property_id: uuid.UUID, case_id: uuid.UUID, *,
                          to_status: str) -> bool:
    """Reserved for `case_id` → `to_status` (available or let), only if that case still holds it."""
    result = await session.execute(
        update(Property)
        .where(Property.id == property_id, Property.status == "reserved",
               Property.reserved_case_id == case_id)
        .values(status=to_status, reserved_case_id=None, updated_at=func.now())
        .returning(Property.id).execution_options(synchronize_session=False))
    return result.scalar_one_or_none() is not None


async def held_for_case(session: AsyncSession, case_id: uuid.UUID) -> list[Property]:
    """The homes reserved for the case now."""
    query = (select(Property).where(Property.reserved_case_id == case_id, Property.status == "reserved")
             .order_by(Property.title, Property.id).execution_options(populate_existing=True))
    return list((await session.execute(query)).scalars())


async def events_for_case(session: AsyncSession, case_id: uuid.UUID) -> list[tuple[PropertyEvent, str, str]]:
    """Every status change a home went through for the case (reserved, released, let), with the home's
    title and area, oldest first."""
    rows = await session.execute(
        select(PropertyEvent, Property.title, Property.area)
        .join(Property, Property.id == PropertyEvent.property_id)
        .where(PropertyEvent.case_id == case_id).order_by(PropertyEvent.at, PropertyEvent.id))
    return [(event, title, area) for event, title, area in rows]
