"""The landlord's page keeps an upload between its preview and its confirmation, and runs the confirmed
import in the background so the page can show its progress.

`matcher serve` runs several worker processes, and the preview, the confirm and each progress poll may
reach a different one, so both the upload and the job live in PostgreSQL (`import_jobs`, SQL in
`jobs_repository`), never in a worker's memory. The rules kept here:

- only the user who uploaded may confirm the upload or watch its job (anyone else: 404, as for a job
  that does not exist);
- an upload not confirmed within `KEEP_FOR` has expired, and is deleted with finished jobs once nothing
  has written to them for as long;
- a confirmed import runs as an asyncio task in the worker that received the confirm, in one transaction
  of its own (nothing is half-written if it fails); its progress goes to the row in separate short
  transactions, at most every `PROGRESS_EVERY` seconds and at least every `HEARTBEAT_EVERY`, so any
  worker can answer a poll;
- a job that has said nothing for `QUIET_LIMIT` lost its worker (a restart, a crash): it reads as failed,
  and its transaction was rolled back with the process.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.auth import Actor
from matcher.errors import MatcherError, NotFound
from matcher.imports import jobs_repository as repository
from matcher.imports.homes import import_homes
from matcher.imports.schemas import ImportReport
from matcher.imports.wording import for_people

KEEP_FOR = timedelta(hours=1)
QUIET_LIMIT = timedelta(minutes=3)
PROGRESS_EVERY = 0.5  # seconds
HEARTBEAT_EVERY = 20.0  # seconds; well inside QUIET_LIMIT
EXPIRED = "That upload has expired or is not yours: upload the file again."
STOPPED = "The import stopped before it finished because the server running it was restarted."
BROKEN = "Something went wrong on our side; it has been logged."
log = logging.getLogger(__name__)

#: The tasks this worker runs, held so the event loop does not lose them (it keeps only weak references).
_running: set[asyncio.Task[None]] = set()


@dataclass(frozen=True)
class JobState:
    """What the job page and the progress poll show."""

    id: str
    status: str  # checking | writing | done | failed
    done: int
    total: int
    report: ImportReport | None
    problem: str | None


async def keep_upload(
    session: AsyncSession, actor: Actor, organisation_id: uuid.UUID, data: bytes, filename: str | None
) -> str:
    """Keep a previewed file until its owner confirms it; the token is unguessable."""
    await repository.delete_untouched(session, KEEP_FOR)
    token = secrets.token_urlsafe(16)
    await repository.insert_upload(session, token, actor.user_id, organisation_id, data, filename)
    return token


async def job_for(session: AsyncSession, owner: uuid.UUID, job_id: str) -> JobState:
    stored = await repository.job_of(session, job_id, owner, QUIET_LIMIT)
    if stored is None or stored.status == "pending":  # an upload not confirmed is not a job yet
        raise NotFound("No import with that id.")
    if stored.status in ("checking", "writing") and stored.quiet:
        return JobState(stored.id, "failed", stored.done, stored.total, None, STOPPED)
    report = ImportReport.model_validate(stored.report) if stored.report is not None else None
    return JobState(stored.id, stored.status, stored.done, stored.total, report, stored.problem)


async def start_import(
    sessionmaker: async_sessionmaker[AsyncSession], actor: Actor, token: str, *, skip_invalid: bool,
    max_rows: int,
) -> str:
    """Claim the owner's upload (committed at once, so any worker's poll finds the job) and start its
    import in this worker. The job's id is the upload's token."""
    async with sessionmaker() as session, session.begin():
        await repository.delete_untouched(session, KEEP_FOR)
        claimed = await repository.claim_upload(session, token, actor.user_id, KEEP_FOR, skip_invalid)
    if claimed is None:
        raise NotFound(EXPIRED)
    data, filename = claimed
    task = asyncio.create_task(_run(sessionmaker, actor, token, data, filename, skip_invalid, max_rows))
    _running.add(task)
    task.add_done_callback(_running.discard)
    return token


class ProgressWriter:
    """The import's progress as its callback reports it (synchronously, between batches), written to the
    job's row by `keep_writing` in its own short transactions."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], job_id: str) -> None:
        self.sessionmaker, self.job_id = sessionmaker, job_id
        self.status, self.done, self.total = "checking", 0, 0
        self.ended = asyncio.Event()

    def advance(self, done: int, total: int) -> None:
        self.status, self.done, self.total = "writing", done, total

    async def keep_writing(self) -> None:
        written = ("checking", 0, 0)  # what the claim left in the row
        at = time.monotonic()
        while True:
            try:
                await asyncio.wait_for(self.ended.wait(), PROGRESS_EVERY)
                return
            except TimeoutError:
                pass
            now = (self.status, self.done, self.total)
            if now != written or time.monotonic() - at >= HEARTBEAT_EVERY:
                try:
                    async with self.sessionmaker() as session, session.begin():
                        await repository.record_progress(session, self.job_id, *now)
                except Exception:  # a lost progress write must not stop the import; the next one may work
                    log.exception("import job %s: progress not recorded", self.job_id)
                    continue
                written, at = now, time.monotonic()


async def _run(
    sessionmaker: async_sessionmaker[AsyncSession], actor: Actor, job_id: str, data: bytes,
    filename: str | None, skip_invalid: bool, max_rows: int,
) -> None:
    progress = ProgressWriter(sessionmaker, job_id)
    writer = asyncio.create_task(progress.keep_writing())
    status, report, problem = "failed", None, None
    try:
        async with sessionmaker() as session, session.begin():
            result = await import_homes(session, actor, data, filename, dry_run=False,
                                        skip_invalid=skip_invalid, max_rows=max_rows,
                                        progress=progress.advance)
        # Kept for the job's page only: in its words (spreadsheet rows, labels), without the row preview.
        status, report = "done", for_people(result).model_dump(mode="json", exclude={"rows"})
    except MatcherError as exc:
        problem = exc.detail
    except Exception:  # a bug: logged with its traceback; the page says so instead of spinning forever
        log.exception("import job %s failed", job_id)
        problem = BROKEN
    finally:
        progress.ended.set()
        await writer
    try:
        async with sessionmaker() as session, session.begin():
            await repository.record_end(session, job_id, status, progress.done, progress.total, report,
                                        problem)
    except Exception:  # the row stays "running" and reads as failed once it has gone quiet
        log.exception("import job %s: its end was not recorded", job_id)
