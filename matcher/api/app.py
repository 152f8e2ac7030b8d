"""The application factory. The engine is built in the lifespan, never at import."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import URL

from matcher import __version__, web
from matcher.api.body_guard import GuardRequestBodies
from matcher.api.docs import install_docs
from matcher.api.nul_guard import RefuseNulCharacters
from matcher.api.openapi_problems import document_problems
from matcher.api.problems import install_problem_handlers
from matcher.api.routes import (
    allocations,
    anonymise,
    auth,
    cases,
    contacts,
    families,
    health,
    market,
    market_calls,
    openreferral,
    organisations,
    properties,
    property_imports,
    search,
)
from matcher.api.security_headers import SecurityHeaders
from matcher.auth.identities import IdentityCache
from matcher.auth.throttle import SignInThrottle
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.migrate import upgrade_head
from matcher.families.outbox import send_outbox_periodically
from matcher.market_calls import send_reminders_periodically
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
    identities: IdentityCache = app.state.identities
    if app.state.live_index:  # i15: warm up, then keep fresh from LISTEN/NOTIFY (matcher.search.index)
        index.start(app.state.sessionmaker, listen_dsn(app.state.engine.url))
        identities.start(listen_dsn(app.state.engine.url))  # the same, for who users are
    outbox = None
    if settings.smtp_host:
        outbox = asyncio.create_task(send_outbox_periodically(app.state.sessionmaker, settings))
    reminders = asyncio.create_task(send_reminders_periodically(app.state.sessionmaker, settings))
    try:
        yield
    finally:
        reminders.cancel()
        if outbox is not None:
            outbox.cancel()
        await index.stop()
        await identities.stop()
        if owns_engine:
            await app.state.engine.dispose()


#: Where landlords upload spreadsheets of homes: these bodies may reach `import_max_bytes`.
SPREADSHEET_UPLOADS = re.compile(r"^(/api/v1/properties/import|/provider/homes/import)")


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    router.include_router(property_imports.router)  # before properties: /properties/import is no id
    router.include_router(openreferral.router)
    for module in (auth, organisations, properties, cases, anonymise, search, contacts, families):
        router.include_router(module.router)
    router.include_router(market_calls.router)
    router.include_router(allocations.router)
    router.include_router(market.router)
    return router


def create_app(
    settings: Settings | None = None, *, run_migrations: bool = True, live_index: bool = True
) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Care and housing matcher",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served from local files by install_docs, when enabled
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.state.settings = settings
    app.state.sign_in_throttle = SignInThrottle(
        settings.sign_in_limit_per_account, settings.sign_in_limit_per_address, settings.secret_key
    )
    app.state.run_migrations = run_migrations
    app.state.sessionmaker = None
    app.state.search_index = MarketplaceIndex()
    app.state.identities = IdentityCache()
    app.state.live_index = live_index
    install_problem_handlers(app)
    app.add_middleware(RefuseNulCharacters)
    app.add_middleware(
        GuardRequestBodies,
        max_body_bytes=settings.max_body_bytes,
        secret_key=settings.secret_key,
        upload_paths=SPREADSHEET_UPLOADS,
        max_upload_bytes=settings.import_max_bytes,
    )
    app.add_middleware(SecurityHeaders, production=settings.environment == "production")
    if settings.docs_enabled:
        install_docs(app)
    web.install_web(app)
    app.include_router(health.router)
    app.include_router(api_router())
    app.include_router(web.router)
    document_problems(app)
    return app
