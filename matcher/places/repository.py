"""Every SQL statement about postcodes, so the rest of `places` stays pure and testable without a DB."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import Postcode

#: Rows per execute; SQLAlchemy splits each into multi-row VALUES pages within PostgreSQL's bind limit.
BATCH_ROWS = 5000


async def upsert_postcodes(session: AsyncSession, rows: Sequence[tuple[str, str, float, float]]) -> int:
    """Insert or update (postcode, kind, latitude, longitude) rows; returns how many distinct postcodes.

    Upserting rather than inserting is what makes `matcher import-postcodes` safe to run again, or on a
    newer edition of the same file. A postcode repeated within `rows` keeps its last values (PostgreSQL
    refuses to touch one row twice in a statement, so duplicates are folded here first).
    """
    latest = {postcode: (postcode, kind, latitude, longitude) for postcode, kind, latitude, longitude in rows}
    values = [{"postcode": p, "kind": k, "latitude": lat, "longitude": lon}
              for p, k, lat, lon in latest.values()]
    statement = insert(Postcode)
    statement = statement.on_conflict_do_update(
        index_elements=[Postcode.postcode],
        set_={"kind": statement.excluded.kind, "latitude": statement.excluded.latitude,
              "longitude": statement.excluded.longitude},
    )
    for start in range(0, len(values), BATCH_ROWS):
        # executemany of one cached statement: SQLAlchemy sends it as multi-row VALUES batches.
        await session.execute(statement, values[start:start + BATCH_ROWS])
    return len(values)


async def find_postcode(session: AsyncSession, postcode: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a normalised full postcode or district, or None if not imported."""
    row = (await session.execute(
        select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == postcode))).first()
    return None if row is None else (float(row[0]), float(row[1]))


async def count_postcodes(session: AsyncSession, kind: str | None = None) -> int:
    statement = select(func.count()).select_from(Postcode)
    if kind is not None:
        statement = statement.where(Postcode.kind == kind)
    return int((await session.execute(statement)).scalar_one())
