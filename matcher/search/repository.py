"""All SQL the search needs: listings as plain columns (never ORM objects), and search records."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import CareOffer, Organisation, Property, SearchRecord
from matcher.scoring import CareProvider, Home, PbsEvidence, ServiceArea


async def load_providers(session: AsyncSession) -> list[CareProvider]:
    rows = await session.execute(
        select(
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
        ).join(Organisation, Organisation.id == CareOffer.organisation_id)
        .where(Organisation.deactivated_at.is_(None))  # a deactivated organisation is not searchable
    )
    return [
        CareProvider(
            organisation_id=str(r.organisation_id),
            name=r.name,
            description=r.description,
            service_types=frozenset(r.service_types),
            client_groups=frozenset(r.client_groups),
            ratios=frozenset(r.ratios),
            nights=frozenset(r.nights),
            female_staff_only=r.female_staff_only,
            male_staff_only=r.male_staff_only,
            specialists=frozenset(r.specialists),
            communication=frozenset(r.communication),
            languages=frozenset(r.languages),
            pbs=PbsEvidence(**r.pbs),
            service_area=tuple(
                ServiceArea(a["name"], a["latitude"], a["longitude"], a["radius_km"]) for a in r.service_area
            ),
            new_packages=r.new_packages,
            earliest_start=r.earliest_start,
        )
        for r in rows
    ]


#: Homes enter the search index at a grid point, never their exact position (0.02 degrees: about 2.2 km
#: north-south, 1.4 km east-west in England). A search answers distances from any place the searcher
#: names, so exact points could be found by trilateration; non-owners may only know the district or town.
HOME_GRID_DEGREES = 0.02


def coarse(degrees: float) -> float:
    return round(round(degrees / HOME_GRID_DEGREES) * HOME_GRID_DEGREES, 6)


async def load_homes(session: AsyncSession) -> list[Home]:
    rows = await session.execute(
        select(
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
        ).where(Property.organisation_id.not_in(select(Organisation.id).where(Organisation.deactivated_at.isnot(None))))
    )
    return [
        Home(
            property_id=str(r.id),
            organisation_id=str(r.organisation_id),
            title=r.title,
            description=r.description,
            property_type=r.property_type,
            living_arrangement=r.living_arrangement,
            max_occupants=r.max_occupants,
            bedrooms=r.bedrooms,
            accessibility=r.accessibility,
            features=frozenset(r.features),
            assistive_technology=frozenset(r.assistive_technology),
            tenure=frozenset(r.tenure),
            weekly_rent=r.weekly_rent,
            available_from=r.available_from,
            status=r.status,
            latitude=coarse(r.latitude),
            longitude=coarse(r.longitude),
            area=r.area,
            care_partner_ids=frozenset(str(p) for p in r.care_partner_ids),
        )
        for r in rows
    ]


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
