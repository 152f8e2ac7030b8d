"""A client for an app built with settings of the test's choosing (limits made small to reach)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from matcher.api import create_app
from matcher.settings import Settings

ClientWith = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def client_with(engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]) -> ClientWith:
    @asynccontextmanager
    async def make(**settings: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(Settings(**{"environment": "test", "database_url": None, **settings}),
                         run_migrations=False)
        app.state.engine = engine
        app.state.sessionmaker = sessionmaker
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client

    return make
