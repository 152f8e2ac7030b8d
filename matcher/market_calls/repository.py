"""All SQL about market calls, their recipients, offers and history.

The closing time is the database's: whether a call is still open is always decided by comparing
`closes_at` with `clock_timestamp()` in the same statement that reads or locks the call, never by the
web server's clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.contacts.transitions import FINAL_STATUSES
from matcher.db.models import (
    Case,
    Contact,
    MarketCall,
    MarketCallEvent,
    MarketCallOffer,
    MarketCallRecipient,
    Organisation,
    Property,
    User,
)


def effective_status() -> ColumnElement[str]:
    """An open call whose closing time has passed (by the database clock) is closed."""
    return case(
        (
            and_(MarketCall.status == "open", MarketCall.closes_at <= func.clock_timestamp()),
            literal("closed"),
        ),
        else_=MarketCall.status,
    )


@dataclass(frozen=True, slots=True)
class CallRow:
    call: MarketCall
    status: str  # the effective status (see `effective_status`)
    care: int
    housing: int
    offers: int


@dataclass(frozen=True, slots=True)
class InboxRow:
    call: MarketCall
    status: str
    case: Case
    commissioner_name: str
    recipient: MarketCallRecipient


@dataclass(frozen=True, slots=True)
class OfferRow:
    offer: MarketCallOffer
    organisation_name: str
    property_title: str | None


@dataclass(frozen=True, slots=True)
class FamilyRecipientRow:
    organisation_id: uuid.UUID
    organisation_name: str
    sent_at: datetime
    offer_status: str | None
    call_status: str  # open, closed or awarded, by the database clock


async def database_now(session: AsyncSession) -> datetime:
    now = await session.scalar(select(func.clock_timestamp()))
    assert isinstance(now, datetime)
    return now


# --- calls -------------------------------------------------------------------------------------------


async def add_call(session: AsyncSession, call: MarketCall) -> MarketCall:
    session.add(call)
    await session.flush()
    await session.refresh(call)
    return call


async def add_recipients(session: AsyncSession, recipients: Sequence[MarketCallRecipient]) -> None:
    session.add_all(recipients)
    await session.flush()


async def add_event(session: AsyncSession, event: MarketCallEvent) -> None:
    session.add(event)
    await session.flush()


def _counts_query() -> Any:
    recipients = (
        select(
            MarketCallRecipient.call_id,
            func.count().filter(MarketCallRecipient.care_eligible).label("care"),
            func.count()
            .filter(func.cardinality(MarketCallRecipient.eligible_property_ids) > 0)
            .label("housing"),
        )
        .group_by(MarketCallRecipient.call_id)
        .subquery()
    )
    offers = (
        select(MarketCallOffer.call_id, func.count().label("offers"))
        .group_by(MarketCallOffer.call_id)
        .subquery()
    )
    return (
        select(
            MarketCall,
            effective_status(),
            func.coalesce(recipients.c.care, 0),
            func.coalesce(recipients.c.housing, 0),
            func.coalesce(offers.c.offers, 0),
        )
        .outerjoin(recipients, recipients.c.call_id == MarketCall.id)
        .outerjoin(offers, offers.c.call_id == MarketCall.id)
        .execution_options(populate_existing=True)
    )


async def get_call(session: AsyncSession, call_id: uuid.UUID) -> CallRow | None:
    row = (await session.execute(_counts_query().where(MarketCall.id == call_id))).one_or_none()
    return CallRow(*row) if row else None


async def list_case_calls(
    session: AsyncSession, case_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[CallRow], int]:
    total = await session.scalar(
        select(func.count()).select_from(MarketCall).where(MarketCall.case_id == case_id)
    )
    rows = await session.execute(
        _counts_query()
        .where(MarketCall.case_id == case_id)
        .order_by(MarketCall.created_at.desc(), MarketCall.id)
        .limit(limit)
        .offset(offset)
    )
    return [CallRow(*row) for row in rows], int(total or 0)


async def lock_call(session: AsyncSession, call_id: uuid.UUID) -> tuple[MarketCall, str] | None:
    """The call locked FOR UPDATE (closing, awarding) with its effective status read after the lock."""
    row = (
        await session.execute(
            select(MarketCall, effective_status())
            .where(MarketCall.id == call_id)
            .with_for_update(of=MarketCall)
            .execution_options(populate_existing=True)
        )
    ).one_or_none()
    return (row[0], row[1]) if row else None


async def lock_call_open_for_offers(session: AsyncSession, call_id: uuid.UUID) -> bool:
    """True when the call is open by the database clock now; the row is then held FOR SHARE until the
    transaction ends, so closing (FOR UPDATE) waits for this offer and an offer waiting behind a close
    re-reads the closed row. Offers from different organisations do not block each other."""
    found = await session.scalar(
        select(MarketCall.id)
        .where(
            MarketCall.id == call_id,
            MarketCall.status == "open",
            MarketCall.closes_at > func.clock_timestamp(),
        )
        .with_for_update(read=True)
    )
    return found is not None


async def close_call(session: AsyncSession, call_id: uuid.UUID, *, status: str) -> None:
    """Closed now (early) or, for a call already past its time, at its closing time."""
    closed_at = case(
        (MarketCall.closes_at <= func.clock_timestamp(), MarketCall.closes_at), else_=func.clock_timestamp()
    )
    values: dict[str, Any] = {
        "status": status,
        "closed_at": func.coalesce(MarketCall.closed_at, closed_at),
        "updated_at": func.now(),
    }
    await session.execute(
        update(MarketCall)
        .where(MarketCall.id == call_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def close_calls_of_case(session: AsyncSession, case_id: uuid.UUID, user_id: uuid.UUID) -> int:
    """Every call of the case still open, closed with the case: providers stop reading its pen picture
    and offering for a person no longer being placed. A call past its time is closed at that time."""
    open_ids = (
        await session.scalars(
            select(MarketCall.id)
            .where(MarketCall.case_id == case_id, MarketCall.status == "open")
            .order_by(MarketCall.id)
            .with_for_update()
        )
    ).all()
    for call_id in open_ids:
        await close_call(session, call_id, status="closed")
        session.add(
            MarketCallEvent(
                call_id=call_id, user_id=user_id, from_status="open", to_status="closed", note="case closed"
            )
        )
    await session.flush()
    return len(open_ids)


async def set_awarded(session: AsyncSession, call_id: uuid.UUID, offer_id: uuid.UUID) -> None:
    await close_call(session, call_id, status="awarded")
    await session.execute(
        update(MarketCall)
        .where(MarketCall.id == call_id)
        .values(awarded_offer_id=offer_id)
        .execution_options(synchronize_session=False)
    )


# --- recipients --------------------------------------------------------------------------------------


async def get_recipient(
    session: AsyncSession, call_id: uuid.UUID, organisation_id: uuid.UUID
) -> MarketCallRecipient | None:
    return (
        await session.execute(
            select(MarketCallRecipient).where(
                MarketCallRecipient.call_id == call_id, MarketCallRecipient.organisation_id == organisation_id
            )
        )
    ).scalar_one_or_none()


async def recipients_of(session: AsyncSession, call_id: uuid.UUID) -> list[MarketCallRecipient]:
    return list(
        (
            await session.execute(select(MarketCallRecipient).where(MarketCallRecipient.call_id == call_id))
        ).scalars()
    )


def _inbox_query() -> Any:
    commissioner = Organisation.__table__.alias("commissioner")
    return (
        select(MarketCall, effective_status(), Case, commissioner.c.name, MarketCallRecipient)
        .join(MarketCallRecipient, MarketCallRecipient.call_id == MarketCall.id)
        .join(Case, Case.id == MarketCall.case_id)
        .join(commissioner, commissioner.c.id == Case.organisation_id)
    )


async def open_calls_for(
    session: AsyncSession, organisation_id: uuid.UUID, *, limit: int, offset: int
) -> tuple[list[InboxRow], int]:
    """The calls sent to the organisation that are still open by the database clock, closing soonest
    first."""
    where = (
        MarketCallRecipient.organisation_id == organisation_id,
        MarketCall.status == "open",
        MarketCall.closes_at > func.clock_timestamp(),
    )
    total = await session.scalar(
        select(func.count())
        .select_from(MarketCall)
        .join(MarketCallRecipient, MarketCallRecipient.call_id == MarketCall.id)
        .where(*where)
    )
    rows = await session.execute(
        _inbox_query().where(*where).order_by(MarketCall.closes_at, MarketCall.id).limit(limit).offset(offset)
    )
    return [InboxRow(*row) for row in rows], int(total or 0)


@dataclass(frozen=True, slots=True)
class OwnOfferRow:
    offer: MarketCallOffer
    call: MarketCall
    call_status: str
    commissioner_name: str


async def offers_made_by(
    session: AsyncSession, organisation_id: uuid.UUID, *, call_state: str | None, limit: int, offset: int
) -> tuple[list[OwnOfferRow], int]:
    """The organisation's own offers, newest first, with their call's status by the database clock;
    `call_state` "open" or "closed" keeps the calls still taking offers or those that no longer are."""
    status = effective_status()
    where: list[ColumnElement[bool]] = [MarketCallOffer.organisation_id == organisation_id]
    if call_state == "open":
        where.append(status == "open")
    elif call_state == "closed":
        where.append(status != "open")
    total = await session.scalar(
        select(func.count())
        .select_from(MarketCallOffer)
        .join(MarketCall, MarketCall.id == MarketCallOffer.call_id)
        .where(*where)
    )
    commissioner = Organisation.__table__.alias("commissioner")
    rows = await session.execute(
        select(MarketCallOffer, MarketCall, status, commissioner.c.name)
        .join(MarketCall, MarketCall.id == MarketCallOffer.call_id)
        .join(Case, Case.id == MarketCall.case_id)
        .join(commissioner, commissioner.c.id == Case.organisation_id)
        .where(*where)
        .order_by(MarketCallOffer.submitted_at.desc(), MarketCallOffer.id)
        .limit(limit)
        .offset(offset)
    )
    return [OwnOfferRow(*row) for row in rows], int(total or 0)


async def inbox_call(
    session: AsyncSession, call_id: uuid.UUID, organisation_id: uuid.UUID
) -> InboxRow | None:
    row = (
        await session.execute(
            _inbox_query().where(
                MarketCall.id == call_id, MarketCallRecipient.organisation_id == organisation_id
            )
        )
    ).one_or_none()
    return InboxRow(*row) if row else None


async def recipient_emails(session: AsyncSession, organisation_ids: Sequence[uuid.UUID]) -> list[str]:
    """The active provider users of these organisations (each email once)."""
    if not organisation_ids:
        return []
    rows = await session.execute(
        select(User.email)
        .where(User.organisation_id.in_(organisation_ids), User.role == "provider", User.is_active)
        .distinct()
        .order_by(User.email)
    )
    return list(rows.scalars())


async def organisations_without_offer(session: AsyncSession, call_id: uuid.UUID) -> list[uuid.UUID]:
    offered = select(MarketCallOffer.organisation_id).where(MarketCallOffer.call_id == call_id)
    rows = await session.execute(
        select(MarketCallRecipient.organisation_id).where(
            MarketCallRecipient.call_id == call_id, MarketCallRecipient.organisation_id.not_in(offered)
        )
    )
    return list(rows.scalars())


async def claim_due_reminders(session: AsyncSession) -> list[MarketCall]:
    """Open calls closing within a day whose reminder has not gone: marked sent in the same UPDATE, so
    two runs (or two processes) never remind twice."""
    result = await session.execute(
        update(MarketCall)
        .where(
            MarketCall.status == "open",
            MarketCall.reminder_sent_at.is_(None),
            MarketCall.closes_at > func.clock_timestamp(),
            MarketCall.closes_at <= func.clock_timestamp() + func.make_interval(0, 0, 0, 1),
        )
        .values(reminder_sent_at=func.clock_timestamp())
        .returning(MarketCall)
        .execution_options(synchronize_session=False)
    )
    return list(result.scalars())


async def family_recipients(session: AsyncSession, case_id: uuid.UUID) -> list[FamilyRecipientRow]:
    """Every organisation a call for the case went to, with its offer's status (None: no offer) and the
    call's."""
    rows = await session.execute(
        select(
            MarketCallRecipient.organisation_id,
            Organisation.name,
            MarketCallRecipient.created_at,
            MarketCallOffer.status,
            effective_status(),
        )
        .join(MarketCall, MarketCall.id == MarketCallRecipient.call_id)
        .join(Organisation, Organisation.id == MarketCallRecipient.organisation_id)
        .outerjoin(
            MarketCallOffer,
            and_(
                MarketCallOffer.call_id == MarketCall.id,
                MarketCallOffer.organisation_id == MarketCallRecipient.organisation_id,
            ),
        )
        .where(MarketCall.case_id == case_id)
        .order_by(MarketCallRecipient.created_at, Organisation.name, MarketCallRecipient.id)
    )
    return [FamilyRecipientRow(*row) for row in rows]


# --- offers ------------------------------------------------------------------------------------------


async def insert_offer(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """None when the organisation already has an offer for the call (the unique index decides, so two
    racing first offers cannot both land)."""
    result = await session.execute(
        insert(MarketCallOffer)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["call_id", "organisation_id"])
        .returning(MarketCallOffer.id)
    )
    return result.scalar_one_or_none()


async def revise_offer(session: AsyncSession, offer_id: uuid.UUID, values: dict[str, Any]) -> None:
    await session.execute(
        update(MarketCallOffer)
        .where(MarketCallOffer.id == offer_id)
        .values(**values, submitted_at=func.clock_timestamp(), updated_at=func.now())
        .execution_options(synchronize_session=False)
    )


async def home_for_update(session: AsyncSession, property_id: uuid.UUID) -> Property | None:
    """The offered home as it is now, locked so it cannot be reserved or let while the award lands."""
    query = (select(Property).where(Property.id == property_id).with_for_update()
             .execution_options(populate_existing=True))
    return (await session.execute(query)).scalar_one_or_none()


async def get_offer(session: AsyncSession, offer_id: uuid.UUID) -> MarketCallOffer | None:
    return (
        await session.execute(
            select(MarketCallOffer)
            .where(MarketCallOffer.id == offer_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


async def own_offer(
    session: AsyncSession, call_id: uuid.UUID, organisation_id: uuid.UUID
) -> MarketCallOffer | None:
    return (
        await session.execute(
            select(MarketCallOffer)
            .where(MarketCallOffer.call_id == call_id, MarketCallOffer.organisation_id == organisation_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


async def offers_of(session: AsyncSession, call_id: uuid.UUID) -> list[OfferRow]:
    rows = await session.execute(
        select(MarketCallOffer, Organisation.name, Property.title)
        .join(Organisation, Organisation.id == MarketCallOffer.organisation_id)
        .outerjoin(Property, Property.id == MarketCallOffer.property_id)
        .where(MarketCallOffer.call_id == call_id)
        .order_by(MarketCallOffer.id)
        .execution_options(populate_existing=True)
    )
    return [OfferRow(*row) for row in rows]


async def comparable_costs(session: AsyncSession, call: MarketCall) -> dict[str, list[float]]:
    """Weekly costs of offers made to *other* calls asking the same day ratio and PBS level, by kind."""
    same_ratio = (
        MarketCall.day_ratio.is_(None) if call.day_ratio is None else MarketCall.day_ratio == call.day_ratio
    )
    rows = await session.execute(
        select(MarketCallOffer.kind, MarketCallOffer.weekly_cost)
        .join(MarketCall, MarketCall.id == MarketCallOffer.call_id)
        .where(MarketCall.id != call.id, same_ratio, MarketCall.required_pbs_level == call.required_pbs_level)
    )
    costs: dict[str, list[float]] = {}
    for kind, cost in rows:
        costs.setdefault(kind, []).append(float(cost))
    return costs


async def set_offer_statuses(
    session: AsyncSession, call_id: uuid.UUID, accepted: uuid.UUID
) -> list[tuple[uuid.UUID, str, str]]:
    """The accepted offer `accepted`, every other `not_selected`; answers (id, from, to) of each change."""
    offers = (
        await session.execute(
            select(MarketCallOffer.id, MarketCallOffer.status).where(MarketCallOffer.call_id == call_id)
        )
    ).all()
    changes = []
    for offer_id, status in offers:
        to = "accepted" if offer_id == accepted else "not_selected"
        if status != to:
            changes.append((offer_id, status, to))
    await session.execute(
        update(MarketCallOffer)
        .where(MarketCallOffer.call_id == call_id)
        .values(
            status=case((MarketCallOffer.id == accepted, literal("accepted")), else_=literal("not_selected")),
            updated_at=func.now(),
        )
        .execution_options(synchronize_session=False)
    )
    return changes


def money(amount: Decimal) -> float:
    return float(amount)


# --- contacts (the awarded organisation's) -----------------------------------------------------------


async def open_contact(
    session: AsyncSession, case_id: uuid.UUID, organisation_id: uuid.UUID, property_id: uuid.UUID | None
) -> Contact | None:
    """The organisation's open contact for the case about the same home (or none), the newest."""
    same_property = (
        Contact.property_id.is_(None) if property_id is None else Contact.property_id == property_id
    )
    return (
        await session.execute(
            select(Contact)
            .where(
                Contact.case_id == case_id,
                Contact.organisation_id == organisation_id,
                same_property,
                Contact.status.not_in(FINAL_STATUSES),
            )
            .order_by(Contact.created_at.desc(), Contact.id)
            .limit(1)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()


async def organisation_names(
    session: AsyncSession, organisation_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not organisation_ids:
        return {}
    rows = await session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(organisation_ids))
    )
    return {organisation_id: name for organisation_id, name in rows}
