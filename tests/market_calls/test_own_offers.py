"""A provider finds what became of its offers (`GET /offers`, and the inbox page's closed calls): the
inbox lists open calls only, so before this an outcome was found only by opening the call itself."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Factory
from tests.market_calls.helpers import World, build_world, move_closing_time, offer, open_call
from tests.web.pages import sign_in


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> World:
    return await build_world(client, factory)


async def _award(client: httpx.AsyncClient, world: World, call_id: str, offer_id: str) -> None:
    closed = await client.post(f"/api/v1/market-calls/{call_id}/close", headers=world.owner.headers)
    assert closed.status_code == 200, closed.text
    awarded = await client.post(
        f"/api/v1/market-calls/{call_id}/award", json={"offer_id": offer_id}, headers=world.owner.headers
    )
    assert awarded.status_code == 200, awarded.text


async def test_a_provider_lists_its_offers_with_each_calls_state_and_outcome(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    awarded = await open_call(client, world)
    care_won = (await offer(client, world.care, awarded["id"], 2450.0)).json()
    both_lost = (
        await offer(client, world.both, awarded["id"], 2600.0, property_id=world.both_home_id)
    ).json()
    await _award(client, world, awarded["id"], care_won["id"])
    lapsed = await open_call(client, world)
    both_waiting = (await offer(client, world.both, lapsed["id"], 2500.0)).json()
    await move_closing_time(factory.sessionmaker, lapsed["id"], -1)  # closed by the clock, no decision
    still_open = await open_call(client, world)
    both_open = (await offer(client, world.both, still_open["id"], 2550.0)).json()

    answer = await client.get("/api/v1/offers", headers=world.both.headers)
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    listed = {item["id"]: (item["call_id"], item["call_status"], item["status"]) for item in items}
    assert listed == {
        both_lost["id"]: (awarded["id"], "awarded", "not_selected"),
        both_waiting["id"]: (lapsed["id"], "closed", "submitted"),
        both_open["id"]: (still_open["id"], "open", "submitted"),
    }
    assert answer.json()["total"] == 3
    newest_first = [both_open["id"], both_waiting["id"], both_lost["id"]]
    assert [item["id"] for item in items] == newest_first
    assert {item["commissioner_organisation"] for item in answer.json()["items"]} == {"Leicestershire"}
    assert "pen_picture" not in answer.json()["items"][0]  # the outcome, not the person again

    closed = await client.get("/api/v1/offers", params={"call_state": "closed"}, headers=world.both.headers)
    assert {item["id"] for item in closed.json()["items"]} == {both_lost["id"], both_waiting["id"]}
    opened = await client.get("/api/v1/offers", params={"call_state": "open"}, headers=world.both.headers)
    assert [item["id"] for item in opened.json()["items"]] == [both_open["id"]]
    paged = await client.get("/api/v1/offers", params={"limit": 1, "offset": 1}, headers=world.both.headers)
    assert [item["id"] for item in paged.json()["items"]] == [both_waiting["id"]]
    assert paged.json()["total"] == 3

    winner = (await client.get("/api/v1/offers", headers=world.care.headers)).json()["items"]
    assert [(item["id"], item["status"]) for item in winner] == [(care_won["id"], "accepted")]
    # another organisation's offers are never listed, and a landlord with none sees none
    assert (await client.get("/api/v1/offers", headers=world.landlord.headers)).json() == {
        "items": [],
        "total": 0,
    }


async def test_only_providers_list_offers_and_a_bad_state_is_named(
    client: httpx.AsyncClient, world: World
) -> None:
    for member in (world.owner, world.admin, world.family):
        refused = await client.get("/api/v1/offers", headers=member.headers)
        assert refused.status_code == 403, (member.email, refused.text)
    assert (await client.get("/api/v1/offers")).status_code == 401
    wrong = await client.get("/api/v1/offers", params={"call_state": "won"}, headers=world.care.headers)
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "call_state"
    assert "open" in wrong.json()["errors"][0]["message"]


async def test_the_inbox_page_shows_what_became_of_offers_on_closed_calls(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    awarded = await open_call(client, world)
    won = (await offer(client, world.care, awarded["id"], 2450.0)).json()
    await offer(client, world.both, awarded["id"], 2600.0, property_id=world.both_home_id)
    await _award(client, world, awarded["id"], won["id"])
    await open_call(client, world)  # still open: listed above, not among the closed
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, world.both.email)
        page = (await browser.get("/provider/market-calls")).text
        closed_part = page[page.index('id="closed-offers"'):]
        assert f'href="/provider/market-calls/{awarded["id"]}"' in closed_part
        assert "Not chosen" in closed_part
        assert "£2,600 a week (care and home)" in closed_part
        assert len(re.findall(r'href="/provider/market-calls/[0-9a-f-]+"', closed_part)) == 1

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, world.care.email)
        closed_part = (await browser.get("/provider/market-calls")).text.split('id="closed-offers"')[1]
        assert "Chosen" in closed_part
        assert "Not chosen" not in closed_part
        assert 'href="/provider/referrals">Go to your referrals' in closed_part

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, world.landlord.email)
        closed_part = (await browser.get("/provider/market-calls")).text.split('id="closed-offers"')[1]
        assert "When a call you made an offer on closes" in closed_part
