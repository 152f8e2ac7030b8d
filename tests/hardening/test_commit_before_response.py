"""The request's transaction commits before the response is sent: a commit that fails is a 5xx, never a
2xx for data that was lost. The commit is made to fail for real, by PostgreSQL, with a deferred unique
constraint that is only checked at COMMIT."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from matcher.api import create_app
from matcher.db.models import Organisation
from matcher.settings import Settings
from tests.factories import Factory
from tests.web.pages import sign_in


class CommitFails(AsyncSession):
    """A session whose COMMIT PostgreSQL refuses: a deferred constraint violated inside the transaction."""

    async def commit(self) -> None:
        await self.execute(
            text("CREATE TEMP TABLE IF NOT EXISTS commit_fails (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)"
                 " ON COMMIT DROP")
        )
        await self.execute(text("INSERT INTO commit_fails VALUES (1), (1)"))
        await super().commit()


@pytest.fixture
async def failing_client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database whose sessions cannot commit."""
    app = create_app(settings, run_migrations=False)
    app.state.engine = engine
    app.state.sessionmaker = async_sessionmaker(engine, class_=CommitFails, expire_on_commit=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_a_failed_commit_is_a_5xx_and_nothing_is_claimed(
    failing_client: httpx.AsyncClient, factory: Factory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    admin = await factory.admin()
    answer = await failing_client.post(
        "/api/v1/organisations", json={"name": "Lost Care Ltd", "kinds": ["care"]}, headers=admin.headers
    )
    assert answer.status_code >= 500, answer.text
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.name == "Lost Care Ltd")
        )
    assert count == 0


async def test_a_page_whose_commit_fails_is_a_5xx(
    client: httpx.AsyncClient, failing_client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)  # signing in itself needs a working commit
    failing_client.cookies = client.cookies
    answer = await failing_client.get("/provider")
    assert answer.status_code >= 500, answer.text
