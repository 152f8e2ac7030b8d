"""A stand-in SMTP server: what would have been sent, and a switch to make it fail."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any

import pytest

SENT: list[EmailMessage] = []


class FakeSMTP:
    fail = False

    def __init__(self, host: str, port: int, timeout: float) -> None:
        assert (host, port) == ("smtp.test", 2525)

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def send_message(self, message: EmailMessage) -> None:
        if self.fail:
            raise smtplib.SMTPServerDisconnected("gone away")
        SENT.append(message)


@pytest.fixture
def fake_smtp(monkeypatch: pytest.MonkeyPatch) -> type[FakeSMTP]:
    """`smtplib.SMTP` replaced for the test; messages land in SENT."""
    SENT.clear()
    FakeSMTP.fail = False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)  # outbox looks it up at send time
    return FakeSMTP
