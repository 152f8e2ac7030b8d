"""What the market call pages say when a weight, a cost or a home is wrong, and how their words read:
plain GOV.UK messages naming the field, dates that say what happened, labels instead of codes."""

from __future__ import annotations

import html
import re
from datetime import datetime

import httpx
from fastapi import FastAPI

from matcher.web.market_call_pages import uk_time
from tests.contacts.helpers import contact
from tests.factories import Factory
from tests.market_calls.helpers import build_world, in_days, move_closing_time, offer, open_call
from tests.web.pages import post_form, sign_in


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


async def test_a_call_closed_early_tells_the_provider_when_it_closed_not_when_it_was_due_to(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world, closes_at=in_days(5))
    await offer(client, world.care, call["id"], 2450.0)
    closed = await client.post(f"/api/v1/market-calls/{call['id']}/close", headers=world.owner.headers)
    assert closed.status_code == 200, closed.text
    closed_at = datetime.fromisoformat(closed.json()["closed_at"])
    due = datetime.fromisoformat(call["closes_at"])
    seen = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.care.headers)
    assert datetime.fromisoformat(seen.json()["closed_at"]) == closed_at  # the recipient's view says it
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = (await browser.get(f"/provider/market-calls/{call['id']}")).text
        assert f"This call closed on {uk_time(closed_at)}" in page
        assert uk_time(due) not in page
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        page = (await browser.get(f"/cases/{world.case_id}/market-calls/{call['id']}")).text
        assert f"(closed early, {uk_time(closed_at)})" in page


async def test_a_call_that_closed_when_due_says_its_closing_time_to_the_provider(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    await move_closing_time(factory.sessionmaker, call["id"], -60)
    seen = (await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.care.headers)).json()
    assert seen["status"] == "closed"
    assert seen["closed_at"] == seen["closes_at"]
    open_seen = await client.get(f"/api/v1/market-calls/{call['id']}", headers=world.landlord.headers)
    assert open_seen.json()["closed_at"] is not None
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = (await browser.get(f"/provider/market-calls/{call['id']}")).text
        assert f"This call closed on {uk_time(datetime.fromisoformat(seen['closes_at']))}" in page


async def test_the_offer_form_says_what_to_write_for_a_cost_or_a_home_it_cannot_take(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    page_url = f"/provider/market-calls/{call['id']}"
    pence = "Enter the weekly cost in pounds and pence, for example 2450 or 2450.50"
    too_much = "Enter a weekly cost of £1,000,000 or less"
    # The API keeps its own words for programs.
    api_home = await offer(client, world.landlord, call["id"], 210.0, property_id=world.far_home_id)
    assert api_home.status_code == 422
    assert "listed under eligible_homes" in api_home.text
    api_cost = await client.post(
        f"/api/v1/market-calls/{call['id']}/offers",
        json={"weekly_cost": "2400.555", "property_id": str(world.home_id)},
        headers=world.landlord.headers,
    )
    assert api_cost.status_code == 422
    assert "decimal places" in api_cost.text
    async with await _browser(app) as browser:
        await sign_in(browser, world.landlord.email)
        home = str(world.home_id)
        for typed, said in [
            ("2400.555", pence),
            ("nan", pence),
            ("inf", pence),
            ("lots", pence),
            ("1e9", too_much),
            ("1000000.01", too_much),
            ("0", "Enter a weekly cost of more than £0"),
        ]:
            answer = await post_form(browser, page_url, {"weekly_cost": typed, "property_id": home})
            assert answer.status_code == 422, (typed, answer.status_code)
            summary = _summary(answer.text)
            assert said in summary, (typed, summary)
            assert 'href="#weekly_cost"' in answer.text
            for api_word in ("Decimal", "finite", "digits"):
                assert api_word not in summary, (typed, summary)
        for home_typed in (str(world.far_home_id), "not-a-home"):
            answer = await post_form(browser, page_url, {"weekly_cost": "210", "property_id": home_typed})
            assert answer.status_code == 422, answer.text
            summary = _summary(answer.text)
            assert "Choose one of your homes that fit this call" in summary, summary
            assert "eligible_homes" not in answer.text
            assert 'href="#property_id"' in answer.text
        missing = await post_form(browser, page_url, {"weekly_cost": "210"})  # a landlord names its home
        assert missing.status_code == 422
        assert "Choose one of your homes that fit this call" in _summary(missing.text)
        fine = await post_form(browser, page_url, {"weekly_cost": "1,000,000", "property_id": home})
        assert fine.status_code == 303, fine.text
        revise = await post_form(browser, page_url, {"weekly_cost": "210.505", "property_id": home})
        assert revise.status_code == 422
        assert pence in _summary(revise.text)


async def test_codes_read_as_words_cost_gender_and_a_decline_reason(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    call = await open_call(client, world)
    await offer(client, world.care, call["id"], 2450.0)
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        ranked = html.unescape(
            (await browser.get(f"/cases/{world.case_id}/market-calls/{call['id']}?quality=0&cost=1")).text
        )
        assert "<strong>Cost</strong> 100%" in ranked, ranked.split("Why ", 1)[1][:900]
        assert "<strong>cost</strong>" not in ranked
        assert "<strong>Location</strong>" in ranked  # as the search's criteria read
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = (await browser.get(f"/provider/market-calls/{call['id']}")).text
        gender = re.search(r'Gender</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
        assert gender is not None
        assert gender.group(1) == "Male"
        age = re.search(r'Age</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
        assert age is not None
        assert age.group(1) == "25 to 34"
    made = await client.post(
        f"/api/v1/cases/{world.case_id}/contacts",
        json={"organisation_id": str(world.other_care.organisation_id)},
        headers=world.owner.headers,
    )
    assert made.status_code == 201, made.text
    declined = await client.patch(
        f"/api/v1/contacts/{made.json()['id']}",
        json={"status": "declined", "reason": "other"},
        headers=world.other_care.headers,
    )
    assert declined.status_code == 200, declined.text
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        case_page = html.unescape((await browser.get(f"/cases/{world.case_id}")).text)
        timeline = case_page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
        assert "Brook House Care: Declined</strong> (another reason)" in timeline, timeline
        assert " ," not in timeline
        assert ", other" not in timeline
    async with await _browser(app) as browser:
        await sign_in(browser, world.other_care.email)
        referral = html.unescape((await browser.get(f"/provider/referrals/{made.json()['id']}")).text)
        assert "(another reason)" in referral
        assert "(Other)" not in referral


async def test_a_staff_team_of_one_gender_reads_in_words_to_a_provider(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    world = await build_world(client, factory)
    case = await client.get(f"/api/v1/cases/{world.case_id}", headers=world.owner.headers)
    staffing = {**case.json()["pen_picture"]["staffing"], "staff_gender": "female"}
    changed = await client.patch(
        f"/api/v1/cases/{world.case_id}",
        json={"pen_picture": {**case.json()["pen_picture"], "staffing": staffing}},
        headers=world.owner.headers,
    )
    assert changed.status_code == 200, changed.text
    call = await open_call(client, world)
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = html.unescape((await browser.get(f"/provider/market-calls/{call['id']}")).text)
    assert "women staff only" in page
    assert "female staff only" not in page


async def test_a_note_naming_someone_is_said_in_words_on_the_note(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: the summary read 'must not hold identifiers (found PERSON, PHONE)', with no
    field named."""
    world = await build_world(client, factory)
    url = f"/cases/{world.case_id}/market-calls"
    closes = datetime.fromisoformat(in_days(3))
    async with await _browser(app) as browser:
        await sign_in(browser, world.owner.email)
        page = await post_form(browser, url, {
            "closes_on-day": str(closes.day), "closes_on-month": str(closes.month),
            "closes_on-year": str(closes.year), "closes_time": "17:00",
            "note": "Ring 07700 900123 for a visit"})
    assert page.status_code == 422, page.text
    said = _summary(page.text)
    assert "Note to providers holds a phone number" in said
    assert "PHONE" not in said
    assert 'href="#note"' in page.text


async def test_each_call_in_a_providers_list_has_its_own_link_text(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: every link read the council's name, so a provider could not tell two calls
    apart, nor quote one to the commissioner."""
    world = await build_world(client, factory)
    first, second = await open_call(client, world), await open_call(client, world)
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = (await browser.get("/provider/market-calls")).text
    links = re.findall(r'href="/provider/market-calls/[^"]+">([^<]+)</a>', page)
    assert len(links) == len(set(links)) == 2
    for call in (first, second):
        assert f"Call M-{call['id'].replace('-', '')[:6].upper()}" in links


async def test_an_offer_form_says_every_problem_at_once(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: with a cost of 'abc' and the date 31 2 2027, only the date was said; the cost
    only after the date was mended."""
    world = await build_world(client, factory)
    call = await open_call(client, world)
    url = f"/provider/market-calls/{call['id']}"
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        page = await post_form(browser, url, {"weekly_cost": "abc", "earliest_start-day": "31",
                                              "earliest_start-month": "2", "earliest_start-year": "2027"})
    assert page.status_code == 422
    said = _summary(page.text)
    assert 'href="#weekly_cost"' in page.text
    assert 'href="#earliest_start' in page.text
    assert "real date" in said
    assert "abc" in page.text  # what was typed is kept
    async with await _browser(app) as browser:
        await sign_in(browser, world.care.email)
        past = await post_form(browser, url, {"weekly_cost": "abc", "earliest_start-day": "1",
                                              "earliest_start-month": "1", "earliest_start-year": "2020"})
    said = _summary(past.text)
    assert "Earliest start must be today or later" in said
    assert 'href="#weekly_cost"' in past.text


async def test_a_landlords_referral_asks_about_the_home_and_shows_all_it_must_be(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    """Found from outside: a home's referral asked 'Can you support this person?', offered 'No suitable
    staff', and left out the types of home, accessibility and highest rent the commissioner set."""
    world = await build_world(client, factory)
    made = await contact(client, world.owner, world.case_id, world.landlord.organisation_id,
                         property_id=world.home_id)
    async with await _browser(app) as browser:
        await sign_in(browser, world.landlord.email)
        page = html.unescape((await browser.get(f"/provider/referrals/{made['id']}")).text)
    assert "Can you offer this home to this person?" in page
    assert "We cannot offer this home" in page
    assert "Can you support this person?" not in page
    assert 'value="no_suitable_staff"' not in page
    for row in ("Type of home", "Accessibility", "Tenure", "Highest weekly rent"):
        assert f'govuk-summary-list__key">{row}<' in page, row
