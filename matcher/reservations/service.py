"""Rules for holding a home for one case: `available` → `reserved` (one case only) → `let`, or back to
`available`. Only the commissioners of the case reserve; the case's commissioners (or an admin, so a
landlord is never left with a home held by an absent commissioner) release; the case's commissioners
or the landlord mark it let. Every change writes a `PropertyEvent` and moves the marketplace version,
because search only offers available homes.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.contacts import repository as contacts
from matcher.contacts.access import require_open, require_owner, visible_case
from matcher.db.models import Property
from matcher.errors import Conflict, Forbidden, NotFound
from matcher.listings import repository as listings
from matcher.reservations import repository
from matcher.reservations.schemas import CaseHomeEventOut, PropertyStatusOut

PROPERTY_NOT_FOUND = "No property with that id."


def status_out(home: Property) -> PropertyStatusOut:
    return PropertyStatusOut(property_id=home.id, title=home.title, area=home.area, status=home.status,
                             case_id=home.reserved_case_id, updated_at=home.updated_at)


async def _home(session: AsyncSession, property_id: uuid.UUID) -> Property:
    home = await repository.get_property(session, property_id)
    if home is None:
        raise NotFound(PROPERTY_NOT_FOUND)
    return home


async def _record(session: AsyncSession, actor: Actor, home_id: uuid.UUID, case_id: uuid.UUID,
                  from_status: str, to_status: str, note: str | None) -> None:
    await listings.record_property_event(session, property_id=home_id, user_id=actor.user_id, case_id=case_id,
                                         from_status=from_status, to_status=to_status, note=note)
    await listings.bump_marketplace_version(session, homes=[home_id])


async def reserve(session: AsyncSession, actor: Actor, property_id: uuid.UUID,
                  case_id: uuid.UUID) -> PropertyStatusOut:
    """Exactly one of any number of simultaneous reservations of a home wins (`repository.reserve`);
    every other gets 409 saying why."""
    # The case is locked (FOR NO KEY UPDATE) so it cannot be closed while the home is being reserved.
    case, view = await visible_case(session, actor, case_id, for_update=True)
    require_owner(view, "reserve a home for it")
    require_open(case)
    await _home(session, property_id)
    if await repository.owner_is_closed(session, property_id):
        raise Conflict("This home's landlord has closed its account; it cannot be reserved.")
    if not await repository.reserve(session, property_id, case_id):
        home = await _home(session, property_id)
        if home.status == "reserved" and home.reserved_case_id == case_id:
            raise Conflict("This home is already reserved for this case.", property_status=home.status)
        if home.status == "reserved":
            raise Conflict("This home is already reserved for another case.", property_status=home.status)
        raise Conflict(f"This home is not available (it is {home.status}); only an available home can be "
                       "reserved.", property_status=home.status)
    await _record(session, actor, property_id, case_id, "available", "reserved", "reserved for a case")
    return status_out(await _home(session, property_id))


async def _held(session: AsyncSession, property_id: uuid.UUID) -> tuple[Property, uuid.UUID]:
    home = await _home(session, property_id)
    if home.status != "reserved" or home.reserved_case_id is None:
        raise Conflict(f"This home is not reserved (it is {home.status}).", property_status=home.status)
    return home, home.reserved_case_id


async def _is_case_commissioner(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> bool:
    if actor.role != "commissioner":
        return False
    case = await contacts.get_case(session, case_id)
    return case is not None and actor.belongs_to(case.organisation_id)


async def _end(session: AsyncSession, actor: Actor, home: Property, case_id: uuid.UUID, to_status: str,
               note: str | None) -> PropertyStatusOut:
    if not await repository.end_reservation(session, home.id, case_id, to_status=to_status):
        now = await _home(session, home.id)
        raise Conflict(f"The reservation changed at the same time: the home is now {now.status}.",
                       property_status=now.status)
    await _record(session, actor, home.id, case_id, "reserved", to_status, note)
    return status_out(await _home(session, home.id))


async def release(session: AsyncSession, actor: Actor, property_id: uuid.UUID) -> PropertyStatusOut:
    """Allowed for a closed case too: closing a case must not leave its homes stuck as reserved."""
    home, case_id = await _held(session, property_id)
    if not (actor.is_admin or await _is_case_commissioner(session, actor, case_id)):
        raise Forbidden("Only the commissioners of the case holding this home (or an admin) can release it.")
    return await _end(session, actor, home, case_id, "available", "reservation released")


async def let(session: AsyncSession, actor: Actor, property_id: uuid.UUID,
              note: str | None) -> PropertyStatusOut:
    """The person moves in: the landlord or the holding case's commissioners mark the home let. (The
    landlord can also do it with PATCH /properties/{id} {"status": "let"}, which clears the case too.)"""
    home, case_id = await _held(session, property_id)
    landlord = actor.role == "provider" and actor.belongs_to(home.organisation_id)
    if not (landlord or await _is_case_commissioner(session, actor, case_id)):
        raise Forbidden("Only the landlord or the commissioners of the case holding this home "
                        "can mark it let.")
    return await _end(session, actor, home, case_id, "let", note or "let to the case holding it")





async def held_for_case(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> list[PropertyStatusOut]:
    """The homes reserved for the case now, for those who run or oversee it (404 for anyone else)."""
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden("Families see the homes considered in the family view.")
    return [status_out(home) for home in await repository.held_for_case(session, case_id)]


async def case_home_events(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> list[CaseHomeEventOut]:
    """Reservations made, released and let for the case: the case timeline shows them beside contacts."""
    _case, view = await visible_case(session, actor, case_id)
    if view == "family":
        raise Forbidden("Families see the homes considered in the family view.")
    return [CaseHomeEventOut(property_id=event.property_id, title=title, area=area,
                             from_status=event.from_status, to_status=event.to_status, at=event.at)
            for event, title, area in await repository.events_for_case(session, case_id)]
