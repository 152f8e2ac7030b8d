"""The pages' CSS, scripts and icons, served from the package (no Node.js, no CDN, no network)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)
_files = StaticFiles(directory=STATIC_DIR)


@router.get("/static/{path:path}", name="static")
async def static(path: str, request: Request) -> Response:
    try:
        response = await _files.get_response(path, request.scope)
    except HTTPException as exc:  # unknown file: a plain 404, no page around it
        return Response(status_code=exc.status_code)
    response.headers.setdefault("Cache-Control", "public, max-age=3600")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
