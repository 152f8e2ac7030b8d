"""A provider (a registered manager between shifts): care offer with its PBS level, homes, referrals.

The care-offer and homes journeys run with JavaScript off: they must work without it.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.factories import Factory
from tests.web.browser.data import api, case_body, publish_care_offer
from tests.web.browser.helpers import check_page, sign_in


async def test_care_provider_publishes_its_offer_and_sees_what_would_raise_its_pbs_level(
    page_without_js: Any, factory: Factory
) -> None:
    page = page_without_js
    provider = await factory.provider("care")
    await sign_in(page, provider.email)
    await page.get_by_role("button", name="Publish your care offer").click()
    assert await page.get_by_text("You have not published a care offer yet").is_visible()
    await check_page(page)

    await page.get_by_label("New packages you could start").fill("two")
    await page.get_by_role("button", name="Save and confirm your care offer").click()
    summary = page.locator(".govuk-error-summary")
    assert "New packages you could start must be a whole number" in await summary.inner_text()
    assert "Enter at least one town or postcode district you work in" in await summary.inner_text()
    await check_page(page)

    await page.get_by_label("New packages you could start").fill("2")
    await page.locator("#service_area-0-name").fill("Leicester")
    await page.locator("#service_area-0-radius_km").fill("30")
    await page.get_by_label("Autism", exact=True).check()
    await page.get_by_label("We have a PBS policy").check()
    await page.get_by_label("Our PBS training is certified by the BILD").check()
    await page.get_by_label("Our restrictive-intervention training is certified").check()
    await page.get_by_label("Percentage of staff trained in PBS").fill("85")
    await page.get_by_role("button", name="Save and confirm your care offer").click()

    assert await page.get_by_text("Your care offer is saved. Your PBS level is 2 (competent).").is_visible()
    assert await page.get_by_role("heading", name="PBS level 2: competent").is_visible()
    steps = await page.locator("#pbs-next-steps").inner_text()
    assert "Employ a PBS lead" in steps
    assert "Support at least one person out of hospital in three years" in steps
    assert await page.locator("#service_area-0-name").input_value() == "Leicester"
    await check_page(page)


async def test_landlord_lists_changes_and_withdraws_a_home(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    landlord = await factory.provider("housing")
    partner = await factory.organisation("care", name="Oakfield Support")
    assert partner
    await sign_in(page, landlord.email)
    await page.goto("/provider/homes")
    assert await page.get_by_text("You have not listed any homes yet.").is_visible()
    await check_page(page)
    await page.get_by_role("button", name="List a home").click()
    await check_page(page)

    await page.get_by_label("Short description").fill("Two-bedroom bungalow, Shepshed")
    await page.get_by_label("Bedrooms").fill("2")
    await page.get_by_role("button", name="List this home").click()
    summary = await page.locator(".govuk-error-summary").inner_text()
    assert "Enter the town or postcode of the home" in summary
    assert "Select the type of home" in summary
    await check_page(page)

    await page.get_by_label("Town or postcode").fill("Shepshed")
    await page.get_by_label("Bungalow").check()
    await page.get_by_label("Staff bedroom (sleep-in room)").check()
    await page.get_by_label("Social rent").check()
    await page.get_by_label("Weekly rent").fill("180")
    await page.get_by_label("Care partners").fill("Oakfield Support")
    await page.get_by_role("button", name="List this home").click()
    assert await page.get_by_text("‘Two-bedroom bungalow, Shepshed’ is listed.").is_visible()
    row = page.get_by_role("row", name="Two-bedroom bungalow, Shepshed")
    assert "Available" in await row.inner_text()
    await check_page(page)

    await row.get_by_role("link", name="Change").click()
    assert await page.get_by_label("Care partners").input_value() == "Oakfield Support"
    await page.get_by_label("Weekly rent").fill("195.50")
    await page.get_by_role("button", name="Save changes").click()
    assert await page.get_by_text("Your changes to ‘Two-bedroom bungalow, Shepshed’ are saved.").is_visible()
    homes = await api(client, "GET", f"/properties?organisation_id={landlord.organisation_id}", landlord)
    assert homes["items"][0]["weekly_rent"] == 195.5
    assert homes["items"][0]["care_partner_ids"] == [str(partner)]

    await (
        page.get_by_role("row", name="Two-bedroom bungalow, Shepshed")
        .get_by_role("link", name="Withdraw")
        .click()
    )
    await check_page(page)
    await page.get_by_role("button", name="Withdraw this home").click()
    assert await page.get_by_text("is withdrawn. Commissioners will no longer find it.").is_visible()
    assert "Withdrawn" in await page.get_by_role("row", name="Two-bedroom bungalow, Shepshed").inner_text()


async def test_provider_reads_a_shared_pen_picture_and_declines_with_a_reason(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    provider = await factory.provider("care")
    await publish_care_offer(client, provider)
    commissioner = await factory.commissioner()
    case = await api(client, "POST", "/cases", commissioner, json=case_body())
    await api(
        client,
        "POST",
        f"/cases/{case['id']}/contacts",
        commissioner,
        json={"organisation_id": str(provider.organisation_id)},
    )

    await sign_in(page, provider.email)
    await page.goto("/provider/referrals")
    assert await page.get_by_text("1 waiting for your answer.").is_visible()
    await check_page(page)
    row = page.get_by_role("row").filter(has_text="Test organisation")
    await row.get_by_role("link", name=re.compile(r"^R-[0-9A-F]{6}$")).click()
    assert await page.get_by_role("heading", name="Pen picture").is_visible()
    assert "Loves trains and long walks" in await page.locator("#narrative").inner_text()
    body = await page.locator("main").inner_text()
    assert "Jonathan" not in body
    assert "LEI-2027-014" not in body
    await check_page(page)

    await page.get_by_label("We cannot offer support").check()
    await page.get_by_role("button", name="Send your answer").click()
    assert "Select why you cannot offer support" in await page.locator(".govuk-error-summary").inner_text()
    await check_page(page)
    await page.get_by_label("We cannot offer support").check()
    await page.get_by_label("No suitable staff").check()
    await page.get_by_label("Message to the commissioner (optional)").fill("No 2:1 team free until summer.")
    await page.get_by_role("button", name="Send your answer").click()
    # Declining asks first, saying what it ends and the reason the family will see.
    assert await page.get_by_role("heading", name="Are you sure you cannot offer support?").is_visible()
    assert "No suitable staff" in await page.locator("#decline-reason").inner_text()
    await check_page(page)
    await page.get_by_role("button", name="Yes, decline this referral").click()
    assert await page.get_by_text("Your answer is sent: we cannot offer support.").is_visible()
    assert "Declined" in await page.locator("main").inner_text()
    assert await page.locator("#no-longer-shared").is_visible()
    assert await page.locator("#narrative").count() == 0
    # The inbox keeps the area the referral was about, and its reference.
    await page.get_by_role("link", name="Back to referrals").click()
    row = page.get_by_role("row").filter(has_text="Test organisation")
    assert "Loughborough (family)" in await row.inner_text()
    assert "Declined" in await row.inner_text()
    contacts = await api(client, "GET", f"/cases/{case['id']}/contacts", commissioner)
    assert contacts["items"][0]["status"] == "declined"
    assert contacts["items"][0]["reason"] == "no_suitable_staff"
