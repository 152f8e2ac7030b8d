"""A small marketplace with scarce capacity, two commissioning organisations and their cases."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.test_search import search_body
from tests.factories import Factory, care_offer_body, property_body


async def ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


async def allocation_world(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    """One care-and-housing provider (capacity 1) with two Shepshed bungalows; a second care provider
    (capacity 1) nearby; two commissioners' organisations, three open cases and a closed one."""
    both = await factory.provider("care", "housing")
    second = await factory.provider("care")
    for member, capacity in ((both, 1), (second, 1)):
        await ok(
            await client.put(
                f"/api/v1/organisations/{member.organisation_id}/care-offer",
                json=care_offer_body(
                    service_area=[{"name": "Leicester", "radius_km": 40}],
                    capacity={"new_packages": capacity, "earliest_start": "2027-01-15"},
                ),
                headers=member.headers,
            )
        )
    homes = []
    assert both.organisation_id is not None
    for n in range(2):
        body = property_body(both.organisation_id, title=f"Bungalow {n}", location={"name": "Shepshed"})
        homes.append(
            (await ok(await client.post("/api/v1/properties", json=body, headers=both.headers), 201))["id"]
        )
    commissioner = await factory.commissioner()
    other = await factory.commissioner()
    cases = []
    for n in range(3):
        body = {**search_body(), "reference": f"LEI-{n}"}
        cases.append(
            (await ok(await client.post("/api/v1/cases", json=body, headers=commissioner.headers), 201))["id"]
        )
    closed = (
        await ok(
            await client.post(
                "/api/v1/cases", json={**search_body(), "reference": "LEI-C"}, headers=commissioner.headers
            ),
            201,
        )
    )["id"]
    await ok(
        await client.patch(f"/api/v1/cases/{closed}", json={"status": "closed"}, headers=commissioner.headers)
    )
    theirs = (
        await ok(
            await client.post(
                "/api/v1/cases", json={**search_body(), "reference": "NOT-1"}, headers=other.headers
            ),
            201,
        )
    )["id"]
    return {
        "both": both,
        "second": second,
        "homes": homes,
        "commissioner": commissioner,
        "other": other,
        "cases": cases,
        "closed": closed,
        "theirs": theirs,
    }
