"""A landlord imports homes from a spreadsheet: check (a dry run), read the preview, confirm, see it end."""

from __future__ import annotations

from typing import Any

from playwright.async_api import expect

from tests.factories import Factory
from tests.imports.helpers import csv_file, home_row
from tests.web.browser.helpers import check_page, sign_in


def _file() -> dict[str, Any]:
    rows = [
        home_row("OAK-1", title="<script>alert(1)</script> bungalow"),
        home_row("OAK-2", property_type="Bungalo", features="staff bedroom"),
        home_row("OAK-3", property_type="spaceship"),
    ]
    return {"name": "homes.csv", "mimeType": "text/csv", "buffer": csv_file(rows)}


async def test_landlord_previews_then_imports_homes_with_progress(page: Any, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    await sign_in(page, landlord.email)
    await page.goto("/provider/homes")
    await page.get_by_role("button", name="Import homes from a spreadsheet").click()
    assert await page.get_by_role("heading", name="Import homes from a spreadsheet").is_visible()
    assert await page.locator("#columns").is_visible()
    assert await page.get_by_role("rowheader", name="external_ref").is_visible()  # columns documented
    await check_page(page)

    await page.get_by_role("button", name="Check the file").click()  # nothing chosen
    assert "Choose a CSV or XLSX file" in await page.locator(".govuk-error-summary").inner_text()
    await check_page(page)

    await page.get_by_label("Upload a file").set_input_files(_file())
    await page.get_by_role("button", name="Check the file").click()
    assert await page.get_by_role("heading", name="Check your import").is_visible()
    assert await page.locator("#count-created").inner_text() == "2"
    assert await page.locator("#count-errors").inner_text() == "1"
    errors = await page.locator("table", has_text="Problem").inner_text()
    assert "spaceship" in errors
    assert "property_type" in errors
    assert "Bungalo" in await page.locator(".govuk-details").inner_text()
    assert await page.get_by_text("<script>alert(1)</script> bungalow").is_visible()  # shown, not run
    await check_page(page)

    await page.get_by_role("button", name="Import 2 homes and leave out 1 row with errors").click()
    await expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=15_000)
    assert "2 new, 0 changed" in await page.locator(".govuk-panel__body").inner_text()
    await check_page(page)
    await page.get_by_role("link", name="See your homes").click()
    assert await page.get_by_role("rowheader", name="<script>alert(1)</script> bungalow").is_visible()


async def test_without_javascript_the_progress_page_is_checked_by_hand(
    page_without_js: Any, factory: Factory
) -> None:
    page = page_without_js
    landlord = await factory.provider("housing")
    await sign_in(page, landlord.email)
    await page.goto("/provider/homes/import")
    await page.get_by_label("Upload a file").set_input_files(
        {"name": "homes.csv", "mimeType": "text/csv", "buffer": csv_file([home_row("OAK-9")])})
    await page.get_by_role("button", name="Check the file").click()
    await page.get_by_role("button", name="Import 1 home", exact=True).click()
    for _ in range(30):
        if await page.get_by_role("heading", name="Import complete").count():
            break
        await check_page(page)
        await page.get_by_role("button", name="Check progress").click()
    assert await page.get_by_role("heading", name="Import complete").is_visible()
    await check_page(page)
