"""Signed bearer tokens (JWT, HS256) carrying only the user id and when they were issued; roles are read
fresh from the database on each request, so a changed role or a deactivated user takes effect at once,
and a token issued before its user signed out is refused (`matcher.api.deps.current_actor`)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt


@dataclass(frozen=True, slots=True)
class Bearer:
    """Who a valid token names, and when it was issued (Unix time, to the microsecond)."""

    user_id: uuid.UUID
    issued_at: float


_ALGORITHM = "HS256"
_TYPE = "access"
#: Tokens already verified, with when they expire: every API request reads its token twice (the body
#: guard, then the route's actor) and PyJWT spent some 0.3 ms each time. Only well-signed access tokens
#: are kept, so the size is bounded by the tokens this service issued; the oldest goes first.
_VERIFIED: dict[tuple[str, str], tuple[Bearer, float]] = {}
_VERIFIED_MAX = 10_000


def create_token(user_id: uuid.UUID, secret: str, minutes: int) -> str:
    """`iat` to the microsecond (RFC 7519 allows a fraction), not the whole second PyJWT writes for a
    datetime: a sign-out refuses tokens issued before it, and a new sign-in in the same second as a
    sign-out must not be refused with them."""
    now = datetime.now(UTC)
    expires = now + timedelta(minutes=minutes)
    claims = {"sub": str(user_id), "iat": now.timestamp(), "exp": expires, "typ": _TYPE}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> Bearer | None:
    """Who a valid, unexpired *access* token names; None for anything else (including a token of another
    `typ` signed with the same key). A token verified before is only checked for expiry."""
    known = _VERIFIED.get((token, secret))
    if known is not None:
        bearer, expires = known
        return bearer if time.time() < expires else None
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["sub", "exp", "iat", "typ"]}
        )
        if claims["typ"] != _TYPE:
            return None
        bearer = Bearer(uuid.UUID(str(claims["sub"])), float(claims["iat"]))
        expires = float(claims["exp"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.pop(next(iter(_VERIFIED)), None)
    _VERIFIED[(token, secret)] = (bearer, expires)
    return bearer
