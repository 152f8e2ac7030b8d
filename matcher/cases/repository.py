"""All SQL about cases. Every read is scoped to one organisation: another's case is never loaded."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Case

REFERENCE_INDEX = "uq_cases_organisation_reference"


class ReferenceTaken(Exception):
    """Another case of the organisation already holds this reference (raced past the check)."""


async def get_case(session: AsyncSession, case_id: uuid.UUID, organisation_id: uuid.UUID, *,
                   for_update: bool = False) -> Case | None:
    query = select(Case).where(Case.id == case_id, Case.organisation_id == organisation_id)
    if for_update:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def list_cases(session: AsyncSession, organisation_id: uuid.UUID, *, status: str | None, limit: int,
                     offset: int) -> tuple[list[Case], int]:
    query = select(Case).where(Case.organisation_id == organisation_id)
    if status is not None:
        query = query.where(Case.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(query.order_by(Case.created_at.desc(), Case.id).limit(limit).offset(offset))
    return list(rows.scalars()), int(total or 0)


async def reference_taken(session: AsyncSession, organisation_id: uuid.UUID, reference: str,
                          exclude_case_id: uuid.UUID | None = None) -> bool:
    query = select(Case.id).where(Case.organisation_id == organisation_id, Case.reference == reference)
    if exclude_case_id is not None:
        query = query.where(Case.id != exclude_case_id)
    return (await session.scalar(query.limit(1))) is not None


async def _flush(session: AsyncSession, case: Case) -> Case:
    try:
        await session.flush()
    except IntegrityError as exc:
        if REFERENCE_INDEX in str(exc.orig):
            raise ReferenceTaken(case.reference) from exc
        raise
    await session.refresh(case)
    return case


async def add_case(session: AsyncSession, case: Case) -> Case:
    session.add(case)
    return await _flush(session, case)


async def save_case(session: AsyncSession, case: Case) -> Case:
    """Flush the changes made to a loaded case and read back the server-set timestamps."""
    return await _flush(session, case)
