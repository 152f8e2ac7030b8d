"""The landlord's page keeps an upload between its preview and its confirmation, and runs the confirmed
import in the background so the page can show its progress.

Both live in this process's memory (the service runs one worker; see docs/readme/i12.md): an upload is
kept for `KEEP_FOR` and only its owner may confirm it or watch its job. A restart forgets them; the
landlord uploads again, and nothing is half-written because an import is one transaction.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.auth import Actor
from matcher.errors import MatcherError, NotFound
from matcher.imports.homes import import_homes
from matcher.imports.schemas import ImportReport

KEEP_FOR = 60 * 60  # seconds
log = logging.getLogger(__name__)


@dataclass
class PendingUpload:
    owner: uuid.UUID
    data: bytes
    filename: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class ImportJob:
    id: str
    owner: uuid.UUID
    status: str = "checking"  # checking | writing | done | failed
    done: int = 0
    total: int = 0
    report: ImportReport | None = None
    problem: str | None = None
    at: float = field(default_factory=time.monotonic)
    task: asyncio.Task[None] | None = None

    def advance(self, done: int, total: int) -> None:
        self.status, self.done, self.total = "writing", done, total


_uploads: dict[str, PendingUpload] = {}
_jobs: dict[str, ImportJob] = {}


def _prune() -> None:
    limit = time.monotonic() - KEEP_FOR
    for token in [t for t, upload in _uploads.items() if upload.at < limit]:
        del _uploads[token]
    for job_id in [j for j, job in _jobs.items() if job.at < limit and job.status in ("done", "failed")]:
        del _jobs[job_id]


def keep_upload(owner: uuid.UUID, data: bytes, filename: str | None) -> str:
    _prune()
    token = secrets.token_urlsafe(16)
    _uploads[token] = PendingUpload(owner, data, filename)
    return token


def take_upload(owner: uuid.UUID, token: str) -> PendingUpload:
    upload = _uploads.get(token)
    if upload is None or upload.owner != owner:
        raise NotFound("That upload has expired or is not yours: upload the file again.")
    del _uploads[token]
    return upload


def job_for(owner: uuid.UUID, job_id: str) -> ImportJob:
    job = _jobs.get(job_id)
    if job is None or job.owner != owner:
        raise NotFound("No import with that id.")
    return job


def start_import(
    sessionmaker: async_sessionmaker[AsyncSession], actor: Actor, upload: PendingUpload, *,
    skip_invalid: bool, max_rows: int,
) -> ImportJob:
    _prune()
    job = ImportJob(id=secrets.token_urlsafe(12), owner=actor.user_id)
    _jobs[job.id] = job

    async def run() -> None:
        try:
            async with sessionmaker() as session, session.begin():
                job.report = await import_homes(
                    session, actor, upload.data, upload.filename, dry_run=False, skip_invalid=skip_invalid,
                    max_rows=max_rows, progress=job.advance)
            job.status = "done"
        except MatcherError as exc:
            job.status, job.problem = "failed", exc.detail
        except Exception:  # a bug: logged with its traceback; the page says so instead of spinning forever
            log.exception("import job %s failed", job.id)
            job.status, job.problem = "failed", "Something went wrong on our side; it has been logged."
        finally:
            job.at = time.monotonic()

    job.task = asyncio.create_task(run())
    return job
