"""Contacts, referrals and reservations (API.md, "Contacts and reservations"). Who may call what:
docs/authorisation.md."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from matcher.api.deps import ActorDep, PageDep, SettingsDep
from matcher.api.listing import ItemList
from matcher.contacts import service
from matcher.contacts.schemas import ContactIn, ContactOut, ContactPatch, ReferralOut
from matcher.db.engine import SessionDep
from matcher.reservations import service as reservations
from matcher.reservations.schemas import LetIn, PropertyStatusOut, ReservationIn

router = APIRouter(tags=["contacts"])


@router.post("/cases/{case_id}/contacts", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
async def create_contact(case_id: uuid.UUID, body: ContactIn, session: SessionDep,
                         actor: ActorDep, settings: SettingsDep) -> ContactOut:
    return await service.create_contact(session, actor, case_id, body, identity_key=settings.identity_key)


@router.get("/cases/{case_id}/contacts", response_model=ItemList[ContactOut])
async def list_contacts(case_id: uuid.UUID, session: SessionDep, actor: ActorDep,
                        paging: PageDep) -> ItemList[ContactOut]:
    items, total = await service.list_case_contacts(session, actor, case_id, limit=paging.limit,
                                                    offset=paging.offset)
    return ItemList(items=items, total=total)


@router.patch("/contacts/{contact_id}", response_model=ContactOut | ReferralOut)
async def update_contact(contact_id: uuid.UUID, body: ContactPatch, session: SessionDep,
                         actor: ActorDep, settings: SettingsDep) -> ContactOut | ReferralOut:
    """Commissioners get the contact back; the contacted provider gets its referral view."""
    return await service.update_contact(session, actor, contact_id, body, identity_key=settings.identity_key)


@router.get("/referrals", response_model=ItemList[ReferralOut])
async def list_referrals(session: SessionDep, actor: ActorDep, paging: PageDep) -> ItemList[ReferralOut]:
    items, total = await service.list_referrals(session, actor, limit=paging.limit, offset=paging.offset)
    return ItemList(items=items, total=total)


@router.get("/referrals/{contact_id}", response_model=ReferralOut)
async def get_referral(contact_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> ReferralOut:
    return await service.get_referral(session, actor, contact_id)


@router.post("/properties/{property_id}/reservation", response_model=PropertyStatusOut,
             status_code=status.HTTP_201_CREATED)
async def reserve(property_id: uuid.UUID, body: ReservationIn, session: SessionDep,
                  actor: ActorDep) -> PropertyStatusOut:
    return await reservations.reserve(session, actor, property_id, body.case_id)


@router.delete("/properties/{property_id}/reservation", status_code=status.HTTP_204_NO_CONTENT)
async def release(property_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> Response:
    await reservations.release(session, actor, property_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/properties/{property_id}/let", response_model=PropertyStatusOut)
async def let(property_id: uuid.UUID, session: SessionDep, actor: ActorDep,
              body: LetIn | None = None) -> PropertyStatusOut:
    return await reservations.let(session, actor, property_id, body.note if body else None)
