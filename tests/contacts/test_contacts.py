"""Commissioners shortlist and contact providers and landlords; contacting shares the pen picture,
and the share is audited."""

from __future__ import annotations

import uuid

import httpx

from tests.contacts.helpers import audit_actions, build_world, contact, make_case, make_property
from tests.factories import Factory


async def test_contacting_shares_the_pen_picture_and_audits_the_share(client: httpx.AsyncClient,
                                                                      factory: Factory) -> None:
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    made = await contact(client, owner, case_id, provider.organisation_id, note="Strong PBS record.")
    assert made["status"] == "contacted"
    assert made["shared_at"] is not None
    assert made["property"] is None
    assert made["history"][0]["from_status"] is None
    assert made["history"][0]["to_status"] == "contacted"
    assert made["history"][0]["note"] == "Strong PBS record."
    assert made["allowed_transitions"] == ["withdrawn"]
    audit = await audit_actions(factory.sessionmaker, case_id)
    assert [(action, organisation) for action, organisation, _ in audit] == [
        ("shared", owner.organisation_id)]
    assert audit[0][2]["organisation_id"] == str(provider.organisation_id)
    assert audit[0][2]["contact_id"] == made["id"]


async def test_shortlisting_shares_nothing_until_contacted(client: httpx.AsyncClient,
                                                           factory: Factory) -> None:
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    made = await contact(client, owner, case_id, provider.organisation_id, status="shortlisted")
    assert made["shared_at"] is None
    assert await audit_actions(factory.sessionmaker, case_id) == []
    seen = await client.get("/api/v1/referrals", headers=provider.headers)
    assert seen.json() == {"items": [], "total": 0}
    assert (await client.get(f"/api/v1/referrals/{made['id']}", headers=provider.headers)).status_code == 404
    contacted = await client.patch(f"/api/v1/contacts/{made['id']}", json={"status": "contacted"},
                                   headers=owner.headers)
    assert contacted.status_code == 200
    assert contacted.json()["shared_at"] is not None
    assert [a for a, _, _ in await audit_actions(factory.sessionmaker, case_id)] == ["shared"]
    assert (await client.get("/api/v1/referrals", headers=provider.headers)).json()["total"] == 1


async def test_a_home_contact_must_be_a_home_of_that_organisation(client: httpx.AsyncClient,
                                                                  factory: Factory) -> None:
    owner = await factory.commissioner()
    landlord, other = await factory.provider("housing"), await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    home = await make_property(factory.sessionmaker, other.organisation_id)
    answer = await client.post(f"/api/v1/cases/{case_id}/contacts", headers=owner.headers,
                               json={"organisation_id": str(landlord.organisation_id),
                                     "property_id": str(home)})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "property_id"
    made = await contact(client, owner, case_id, other.organisation_id, property_id=home)
    assert made["property"]["id"] == str(home)
    assert made["property"]["area"] == "LE12"


async def test_only_care_or_housing_organisations_can_be_contacted(client: httpx.AsyncClient,
                                                                   factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    for organisation_id in (owner.organisation_id, uuid.uuid4()):  # a commissioner; nobody
        answer = await client.post(f"/api/v1/cases/{case_id}/contacts", headers=owner.headers,
                                   json={"organisation_id": str(organisation_id)})
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "organisation_id"


async def test_one_open_contact_per_organisation_and_home_but_a_closed_one_can_be_reopened(
        client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    provider = await factory.provider("care", "housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    home = await make_property(factory.sessionmaker, provider.organisation_id)
    first = await contact(client, owner, case_id, provider.organisation_id)
    again = await client.post(f"/api/v1/cases/{case_id}/contacts", headers=owner.headers,
                              json={"organisation_id": str(provider.organisation_id)})
    assert again.status_code == 409
    await contact(client, owner, case_id, provider.organisation_id, property_id=home)  # a distinct contact
    await client.patch(f"/api/v1/contacts/{first['id']}", json={"status": "withdrawn"}, headers=owner.headers)
    await contact(client, owner, case_id, provider.organisation_id)
    listed = (await client.get(f"/api/v1/cases/{case_id}/contacts", headers=owner.headers)).json()
    assert listed["total"] == 3
    assert [item["status"] for item in listed["items"]] == ["withdrawn", "contacted", "contacted"]


async def test_admins_read_contacts_without_being_offered_moves(client: httpx.AsyncClient,
                                                                factory: Factory) -> None:
    world = await build_world(client, factory)
    listed = await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.admin.headers)
    assert listed.status_code == 200
    assert listed.json()["items"][0]["allowed_transitions"] == []
    owner_view = await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)
    assert owner_view.json()["items"][0]["allowed_transitions"] == ["withdrawn"]


async def test_contacts_list_pages(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    for _ in range(3):
        await contact(client, owner, case_id, (await factory.provider("care")).organisation_id)
    page = await client.get(f"/api/v1/cases/{case_id}/contacts?limit=2&offset=2", headers=owner.headers)
    assert page.json()["total"] == 3
    assert len(page.json()["items"]) == 1
