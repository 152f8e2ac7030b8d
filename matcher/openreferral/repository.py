"""All SQL of the Open Referral export: published care offers with their organisations, a page at a time."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import CareOffer, Organisation


async def care_offers_page(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[tuple[CareOffer, Organisation]], int]:
    """Only organisations still open: a closed one's listings have left the search, and the directory."""
    published = (
        select(CareOffer, Organisation)
        .join(Organisation, Organisation.id == CareOffer.organisation_id)
        .where(Organisation.deactivated_at.is_(None))
    )
    total = int(await session.scalar(select(func.count()).select_from(published.subquery())) or 0)
    rows = await session.execute(
        published
        .order_by(Organisation.name, Organisation.id)
        .limit(limit)
        .offset(offset)
    )
    return [(row[0], row[1]) for row in rows], total
