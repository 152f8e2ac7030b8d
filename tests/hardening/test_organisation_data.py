"""Data that must not be lost or leaked: organisations are deactivated (never deleted with their history),
names are unique after normalising and hold no control characters, and every free text providers or
families read is screened for identifiers."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from matcher.db.models import Organisation, User
from matcher.search.repository import load_homes, load_providers
from tests.api.test_cases import case_body
from tests.contacts.helpers import build_world, contact, grant_family, make_property
from tests.factories import PASSWORD, Factory, care_offer_body
from tests.web.pages import sign_in


async def test_deleting_an_organisation_deactivates_it_and_keeps_its_history(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    admin = await factory.admin()
    provider = await factory.provider("care", "housing")
    assert provider.organisation_id is not None
    put = await client.put(f"/api/v1/organisations/{provider.organisation_id}/care-offer",
                           json=care_offer_body(), headers=provider.headers)
    assert put.status_code == 200, put.text
    home_id = await make_property(factory.sessionmaker, provider.organisation_id)
    async with factory.sessionmaker() as session:
        assert str(provider.organisation_id) in {p.organisation_id for p in await load_providers(session)}
        assert str(home_id) in {h.property_id for h in await load_homes(session)}

    deleted = await client.delete(f"/api/v1/organisations/{provider.organisation_id}", headers=admin.headers)
    assert deleted.status_code == 204
    async with factory.sessionmaker() as session:
        users = await session.scalar(select(func.count()).select_from(User).where(
            User.organisation_id == provider.organisation_id))
        assert users == 1  # nothing removed
        assert all(str(provider.organisation_id) != p.organisation_id for p in await load_providers(session))
        assert str(home_id) not in {h.property_id for h in await load_homes(session)}
    signed_in = await client.post(
        "/api/v1/auth/token", data={"username": provider.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 401
    assert (await client.get("/api/v1/users/me", headers=provider.headers)).status_code == 401


async def test_a_closed_organisation_is_not_contacted_reserved_or_published(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    """Nobody there can sign in to read a pen picture or answer, so nothing new may reach it."""
    world = await build_world(client, factory)
    closing = world.not_contacted
    assert closing.organisation_id is not None
    put = await client.put(f"/api/v1/organisations/{closing.organisation_id}/care-offer",
                           json=care_offer_body(), headers=closing.headers)
    assert put.status_code == 200, put.text
    home_id = await make_property(factory.sessionmaker, closing.organisation_id)
    shortlisted = await client.post(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers,
                                    json={"organisation_id": str(closing.organisation_id),
                                          "status": "shortlisted"})
    assert shortlisted.status_code == 201, shortlisted.text
    directory = "/api/v1/openreferral/services?per_page=100"
    listed = {s["organization"]["id"] for s in (await client.get(directory)).json()["contents"]}
    assert str(closing.organisation_id) in listed

    assert (await client.delete(f"/api/v1/organisations/{closing.organisation_id}",
                                headers=world.admin.headers)).status_code == 204

    share = await client.patch(f"/api/v1/contacts/{shortlisted.json()['id']}", headers=world.owner.headers,
                               json={"status": "contacted"})
    assert share.status_code == 422, share.text
    assert share.json()["errors"][0]["field"] == "status"
    again = await client.post(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers,
                              json={"organisation_id": str(closing.organisation_id),
                                    "property_id": str(home_id)})
    assert again.status_code == 422, again.text
    assert again.json()["errors"][0]["field"] == "organisation_id"
    reserved = await client.post(f"/api/v1/properties/{home_id}/reservation", headers=world.owner.headers,
                                 json={"case_id": str(world.case_id)})
    assert reserved.status_code == 409, reserved.text
    assert "closed" in reserved.json()["detail"]
    published = (await client.get(directory)).json()
    assert str(closing.organisation_id) not in {s["organization"]["id"] for s in published["contents"]}
    assert published["total_items"] == len(published["contents"])
    # The open organisation's reservation still works: the check is about the owner only.
    ok = await client.post(f"/api/v1/properties/{world.property_id}/reservation", headers=world.owner.headers,
                           json={"case_id": str(world.case_id)})
    assert ok.status_code == 201, ok.text


@pytest.mark.parametrize(
    "taken", ["Oakfield Care", "oakfield care", "  OAKFIELD   CARE ", "Ｏａｋｆｉｅｌｄ Care"]
)
async def test_organisation_names_are_unique_after_normalising(
    client: httpx.AsyncClient, factory: Factory, taken: str
) -> None:
    admin = await factory.admin()
    await factory.organisation("commissioner", name="Oakfield Care")
    provider = await factory.provider("care")
    created = await client.post("/api/v1/organisations", json={"name": taken, "kinds": ["care"]},
                                headers=admin.headers)
    assert created.status_code == 409, created.text
    renamed = await client.patch(f"/api/v1/organisations/{provider.organisation_id}", json={"name": taken},
                                 headers=provider.headers)
    assert renamed.status_code == 409
    assert "already exists" in renamed.json()["detail"]


@pytest.mark.parametrize("name", ["Evil\u202eeraC", "Tab\x07Care", "Zero\u200bWidth", "Iso\u2066late"])
async def test_control_and_bidi_characters_in_names_are_422(
    client: httpx.AsyncClient, factory: Factory, name: str
) -> None:
    provider = await factory.provider("care")
    answer = await client.patch(f"/api/v1/organisations/{provider.organisation_id}", json={"name": name},
                                headers=provider.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "name"
    async with factory.sessionmaker() as session:
        stored = await session.get(Organisation, provider.organisation_id)
        assert stored is not None
        assert stored.name != name


async def test_a_place_label_naming_the_person_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    body = case_body()
    body["location"]["places"][0]["label"] = "Jane Testperson home"
    body["identity"]["full_name"] = "Jane Testperson"
    answer = await client.post("/api/v1/cases", json=body, headers=commissioner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "location.places[0].label"
    assert "Jane" not in answer.json()["detail"]


async def test_contact_notes_and_suggestions_are_screened(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    noted = await client.patch(
        f"/api/v1/contacts/{world.contact_id}",
        json={"status": "interested", "note": "Call her on 07700 900123 or email jane@example.com"},
        headers=world.contacted.headers,
    )
    assert noted.status_code == 422, noted.text
    assert noted.json()["errors"][0]["field"] == "note"
    suggested = await client.post(
        f"/api/v1/cases/{world.case_id}/suggestions",
        json={"provider_name": "Oakfield", "note": "Her NHS number is 943 476 5919"},
        headers=world.family.headers,
    )
    assert suggested.status_code == 422
    assert suggested.json()["errors"][0]["field"] == "note"
    fine = await client.post(
        f"/api/v1/cases/{world.case_id}/suggestions",
        json={"provider_name": "Oakfield", "note": "They were kind on the phone"},
        headers=world.family.headers,
    )
    assert fine.status_code == 201


async def test_a_place_label_or_market_call_note_giving_the_date_of_birth_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    commissioner = await factory.commissioner()
    body = case_body()
    body["identity"]["date_of_birth"] = "1988-11-21"
    body["location"]["places"][0]["label"] = "family, since 21/11/88"
    answer = await client.post("/api/v1/cases", json=body, headers=commissioner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "location.places[0].label"
    body["location"]["places"][0]["label"] = "family"
    case = await client.post("/api/v1/cases", json=body, headers=commissioner.headers)
    assert case.status_code == 201, case.text
    note = "He turns 39 on 21 November 2027 (born 21 Nov 1988)."
    call = await client.post(
        f"/api/v1/cases/{case.json()['id']}/market-calls",
        json={"closes_at": "2099-01-10T17:00:00Z", "note": note},
        headers=commissioner.headers,
    )
    assert call.status_code == 422, call.text
    assert call.json()["errors"][0]["field"] == "note"



async def test_a_contact_with_an_organisation_that_left_says_so_to_the_commissioner_and_the_family(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: after an organisation was deactivated, the family still read "Asked, waiting
    for an answer" from it, and the case page gave no sign that it could never answer."""
    admin = await factory.admin()
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    created = await client.post("/api/v1/cases", json=case_body(), headers=owner.headers)
    assert created.status_code == 201, created.text
    case_id = uuid.UUID(created.json()["id"])
    made = await contact(client, owner, case_id, provider.organisation_id)
    family = await factory.user("family")
    await grant_family(factory.sessionmaker, family.user_id, case_id)
    before = await client.get(f"/api/v1/cases/{case_id}/family-view", headers=family.headers)
    assert [p["status"] for p in before.json()["providers_contacted"]] == ["contacted"]

    deleted = await client.delete(f"/api/v1/organisations/{provider.organisation_id}", headers=admin.headers)
    assert deleted.status_code == 204
    view = await client.get(f"/api/v1/cases/{case_id}/family-view", headers=family.headers)
    assert [p["status"] for p in view.json()["providers_contacted"]] == ["organisation_left"]
    listed = await client.get(f"/api/v1/cases/{case_id}/contacts", headers=owner.headers)
    assert [(c["id"], c["organisation_active"]) for c in listed.json()["items"]] == [(made["id"], False)]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, owner.email)
        assert "Left the service" in (await browser.get(f"/cases/{case_id}")).text
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, family.email)
        assert "No longer on the service" in (await browser.get(f"/family/cases/{case_id}")).text
