"""Realistic objects for tests, written straight to the database (fast: no HTTP, no argon2 per user)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.auth.passwords import hash_password
from matcher.auth.tokens import create_token
from matcher.db.models import Organisation, User
from matcher.settings import Settings

PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)


@dataclass
class Member:
    """A user with a ready bearer token."""

    user_id: uuid.UUID
    email: str
    role: str
    organisation_id: uuid.UUID | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Factory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    async def organisation(self, *kinds: str, name: str | None = None, **fields: Any) -> uuid.UUID:
        async with self.sessionmaker() as session, session.begin():
            organisation = Organisation(
                name=name or f"Test organisation {self._next()}", kinds=list(kinds) or ["care"], **fields
            )
            session.add(organisation)
            await session.flush()
            return organisation.id

    async def user(
        self, role: str, organisation_id: uuid.UUID | None = None, email: str | None = None
    ) -> Member:
        email = email or f"{role}{self._next()}@test.example"
        async with self.sessionmaker() as session, session.begin():
            user = User(email=email, password_hash=_HASH, role=role, organisation_id=organisation_id)
            session.add(user)
            await session.flush()
            user_id = user.id
        token = create_token(user_id, self.settings.secret_key, 60)
        return Member(user_id, email, role, organisation_id, token)

    async def admin(self) -> Member:
        return await self.user("admin")

    async def provider(self, *kinds: str) -> Member:
        organisation_id = await self.organisation(*(kinds or ("care",)))
        return await self.user("provider", organisation_id)

    async def commissioner(self) -> Member:
        return await self.user("commissioner", await self.organisation("commissioner"))


def care_offer_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "service_types": ["supported_living"],
        "client_groups": ["learning_disability", "autism"],
        "staffing": {
            "ratios": ["1:1", "2:1"],
            "nights": ["waking_night", "sleep_in"],
            "female_staff_only": True,
            "male_staff_only": False,
        },
        "specialists": ["behaviour_specialist"],
        "communication": ["makaton", "pecs"],
        "languages": [],
        "pbs": {
            "pbs_policy": True,
            "staff_trained_pct": 92,
            "bild_act_certified_training": True,
            "rrn_certified_training": True,
            "pbs_lead": True,
            "practice_leadership": True,
            "restrictive_practice_reduction": True,
            "discharges_supported_3y": 4,
            "placement_breakdowns_3y": 0,
        },
        "service_area": [{"name": "Leicester", "radius_km": 30}],
        "capacity": {"new_packages": 2, "earliest_start": "2027-01-15"},
        "description": "Small supported living team for autistic adults leaving hospital.",
    }
    body.update(overrides)
    return body


def property_body(organisation_id: uuid.UUID | None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organisation_id": str(organisation_id),
        "title": "Two-bedroom bungalow, Shepshed",
        "property_type": "bungalow",
        "living_arrangement": "single_occupancy",
        "max_occupants": 1,
        "bedrooms": 2,
        "accessibility": "C",
        "features": ["staff_bedroom", "enclosed_garden", "no_shared_walls"],
        "assistive_technology": ["door_sensors"],
        "tenure": ["social_rent"],
        "weekly_rent": 180.0,
        "available_from": "2027-01-01",
        "status": "available",
        "location": {"name": "Shepshed"},
        "care_partner_ids": [],
        "description": "Quiet bungalow with an enclosed garden.",
    }
    body.update(overrides)
    return body
