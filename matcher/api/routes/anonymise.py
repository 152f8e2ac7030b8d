"""Anonymising (API.md): check a text for identifiers before it goes into a pen picture."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.api.deps import ActorDep
from matcher.cases import service
from matcher.cases.schemas import AnonymiseIn, AnonymiseOut

router = APIRouter(tags=["anonymise"])


@router.post("/anonymise", response_model=AnonymiseOut)
async def anonymise(body: AnonymiseIn, actor: ActorDep) -> AnonymiseOut:
    """Any signed-in user; nothing is stored or logged. Offsets are into the text sent."""
    return await service.anonymise_text(body)
