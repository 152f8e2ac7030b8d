"""Market calls in a real browser, both sides, axe-checked on every page: a commissioner (JavaScript off)
opens a call from the case, re-ranks the offers with the weight form, closes early and awards; a landlord
finds the call beside its referrals and offers one of its homes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import httpx

from tests.factories import Factory
from tests.market_calls.helpers import build_world, offer, open_call
from tests.web.browser.helpers import check_page, sign_in


async def test_commissioner_opens_a_call_ranks_the_offers_and_awards_one(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    world = await build_world(client, factory)
    await sign_in(page, world.owner.email)
    await page.goto(f"/cases/{world.case_id}")
    await page.get_by_role("button", name="Market calls").click()
    assert await page.get_by_role("heading", name="Open a new market call").is_visible()
    await check_page(page)
    closes = date.today() + timedelta(days=3)
    await page.locator("input[name=closes_on-day]").fill(str(closes.day))
    await page.locator("input[name=closes_on-month]").fill(str(closes.month))
    await page.locator("input[name=closes_on-year]").fill(str(closes.year))
    await page.get_by_label("Closing time").fill("16:30")
    await page.get_by_role("button", name="Send the market call").click()
    assert await page.get_by_text("Market call sent to 2 care providers and 2 landlords.").is_visible()
    await check_page(page)

    call_id = page.url.rstrip("/").rsplit("/", 1)[1]
    assert (await offer(client, world.care, call_id, 2450.0)).status_code == 201
    assert (await offer(client, world.both, call_id, 1225.0)).status_code == 201
    await page.reload()
    await page.get_by_label("Quality").fill("0")
    await page.get_by_label("Cost").fill("100")
    await page.get_by_role("button", name="Rank the offers again").click()
    rows = page.locator("#offers tbody th")
    assert [await rows.nth(i).inner_text() for i in range(await rows.count())] == [
        "Beacon Living",
        "Oakfield Support",
    ]
    assert "Ranked with quality at 0.0% and cost at 100.0%." in await page.locator("main").inner_text()
    await check_page(page)

    await page.get_by_role("button", name="Close the call early").click()
    await page.get_by_role("heading", name="Are you sure you want to close the call early?").wait_for()
    await page.get_by_role("button", name="Close the call now").click()
    assert await page.get_by_text("The market call is closed").is_visible()
    await page.get_by_role("button", name="Award the call to Oakfield Support").click()
    sure = "Are you sure you want to award the call to Oakfield Support?"
    await page.get_by_role("heading", name=sure).wait_for()
    await check_page(page)
    await page.get_by_role("button", name="Award the call to Oakfield Support").click()
    assert await page.get_by_text("Offer accepted.").is_visible()
    assert "Awarded" in await page.locator("#call-status").inner_text()
    await check_page(page)


async def test_landlord_finds_the_call_beside_its_referrals_and_offers_a_home(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    world = await build_world(client, factory)
    await open_call(client, world)
    await sign_in(page, world.landlord.email)
    await page.goto("/provider/referrals")
    await page.get_by_role("link", name="market calls").click()
    assert await page.get_by_role("heading", name="Market calls").is_visible()
    assert "Two-bedroom bungalow, Shepshed" in await page.locator("main").inner_text()
    await check_page(page)
    await page.get_by_role("link", name=re.compile(r"^Call M-")).click()
    assert "Offers close on" in await page.locator("#closing").inner_text()
    assert "Loves trains and long walks" in await page.locator("#narrative").inner_text()
    body = await page.locator("main").inner_text()
    assert "Jonathan" not in body
    assert "LEI-2027-014" not in body
    await check_page(page)

    await page.get_by_role("button", name="Send the offer").click()
    assert "Enter your weekly cost in pounds" in await page.locator(".govuk-error-summary").inner_text()
    await check_page(page)
    await page.get_by_label("Weekly cost").fill("210")
    await page.get_by_label("Two-bedroom bungalow, Shepshed").check()
    await page.get_by_role("button", name="Send the offer").click()
    assert await page.get_by_text("Your offer is sent.").is_visible()
    assert "£210 a week" in await page.locator("#your-offer").inner_text()
    await check_page(page)
