"""Simultaneous requests against the real database: one home can be won by one case only, and no
change to a contact is ever lost."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from matcher.contacts import repository as contacts
from matcher.db.engine import create_engine, create_sessionmaker
from matcher.db.models import Contact, ContactEvent, Property, PropertyEvent
from matcher.reservations import repository as reservations
from tests.contacts.helpers import build_world, contact_events, make_case, make_property
from tests.factories import Factory

SIMULTANEOUS = 24


async def test_simultaneous_reservations_of_one_home_from_two_cases_have_exactly_one_winner(
        client: httpx.AsyncClient, factory: Factory) -> None:
    first, second = await factory.commissioner(), await factory.commissioner()
    landlord = await factory.provider("housing")
    callers = [(first, await make_case(factory.sessionmaker, first.organisation_id)),
               (second, await make_case(factory.sessionmaker, second.organisation_id))]
    home = await make_property(factory.sessionmaker, landlord.organisation_id)

    answers = await asyncio.gather(*(
        client.post(f"/api/v1/properties/{home}/reservation", json={"case_id": str(case_id)},
                    headers=member.headers)
        for member, case_id in (callers[n % 2] for n in range(SIMULTANEOUS))))

    codes = Counter(answer.status_code for answer in answers)
    assert codes == {201: 1, 409: SIMULTANEOUS - 1}, [a.text for a in answers]
    winner = next(answer.json() for answer in answers if answer.status_code == 201)
    async with factory.sessionmaker() as session:
        row = await session.get(Property, home)
        assert row is not None
        assert row.status == "reserved"
        assert str(row.reserved_case_id) == winner["case_id"]
        events = (await session.execute(select(PropertyEvent).where(
            PropertyEvent.property_id == home, PropertyEvent.to_status == "reserved"))).all()
        assert len(events) == 1
    losers = [answer.json() for answer in answers if answer.status_code == 409]
    assert all("already reserved" in loser["detail"] for loser in losers)


async def test_reserving_and_releasing_at_once_never_leave_a_reserved_home_without_its_case(
        client: httpx.AsyncClient, factory: Factory) -> None:
    first, second = await factory.commissioner(), await factory.commissioner()
    landlord = await factory.provider("housing")
    cases = [await make_case(factory.sessionmaker, first.organisation_id),
             await make_case(factory.sessionmaker, second.organisation_id)]
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    url = f"/api/v1/properties/{home}/reservation"
    requests = []
    for n in range(SIMULTANEOUS):
        member, case_id = (first, cases[0]) if n % 2 else (second, cases[1])
        if n % 3 == 2:
            requests.append(client.delete(url, headers=member.headers))
        else:
            requests.append(client.post(url, json={"case_id": str(case_id)}, headers=member.headers))
    answers = await asyncio.gather(*requests)
    assert {a.status_code for a in answers} <= {201, 204, 403, 409}
    async with factory.sessionmaker() as session:
        row = await session.get(Property, home)
        assert row is not None
        assert (row.status == "reserved") == (row.reserved_case_id is not None)
        events = list((await session.execute(select(PropertyEvent).where(PropertyEvent.property_id == home)
                                              .order_by(PropertyEvent.id))).scalars())
    # The events replay to the row: every reservation followed by its release, alternating.
    reserved = sum(1 for a in answers if a.status_code == 201)
    released = sum(1 for a in answers if a.status_code == 204)
    assert [e.to_status for e in events] == ["reserved", "available"] * released + ["reserved"] * (
        reserved - released)
    assert reserved - released == (1 if row.status == "reserved" else 0)


async def test_simultaneous_changes_from_the_same_version_have_exactly_one_winner(
        client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    provider_moves = [{"status": "interested"}, {"status": "declined", "reason": "no_capacity"},
                      {"status": "more_info_requested"}]
    requests = []
    for n in range(SIMULTANEOUS):
        if n % 2:
            requests.append(client.patch(url, json={**provider_moves[n % 3], "version": 1},
                                         headers=world.contacted.headers))
        else:
            requests.append(client.patch(url, json={"status": "withdrawn", "version": 1},
                                         headers=world.owner.headers))
    answers = await asyncio.gather(*requests)

    codes = Counter(answer.status_code for answer in answers)
    assert codes == {200: 1, 409: SIMULTANEOUS - 1}, [a.text for a in answers]
    won = next(answer.json() for answer in answers if answer.status_code == 200)
    events = await contact_events(factory.sessionmaker, world.contact_id)
    assert [(e.from_status, e.to_status) for e in events] == [(None, "contacted"),
                                                              ("contacted", won["status"])]
    async with factory.sessionmaker() as session:
        row = await session.get(Contact, world.contact_id)
        assert row is not None
        assert (row.status, row.version) == (won["status"], 2)
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["current_status"] in ("contacted", won["status"])
            assert "allowed" in answer.json()


async def test_simultaneous_changes_never_lose_an_update(client: httpx.AsyncClient, factory: Factory) -> None:
    """Without a version, a change made after another has landed may still be legal from the new state;
    whatever the interleaving, each success is one event, the events chain, and the version counts them."""
    world = await build_world(client, factory)
    url = f"/api/v1/contacts/{world.contact_id}"
    requests = []
    for n in range(SIMULTANEOUS):
        if n % 2:
            requests.append(client.patch(url, json={"status": "interested"}, headers=world.contacted.headers))
        else:
            requests.append(client.patch(url, json={"status": "withdrawn"}, headers=world.owner.headers))
    answers = await asyncio.gather(*requests)
    successes = [a.json() for a in answers if a.status_code == 200]
    assert {a.status_code for a in answers} <= {200, 409}
    assert 1 <= len(successes) <= 2
    events = await contact_events(factory.sessionmaker, world.contact_id)
    assert len(events) == 1 + len(successes)
    for previous, event in zip(events, events[1:], strict=False):
        assert event.from_status == previous.to_status
    async with factory.sessionmaker() as session:
        row = await session.get(Contact, world.contact_id)
        assert row is not None
        assert row.version == 1 + len(successes)
        assert row.status == events[-1].to_status
        count = await session.scalar(select(func.count()).select_from(ContactEvent)
                                     .where(ContactEvent.contact_id == world.contact_id))
        assert count == len(events)


async def test_simultaneous_contacts_of_one_organisation_open_one_contact(client: httpx.AsyncClient,
                                                                           factory: Factory) -> None:
    owner = await factory.commissioner()
    provider = await factory.provider("care")
    case_id = await make_case(factory.sessionmaker, owner.organisation_id)
    answers = await asyncio.gather(*(
        client.post(f"/api/v1/cases/{case_id}/contacts",
                    json={"organisation_id": str(provider.organisation_id)}, headers=owner.headers)
        for _ in range(SIMULTANEOUS)))
    assert Counter(a.status_code for a in answers) == {201: 1, 409: SIMULTANEOUS - 1}
    async with factory.sessionmaker() as session:
        total = await session.scalar(select(func.count()).select_from(Contact)
                                     .where(Contact.case_id == case_id))
    assert total == 1
    assert uuid.UUID(next(a.json()["id"] for a in answers if a.status_code == 201))


async def _at_once(engine: AsyncEngine, count: int,
                   work: Callable[[AsyncSession, int], Awaitable[bool]]) -> list[bool]:
    """`count` transactions, each on its own connection, that all do their reading first and then,
    released together by a barrier, their writing: the worst interleaving, on purpose."""
    sessionmaker = create_sessionmaker(engine)
    barrier = asyncio.Barrier(count)

    async def one(n: int) -> bool:
        async with sessionmaker() as session, session.begin():
            await session.execute(select(1))  # hold a connection and a snapshot before the race
            await barrier.wait()
            return await work(session, n)

    return await asyncio.gather(*(one(n) for n in range(count)))


async def test_the_database_lets_one_of_twenty_racing_transactions_reserve_a_home(
        database_url: str, factory: Factory) -> None:
    first, second = await factory.commissioner(), await factory.commissioner()
    landlord = await factory.provider("housing")
    cases = [await make_case(factory.sessionmaker, first.organisation_id),
             await make_case(factory.sessionmaker, second.organisation_id)]
    home = await make_property(factory.sessionmaker, landlord.organisation_id)
    engine = create_engine(database_url, pool_size=SIMULTANEOUS)
    try:
        async def work(session: AsyncSession, n: int) -> bool:
            return await reservations.reserve(session, home, cases[n % 2])

        won = await _at_once(engine, SIMULTANEOUS, work)
    finally:
        await engine.dispose()
    assert won.count(True) == 1
    async with factory.sessionmaker() as session:
        row = await session.get(Property, home)
        assert row is not None
        assert row.status == "reserved"
        assert row.reserved_case_id == cases[won.index(True) % 2]


async def test_the_database_lets_one_of_twenty_racing_transactions_change_a_contact(
        database_url: str, client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    engine = create_engine(database_url, pool_size=SIMULTANEOUS)
    targets = ["interested", "withdrawn", "more_info_requested", "declined"]
    try:
        async def work(session: AsyncSession, n: int) -> bool:
            return await contacts.change_status(session, world.contact_id, version=1, from_status="contacted",
                                                to_status=targets[n % 4], reason=None, share=False)

        won = await _at_once(engine, SIMULTANEOUS, work)
    finally:
        await engine.dispose()
    assert won.count(True) == 1
    row = await contact_events(factory.sessionmaker, world.contact_id)
    assert len(row) == 1  # the repository call alone writes no event; the service adds it after winning
    async with factory.sessionmaker() as session:
        contact = await session.get(Contact, world.contact_id)
        assert contact is not None
        assert (contact.status, contact.version) == (targets[won.index(True) % 4], 2)
