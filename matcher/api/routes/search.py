"""Search care and housing in parallel, and explain one candidate."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from matcher.api.deps import ActorDep, IndexDep, PageDep
from matcher.api.listing import ItemList
from matcher.api.responses import FastJSONResponse
from matcher.db.engine import SessionDep
from matcher.search import service
from matcher.search.schemas import (
    SEARCH_ANSWER_JSON,
    ExplainAnswer,
    ExplainTarget,
    InlineExplain,
    InlineSearch,
    SearchAnswer,
    SearchOptions,
    SearchRecordOut,
)

router = APIRouter(tags=["search"])


@router.post("/search", response_model=SearchAnswer)
async def search_inline(
    body: InlineSearch, session: SessionDep, actor: ActorDep, index: IndexDep
) -> FastJSONResponse:
    return FastJSONResponse(
        await service.search_inline(session, index, actor, body, body.weights, body.limit),
        writer=SEARCH_ANSWER_JSON,
    )


@router.post("/search/explain", response_model=ExplainAnswer)
async def explain_inline(
    body: InlineExplain, session: SessionDep, actor: ActorDep, index: IndexDep
) -> ExplainAnswer:
    return await service.explain_inline(
        session, index, actor, body, body.organisation_id, body.property_id, body.weights
    )


@router.post("/cases/{case_id}/search", response_model=SearchAnswer)
async def search_case(
    case_id: uuid.UUID,
    session: SessionDep,
    actor: ActorDep,
    index: IndexDep,
    body: Annotated[SearchOptions | None, Body()] = None,
) -> FastJSONResponse:
    options = body or SearchOptions()
    return FastJSONResponse(
        await service.search_case(session, index, actor, case_id, options.weights, options.limit),
        writer=SEARCH_ANSWER_JSON,
    )


@router.post("/cases/{case_id}/search/explain", response_model=ExplainAnswer)
async def explain_case(
    case_id: uuid.UUID, body: ExplainTarget, session: SessionDep, actor: ActorDep, index: IndexDep
) -> ExplainAnswer:
    return await service.explain_case(
        session, index, actor, case_id, body.organisation_id, body.property_id, body.weights
    )


@router.get("/cases/{case_id}/searches", response_model=ItemList[SearchRecordOut])
async def search_history(
    case_id: uuid.UUID, session: SessionDep, actor: ActorDep, paging: PageDep
) -> ItemList[SearchRecordOut]:
    items, total = await service.search_history(session, actor, case_id, paging.limit, paging.offset)
    return ItemList(items=items, total=total)
