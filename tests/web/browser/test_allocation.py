"""A commissioner allocates across everyone waiting and reserves from the proposal; the market gaps page
reads as charts and as tables, with and without JavaScript; every page axe-clean."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.allocation_world import allocation_world
from tests.factories import Factory
from tests.web.browser.helpers import check_page, sign_in


async def test_allocate_waiting_cases_and_reserve_from_the_proposal(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    world = await allocation_world(client, factory)
    await sign_in(page, world["commissioner"].email)
    await page.wait_for_url("**/cases")
    await page.get_by_role("link", name="Allocate across everyone waiting").click()
    await page.wait_for_url("**/allocation")
    await check_page(page)
    for reference in ("LEI-0", "LEI-1", "LEI-2"):
        await page.get_by_label(f"{reference}, near Loughborough").check()
    await page.get_by_role("button", name="Propose an allocation").click()
    await page.wait_for_url("**/allocation?*")
    await check_page(page)
    assert "2 of 3 people matched" in await page.inner_text("main")
    table = page.get_by_role("table")
    assert await table.get_by_role("columnheader", name="Best alone").count() == 1
    rows = await table.locator("tbody tr").count()
    assert rows == 2
    assert "no other option" in await page.inner_text("main")
    await table.locator("tbody tr").first.get_by_role("button").click()
    await page.wait_for_url("**/allocation?*")
    await check_page(page)
    assert "is reserved" in await page.inner_text("main")
    assert "Already holding a home" in await page.inner_text("main")


async def test_market_gaps_page_charts_and_tables(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    world = await allocation_world(client, factory)
    await sign_in(page, world["commissioner"].email)
    await page.wait_for_url("**/cases")
    await page.get_by_role("link", name="See what the market lacks").click()
    await page.wait_for_url("**/market")
    await check_page(page)
    charts = page.get_by_role("img", name="Waiting people by district against supply")
    assert await charts.count() == 1
    district = page.get_by_role("row", name="Loughborough")
    cells = [await c.inner_text() for c in await district.get_by_role("cell").all()]
    assert cells[0].strip() == "3"  # waiting: the three open cases, not the closed one
    case_rows = page.get_by_role("row", name="LEI-0")
    assert await case_rows.count() == 1


async def test_market_gaps_page_reads_without_javascript(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    world = await allocation_world(client, factory)
    admin = await factory.admin()
    await sign_in(page_without_js, admin.email)
    await page_without_js.goto("/market")
    await check_page(page_without_js)
    text = await page_without_js.inner_text("main")
    assert "no case is named" in text
    assert "LEI-0" not in text
    assert world["cases"][0] not in await page_without_js.content()
