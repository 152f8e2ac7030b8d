"""Properties (homes)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from matcher.api.deps import ActorDep, PageDep
from matcher.api.listing import ItemList
from matcher.codes import code
from matcher.db.engine import SessionDep
from matcher.listings import service
from matcher.listings.schemas import PropertyIn, PropertyOut, PropertyPatch
from matcher.vocab import PROPERTY_STATUSES

router = APIRouter(tags=["properties"])
Status = code(PROPERTY_STATUSES)


@router.post("/properties", response_model=PropertyOut, status_code=status.HTTP_201_CREATED)
async def create_property(body: PropertyIn, session: SessionDep, actor: ActorDep) -> PropertyOut:
    return await service.create_property(session, actor, body)


@router.get("/properties", response_model=ItemList[PropertyOut])
async def list_properties(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    organisation_id: Annotated[uuid.UUID | None, Query()] = None,
    status: Annotated[Status | None, Query()] = None,  # type: ignore[valid-type]
) -> ItemList[PropertyOut]:
    items, total = await service.list_properties(
        session,
        actor,
        organisation_id=organisation_id,
        status=status,
        limit=paging.limit,
        offset=paging.offset,
    )
    return ItemList(items=items, total=total)


@router.get("/properties/{property_id}", response_model=PropertyOut)
async def get_property(property_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> PropertyOut:
    return await service.get_property(session, actor, property_id)


@router.patch("/properties/{property_id}", response_model=PropertyOut)
async def update_property(
    property_id: uuid.UUID, body: PropertyPatch, session: SessionDep, actor: ActorDep
) -> PropertyOut:
    return await service.update_property(session, actor, property_id, body)


@router.delete("/properties/{property_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_property(property_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> Response:
    await service.delete_property(session, actor, property_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
