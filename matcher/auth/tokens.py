"""Signed bearer tokens (JWT, HS256) carrying only the user id; roles are read fresh from the database
on each request, so a changed role or a deactivated user takes effect at once."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt

_ALGORITHM = "HS256"
_TYPE = "access"
#: Tokens already verified, with when they expire: every API request reads its token twice (the body
#: guard, then the route's actor) and PyJWT spent some 0.3 ms each time. Only well-signed access tokens
#: are kept, so the size is bounded by the tokens this service issued; the oldest goes first.
_VERIFIED: dict[tuple[str, str], tuple[uuid.UUID, float]] = {}
_VERIFIED_MAX = 10_000


def create_token(user_id: uuid.UUID, secret: str, minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=minutes), "typ": _TYPE}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> uuid.UUID | None:
    """The user id in a valid, unexpired *access* token; None for anything else (including a token of
    another `typ` signed with the same key). A token verified before is only checked for expiry."""
    known = _VERIFIED.get((token, secret))
    if known is not None:
        user_id, expires = known
        return user_id if time.time() < expires else None
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp", "typ"]}
        )
        if claims["typ"] != _TYPE:
            return None
        user_id = uuid.UUID(str(claims["sub"]))
        expires = float(claims["exp"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.pop(next(iter(_VERIFIED)), None)
    _VERIFIED[(token, secret)] = (user_id, expires)
    return user_id
