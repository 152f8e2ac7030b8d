"""How every page route behaves: CSRF on every form post, the session cookie written back, and domain
errors rendered as friendly pages with the API's status codes.

`PageRoute` wraps each page handler, so no page can forget the CSRF check: a POST whose form lacks the
session's token is refused with a 403 page before the handler (or any service) runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import RedirectResponse, Response

from matcher import vocab
from matcher.api.problems import error_headers
from matcher.auth import Actor
from matcher.auth import repository as users
from matcher.db.engine import SessionDep as _DbSessionDep
from matcher.errors import Conflict, Forbidden, MatcherError, Unauthorised
from matcher.web import _session
from matcher.web._rendering import render_error

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class CsrfRefused(Forbidden):
    title = "Form refused"


async def check_csrf(request: Request) -> None:
    web_session = _session.load(request)
    token: object = None
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        token = form.get(_session.CSRF_FIELD)
    token = token or request.headers.get("x-csrf-token")
    if not web_session.csrf_matches(token):
        await request.close()  # a refused form's uploaded file is closed, not left to the collector
        raise CsrfRefused(
            "This form was not sent from a page of this service, or it has expired. "
            "Go back, reload the page and try again."
        )


async def page_session(request: Request, session: _DbSessionDep) -> AsyncSession:
    """The request's one database session (`get_session`, committed before the response is sent),
    remembered so `PageRoute` can roll it back.

    `PageRoute` turns a domain error into a page *inside* the dependency's scope, so `get_session` never
    sees the exception and would commit: whatever a service flushed before refusing must be rolled back
    here first (e.g. an invitation claimed and then refused stays unused).
    """
    request.state.db_session = session
    return session


SessionDep = Annotated[AsyncSession, Depends(page_session)]


async def _roll_back(request: Request) -> None:
    session = getattr(request.state, "db_session", None)
    if isinstance(session, AsyncSession):
        await session.rollback()


def changed_meanwhile(exc: MatcherError, thing: str = "This") -> str | None:
    """A refusal because someone moved the thing on since the page was opened, in its status's words
    (the API's message carries version numbers); None for any other refusal."""
    status = exc.extra.get("current_status")
    if not (isinstance(exc, Conflict) and isinstance(status, str)):
        return None
    return f"{thing} changed while you had the page open: it is now ‘{vocab.label(status)}’"


def _for_people(exc: MatcherError) -> str:
    if exc.extra.get("case_closed"):  # the API's words name PATCH (found from outside, on a page)
        return "This case is closed, so nothing on it can change. Reopen it from the case page first."
    said = changed_meanwhile(exc)
    return f"{said}." if said else exc.detail


class PageRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                if request.method in _UNSAFE:
                    await check_csrf(request)
                response = await handler(request)
            except MatcherError as exc:
                await _roll_back(request)
                response = render_error(
                    request,
                    exc.status,
                    _for_people(exc),
                    title="Form refused" if isinstance(exc, CsrfRefused) else None,
                )
                response.headers.update(error_headers(exc))
            except RequestValidationError as exc:
                await _roll_back(request)
                # Only path and query parameters are validated by FastAPI on pages: a malformed id in a
                # web address is a page that does not exist.
                on_path = any(e.get("loc", ("",))[0] == "path" for e in exc.errors())
                response = render_error(
                    request,
                    404 if on_path else 422,
                    "Check the web address is correct." if on_path else "Check the link.",
                )
            _session.save(request, response)
            return response

        return page_handler


def redirect(url: str) -> RedirectResponse:
    """POST-redirect-GET: 303 so the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)


def flash(request: Request, message: str) -> None:
    _session.load(request).set_flash(message)


async def optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """The signed-in person, read fresh from the database; None when nobody is signed in."""
    web_session = _session.load(request)
    actor: Actor | None = None
    if web_session.user_id:
        try:
            user = await users.active_user(session, uuid.UUID(web_session.user_id))
        except ValueError:
            user = None
        revoked = user.sessions_revoked_at if user is not None else None
        if user is None or (revoked is not None and web_session.signed_in_at < revoked.timestamp()):
            web_session.sign_out()
        else:
            actor = Actor(
                user_id=user.id, role=user.role, organisation_id=user.organisation_id, email=user.email
            )
    request.state.actor = actor
    return actor


OptionalActorDep = Annotated[Actor | None, Depends(optional_actor)]


async def signed_in(actor: OptionalActorDep) -> Actor:
    if actor is None:
        raise Unauthorised("Sign in to see this page.")
    return actor


ActorDep = Annotated[Actor, Depends(signed_in)]


def role(*roles: str) -> Callable[[Actor], Coroutine[Any, Any, Actor]]:
    """A dependency: the signed-in actor, refused (403) unless they hold one of `roles`."""

    async def check(actor: ActorDep) -> Actor:
        if actor.role not in roles:
            raise Forbidden(f"This page is for {' or '.join(r + 's' for r in roles)}.")
        return actor

    return check


ProviderDep = Annotated[Actor, Depends(role("provider"))]
CommissionerDep = Annotated[Actor, Depends(role("commissioner"))]
FamilyDep = Annotated[Actor, Depends(role("family"))]
