"""Allocation across many waiting people (API.md, "Allocation")."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.allocation import service
from matcher.allocation.schemas import AllocationAnswer, AllocationRequest
from matcher.api.deps import ActorDep, IndexDep
from matcher.db.engine import SessionDep

router = APIRouter(tags=["allocation"])


@router.post("/allocations", response_model=AllocationAnswer)
async def allocate(
    body: AllocationRequest, session: SessionDep, actor: ActorDep, index: IndexDep
) -> AllocationAnswer:
    """Propose the optimal assignment of packages to these open cases; nothing is reserved."""
    return await service.allocate_cases(session, index, actor, body.case_ids, body.objective)
