"""What the market call pages say when a weight, a cost or a home is wrong, and how their words read:
plain GOV.UK messages naming the field, dates that say what happened, labels instead of codes."""

from __future__ import annotations

import html

import httpx
from fastapi import FastAPI

from tests.factories import Factory
from tests.market_calls.helpers import build_world, offer, open_call
from tests.web.pages import sign_in


async def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _summary(page: str) -> str:
    """The GOV.UK error summary's text."""
    assert "govuk-error-summary" in page, "the page has an error summary"
    return html.unescape(page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0])


async def test_a_weight_that_is_no_usable_number_is_said_on_the_page_and_never_replaced_silently(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    url = f"/cases/{world.case_id}/market-calls/{call['id']}"
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        for field, query in [
            ("quality", "quality=nan&cost=1"),
            ("quality", "quality=inf&cost=1"),
            ("quality", "quality=1e400&cost=1"),
            ("quality", "quality=-1&cost=1"),
            ("quality", "quality=1001&cost=1"),
            ("quality", "quality=lots&cost=1"),
            ("cost", "quality=1&cost=NaN"),
            ("cost", "quality=1&cost=-inf"),
        ]:
            page = await browser.get(f"{url}?{query}")
            assert page.status_code == 422, (query, page.status_code)
            said = _summary(page.text)
            assert f"Enter a {field} weight from 0 to 1000" in said, (query, said)
            assert f'href="#{field}"' in page.text
            assert "Ranked with quality" not in page.text, query  # never one weight typed, one replaced
            assert "ranked with the usual weights: quality at 60.0% and cost at 40.0%" in page.text, query
        both = await browser.get(f"{url}?quality=nan&cost=-1")
        assert both.status_code == 422
        said = _summary(both.text)
        assert "Enter a quality weight from 0 to 1000" in said
        assert "Enter a cost weight from 0 to 1000" in said
        typed = await browser.get(f"{url}?quality=1e400&cost=1")
        assert 'value="1e400"' in typed.text  # what was typed is kept to correct
        fine = await browser.get(f"{url}?quality=75%25&cost=25")
        assert fine.status_code == 200, fine.text
        assert "Ranked with quality at 75.0% and cost at 25.0%." in fine.text
