"""Open Referral UK: the care offers as HSDS-UK 3.0 services (public, paginated the HSDS way)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from matcher.api.deps import MAX_LIMIT, MAX_OFFSET, SettingsDep
from matcher.db.engine import SessionDep
from matcher.openreferral import list_services

router = APIRouter(tags=["open data"])


@router.get("/openreferral/services")
async def openreferral_services(
    session: SessionDep,
    settings: SettingsDep,
    # Bounded like every list (matcher.api.deps): an unbounded page overflowed PostgreSQL's OFFSET.
    page: Annotated[int, Query(ge=1, le=MAX_OFFSET // MAX_LIMIT, description="page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="services a page")] = 50,
) -> dict[str, Any]:
    """Anyone may read this: it holds only what care providers publish about themselves."""
    return await list_services(session, page=page, per_page=per_page, public_url=settings.public_url)
