"""The live search index: the newest complete marketplace snapshot, kept fresh without making a search
wait.

Every listing change records which rows changed at which version (`listings.repository.
bump_marketplace_version`, in the change's own transaction) and NOTIFYs the `marketplace_changes`
channel. Each process holds one immutable `IndexSnapshot`; an update loads only the changed rows and
splices them into the next snapshot beside the current one (`scoring.Marketplace.apply`, milliseconds),
then swaps the reference. Searches read whichever snapshot is current: they never take a lock.

Two ways to learn of changes:

* **Live** (`start`, from the app's lifespan): a background task LISTENs with asyncpg and applies
  changes as they are notified, so a change through any process is searchable through every other
  within a second even when nobody searches there. A slow poll of the version counter is the fallback
  for a lost notification, and the connection is re-opened when it drops. While live, a search makes no
  database round trip for the index at all.
* **Checked** (no background task: tests, scripts): each search reads the version counter and, when it
  moved, applies the changes first (read your own writes).

Full builds (start-up, a vocabulary refit, a gap in the change log) run beside the current snapshot in
the background; rows are fetched in chunks and turned into plain data in a worker thread, so the event
loop keeps serving. Until the first snapshot exists `/healthz` answers "warming_up".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher import malloc
from matcher.listings.repository import (
    CHANGES_CHANNEL,
    Change,
    changes_after,
    forget_changes_older_than,
    marketplace_version,
)
from matcher.scoring import Marketplace
from matcher.search import repository

log = logging.getLogger(__name__)

#: More changed rows than this at once are cheaper as a full build than as a splice.
MAX_SPLICED_ROWS = 5000
#: A refit is due once this share of the descriptions was transformed with an older vocabulary.
REFIT_FRACTION = 0.1
#: ... and at least this many (a small marketplace refits rarely; a full build would cost little anyway).
REFIT_MIN_TRANSFORMED = 500
#: With a live listener, the version counter is still read this often in case a notification was lost.
POLL_SECONDS = 5.0
#: Wait before re-opening a dropped listener connection.
RECONNECT_SECONDS = 1.0
#: After a swap, the old snapshot's arrays are freed when its last search ends: trim a little later.
TRIM_AFTER_SECONDS = 0.5
#: Change-log rows older than this are deleted (by every live process, at most every PRUNE_SECONDS):
#: only an index that far behind would need them, and it rebuilds on the gap instead.
CHANGE_LOG_RETENTION_SECONDS = 24 * 3600.0
PRUNE_SECONDS = 600.0


@dataclass(frozen=True)
class IndexSnapshot:
    version: int
    marketplace: Marketplace
    built_seconds: float


@dataclass(frozen=True)
class IndexStatus:
    """What `/healthz` and the bench report about the index."""

    state: str  # "cold" (built on first search), "warming_up", "ready"
    version: int | None
    providers: int
    homes: int
    live: bool
    last_update_ms: float | None
    full_builds: int


class MarketplaceIndex:
    def __init__(self) -> None:
        self._snapshot: IndexSnapshot | None = None
        self._lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        self._live = False
        self._warming = False
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._refit: asyncio.Task[None] | None = None
        self.last_update_ms: float | None = None
        self.full_builds = 0
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        #: Called with (version, seconds) after each snapshot swap (the bench measures freshness).
        self.on_swap: Callable[[int, float], None] | None = None
        self._trim: asyncio.TimerHandle | None = None

    # ---------------------------------------------------------------------------------- reading

    @property
    def snapshot(self) -> IndexSnapshot | None:
        return self._snapshot

    def status(self) -> IndexStatus:
        snap = self._snapshot
        if snap is not None:
            state = "ready"
        else:
            state = "warming_up" if self._warming else "cold"
        return IndexStatus(
            state=state,
            version=None if snap is None else snap.version,
            providers=0 if snap is None else snap.marketplace.provider_count,
            homes=0 if snap is None else snap.marketplace.home_count,
            live=self._live,
            last_update_ms=self.last_update_ms,
            full_builds=self.full_builds,
        )

    async def current(self, session: AsyncSession) -> IndexSnapshot:
        """The snapshot a search uses. Live: the current one, no query. Checked: brought up to the
        version counter first."""
        snapshot = self._snapshot
        if snapshot is not None and self._live:
            return snapshot
        version = await marketplace_version(session)
        if snapshot is not None and snapshot.version >= version:
            return snapshot
        async with self._guard():
            snapshot = self._snapshot
            if snapshot is None:
                snapshot = await self._full_build(session)
            elif snapshot.version < version:
                snapshot = await self._catch_up(session, snapshot)
            return snapshot

    # --------------------------------------------------------------------------------- updating

    def _guard(self) -> asyncio.Lock:
        """One updater at a time (searches never take it); a lock per event loop, since a pre-forked
        worker inherits the index from a parent whose loop is gone."""
        loop = asyncio.get_running_loop()
        if self._lock is None or self._lock_loop is not loop:
            self._lock, self._lock_loop = asyncio.Lock(), loop
        return self._lock

    def _swap(self, snapshot: IndexSnapshot, started: float) -> None:
        self._snapshot = snapshot
        self.last_update_ms = round((time.perf_counter() - started) * 1000, 2)
        if self.on_swap is not None:
            self.on_swap(snapshot.version, time.perf_counter() - started)
        self._schedule_trim()

    def _schedule_trim(self) -> None:
        """Give the replaced arrays' memory back to the system (`matcher.malloc`), once per burst of
        swaps: many changes in a second trim once."""
        loop = asyncio.get_running_loop()
        if self._trim is None or self._trim.when() <= loop.time():
            self._trim = loop.call_later(TRIM_AFTER_SECONDS, malloc.trim)

    async def _full_build(self, session: AsyncSession) -> IndexSnapshot:
        """Version first, rows second: a row newer than the version is applied again later, harmlessly."""
        started = time.perf_counter()
        version = await marketplace_version(session)
        providers = await repository.load_providers(session)
        homes = await repository.load_homes(session)
        # No rollback here: in checked mode `session` is the request's own, whose writes and loaded
        # objects must survive the search (a rollback expired them mid-request).
        marketplace = await asyncio.to_thread(Marketplace.build, providers, homes)
        self.full_builds += 1
        snapshot = IndexSnapshot(version, marketplace, time.perf_counter() - started)
        self._swap(snapshot, started)
        return snapshot

    async def _catch_up(self, session: AsyncSession, snapshot: IndexSnapshot) -> IndexSnapshot:
        """Apply every change after the snapshot's version; a gap or a bulk change means a full build."""
        started = time.perf_counter()
        current, changes = await changes_after(session, snapshot.version)
        if current <= snapshot.version:
            return snapshot
        care, homes, complete = _changed_rows(changes, snapshot.version, current)
        if not complete or len(care) + len(homes) > MAX_SPLICED_ROWS:
            return await self._full_build(session)
        providers = {p.organisation_id: p for p in await repository.load_providers(session, care)}
        listed = {h.property_id: h for h in await repository.load_homes(session, homes)}
        market = snapshot.marketplace
        marketplace = await asyncio.to_thread(
            market.apply,
            {str(k): providers.get(str(k)) for k in care},
            {str(k): listed.get(str(k)) for k in homes},
        )
        updated = IndexSnapshot(current, marketplace, time.perf_counter() - started)
        self._swap(updated, started)
        rows = marketplace.provider_count + marketplace.home_count
        drift = marketplace.transformed_since_fit
        if self._live and drift >= max(REFIT_MIN_TRANSFORMED, REFIT_FRACTION * rows):
            self._schedule_refit()
        return updated

    # ------------------------------------------------------------------------------------- live

    async def warm(self, sessionmaker: async_sessionmaker[AsyncSession]) -> IndexSnapshot:
        """Build the first snapshot (start-up; `matcher serve` calls it before forking workers)."""
        self._warming = True
        try:
            async with self._guard(), sessionmaker() as session:
                if self._snapshot is None:
                    await self._full_build(session)
        finally:
            self._warming = False
        assert self._snapshot is not None
        return self._snapshot

    def start(self, sessionmaker: async_sessionmaker[AsyncSession], listen_dsn: str | None) -> None:
        """Warm up (unless a snapshot was inherited), then keep fresh from notifications."""
        self._sessionmaker = sessionmaker
        self._wake = asyncio.Event()
        self._warming = self._snapshot is None
        self._task = asyncio.create_task(self._run(sessionmaker, listen_dsn), name="search-index")

    async def stop(self) -> None:
        for task in (self._task, self._refit):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._task = self._refit = None
        self._live = False

    async def _run(self, sessionmaker: async_sessionmaker[AsyncSession], listen_dsn: str | None) -> None:
        while self._snapshot is None:
            try:
                await self.warm(sessionmaker)
            except Exception:  # the database may not be up yet: keep trying, report warming_up
                log.exception("search index: first build failed; retrying")
                await asyncio.sleep(RECONNECT_SECONDS)
        while True:
            connection = None
            try:
                if listen_dsn is not None:
                    connection = await self._listen(listen_dsn)
                await self.refresh(sessionmaker)  # whatever changed before we listened
                pruned_at = 0.0
                while connection is None or not connection.is_closed():
                    if time.monotonic() - pruned_at >= PRUNE_SECONDS:
                        await prune_change_log(sessionmaker)
                        pruned_at = time.monotonic()
                    assert self._wake is not None
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
                    self._wake.clear()
                    await self.refresh(sessionmaker)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("search index: update failed; retrying")
            finally:
                self._live = False
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close()
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen(self, dsn: str) -> Any:
        import asyncpg

        connection = await asyncpg.connect(dsn)

        def notified(*_: object) -> None:
            if self._wake is not None:
                self._wake.set()

        await connection.add_listener(CHANNEL, notified)
        connection.add_termination_listener(lambda _c: notified())
        self._live = True
        return connection

    async def refresh(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        """Apply whatever changed since the current snapshot (the background task's one step)."""
        async with self._guard():
            snapshot = self._snapshot
            async with sessionmaker() as session:
                if snapshot is None:
                    await self._full_build(session)
                else:
                    await self._catch_up(session, snapshot)

    def _schedule_refit(self) -> None:
        if self._refit is None or self._refit.done():
            self._refit = asyncio.create_task(self._rebuild_beside(), name="search-index-refit")

    async def _rebuild_beside(self) -> None:
        """A full build with a fresh vocabulary, made while searches use the current snapshot, then
        brought up to date and swapped in."""
        sessionmaker = self._sessionmaker
        if sessionmaker is None:
            return
        fresh = MarketplaceIndex()
        async with sessionmaker() as session:
            built = await fresh._full_build(session)
        async with self._guard(), sessionmaker() as session:
            updated = await fresh._catch_up(session, built)
            if self._snapshot is None or updated.version >= self._snapshot.version:
                self.full_builds += 1
                self._snapshot = updated


CHANNEL = CHANGES_CHANNEL


async def prune_change_log(
    sessionmaker: async_sessionmaker[AsyncSession], older_than: float = CHANGE_LOG_RETENTION_SECONDS
) -> int:
    """Delete the change-log rows no index can still need (see CHANGE_LOG_RETENTION_SECONDS)."""
    async with sessionmaker() as session, session.begin():
        return await forget_changes_older_than(session, older_than)


def _changed_rows(
    changes: list[Change], after: int, upto: int
) -> tuple[set[uuid.UUID], set[uuid.UUID], bool]:
    """The care offers and homes to reload, and whether the log covers every version in (after, upto]
    without a bulk change (a TRUNCATE, a pruned log or a seed leaves a gap or says "all")."""
    care: set[uuid.UUID] = set()
    homes: set[uuid.UUID] = set()
    versions: set[int] = set()
    complete = True
    for version, kind, key in changes:
        versions.add(version)
        if kind == "all" or key is None:
            complete = False
        elif kind == "care":
            care.add(key)
        elif kind == "home":
            homes.add(key)
    if len(versions) < upto - after:
        complete = False
    return care, homes, complete
