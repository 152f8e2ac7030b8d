"""All SQL about family invitations, family access, suggestions, the homes held for a case and the
email outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import FamilyAccess, FamilyInvitation, OutboxEmail, Property, PropertyEvent, Suggestion


@dataclass(frozen=True, slots=True)
class HeldHome:
    """A home reserved for the case at some point: its public face and how that reservation ended."""

    property_id: uuid.UUID
    title: str
    area: str
    held_now: bool
    last_status: str


async def add_invitation(session: AsyncSession, invitation: FamilyInvitation) -> FamilyInvitation:
    session.add(invitation)
    await session.flush()
    await session.refresh(invitation)
    return invitation


async def claim_invitation(session: AsyncSession, token_hash: str) -> FamilyInvitation | None:
    """Mark the invitation used, in one statement, only if it is unused and unexpired: of two
    simultaneous acceptances one claims it and the other finds it used (single use)."""
    result = await session.execute(
        update(FamilyInvitation)
        .where(FamilyInvitation.token_hash == token_hash, FamilyInvitation.accepted_at.is_(None),
               FamilyInvitation.expires_at > func.now())
        .values(accepted_at=func.now()).returning(FamilyInvitation)
        .execution_options(synchronize_session=False))
    return result.scalar_one_or_none()


async def get_invitation(session: AsyncSession, token_hash: str) -> FamilyInvitation | None:
    return (await session.execute(select(FamilyInvitation).where(FamilyInvitation.token_hash == token_hash)
                                  .execution_options(populate_existing=True))).scalar_one_or_none()


async def grant_access(session: AsyncSession, user_id: uuid.UUID, case_id: uuid.UUID) -> None:
    await session.execute(insert(FamilyAccess).values(user_id=user_id, case_id=case_id)
                          .on_conflict_do_nothing())


async def add_suggestion(session: AsyncSession, suggestion: Suggestion) -> Suggestion:
    session.add(suggestion)
    await session.flush()
    await session.refresh(suggestion)
    return suggestion


async def list_suggestions(session: AsyncSession, case_id: uuid.UUID, *, limit: int | None = None,
                           offset: int = 0) -> tuple[list[Suggestion], int]:
    total = await session.scalar(select(func.count()).select_from(Suggestion)
                                 .where(Suggestion.case_id == case_id))
    query = (select(Suggestion).where(Suggestion.case_id == case_id)
             .order_by(Suggestion.created_at, Suggestion.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return list((await session.execute(query)).scalars()), int(total or 0)


async def homes_held_for(session: AsyncSession, case_id: uuid.UUID) -> list[HeldHome]:
    """Every home reserved for the case at some time, from the property events (the reservation column
    forgets the case once the home is released or let)."""
    latest = (select(PropertyEvent.property_id, PropertyEvent.to_status,
                     func.row_number().over(partition_by=PropertyEvent.property_id,
                                            order_by=(PropertyEvent.at.desc(), PropertyEvent.id.desc()))
                     .label("n"))
              .where(PropertyEvent.case_id == case_id).subquery())
    rows = await session.execute(
        select(Property.id, Property.title, Property.area, Property.reserved_case_id, latest.c.to_status)
        .join(latest, latest.c.property_id == Property.id).where(latest.c.n == 1)
        .order_by(Property.title, Property.id))
    return [HeldHome(home_id, title, area, reserved == case_id, status)
            for home_id, title, area, reserved, status in rows]


# --- outbox ------------------------------------------------------------------------------------------

async def add_email(session: AsyncSession, to_address: str, subject: str, body: str) -> None:
    session.add(OutboxEmail(to_address=to_address, subject=subject, body=body))
    await session.flush()


async def claim_pending_emails(session: AsyncSession, *, max_attempts: int, limit: int) -> list[OutboxEmail]:
    """Unsent emails, locked with SKIP LOCKED so two senders never send the same one."""
    result = await session.execute(
        select(OutboxEmail).where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < max_attempts)
        .order_by(OutboxEmail.id).limit(limit).with_for_update(skip_locked=True))
    return list(result.scalars())


async def mark_email(session: AsyncSession, email_id: int, *, sent: bool, error: str | None) -> None:
    await session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id)
                          .values(sent_at=func.now() if sent else None, last_error=error,
                                  attempts=OutboxEmail.attempts + 1)
                          .execution_options(synchronize_session=False))


# --- i13a: invitations listed and withdrawn -------------------------------------------------------------

async def list_invitations(session: AsyncSession, case_id: uuid.UUID) -> list[FamilyInvitation]:
    query = (select(FamilyInvitation).where(FamilyInvitation.case_id == case_id)
             .order_by(FamilyInvitation.created_at.desc(), FamilyInvitation.id))
    return list((await session.execute(query)).scalars())


async def get_case_invitation(session: AsyncSession, case_id: uuid.UUID,
                              invitation_id: uuid.UUID) -> FamilyInvitation | None:
    query = (select(FamilyInvitation)
             .where(FamilyInvitation.id == invitation_id, FamilyInvitation.case_id == case_id)
             .with_for_update())
    return (await session.execute(query)).scalar_one_or_none()


async def delete_unused_invitation(session: AsyncSession, invitation_id: uuid.UUID) -> bool:
    """Delete it only if nobody accepted it meanwhile (one statement, so it cannot race an acceptance)."""
    result = await session.execute(
        delete(FamilyInvitation)
        .where(FamilyInvitation.id == invitation_id, FamilyInvitation.accepted_at.is_(None))
        .returning(FamilyInvitation.id).execution_options(synchronize_session=False))
    return result.scalar_one_or_none() is not None


# --- a family member's access removed ---------------------------------------------------------------------

async def mark_access_removed(session: AsyncSession, case_id: uuid.UUID, email: str) -> list[uuid.UUID]:
    """Mark every accepted invitation of this email to this case whose access is not yet removed (one
    access per person and case, however many invitations they accepted); the ids marked."""
    result = await session.execute(
        update(FamilyInvitation)
        .where(FamilyInvitation.case_id == case_id, FamilyInvitation.email == email,
               FamilyInvitation.accepted_at.is_not(None), FamilyInvitation.access_removed_at.is_(None))
        .values(access_removed_at=func.now()).returning(FamilyInvitation.id)
        .execution_options(synchronize_session=False))
    return list(result.scalars())


async def delete_unused_invitations_to(session: AsyncSession, case_id: uuid.UUID, email: str) -> int:
    """Delete this email's unused invitations to this case (one statement, so none is accepted between
    the removal and the delete); how many."""
    result = await session.execute(
        delete(FamilyInvitation)
        .where(FamilyInvitation.case_id == case_id, FamilyInvitation.email == email,
               FamilyInvitation.accepted_at.is_(None))
        .returning(FamilyInvitation.id).execution_options(synchronize_session=False))
    return len(result.scalars().all())


async def revoke_access(session: AsyncSession, user_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """Delete the user's access to this one case; whether there was one."""
    result = await session.execute(
        delete(FamilyAccess).where(FamilyAccess.user_id == user_id, FamilyAccess.case_id == case_id)
        .returning(FamilyAccess.case_id).execution_options(synchronize_session=False))
    return result.scalar_one_or_none() is not None
