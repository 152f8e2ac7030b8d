"""Liveness with the database's state, for load balancers and people."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from matcher.db.engine import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    try:
        await ping(request.app.state.sessionmaker)
    except Exception as exc:  # the point of this endpoint is to report any failure, not raise it
        return JSONResponse(
            {"status": "unavailable", "database": f"error: {type(exc).__name__}"}, status_code=503
        )
    index = request.app.state.search_index.status()
    if index.state == "warming_up":  # not ready for traffic until the first snapshot is built
        return JSONResponse({"status": "warming_up", "database": "ok", "index": index.state}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "index": index.state})
