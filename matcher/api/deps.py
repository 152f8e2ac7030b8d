"""Request dependencies: the session, the authenticated actor, pagination."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

from matcher.auth import Actor
from matcher.auth import repository as users
from matcher.auth.tokens import read_token
from matcher.db.engine import SessionDep
from matcher.errors import Unauthorised
from matcher.search.index import MarketplaceIndex
from matcher.settings import Settings

_bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def marketplace_index(request: Request) -> MarketplaceIndex:
    """The process's search index (one per app, built in `create_app`)."""
    index: MarketplaceIndex = request.app.state.search_index
    return index


IndexDep = Annotated[MarketplaceIndex, Depends(marketplace_index)]


async def current_actor(
    session: SessionDep, settings: SettingsDep, token: Annotated[str | None, Depends(_bearer)]
) -> Actor:
    if not token:
        raise Unauthorised("Send a bearer token: POST /api/v1/auth/token with your email and password.")
    user_id = read_token(token, settings.secret_key)
    user = await users.get_user(session, user_id) if user_id else None
    if user is None or not user.is_active:
        raise Unauthorised("The token is invalid or has expired; sign in again.")
    return Actor(user_id=user.id, role=user.role, organisation_id=user.organisation_id, email=user.email)


ActorDep = Annotated[Actor, Depends(current_actor)]


class Page(BaseModel):
    limit: int
    offset: int


def page(limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0)] = 0) -> Page:
    return Page(limit=limit, offset=offset)


PageDep = Annotated[Page, Depends(page)]
