"""The periodic reminder: a day before a call closes, the recipients that have not offered are emailed
(through the outbox, like every email). Idempotent: each call is claimed once, in one UPDATE, so running
it twice, or in two processes, reminds nobody twice."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.settings import Settings

log = logging.getLogger(__name__)


async def remind_once(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> int:
    """One round in its own transaction; returns the emails queued."""
    from matcher.market_calls.service import send_reminders

    async with sessionmaker() as session, session.begin():
        return await send_reminders(session, settings)


async def send_reminders_periodically(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *, every_seconds: float = 300.0
) -> None:
    """Runs for the life of the service (started in the app's lifespan)."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await remind_once(sessionmaker, settings)
        except Exception:  # a failed round is logged and retried next time, never fatal to the service
            log.exception("market call reminders failed; will retry")
