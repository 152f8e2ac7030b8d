"""POST /allocations over HTTP: eligible packages only, homes and capacities respected, nothing
reserved; only the caller's own open cases."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.api.allocation_world import allocation_world, ok
from tests.api.test_search import search_body
from tests.factories import Factory, Member


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    return await allocation_world(client, factory)


async def test_the_allocation_respects_homes_and_capacities(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    commissioner: Member = world["commissioner"]
    answer = await ok(
        await client.post(
            "/api/v1/allocations", json={"case_ids": world["cases"]}, headers=commissioner.headers
        )
    )
    assert answer["objective"] == "most_people_then_score"
    # two homes, two providers with one place each: exactly two of the three people can be matched
    assert answer["people_matched"] == 2
    homes = [a["property_id"] for a in answer["assignments"]]
    assert len(set(homes)) == len(homes) == 2
    providers = [a["organisation_id"] for a in answer["assignments"]]
    assert sorted(providers) == sorted(
        [str(world["both"].organisation_id), str(world["second"].organisation_id)]
    )
    assert {a["case_id"] for a in answer["assignments"]} | {
        u["case_id"] for u in answer["unassigned"]
    } == set(world["cases"])
    (left_out,) = answer["unassigned"]
    assert left_out["reason"] == "its only packages went to cases with no other option"
    assert answer["total_score"] == pytest.approx(sum(a["score"] for a in answer["assignments"]), abs=1e-3)
    assert answer["took_ms"] > 0


async def test_each_assignment_is_an_eligible_package_and_says_its_regret(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    commissioner: Member = world["commissioner"]
    answer = await ok(
        await client.post(
            "/api/v1/allocations",
            json={"case_ids": world["cases"], "objective": "total_score"},
            headers=commissioner.headers,
        )
    )
    assert answer["objective"] == "total_score"
    for a in answer["assignments"]:
        alone = await ok(
            await client.post(
                f"/api/v1/cases/{a['case_id']}/search", json={"limit": 100}, headers=commissioner.headers
            )
        )
        packages = {(p["organisation_id"], p["property_id"]): p for p in alone["packages"]}
        chosen = packages[(a["organisation_id"], a["property_id"])]
        # Allocation scores as the index ranks (spherical distances); the search re-scores the results it
        # reports with geodesic distances, which moves a score by less than 0.001.
        assert chosen["score"] == pytest.approx(a["score"], abs=1e-3)
        assert chosen["kind"] == a["kind"]
        assert a["best_alone_score"] == pytest.approx(alone["packages"][0]["score"], abs=1e-3)
        assert a["regret"] == pytest.approx(a["best_alone_score"] - a["score"], abs=1e-4)


async def test_nothing_is_reserved(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    commissioner: Member = world["commissioner"]
    await ok(
        await client.post(
            "/api/v1/allocations", json={"case_ids": world["cases"]}, headers=commissioner.headers
        )
    )
    for home in world["homes"]:
        listed = await ok(await client.get(f"/api/v1/properties/{home}", headers=world["both"].headers))
        assert listed["status"] == "available"


async def test_a_case_with_no_package_says_so(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    commissioner: Member = world["commissioner"]
    body = {
        **search_body(location={"places": [{"name": "Truro"}], "max_distance_km": 20}),
        "reference": "CORN-1",
    }
    lonely = (await ok(await client.post("/api/v1/cases", json=body, headers=commissioner.headers), 201))[
        "id"
    ]
    answer = await ok(
        await client.post("/api/v1/allocations", json={"case_ids": [lonely]}, headers=commissioner.headers)
    )
    assert answer["assignments"] == []
    assert answer["unassigned"] == [
        {"case_id": lonely, "reference": "CORN-1", "reason": "no eligible package"}
    ]
    assert answer["people_matched"] == 0


@pytest.mark.parametrize("which", ["closed", "theirs", "unknown"])
async def test_only_your_own_open_cases(client: httpx.AsyncClient, world: dict[str, Any], which: str) -> None:
    case = str(uuid.uuid4()) if which == "unknown" else world[which]
    answer = await client.post(
        "/api/v1/allocations",
        json={"case_ids": [world["cases"][0], case]},
        headers=world["commissioner"].headers,
    )
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "open case" in answer.json()["detail"]


async def test_other_roles_may_not_allocate(
    client: httpx.AsyncClient, world: dict[str, Any], factory: Factory
) -> None:
    body = {"case_ids": world["cases"]}
    assert (await client.post("/api/v1/allocations", json=body)).status_code == 401
    for member in (world["both"], await factory.admin(), await factory.user("family")):
        assert (
            await client.post("/api/v1/allocations", json=body, headers=member.headers)
        ).status_code == 403
    # the other organisation's commissioner sees these cases as absent
    assert (
        await client.post("/api/v1/allocations", json=body, headers=world["other"].headers)
    ).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"case_ids": []}, "case_ids"),
        ({"case_ids": ["x"]}, "case_ids[0]"),
        ({"case_ids": [str(uuid.UUID(int=1))] * 2}, "case_ids"),
        ({"case_ids": [str(uuid.UUID(int=1))], "objective": "fairest"}, "objective"),
    ],
)
async def test_bad_requests_name_the_field(
    client: httpx.AsyncClient, world: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    answer = await client.post("/api/v1/allocations", json=body, headers=world["commissioner"].headers)
    assert answer.status_code == 422
    assert field in {e["field"] for e in answer.json()["errors"]}
