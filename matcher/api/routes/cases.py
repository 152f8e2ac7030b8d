"""Cases (API.md, Cases): commissioners of the owning organisation only; everyone else gets a 404."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from matcher.api.deps import ActorDep, PageDep, SettingsDep
from matcher.api.listing import ItemList
from matcher.cases import service
from matcher.cases.schemas import CASE_STATUSES, AuditEventOut, CaseIn, CaseOut, CasePatch, CaseSaved
from matcher.codes import code
from matcher.db.engine import SessionDep

router = APIRouter(tags=["cases"])
Status = code(CASE_STATUSES)
Redact = Annotated[bool, Query(description="store the narrative redacted instead of refusing it (422) "
                                           "when it holds identifiers; the answer lists the findings")]


@router.post("/cases", response_model=CaseSaved, status_code=status.HTTP_201_CREATED)
async def create_case(body: CaseIn, session: SessionDep, actor: ActorDep, settings: SettingsDep,
                      redact: Redact = False) -> CaseSaved:
    return await service.create_case(session, actor, body, identity_key=settings.identity_key, redact=redact)


@router.get("/cases", response_model=ItemList[CaseOut])
async def list_cases(
    session: SessionDep, actor: ActorDep, settings: SettingsDep, paging: PageDep,
    status: Annotated[Status | None, Query()] = None,  # type: ignore[valid-type]
) -> ItemList[CaseOut]:
    items, total = await service.list_cases(session, actor, status=status, limit=paging.limit,
                                            offset=paging.offset, identity_key=settings.identity_key)
    return ItemList(items=items, total=total)


@router.get("/cases/{case_id}", response_model=CaseOut)
async def get_case(case_id: uuid.UUID, session: SessionDep, actor: ActorDep,
                   settings: SettingsDep) -> CaseOut:
    return await service.get_case(session, actor, case_id, identity_key=settings.identity_key)


@router.patch("/cases/{case_id}", response_model=CaseSaved)
async def update_case(case_id: uuid.UUID, body: CasePatch, session: SessionDep, actor: ActorDep,
                      settings: SettingsDep, redact: Redact = False) -> CaseSaved:
    """Also closes (`{"status": "closed"}`) and reopens (`{"status": "open"}`) a case."""
    return await service.update_case(session, actor, case_id, body, identity_key=settings.identity_key,
                                     redact=redact)


@router.get("/cases/{case_id}/audit", response_model=ItemList[AuditEventOut])
async def case_audit(case_id: uuid.UUID, session: SessionDep, actor: ActorDep,
                     paging: PageDep) -> ItemList[AuditEventOut]:
    items, total = await service.case_audit(session, actor, case_id, limit=paging.limit, offset=paging.offset)
    return ItemList(items=items, total=total)
