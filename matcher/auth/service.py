"""Signing in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import repository
from matcher.auth.passwords import verify_password_async
from matcher.auth.throttle import SignInThrottle
from matcher.db.models import User
from matcher.errors import Unauthorised


async def authenticate(
    session: AsyncSession, email: str, password: str, throttle: SignInThrottle, address: str
) -> User:
    """The same answer for an unknown email and a wrong password, so neither can be probed; refused
    with 429 once this account or this client address has failed too often (see `throttle`).
    A user of a deactivated organisation cannot sign in."""
    attempt = await throttle.reserve(session, email, address)
    user = await repository.get_user_by_email(session, email)
    if not await verify_password_async(password, user.password_hash if user else None) or user is None:
        raise Unauthorised("Email or password is not right.")  # the attempt stays counted as failed
    await throttle.release(session, attempt)
    if not user.is_active or not await repository.organisation_is_active(session, user.organisation_id):
        raise Unauthorised("Email or password is not right.")
    return user
