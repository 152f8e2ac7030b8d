"""Case, search and family pages answer with the API's authorisation: another organisation's case is a 404,
a family sees only its own case, a refused action leaves nothing half-done."""

from __future__ import annotations

import httpx

from tests.factories import Factory
from tests.web.browser.data import api, case_body, list_home
from tests.web.pages import csrf_token, post_form, sign_in


async def test_another_organisations_case_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    stranger = await factory.commissioner()
    await sign_in(client, stranger.email)
    for url in (
        f"/cases/{case['id']}",
        f"/cases/{case['id']}/search",
        f"/cases/{case['id']}/family-invitations",
    ):
        answer = await client.get(url)
        assert answer.status_code == 404, url
        assert "Page not found" in answer.text
    token = csrf_token((await client.get("/cases")).text)
    refused = await client.post(
        f"/cases/{case['id']}/family-invitations",
        data={"email": "someone@family.example", "csrf_token": token},
    )
    assert refused.status_code == 404


async def test_providers_and_families_cannot_open_commissioner_pages(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    await sign_in(client, provider.email)
    assert (await client.get("/cases")).status_code == 403
    assert (await client.get("/cases/new")).status_code == 403


async def test_a_family_sees_only_its_own_case(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    theirs = await api(client, "POST", "/cases", commissioner, json=case_body())
    other = await api(client, "POST", "/cases", commissioner, json=case_body(reference="LEI-2027-099"))
    invitation = await api(
        client,
        "POST",
        f"/cases/{theirs['id']}/family-invitations",
        commissioner,
        json={"email": "dad@family.example"},
    )
    path = f"/family/accept/{invitation['token']}"
    answer = await post_form(
        client, path, {"password": "a-long-family-password", "confirm": "a-long-family-password"}
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/family/cases/{theirs['id']}"
    assert (await client.get(f"/family/cases/{theirs['id']}")).status_code == 200
    assert (await client.get(f"/family/cases/{other['id']}")).status_code == 404
    assert (await client.get(f"/cases/{theirs['id']}")).status_code == 403


async def test_a_refused_acceptance_leaves_the_invitation_unused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    case = await api(client, "POST", "/cases", commissioner, json=case_body())
    staff = await factory.provider("care")
    invitation = await api(
        client, "POST", f"/cases/{case['id']}/family-invitations", commissioner, json={"email": staff.email}
    )
    path = f"/family/accept/{invitation['token']}"
    refused = await post_form(
        client, path, {"password": "a-long-family-password", "confirm": "a-long-family-password"}
    )
    assert refused.status_code == 409
    assert "already exists" in refused.text
    again = await post_form(
        client, path, {"password": "a-long-family-password", "confirm": "a-long-family-password"}
    )
    assert again.status_code == 409
    assert "already exists" in again.text, "the page rolled the claim back: not 'already used'"


async def test_an_unknown_invitation_is_a_friendly_404(client: httpx.AsyncClient) -> None:
    page = await client.get("/family/accept/not-a-real-token")
    assert page.status_code == 404  # said before any password is asked for
    assert "This invitation link does not work" in page.text
    assert 'type="password"' not in page.text
    answer = await post_form(
        client,
        "/sign-in",
        {"password": "a-long-family-password", "confirm": "a-long-family-password"},
        action="/family/accept/not-a-real-token",
    )
    assert answer.status_code == 404
    assert "This invitation link is not valid" in answer.text


async def test_narrative_check_needs_the_csrf_token(client: httpx.AsyncClient, factory: Factory) -> None:
    commissioner = await factory.commissioner()
    await sign_in(client, commissioner.email)
    refused = await client.post("/cases/check-narrative", data={"text": "Jonny, 943 476 5919"})
    assert refused.status_code == 403
    token = csrf_token((await client.get("/cases/new")).text)
    checked = await client.post(
        "/cases/check-narrative",
        data={"text": "Jonny, NHS 943 476 5919", "known_names": "Jonny", "csrf_token": token},
    )
    assert checked.status_code == 200
    assert "an NHS number" in checked.text


async def test_reserving_a_home_held_by_another_case_is_a_friendly_409(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    from tests.web.browser.data import list_home

    commissioner = await factory.commissioner()
    first = await api(client, "POST", "/cases", commissioner, json=case_body())
    second = await api(client, "POST", "/cases", commissioner, json=case_body(reference="LEI-2027-100"))
    landlord = await factory.provider("housing")
    home = await list_home(client, landlord)
    await api(
        client, "POST", f"/properties/{home['id']}/reservation", commissioner, json={"case_id": first["id"]}
    )
    await sign_in(client, commissioner.email)
    token = csrf_token((await client.get(f"/cases/{second['id']}")).text)
    answer = await client.post(
        f"/cases/{second['id']}/reservations", data={"property_id": home["id"], "csrf_token": token}
    )
    assert answer.status_code == 409
    assert "already reserved for another case" in answer.text


async def test_another_organisations_commissioner_cannot_change_release_or_withdraw(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    landlord = await factory.provider("housing")
    case = await api(client, "POST", "/cases", owner, json=case_body())
    home = await list_home(client, landlord)
    await api(client, "POST", f"/properties/{home['id']}/reservation", owner, json={"case_id": case["id"]})
    await api(
        client, "POST", f"/cases/{case['id']}/family-invitations", owner, json={"email": "a@family.example"}
    )
    invitation = (await api(client, "GET", f"/cases/{case['id']}/family-invitations", owner))[0]
    stranger = await factory.commissioner()
    await sign_in(client, stranger.email)
    for url in (
        f"/cases/{case['id']}/edit?part=2",
        f"/cases/{case['id']}/contacts/confirm?organisation_id={landlord.organisation_id}",
    ):
        assert (await client.get(url)).status_code == 404, url
    posts: tuple[tuple[str, dict[str, str | list[str]]], ...] = (
        (f"/cases/{case['id']}/edit", {"step": "2", "reference": "TAKEN-1"}),
        (f"/cases/{case['id']}/reservations/{home['id']}/release", {}),
        (f"/cases/{case['id']}/family-invitations/{invitation['id']}/withdraw", {}),
    )
    for url, data in posts:
        answer = await post_form(client, "/cases", data, action=url)
        assert answer.status_code == 404, url
    stored = await api(client, "GET", f"/cases/{case['id']}", owner)
    assert stored["reference"] == case["reference"]
    held = await api(client, "GET", f"/properties/{home['id']}", owner)
    assert held["status"] == "reserved"
    assert len(await api(client, "GET", f"/cases/{case['id']}/family-invitations", owner)) == 1
