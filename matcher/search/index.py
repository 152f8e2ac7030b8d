"""The in-memory marketplace index, rebuilt when the marketplace version moves.

Listings change rarely compared with searches, so each process keeps one `scoring.Marketplace`
(columnar arrays plus a fitted TF-IDF) and checks a one-row version counter per search; a change to any
listing bumps it (in the same transaction as the change) and the next search rebuilds. Building runs
in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.listings.repository import marketplace_version
from matcher.scoring import Marketplace
from matcher.search import repository


@dataclass(frozen=True)
class IndexSnapshot:
    version: int
    marketplace: Marketplace
    built_seconds: float


class MarketplaceIndex:
    def __init__(self) -> None:
        self._snapshot: IndexSnapshot | None = None
        self._lock = asyncio.Lock()

    async def current(self, session: AsyncSession) -> IndexSnapshot:
        version = await marketplace_version(session)
        snapshot = self._snapshot
        if snapshot is not None and snapshot.version == version:
            return snapshot
        async with self._lock:  # one rebuild at a time; waiters reuse its result
            snapshot = self._snapshot
            if snapshot is None or snapshot.version != version:
                snapshot = await self._build(session, version)
                self._snapshot = snapshot
        return snapshot

    async def _build(self, session: AsyncSession, version: int) -> IndexSnapshot:
        started = time.perf_counter()
        providers = await repository.load_providers(session)
        homes = await repository.load_homes(session)
        marketplace = await asyncio.to_thread(Marketplace.build, providers, homes)
        return IndexSnapshot(version, marketplace, time.perf_counter() - started)
