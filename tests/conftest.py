"""Shared fixtures: one real, migrated PostgreSQL per test run; every test starts from empty tables."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from matcher.api import create_app
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.migrate import upgrade_head
from matcher.db.models import Base
from matcher.settings import Settings
from tests.database import fresh_database, server_url
from tests.factories import Factory

os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")

# The suite draws the same hypothesis examples on every run, so a run that passed in CI passes on a fresh
# clone too. `HYPOTHESIS_PROFILE=explore` draws new examples on each run, to look for cases nobody tried.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

#: Tables emptied between tests (everything but the migration and version bookkeeping).
_TABLES = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name != "marketplace_version"]


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with server_url() as server, fresh_database(server) as url:
        upgrade_head(url)
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture(autouse=True)
async def _empty_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Isolation by emptying: works with concurrent sessions, unlike a wrapping transaction.
    The version counter only ever moves forward, so no search index can mistake new data for old."""
    yield
    if "engine" not in request.fixturenames:
        return
    engine: AsyncEngine = request.getfixturevalue("engine")
    async with engine.begin() as connection:
        # The audit log refuses TRUNCATE by trigger; replica mode skips triggers for this cleanup only.
        await connection.execute(text("SET LOCAL session_replication_role = replica"))
        await connection.execute(text(f"TRUNCATE {', '.join(_TABLES)} CASCADE"))
        await connection.execute(text("UPDATE marketplace_version SET version = version + 1"))


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", database_url=None)


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]) -> FastAPI:
    app = create_app(settings, run_migrations=False)
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker
    return app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


@pytest.fixture
def factory(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> Factory:
    return Factory(sessionmaker, settings)
