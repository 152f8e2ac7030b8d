"""A commissioner (a busy care co-ordinator): cases with progress, a new case with the pen picture checked
as they write, the search with its explanations and actions, the case page, the map."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Factory
from tests.web.browser.data import api
from tests.web.browser.helpers import check_page, sign_in
from tests.web.browser.marketplace import market, stored_case


async def test_commissioner_sees_each_cases_progress(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await stored_case(client, m.commissioner, reference="LEI-2027-015")
    contact = await api(
        client,
        "POST",
        f"/cases/{case['id']}/contacts",
        m.commissioner,
        json={"organisation_id": str(m.care.organisation_id)},
    )
    await api(client, "PATCH", f"/contacts/{contact['id']}", m.care, json={"status": "interested"})
    await api(
        client,
        "POST",
        f"/properties/{m.home['id']}/reservation",
        m.commissioner,
        json={"case_id": case["id"]},
    )

    await sign_in(page, m.commissioner.email)
    await page.wait_for_url("**/cases")
    await check_page(page)
    row = page.get_by_role("row", name="LEI-2027-014")
    cells = [await cell.inner_text() for cell in await row.get_by_role("cell").all()]
    assert cells[0].strip() == "1"  # contacted
    assert cells[1].strip() == "1"  # interested
    assert "Reserved" in cells[2]
    assert "Two-bedroom bungalow, Shepshed" in cells[2]
    assert cells[3].strip() == "0"  # days since started
    other = [
        await cell.inner_text()
        for cell in await page.get_by_role("row", name="LEI-2027-015").get_by_role("cell").all()
    ]
    assert other[0].strip() == "0"
    assert other[2].strip() == "No"


async def _every_label_has_one_input(page: Any) -> None:
    for target in await page.locator("label[for]").evaluate_all("els => els.map(e => e.htmlFor)"):
        assert await page.locator(f"[id='{target}']").count() == 1, target


async def test_new_case_in_steps_checks_answers_and_offers_the_redaction(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    await sign_in(page, m.commissioner.email)
    await page.goto("/cases/new")
    await check_page(page)
    await _every_label_has_one_input(page)
    assert "step 1 of 3" in await page.locator("main").inner_text()
    await page.get_by_role("button", name="Continue").click()
    summary = await page.locator(".govuk-error-summary").inner_text()
    assert summary.index("Enter case reference") < summary.index("Enter at least one place")
    await check_page(page)

    # An unknown town comes in the same round as the other errors, its nearest names offered as choices.
    await page.get_by_label("Case reference").fill("LEI-2027-020")
    await page.get_by_text("Who the person is (kept private)").click()
    await page.get_by_label("Full name").fill("Jonathan Example")
    await page.get_by_label("Known as").fill("Jonny")
    await page.locator("#location-places-0-name").fill("Lufborough")
    await page.locator("#location-places-0-label").fill("family")
    await page.locator("#location-max_distance_km").fill("forty")
    await page.locator("#target_move_date-month").fill("13")
    await page.locator("#target_move_date-day").fill("1")
    await page.locator("#target_move_date-year").fill("2027")
    await page.get_by_role("button", name="Continue").click()
    summary = await page.locator(".govuk-error-summary").inner_text()
    assert "no UK town called ‘Lufborough’" in summary
    assert "Furthest distance from these places" in summary
    assert "Hoped-for move date must be a real date" in summary
    assert summary.index("Lufborough") < summary.index("Furthest") < summary.index("Hoped-for")
    assert "max_distance_km" not in summary
    await check_page(page)
    await _every_label_has_one_input(page)
    await page.get_by_label("Pulborough", exact=True).check()
    await page.locator("#location-max_distance_km").fill("40")
    await page.locator("#target_move_date-month").fill("3")
    await page.get_by_role("button", name="Continue").click()

    # Step 2: labels in words; no needs ticked asks to confirm.
    await page.get_by_role("heading", name="Pen picture").wait_for()
    assert await page.get_by_label("Prefer not to say").is_checked()
    assert await page.get_by_label("18 to 24").count() == 1
    await page.get_by_label("18 to 24").check()
    await page.get_by_role("button", name="Continue").click()
    assert "Tick the support needs" in await page.locator(".govuk-error-summary").inner_text()
    assert await page.get_by_label("The person has none of these needs").is_visible()
    await check_page(page)
    await page.get_by_label("Autism", exact=True).check()
    await page.get_by_label("About the person").fill(
        "Jonny loves trains. His NHS number is 943 476 5919. He needs a calm home."
    )
    check = page.locator("#narrative-check")
    await check.get_by_text("The pen picture contains").wait_for()
    assert "a name" in await check.inner_text()
    assert "an NHS number" in await check.inner_text()
    await check_page(page)
    await page.get_by_role("button", name="Continue").click()

    # Step 3, then check your answers (nothing saved yet), with Change for each answer.
    await page.get_by_role("heading", name="The home").wait_for()
    await page.get_by_role("button", name="Continue").click()
    await page.get_by_role("heading", name="Check your answers").wait_for()
    person = await page.locator("#check-person").inner_text()
    assert "LEI-2027-020" in person
    assert "Pulborough" in person
    assert "1 March 2027" in person
    assert "18 to 24" in await page.locator("#check-pen-picture").inner_text()
    await check_page(page)
    assert (await api(client, "GET", "/cases", m.commissioner))["total"] == 0
    await page.get_by_role("button", name="Change places that matter").click()
    assert await page.get_by_label("Case reference").input_value() == "LEI-2027-020"
    await page.locator("#location-places-0-name").fill("Loughborough")
    await page.get_by_role("button", name="Continue").click()  # a changed step goes back to the check page
    assert "Loughborough" in await page.locator("#check-person").inner_text()
    await page.get_by_role("button", name="Save the case").click()

    # The identifiers: said on the check page with the redaction offered, then saved.
    await page.get_by_role("heading", name="Check your answers").wait_for()
    summary = await page.locator(".govuk-error-summary").inner_text()
    assert "The pen picture contains the person's name and an NHS number" in summary
    await page.locator(".govuk-error-summary a").first.click()
    assert await page.locator("#answer-pen_picture-narrative .govuk-error-message").is_visible()
    redacted = await page.locator("#redacted-narrative").inner_text()
    assert "943 476 5919" not in redacted
    assert "Jonny" not in redacted
    assert "loves trains" in redacted
    await check_page(page)
    await page.get_by_role("button", name="Use this version and save the case").click()
    await page.get_by_text("Case LEI-2027-020 is saved.").wait_for()
    await page.get_by_role("heading", name="LEI-2027-020").wait_for()
    narrative = await page.locator(".govuk-inset-text").first.inner_text()
    assert "943 476 5919" not in narrative
    assert "loves trains" in narrative
    await check_page(page)


async def test_every_part_of_a_saved_case_can_be_changed_with_the_same_checks(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await sign_in(page, m.commissioner.email)
    await page.goto(f"/cases/{case['id']}")
    await page.get_by_role("link", name="Change the pen picture").click()
    await check_page(page)
    await _every_label_has_one_input(page)
    assert "trains" in await page.get_by_label("About the person").input_value()
    await page.get_by_label("About the person").fill("Jonny likes buses now. Calm home, steady team.")
    await page.get_by_role("button", name="Save the changes").click()
    said = "The pen picture contains the person's name: remove it, or use the version with it taken out"
    assert said in await page.locator(".govuk-error-summary").inner_text()
    await check_page(page)
    await page.get_by_role("button", name="Use this version and save the case").click()
    await page.get_by_text("Case LEI-2027-014 is changed. 1 identifier was taken out").wait_for()
    assert "likes buses" in await page.locator(".govuk-inset-text").first.inner_text()

    await page.get_by_role("link", name="Change the places that matter").click()
    assert await page.get_by_label("Full name").input_value() == "Jonathan Example"
    await page.locator("#location-places-1-name").fill("Shepshed")
    await page.locator("#location-places-1-label").fill("day centre")
    await page.locator("#target_move_date-day").fill("15")
    await page.get_by_role("button", name="Save the changes").click()
    assert "Shepshed (day centre)" in await page.locator("main").inner_text()
    assert "15 March 2027" in await page.locator("main").inner_text()

    await page.get_by_role("link", name="Change the home needed").click()
    await page.get_by_label("Bedrooms needed").fill("3")
    await page.get_by_role("button", name="Save the changes").click()
    assert "at least 3 bedrooms" in await page.locator("main").inner_text()
    await check_page(page)
    stored = await api(client, "GET", f"/cases/{case['id']}", m.commissioner)
    assert stored["housing_spec"]["min_bedrooms"] == 3
    assert stored["pen_picture"]["required_pbs_level"] == 2  # the parts not shown are kept as they were
    assert stored["identity"]["family_names"] == ["Margaret Example"]
    audit = await api(client, "GET", f"/cases/{case['id']}/audit", m.commissioner)
    changed = [field for item in audit["items"] for field in (item.get("detail") or {}).get("fields", [])]
    assert "pen_picture.narrative" in changed
    assert "housing_spec.min_bedrooms" in changed
    assert "location.places" in changed


async def test_search_shows_care_homes_and_packages_explained_and_acts_on_them(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    await sign_in(page, m.commissioner.email)
    await page.goto(f"/cases/{case['id']}/search")
    await check_page(page)

    care = page.locator("section", has=page.get_by_role("heading", name="Care providers (1)"))
    assert "Oakfield Support" in await care.inner_text()
    assert "PBS level 3" in await care.inner_text()
    homes = page.locator("section", has=page.get_by_role("heading", name="Homes (1)"))
    assert "Two-bedroom bungalow, Shepshed" in await homes.inner_text()
    packages = page.locator("section", has=page.get_by_role("heading", name="Care and home together (1)"))
    assert "Oakfield Support with Two-bedroom bungalow, Shepshed" in await packages.inner_text()
    await care.get_by_text("How this score was worked out").click()
    breakdown = await care.locator(".matcher-criteria").inner_text()
    assert "Location" in breakdown
    assert "km from Loughborough (family)" in breakdown
    assert "PBS competence" in breakdown
    assert "No capacity for new packages" in await page.locator("#excluded-care").inner_text()
    # Score bars fill inside their track.
    for bar in await care.locator(".matcher-bar").all():
        track = await bar.evaluate(
            "b => [b.getBoundingClientRect().right, b.parentElement.getBoundingClientRect().right]"
        )
        assert track[0] <= track[1] + 0.5

    # Map: drawn without script or tiles, and the same things as a list.
    assert await page.locator("svg.matcher-map .matcher-map__land path").count() > 3  # county outlines
    map_list = await page.locator("#map-list").inner_text()
    assert "P1: Loughborough (family)" in map_list
    assert "Oakfield Support: 30 km around Leicester" in map_list
    assert "H1: Two-bedroom bungalow, Shepshed" in map_list

    # Weights re-rank (here: the button, no script needed).
    await page.get_by_text("Change what matters most (weights)").click()
    for criterion in ("location", "property_fit", "pbs", "needs", "narrative", "readiness", "package_fit"):
        await page.locator(f"#w_{criterion}").fill("1" if criterion == "location" else "0")
    await page.get_by_role("button", name="Re-rank").click()
    assert "Location 100%" in await page.locator("main").inner_text()
    await check_page(page)

    # A bad weight comes back beside its field, the values kept.
    await page.locator("#w_pbs").fill("lots")
    await page.get_by_role("button", name="Re-rank").click()
    assert (
        "PBS competence must be a number of 0 or more"
        in await page.locator(".govuk-error-summary").inner_text()
    )
    assert await page.locator("#w_pbs-error").is_visible()
    assert await page.locator("#w_pbs").input_value() == "lots"
    assert await page.locator("#w_location").input_value() == "1"
    await check_page(page)
    await page.locator("#w_pbs").fill("0")
    await page.get_by_role("button", name="Re-rank").click()

    # Why not this one?
    await page.get_by_label("Name of a care provider").fill("Brook House")
    await page.get_by_role("button", name="Explain").click()
    await page.get_by_role("heading", name="Brook House Care").wait_for()
    assert "No capacity" in await page.locator("#why-not-1").inner_text()
    await check_page(page)
    await page.go_back()

    # Shortlist, contact, reserve.
    care = page.locator("section", has=page.get_by_role("heading", name="Care providers (1)"))
    await care.get_by_role("button", name="Shortlist Oakfield Support").click()
    await page.get_by_text("Oakfield Support is shortlisted.").wait_for()
    care = page.locator("section", has=page.get_by_role("heading", name="Care providers (1)"))
    await care.get_by_role("button", name="Contact Oakfield Support").click()  # still there
    assert (
        "This shares the anonymised pen picture with Oakfield Support."
        in await page.locator("#share-what").inner_text()
    )
    await check_page(page)
    await page.get_by_role("button", name="Share the pen picture").click()
    await page.get_by_text("The pen picture is shared with Oakfield Support.").wait_for()
    assert "Location 100%" in await page.locator("main").inner_text()  # back to the same weights
    await page.get_by_role("button", name="Shortlist Two-bedroom bungalow, Shepshed").click()
    await page.get_by_text("Charnwood Homes about Two-bedroom bungalow, Shepshed is shortlisted.").wait_for()
    await page.get_by_role("button", name="Reserve Two-bedroom bungalow, Shepshed").click()
    assert "No other case can reserve it" in await page.locator(".govuk-notification-banner").inner_text()
    assert "is reserved for this case" in await page.locator("#held-homes").inner_text()
    await check_page(page)
    contacts = await api(client, "GET", f"/cases/{case['id']}/contacts", m.commissioner)
    assert sorted(c["status"] for c in contacts["items"]) == ["contacted", "shortlisted"]

    # The case page: the reserved home released; the timeline has both; town names not repeated.
    await page.goto(f"/cases/{case['id']}")
    held = await page.locator("#held-homes").inner_text()
    assert "Two-bedroom bungalow, Shepshed is reserved for this case." in held
    await page.get_by_role("button", name="Release Two-bedroom bungalow, Shepshed").click()
    await page.get_by_text("Two-bedroom bungalow, Shepshed is released").wait_for()
    timeline = await page.locator("#timeline").inner_text()
    assert "Two-bedroom bungalow, Shepshed: Reserved for this case" in timeline
    assert "Two-bedroom bungalow, Shepshed: Reservation released" in timeline
    assert "Shepshed, Shepshed" not in await page.locator("main").inner_text()
    assert "Shepshed (Shepshed)" not in await page.locator("main").inner_text()
    await check_page(page)


async def test_case_page_shows_the_timeline_and_family_suggestions(
    page: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    m = await market(factory, client)
    case = await stored_case(client, m.commissioner)
    contact = await api(
        client,
        "POST",
        f"/cases/{case['id']}/contacts",
        m.commissioner,
        json={"organisation_id": str(m.care.organisation_id)},
    )
    await api(
        client,
        "PATCH",
        f"/contacts/{contact['id']}",
        m.care,
        json={"status": "more_info_requested", "note": "Does he use Makaton at home?"},
    )
    invitation = await api(
        client,
        "POST",
        f"/cases/{case['id']}/family-invitations",
        m.commissioner,
        json={"email": "margaret@family.example"},
    )
    await client.post(
        f"/api/v1/family-invitations/{invitation['token']}/accept",
        json={"password": "a-long-family-password"},
    )
    token = (
        await client.post(
            "/api/v1/auth/token",
            data={"username": "margaret@family.example", "password": "a-long-family-password"},
        )
    ).json()
    await client.post(
        f"/api/v1/cases/{case['id']}/suggestions",
        json={"provider_name": "Riverside Care", "note": "A friend's son is happy there."},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )

    await sign_in(page, m.commissioner.email)
    await page.goto(f"/cases/{case['id']}")
    await check_page(page)
    timeline = await page.locator("#timeline").inner_text()
    assert "Oakfield Support: More information requested" in timeline
    assert "Does he use Makaton at home?" in timeline
    assert "Oakfield Support: Contacted" in timeline
    assert "Riverside Care: A friend's son is happy there." in await page.locator("#suggestions").inner_text()

    # The provider's question is answered in words it reads, not by sharing the pen picture again.
    await page.get_by_role("link", name="Answer their question from Oakfield Support").click()
    assert "Does he use Makaton at home?" in await page.locator("#their-question").inner_text()
    await page.get_by_role("button", name="Send your answer").click()
    assert "Write your answer" in await page.locator(".govuk-error-summary").inner_text()
    await check_page(page)
    await page.get_by_label("Your answer").fill("Yes, and a few signs of his own.")
    await page.get_by_role("button", name="Send your answer").click()
    await page.get_by_text("Your answer is sent to Oakfield Support").wait_for()
    assert "Yes, and a few signs of his own." in await page.locator("#timeline").inner_text()

    await page.get_by_role("button", name="Withdraw for Oakfield Support").click()
    # found from outside: one click withdrew; now a confirmation asks, and asks why
    sure = "Are you sure you want to withdraw from Oakfield Support?"
    await page.get_by_role("heading", name=sure).wait_for()
    await check_page(page)
    why = page.get_by_label("Why you are withdrawing (optional)")
    await why.fill("Ring Jonathan on 07700 900123")
    await page.get_by_role("button", name="Withdraw", exact=True).click()
    assert "Why you are withdrawing holds" in await page.locator(".govuk-error-summary").inner_text()
    await why.fill("The family chose a provider nearer home.")
    await page.get_by_role("button", name="Withdraw", exact=True).click()
    await page.get_by_text("Contact moved to ‘Withdrawn’.").wait_for()
    assert "The family chose a provider nearer home." in await page.locator("#timeline").inner_text()
    invitations = await page.locator("#invitation-list").inner_text()
    assert "margaret@family.example" in invitations
    assert "Accepted" in invitations

    await page.get_by_role("button", name="Invite a family member").click()
    await page.get_by_label("Their email address").fill("not-an-email")
    await page.get_by_role("button", name="Send the invitation").click()
    assert (
        "Enter an email address in the correct format"
        in await page.locator(".govuk-error-summary").inner_text()
    )
    await check_page(page)
    await page.get_by_label("Their email address").fill("brother@family.example")
    await page.get_by_role("button", name="Send the invitation").click()
    link = await page.locator("#invitation-link").inner_text()
    assert "/family/accept/" in link
    assert "no email was sent" in await page.locator("#invitation-email").inner_text()  # no SMTP here
    await check_page(page)

    # Listed as sent, then withdrawn: its link no longer works.
    await page.get_by_role("link", name="Back to the case").click()
    invitations = await page.locator("#invitation-list").inner_text()
    assert "brother@family.example" in invitations
    assert "Sent" in invitations
    assert (
        await page.get_by_role("button", name="Withdraw the invitation to margaret@family.example").count()
        == 0
    )
    await page.get_by_role("button", name="Withdraw the invitation to brother@family.example").click()
    await page.get_by_text("The invitation to brother@family.example is withdrawn").wait_for()
    assert "brother@family.example" not in await page.locator("#invitation-list").inner_text()
    await check_page(page)
    token = link.rsplit("/", 1)[1]
    refused = await client.post(
        f"/api/v1/family-invitations/{token}/accept", json={"password": "a-long-family-password"}
    )
    assert refused.status_code == 404


async def test_near_misses_name_the_home_in_words(
    page_without_js: Any, factory: Factory, client: httpx.AsyncClient
) -> None:
    page = page_without_js
    m = await market(factory, client)
    case = await stored_case(
        client,
        m.commissioner,
        location={"places": [{"name": "Loughborough", "label": "family"}], "max_distance_km": 5},
    )
    await sign_in(page, m.commissioner.email)
    await page.goto(f"/cases/{case['id']}/search")
    near = await page.locator("#near-misses").inner_text()
    assert (
        "Two-bedroom bungalow, Shepshed: 6.8 km from Loughborough (family); it would fit with a 7 km limit"
        in near
    )
    assert "max_distance_km" not in near
    assert "Too far from the places that matter" in await page.locator("#excluded-housing").inner_text()
    main = await page.locator("main").inner_text()
    assert "outside_area" not in main
    assert "Outside area" not in main
    await check_page(page)
