"""Sign-in holds up to guessing: argon2 off the event loop, failed attempts limited per account and per
client address (429 with Retry-After, logged), on the API, the pages and family invitations alike."""

from __future__ import annotations

import asyncio
import logging
import threading

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.auth import passwords
from tests.contacts.helpers import make_case
from tests.factories import PASSWORD, Factory
from tests.families.test_invitations import _accept, _invite
from tests.hardening.conftest import ClientWith
from tests.web.pages import csrf_token


async def _token(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/v1/auth/token", data={"username": email, "password": password})


async def test_passwords_are_checked_off_the_event_loop(
    client: httpx.AsyncClient, factory: Factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    original = passwords.verify_password

    def recording(password: str, password_hash: str | None) -> bool:
        threads.append(threading.current_thread().name)
        return original(password, password_hash)

    monkeypatch.setattr(passwords, "verify_password", recording)
    user = await factory.provider("care")
    assert (await _token(client, user.email, PASSWORD)).status_code == 200
    assert (await _token(client, user.email, "a-wrong-password-here")).status_code == 401
    assert len(threads) == 2
    assert threading.main_thread().name not in threads


async def test_the_right_password_is_refused_after_too_many_wrong_ones(
    client: httpx.AsyncClient, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    user = await factory.provider("care")
    for _ in range(5):  # the default: 5 failed attempts per account per 15 minutes
        assert (await _token(client, user.email, "a-wrong-password-here")).status_code == 401
    with caplog.at_level(logging.WARNING, logger="matcher.auth.throttle"):
        refused = await _token(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "too many failed attempts" in caplog.text
    other = await factory.provider("care")  # another account from the same address is not locked yet
    assert (await _token(client, other.email, PASSWORD)).status_code == 200


async def test_one_address_trying_many_accounts_is_limited(client_with: ClientWith, factory: Factory) -> None:
    members = [await factory.provider("care") for _ in range(4)]
    async with client_with(sign_in_limit_per_address="3/minute") as client:
        for member in members[:3]:
            assert (await _token(client, member.email, "a-wrong-password-here")).status_code == 401
        refused = await _token(client, members[3].email, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) <= 60


async def test_the_sign_in_page_is_limited_too(client_with: ClientWith, factory: Factory) -> None:
    user = await factory.provider("care")
    async with client_with(sign_in_limit_per_account="2/minute") as client:
        for _ in range(2):
            token = csrf_token((await client.get("/sign-in")).text)
            wrong = await client.post(
                "/sign-in", data={"email": user.email, "password": "a-wrong-password", "csrf_token": token}
            )
            assert wrong.status_code == 401
        token = csrf_token((await client.get("/sign-in")).text)
        refused = await client.post(
            "/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    # the sign-in page again, the wait in minutes (found from outside: a service-fault page in seconds)
    assert "There have been too many failed attempts to sign in. Try again in 1 minute" in refused.text
    assert "<title>Error:" in refused.text
    assert 'name="password"' in refused.text
    assert "seconds" not in refused.text


async def test_wrong_passwords_on_an_invitation_count_and_staff_emails_are_not_revealed(
    client_with: ClientWith, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    staff = await factory.provider("care")
    async with client_with(sign_in_limit_per_account="2/minute") as client:
        token = (await _invite(client, owner, case_id, email=staff.email))["token"]
        right_password = await _accept(client, token, PASSWORD)
        wrong_password = await _accept(client, token, "a-wrong-password-here")
        assert right_password.status_code == wrong_password.status_code == 409
        assert right_password.json()["detail"] == wrong_password.json()["detail"]
        assert "staff" not in right_password.json()["detail"]
        await _accept(client, token, "another-wrong-password")
        locked = await _accept(client, token, PASSWORD)
        assert locked.status_code == 429
        # and the account's own sign-in is locked by those failures too
        assert (await _token(client, staff.email, PASSWORD)).status_code == 429


async def test_every_process_counts_the_same_failures(client_with: ClientWith, factory: Factory) -> None:
    """Two apps stand for two workers (or replicas, or a restart): the window is in PostgreSQL."""
    user = await factory.provider("care")
    async with (
        client_with(sign_in_limit_per_account="2/minute") as first,
        client_with(sign_in_limit_per_account="2/minute") as second,
    ):
        assert (await _token(first, user.email, "a-wrong-password-here")).status_code == 401
        assert (await _token(second, user.email, "a-wrong-password-here")).status_code == 401
        for client in (first, second):
            refused = await _token(client, user.email, PASSWORD)
            assert refused.status_code == 429
            assert 0 < int(refused.headers["retry-after"]) <= 60


async def test_failures_are_kept_as_hashes_and_old_ones_pruned(
    client: httpx.AsyncClient, factory: Factory, engine: AsyncEngine
) -> None:
    user = await factory.provider("care")
    async with engine.begin() as connection:  # a failure from long before any window, pruned on a write
        await connection.execute(
            text(
                "INSERT INTO sign_in_failures (kind, key, at) "
                "VALUES ('account', 'old', now() - interval '2 days')"
            )
        )
    assert (await _token(client, user.email, PASSWORD)).status_code == 200
    async with engine.connect() as connection:  # a right password leaves nothing counted
        assert (await connection.execute(text("SELECT count(*) FROM sign_in_failures"))).scalar() == 0
    assert (await _token(client, user.email, "a-wrong-password-here")).status_code == 401
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT kind, key FROM sign_in_failures"))).all()
    assert sorted(kind for kind, _ in rows) == ["account", "address"]  # the old one is gone
    for _, key in rows:
        assert len(key) == 64
        assert user.email not in key
        assert "127.0.0.1" not in key


async def test_guesses_made_all_at_once_get_no_more_tries(client_with: ClientWith, factory: Factory) -> None:
    """Each attempt counts as failed from before its password is checked: checking first and counting
    after let every guess sent at the same moment through."""
    user = await factory.provider("care")
    async with client_with(sign_in_limit_per_account="2/minute") as client:
        answers = await asyncio.gather(
            *(_token(client, user.email, f"a-wrong-password-{n}") for n in range(8))
        )
        assert sorted(a.status_code for a in answers) == [401, 401] + [429] * 6
        assert (await _token(client, user.email, PASSWORD)).status_code == 429
