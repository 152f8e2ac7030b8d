"""A home is reserved for one case only; releasing makes it available again; letting marks it let."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from matcher.db.models import MarketplaceVersion, Property, PropertyEvent
from tests.contacts.helpers import make_case, make_property
from tests.factories import Factory


async def _version(factory: Factory) -> int:
    async with factory.sessionmaker() as session:
        return int(await session.scalar(select(MarketplaceVersion.version)) or 0)


async def _row(factory: Factory, home: uuid.UUID) -> Property:
    async with factory.sessionmaker() as session:
        row = await session.get(Property, home)
        assert row is not None
        return row


async def _events(factory: Factory, home: uuid.UUID) -> list[tuple[str | None, str, uuid.UUID | None]]:
    async with factory.sessionmaker() as session:
        rows = await session.execute(select(PropertyEvent.from_status, PropertyEvent.to_status,
                                            PropertyEvent.case_id)
                                     .where(PropertyEvent.property_id == home).order_by(PropertyEvent.id))
        return [(f, t, c) for f, t, c in rows]


async def test_a_home_is_held_for_one_case_and_the_change_is_recorded(client: httpx.AsyncClient,
                                                                      factory: Factory) -> None:
    owner, rival = await factory.commissioner(), await factory.commissioner()
    landlord = await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    rival_case = await make_case(factory.sessionmaker, rival.organisation_id)
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    before = await _version(factory)
    url = f"/api/v1/properties/{home}/reservation"
    held = await client.post(url, json={"case_id": str(case_id)}, headers=owner.headers)
    assert held.status_code == 201
    assert held.json()["status"] == "reserved"
    assert held.json()["case_id"] == str(case_id)
    assert await _version(factory) > before  # search stops offering it
    taken = await client.post(url, json={"case_id": str(rival_case)}, headers=rival.headers)
    assert taken.status_code == 409
    assert "another case" in taken.json()["detail"]
    again = await client.post(url, json={"case_id": str(case_id)}, headers=owner.headers)
    assert again.status_code == 409
    assert "this case" in again.json()["detail"]
    assert await _events(factory, home) == [("available", "reserved", case_id)]
    seen = await client.get(f"/api/v1/properties/{home}", headers=rival.headers)
    assert seen.json()["status"] == "reserved"


async def test_releasing_makes_the_home_available_again(client: httpx.AsyncClient, factory: Factory) -> None:
    owner, rival = await factory.commissioner(), await factory.commissioner()
    landlord = await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    rival_case = await make_case(factory.sessionmaker, rival.organisation_id)
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    url = f"/api/v1/properties/{home}/reservation"
    await client.post(url, json={"case_id": str(case_id)}, headers=owner.headers)
    assert (await client.delete(url, headers=rival.headers)).status_code == 403
    assert (await client.delete(url, headers=landlord.headers)).status_code == 403
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    row = await _row(factory, home)
    assert (row.status, row.reserved_case_id) == ("available", None)
    assert (await client.delete(url, headers=owner.headers)).status_code == 409
    retaken = await client.post(url, json={"case_id": str(rival_case)}, headers=rival.headers)
    assert retaken.status_code == 201
    assert [e[1] for e in await _events(factory, home)] == ["reserved", "available", "reserved"]


async def test_letting_a_reserved_home_marks_it_let(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    landlord = await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    let_url = f"/api/v1/properties/{home}/let"
    assert (await client.post(let_url, headers=owner.headers)).status_code == 409  # not reserved
    await client.post(f"/api/v1/properties/{home}/reservation", json={"case_id": str(case_id)},
                      headers=owner.headers)
    answer = await client.post(let_url, json={"note": "Moved in on Monday."}, headers=owner.headers)
    assert answer.status_code == 200
    assert answer.json()["status"] == "let"
    assert answer.json()["case_id"] is None
    assert (await _events(factory, home))[-1] == ("reserved", "let", case_id)
    again = await client.post(f"/api/v1/properties/{home}/reservation", json={"case_id": str(case_id)},
                              headers=owner.headers)
    assert again.status_code == 409
    assert "let" in again.json()["detail"]


async def test_the_landlord_lets_a_reserved_home_with_its_own_patch_too(client: httpx.AsyncClient,
                                                                       factory: Factory) -> None:
    owner = await factory.commissioner()
    landlord = await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    await client.post(f"/api/v1/properties/{home}/reservation", json={"case_id": str(case_id)},
                      headers=owner.headers)
    answer = await client.patch(f"/api/v1/properties/{home}", json={"status": "let"},
                                headers=landlord.headers)
    assert answer.status_code == 200, answer.text
    row = await _row(factory, home)
    assert (row.status, row.reserved_case_id) == ("let", None)


async def test_only_an_available_home_can_be_reserved(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.commissioner()
    landlord = await factory.provider("housing")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    withdrawn = await make_property(factory.sessionmaker, landlord.organisation_id, status="withdrawn")
    answer = await client.post(f"/api/v1/properties/{withdrawn}/reservation", json={"case_id": str(case_id)},
                               headers=owner.headers)
    assert answer.status_code == 409
    assert answer.json()["property_status"] == "withdrawn"
    missing = await client.post(f"/api/v1/properties/{uuid.uuid4()}/reservation",
                                json={"case_id": str(case_id)}, headers=owner.headers)
    assert missing.status_code == 404
