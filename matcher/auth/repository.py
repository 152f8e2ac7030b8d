"""All SQL about users."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from matcher.auth.actor import Actor, Identity
from matcher.db.models import FamilyAccess, Organisation, SignInFailure, User
from matcher.errors import Conflict


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


def _active(query: Any, user_id: uuid.UUID) -> Any:
    return query.outerjoin(Organisation, Organisation.id == User.organisation_id).where(
        User.id == user_id, User.is_active.is_(True), Organisation.deactivated_at.is_(None)
    )


async def active_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """The user if active and not in a deactivated organisation, in one round trip: every request of a
    signed-in person asks this, so it is read fresh each time (a deactivation is felt at once)."""
    result = await session.execute(_active(select(User), user_id))
    return result.scalar_one_or_none()


#: `active_user`'s question in SQL, for `active_identity`.
_ACTIVE_IDENTITY = """
SELECT u.id, u.role, u.organisation_id, u.email, extract(epoch FROM u.sessions_revoked_at)::float8
FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
WHERE u.id = $1 AND u.is_active AND o.deactivated_at IS NULL
"""


async def active_identity(session: AsyncSession, user_id: uuid.UUID) -> Identity | None:
    """`active_user`'s question for an API request, answered as an Actor (id, role, organisation,
    email) with when the user last signed out. Every API request asks it, so it goes to the driver on
    the session's connection: through SQLAlchemy's statement and result machinery it cost 0.75 ms of
    CPU, 0.3 ms this way (the read needs no transaction of its own, so none is begun for it)."""
    driver = (await (await session.connection()).get_raw_connection()).driver_connection
    assert driver is not None  # a pooled connection that is checked out
    row = await driver.fetchrow(_ACTIVE_IDENTITY, user_id)
    if row is None:
        return None
    actor = Actor(user_id=row[0], role=row[1], organisation_id=row[2], email=row[3])
    return Identity(actor, row[4])


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(select(User).where(User.email == email.strip().lower()))
    return result.scalar_one_or_none()


async def organisation_is_active(session: AsyncSession, organisation_id: uuid.UUID | None) -> bool:
    """Users of a deactivated organisation are out (a user without one, e.g. an admin, is not)."""
    if organisation_id is None:
        return True
    deactivated = await session.scalar(
        select(Organisation.deactivated_at).where(Organisation.id == organisation_id)
    )
    return deactivated is None


async def add_user(session: AsyncSession, user: User) -> User:
    """The unique email index decides races that a look-up first cannot (two sign-ups at once)."""
    session.add(user)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("A user with that email already exists.") from exc
    return user


async def family_case_ids(session: AsyncSession, user_id: uuid.UUID) -> list[uuid.UUID]:
    result = await session.execute(select(FamilyAccess.case_id).where(FamilyAccess.user_id == user_id))
    return list(result.scalars())


async def revoke_sessions(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Sign-out: every page session and bearer token of this user from before now is refused from now
    on (migration 0008's trigger tells every process's identity cache)."""
    await session.execute(update(User).where(User.id == user_id).values(sessions_revoked_at=func.now()))


_RECENT_FAILURES = text("""
SELECT count(*), coalesce(extract(epoch FROM min(at) + make_interval(secs => :window) - now()), 0)
FROM (SELECT at FROM sign_in_failures
      WHERE kind = :kind AND key = :key AND at > now() - make_interval(secs => :window)
      ORDER BY at DESC LIMIT :limit) AS recent
""")


@dataclass(frozen=True, slots=True)
class FailureWindow:
    """A moving window of sign-in failures: `limit` per `seconds` for this hashed key."""

    kind: str  # "account" or "address"
    key: str
    seconds: int
    limit: int


@dataclass(frozen=True, slots=True)
class WindowFull:
    kind: str
    frees_in: float  # seconds until the oldest failure that counts leaves the window


async def reserve_sign_in_attempt(
    engine: AsyncEngine, windows: list[FailureWindow]
) -> list[int] | WindowFull:
    """One failure row per window, unless a window is full, committed at once. The windows are locked
    (transaction advisory locks, always in the same order, so two attempts cannot deadlock) from the
    count to the insert, so attempts at the same moment never both take a window's last place. Times
    are the database's: the same clock for every process. Failures older than any window are pruned."""
    async with engine.begin() as connection:
        for window in sorted(windows, key=lambda w: (w.kind, w.key)):
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
                {"lock": f"sign-in:{window.kind}:{window.key}"},
            )
        for window in windows:
            counted = await connection.execute(
                _RECENT_FAILURES,
                {"kind": window.kind, "key": window.key, "window": window.seconds, "limit": window.limit},
            )
            failures, frees_in = counted.one()
            if failures >= window.limit:
                return WindowFull(window.kind, float(frees_in))
        rows = await connection.execute(
            insert(SignInFailure).returning(SignInFailure.id),
            [{"kind": window.kind, "key": window.key} for window in windows],
        )
        taken = [int(i) for i in rows.scalars()]
        oldest = max(window.seconds for window in windows)
        await connection.execute(
            delete(SignInFailure).where(SignInFailure.at < func.now() - timedelta(seconds=oldest))
        )
        return taken


async def release_sign_in_attempt(engine: AsyncEngine, taken: list[int]) -> None:
    """The attempt was right after all: its failure rows go."""
    async with engine.begin() as connection:
        await connection.execute(delete(SignInFailure).where(SignInFailure.id.in_(taken)))
