"""Who a bearer token's user is, remembered between requests while PostgreSQL says nothing changed.

Every API request asks whether its user is still active, and as whom (`repository.active_identity`):
a database round trip that was the only one a live inline search made. Migration 0008's triggers NOTIFY
`identity_changes` whenever a user's status, role, organisation or email changes, or an organisation is
deactivated or deleted, in the changing transaction and whoever writes it. While this process LISTENs
on that channel it keeps each answer until the next notification, and never longer than MAX_AGE_SECONDS
(in case a connection dies without saying so). Without a listener (tests, scripts, a dropped
connection) nothing is kept and every request asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth.actor import Identity
from matcher.auth.repository import active_identity

log = logging.getLogger(__name__)

CHANNEL = "identity_changes"
#: The longest an answer is kept, even when no notification came.
MAX_AGE_SECONDS = 5.0
#: Answers kept at most; past it the cache starts again (users active within MAX_AGE_SECONDS).
MAX_ENTRIES = 10_000
RECONNECT_SECONDS = 1.0


class IdentityCache:
    def __init__(self) -> None:
        self._identities: dict[uuid.UUID, tuple[float, Identity]] = {}
        #: Moves on every notification: an answer read before one is never kept after it.
        self._generation = 0
        self._live = False
        self._task: asyncio.Task[None] | None = None

    @property
    def live(self) -> bool:
        return self._live

    def forget(self) -> None:
        self._generation += 1
        self._identities.clear()

    async def identity(self, session: AsyncSession, user_id: uuid.UUID) -> Identity | None:
        """The user's identity if active: kept from an earlier request when nothing changed since."""
        now = time.monotonic()
        if self._live:
            kept = self._identities.get(user_id)
            if kept is not None and now - kept[0] < MAX_AGE_SECONDS:
                return kept[1]
        generation = self._generation
        identity = await active_identity(session, user_id)
        if identity is not None and self._live and generation == self._generation:
            if len(self._identities) >= MAX_ENTRIES:
                self._identities.clear()
            self._identities[user_id] = (now, identity)
        return identity

    def start(self, dsn: str) -> None:
        self._task = asyncio.create_task(self._run(dsn), name="identity-changes")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self._task = None
        self._down()

    def _down(self) -> None:
        self._live = False
        self.forget()

    async def _run(self, dsn: str) -> None:
        import asyncpg

        while True:
            connection: Any = None
            closed = asyncio.Event()
            try:
                connection = await asyncpg.connect(dsn)
                await connection.add_listener(CHANNEL, lambda *_: self.forget())
                connection.add_termination_listener(lambda _c, closed=closed: closed.set())
                self.forget()  # whatever changed before we listened
                self._live = True
                await closed.wait()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("identity changes: listener failed; retrying")
            finally:
                self._down()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(RECONNECT_SECONDS)
