"""Request dependencies: the session, the authenticated actor, pagination."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

from matcher.auth import Actor
from matcher.auth.identities import IdentityCache
from matcher.auth.throttle import SignInThrottle
from matcher.auth.tokens import read_token
from matcher.db.engine import SessionDep
from matcher.errors import Unauthorised
from matcher.search.index import MarketplaceIndex
from matcher.settings import Settings

_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _settings(request: Request) -> Settings:
    """As a dependency: async, so FastAPI does not hop to a thread for it on every request."""
    return get_app_settings(request)


SettingsDep = Annotated[Settings, Depends(_settings)]


def marketplace_index(request: Request) -> MarketplaceIndex:
    """The process's search index (one per app, built in `create_app`)."""
    index: MarketplaceIndex = request.app.state.search_index
    return index


async def _index(request: Request) -> MarketplaceIndex:
    return marketplace_index(request)


IndexDep = Annotated[MarketplaceIndex, Depends(_index)]


async def current_actor(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(_bearer)],
) -> Actor:
    if not token:
        raise Unauthorised("Send a bearer token: POST /api/v1/auth/token with your email and password.")
    bearer = read_token(token, settings.secret_key)
    identities: IdentityCache = request.app.state.identities
    identity = await identities.identity(session, bearer.user_id) if bearer else None
    if identity is None or bearer is None:
        raise Unauthorised("The token is invalid or has expired; sign in again.")
    if not identity.admits(bearer.issued_at):
        raise Unauthorised("The token was issued before you signed out; sign in again.")
    return identity.actor


ActorDep = Annotated[Actor, Depends(current_actor)]


def sign_in_throttle(request: Request) -> SignInThrottle:
    """The process's failed-sign-in counters (one per app, built in `create_app`)."""
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    return throttle


def client_address(request: Request) -> str:
    """The peer's address as the server saw it (behind a proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


ThrottleDep = Annotated[SignInThrottle, Depends(sign_in_throttle)]
AddressDep = Annotated[str, Depends(client_address)]


class Page(BaseModel):
    limit: int
    offset: int


#: The one bound on paging, for every list: PostgreSQL's OFFSET is a 64-bit integer, so an unbounded
#: offset was a 500; no list here is anywhere near a million rows.
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page)]
