"""The outbox sender: pending emails go out over SMTP when it is configured, each once; failures are
kept on the row and retried."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.db.models import OutboxEmail
from matcher.families import outbox
from matcher.settings import Settings
from tests.families.conftest import SENT, FakeSMTP


async def _queue(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await outbox.queue_email(session, "sister@family.example", "Invitation", "Open this link: …")


async def _rows(sessionmaker: async_sessionmaker[AsyncSession]) -> list[OutboxEmail]:
    async with sessionmaker() as session:
        return list((await session.execute(select(OutboxEmail))).scalars())


async def test_pending_emails_are_sent_once(sessionmaker: async_sessionmaker[AsyncSession],
                                            fake_smtp: type[FakeSMTP]) -> None:
    await _queue(sessionmaker)
    settings = Settings(environment="test", smtp_host="smtp.test", smtp_port=2525)
    assert await outbox.send_pending(sessionmaker, settings) == 1
    assert await outbox.send_pending(sessionmaker, settings) == 0
    assert [m["To"] for m in SENT] == ["sister@family.example"]
    assert SENT[0]["From"] == settings.smtp_sender
    [row] = await _rows(sessionmaker)
    assert row.sent_at is not None
    assert row.attempts == 1


async def test_without_smtp_emails_wait_in_the_outbox(sessionmaker: async_sessionmaker[AsyncSession],
                                                      fake_smtp: type[FakeSMTP]) -> None:
    await _queue(sessionmaker)
    assert await outbox.send_pending(sessionmaker, Settings(environment="test", smtp_host=None)) == 0
    [row] = await _rows(sessionmaker)
    assert row.sent_at is None
    assert SENT == []


async def test_a_failure_is_recorded_and_retried(sessionmaker: async_sessionmaker[AsyncSession],
                                                 fake_smtp: type[FakeSMTP]) -> None:
    await _queue(sessionmaker)
    settings = Settings(environment="test", smtp_host="smtp.test", smtp_port=2525)
    fake_smtp.fail = True
    assert await outbox.send_pending(sessionmaker, settings) == 0
    [row] = await _rows(sessionmaker)
    assert (row.sent_at, row.attempts, row.last_error) == (None, 1, "gone away")
    fake_smtp.fail = False
    assert await outbox.send_pending(sessionmaker, settings) == 1
    [row] = await _rows(sessionmaker)
    assert row.sent_at is not None
    assert row.last_error is None
