"""All SQL the search needs: listings as plain columns (never ORM objects), and search records."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import CareOffer, Organisation, Property, SearchRecord
from matcher.scoring import CareProvider, Home, PbsEvidence, ServiceArea
from matcher.scoring.privacy import home_grid_point

T = TypeVar("T")


#: Rows fetched per round trip while loading the index: the event loop serves other requests between
#: chunks, and each chunk becomes plain data in a worker thread, never on the event loop.
LOAD_CHUNK = 5000

_PROVIDER_COLUMNS = (
    CareOffer.organisation_id,
    Organisation.name,
    CareOffer.description,
    CareOffer.service_types,
    CareOffer.client_groups,
    CareOffer.ratios,
    CareOffer.nights,
    CareOffer.female_staff_only,
    CareOffer.male_staff_only,
    CareOffer.specialists,
    CareOffer.communication,
    CareOffer.languages,
    CareOffer.pbs,
    CareOffer.service_area,
    CareOffer.new_packages,
    CareOffer.earliest_start,
    Organisation.cqc_rating,
    Organisation.cqc_imported_at,
)

_HOME_COLUMNS = (
    Property.id,
    Property.organisation_id,
    Property.title,
    Property.description,
    Property.property_type,
    Property.living_arrangement,
    Property.max_occupants,
    Property.bedrooms,
    Property.accessibility,
    Property.features,
    Property.assistive_technology,
    Property.tenure,
    Property.weekly_rent,
    Property.available_from,
    Property.status,
    Property.latitude,
    Property.longitude,
    Property.area,
    Property.care_partner_ids,
)


class _Interned:
    """One frozenset object per distinct set of codes: most listings share a handful of them, and one
    object per listing and field was much of the index's memory."""

    def __init__(self) -> None:
        self._seen: dict[frozenset[str], frozenset[str]] = {}

    def __call__(self, values: Iterable[str]) -> frozenset[str]:
        key = frozenset(values)
        return self._seen.setdefault(key, key)


def _providers_from(rows: Sequence[Any], interned: _Interned) -> list[CareProvider]:
    return [
        CareProvider(
            organisation_id=str(r["organisation_id"]),
            name=r["name"],
            description=r["description"],
            service_types=interned(r["service_types"]),
            client_groups=interned(r["client_groups"]),
            ratios=interned(r["ratios"]),
            nights=interned(r["nights"]),
            female_staff_only=r["female_staff_only"],
            male_staff_only=r["male_staff_only"],
            specialists=interned(r["specialists"]),
            communication=interned(r["communication"]),
            languages=interned(r["languages"]),
            pbs=PbsEvidence(**r["pbs"]),
            service_area=tuple(
                ServiceArea(a["name"], a["latitude"], a["longitude"], a["radius_km"])
                for a in r["service_area"]
            ),
            new_packages=r["new_packages"],
            earliest_start=r["earliest_start"],
            cqc_rating=r["cqc_rating"],
            cqc_imported_at=r["cqc_imported_at"].date() if r["cqc_imported_at"] else None,
        )
        for r in rows
    ]


def _homes_from(rows: Sequence[Any], interned: _Interned) -> list[Home]:
    return [
        Home(
            property_id=str(r["id"]),
            organisation_id=str(r["organisation_id"]),
            title=r["title"],
            description=r["description"],
            property_type=r["property_type"],
            living_arrangement=r["living_arrangement"],
            max_occupants=r["max_occupants"],
            bedrooms=r["bedrooms"],
            accessibility=r["accessibility"],
            features=interned(r["features"]),
            assistive_technology=interned(r["assistive_technology"]),
            tenure=interned(r["tenure"]),
            weekly_rent=r["weekly_rent"],
            available_from=r["available_from"],
            status=r["status"],
            latitude=home_grid_point(r["latitude"]),
            longitude=home_grid_point(r["longitude"]),
            area=r["area"],
            care_partner_ids=interned(str(p) for p in r["care_partner_ids"]),
        )
        for r in rows
    ]


async def _load(
    session: AsyncSession, query: Any, convert: Callable[[Sequence[Any], _Interned], list[T]]
) -> list[T]:
    """Rows through asyncpg's own cursor on the session's connection (and transaction), in chunks.

    SQLAlchemy's result processing (each ARRAY item above all) was three quarters of loading 100,000
    homes (8 s of a cold start); asyncpg already returns lists, dates and, with the JSON codec SQLAlchemy
    registers on its connections, dicts."""
    connection = await session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():  # SQLAlchemy begins its transaction at the first statement
        await session.execute(select(literal(1)))
    interned = _Interned()
    out: list[T] = []
    cursor = await driver.cursor(str(compiled), *params)
    while chunk := await cursor.fetch(LOAD_CHUNK):
        out.extend(await asyncio.to_thread(convert, chunk, interned))
    return out


async def load_providers(
    session: AsyncSession, organisation_ids: Collection[uuid.UUID] | None = None
) -> list[CareProvider]:
    """Every published care offer, or only those of `organisation_ids` (an incremental update)."""
    query = (
        select(*_PROVIDER_COLUMNS)
        .join(Organisation, Organisation.id == CareOffer.organisation_id)
        .where(Organisation.deactivated_at.is_(None))  # a deactivated organisation is not searchable
    )
    if organisation_ids is not None:
        if not organisation_ids:
            return []
        query = query.where(CareOffer.organisation_id.in_(list(organisation_ids)))
    return await _load(session, query, _providers_from)


async def load_homes(session: AsyncSession, property_ids: Collection[uuid.UUID] | None = None) -> list[Home]:
    """Every home (at its grid point, `scoring.privacy.home_grid_point`), or only `property_ids`."""
    query = select(*_HOME_COLUMNS).where(
        Property.organisation_id.not_in(
            select(Organisation.id).where(Organisation.deactivated_at.isnot(None))
        )
    )
    if property_ids is not None:
        if not property_ids:
            return []
        query = query.where(Property.id.in_(list(property_ids)))
    return await _load(session, query, _homes_from)


async def record_search(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    user_id: uuid.UUID,
    weights: dict[str, float],
    results: dict[str, Any],
    took_ms: float,
) -> uuid.UUID:
    record = SearchRecord(case_id=case_id, user_id=user_id, weights=weights, results=results, took_ms=took_ms)
    session.add(record)
    await session.flush()
    return record.id


async def list_search_records(
    session: AsyncSession, case_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[SearchRecord], int]:
    query = select(SearchRecord).where(SearchRecord.case_id == case_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(
        query.order_by(SearchRecord.at.desc(), SearchRecord.id).limit(limit).offset(offset)
    )
    return list(rows.scalars()), int(total or 0)
