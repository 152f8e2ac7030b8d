"""Optional app-wide hook for pages: a friendly page for a web address no route knows.

Page routes already render their own errors (see `_routing.PageRoute`); what they cannot see is a
request that matches no route at all. `install_web(app)` (called by `create_app` after the problem
handlers) answers those with an HTML page when a browser asks for HTML outside `/api/`, and leaves
every API answer as problem+json.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from matcher.api.problems import problem, unexpected_error
from matcher.web import _session
from matcher.web._rendering import render_error


def _wants_page(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/static/", "/docs", "/openapi", "/healthz", "/redoc")):
        return False
    return "text/html" in request.headers.get("accept", "")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_page(request):
        response = render_error(
            request,
            exc.status_code,
            "If you typed the web address, check it is correct."
            if exc.status_code in (404, 405)
            else str(exc.detail),
        )
        _session.save(request, response)
        return response
    return problem(exc.status_code, str(exc.detail), str(exc.detail))


async def _unexpected_page(request: Request, exc: Exception) -> Response:
    """A bug on a page: the same logged 500, shown as a friendly page to a browser."""
    answer = await unexpected_error(request, exc)
    if not _wants_page(request):
        return answer
    return render_error(request, 500, "Something went wrong on our side. Please try again in a few minutes.")


def install_web(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_page)
