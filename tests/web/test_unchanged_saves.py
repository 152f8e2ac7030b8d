"""Saving a change page without changing anything changes nothing. Found from outside: saving any part
of a case wiped the person's date of birth and NHS number and set every place's weight back to 1 (the
form had no fields for them), and saving a home moved it to its town's centre."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Factory, Member
from tests.web.browser.data import api, case_body, list_home, publish_care_offer
from tests.web.pages import form_fields, sign_in


async def _browser(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def _resubmit(browser: httpx.AsyncClient, page_url: str, action: str) -> httpx.Response:
    page = await browser.get(page_url)
    assert page.status_code == 200, page.text
    fields = form_fields(page.text, action)
    assert "csrf_token" in fields
    return await browser.post(action, data=fields)


def _case_with_everything() -> dict[str, Any]:
    body = case_body("LEI-2027-077")
    body["identity"] |= {"date_of_birth": "1988-11-21", "nhs_number": "943 476 5919",
                         "address": "3 Placeholder Road, Coalville"}
    body["location"]["places"] = [
        {"name": "Loughborough", "label": "family", "weight": 1.0},
        {"name": "Oakham", "label": "friends", "weight": 0.5},
    ]
    return body


async def test_saving_each_part_of_a_case_unchanged_keeps_every_field(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=_case_with_everything())
    before = await api(client, "GET", f"/cases/{case['id']}", owner)
    async with await _browser(app) as browser:
        await sign_in(browser, owner.email)
        for part in ("1", "2", "3"):
            edit_url = f"/cases/{case['id']}/edit"
            saved = await _resubmit(browser, f"{edit_url}?part={part}", edit_url)
            assert saved.status_code == 303, (part, saved.text)
            after = await api(client, "GET", f"/cases/{case['id']}", owner)
            assert after["identity"] == before["identity"], part
            assert [(p["name"], p["label"], p["weight"]) for p in after["location"]["places"]] == [
                ("Loughborough", "family", 1.0),
                ("Oakham", "friends", 0.5),
            ], part
            for key in ("pen_picture", "housing_spec", "target_move_date", "reference"):
                assert after[key] == before[key], (part, key)


async def test_the_case_form_records_the_date_of_birth_nhs_number_and_place_weights(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=case_body())
    edit_url = f"/cases/{case['id']}/edit"
    typed = {
        "identity.date_of_birth-day": "21", "identity.date_of_birth-month": "11",
        "identity.date_of_birth-year": "1988", "identity.nhs_number": "943 476 5919",
        "location.places[1].name": "Oakham", "location.places[1].label": "friends",
        "location.places[1].weight": "0.5",
    }
    async with await _browser(app) as browser:
        await sign_in(browser, owner.email)
        page = (await browser.get(edit_url + "?part=1")).text
        for name in typed:
            assert f'name="{name}"' in page, name
        sent = form_fields(page, edit_url) | {name: [value] for name, value in typed.items()}
        saved = await browser.post(edit_url, data=sent)
        assert saved.status_code == 303, saved.text
    stored = await api(client, "GET", f"/cases/{case['id']}", owner)
    assert stored["identity"]["date_of_birth"] == "1988-11-21"
    assert stored["identity"]["nhs_number"].replace(" ", "") == "9434765919"
    assert [(p["name"], p["weight"]) for p in stored["location"]["places"]] == [
        ("Loughborough", 1.0),
        ("Oakham", 0.5),
    ]


async def test_wrong_date_of_birth_nhs_number_and_weight_are_named_in_words(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    owner = await factory.commissioner()
    case = await api(client, "POST", "/cases", owner, json=_case_with_everything())
    edit_url = f"/cases/{case['id']}/edit"
    async with await _browser(app) as browser:
        await sign_in(browser, owner.email)
        fields = form_fields((await browser.get(edit_url + "?part=1")).text, edit_url)
        wrong = {"identity.date_of_birth-month": "13", "identity.nhs_number": "123 456 7890",
                 "location.places[1].weight": "lots"}
        sent = fields | {name: [value] for name, value in wrong.items()}
        refused = await browser.post(edit_url, data=sent)
    assert refused.status_code == 422
    page = refused.text
    assert "Date of birth must be a real date" in page
    assert "NHS number" in page
    assert "How much place 2 matters must be a number more than 0 and up to 100" in page
    stored = await api(client, "GET", f"/cases/{case['id']}", owner)
    assert stored["identity"]["date_of_birth"] == "1988-11-21"  # nothing saved


async def test_saving_a_home_unchanged_keeps_its_exact_location(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord: Member = await factory.user("provider", await factory.organisation("housing"))
    home = await list_home(client, landlord, location={"latitude": 52.63558, "longitude": -1.07841})
    before = await api(client, "GET", f"/properties/{home['id']}", landlord)
    async with await _browser(app) as browser:
        await sign_in(browser, landlord.email)
        url = f"/provider/homes/{home['id']}/edit"
        saved = await _resubmit(browser, url, url)
        assert saved.status_code == 303, saved.text
    after = await api(client, "GET", f"/properties/{uuid.UUID(home['id'])}", landlord)
    assert after["location"] == before["location"]


async def test_saving_the_care_offer_unchanged_keeps_each_areas_centre(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    care: Member = await factory.user("provider", await factory.organisation("care"))
    # given by coordinates a little off the centre of the town it is named after
    area = {"latitude": 52.62, "longitude": -1.11, "radius_km": 25}
    await publish_care_offer(client, care, service_area=[area])
    url = f"/organisations/{care.organisation_id}/care-offer"
    before = await api(client, "GET", url, care)
    async with await _browser(app) as browser:
        await sign_in(browser, care.email)
        saved = await _resubmit(browser, "/provider/care-offer", "/provider/care-offer")
        assert saved.status_code == 303, saved.text
    after = await api(client, "GET", url, care)
    assert after["service_area"] == before["service_area"]
    assert (after["service_area"][0]["latitude"], after["service_area"][0]["longitude"]) == (52.62, -1.11)


async def test_a_home_moved_by_typing_new_coordinates_goes_there(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord: Member = await factory.user("provider", await factory.organisation("housing"))
    home = await list_home(client, landlord, location={"latitude": 52.63558, "longitude": -1.07841})
    url = f"/provider/homes/{home['id']}/edit"
    async with await _browser(app) as browser:
        await sign_in(browser, landlord.email)
        page = await browser.get(url)
        fields = form_fields(page.text, url) | {"location": ["52.7721, -1.2062"]}
        saved = await browser.post(url, data=fields)
        assert saved.status_code == 303, saved.text
    after = await api(client, "GET", f"/properties/{home['id']}", landlord)
    assert (after["location"]["latitude"], after["location"]["longitude"]) == (52.7721, -1.2062)
