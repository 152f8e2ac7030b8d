"""Organisations and their care offers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from matcher.api.deps import ActorDep, PageDep
from matcher.api.listing import ItemList
from matcher.codes import code
from matcher.db.engine import SessionDep
from matcher.listings import service as listings
from matcher.listings.schemas import CareOfferIn, CareOfferOut
from matcher.organisations import service
from matcher.organisations.schemas import OrganisationCreate, OrganisationOut, OrganisationPatch
from matcher.vocab import ORGANISATION_KINDS

router = APIRouter(tags=["organisations"])
Kind = code(ORGANISATION_KINDS)


@router.post("/organisations", response_model=OrganisationOut, status_code=status.HTTP_201_CREATED)
async def create_organisation(
    body: OrganisationCreate, session: SessionDep, actor: ActorDep
) -> OrganisationOut:
    return OrganisationOut.model_validate(await service.create_organisation(session, actor, body))


@router.get("/organisations", response_model=ItemList[OrganisationOut])
async def list_organisations(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    kind: Annotated[Kind | None, Query()] = None,  # type: ignore[valid-type]
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> ItemList[OrganisationOut]:
    rows, total = await service.find_organisations(
        session, kind=kind, text=q, limit=paging.limit, offset=paging.offset
    )
    return ItemList(items=[OrganisationOut.model_validate(r) for r in rows], total=total)


@router.get("/organisations/{organisation_id}", response_model=OrganisationOut)
async def get_organisation(
    organisation_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> OrganisationOut:
    return OrganisationOut.model_validate(await service.get_organisation(session, organisation_id))


@router.patch("/organisations/{organisation_id}", response_model=OrganisationOut)
async def update_organisation(
    organisation_id: uuid.UUID, body: OrganisationPatch, session: SessionDep, actor: ActorDep
) -> OrganisationOut:
    return OrganisationOut.model_validate(
        await service.update_organisation(session, actor, organisation_id, body)
    )


@router.delete("/organisations/{organisation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_organisation(organisation_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> Response:
    await service.delete_organisation(session, actor, organisation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/organisations/{organisation_id}/care-offer", response_model=CareOfferOut)
async def put_care_offer(
    organisation_id: uuid.UUID, body: CareOfferIn, session: SessionDep, actor: ActorDep
) -> CareOfferOut:
    return await listings.put_care_offer(session, actor, organisation_id, body)


@router.get("/organisations/{organisation_id}/care-offer", response_model=CareOfferOut)
async def get_care_offer(organisation_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> CareOfferOut:
    return await listings.get_care_offer(session, organisation_id)
