"""Signing in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import repository
from matcher.auth.passwords import verify_password
from matcher.db.models import User
from matcher.errors import Unauthorised


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    """The same answer for an unknown email and a wrong password, so neither can be probed."""
    user = await repository.get_user_by_email(session, email)
    if (
        not verify_password(password, user.password_hash if user else None)
        or user is None
        or not user.is_active
    ):
        raise Unauthorised("Email or password is not right.")
    return user
