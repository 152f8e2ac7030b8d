"""Emails leave through the outbox: written in the request's transaction (so an invitation and its
email commit or vanish together), sent afterwards by `send_pending` when SMTP is configured. Without
SMTP the rows simply wait; the invitation still works because its token is shown to the commissioner.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.families import repository
from matcher.settings import Settings

log = logging.getLogger(__name__)

#: After this many failures an email stops being retried (its `last_error` says why).
MAX_ATTEMPTS = 5


async def queue_email(session: AsyncSession, to_address: str, subject: str, body: str) -> None:
    await repository.add_email(session, to_address, subject, body)


def _send_smtp(settings: Settings, to_address: str, subject: str, body: str) -> None:
    """Blocking: runs in a worker thread, never on the event loop."""
    assert settings.smtp_host is not None
    message = EmailMessage()
    message["From"] = settings.smtp_sender
    message["To"] = to_address
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        smtp.send_message(message)


async def send_pending(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *,
                       limit: int = 50) -> int:
    """Send unsent emails (oldest first); returns how many were sent. Rows are locked with SKIP LOCKED,
    so several senders (requests, a periodic job) can run at once without sending anything twice.
    A failure is recorded on the row and retried next time, up to MAX_ATTEMPTS."""
    if not settings.smtp_host:
        return 0
    sent = 0
    async with sessionmaker() as session, session.begin():
        for email in await repository.claim_pending_emails(session, max_attempts=MAX_ATTEMPTS, limit=limit):
            try:
                await asyncio.to_thread(_send_smtp, settings, email.to_address, email.subject, email.body)
            except (smtplib.SMTPException, OSError) as exc:
                log.warning("email %s to the outbox recipient failed: %s", email.id, exc)
                await repository.mark_email(session, email.id, sent=False, error=str(exc)[:2000])
            else:
                await repository.mark_email(session, email.id, sent=True, error=None)
                sent += 1
    return sent


async def send_outbox_periodically(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, *,
                                   every_seconds: float = 60.0) -> None:
    """Retry what could not be sent straight after its request (SMTP down, a crash between commit and
    send): runs for the life of the service when SMTP is configured."""
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await send_pending(sessionmaker, settings)
        except Exception:  # a failed round is logged and retried next time, never fatal to the service
            log.exception("sending the email outbox failed; will retry")
