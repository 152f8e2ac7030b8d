"""A refused page is never a dead end: the error page links back to where the person was, built from the
page's own web address (a known pattern, an id parsed as an id), never from a Referer or a parameter."""

from __future__ import annotations

import html
import uuid

import httpx
from fastapi import FastAPI

from tests.contacts.helpers import build_world, make_case
from tests.factories import Factory
from tests.market_calls import helpers as market
from tests.web.pages import csrf_token, post_form, sign_in

START = ("/", "Go to the start page")


async def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _links(page: str) -> list[tuple[str, str]]:
    """(href, words) of the error page's links, in order."""
    body = html.unescape(page.split('<h1 class="govuk-heading-l">', 1)[1].split("</main>", 1)[0])
    found = []
    for part in body.split('<a class="govuk-link" href="')[1:]:
        href, rest = part.split('">', 1)
        found.append((href, rest.split("</a>", 1)[0]))
    return found


async def test_contacting_the_same_provider_twice_links_back_to_the_case(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await market.build_world(client, factory)  # a case written through the API: its search opens
    await sign_in(client, world.owner.email)
    search = f"/cases/{world.case_id}/search"
    data: dict[str, str | list[str]] = {"organisation_id": str(world.care.organisation_id)}
    first = await post_form(client, search, data, action=f"/cases/{world.case_id}/contacts")
    assert first.status_code == 303, first.text
    again = await post_form(client, search, data, action=f"/cases/{world.case_id}/contacts")
    assert again.status_code == 409, again.text
    assert "This could not be done" in again.text
    assert _links(again.text) == [(f"/cases/{world.case_id}", "Go back to the case"), START]
    assert "Nothing was changed" in again.text


async def test_reserving_a_home_another_case_holds_links_back_to_the_case(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    second_case = await make_case(factory.sessionmaker, world.owner.organisation_id)
    await sign_in(client, world.owner.email)
    token = csrf_token((await client.get("/")).text)
    data = {"property_id": str(world.property_id), "csrf_token": token}
    held = await client.post(f"/cases/{world.case_id}/reservations", data=data)
    assert held.status_code == 303, held.text
    refused = await client.post(f"/cases/{second_case}/reservations", data=data)
    assert refused.status_code == 409, refused.text
    assert _links(refused.text) == [(f"/cases/{second_case}", "Go back to the case"), START]
    # A Referer elsewhere, or a parameter, never becomes the way back.
    tricked = await client.post(f"/cases/{second_case}/reservations?back=https://evil.example/",
                                data=data, headers={"referer": "https://evil.example/phish"})
    assert tricked.status_code == 409
    assert "evil.example" not in tricked.text
    assert (f"/cases/{second_case}", "Go back to the case") in _links(tricked.text)


async def test_a_refusal_to_a_provider_links_back_to_the_list_it_came_from(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await market.build_world(client, factory)
    call = await market.open_call(client, world)
    await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page_url = f"/provider/market-calls/{call['id']}"
        token = csrf_token((await browser.get(page_url)).text)
        late = await browser.post(page_url, data={"weekly_cost": "210", "csrf_token": token})
        assert late.status_code == 409, late.text
        assert _links(late.text) == [("/provider/market-calls", "Go back to your market calls"), START]


async def test_a_page_that_is_not_there_or_not_yours_keeps_the_start_page_only(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await market.build_world(client, factory)
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)  # a provider on a commissioner's page
        refused = await browser.get(f"/cases/{world.case_id}/market-calls")
        assert refused.status_code == 403
        assert _links(refused.text) == [START]
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        missing = await browser.get(f"/cases/{uuid.uuid4()}/search")
        assert missing.status_code == 404
        assert _links(missing.text) == [START]
