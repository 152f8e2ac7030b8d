"""Family invitations, the family view and suggestions (API.md, "Families"). Who may call what:
docs/authorisation.md."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from matcher.api.deps import ActorDep, AddressDep, PageDep, SettingsDep, ThrottleDep
from matcher.api.listing import ItemList
from matcher.db.engine import SessionDep
from matcher.families import service
from matcher.families.outbox import send_pending
from matcher.families.schemas import (
    AcceptIn,
    AcceptOut,
    FamilyViewOut,
    InvitationIn,
    InvitationOut,
    InvitationSummaryOut,
    SuggestionIn,
    SuggestionOut,
)

router = APIRouter(tags=["families"])

_sending: set[asyncio.Task[int]] = set()


async def _send_emails_after_commit(request: Request) -> AsyncIterator[None]:
    """Declared before the session, so it exits after the session has committed: the email it sends is
    already in the outbox for every connection to see. Without SMTP settings it does nothing."""
    yield
    settings = request.app.state.settings
    if settings.smtp_host:
        task = asyncio.create_task(send_pending(request.app.state.sessionmaker, settings))
        _sending.add(task)
        task.add_done_callback(_sending.discard)


SendEmails = Annotated[None, Depends(_send_emails_after_commit)]


@router.post("/cases/{case_id}/family-invitations", response_model=InvitationOut,
             status_code=status.HTTP_201_CREATED)
async def invite(_send: SendEmails, case_id: uuid.UUID, body: InvitationIn, session: SessionDep,
                 actor: ActorDep, settings: SettingsDep) -> InvitationOut:
    return await service.invite(session, actor, case_id, body, settings)


@router.get("/cases/{case_id}/family-invitations", response_model=list[InvitationSummaryOut])
async def list_invitations(case_id: uuid.UUID, session: SessionDep,
                           actor: ActorDep) -> list[InvitationSummaryOut]:
    return await service.list_invitations(session, actor, case_id)


@router.delete("/cases/{case_id}/family-invitations/{invitation_id}", status_code=status.HTTP_204_NO_CONTENT)
async def withdraw_invitation(case_id: uuid.UUID, invitation_id: uuid.UUID, session: SessionDep,
                              actor: ActorDep) -> None:
    """An unused invitation is deleted (its link stops working); an accepted one ends that family member's
    access to the case (409 if it was already removed)."""
    await service.withdraw_invitation(session, actor, case_id, invitation_id)


@router.post("/family-invitations/{token}/accept", response_model=AcceptOut,
             status_code=status.HTTP_201_CREATED)
async def accept(
    token: str, body: AcceptIn, session: SessionDep, throttle: ThrottleDep, address: AddressDep
) -> AcceptOut:
    """No sign-in: the token is the proof. Then sign in with POST /auth/token. A wrong password for an
    existing account counts against the sign-in limits."""
    return await service.accept(session, token, body, throttle, address)


@router.get("/cases/{case_id}/family-view", response_model=FamilyViewOut)
async def family_view(case_id: uuid.UUID, session: SessionDep, actor: ActorDep) -> FamilyViewOut:
    return await service.family_view(session, actor, case_id)


@router.post("/cases/{case_id}/suggestions", response_model=SuggestionOut,
             status_code=status.HTTP_201_CREATED)
async def suggest(case_id: uuid.UUID, body: SuggestionIn, session: SessionDep,
                  actor: ActorDep) -> SuggestionOut:
    return await service.suggest(session, actor, case_id, body)


@router.get("/cases/{case_id}/suggestions", response_model=ItemList[SuggestionOut])
async def list_suggestions(case_id: uuid.UUID, session: SessionDep, actor: ActorDep,
                           paging: PageDep) -> ItemList[SuggestionOut]:
    items, total = await service.list_suggestions(session, actor, case_id, limit=paging.limit,
                                                  offset=paging.offset)
    return ItemList(items=items, total=total)
