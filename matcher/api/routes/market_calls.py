"""Market calls (API.md, "Market calls"). Who may call what: docs/authorisation.md, "Market calls"."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from matcher.api.deps import ActorDep, IndexDep, PageDep, SettingsDep
from matcher.api.listing import ItemList
from matcher.api.routes.families import SendEmails
from matcher.db.engine import SessionDep
from matcher.market_calls import service
from matcher.market_calls.schemas import (
    AwardIn,
    MarketCallIn,
    MarketCallOut,
    OfferHistoryOut,
    OfferIn,
    OfferPatch,
    OwnOfferOut,
    ProviderCallOut,
    RankedOffers,
)
from matcher.scoring.offers import DEFAULT_COST, DEFAULT_QUALITY

router = APIRouter(tags=["market calls"])


@router.post(
    "/cases/{case_id}/market-calls", response_model=MarketCallOut, status_code=status.HTTP_201_CREATED
)
async def open_call(
    _send: SendEmails,
    case_id: uuid.UUID,
    body: MarketCallIn,
    session: SessionDep,
    actor: ActorDep,
    index: IndexDep,
    settings: SettingsDep,
) -> MarketCallOut:
    return await service.open_call(session, index, actor, case_id, body, settings)


@router.get("/cases/{case_id}/market-calls", response_model=ItemList[MarketCallOut])
async def list_case_calls(
    case_id: uuid.UUID, session: SessionDep, actor: ActorDep, paging: PageDep
) -> ItemList[MarketCallOut]:
    items, total = await service.list_case_calls(
        session, actor, case_id, limit=paging.limit, offset=paging.offset
    )
    return ItemList(items=items, total=total)


@router.get("/market-calls", response_model=ItemList[ProviderCallOut])
async def inbox(session: SessionDep, actor: ActorDep, paging: PageDep) -> ItemList[ProviderCallOut]:
    """A provider's open calls, closing soonest first."""
    items, total = await service.inbox(session, actor, limit=paging.limit, offset=paging.offset)
    return ItemList(items=items, total=total)


@router.get("/market-calls/{call_id}", response_model=MarketCallOut | ProviderCallOut)
async def get_call(
    call_id: uuid.UUID, session: SessionDep, actor: ActorDep
) -> MarketCallOut | ProviderCallOut:
    """The case's commissioners get the call; a recipient gets its view of it."""
    return await service.get_call(session, actor, call_id)


@router.post("/market-calls/{call_id}/close", response_model=MarketCallOut)
async def close_call(call_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> MarketCallOut:
    return await service.close_call(session, actor, call_id)


@router.post(
    "/market-calls/{call_id}/offers", response_model=OwnOfferOut, status_code=status.HTTP_201_CREATED
)
async def make_offer(call_id: uuid.UUID, body: OfferIn, session: SessionDep, actor: ActorDep) -> OwnOfferOut:
    return await service.make_offer(session, actor, call_id, body)


@router.get("/offers", response_model=ItemList[OfferHistoryOut])
async def own_offers(
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    call_state: Annotated[Literal["open", "closed"] | None, Query()] = None,
) -> ItemList[OfferHistoryOut]:
    """A provider's own offers, newest first, each with its call's status and the offer's outcome."""
    items, total = await service.own_offers(
        session, actor, call_state=call_state, limit=paging.limit, offset=paging.offset
    )
    return ItemList(items=items, total=total)


@router.patch("/offers/{offer_id}", response_model=OwnOfferOut)
async def revise_offer(
    offer_id: uuid.UUID, body: OfferPatch, session: SessionDep, actor: ActorDep
) -> OwnOfferOut:
    return await service.revise_offer(session, actor, offer_id, body)


@router.get("/market-calls/{call_id}/offers", response_model=RankedOffers)
async def ranked_offers(
    call_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    paging: PageDep,
    quality: Annotated[float, Query(ge=0, le=1000)] = DEFAULT_QUALITY,
    cost: Annotated[float, Query(ge=0, le=1000)] = DEFAULT_COST,
) -> RankedOffers:
    """Ranked by quality × match score + cost × cost score (weights normalised to sum to 1)."""
    return await service.ranked_offers(
        session, actor, call_id, quality=quality, cost=cost, limit=paging.limit, offset=paging.offset
    )


@router.post("/market-calls/{call_id}/award", response_model=MarketCallOut)
async def award(call_id: uuid.UUID, body: AwardIn, session: SessionDep, actor: ActorDep) -> MarketCallOut:
    return await service.award(session, actor, call_id, body.offer_id)
