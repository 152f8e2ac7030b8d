"""GET /market/gaps over HTTP: per open case what blocks it and what one change would add; needs unmet
across cases; admins see every organisation aggregated, never a case's identity."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from matcher.allocation.service import case_area
from matcher.cases.service import CaseForSearch
from tests.api.allocation_world import allocation_world, ok
from tests.api.test_search import search_body
from tests.factories import Factory, Member


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    return await allocation_world(client, factory)


async def test_a_commissioner_sees_its_open_cases_with_blocking_and_unlocks(
    client: httpx.AsyncClient,
    world: dict[str, Any],
) -> None:
    commissioner: Member = world["commissioner"]
    strict = search_body(
        location={"places": [{"name": "Loughborough"}], "max_distance_km": 5},
        housing_spec={**search_body()["housing_spec"], "must_have": ["staff_bedroom", "sensory_room"]},
    )
    case = (
        await ok(
            await client.post(
                "/api/v1/cases", json={**strict, "reference": "STRICT"}, headers=commissioner.headers
            ),
            201,
        )
    )["id"]
    answer = await ok(await client.get("/api/v1/market/gaps", headers=commissioner.headers))
    by_ref = {c["reference"]: c for c in answer["cases"]}
    assert set(by_ref) == {"LEI-0", "LEI-1", "LEI-2", "STRICT"}  # not the closed one, not another's
    assert by_ref["LEI-0"]["eligible"] == {"care": 2, "housing": 2, "packages": 4}
    row = by_ref["STRICT"]
    assert row["case_id"] == case
    assert row["area"] == "Loughborough"
    assert row["eligible"]["housing"] == 0
    blocking = {(b["kind"], b["reason"]): b for b in row["blocking"]}
    assert blocking[("housing", "must_have_missing")]["candidates"] == 2
    assert blocking[("housing", "outside_area")]["candidates"] == 2
    changes = [u["change"] for u in row["unlocks"]]
    # Shepshed is about 7 km from Loughborough: widening 5 km to 8 alone does not help (sensory room)
    assert all("sensory_room" not in c or "adds" in c for c in changes)
    assert all(u["adds"]["packages"] >= 0 for u in row["unlocks"])
    needs = {n["need"]: n for n in answer["unmet_needs"]}
    housing_need = (
        "a bungalow or detached house with sensory room and staff bedroom (sleep-in room)"
        " within 5 km of Loughborough"
    )
    assert needs[housing_need]["cases"] == 1
    assert needs[housing_need]["kind"] == "housing"
    (area,) = answer["areas"]
    assert area == {
        "area": "Loughborough",
        "waiting": 4,
        "without_package": 1,
        "available_homes": 0,  # the homes are listed in Shepshed
        "care_with_capacity": 0,
    }


async def test_an_unlock_names_the_change_and_what_it_adds(
    client: httpx.AsyncClient,
    world: dict[str, Any],
) -> None:
    commissioner: Member = world["commissioner"]
    near = search_body(location={"places": [{"name": "Loughborough"}], "max_distance_km": 5})
    await ok(
        await client.post("/api/v1/cases", json={**near, "reference": "NEAR"}, headers=commissioner.headers),
        201,
    )
    answer = await ok(await client.get("/api/v1/market/gaps", headers=commissioner.headers))
    row = next(c for c in answer["cases"] if c["reference"] == "NEAR")
    best = row["unlocks"][0]
    assert best["field"] == "max_distance_km"
    assert (best["from"], best["to"]) == ("5", "8")
    assert best["adds"]["housing"] == 2
    assert best["change"] == f"max_distance_km 5 → 8 adds 2 homes, {best['adds']['packages']} packages"


async def test_admins_see_everyone_aggregated_never_identified(
    client: httpx.AsyncClient,
    world: dict[str, Any],
    factory: Factory,
) -> None:
    admin = await factory.admin()
    answer = await ok(await client.get("/api/v1/market/gaps", headers=admin.headers))
    assert len(answer["cases"]) == 4  # three of one organisation, one of the other; not the closed one
    assert all(c["case_id"] is None and c["reference"] is None for c in answer["cases"])
    text = str(answer)
    for secret in ("LEI-", "NOT-1", "Jonathan", *world["cases"], world["theirs"]):
        assert secret not in text
    other = await ok(await client.get("/api/v1/market/gaps", headers=world["other"].headers))
    assert [c["reference"] for c in other["cases"]] == ["NOT-1"]


@pytest.mark.parametrize("role", ["provider", "family"])
async def test_providers_and_families_may_not_look(
    client: httpx.AsyncClient,
    world: dict[str, Any],
    factory: Factory,
    role: str,
) -> None:
    member = world["both"] if role == "provider" else await factory.user("family")
    assert (await client.get("/api/v1/market/gaps", headers=member.headers)).status_code == 403
    assert (await client.get("/api/v1/market/gaps")).status_code == 401


@pytest.mark.parametrize(
    ("place", "area"),
    [
        (
            {"name": "LE11 3TU", "latitude": 52.77, "longitude": -1.21, "given": {"postcode": "LE11 3TU"}},
            "LE11",
        ),
        (
            # a point stored without its area: the nearest town, never the point
            {"name": "52.7700, -1.2100", "latitude": 52.77, "longitude": -1.21, "given": {"latitude": 52.77}},
            "Loughborough",
        ),
        (  # as the demo seed stores its cases: a town's name and centre, no area, no form given
            {"name": "Coalville", "latitude": 52.72, "longitude": -1.37},
            "Coalville",
        ),
        ({"name": "somewhere", "label": "family"}, "Unknown area"),
        (
            {"name": "Loughborough", "latitude": 52.77, "longitude": -1.21, "area": "Loughborough"},
            "Loughborough",
        ),
    ],
)
def test_a_case_is_placed_by_district_never_finer(place: dict[str, Any], area: str) -> None:
    form = CaseForSearch(
        id=uuid.uuid4(),
        reference="X",
        places=[place],
        max_distance_km=40,
        target_move_date=None,
        pen_picture={},
        housing_spec={},
    )
    assert case_area(form) == area
