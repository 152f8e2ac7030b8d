"""The engine and the per-request session: one session, one transaction, committed on success.

The session dependency is *function*-scoped (`Depends(get_session, scope="function")`): FastAPI runs its
exit, and so the commit, when the route function returns and BEFORE the response is sent. With the
default request scope the commit ran after the response had gone, so a failed commit still answered 2xx
and a client could see a 201 for a row that was not (yet) there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    # No pre-ping: it cost a round trip per request (issue 15); connections are recycled instead.
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Commit when the request succeeds, roll back when it raises: services only flush.

    Always use it through `SessionDep` (function scope): a failed commit then raises before the
    response is sent and becomes a 5xx problem instead of a 2xx for data that was lost.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            # A request that never used its session (a live search) has nothing to commit, and walking
            # SQLAlchemy's commit anyway cost some 0.2 ms.
            if session.in_transaction() or session.new or session.deleted or session.dirty:
                await session.commit()


async def ping(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    """Raise unless the database answers a trivial query (for /healthz)."""
    async with sessionmaker() as session:
        await session.execute(text("SELECT 1"))


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
