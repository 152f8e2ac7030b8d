"""All SQL about care offers, properties, the marketplace version counter and its change log."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import any_, delete, func, insert, literal, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.db.models import (
    CareOffer,
    Case,
    ListingChange,
    MarketplaceVersion,
    Organisation,
    Property,
    PropertyEvent,
)
from matcher.errors import Conflict

#: The PostgreSQL channel every search index LISTENs on; the payload is the new version.
CHANGES_CHANNEL = "marketplace_changes"


async def bump_marketplace_version(
    session: AsyncSession,
    *,
    care: Iterable[uuid.UUID] = (),
    homes: Iterable[uuid.UUID] = (),
    everything: bool = False,
) -> int:
    """Tell every search index which listings changed, in the caller's transaction.

    Moves the one-row counter (its row lock orders concurrent writers, so versions commit in order),
    records each changed care offer (by organisation) and home at that version in `listing_changes`, and
    NOTIFYs the channel (delivered at commit, never for a rolled-back change). `everything` asks every
    index for a full rebuild (bulk loads such as seeding).
    """
    version = int(
        await session.scalar(
            update(MarketplaceVersion)
            .where(MarketplaceVersion.id == 1)
            .values(version=MarketplaceVersion.version + 1)
            .returning(MarketplaceVersion.version)
        )
        or 0
    )
    rows: list[dict[str, Any]] = [{"version": version, "kind": "care", "key": k} for k in set(care)]
    rows += [{"version": version, "kind": "home", "key": k} for k in set(homes)]
    if everything or not rows:
        rows.append({"version": version, "kind": "all", "key": None})
    await session.execute(insert(ListingChange), rows)
    await session.execute(
        text("SELECT pg_notify(:channel, :version)"), {"channel": CHANGES_CHANNEL, "version": str(version)}
    )
    return version


Change = tuple[int, str, uuid.UUID | None]


async def changes_after(session: AsyncSession, version: int) -> tuple[int, list[Change]]:
    """The current version and every (version, kind, key) recorded after `version`, oldest first."""
    current = await marketplace_version(session)
    rows = await session.execute(
        select(ListingChange.version, ListingChange.kind, ListingChange.key)
        .where(ListingChange.version > version, ListingChange.version <= current)
        .order_by(ListingChange.version, ListingChange.id)
    )
    return current, [(int(r.version), r.kind, r.key) for r in rows]


async def forget_changes_older_than(session: AsyncSession, seconds: float) -> int:
    """The change log is only needed by indexes behind it: rows older than `seconds` go (an index
    further behind than that sees a gap in the versions and rebuilds). Returns how many went."""
    result = await session.execute(
        delete(ListingChange).where(ListingChange.at < func.now() - timedelta(seconds=seconds))
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def marketplace_version(session: AsyncSession) -> int:
    return int(
        await session.scalar(select(MarketplaceVersion.version).where(MarketplaceVersion.id == 1)) or 0
    )


async def get_care_offer(session: AsyncSession, organisation_id: uuid.UUID) -> CareOffer | None:
    return await session.get(CareOffer, organisation_id)


async def save_care_offer(session: AsyncSession, offer: CareOffer) -> CareOffer:
    """Saving confirms the whole offer true now, capacity included: both times move."""
    offer.updated_at = offer.capacity_updated_at = func.now()
    merged = await session.merge(offer)
    await session.flush()
    await session.refresh(merged)
    await bump_marketplace_version(session, care=[merged.organisation_id])
    return merged


async def get_property(
    session: AsyncSession, property_id: uuid.UUID, *, for_update: bool = False
) -> Property | None:
    if for_update:
        result = await session.execute(select(Property).where(Property.id == property_id).with_for_update())
        return result.scalar_one_or_none()
    return await session.get(Property, property_id)


_EXTERNAL_REF_KEY = "uq_properties_organisation_external_ref"


def _taken_ref(exc: IntegrityError) -> Conflict | None:
    """A key another request stored between the service's check and this write (two at once)."""
    if _EXTERNAL_REF_KEY in str(exc.orig):
        return Conflict("Another of your homes already has that external_ref (it was saved a moment ago).")
    return None


async def add_property(session: AsyncSession, home: Property) -> Property:
    session.add(home)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise (_taken_ref(exc) or exc) from exc
    await session.refresh(home)
    await bump_marketplace_version(session, homes=[home.id])
    return home


async def add_properties(session: AsyncSession, homes: list[Property]) -> list[Property]:
    """`add_property` for many homes in one statement (imports): one listing change for the lot.

    An ORM bulk INSERT of plain rows (10,000 homes in a few seconds, not the unit of work's tens): the
    homes given are not attached to the session; their ids are set here."""
    if not homes:
        return homes
    for home in homes:
        home.id = home.id or uuid.uuid4()
    rows = [{name: getattr(home, name) for name in _BULK_COLUMNS} for home in homes]
    try:
        async with session.begin_nested():
            await session.execute(insert(Property), rows)
    except IntegrityError as exc:
        raise (_taken_ref(exc) or exc) from exc
    await bump_marketplace_version(session, homes=[home.id for home in homes])
    return homes


_BULK_COLUMNS = (
    "id",
    "organisation_id",
    "title",
    "property_type",
    "living_arrangement",
    "max_occupants",
    "bedrooms",
    "accessibility",
    "features",
    "assistive_technology",
    "tenure",
    "weekly_rent",
    "available_from",
    "status",
    "location",
    "latitude",
    "longitude",
    "area",
    "care_partner_ids",
    "description",
    "external_ref",
)


async def flush_property(session: AsyncSession, home: Property) -> Property:
    """A save confirms the listing true now, even when nothing in it changed."""
    home.updated_at = func.now()
    await session.flush()
    await session.refresh(home)
    await bump_marketplace_version(session, homes=[home.id])
    return home


async def remove_property(session: AsyncSession, property_id: uuid.UUID) -> None:
    await session.execute(delete(Property).where(Property.id == property_id))
    await bump_marketplace_version(session, homes=[property_id])


async def list_properties(
    session: AsyncSession, *, organisation_id: uuid.UUID | None, status: str | None, limit: int, offset: int
) -> tuple[list[Property], int]:
    query = select(Property)
    if organisation_id is not None:
        query = query.where(Property.organisation_id == organisation_id)
    if status is not None:
        query = query.where(Property.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(query.order_by(Property.created_at, Property.id).limit(limit).offset(offset))
    return list(rows.scalars()), int(total or 0)


async def properties_by_external_ref(
    session: AsyncSession, organisation_id: uuid.UUID, external_refs: list[str], *, for_update: bool = False
) -> dict[str, Property]:
    """This organisation's homes with these keys (another organisation's homes are never looked at)."""
    if not external_refs:
        return {}
    query = select(Property).where(
        Property.organisation_id == organisation_id, Property.external_ref.in_(external_refs)
    )
    if for_update:
        query = query.with_for_update()
    rows = await session.execute(query)
    return {home.external_ref: home for home in rows.scalars() if home.external_ref is not None}


async def record_property_event(session: AsyncSession, **values: Any) -> None:
    session.add(PropertyEvent(**values))
    await session.flush()


async def record_property_events(session: AsyncSession, events: list[dict[str, Any]]) -> None:
    if events:
        await session.execute(insert(PropertyEvent), events)


async def care_organisation_ids(session: AsyncSession, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `ids` that are care organisations (valid care partners)."""
    if not ids:
        return set()
    rows = await session.execute(
        select(Organisation.id).where(Organisation.id.in_(ids), literal("care") == any_(Organisation.kinds))
    )
    return set(rows.scalars())


async def homes_reserved_by_cases_of(session: AsyncSession, organisation_id: uuid.UUID) -> int:
    """How many homes are held for cases of this (commissioning) organisation."""
    held = select(func.count()).select_from(Property).join(Case, Case.id == Property.reserved_case_id)
    return int(await session.scalar(held.where(Case.organisation_id == organisation_id)) or 0)


async def property_ids_of(session: AsyncSession, organisation_id: uuid.UUID) -> list[uuid.UUID]:
    """The homes an organisation lists (they leave the index with it)."""
    rows = await session.execute(select(Property.id).where(Property.organisation_id == organisation_id))
    return list(rows.scalars())
