"""All SQL about contacts, their events, and the case rows contacts hang off."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.contacts.transitions import FINAL_STATUSES, SHARED_STATUSES
from matcher.db.models import (
    Case,
    Contact,
    ContactEvent,
    FamilyAccess,
    Organisation,
    Property,
    ReferralArea,
    User,
)


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A contact with the names people need to read it (organisation, home)."""

    contact: Contact
    organisation_name: str
    property_title: str | None
    property_area: str | None
    #: The organisation was deactivated: it can no longer sign in, answer or be found.
    organisation_left: bool = False


@dataclass(frozen=True, slots=True)
class EventRow:
    event: ContactEvent
    by_role: str | None
    by_organisation_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class ReferralRow:
    """What a provider is shown of one shared contact: the contact, its case, who commissions it."""

    contact: ContactRow
    case: Case
    commissioner_name: str


# --- cases -------------------------------------------------------------------------------------------

async def get_case(session: AsyncSession, case_id: uuid.UUID, *, for_update: bool = False) -> Case | None:
    """`for_update` serialises contact creation per case (no two open contacts for one organisation).
    It takes FOR NO KEY UPDATE, which does not block the key-share locks that inserts referring to the
    case take (a reservation naming the case, say)."""
    query = select(Case).where(Case.id == case_id)
    if for_update:
        query = query.with_for_update(key_share=True)
    return (await session.execute(query)).scalar_one_or_none()


async def has_family_access(session: AsyncSession, user_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    return bool(await session.scalar(select(exists().where(FamilyAccess.user_id == user_id,
                                                           FamilyAccess.case_id == case_id))))


async def get_organisation(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def get_property(session: AsyncSession, property_id: uuid.UUID) -> Property | None:
    return await session.get(Property, property_id)


# --- contacts ----------------------------------------------------------------------------------------

def _with_names() -> Select[Contact, str, str | None, str | None, bool]:
    return (select(Contact, Organisation.name, Property.title, Property.area,
                   Organisation.deactivated_at.is_not(None))
            .join(Organisation, Organisation.id == Contact.organisation_id)
            .outerjoin(Property, Property.id == Contact.property_id))


async def open_contact_exists(session: AsyncSession, case_id: uuid.UUID, organisation_id: uuid.UUID,
                              property_id: uuid.UUID | None) -> bool:
    same_property = (Contact.property_id.is_(None) if property_id is None
                     else Contact.property_id == property_id)
    return bool(await session.scalar(select(exists().where(
        Contact.case_id == case_id, Contact.organisation_id == organisation_id, same_property,
        Contact.status.not_in(FINAL_STATUSES)))))


async def add_contact(session: AsyncSession, contact: Contact) -> Contact:
    session.add(contact)
    await session.flush()
    await session.refresh(contact)
    return contact


async def add_event(session: AsyncSession, event: ContactEvent) -> None:
    session.add(event)
    await session.flush()


async def get_contact(session: AsyncSession, contact_id: uuid.UUID) -> ContactRow | None:
    """`populate_existing`: after `change_status` the identity map must not answer with the old row."""
    query = _with_names().where(Contact.id == contact_id).execution_options(populate_existing=True)
    row = (await session.execute(query)).one_or_none()
    return ContactRow(*row) if row else None


async def change_status(
    session: AsyncSession, contact_id: uuid.UUID, *, version: int, from_status: str, to_status: str,
    reason: str | None, share: bool,
) -> bool:
    """Compare-and-set on `version`: one UPDATE, so of two concurrent changes made from the same
    version exactly one matches (PostgreSQL re-checks the WHERE after waiting for the row lock) and the
    other changes nothing: no lost update. True when this call made the change."""
    values: dict[str, object] = {"status": to_status, "reason": reason, "version": Contact.version + 1,
                                 "updated_at": func.now()}
    if share:
        values["shared_at"] = func.coalesce(Contact.shared_at, func.now())
    result = await session.execute(
        update(Contact)
        .where(Contact.id == contact_id, Contact.version == version, Contact.status == from_status)
        .values(**values).returning(Contact.id)
        .execution_options(synchronize_session=False))
    return result.scalar_one_or_none() is not None


async def list_case_contacts(session: AsyncSession, case_id: uuid.UUID, *, limit: int,
                             offset: int) -> tuple[list[ContactRow], int]:
    total = await session.scalar(select(func.count()).select_from(Contact).where(Contact.case_id == case_id))
    rows = await session.execute(_with_names().where(Contact.case_id == case_id)
                                 .order_by(Contact.created_at, Contact.id).limit(limit).offset(offset))
    return [ContactRow(*row) for row in rows], int(total or 0)


async def all_case_contacts(session: AsyncSession, case_id: uuid.UUID) -> list[ContactRow]:
    rows = await session.execute(_with_names().where(Contact.case_id == case_id)
                                 .order_by(Contact.created_at, Contact.id))
    return [ContactRow(*row) for row in rows]


async def events_for(session: AsyncSession, contact_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[EventRow]]:
    """Each contact's history, oldest first, with the role and organisation of whoever made each change."""
    history: dict[uuid.UUID, list[EventRow]] = defaultdict(list)
    if not contact_ids:
        return history
    rows = await session.execute(
        select(ContactEvent, User.role, User.organisation_id).outerjoin(User, User.id == ContactEvent.user_id)
        .where(ContactEvent.contact_id.in_(contact_ids)).order_by(ContactEvent.at, ContactEvent.id))
    for event, role, organisation_id in rows:
        history[event.contact_id].append(EventRow(event, role, organisation_id))
    return history


async def list_referrals(session: AsyncSession, organisation_id: uuid.UUID, *, limit: int,
                         offset: int) -> tuple[list[ReferralRow], int]:
    """Contacts shared with `organisation_id` (never the shortlisted, unshared ones), newest first."""
    where = (Contact.organisation_id == organisation_id, Contact.status.in_(SHARED_STATUSES),
             Contact.shared_at.is_not(None))
    total = await session.scalar(select(func.count()).select_from(Contact).where(*where))
    rows = await session.execute(_referral_query().where(*where)
                                 .order_by(Contact.shared_at.desc(), Contact.id).limit(limit).offset(offset))
    return [_referral(row) for row in rows], int(total or 0)


async def get_referral(session: AsyncSession, contact_id: uuid.UUID) -> ReferralRow | None:
    query = _referral_query().where(Contact.id == contact_id).execution_options(populate_existing=True)
    row = (await session.execute(query)).one_or_none()
    return _referral(row) if row else None


def _referral_query() -> Select[Any]:  # seven columns, one an aliased table's
    commissioner = Organisation.__table__.alias("commissioner")
    return (_with_names().add_columns(Case, commissioner.c.name)
            .join(Case, Case.id == Contact.case_id)
            .join(commissioner, commissioner.c.id == Case.organisation_id))


def _referral(row: Any) -> ReferralRow:
    contact, organisation_name, title, area, left, case, commissioner_name = row
    return ReferralRow(ContactRow(contact, organisation_name, title, area, left), case, commissioner_name)


# --- i13b: the area a referral was about, kept once it stops being shared ---


async def keep_referral_area(session: AsyncSession, contact_id: uuid.UUID,
                             places: list[dict[str, Any]]) -> None:
    """Save the places a provider last saw (first time only: a referral is unshared once)."""
    await session.execute(insert(ReferralArea).values(contact_id=contact_id, places=places)
                          .on_conflict_do_nothing(index_elements=[ReferralArea.contact_id]))


async def referral_areas_for(session: AsyncSession,
                             contact_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[dict[str, Any]]]:
    if not contact_ids:
        return {}
    rows = await session.execute(select(ReferralArea.contact_id, ReferralArea.places)
                                 .where(ReferralArea.contact_id.in_(contact_ids)))
    return {contact_id: list(places) for contact_id, places in rows}
