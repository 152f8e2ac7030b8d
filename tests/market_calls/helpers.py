"""A small marketplace around one case, written through the API, with everyone the market call rules
and the authorisation matrix need: two commissioners, two care organisations and two landlords (one of
each sent the call, one not), a care-and-housing organisation, the case's family and an admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.contacts.helpers import grant_family
from tests.factories import Factory, Member
from tests.web.browser.data import api, case_body, list_home, publish_care_offer


@dataclass
class World:
    admin: Member
    owner: Member  # commissioner of the case's organisation
    other_commissioner: Member  # commissioner of another organisation, with its own case
    care: Member  # care organisation the call goes to
    other_care: Member  # care organisation with no capacity: not sent the call
    landlord: Member  # landlord with an eligible home: sent the call
    other_landlord: Member  # landlord whose only home is far away: not sent the call
    both: Member  # care and housing organisation: eligible for care and for its home
    family: Member
    case_id: uuid.UUID
    other_case_id: uuid.UUID
    home_id: uuid.UUID  # the landlord's eligible home
    far_home_id: uuid.UUID  # the other landlord's
    both_home_id: uuid.UUID  # the care-and-housing organisation's eligible home


def in_days(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


async def build_world(client: httpx.AsyncClient, factory: Factory) -> World:
    owner = await factory.user(
        "commissioner", await factory.organisation("commissioner", name="Leicestershire")
    )
    other = await factory.user("commissioner", await factory.organisation("commissioner", name="Rutland"))
    care = await factory.user("provider", await factory.organisation("care", name="Oakfield Support"))
    await publish_care_offer(client, care)
    other_care = await factory.user("provider", await factory.organisation("care", name="Brook House Care"))
    await publish_care_offer(client, other_care, capacity={"new_packages": 0})
    landlord = await factory.user("provider", await factory.organisation("housing", name="Charnwood Homes"))
    home = await list_home(client, landlord)
    other_landlord = await factory.user(
        "provider", await factory.organisation("housing", name="Kernow Homes")
    )
    far = await list_home(client, other_landlord, location={"name": "Penzance"}, title="Penzance flat")
    both = await factory.user("provider", await factory.organisation("care", "housing", name="Beacon Living"))
    await publish_care_offer(client, both, description="Bungalows with their own support team.")
    both_home = await list_home(
        client, both, title="Beacon bungalow, Loughborough", location={"name": "Loughborough"}
    )
    case = await api(client, "POST", "/cases", owner, json=case_body())
    other_case = await api(client, "POST", "/cases", other, json=case_body("RUT-1"))
    family = await factory.user("family")
    await grant_family(factory.sessionmaker, family.user_id, uuid.UUID(case["id"]))
    return World(
        admin=await factory.admin(),
        owner=owner,
        other_commissioner=other,
        care=care,
        other_care=other_care,
        landlord=landlord,
        other_landlord=other_landlord,
        both=both,
        family=family,
        case_id=uuid.UUID(case["id"]),
        other_case_id=uuid.UUID(other_case["id"]),
        home_id=uuid.UUID(home["id"]),
        far_home_id=uuid.UUID(far["id"]),
        both_home_id=uuid.UUID(both_home["id"]),
    )


async def open_call(client: httpx.AsyncClient, world: World, **fields: Any) -> dict[str, Any]:
    body = {"closes_at": in_days(2), "note": "Please include your plan for the first month.", **fields}
    answer = await client.post(
        f"/api/v1/cases/{world.case_id}/market-calls", json=body, headers=world.owner.headers
    )
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def offer(
    client: httpx.AsyncClient,
    member: Member,
    call_id: str,
    weekly_cost: float,
    property_id: uuid.UUID | None = None,
    **fields: Any,
) -> httpx.Response:
    body = {
        "weekly_cost": weekly_cost,
        "earliest_start": "2027-02-01",
        "property_id": str(property_id) if property_id else None,
        **fields,
    }
    return await client.post(f"/api/v1/market-calls/{call_id}/offers", json=body, headers=member.headers)


async def move_closing_time(
    sessionmaker: async_sessionmaker[AsyncSession], call_id: str, seconds_from_now: float
) -> None:
    """Set the closing time by the database clock (the API refuses a past one, rightly)."""
    async with sessionmaker() as session, session.begin():
        await session.execute(
            text(
                "UPDATE market_calls SET closes_at = clock_timestamp() + make_interval("
                "secs => :s) WHERE id = :id"
            ),
            {"s": seconds_from_now, "id": call_id},
        )
