"""The commissioner's page for answering a provider's request for more information: the question shown,
the answer required and screened, the provider reading it on its referral page, nobody else reaching it."""

from __future__ import annotations

import html

import httpx
from sqlalchemy import update

from matcher.cases.identity import encrypt_identity
from matcher.db.models import Case
from tests.contacts.helpers import World, build_world
from tests.factories import Factory
from tests.web.pages import csrf_token, post_form, sign_in


async def _asked(client: httpx.AsyncClient, factory: Factory) -> tuple[World, str]:
    world = await build_world(client, factory)
    async with factory.sessionmaker() as session, session.begin():  # readable, as the API writes it
        await session.execute(update(Case).where(Case.id == world.case_id).values(
            identity_encrypted=encrypt_identity({"full_name": "Jonathan Example"},
                                                factory.settings.identity_key)))
    asked = await client.patch(f"/api/v1/contacts/{world.contact_id}",
                               json={"status": "more_info_requested", "note": "Any history of falls?"},
                               headers=world.contacted.headers)
    assert asked.status_code == 200, asked.text
    return world, f"/cases/{world.case_id}/contacts/{world.contact_id}/answer"


async def test_the_case_page_links_to_the_answer_page_which_shows_the_question(
        client: httpx.AsyncClient, factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.owner.email)
    case_page = await client.get(f"/cases/{world.case_id}")
    assert f'href="{page}"' in case_page.text
    assert "Answer their question" in case_page.text
    shown = await client.get(page)
    assert shown.status_code == 200
    assert "Any history of falls?" in html.unescape(shown.text)
    assert f'href="/cases/{world.case_id}/edit?part=2"' in shown.text  # or change the pen picture


async def test_an_empty_answer_is_refused_with_the_field_named(client: httpx.AsyncClient,
                                                               factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.owner.email)
    refused = await post_form(client, page, {"note": "  ", "version": "2"})
    assert refused.status_code == 422
    assert 'href="#note"' in refused.text
    assert "Write your answer to their question" in refused.text
    status = (await client.get(f"/api/v1/cases/{world.case_id}/contacts", headers=world.owner.headers)).json()
    assert status["items"][0]["status"] == "more_info_requested"


async def test_an_answer_with_an_identifier_is_refused_and_kept_for_mending(client: httpx.AsyncClient,
                                                                            factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.owner.email)
    refused = await post_form(client, page, {"note": "Call his mother on 07700 900123.", "version": "2"})
    assert refused.status_code == 422
    assert 'href="#note"' in refused.text
    assert "07700 900123" in refused.text  # what was typed stays in the box to be mended


async def test_the_answer_moves_the_contact_on_and_the_provider_reads_it(client: httpx.AsyncClient,
                                                                        factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.owner.email)
    sent = await post_form(client, page, {"note": "No falls in the last two years.", "version": "2"})
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == f"/cases/{world.case_id}#contacts"
    case_page = html.unescape((await client.get(sent.headers["location"])).text)
    assert "Your answer is sent to" in case_page
    again = await client.get(page)  # nothing asked now: no form to send a second answer
    assert 'id="nothing-asked"' in again.text
    assert 'name="note"' not in again.text
    await client.post("/sign-out", data={"csrf_token": csrf_token(again.text)})
    await sign_in(client, world.contacted.email)
    referral = html.unescape((await client.get(f"/provider/referrals/{world.contact_id}")).text)
    assert "No falls in the last two years." in referral
    # The landlord is told which of its homes the referral is about, with the way to keep it true.
    assert f'href="/provider/homes/{world.property_id}/edit">Two-bedroom bungalow, Shepshed' in referral


async def test_an_answer_sent_after_the_provider_moved_on_is_not_sent(client: httpx.AsyncClient,
                                                                     factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.owner.email)
    opened = await client.get(page)
    moved = await client.patch(f"/api/v1/contacts/{world.contact_id}", json={"status": "interested"},
                               headers=world.contacted.headers)
    assert moved.status_code == 200
    stale = await client.post(page, data={"note": "No falls.", "version": "2",
                                          "csrf_token": csrf_token(opened.text)})
    assert stale.status_code == 422
    assert "changed while you had the page open" in html.unescape(stale.text)


async def test_only_the_cases_commissioners_reach_the_answer_page(client: httpx.AsyncClient,
                                                                  factory: Factory) -> None:
    world, page = await _asked(client, factory)
    await sign_in(client, world.other_commissioner.email)
    assert (await client.get(page)).status_code == 404
    other_case = f"/cases/{world.other_case_id}/contacts/{world.contact_id}/answer"
    assert (await client.get(other_case)).status_code == 404  # a contact id under another case
    for member in (world.contacted, world.family):
        client.cookies.clear()
        await sign_in(client, member.email)
        assert (await client.get(page)).status_code in (403, 404), member.email
