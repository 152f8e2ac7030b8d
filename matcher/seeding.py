"""Load a generated synthetic marketplace (`seed.generator`) into the database, fast.

Rows go in with bulk Core inserts in chunks inside one transaction: either the whole marketplace is
loaded or nothing is. The generator is pure and deterministic; this module only writes.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tqdm import tqdm

from matcher.auth.passwords import hash_password
from matcher.cases.identity import encrypt_identity
from matcher.db.models import CareOffer, Case, Organisation, Property, User
from matcher.listings.repository import bump_marketplace_version
from matcher.organisations.names import name_key
from matcher.scoring import PbsEvidence, pbs_level
from matcher.settings import get_settings
from seed.generator import generate

CHUNK = 5_000


@dataclass(frozen=True)
class SeedReport:
    organisations: int
    care_offers: int
    properties: int
    users: int
    cases: int
    seconds: float
    skipped: bool = False

    def __str__(self) -> str:
        if self.skipped:
            return (
                "The database already holds a marketplace: nothing seeded. Use an empty database "
                "(a new MATCHER_DATA_DIR or DATABASE_URL) to seed again."
            )
        return (
            f"Seeded {self.organisations} organisations, {self.care_offers} care offers, "
            f"{self.properties} properties, {self.users} users and {self.cases} cases "
            f"in {self.seconds:.1f} s."
        )


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def organisation_row(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": _uuid(o["id"]),
        "name": o["name"],
        "name_key": name_key(o["name"]),
        "kinds": o["kinds"],
        "description": o.get("description", ""),
        "email": o.get("email"),
        "phone": o.get("phone"),
        "website": o.get("website"),
        "registered_provider": o.get("registered_provider", False),
        "cqc_location_ids": o.get("cqc_location_ids", []),
        "cqc_rating": o.get("cqc_rating"),
        "office": o.get("office"),
    }


def care_offer_row(c: dict[str, Any]) -> dict[str, Any]:
    staffing = c.get("staffing", {})
    return {
        "organisation_id": _uuid(c["organisation_id"]),
        "service_types": c["service_types"],
        "client_groups": c["client_groups"],
        "ratios": staffing.get("ratios", []),
        "nights": staffing.get("nights", []),
        "female_staff_only": staffing.get("female_staff_only", False),
        "male_staff_only": staffing.get("male_staff_only", False),
        "specialists": c.get("specialists", []),
        "communication": c.get("communication", []),
        "languages": c.get("languages", []),
        "pbs": c["pbs"],
        "pbs_level": pbs_level(PbsEvidence(**c["pbs"])),
        "service_area": [
            {
                "name": a["name"],
                "radius_km": a["radius_km"],
                "latitude": a["latitude"],
                "longitude": a["longitude"],
            }
            for a in c["service_area"]
        ],
        "new_packages": c["capacity"]["new_packages"],
        "earliest_start": _date(c["capacity"].get("earliest_start")),
        "description": c.get("description", ""),
    }


def property_row(p: dict[str, Any]) -> dict[str, Any]:
    location = p["location"]
    return {
        "id": _uuid(p["id"]),
        "organisation_id": _uuid(p["organisation_id"]),
        "title": p["title"],
        "property_type": p["property_type"],
        "living_arrangement": p["living_arrangement"],
        "max_occupants": p["max_occupants"],
        "bedrooms": p["bedrooms"],
        "accessibility": p["accessibility"],
        "features": p["features"],
        "assistive_technology": p["assistive_technology"],
        "tenure": p["tenure"],
        "weekly_rent": p.get("weekly_rent"),
        "available_from": _date(p.get("available_from")),
        "status": p["status"],
        "location": location,
        "latitude": location["latitude"],
        "longitude": location["longitude"],
        "area": p.get("area") or p.get("location_name") or "",
        "care_partner_ids": [_uuid(i) for i in p.get("care_partner_ids", [])],
        "description": p.get("description", ""),
    }


def case_row(c: dict[str, Any], identity_key: str) -> dict[str, Any]:
    return {
        "id": _uuid(c["id"]),
        "organisation_id": _uuid(c["organisation_id"]),
        "reference": c["reference"],
        "identity_encrypted": encrypt_identity(c["identity"], identity_key),
        "location": c["location"],
        "target_move_date": _date(c.get("target_move_date")),
        "pen_picture": c["pen_picture"],
        "housing_spec": c["housing_spec"],
    }


async def _insert(
    session: AsyncSession, table: Any, rows: Iterable[dict[str, Any]], total: int, label: str, progress: bool
) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    bar = tqdm(total=total, desc=label, unit=" rows", file=sys.stderr, disable=not progress or total < CHUNK)
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            await session.execute(insert(table), batch)
            count += len(batch)
            bar.update(len(batch))
            batch = []
    if batch:
        await session.execute(insert(table), batch)
        count += len(batch)
        bar.update(len(batch))
    bar.close()
    return count


async def load_marketplace(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    size: str = "demo",
    providers: int | None = None,
    properties: int | None = None,
    only_if_empty: bool = False,
    progress: bool = True,
) -> SeedReport:
    started = time.perf_counter()
    async with sessionmaker() as session, session.begin():
        if only_if_empty and (await session.scalar(select(func.count()).select_from(Organisation))):
            return SeedReport(0, 0, 0, 0, 0, 0.0, skipped=True)
        market = generate(size, providers=providers, properties=properties)
        settings = get_settings()
        password_hashes: dict[str, str] = {}

        def user_row(u: dict[str, Any]) -> dict[str, Any]:
            if u["password"] not in password_hashes:
                password_hashes[u["password"]] = hash_password(u["password"])
            return {
                "id": _uuid(u["id"]),
                "email": u["email"].lower(),
                "role": u["role"],
                "password_hash": password_hashes[u["password"]],
                "organisation_id": _uuid(u["organisation_id"]) if u.get("organisation_id") else None,
            }

        tables: list[tuple[Any, Callable[[dict[str, Any]], dict[str, Any]], list[dict[str, Any]], str]] = [
            (Organisation, organisation_row, market.organisations, "organisations"),
            (CareOffer, care_offer_row, market.care_offers, "care offers"),
            (Property, property_row, market.properties, "properties"),
            (User, user_row, market.users, "users"),
            (Case, lambda c: case_row(c, settings.identity_key), market.cases, "cases"),
        ]
        counts = [
            await _insert(session, table, map(to_row, records), len(records), label, progress)
            for table, to_row, records, label in tables
        ]
        await bump_marketplace_version(session, everything=True)
    organisations, care_offers, homes, users, cases = counts
    return SeedReport(organisations, care_offers, homes, users, cases, time.perf_counter() - started)
