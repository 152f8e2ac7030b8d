"""Cases, homes and a whole small marketplace written straight to the database, so these tests do not
depend on the cases or listings APIs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.db.models import Case, Contact, ContactEvent, FamilyAccess, PenPictureAudit, Property
from tests.factories import Factory, Member

#: Would identify the person: must never reach a provider or a family.
IDENTITY_BYTES = b"gAAAA-identity-Jonathan-Smith-1994-05-02"
NARRATIVE = "Enjoys buses and quiet mornings; finds crowds hard. Good support is calm and predictable."


def pen_picture() -> dict[str, Any]:
    return {"age_band": "25-34", "gender": "male", "client_groups": ["learning_disability", "autism"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 2, "restrictive_interventions_in_plan": True,
            "specialists": ["speech_and_language_therapist"], "communication": ["makaton"], "language": None,
            "narrative": NARRATIVE}


def location() -> dict[str, Any]:
    """As the cases service stores it: resolved places, with coordinates that must not be shared."""
    return {"places": [
        {"name": "Loughborough", "label": "family", "weight": 1.0, "latitude": 52.7721, "longitude": -1.2062,
         "area": "Loughborough", "given": {"name": "Loughborough"}},
        {"name": "LE11 3TU", "label": "day centre", "weight": 0.5, "latitude": 52.7701, "longitude": -1.2101,
         "given": {"postcode": "LE11 3TU"}},
    ], "max_distance_km": 40.0}


async def make_case(sessionmaker: async_sessionmaker[AsyncSession], organisation_id: uuid.UUID | None,
                    reference: str | None = None) -> uuid.UUID:
    assert organisation_id is not None
    async with sessionmaker() as session, session.begin():
        case = Case(organisation_id=organisation_id, reference=reference or f"LEI-{uuid.uuid4().hex[:8]}",
                    identity_encrypted=IDENTITY_BYTES, location=location(), target_move_date=None,
                    pen_picture=pen_picture(),
                    housing_spec={"living_arrangement": ["single_occupancy"], "min_bedrooms": 2})
        session.add(case)
        await session.flush()
        return case.id


async def make_property(sessionmaker: async_sessionmaker[AsyncSession], organisation_id: uuid.UUID | None, *,
                        title: str = "Two-bedroom bungalow, Shepshed",
                        status: str = "available") -> uuid.UUID:
    assert organisation_id is not None
    async with sessionmaker() as session, session.begin():
        home = Property(organisation_id=organisation_id, title=title, property_type="bungalow",
                        living_arrangement="single_occupancy", max_occupants=1, bedrooms=2, status=status,
                        location={"postcode": "LE12 9AB"}, latitude=52.78, longitude=-1.30, area="LE12")
        session.add(home)
        await session.flush()
        return home.id


async def grant_family(sessionmaker: async_sessionmaker[AsyncSession], user_id: uuid.UUID,
                       case_id: uuid.UUID) -> None:
    async with sessionmaker() as session, session.begin():
        session.add(FamilyAccess(user_id=user_id, case_id=case_id))


async def set_contact_status(sessionmaker: async_sessionmaker[AsyncSession], contact_id: uuid.UUID,
                             status: str) -> int:
    """Put a contact in any state (shared unless shortlisted); returns its version."""
    async with sessionmaker() as session, session.begin():
        shared_at: Any = None if status == "shortlisted" else func.coalesce(Contact.shared_at, func.now())
        await session.execute(update(Contact).where(Contact.id == contact_id).values(
            status=status, reason="other" if status == "declined" else None, shared_at=shared_at))
        return int(await session.scalar(select(Contact.version).where(Contact.id == contact_id)) or 0)


async def contact_row(sessionmaker: async_sessionmaker[AsyncSession], contact_id: uuid.UUID) -> Contact:
    async with sessionmaker() as session:
        contact = await session.get(Contact, contact_id)
        assert contact is not None
        return contact


async def contact_events(sessionmaker: async_sessionmaker[AsyncSession],
                         contact_id: uuid.UUID) -> list[ContactEvent]:
    async with sessionmaker() as session:
        rows = await session.execute(select(ContactEvent).where(ContactEvent.contact_id == contact_id)
                                     .order_by(ContactEvent.id))
        return list(rows.scalars())


async def audit_actions(sessionmaker: async_sessionmaker[AsyncSession],
                        case_id: uuid.UUID) -> list[tuple[str, uuid.UUID | None, dict[str, Any]]]:
    async with sessionmaker() as session:
        rows = await session.execute(select(PenPictureAudit.action, PenPictureAudit.organisation_id,
                                            PenPictureAudit.detail)
                                     .where(PenPictureAudit.case_id == case_id).order_by(PenPictureAudit.id))
        return [(a, o, d) for a, o, d in rows]


async def contact(client: httpx.AsyncClient, commissioner: Member, case_id: uuid.UUID,
                  organisation_id: uuid.UUID | None, **fields: Any) -> dict[str, Any]:
    body = {"organisation_id": str(organisation_id), **{k: str(v) if isinstance(v, uuid.UUID) else v
                                                        for k, v in fields.items()}}
    answer = await client.post(f"/api/v1/cases/{case_id}/contacts", json=body, headers=commissioner.headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


@dataclass
class World:
    """Everyone in the authorisation matrix, around one case with one shared contact about one home."""

    admin: Member
    owner: Member               # commissioner of the case's organisation
    other_commissioner: Member  # commissioner of another organisation (with its own case)
    contacted: Member           # provider (care and housing) contacted for the case, owns the home
    not_contacted: Member       # provider nothing was shared with
    family: Member              # family member invited to the case
    other_family: Member        # family member of the other case
    case_id: uuid.UUID
    other_case_id: uuid.UUID
    property_id: uuid.UUID
    contact_id: uuid.UUID


async def build_world(client: httpx.AsyncClient, factory: Factory) -> World:
    sessionmaker = factory.sessionmaker
    owner = await factory.commissioner()
    other = await factory.commissioner()
    contacted = await factory.provider("care", "housing")
    not_contacted = await factory.provider("care", "housing")
    case_id = await make_case(sessionmaker, owner.organisation_id)
    other_case_id = await make_case(sessionmaker, other.organisation_id)
    property_id = await make_property(sessionmaker, contacted.organisation_id)
    family = await factory.user("family")
    other_family = await factory.user("family")
    await grant_family(sessionmaker, family.user_id, case_id)
    await grant_family(sessionmaker, other_family.user_id, other_case_id)
    made = await contact(client, owner, case_id, contacted.organisation_id, property_id=property_id)
    return World(admin=await factory.admin(), owner=owner, other_commissioner=other, contacted=contacted,
                 not_contacted=not_contacted, family=family, other_family=other_family, case_id=case_id,
                 other_case_id=other_case_id, property_id=property_id, contact_id=uuid.UUID(made["id"]))
