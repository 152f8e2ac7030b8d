"""What the market lacks for the people waiting (API.md, "Market gaps")."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.allocation import service
from matcher.allocation.schemas import MarketGapsAnswer
from matcher.api.deps import ActorDep, IndexDep
from matcher.db.engine import SessionDep

router = APIRouter(tags=["market"])


@router.get("/market/gaps", response_model=MarketGapsAnswer)
async def market_gaps(session: SessionDep, actor: ActorDep, index: IndexDep) -> MarketGapsAnswer:
    """Per open case what each hard constraint removes and what one relaxation adds; unmet needs."""
    return await service.gaps(session, index, actor)
