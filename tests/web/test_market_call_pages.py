"""Market call pages over plain HTTP (no JavaScript): a commissioner opens a call, a provider offers, the
commissioner re-ranks with the weight form, closes early and awards."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from matcher.db.models import Property
from tests.factories import Factory
from tests.market_calls.helpers import build_world, offer, open_call
from tests.web.pages import post_form, sign_in


async def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_a_commissioner_opens_a_call_from_the_case(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        case_page = await browser.get(f"/cases/{world.case_id}")
        assert f'href="/cases/{world.case_id}/market-calls"' in case_page.text
        page = await browser.get(f"/cases/{world.case_id}/market-calls")
        assert "Beacon Living (care and 1 home)" in page.text
        assert "Brook House" not in page.text  # not eligible
        closes = date.today() + timedelta(days=3)
        sent = await post_form(
            browser,
            f"/cases/{world.case_id}/market-calls",
            {
                "closes_on-day": str(closes.day),
                "closes_on-month": str(closes.month),
                "closes_on-year": str(closes.year),
                "closes_time": "17:00",
                "note": "",
                "exclude": [str(world.both.organisation_id)],
            },
        )
        assert sent.status_code == 303, sent.text
        call_page = await browser.get(sent.headers["location"])
        assert "1 care providers and 1 landlords" in call_page.text
        past = await post_form(
            browser,
            f"/cases/{world.case_id}/market-calls",
            {"closes_on-day": "1", "closes_on-month": "1", "closes_on-year": "2020", "closes_time": "17:00"},
        )
        assert past.status_code == 422
        assert "The closing time must be in the future" in past.text


async def test_offers_are_ranked_by_the_weight_form_and_awarded(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    await offer(client, world.both, call["id"], 1225.0)
    url = f"/cases/{world.case_id}/market-calls/{call['id']}"
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        by_cost = await browser.get(f"{url}?quality=0&cost=100")
        assert by_cost.status_code == 200, by_cost.text
        names = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', by_cost.text)
        assert names == ["Beacon Living", "Oakfield Support"]
        assert "£2,450 a week; lowest care offer £1,225" in by_cost.text
        assert "Award" not in by_cost.text  # still open
        refused = await browser.get(f"{url}?quality=0&cost=0")
        assert refused.status_code == 422
        asked_to_close = await post_form(browser, url, {}, action=f"{url}/close")
        assert asked_to_close.status_code == 200  # found from outside: one click closed it for good
        assert "Are you sure you want to close the call early?" in asked_to_close.text
        assert "Open" in (await browser.get(url)).text
        closed = await post_form(browser, url, {"confirm": "yes"}, action=f"{url}/close")
        assert closed.status_code == 303
        page = await browser.get(url)
        offer_ids = re.findall(r'name="offer_id" value="([^"]+)"', page.text)
        assert len(offer_ids) == 2
        asked = await post_form(browser, url, {"offer_id": offer_ids[0]}, action=f"{url}/award")
        assert asked.status_code == 200  # found from outside: one click awarded; now it asks first
        assert "Are you sure you want to award the call to" in html.unescape(asked.text)
        assert "every other offer is told it was not selected" in asked.text
        assert 'id="other-kinds"' not in asked.text  # both offer care: no other kind to warn of
        assert "Awarded" not in (await browser.get(url)).text
        awarded = await post_form(browser, url, {"offer_id": offer_ids[0], "confirm": "yes"},
                                  action=f"{url}/award")
        assert awarded.status_code == 303
        assert "Awarded" in (await browser.get(url)).text
    seen = []
    for member in (world.care, world.both):
        async with await _browser(app) as provider:
            await sign_in(provider, member.email)
            shown = (await provider.get(f"/provider/market-calls/{call['id']}")).text
            seen.append(("About the person" in shown, "no longer shared with you" in shown))
    assert sorted(seen) == [(False, True), (True, False)]  # the chosen one only still reads the person


async def test_a_provider_reads_the_inbox_and_makes_then_revises_its_offer(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    async with await _browser(app) as browser:
        await sign_in(browser, world.landlord.email)
        inbox = await browser.get("/provider/market-calls")
        assert "Leicestershire" in inbox.text
        assert "Two-bedroom bungalow, Shepshed" in inbox.text
        page_url = f"/provider/market-calls/{call['id']}"
        page = (await browser.get(page_url)).text
        # the pen picture reads as on a referral: gender, communication, restrictive interventions
        for row in ("Gender", "Specialists", "Communication", "Makaton",
                    "restrictive interventions are in the support plan", "At least 2"):
            assert row in page, row
        missing = await post_form(browser, page_url, {"weekly_cost": "", "property_id": str(world.home_id)})
        assert missing.status_code == 422
        assert "Enter your weekly cost in pounds" in missing.text
        made = await post_form(browser, page_url, {"weekly_cost": "£210", "property_id": str(world.home_id)})
        assert made.status_code == 303, made.text
        assert "£210 a week" in (await browser.get(page_url)).text
        revised = await post_form(
            browser, page_url, {"weekly_cost": "205.50", "property_id": str(world.home_id)}
        )
        assert revised.status_code == 303
        assert "£205.50 a week" in (await browser.get(page_url)).text


async def test_awarding_a_home_let_since_the_offer_says_so_in_words(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    made = (await offer(client, world.landlord, call["id"], 210.0, property_id=world.home_id)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    async with factory.sessionmaker() as session, session.begin():  # let to someone outside the service
        await session.execute(update(Property).where(Property.id == world.home_id).values(status="let"))
    url = f"/cases/{world.case_id}/market-calls/{call['id']}"
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        refused = await post_form(browser, url, {"offer_id": made["id"], "confirm": "yes"},
                                  action=f"{url}/award")
        assert refused.status_code == 409
        assert "has been let since the offer was made: award another offer" in html.unescape(refused.text)
        assert "Awarded" not in (await browser.get(url)).text


async def test_after_an_award_the_timeline_shows_the_newest_step_first(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: an award's steps share one time and were listed oldest first, "Contacted" on
    top while the contact was at "Offered"."""
    world = await build_world(client, factory)
    call = await open_call(client, world)
    made = (await offer(client, world.care, call["id"], 2450.0)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    awarded = await client.post(f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made["id"]},
                                headers=world.owner.headers)
    assert awarded.status_code == 200, awarded.text
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        page = (await browser.get(f"/cases/{world.case_id}")).text
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    steps = re.findall(r"<strong>[^<]*: ([^<]+)</strong>", timeline)
    assert steps[0] == "Offered", steps
    assert steps.index("Offered") < steps.index("Contacted")


async def test_awarding_care_warns_that_the_home_offered_is_turned_down_too(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: awarding the care offer turned down the landlord's home without a word."""
    world = await build_world(client, factory)
    call = await open_call(client, world)
    care = (await offer(client, world.care, call["id"], 2450.0)).json()
    await offer(client, world.landlord, call["id"], 210.0, property_id=world.home_id)
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    url = f"/cases/{world.case_id}/market-calls/{call['id']}"
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        asked = await post_form(browser, url, {"offer_id": care["id"]}, action=f"{url}/award")
    assert asked.status_code == 200
    warning = html.unescape(asked.text.split('id="other-kinds"', 1)[1].split("</p>", 1)[0])
    assert "1 offer of another kind" in warning
    assert "(home)" in warning
    assert "To take a home from one of them as well, contact them from the case instead." in warning
