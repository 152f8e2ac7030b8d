"""An import job's progress reaches its row in short transactions of their own, while the import runs."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.imports import jobs
from matcher.imports import jobs_repository as repository
from tests.factories import Factory


async def test_progress_is_written_to_the_row_while_the_import_runs(
    sessionmaker: async_sessionmaker[AsyncSession], session: AsyncSession, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    assert landlord.organisation_id is not None
    async with sessionmaker() as setup, setup.begin():
        await repository.insert_upload(setup, "job-1", landlord.user_id, landlord.organisation_id, b"x",
                                       "a.csv")
        assert await repository.claim_upload(setup, "job-1", landlord.user_id, jobs.KEEP_FOR, False)
    progress = jobs.ProgressWriter(sessionmaker, "job-1")
    writer = asyncio.create_task(progress.keep_writing())
    try:
        progress.advance(3, 10)
        for _ in range(40):
            seen = await jobs.job_for(session, landlord.user_id, "job-1")
            await session.rollback()  # the next read is a fresh snapshot
            if seen.status == "writing":
                break
            await asyncio.sleep(0.1)
        assert (seen.status, seen.done, seen.total) == ("writing", 3, 10)
    finally:
        progress.ended.set()
        await writer
