"""Verified tokens are remembered (matcher.auth.tokens), but never past their expiry, never for another
key, and never for a token that was not well signed."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from matcher.auth import tokens
from matcher.auth.tokens import create_token, read_token

SECRET = "a-test-secret-that-is-long-enough-for-hs256"


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    user = uuid.uuid4()
    token = create_token(user, SECRET, 10)
    bearer = read_token(token, SECRET)
    assert bearer is not None
    assert bearer.user_id == user
    assert abs(bearer.issued_at - time.time()) < 5
    # to the microsecond, not the whole second: a sign-out refuses tokens issued before it
    assert isinstance(jwt.decode(token, options={"verify_signature": False})["iat"], float)
    assert (token, SECRET) in tokens._VERIFIED
    later = datetime.now(UTC) + timedelta(minutes=11)
    monkeypatch.setattr(time, "time", later.timestamp)
    assert read_token(token, SECRET) is None


def test_a_remembered_token_is_refused_under_another_key() -> None:
    token = create_token(uuid.uuid4(), SECRET, 10)
    assert read_token(token, SECRET) is not None
    assert read_token(token, SECRET + "-rotated") is None


def test_bad_tokens_are_refused_and_not_remembered() -> None:
    user = uuid.uuid4()
    good = create_token(user, SECRET, 10)
    tampered = good[:-2] + ("AA" if good[-2:] != "AA" else "BB")
    now = datetime.now(UTC)
    other_type = jwt.encode(
        {"sub": str(user), "exp": now + timedelta(minutes=5), "typ": "refresh"}, SECRET, algorithm="HS256"
    )
    expired = jwt.encode(
        {"sub": str(user), "exp": now - timedelta(seconds=1), "typ": "access"}, SECRET, algorithm="HS256"
    )
    for bad in (tampered, other_type, expired, "not-a-token", ""):
        assert read_token(bad, SECRET) is None
        assert (bad, SECRET) not in tokens._VERIFIED


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_VERIFIED", {})
    monkeypatch.setattr(tokens, "_VERIFIED_MAX", 3)
    issued = [create_token(uuid.uuid4(), SECRET, 10) for _ in range(5)]
    for token in issued:
        assert read_token(token, SECRET) is not None
    assert list(tokens._VERIFIED) == [(t, SECRET) for t in issued[2:]]
    assert read_token(issued[0], SECRET) is not None  # forgotten, so verified again
