"""What a family sees of its case: who was contacted and what became of it, the homes considered, its
suggestions. Never notes, the identity, other cases, or a listing beyond its public face."""

from __future__ import annotations

import httpx

from tests.contacts.helpers import IDENTITY_BYTES, NARRATIVE, build_world, contact, make_property
from tests.factories import Factory


async def test_the_family_sees_providers_homes_and_statuses_and_nothing_internal(
        client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    decliner = await factory.provider("care")
    made = await contact(client, world.owner, world.case_id, decliner.organisation_id,
                         note="INTERNAL: cheaper than the others")
    await client.patch(f"/api/v1/contacts/{made['id']}", headers=decliner.headers,
                       json={"status": "declined", "reason": "no_suitable_staff", "note": "PROVIDER-NOTE"})
    shortlisted = await factory.provider("care")
    await contact(client, world.owner, world.case_id, shortlisted.organisation_id, status="shortlisted")
    other_home = await make_property(factory.sessionmaker, world.not_contacted.organisation_id,
                                     title="Ground-floor flat, Loughborough")
    await client.post(f"/api/v1/properties/{other_home}/reservation", json={"case_id": str(world.case_id)},
                      headers=world.owner.headers)
    await client.post(f"/api/v1/cases/{world.case_id}/suggestions", headers=world.family.headers,
                      json={"provider_name": "Brookside Care", "note": "They helped our cousin."})

    answer = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    assert answer.status_code == 200
    view = answer.json()
    assert set(view) == {"reference", "providers_contacted", "housing_options", "suggestions"}
    assert view["reference"].startswith("LEI-")
    contacted = {p["name"]: p for p in view["providers_contacted"]}
    assert len(contacted) == 2  # the shortlisted one has not been contacted
    declined = next(p for p in view["providers_contacted"] if p["status"] == "declined")
    assert declined["reason"] == "no_suitable_staff"
    assert declined["contacted_on"]
    assert set(declined) == {"name", "contacted_on", "status", "reason"}
    assert sorted((o["title"], o["area"], o["status"]) for o in view["housing_options"]) == [
        ("Ground-floor flat, Loughborough", "LE12", "reserved"),
        ("Two-bedroom bungalow, Shepshed", "LE12", "contacted")]
    assert [s["provider_name"] for s in view["suggestions"]] == ["Brookside Care"]
    for secret in ("INTERNAL", "PROVIDER-NOTE", NARRATIVE, IDENTITY_BYTES.decode(), "Jonathan",
                   str(world.other_case_id), "latitude", "weekly_rent"):
        assert secret not in answer.text, secret


async def test_a_released_or_let_home_stays_in_the_family_view(client: httpx.AsyncClient,
                                                              factory: Factory) -> None:
    world = await build_world(client, factory)
    url = f"/api/v1/properties/{world.property_id}"
    hold = {"case_id": str(world.case_id)}
    family_view = f"/api/v1/cases/{world.case_id}/family-view"
    await client.post(f"{url}/reservation", json=hold, headers=world.owner.headers)
    await client.delete(f"{url}/reservation", headers=world.owner.headers)
    view = (await client.get(family_view, headers=world.family.headers)).json()
    assert [o["status"] for o in view["housing_options"]] == ["released"]
    await client.post(f"{url}/reservation", json=hold, headers=world.owner.headers)
    await client.post(f"{url}/let", headers=world.owner.headers)
    view = (await client.get(family_view, headers=world.family.headers)).json()
    assert [o["status"] for o in view["housing_options"]] == ["let"]


async def test_commissioners_see_what_the_family_suggests(client: httpx.AsyncClient,
                                                          factory: Factory) -> None:
    world = await build_world(client, factory)
    made = await client.post(f"/api/v1/cases/{world.case_id}/suggestions", headers=world.family.headers,
                             json={"provider_name": "  Brookside Care ", "note": "Near Mum."})
    assert made.status_code == 201
    assert made.json()["provider_name"] == "Brookside Care"
    listed = await client.get(f"/api/v1/cases/{world.case_id}/suggestions", headers=world.owner.headers)
    assert listed.json()["total"] == 1
    assert listed.json()["items"][0]["note"] == "Near Mum."
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.owner.headers)
    assert view.json()["suggestions"][0]["provider_name"] == "Brookside Care"
    other = await client.get(f"/api/v1/cases/{world.other_case_id}/suggestions",
                             headers=world.other_commissioner.headers)
    assert other.json()["total"] == 0


async def test_a_family_member_reaches_nothing_beyond_its_case(client: httpx.AsyncClient,
                                                               factory: Factory) -> None:
    world = await build_world(client, factory)
    headers = world.family.headers
    other = await client.get(f"/api/v1/cases/{world.other_case_id}/family-view", headers=headers)
    assert other.status_code == 404
    assert (await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=headers)).status_code == 403
    assert (await client.get(f"/api/v1/referrals/{world.contact_id}", headers=headers)).status_code == 404
    assert (await client.get("/api/v1/referrals", headers=headers)).status_code == 403
    blank = await client.post(f"/api/v1/cases/{world.case_id}/suggestions", headers=headers,
                              json={"provider_name": ""})
    assert blank.status_code == 422
