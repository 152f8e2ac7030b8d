"""Tokens and users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from matcher.api.deps import ActorDep, AddressDep, SettingsDep, ThrottleDep
from matcher.auth.repository import get_user, revoke_sessions
from matcher.auth.schemas import Token, UserCreate, UserOut
from matcher.auth.service import authenticate
from matcher.auth.tokens import create_token
from matcher.db.engine import SessionDep
from matcher.organisations import service

router = APIRouter(tags=["auth"])


@router.post("/auth/token", response_model=Token)
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
    address: AddressDep,
) -> Token:
    """429 with Retry-After after too many failed attempts for the account or from the address."""
    user = await authenticate(session, form.username, form.password, throttle, address)
    return Token(access_token=create_token(user.id, settings.secret_key, settings.token_minutes))


@router.post("/auth/sign-out", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def sign_out(session: SessionDep, actor: ActorDep) -> Response:
    """Every token and page session of yours issued before now stops working, on every server."""
    await revoke_sessions(session, actor.user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> UserOut:
    return UserOut.model_validate(await service.create_user(session, actor, body))


@router.get("/users/me", response_model=UserOut)
async def who_am_i(session: SessionDep, actor: ActorDep) -> UserOut:
    user = await get_user(session, actor.user_id)
    return UserOut.model_validate(user)
