"""Signed bearer tokens (JWT, HS256) carrying only the user id; roles are read fresh from the database
on each request, so a changed role or a deactivated user takes effect at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt

_ALGORITHM = "HS256"
_TYPE = "access"


def create_token(user_id: uuid.UUID, secret: str, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=minutes), "typ": _TYPE}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> uuid.UUID | None:
    """The user id in a valid, unexpired *access* token; None for anything else (including a token of
    another `typ` signed with the same key)."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp", "typ"]}
        )
        if claims["typ"] != _TYPE:
            return None
        return uuid.UUID(str(claims["sub"]))
    except (jwt.PyJWTError, ValueError):
        return None
