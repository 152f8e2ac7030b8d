"""Search over HTTP: three ranked lists at once, explained; exclusions counted; the index stays fresh."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.db.models import SearchRecord
from matcher.search.schemas import SearchAnswer
from tests.factories import Factory, Member, care_offer_body, property_body


def search_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "location": {
            "places": [{"name": "Loughborough", "label": "family", "weight": 1.0}],
            "max_distance_km": 40,
        },
        "target_move_date": "2027-03-01",
        "pen_picture": {
            "age_band": "25-34",
            "gender": "male",
            "client_groups": ["learning_disability", "autism"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 2,
            "restrictive_interventions_in_plan": True,
            "specialists": [],
            "communication": ["makaton"],
            "language": None,
            "narrative": "Loves a quiet garden and routine; needs staff skilled in PBS",
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"],
            "property_types": ["bungalow", "detached_house"],
            "min_bedrooms": 2,
            "must_have": ["staff_bedroom"],
            "nice_to_have": ["quiet_location"],
            "min_accessibility": "G",
            "tenure": [],
            "max_weekly_rent": 250.0,
        },
    }
    body.update(overrides)
    return body


@pytest.fixture
async def market(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    """Two care providers (one near, one in Cornwall), a landlord with a near and a far bungalow."""
    near = await factory.provider("care", "housing")
    far = await factory.provider("care")
    for member, place in ((near, "Leicester"), (far, "Truro")):
        answer = await client.put(
            f"/api/v1/organisations/{member.organisation_id}/care-offer",
            json=care_offer_body(service_area=[{"name": place, "radius_km": 40}]),
            headers=member.headers,
        )
        assert answer.status_code == 200, answer.text
    homes = {}
    for key, place in (("near", "Shepshed"), ("far", "Penzance")):
        answer = await client.post(
            "/api/v1/properties",
            headers=near.headers,
            json=property_body(near.organisation_id, location={"name": place}, title=key),
        )
        assert answer.status_code == 201, answer.text
        homes[key] = answer.json()["id"]
    return {"near": near, "far": far, "homes": homes, "commissioner": await factory.commissioner()}


async def test_one_search_answers_care_homes_and_packages(
    client: httpx.AsyncClient, market: dict[str, Any]
) -> None:
    commissioner: Member = market["commissioner"]
    answer = await client.post("/api/v1/search", json=search_body(), headers=commissioner.headers)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert [c["organisation_id"] for c in result["care"]] == [str(market["near"].organisation_id)]
    assert [h["property_id"] for h in result["housing"]] == [market["homes"]["near"]]
    assert result["packages"][0]["kind"] == "single_organisation"
    assert result["excluded"]["care"]["outside_area"] == 1
    assert result["excluded"]["housing"]["outside_area"] == 1
    assert abs(sum(result["weights"].values()) - 1) < 1e-9
    location = next(c for c in result["housing"][0]["criteria"] if c["criterion"] == "location")
    assert "Loughborough (family)" in location["evidence"]
    assert 0 <= result["care"][0]["score"] <= 1
    assert result["took_ms"] >= 0
    # the answer is written from the scoring dataclasses: exactly the documented shape, nothing more
    assert SearchAnswer.model_validate(result).model_dump(mode="json") == result


async def test_explain_names_every_broken_rule(client: httpx.AsyncClient, market: dict[str, Any]) -> None:
    commissioner: Member = market["commissioner"]
    body = {**search_body(), "property_id": market["homes"]["far"]}
    body["housing_spec"] = {**body["housing_spec"], "min_bedrooms": 3}
    answer = await client.post("/api/v1/search/explain", json=body, headers=commissioner.headers)
    assert answer.status_code == 200, answer.text
    reasons = {f["reason"] for f in answer.json()["failed"]}
    assert answer.json()["eligible"] is False
    assert {"outside_area", "too_few_bedrooms"} <= reasons


async def test_a_listing_change_shows_in_the_next_search(
    client: httpx.AsyncClient, market: dict[str, Any]
) -> None:
    commissioner: Member = market["commissioner"]
    first = (await client.post("/api/v1/search", json=search_body(), headers=commissioner.headers)).json()
    assert len(first["housing"]) == 1
    landlord: Member = market["near"]
    await client.patch(
        f"/api/v1/properties/{market['homes']['near']}", json={"status": "let"}, headers=landlord.headers
    )
    second = (await client.post("/api/v1/search", json=search_body(), headers=commissioner.headers)).json()
    assert second["housing"] == []
    assert second["excluded"]["housing"]["not_available"] == 1


async def test_weights_are_validated_and_echoed(client: httpx.AsyncClient, market: dict[str, Any]) -> None:
    commissioner: Member = market["commissioner"]
    ok = await client.post(
        "/api/v1/search",
        json={**search_body(), "weights": {"location": 2, "pbs": 2}},
        headers=commissioner.headers,
    )
    assert ok.status_code == 200
    assert ok.json()["weights"]["location"] == pytest.approx(0.5)
    assert ok.json()["weights"]["narrative"] == 0
    bad = await client.post(
        "/api/v1/search", json={**search_body(), "weights": {"charm": 1}}, headers=commissioner.headers
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "weights"


async def test_bad_codes_and_places_name_the_field(client: httpx.AsyncClient, market: dict[str, Any]) -> None:
    commissioner: Member = market["commissioner"]
    body = search_body()
    body["pen_picture"] = {**body["pen_picture"], "client_groups": ["autism", "autistic"]}
    answer = await client.post("/api/v1/search", json=body, headers=commissioner.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "pen_picture.client_groups[1]"
    nowhere = search_body(location={"places": [{"name": "Qwertyville"}], "max_distance_km": 40})
    answer = await client.post("/api/v1/search", json=nowhere, headers=commissioner.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].startswith("location.places[0]")


async def test_only_commissioners_search(
    client: httpx.AsyncClient, market: dict[str, Any], factory: Factory
) -> None:
    provider: Member = market["near"]
    assert (
        await client.post("/api/v1/search", json=search_body(), headers=provider.headers)
    ).status_code == 403
    family = await factory.user("family")
    assert (
        await client.post("/api/v1/search", json=search_body(), headers=family.headers)
    ).status_code == 403
    assert (await client.post("/api/v1/search", json=search_body())).status_code == 401


async def test_a_stored_case_search_is_recorded_and_private(
    client: httpx.AsyncClient,
    market: dict[str, Any],
    factory: Factory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    commissioner: Member = market["commissioner"]
    created = await client.post(
        "/api/v1/cases", json={**search_body(), "reference": "LEI-2027-014"}, headers=commissioner.headers
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    answer = await client.post(
        f"/api/v1/cases/{case_id}/search", json={"limit": 5}, headers=commissioner.headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["housing"][0]["property_id"] == market["homes"]["near"]
    async with sessionmaker() as session:
        records = (await session.execute(select(SearchRecord))).scalars().all()
    assert len(records) == 1
    assert records[0].results["housing"][0][0] == market["homes"]["near"]
    assert records[0].user_id == commissioner.user_id
    other = await factory.commissioner()
    hidden = await client.post(f"/api/v1/cases/{case_id}/search", headers=other.headers)
    assert hidden.status_code == 404
    explained = await client.post(
        f"/api/v1/cases/{case_id}/search/explain",
        json={"organisation_id": str(market["far"].organisation_id)},
        headers=commissioner.headers,
    )
    assert explained.status_code == 200
    assert "outside_area" in {f["reason"] for f in explained.json()["failed"]}
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(SearchRecord)) == 1
    history = await client.get(f"/api/v1/cases/{case_id}/searches", headers=commissioner.headers)
    assert history.status_code == 200
    assert history.json()["total"] == 1
    assert history.json()["items"][0]["results"]["housing"][0][0] == market["homes"]["near"]
    assert (await client.get(f"/api/v1/cases/{case_id}/searches", headers=other.headers)).status_code == 404


async def test_search_never_reveals_a_homes_exact_position(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Distances come from a grid point, so naming the exact coordinates as a place does not answer 0 km."""
    from geopy.distance import geodesic

    from matcher.scoring.privacy import home_grid_point as coarse

    landlord = await factory.provider("housing")
    exact = (52.7711, -1.2062)
    body = property_body(landlord.organisation_id, location={"latitude": exact[0], "longitude": exact[1]})
    home = (await client.post("/api/v1/properties", json=body, headers=landlord.headers)).json()
    commissioner = await factory.commissioner()
    probe = search_body(location={"places": [{"latitude": exact[0], "longitude": exact[1]}],
                                  "max_distance_km": 40})
    answer = (await client.post("/api/v1/search", json=probe, headers=commissioner.headers)).json()
    found = next(h for h in answer["housing"] if h["property_id"] == home["id"])
    grid_km = geodesic(exact, (coarse(exact[0]), coarse(exact[1]))).km
    assert found["distance_km"] == pytest.approx(grid_km, abs=0.06)
    assert found["distance_km"] >= 0.5
