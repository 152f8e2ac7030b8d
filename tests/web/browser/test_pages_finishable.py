"""Issue 13, the provider, family and map journeys: each walked in Chromium as a person would, axe-checked,
and every page photographed at 375 px and 1280 px (to `test-artifacts/screens/`) with no sideways scroll
of the page itself: a wide table scrolls inside its own box."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.factories import Factory
from tests.web.browser.conftest import ARTIFACTS
from tests.web.browser.data import api, case_body, publish_care_offer
from tests.web.browser.helpers import check_page, sign_in
from tests.web.browser.marketplace import market, stored_case

SCREENS = ARTIFACTS / "screens"
WIDTHS = (375, 1280)


async def photograph(page: Any, name: str) -> list[Path]:
    """The page as it is at each width, full length; fails if the page itself scrolls sideways."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    taken = []
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": 900})
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"
        path = SCREENS / f"{name}-{width}.png"
        await page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
        taken.append(path)
    await page.set_viewport_size({"width": 1100, "height": 900})
    return taken


async def assert_every_label_has_one_input(page: Any) -> None:
    ids = await page.locator("[id]").evaluate_all("els => els.map(e => e.id)")
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert repeated == [], f"ids used twice: {repeated}"
    targets = await page.locator("label[for]").evaluate_all("els => els.map(e => e.htmlFor)")
    for target in targets:
        kind = await page.locator(f"[id='{target}']").evaluate("e => e.tagName")
        assert kind in ("INPUT", "SELECT", "TEXTAREA"), (target, kind)


async def test_landlord_start_page_counts_referrals_and_a_full_postcode_places_a_home(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await api(client, "POST", f"/cases/{case['id']}/contacts", m.commissioner,
              json={"organisation_id": str(m.landlord.organisation_id), "property_id": m.home["id"]})

    await sign_in(page, m.landlord.email)
    await page.goto("/provider")
    count = await page.locator("#referrals-count").inner_text()
    assert "1 waiting for your answer" in count
    assert "1 referral in all" in count
    await page.get_by_role("link", name=re.compile("pen pictures shared with you about your homes")).click()
    assert await page.get_by_role("heading", name="Referrals").is_visible()
    inbox = await page.locator("table").inner_text()
    assert re.search(r"R-[0-9A-F]{6}", inbox)
    assert "Leicestershire County Council, about" in inbox
    await check_page(page)
    await photograph(page, "provider-referrals")

    # A new home at a full postcode, with no postcode data imported: placed at its district.
    await page.goto("/provider/homes/new")
    await assert_every_label_has_one_input(page)
    await photograph(page, "provider-home-form")
    await page.get_by_label("Short description").fill("Ground-floor flat, Loughborough")
    await page.get_by_label("Bedrooms").fill("2")
    await page.get_by_label("Town or postcode").fill("LE11 3TU")
    await page.get_by_label("Bungalow").check()
    await page.get_by_label("Social rent").check()
    await page.get_by_label("Weekly rent").fill("180")
    await page.get_by_role("button", name="List this home").click()
    body = await page.locator("main").inner_text()
    assert "import-postcodes" not in body
    assert "{" not in body
    assert await page.get_by_role("row", name=re.compile("Ground-floor flat, Loughborough")).is_visible()
    assert "LE11" in await page.get_by_role("row", name=re.compile("Ground-floor flat")).inner_text()
    await photograph(page, "provider-homes")


async def test_care_provider_errors_name_the_area_and_declining_asks_first(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    provider = await factory.provider("care")
    await publish_care_offer(client, provider)
    commissioner = await factory.commissioner()
    case = await api(client, "POST", "/cases", commissioner, json=case_body())
    await api(client, "POST", f"/cases/{case['id']}/contacts", commissioner,
              json={"organisation_id": str(provider.organisation_id)})

    await sign_in(page, provider.email)
    assert "1 waiting for your answer" in await page.locator("#referrals-count").inner_text()
    await photograph(page, "provider-start")
    await page.goto("/provider/care-offer")
    await assert_every_label_has_one_input(page)
    await page.locator("#service_area-1-name").fill("Nowhereville Xq")
    await page.locator("#service_area-1-radius_km").fill("20")
    await page.get_by_role("button", name="Save and confirm your care offer").click()
    summary = await page.locator(".govuk-error-summary").inner_text()
    assert "Area 2: no UK town or city called" in summary
    assert "give one of" not in summary
    assert "{" not in summary
    await check_page(page)
    await photograph(page, "provider-care-offer-errors")
    await page.locator("#service_area-1-name").fill("LE12 9AB")  # a full postcode, no data imported
    await page.get_by_role("button", name="Save and confirm your care offer").click()
    assert await page.get_by_text("Your care offer is saved.").is_visible()

    await page.goto("/provider/referrals")
    await page.get_by_role("link", name=re.compile(r"^R-[0-9A-F]{6}$")).click()
    await page.get_by_label("We cannot offer support").check()
    await page.get_by_label("No capacity").check()
    await page.get_by_role("button", name="Send your answer").click()
    assert await page.get_by_role("heading", name="Are you sure you cannot offer support?").is_visible()
    await check_page(page)
    await photograph(page, "provider-decline-confirm")
    await page.get_by_role("button", name="No, go back and change my answer").click()
    assert await page.get_by_role("heading", name="Pen picture").is_visible()  # nothing was sent
    # found from outside: going back threw away the answer and the reason chosen
    assert await page.get_by_label("We cannot offer support").is_checked()
    assert await page.get_by_label("No capacity").is_checked()
    contacts = await api(client, "GET", f"/cases/{case['id']}/contacts", commissioner)
    assert contacts["items"][0]["status"] == "contacted"
    await photograph(page, "provider-referral")


async def test_family_accept_page_names_the_email_and_a_used_link_says_so(
    page_on_phone: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_on_phone
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    invitation = await api(client, "POST", f"/cases/{case['id']}/family-invitations", m.commissioner,
                           json={"email": "ruth@family.example"})
    path = urlsplit(invitation["accept_url"]).path

    await page.goto(path)
    assert await page.locator("#invitation-email").inner_text() == "ruth@family.example"
    username = page.locator("input[autocomplete=username]")
    assert await username.get_attribute("value") == "ruth@family.example"
    assert not await username.is_visible()
    await check_page(page)
    await photograph(page, "family-accept")
    await page.get_by_label("Choose a password").fill("a-long-family-password")
    await page.get_by_label("Type the password again").fill("a-long-family-password")
    await page.get_by_role("button", name="Accept and continue").click()
    assert await page.get_by_role("heading", name="The search for your relative").is_visible()
    await photograph(page, "family-case")

    fresh = await page.context.browser.new_context(base_url=page.url.split("/family")[0])
    again = await fresh.new_page()
    response = await again.goto(path)
    assert response.status == 409
    assert await again.get_by_role("heading", name="This invitation has already been used").is_visible()
    assert "ruth@family.example" in await again.locator("main").inner_text()
    assert await again.locator("input[type=password]").count() == 0  # said before asking for a password
    await check_page(again)
    await photograph(again, "family-accept-used")
    response = await again.goto("/family/accept/not-a-real-token")
    assert response.status == 404
    assert await again.get_by_role("heading", name="This invitation link does not work").is_visible()
    await fresh.close()


async def test_search_map_has_outlines_clusters_and_circles_on_demand_beside_its_list(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await sign_in(page, m.commissioner.email)
    await page.goto(f"/cases/{case['id']}/search")
    svg = page.locator("svg.matcher-map")
    assert await svg.locator(".matcher-map__land path").count() > 3
    circles = svg.locator(".matcher-map__circles")
    assert await circles.locator("circle").count() >= 1
    assert not await circles.is_visible()  # only on demand
    await page.get_by_label("Show care providers' service areas as circles").check()
    assert await circles.is_visible()

    # Every marker links to its line in the list; the list names every point.
    links = await svg.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links
    for href in links:
        assert await page.locator(href).count() == 1, href
    listed = await page.locator("#map-list").inner_text()
    assert "P1: Loughborough (family)" in listed
    # Keyboard: Tab reaches a marker, and following it lands on the list.
    await svg.locator("a").first.focus()
    focused = await page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == links[0]
    await page.keyboard.press("Enter")
    assert page.url.endswith(links[0])
    await check_page(page)
    await photograph(page, "commissioner-search-map")


async def test_every_provider_and_commissioner_list_page_fits_a_phone(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    await stored_case(client, m.commissioner)
    await sign_in(page, m.commissioner.email)
    for name, url in (("commissioner-cases", "/cases"),):  # the case page: see docs/readme/i13b.md
        await page.goto(url)
        await photograph(page, name)
    await page.context.clear_cookies()
    await sign_in(page, m.landlord.email)
    for name, url in (("landlord-start", "/provider"), ("landlord-homes", "/provider/homes")):
        await page.goto(url)
        await check_page(page)
        await photograph(page, name)
