"""Opening a market call: sent to every eligible organisation but the excluded, each share audited, each
recipient emailed a link (never the pen picture), the family told who was contacted."""

from __future__ import annotations

import uuid

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from matcher.db.models import OutboxEmail
from tests.contacts.helpers import audit_actions
from tests.factories import Factory
from tests.market_calls.helpers import build_world, in_days, offer, open_call
from tests.web.pages import sign_in


async def test_a_call_goes_to_every_eligible_care_organisation_and_landlord(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    assert call["status"] == "open"
    assert call["case_id"] == str(world.case_id)
    # care: Oakfield and Beacon (Brook House has no capacity); housing: Charnwood and Beacon (not Kernow).
    assert call["recipients"] == {"care": 2, "housing": 2}
    shared_with = {
        detail["organisation_id"]
        for action, _org, detail in await audit_actions(factory.sessionmaker, world.case_id)
        if action == "shared" and detail.get("market_call_id") == call["id"]
    }
    assert shared_with == {str(m.organisation_id) for m in (world.care, world.landlord, world.both)}


async def test_excluded_organisations_are_not_sent_the_call(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world, exclude_organisation_ids=[str(world.both.organisation_id)])
    assert call["recipients"] == {"care": 1, "housing": 1}
    assert call["excluded_organisation_ids"] == [str(world.both.organisation_id)]
    inbox = await client.get("/api/v1/market-calls", headers=world.both.headers)
    assert inbox.json() == {"items": [], "total": 0}


async def test_an_unknown_excluded_organisation_is_refused_naming_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    body = {"closes_at": in_days(2), "exclude_organisation_ids": [str(world.both.organisation_id),
                                                                  str(uuid.uuid4())]}
    answer = await client.post(
        f"/api/v1/cases/{world.case_id}/market-calls", json=body, headers=world.owner.headers
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "exclude_organisation_ids[1]"
    calls = await client.get(f"/api/v1/cases/{world.case_id}/market-calls", headers=world.owner.headers)
    assert calls.json()["total"] == 0


async def test_each_recipient_user_is_emailed_a_link_but_never_the_pen_picture(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    colleague = await factory.user("provider", world.care.organisation_id)
    call = await open_call(client, world)
    async with factory.sessionmaker() as session:
        emails = list((await session.execute(select(OutboxEmail).order_by(OutboxEmail.id))).scalars())
    to = sorted(e.to_address for e in emails)
    assert to == sorted([world.care.email, colleague.email, world.landlord.email, world.both.email])
    for email in emails:
        assert f"/provider/market-calls/{call['id']}" in email.body
        assert "Loves trains" not in email.body
        assert "LEI-2027-014" not in email.body
        assert "Loughborough" not in email.body


async def test_the_family_view_lists_the_recipients_as_contacted(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    await open_call(client, world)
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    assert view.status_code == 200, view.text
    contacted = {(p["name"], p["status"]) for p in view.json()["providers_contacted"]}
    assert contacted == {
        ("Oakfield Support", "contacted"),
        ("Charnwood Homes", "contacted"),
        ("Beacon Living", "contacted"),
    }


async def test_the_family_view_shows_an_offer_made_to_a_later_call(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    await open_call(client, world)
    second = await open_call(client, world)
    made = await offer(client, world.landlord, second["id"], 200.0, property_id=world.home_id)
    assert made.status_code == 201, made.text
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    contacted = {p["name"]: p["status"] for p in view.json()["providers_contacted"]}
    assert len(view.json()["providers_contacted"]) == 3  # each organisation once
    assert contacted["Charnwood Homes"] == "offer_made"  # was "contacted": only the first call counted
    assert contacted["Oakfield Support"] == "contacted"


async def test_the_family_reads_that_a_recipient_made_no_offer_once_the_call_closed(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: after a call was awarded, every recipient without an offer still read
    "Asked, waiting for an answer" to the family."""
    world = await build_world(client, factory)
    call = await open_call(client, world)
    won = (await offer(client, world.care, call["id"], 2450.0)).json()
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    statuses = {p["name"]: p["status"] for p in view.json()["providers_contacted"]}
    assert statuses["Charnwood Homes"] == "contacted"
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    await client.post(f"/api/v1/market-calls/{call['id']}/award", json={"offer_id": won["id"]},
                      headers=world.owner.headers)
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    statuses = {p["name"]: p["status"] for p in view.json()["providers_contacted"]}
    assert statuses["Charnwood Homes"] == "no_reply"
    assert statuses["Beacon Living"] == "no_reply"
    assert statuses["Oakfield Support"] == "offered"  # the award's contact says more
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, world.family.email)
        page = (await browser.get(f"/family/cases/{world.case_id}")).text
    assert "Did not make an offer" in page
    assert "Asked, waiting for an answer" not in page
    later = await open_call(client, world)  # sent again: waiting again, until this call closes too
    assert later["recipients"]["housing"] >= 1
    view = await client.get(f"/api/v1/cases/{world.case_id}/family-view", headers=world.family.headers)
    statuses = {p["name"]: p["status"] for p in view.json()["providers_contacted"]}
    assert statuses["Charnwood Homes"] == "contacted"


async def test_the_cases_commissioners_see_the_page_the_family_sees(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """The family reads of every market-call recipient; the case page lists contacts only, so its
    commissioners get the family's page, read-only, to know what the family is told."""
    world = await build_world(client, factory)
    await open_call(client, world)
    url = f"/cases/{world.case_id}/family-view"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as browser:
        await sign_in(browser, world.owner.email)
        assert f'href="{url}"' in (await browser.get(f"/cases/{world.case_id}")).text
        page = await browser.get(url)
        assert page.status_code == 200
        for name in ("Oakfield Support", "Charnwood Homes", "Beacon Living"):
            assert name in page.text, name
        assert 'id="family-preview"' in page.text
        assert "/suggestions" not in page.text  # read-only: no suggestion form
    for member, expected in ((world.other_commissioner, 404), (world.care, 403), (world.family, 403)):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as b:
            await sign_in(b, member.email)
            assert (await b.get(url)).status_code == expected, member.email


async def test_the_closing_time_must_be_in_the_future_and_zoned(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    for closes_at in (in_days(-1), "2027-01-10T17:00:00"):
        answer = await client.post(
            f"/api/v1/cases/{world.case_id}/market-calls",
            json={"closes_at": closes_at},
            headers=world.owner.headers,
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["errors"][0]["field"] == "closes_at"


async def test_a_note_that_identifies_the_person_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    answer = await client.post(
        f"/api/v1/cases/{world.case_id}/market-calls",
        headers=world.owner.headers,
        json={"closes_at": in_days(2), "note": "Call Jonny's mum on 07700 900123."},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "note"
    listed = await client.get(f"/api/v1/cases/{world.case_id}/market-calls", headers=world.owner.headers)
    assert listed.json()["total"] == 0


async def test_a_closed_case_cannot_open_a_call(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    closed = await client.patch(
        f"/api/v1/cases/{world.case_id}", json={"status": "closed"}, headers=world.owner.headers
    )
    assert closed.status_code == 200, closed.text
    answer = await client.post(
        f"/api/v1/cases/{world.case_id}/market-calls",
        json={"closes_at": in_days(2)},
        headers=world.owner.headers,
    )
    assert answer.status_code == 409, answer.text


async def test_the_case_lists_its_calls_newest_first(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    first = await open_call(client, world)
    second = await open_call(client, world)
    listed = await client.get(f"/api/v1/cases/{world.case_id}/market-calls", headers=world.owner.headers)
    assert [c["id"] for c in listed.json()["items"]] == [second["id"], first["id"]]
    assert uuid.UUID(first["id"])


async def test_a_note_may_give_dates(client: httpx.AsyncClient, factory: Factory) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world, note="Visits possible from 3 February 2027; start by 1 March 2027.")
    assert call["note"] == "Visits possible from 3 February 2027; start by 1 March 2027."
