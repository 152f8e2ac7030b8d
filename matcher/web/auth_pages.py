"""Anyone: the start page, signing in and out, the accessibility statement."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from starlette.responses import Response

from matcher.api.deps import client_address, sign_in_throttle
from matcher.auth import repository as users
from matcher.auth.service import authenticate
from matcher.errors import TooManyRequests, Unauthorised
from matcher.organisations import service as organisations
from matcher.web import _session
from matcher.web._forms import FormErrors, text
from matcher.web._rendering import render
from matcher.web._routing import OptionalActorDep, PageRoute, SessionDep, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

_HOME_OF_ROLE = {"commissioner": "/cases", "provider": "/provider", "family": "/family"}


def _safe_next(value: str) -> str:
    """Only a path on this site: never an open redirect to another one."""
    parts = urlsplit(value)
    if not value.startswith("/") or value.startswith("//") or parts.scheme or parts.netloc or "\\" in value:
        return ""
    return value


@router.get("/")
async def start(request: Request, session: SessionDep, actor: OptionalActorDep) -> Response:
    organisation = None
    if actor is not None and actor.organisation_id is not None:
        organisation = await organisations.get_organisation(session, actor.organisation_id)
    return render(request, "start.html", organisation=organisation)


@router.get("/sign-in")
async def sign_in_form(request: Request, actor: OptionalActorDep, next: str = "") -> Response:
    if actor is not None:
        return redirect(_safe_next(next) or _HOME_OF_ROLE.get(actor.role, "/"))
    return render(request, "sign_in.html", next_url=_safe_next(next))


@router.post("/sign-in")
async def sign_in(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    email, password, next_url = (
        text(form, "email"),
        str(form.get("password") or ""),
        _safe_next(text(form, "next")),
    )
    errors = FormErrors(["email", "password"], {"email": "Email address", "password": "Password"})
    if not email:
        errors.add("email", "Enter your email address")
    if not password:
        errors.add("password", "Enter your password")
    if not errors:
        try:
            user = await authenticate(
                session, email, password, sign_in_throttle(request), client_address(request)
            )
        except Unauthorised:
            errors.add("email", "Enter a correct email address and password")
        except TooManyRequests as exc:
            # The sign-in page with the wait in minutes, not a service fault (found from outside: "Sorry,
            # there is a problem with the service… Try again in 899 seconds", and no form)
            minutes = max(1, math.ceil(exc.retry_after / 60))
            errors.add("email", "There have been too many failed attempts to sign in. "
                                f"Try again in {minutes} minute{'s' if minutes != 1 else ''}")
            response = render(request, "sign_in.html", status_code=429, errors=errors,
                              values={"email": email}, next_url=next_url)
            response.headers["Retry-After"] = str(exc.retry_after)
            return response
        else:
            _session.load(request).sign_in(str(user.id))
            return redirect(next_url or _HOME_OF_ROLE.get(user.role, "/"))
    status = 401 if "Enter a correct" in (errors.get("email") or "") else 422
    return render(
        request, "sign_in.html", status_code=status, errors=errors, values={"email": email}, next_url=next_url
    )


@router.post("/sign-out")
async def sign_out(request: Request, session: SessionDep, actor: OptionalActorDep) -> Response:
    """Revoked on the server too: the cookie, even if copied, no longer signs anyone in."""
    if actor is not None:
        await users.revoke_sessions(session, actor.user_id)
    _session.load(request).sign_out()
    flash(request, "You have signed out.")
    return redirect("/")


@router.get("/accessibility")
async def accessibility(request: Request, actor: OptionalActorDep) -> Response:
    return render(request, "accessibility.html")
