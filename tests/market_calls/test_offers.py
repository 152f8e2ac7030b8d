"""Offers: one per recipient organisation, revised while open, a home only if it fits; providers never see
each other's; the commissioner sees them ranked by quality and cost, each explained and benchmarked."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.contacts.helpers import audit_actions
from tests.factories import Factory
from tests.market_calls.helpers import World, build_world, offer, open_call


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> World:
    return await build_world(client, factory)


async def test_a_care_organisation_offers_care_once_and_revises_it(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    made = await offer(client, world.care, call["id"], 2450.0, note="Team of 8 recruited locally.")
    assert made.status_code == 201, made.text
    assert made.json()["kind"] == "care"
    assert made.json()["weekly_cost"] == 2450.0
    again = await offer(client, world.care, call["id"], 2300.0)
    assert again.status_code == 409, again.text
    revised = await client.patch(
        f"/api/v1/offers/{made.json()['id']}", json={"weekly_cost": 2300.5}, headers=world.care.headers
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["weekly_cost"] == 2300.5
    assert revised.json()["note"] == "Team of 8 recruited locally."


async def test_a_null_cost_or_note_in_a_revision_is_refused_not_ignored(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    made = await offer(client, world.care, call["id"], 2450.0, note="Team of 8.")
    url = f"/api/v1/offers/{made.json()['id']}"
    for field in ("weekly_cost", "note"):
        refused = await client.patch(url, json={field: None}, headers=world.care.headers)
        assert refused.status_code == 422, field
        assert f"{field} cannot be null" in refused.text
    cleared = await client.patch(url, json={"earliest_start": None}, headers=world.care.headers)
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["earliest_start"] is None
    assert cleared.json()["weekly_cost"] == 2450.0


async def test_a_landlord_offers_one_of_its_eligible_homes_only(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    no_home = await offer(client, world.landlord, call["id"], 200.0)
    assert no_home.status_code == 422
    assert no_home.json()["errors"][0]["field"] == "property_id"
    someone_elses = await offer(client, world.landlord, call["id"], 200.0, property_id=world.both_home_id)
    assert someone_elses.status_code == 422
    assert someone_elses.json()["errors"][0]["field"] == "property_id"
    own = await offer(client, world.landlord, call["id"], 200.0, property_id=world.home_id)
    assert own.status_code == 201, own.text
    assert own.json()["kind"] == "home"


async def test_a_care_and_housing_organisation_offers_both_in_one(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    both = await offer(client, world.both, call["id"], 2600.0, property_id=world.both_home_id)
    assert both.status_code == 201, both.text
    assert both.json()["kind"] == "both"
    home_only = await client.patch(
        f"/api/v1/offers/{both.json()['id']}", json={"includes_care": False}, headers=world.both.headers
    )
    assert home_only.json()["kind"] == "home"


async def test_a_non_recipient_gets_404_and_the_commissioner_403(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    assert (await offer(client, world.other_care, call["id"], 2000.0)).status_code == 404
    assert (
        await offer(client, world.other_landlord, call["id"], 200.0, world.far_home_id)
    ).status_code == 404
    assert (await offer(client, world.owner, call["id"], 2000.0)).status_code == 403
    assert (await offer(client, world.care, str(uuid.uuid4()), 2000.0)).status_code == 404


@pytest.mark.parametrize("weekly_cost", [0, -10, 12.345, "lots"])
async def test_a_weekly_cost_must_be_positive_pounds_and_pence(
    client: httpx.AsyncClient, world: World, weekly_cost: Any
) -> None:
    call = await open_call(client, world)
    answer = await offer(client, world.care, call["id"], weekly_cost)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "weekly_cost"


async def test_providers_never_see_each_others_offers(client: httpx.AsyncClient, world: World) -> None:
    call = await open_call(client, world)
    mine = (await offer(client, world.care, call["id"], 2450.0)).json()
    theirs = (await offer(client, world.both, call["id"], 2600.0, property_id=world.both_home_id)).json()
    seen = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.care.headers)
    assert seen.status_code == 200
    assert seen.json()["offer"]["id"] == mine["id"]
    assert theirs["id"] not in seen.text
    assert "2600" not in seen.text
    assert (
        await client.get(f"/api/v1/market-calls/{call['id']}/offers", headers=world.care.headers)
    ).status_code == 403
    assert (
        await client.patch(
            f"/api/v1/offers/{theirs['id']}", json={"weekly_cost": 1}, headers=world.care.headers
        )
    ).status_code == 404


async def test_the_inbox_shows_the_requirement_and_a_landlords_fitting_homes(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    care = (await client.get("/api/v1/market-calls", headers=world.care.headers)).json()
    assert care["total"] == 1
    item = care["items"][0]
    assert item["id"] == call["id"]
    assert item["care_eligible"] is True
    assert item["eligible_homes"] == []
    assert item["pen_picture"]["staffing"]["day_ratio"] == "2:1"
    assert item["housing_spec"]["min_bedrooms"] == 2
    assert "identity" not in item
    assert "Jonathan" not in str(item)
    landlord = (await client.get("/api/v1/market-calls", headers=world.landlord.headers)).json()["items"][0]
    assert landlord["care_eligible"] is False
    assert [h["property_id"] for h in landlord["eligible_homes"]] == [str(world.home_id)]
    assert (await client.get("/api/v1/market-calls", headers=world.other_landlord.headers)).json()[
        "total"
    ] == 0


async def _search_scores(client: httpx.AsyncClient, world: World) -> dict[str, float]:
    answer = await client.post(
        f"/api/v1/cases/{world.case_id}/search", json={"limit": 50}, headers=world.owner.headers
    )
    result = answer.json()
    scores = {f"care:{c['organisation_id']}": c["score"] for c in result["care"]}
    scores |= {f"home:{h['property_id']}": h["score"] for h in result["housing"]}
    scores |= {
        f"both:{p['property_id']}": p["score"]
        for p in result["packages"]
        if p["kind"] == "single_organisation"
    }
    return scores


async def test_offers_are_ranked_by_quality_and_cost_with_the_search_match_score(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    await offer(client, world.landlord, call["id"], 200.0, property_id=world.home_id)
    both = await client.post(
        f"/api/v1/market-calls/{call['id']}/offers",
        headers=world.both.headers,
        json={"weekly_cost": 2200.0, "property_id": str(world.both_home_id), "includes_care": False},
    )
    assert both.status_code == 201
    scores = await _search_scores(client, world)
    ranked = await client.get(f"/api/v1/market-calls/{call['id']}/offers", headers=world.owner.headers)
    assert ranked.status_code == 200, ranked.text
    body = ranked.json()
    assert body["total"] == 3
    assert (body["quality"], body["cost"]) == (0.6, 0.4)
    by_org = {item["organisation_id"]: item for item in body["items"]}
    care = by_org[str(world.care.organisation_id)]
    assert care["score"] == round(0.6 * scores[f"care:{world.care.organisation_id}"] + 0.4 * 1.0, 4)
    landlord = by_org[str(world.landlord.organisation_id)]
    # two home offers: £200 (the lowest) and £2,200
    assert landlord["score"] == round(0.6 * scores[f"home:{world.home_id}"] + 0.4 * 1.0, 4)
    beacon = by_org[str(world.both.organisation_id)]
    assert beacon["score"] == round(0.6 * scores[f"home:{world.both_home_id}"] + 0.4 * 200.0 / 2200.0, 4)
    assert beacon["criteria"][-1] == {
        "criterion": "cost",
        "score": round(200 / 2200, 4),
        "weight": 0.4,
        "evidence": "£2,200 a week; lowest home offer £200",
    }
    assert [i["score"] for i in body["items"]] == sorted((i["score"] for i in body["items"]), reverse=True)
    assert all(i["benchmark"] is None for i in body["items"])
    assert sum(c["weight"] for c in care["criteria"]) == pytest.approx(1.0, abs=1e-3)


async def test_a_package_offer_is_scored_as_the_package(client: httpx.AsyncClient, world: World) -> None:
    call = await open_call(client, world)
    await offer(client, world.both, call["id"], 2600.0, property_id=world.both_home_id)
    scores = await _search_scores(client, world)
    item = (
        await client.get(
            f"/api/v1/market-calls/{call['id']}/offers?quality=1&cost=0", headers=world.owner.headers
        )
    ).json()["items"][0]
    assert item["kind"] == "both"
    assert item["score"] == item["match_score"] == scores[f"both:{world.both_home_id}"]


async def test_the_weights_change_the_order(client: httpx.AsyncClient, world: World) -> None:
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    await offer(client, world.both, call["id"], 1000.0)
    url = f"/api/v1/market-calls/{call['id']}/offers"
    cost_only = (await client.get(f"{url}?quality=0&cost=1", headers=world.owner.headers)).json()["items"]
    assert cost_only[0]["organisation_id"] == str(world.both.organisation_id)
    assert [i["score"] for i in cost_only] == [1.0, round(1000 / 2450, 4)]
    quality_only = (await client.get(f"{url}?quality=1&cost=0", headers=world.owner.headers)).json()["items"]
    assert [i["score"] for i in quality_only] == sorted(
        (i["match_score"] for i in quality_only), reverse=True
    )
    refused = await client.get(f"{url}?quality=0&cost=0", headers=world.owner.headers)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "quality"
    assert (await client.get(f"{url}?quality=-1", headers=world.owner.headers)).status_code == 422


async def test_offers_are_benchmarked_against_other_calls_asking_the_same_support(
    client: httpx.AsyncClient, world: World
) -> None:
    costs = [2000.0, 2100.0, 2300.0]
    for cost in costs:  # three earlier calls for the same case (same day ratio and PBS level)
        earlier = await open_call(client, world)
        assert (await offer(client, world.care, earlier["id"], cost)).status_code == 201
    call = await open_call(client, world)
    await offer(client, world.both, call["id"], 2205.0)
    item = (
        await client.get(f"/api/v1/market-calls/{call['id']}/offers", headers=world.owner.headers)
    ).json()["items"][0]
    assert item["benchmark"] == {
        "median_weekly_cost": 2100.0,
        "offers_compared": 3,
        "difference_pct": 5.0,
        "evidence": "5% above the median of 3 offers for 2:1 support at PBS level 2",
    }


async def test_the_ranked_offers_are_paged_after_ranking(client: httpx.AsyncClient, world: World) -> None:
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    await offer(client, world.both, call["id"], 1000.0)
    url = f"/api/v1/market-calls/{call['id']}/offers?quality=0&cost=1"
    whole = (await client.get(url, headers=world.owner.headers)).json()
    second = (await client.get(f"{url}&limit=1&offset=1", headers=world.owner.headers)).json()
    assert second["total"] == 2
    assert second["items"] == whole["items"][1:]


async def test_every_read_of_the_requirement_by_a_provider_is_audited(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    await client.get("/api/v1/market-calls", headers=world.care.headers)
    await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.care.headers)
    await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.owner.headers)  # not a provider read
    reads = [
        (organisation, detail["via"])
        for action, organisation, detail in await audit_actions(factory.sessionmaker, world.case_id)
        if action == "read"
    ]
    assert reads == [
        (world.care.organisation_id, "market_call_list"),
        (world.care.organisation_id, "market_call"),
    ]


async def test_an_earliest_start_in_the_past_is_refused(client: httpx.AsyncClient, world: World) -> None:
    """Found from outside: offers "from 2 March 2021" were taken and compared as given."""
    call = await open_call(client, world)
    past = await offer(client, world.care, call["id"], 2450.0, earliest_start="2020-01-01")
    assert past.status_code == 422, past.text
    assert past.json()["errors"][0]["field"] == "earliest_start"
    made = await offer(client, world.care, call["id"], 2450.0)
    assert made.status_code == 201, made.text
    revised = await client.patch(f"/api/v1/offers/{made.json()['id']}", json={"earliest_start": "2021-03-02"},
                                 headers=world.care.headers)
    assert revised.status_code == 422, revised.text
    cleared = await client.patch(f"/api/v1/offers/{made.json()['id']}", json={"earliest_start": None},
                                 headers=world.care.headers)
    assert cleared.status_code == 200, cleared.text
