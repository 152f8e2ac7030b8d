"""Anyone: the start page says what the service is and what to do next; signing in and out."""

from __future__ import annotations

from typing import Any

from tests.factories import Factory
from tests.web.browser.helpers import check_page, sign_in


async def test_visitor_reads_the_start_page_signs_in_and_out(page: Any, factory: Factory) -> None:
    provider = await factory.provider("care")
    await page.goto("/")
    await check_page(page)
    assert (
        await page.get_by_role("heading", level=1).inner_text() == "Find a home and a support team, together"
    )
    assert await page.get_by_text("It is not part of GOV.UK").is_visible()
    await page.get_by_role("link", name="Accessibility").click()
    assert await page.get_by_role("heading", name="Accessibility of this service").is_visible()
    await check_page(page)
    await page.goto("/")
    await page.get_by_role("button", name="Sign in to start").click()
    await page.wait_for_url("**/sign-in")
    await check_page(page)

    await page.get_by_label("Email address").fill(provider.email)
    await page.get_by_label("Password").fill("not-the-password")
    await page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in await summary.inner_text()
    assert await page.title() == "Error: Sign in – Care and housing matcher"
    await check_page(page)

    await sign_in(page, provider.email)
    await page.wait_for_url("**/provider")
    assert await page.get_by_role("heading", name="Your listing").is_visible()
    assert await page.get_by_text(f"Signed in as {provider.email}").is_visible()
    await check_page(page)

    await page.goto("/")
    assert await page.get_by_role("heading", name="What do you want to do?").is_visible()
    assert await page.get_by_role("link", name="Update your care offer and capacity").is_visible()
    await check_page(page)

    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url(lambda url: url.endswith("/"))
    assert await page.get_by_text("You have signed out.").is_visible()
    await page.goto("/provider")
    assert await page.get_by_role("heading", name="Sign in").is_visible()
    await check_page(page)


async def test_error_pages_are_friendly_and_accessible(page: Any, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    await sign_in(page, commissioner.email)
    answer = await page.goto("/provider/care-offer")
    assert answer.status == 403
    assert await page.get_by_role("heading", name="You cannot see or do this").is_visible()
    await check_page(page)
    answer = await page.goto("/provider/homes/00000000-0000-0000-0000-000000000000/edit")
    assert answer.status in (403, 404)
    await check_page(page)
