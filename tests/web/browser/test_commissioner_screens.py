"""The commissioner's pages at a phone's width (375 px) and a laptop's (1280 px): a screenshot of each in
`test-artifacts/screens/` to look at, and no page wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import Factory
from tests.web.browser.conftest import ARTIFACTS
from tests.web.browser.data import api
from tests.web.browser.helpers import check_page, sign_in
from tests.web.browser.marketplace import market, stored_case

SCREENS = ARTIFACTS / "screens"


async def _shoot(page: Any, name: str, width: int) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(Path(SCREENS) / f"commissioner-{name}-{width}.png"), full_page=True)
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} at {width} px is {overflow} px wider than the screen"


@pytest.mark.parametrize("width", [375, 1280])
async def test_commissioner_pages_fit_the_screen(
    browser: Any, live_server: str, factory: Factory, client: httpx.AsyncClient, width: int
) -> None:
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await api(
        client,
        "POST",
        f"/cases/{case['id']}/family-invitations",
        m.commissioner,
        json={"email": "margaret@family.example"},
    )
    context = await browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = await context.new_page()
    try:
        await sign_in(page, m.commissioner.email)
        await page.goto("/cases/new")
        await _shoot(page, "new-case-step-1", width)
        await page.get_by_role("button", name="Continue").click()
        await _shoot(page, "new-case-errors", width)
        await page.get_by_label("Case reference").fill("LEI-2027-030")
        await page.locator("#location-places-0-name").fill("Loughborough")
        await page.get_by_role("button", name="Continue").click()
        await page.get_by_label("Autism", exact=True).check()
        await _shoot(page, "new-case-step-2", width)
        await page.get_by_role("button", name="Continue").click()
        await _shoot(page, "new-case-step-3", width)
        await page.get_by_role("button", name="Continue").click()
        await _shoot(page, "check-your-answers", width)
        await check_page(page)
        await page.goto(f"/cases/{case['id']}/edit?part=2")
        await _shoot(page, "change-pen-picture", width)
        await page.goto(f"/cases/{case['id']}/search?w_location=x")
        await _shoot(page, "search-bad-weight", width)
        await page.goto(f"/cases/{case['id']}/search")
        await (
            page.locator("section", has=page.get_by_role("heading", name="Care providers (1)"))
            .get_by_role("button", name="Contact Oakfield Support")
            .click()
        )
        await _shoot(page, "contact-confirm", width)
        await page.get_by_role("button", name="Share the pen picture").click()
        await page.get_by_role("button", name="Reserve Two-bedroom bungalow, Shepshed").click()
        await page.get_by_text("How this score was worked out").first.click()
        SCREENS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENS / f"commissioner-search-{width}.png"), full_page=True)
        await page.goto(f"/cases/{case['id']}")
        await _shoot(page, "case", width)
        await check_page(page)
    finally:
        await context.close()
