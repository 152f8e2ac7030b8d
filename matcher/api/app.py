"""The application factory. The engine is built in the lifespan, never at import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import URL

from matcher import __version__, web
from matcher.api.nul_guard import RefuseNulCharacters
from matcher.api.problems import install_problem_handlers
from matcher.api.routes import (
    anonymise,
    auth,
    cases,
    contacts,
    families,
    health,
    organisations,
    properties,
    search,
)
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.migrate import upgrade_head
from matcher.families.outbox import send_outbox_periodically
from matcher.search.index import MarketplaceIndex
from matcher.settings import Settings, get_settings


def database_url(settings: Settings) -> str:
    """DATABASE_URL when set, else the embedded server (started on first use)."""
    if settings.database_url:
        return settings.database_url
    from matcher.db.embedded import start_embedded

    return start_embedded(settings.data_dir).url


def listen_dsn(url: URL) -> str:
    """The engine's URL as a plain asyncpg DSN, for the search index's LISTEN connection."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    owns_engine = getattr(app.state, "sessionmaker", None) is None
    if owns_engine:
        url = await asyncio.to_thread(database_url, settings)
        if app.state.run_migrations:
            await asyncio.to_thread(upgrade_head, url)
        app.state.engine = create_engine(url, settings.pool_size)
        app.state.sessionmaker = create_sessionmaker(app.state.engine)
    index: MarketplaceIndex = app.state.search_index
    if app.state.live_index:  # i15: warm up, then keep fresh from LISTEN/NOTIFY (matcher.search.index)
        index.start(app.state.sessionmaker, listen_dsn(app.state.engine.url))
    outbox = None
    if settings.smtp_host:
        outbox = asyncio.create_task(send_outbox_periodically(app.state.sessionmaker, settings))
    try:
        yield
    finally:
        if outbox is not None:
            outbox.cancel()
        await index.stop()
        if owns_engine:
            await app.state.engine.dispose()


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    for module in (auth, organisations, properties, cases, anonymise, search, contacts, families):
        router.include_router(module.router)
    return router


def create_app(
    settings: Settings | None = None, *, run_migrations: bool = True, live_index: bool = True
) -> FastAPI:
    app = FastAPI(title="Care and housing matcher", version=__version__, lifespan=lifespan)
    app.state.settings = settings or get_settings()
    app.state.run_migrations = run_migrations
    app.state.sessionmaker = None
    app.state.search_index = MarketplaceIndex()
    app.state.live_index = live_index
    install_problem_handlers(app)
    app.add_middleware(RefuseNulCharacters)
    web.install_web(app)
    app.include_router(health.router)
    app.include_router(api_router())
    app.include_router(web.router)
    return app
