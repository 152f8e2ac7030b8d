"""A listening process keeps who a token's user is between requests, and forgets it when told.

The triggers of migration 0008 NOTIFY `identity_changes` on every change to a user's status, role,
organisation or email, and to an organisation's deactivation. To see that an answer is kept, a test
changes a user with triggers switched off (`session_replication_role = replica`, which no code path of
the service uses): the kept answer still lets the request through, until a change with triggers tells
the process.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from matcher.api.app import listen_dsn
from matcher.auth.identities import IdentityCache
from tests.factories import Factory, Member


@pytest.fixture
async def live(app: FastAPI, engine: AsyncEngine) -> AsyncIterator[IdentityCache]:
    """The app's identity cache, listening (as under `matcher serve`), stopped after the test."""
    cache: IdentityCache = app.state.identities
    cache.start(listen_dsn(engine.url))
    try:
        for _ in range(250):
            if cache.live:
                break
            await asyncio.sleep(0.02)
        assert cache.live, "the identity listener did not connect"
        yield cache
    finally:
        await cache.stop()


async def _set(engine: AsyncEngine, sql: str, user: uuid.UUID, *, triggers: bool) -> None:
    async with engine.begin() as connection:
        if not triggers:
            await connection.execute(text("SET LOCAL session_replication_role = replica"))
        await connection.execute(text(sql), {"id": user})


async def _refused_within(client: httpx.AsyncClient, member: Member, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 401:
            return time.monotonic() - started
        await asyncio.sleep(0.01)
    raise AssertionError(f"still let in after {seconds} s")


async def test_a_kept_identity_is_forgotten_when_the_user_is_deactivated(
    client: httpx.AsyncClient, factory: Factory, live: IdentityCache, engine: AsyncEngine
) -> None:
    member = await factory.commissioner()
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    # deactivated behind the triggers' back: the kept answer still stands
    await _set(engine, "UPDATE users SET is_active = false WHERE id = :id", member.user_id, triggers=False)
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    # the same change told: refused from the next request after the notification
    await _set(engine, "UPDATE users SET is_active = false WHERE id = :id", member.user_id, triggers=True)
    assert await _refused_within(client, member, 1.0) < 1.0


async def test_a_deactivated_organisation_shuts_its_users_out_within_a_second(
    client: httpx.AsyncClient, factory: Factory, live: IdentityCache, engine: AsyncEngine
) -> None:
    member = await factory.provider("care")
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE organisations SET deactivated_at = now() WHERE id = :id"),
            {"id": member.organisation_id},
        )
    assert await _refused_within(client, member, 1.0) < 1.0


async def test_a_role_change_is_seen_at_once_by_a_listening_process(
    client: httpx.AsyncClient, factory: Factory, live: IdentityCache, engine: AsyncEngine
) -> None:
    member = await factory.commissioner()
    me = await client.get("/api/v1/users/me", headers=member.headers)
    assert me.json()["role"] == "commissioner"
    await _set(engine, "UPDATE users SET role = 'family' WHERE id = :id", member.user_id, triggers=True)
    for _ in range(100):
        me = await client.get("/api/v1/users/me", headers=member.headers)
        if me.json()["role"] == "family":
            break
        await asyncio.sleep(0.01)
    assert me.json()["role"] == "family"


async def test_without_a_listener_nothing_is_kept(
    client: httpx.AsyncClient, factory: Factory, app: FastAPI, engine: AsyncEngine
) -> None:
    cache: IdentityCache = app.state.identities
    assert not cache.live
    member = await factory.commissioner()
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    await _set(engine, "UPDATE users SET is_active = false WHERE id = :id", member.user_id, triggers=False)
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 401


async def test_a_dropped_listener_stops_keeping_answers(
    client: httpx.AsyncClient, factory: Factory, live: IdentityCache, engine: AsyncEngine
) -> None:
    """A listener's connection closed by the server: nothing kept is trusted until it is back."""
    member = await factory.commissioner()
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN %identity_changes%'"
            )
        )
    for _ in range(250):
        if not live.live:
            break
        await asyncio.sleep(0.02)
    await _set(engine, "UPDATE users SET is_active = false WHERE id = :id", member.user_id, triggers=False)
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 401


async def test_signing_out_reaches_a_listening_process(
    client: httpx.AsyncClient, factory: Factory, live: IdentityCache
) -> None:
    """The kept identity carries when its user last signed out, and the sign-out's notification
    replaces it: a token from before is refused from the next request on."""
    member = await factory.commissioner()
    assert (await client.get("/api/v1/users/me", headers=member.headers)).status_code == 200
    answer = await client.post("/api/v1/auth/sign-out", headers=member.headers)
    assert answer.status_code == 204
    assert await _refused_within(client, member, 1.0) < 1.0
