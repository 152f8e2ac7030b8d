"""Pages over plain HTTP: the session cookie, CSRF on every form, the API's authorisation and status codes."""

from __future__ import annotations

import httpx

from tests.factories import Factory, care_offer_body
from tests.web.pages import csrf_token, post_form, sign_in


async def test_start_page_says_what_the_service_is_and_what_to_do(client: httpx.AsyncClient) -> None:
    answer = await client.get("/")
    assert answer.status_code == 200
    assert "text/html" in answer.headers["content-type"]
    assert "Care and housing matcher" in answer.text
    assert 'href="/sign-in"' in answer.text
    assert "It is not part of GOV.UK" in answer.text  # never pretends to be GOV.UK
    assert "crown" not in answer.text.lower()


async def test_session_cookie_is_http_only_and_same_site(client: httpx.AsyncClient) -> None:
    answer = await client.get("/sign-in")
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # the test's public_url is http; https turns it on


async def test_a_form_post_without_the_token_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    await client.get("/sign-in")
    refused = await client.post(
        "/sign-in", data={"email": provider.email, "password": "correct-horse-battery"}
    )
    assert refused.status_code == 403
    assert "Form refused" in refused.text
    assert "matcher_session" in client.cookies  # still signed out: nothing was done


async def test_a_form_post_with_a_wrong_token_is_refused_after_sign_in(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    body = {
        "capacity.new_packages": "2",
        "service_area[0].name": "Leicester",
        "service_area[0].radius_km": "30",
        "pbs.staff_trained_pct": "90",
    }
    refused = await client.post("/provider/care-offer", data={**body, "csrf_token": "not-the-token"})
    assert refused.status_code == 403
    missing = await client.post("/provider/care-offer", data=body)
    assert missing.status_code == 403
    page = await client.get("/provider/care-offer")
    assert "You have not published a care offer yet" in page.text  # nothing was saved


async def test_token_from_before_sign_in_is_useless_after(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    old_token = csrf_token((await client.get("/sign-in")).text)
    await sign_in(client, provider.email)
    answer = await client.post("/sign-out", data={"csrf_token": old_token})
    assert answer.status_code == 403


async def test_wrong_password_shows_the_error_summary(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    answer = await post_form(client, "/sign-in", {"email": provider.email, "password": "wrong-password-1"})
    assert answer.status_code == 401
    assert "There is a problem" in answer.text
    assert 'href="#email"' in answer.text


async def test_sign_in_never_redirects_off_site(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    answer = await post_form(
        client,
        "/sign-in",
        {"email": provider.email, "password": "correct-horse-battery", "next": "//evil.example/"},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/provider"


async def test_signed_out_visitor_gets_the_sign_in_page_with_401(client: httpx.AsyncClient) -> None:
    answer = await client.get("/provider/care-offer")
    assert answer.status_code == 401
    assert "Sign in" in answer.text
    assert 'name="next" value="/provider/care-offer"' in answer.text


async def test_sign_out_ends_the_session(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    assert (await client.get("/provider")).status_code == 200
    answer = await post_form(client, "/provider", {}, action="/sign-out")
    assert answer.status_code == 303
    assert "You have signed out" in (await client.get("/")).text
    assert (await client.get("/provider")).status_code == 401


async def test_pages_are_refused_to_the_wrong_role(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    answer = await client.get("/provider/care-offer")
    assert answer.status_code == 403
    assert "You cannot see or do this" in answer.text


async def test_a_provider_cannot_change_another_providers_home(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from tests.factories import property_body

    owner = await factory.provider("housing")
    assert owner.organisation_id is not None
    created = await client.post(
        "/api/v1/properties", json=property_body(owner.organisation_id), headers=owner.headers
    )
    assert created.status_code == 201, created.text
    home_id = created.json()["id"]
    other = await factory.provider("housing")
    await sign_in(client, other.email)
    assert (await client.get(f"/provider/homes/{home_id}/edit")).status_code == 403
    token = csrf_token((await client.get("/provider/homes")).text)
    answer = await client.post(f"/provider/homes/{home_id}/withdraw", data={"csrf_token": token})
    assert answer.status_code == 403
    still = await client.get(f"/api/v1/properties/{home_id}", headers=owner.headers)
    assert still.json()["status"] == "available"


async def test_unknown_home_is_a_friendly_404(client: httpx.AsyncClient, factory: Factory) -> None:
    landlord = await factory.provider("housing")
    await sign_in(client, landlord.email)
    answer = await client.get("/provider/homes/00000000-0000-0000-0000-000000000000/edit")
    assert answer.status_code == 404
    assert "Page not found" in answer.text
    malformed = await client.get("/provider/homes/not-an-id/edit")
    assert malformed.status_code == 404


async def test_care_offer_form_errors_name_the_fields(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    answer = await post_form(
        client,
        "/provider/care-offer",
        {
            "capacity.new_packages": "two",
            "service_area[0].name": "Leicester",
            "service_area[0].radius_km": "",
            "pbs.staff_trained_pct": "150",
        },
    )
    assert answer.status_code == 422
    assert "There is a problem" in answer.text
    assert "must be a whole number" in answer.text
    assert 'href="#capacity-new_packages"' in answer.text


async def test_care_offer_saved_from_the_page_matches_the_api(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    answer = await post_form(
        client,
        "/provider/care-offer",
        {
            "capacity.new_packages": "2",
            "service_area[0].name": "Leicester",
            "service_area[0].radius_km": "30",
            "pbs.staff_trained_pct": "60",
            "pbs_evidence": ["pbs_policy"],
            "client_groups": ["autism"],
            "description": "Small team.",
        },
    )
    assert answer.status_code == 303, answer.text
    offer = (
        await client.get(
            f"/api/v1/organisations/{provider.organisation_id}/care-offer", headers=provider.headers
        )
    ).json()
    assert offer["pbs_level"] == 1
    assert offer["client_groups"] == ["autism"]
    assert offer["capacity"]["new_packages"] == 2
    page = await client.get("/provider/care-offer")
    assert "PBS level 1: foundation" in page.text
    assert "Train at least 80% of staff in PBS" in page.text
    # the API's body for the same offer gives level 3: the page shows what the service derives
    assert (
        await client.put(
            f"/api/v1/organisations/{provider.organisation_id}/care-offer",
            json=care_offer_body(),
            headers=provider.headers,
        )
    ).json()["pbs_level"] == 3
    assert "PBS level 3: specialist" in (await client.get("/provider/care-offer")).text
