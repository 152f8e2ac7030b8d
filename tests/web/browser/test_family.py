"""A family member on a phone: accept the invitation, read in plain words what happened, suggest a
provider."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.factories import Factory
from tests.web.browser.data import api
from tests.web.browser.helpers import check_page
from tests.web.browser.marketplace import market, stored_case


async def test_family_member_accepts_the_invitation_follows_the_search_and_suggests_a_provider(
    page_on_phone: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_on_phone
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    oakfield = await api(
        client,
        "POST",
        f"/cases/{case['id']}/contacts",
        m.commissioner,
        json={"organisation_id": str(m.care.organisation_id)},
    )
    await api(
        client,
        "PATCH",
        f"/contacts/{oakfield['id']}",
        m.care,
        json={"status": "declined", "reason": "no_suitable_staff", "note": "internal: rota gaps"},
    )
    await api(
        client,
        "POST",
        f"/cases/{case['id']}/contacts",
        m.commissioner,
        json={"organisation_id": str(m.landlord.organisation_id), "property_id": m.home["id"]},
    )
    invitation = await api(
        client,
        "POST",
        f"/cases/{case['id']}/family-invitations",
        m.commissioner,
        json={"email": "margaret@family.example"},
    )

    await page.goto(urlsplit(invitation["accept_url"]).path)
    assert await page.get_by_role("heading", name="Follow the search for your relative").is_visible()
    await check_page(page)
    await page.get_by_label("Choose a password").fill("short")
    await page.get_by_role("button", name="Accept and continue").click()
    assert (
        "Choose a password of 10 characters or more"
        in await page.locator(".govuk-error-summary").inner_text()
    )
    await check_page(page)
    await page.get_by_label("Choose a password").fill("a-long-family-password")
    await page.get_by_label("Type the password again").fill("a-long-family-password")
    await page.get_by_role("button", name="Accept and continue").click()

    assert await page.get_by_role("heading", name="The search for your relative").is_visible()
    providers = await page.locator("#providers").inner_text()
    assert "Oakfield Support" in providers
    assert "Said no: they do not have the right staff available" in providers
    assert "rota gaps" not in await page.locator("main").inner_text()  # never the internal notes
    homes = await page.locator("#homes").inner_text()
    assert "Two-bedroom bungalow, Shepshed" in homes
    assert "Shepshed, Shepshed" not in homes  # found from outside: the town was said twice
    assert "Asked, waiting for an answer" in homes
    await check_page(page)

    await page.get_by_role("button", name="Send your suggestion").click()
    assert "Enter the name of the provider" in await page.locator(".govuk-error-summary").inner_text()
    await page.get_by_label("Name of the provider").fill("Riverside Care")
    await page.get_by_label("Why (optional)").fill("A friend's son is happy there.")
    await page.get_by_role("button", name="Send your suggestion").click()
    assert await page.get_by_text(
        "The care co-ordinator can now see your suggestion of Riverside Care."
    ).is_visible()
    assert "Riverside Care" in await page.locator("#suggestions").inner_text()
    await check_page(page)

    # The same link cannot be used twice, and says so before asking for a password.
    answer = await page.goto(urlsplit(invitation["accept_url"]).path)
    assert answer.status == 409
    assert await page.get_by_text("This invitation has already been used").is_visible()
    assert await page.locator("input[type=password]").count() == 0
