"""The SQL of the landlord's import jobs (`import_jobs`): keep an upload, claim it, record progress.

Every time is the database's `now()`, never a worker's clock, so all workers agree on what has expired
and which job has gone quiet.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import ImportJob


async def insert_upload(
    session: AsyncSession, job_id: str, owner_id: uuid.UUID, organisation_id: uuid.UUID, data: bytes,
    filename: str | None,
) -> None:
    session.add(ImportJob(id=job_id, owner_id=owner_id, organisation_id=organisation_id, data=data,
                          filename=filename, status="pending"))
    await session.flush()


async def delete_untouched(session: AsyncSession, older_than: timedelta) -> None:
    """Rows not written for `older_than`: unconfirmed uploads, finished jobs, and jobs whose worker died
    (a running job writes at least every heartbeat, so it is never this old)."""
    await session.execute(delete(ImportJob).where(ImportJob.updated_at < func.now() - older_than))


async def claim_upload(
    session: AsyncSession, job_id: str, owner_id: uuid.UUID, younger_than: timedelta, skip_invalid: bool
) -> tuple[bytes, str | None] | None:
    """The owner's pending upload, moved to "checking" in one statement: a second confirm of the same
    upload (a double click, another worker) finds nothing to claim. None if it is not there, not pending,
    not the owner's, or too old."""
    row = (await session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.owner_id == owner_id, ImportJob.status == "pending",
               ImportJob.created_at >= func.now() - younger_than)
        .values(status="checking", skip_invalid=skip_invalid, updated_at=func.now())
        .returning(ImportJob.data, ImportJob.filename)
    )).one_or_none()
    if row is None or row.data is None:
        return None
    return bytes(row.data), row.filename


class StoredJob(NamedTuple):
    id: str
    status: str
    done: int
    total: int
    report: dict[str, Any] | None
    problem: str | None
    quiet: bool  # not written for the `quiet_for` asked about


async def job_of(session: AsyncSession, job_id: str, owner_id: uuid.UUID, quiet_for: timedelta
                 ) -> StoredJob | None:
    """The owner's job without its file (None if there is none or it is another user's)."""
    row = (await session.execute(
        select(ImportJob.id, ImportJob.status, ImportJob.done, ImportJob.total, ImportJob.report,
               ImportJob.problem, (ImportJob.updated_at < func.now() - quiet_for).label("quiet"))
        .where(ImportJob.id == job_id, ImportJob.owner_id == owner_id)
    )).one_or_none()
    return None if row is None else StoredJob(*row)


async def record_progress(session: AsyncSession, job_id: str, status: str, done: int, total: int) -> None:
    await session.execute(
        update(ImportJob).where(ImportJob.id == job_id)
        .values(status=status, done=done, total=total, updated_at=func.now())
    )


async def record_end(
    session: AsyncSession, job_id: str, status: str, done: int, total: int, report: dict[str, Any] | None,
    problem: str | None,
) -> None:
    """The job's outcome; its file is dropped, since nothing will read it again."""
    await session.execute(
        update(ImportJob).where(ImportJob.id == job_id)
        .values(status=status, done=done, total=total, report=report, problem=problem, data=None,
                updated_at=func.now())
    )
