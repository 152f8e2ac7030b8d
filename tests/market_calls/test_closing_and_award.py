"""The closing time is the database's, races included; closing early; awarding one offer moves the
awarded organisation's contact to `offered`; the reminder goes once, a day before closing."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from matcher.db.models import Contact, MarketCall, MarketCallEvent, MarketCallOffer, OutboxEmail
from matcher.market_calls.reminders import remind_once
from matcher.settings import Settings
from tests.contacts.helpers import contact, contact_events
from tests.factories import Factory, Member
from tests.market_calls.helpers import World, build_world, move_closing_time, offer, open_call


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> World:
    return await build_world(client, factory)


async def test_an_offer_after_the_closing_time_is_409(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    made = (await offer(client, world.care, call["id"], 2450.0)).json()
    await move_closing_time(factory.sessionmaker, call["id"], -1)
    late = await offer(client, world.landlord, call["id"], 200.0, property_id=world.home_id)
    assert late.status_code == 409, late.text
    revised = await client.patch(
        f"/api/v1/offers/{made['id']}", json={"weekly_cost": 1.0}, headers=world.care.headers
    )
    assert revised.status_code == 409
    seen = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.owner.headers)
    assert seen.json()["status"] == "closed"
    assert seen.json()["closed_at"] == seen.json()["closes_at"]
    assert (await client.get("/api/v1/market-calls", headers=world.care.headers)).json()["total"] == 0


async def test_offers_racing_the_closing_time_land_only_before_it(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    await move_closing_time(factory.sessionmaker, call["id"], 0.4)

    async def later(delay: float, member: Member, home: uuid.UUID | None) -> httpx.Response:
        await asyncio.sleep(delay)
        return await offer(client, member, call["id"], 1000.0 + delay, property_id=home)

    offerors = [(world.care, None), (world.landlord, world.home_id), (world.both, world.both_home_id)]
    answers = await asyncio.gather(
        *(later(0.25 * n, member, home) for n, (member, home) in enumerate(offerors))
    )
    codes = [a.status_code for a in answers]
    assert set(codes) <= {201, 409}, [a.text for a in answers]
    assert codes[-1] == 409  # sent 0.5 s in, after the 0.4 s closing time
    async with factory.sessionmaker() as session:
        closes_at = await session.scalar(select(MarketCall.closes_at).where(MarketCall.id == call["id"]))
        assert closes_at is not None
        stored = list(
            (
                await session.execute(
                    select(MarketCallOffer.submitted_at).where(MarketCallOffer.call_id == call["id"])
                )
            ).scalars()
        )
    assert len(stored) == codes.count(201)
    assert all(submitted < closes_at for submitted in stored)


async def test_closing_early_races_offers_without_losing_or_admitting_any(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    offerors = [(world.care, None), (world.landlord, world.home_id), (world.both, world.both_home_id)]
    answers = await asyncio.gather(
        client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers),
        *(offer(client, member, call["id"], 1500.0, property_id=home) for member, home in offerors),
    )
    assert answers[0].status_code == 200, answers[0].text
    accepted = [a for a in answers[1:] if a.status_code == 201]
    assert all(a.status_code in (201, 409) for a in answers[1:])
    async with factory.sessionmaker() as session:
        closed_at = await session.scalar(select(MarketCall.closed_at).where(MarketCall.id == call["id"]))
        stored = list(
            (
                await session.execute(
                    select(MarketCallOffer.submitted_at).where(MarketCallOffer.call_id == call["id"])
                )
            ).scalars()
        )
    assert len(stored) == len(accepted)
    assert closed_at is not None
    assert all(submitted <= closed_at for submitted in stored)
    assert (await offer(client, world.care, call["id"], 1.0)).status_code in (409,)


async def test_closing_early_stops_offers_and_is_recorded(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    closed = await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert (await offer(client, world.care, call["id"], 2000.0)).status_code == 409
    async with factory.sessionmaker() as session:
        events = list(
            (
                await session.execute(
                    select(MarketCallEvent.to_status, MarketCallEvent.user_id)
                    .where(MarketCallEvent.call_id == call["id"])
                    .order_by(MarketCallEvent.id)
                )
            ).all()
        )
    assert events == [("open", world.owner.user_id), ("closed", world.owner.user_id)]


async def test_an_open_call_cannot_be_awarded(client: httpx.AsyncClient, world: World) -> None:
    call = await open_call(client, world)
    made = (await offer(client, world.care, call["id"], 2450.0)).json()
    answer = await client.post(
        f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made["id"]}, headers=world.owner.headers
    )
    assert answer.status_code == 409, answer.text


async def test_awarding_accepts_one_offer_declines_the_rest_and_offers_the_contact(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    call = await open_call(client, world)
    winner = (await offer(client, world.care, call["id"], 2450.0)).json()
    loser = (await offer(client, world.both, call["id"], 2600.0, property_id=world.both_home_id)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    elsewhere = await open_call(client, world)
    stray = (await offer(client, world.landlord, elsewhere["id"], 200.0, property_id=world.home_id)).json()
    refused = await client.post(
        f"/api/v1/market-calls/{call['id']}/award",
        json={"offer_id": stray["id"]},
        headers=world.owner.headers,
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "offer_id"

    awarded = await client.post(
        f"/api/v1/market-calls/{call['id']}/award",
        json={"offer_id": winner["id"]},
        headers=world.owner.headers,
    )
    assert awarded.status_code == 200, awarded.text
    assert awarded.json()["status"] == "awarded"
    assert awarded.json()["awarded_offer_id"] == winner["id"]
    statuses = {
        item["id"]: item["status"]
        for item in (
            await client.get(f"/api/v1/market-calls/{call['id']}/offers", headers=world.owner.headers)
        ).json()["items"]
    }
    assert statuses == {winner["id"]: "accepted", loser["id"]: "not_selected"}
    loser_view = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.both.headers)
    assert loser_view.json()["offer"]["status"] == "not_selected"
    # The outcome only, as for a declined referral: the person's needs and later edits stay with the
    # commissioner (found from outside: every recipient kept reading the live pen picture).
    assert (loser_view.json()["pen_picture"], loser_view.json()["housing_spec"]) == ({}, {})
    assert loser_view.json()["places"] == []
    assert loser_view.json()["note"] == ""
    winner_view = (await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.care.headers)).json()
    assert winner_view["pen_picture"]["client_groups"]  # the chosen provider goes on to the assessment

    async with factory.sessionmaker() as session:
        contacts = list(
            (await session.execute(select(Contact).where(Contact.case_id == world.case_id))).scalars()
        )
    assert [(c.organisation_id, c.status) for c in contacts] == [(world.care.organisation_id, "offered")]
    moves = [
        (e.from_status, e.to_status, e.user_id)
        for e in await contact_events(factory.sessionmaker, contacts[0].id)
    ]
    assert moves == [
        (None, "contacted", world.owner.user_id),
        ("contacted", "interested", world.care.user_id),
        ("interested", "assessment", world.owner.user_id),
        ("assessment", "offered", world.owner.user_id),
    ]
    again = await client.post(
        f"/api/v1/market-calls/{call['id']}/award",
        json={"offer_id": loser["id"]},
        headers=world.owner.headers,
    )
    assert again.status_code == 409
    view = (
        await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    ).json()
    family = {p["name"]: p["status"] for p in view["providers_contacted"]}
    assert family["Oakfield Support"] == "offered"
    assert family["Beacon Living"] == "not_selected"


async def test_an_existing_contact_walks_on_to_offered(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    existing = await contact(client, world.owner, world.case_id, world.care.organisation_id)
    interested = await client.patch(
        f"/api/v1/contacts/{existing['id']}", json={"status": "interested"}, headers=world.care.headers
    )
    assert interested.status_code == 200
    call = await open_call(client, world)
    made = (await offer(client, world.care, call["id"], 2450.0)).json()
    await move_closing_time(factory.sessionmaker, call["id"], -1)
    awarded = await client.post(
        f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made["id"]}, headers=world.owner.headers
    )
    assert awarded.status_code == 200, awarded.text
    async with factory.sessionmaker() as session:
        statuses = list(
            (
                await session.execute(
                    select(Contact.id, Contact.status).where(Contact.case_id == world.case_id)
                )
            ).all()
        )
    assert statuses == [(uuid.UUID(existing["id"]), "offered")]


async def test_the_reminder_goes_a_day_before_closing_once_and_only_to_those_without_an_offer(
    client: httpx.AsyncClient, world: World, factory: Factory, settings: Settings
) -> None:
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    assert await remind_once(factory.sessionmaker, settings) == 0  # closes in two days
    await move_closing_time(factory.sessionmaker, call["id"], 3600 * 20)
    assert await remind_once(factory.sessionmaker, settings) == 2  # the landlord and Beacon
    assert await remind_once(factory.sessionmaker, settings) == 0
    async with factory.sessionmaker() as session:
        reminded = list(
            (
                await session.execute(
                    select(OutboxEmail.to_address)
                    .where(OutboxEmail.subject.startswith("Reminder"))
                    .order_by(OutboxEmail.to_address)
                )
            ).scalars()
        )
        total = await session.scalar(select(func.count()).select_from(OutboxEmail))
    assert reminded == sorted([world.landlord.email, world.both.email])
    assert total == 3 + 2


async def test_an_offered_home_taken_since_the_offer_cannot_be_awarded(
    client: httpx.AsyncClient, world: World, factory: Factory
) -> None:
    """Found from outside: a home reserved for another case (or let) after the landlord offered it was
    still awarded, and the contact moved to `offered` about a home the person could not have."""
    call = await open_call(client, world)
    made = (await offer(client, world.landlord, call["id"], 210.0, property_id=world.home_id)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    held = await client.post(f"/api/v1/properties/{world.home_id}/reservation",
                             json={"case_id": str(world.other_case_id)},
                             headers=world.other_commissioner.headers)
    assert held.status_code == 201, held.text
    url = f"/api/v1/market-calls/{call['id']}/award"
    refused = await client.post(url, json={"offer_id": made["id"]}, headers=world.owner.headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["property_status"] == "reserved"
    assert "reserved for another case" in refused.json()["detail"]
    assert str(world.other_case_id) not in refused.text  # whose case holds it is not this commissioner's
    seen = (await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.owner.headers)).json()
    assert seen["status"] == "closed"  # nothing moved
    assert seen["awarded_offer_id"] is None
    async with factory.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Contact)
                                    .where(Contact.case_id == world.case_id)) == 0

    released = await client.delete(f"/api/v1/properties/{world.home_id}/reservation",
                                   headers=world.other_commissioner.headers)
    assert released.status_code == 204, released.text
    awarded = await client.post(url, json={"offer_id": made["id"]}, headers=world.owner.headers)
    assert awarded.status_code == 200, awarded.text


async def test_a_home_reserved_for_this_very_case_can_be_awarded(
    client: httpx.AsyncClient, world: World
) -> None:
    call = await open_call(client, world)
    made = (await offer(client, world.landlord, call["id"], 210.0, property_id=world.home_id)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    held = await client.post(f"/api/v1/properties/{world.home_id}/reservation",
                             json={"case_id": str(world.case_id)}, headers=world.owner.headers)
    assert held.status_code == 201, held.text
    awarded = await client.post(f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made["id"]},
                                headers=world.owner.headers)
    assert awarded.status_code == 200, awarded.text


async def test_closing_the_case_closes_its_open_calls(client: httpx.AsyncClient, world: World) -> None:
    """Found from outside: a closed case's call stayed open, so providers kept reading the pen picture
    and offering for a person no longer being placed."""
    call = await open_call(client, world)
    listed = await client.get("/api/v1/market-calls", headers=world.care.headers)
    assert call["id"] in [c["id"] for c in listed.json()["items"]]
    closed = await client.patch(
        f"/api/v1/cases/{world.case_id}", json={"status": "closed"}, headers=world.owner.headers
    )
    assert closed.status_code == 200, closed.text

    seen = (await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.owner.headers)).json()
    assert seen["status"] == "closed"
    assert seen["closed_at"] is not None
    listed = await client.get("/api/v1/market-calls", headers=world.care.headers)
    assert call["id"] not in [c["id"] for c in listed.json()["items"]]
    late = await offer(client, world.care, call["id"], 2450.0)
    assert late.status_code == 409, late.text


async def test_an_organisation_deactivated_since_its_offer_cannot_be_awarded(
    client: httpx.AsyncClient, world: World
) -> None:
    """Found from outside: a deactivated organisation's offer was awarded, and its contact moved on to
    offered and accepted, though nobody there could sign in."""
    call = await open_call(client, world)
    made = (await offer(client, world.care, call["id"], 2450.0)).json()
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    gone = await client.delete(f"/api/v1/organisations/{world.care.organisation_id}",
                               headers=world.admin.headers)
    assert gone.status_code == 204, gone.text
    refused = await client.post(f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": made["id"]},
                                headers=world.owner.headers)
    assert refused.status_code == 409, refused.text
    assert "has left the service" in refused.json()["detail"]
    seen = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.owner.headers)
    assert seen.json()["status"] == "closed"
