"""The allocation and market gaps pages over plain HTTP: the proposal beside each case's best alone,
reserving from it through the reservation rules, charts that are also tables, and who may see them."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from matcher.allocation.schemas import UnlockOut
from matcher.web.change_words import change_in_words
from tests.api.allocation_world import allocation_world
from tests.api.test_search import search_body
from tests.factories import Factory
from tests.web.pages import csrf_token, sign_in


@pytest.fixture
async def world(client: httpx.AsyncClient, factory: Factory) -> dict[str, Any]:
    return await allocation_world(client, factory)


def _query(world: dict[str, Any]) -> str:
    return (
        "/allocation?" + "&".join(f"case={c}" for c in world["cases"]) + "&objective=most_people_then_score"
    )


async def test_the_proposal_shows_each_case_beside_its_best_alone_and_reserves(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    await sign_in(client, world["commissioner"].email)
    picker = await client.get("/allocation")
    assert picker.status_code == 200
    assert picker.text.count('name="case"') == 3  # the open cases only, not the closed one
    page = await client.get(_query(world))
    assert page.status_code == 200, page.text
    assert "2 of 3 people matched" in page.text
    assert "Best alone" in page.text
    assert "its only packages went to cases with no other option" in page.text.lower()
    home = re.search(r'name="property_id" value="([^"]+)"', page.text)
    case = re.search(r'name="case_id" value="([^"]+)"', page.text)
    assert home
    assert case
    back = _query(world)
    reserved = await client.post(
        "/allocation/reservations",
        data={
            "case_id": case.group(1),
            "property_id": home.group(1),
            "back": back,
            "csrf_token": csrf_token(page.text),
        },
    )
    assert reserved.status_code == 303
    assert reserved.headers["location"] == back
    after = await client.get(back)
    assert "is reserved" in after.text
    assert "Already holding a home" in after.text
    listed = await client.get(f"/api/v1/properties/{home.group(1)}", headers=world["both"].headers)
    assert listed.json()["status"] == "reserved"


async def test_reserving_a_home_twice_is_refused_by_the_reservation_rules(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    await sign_in(client, world["commissioner"].email)
    page = await client.get(_query(world))
    data = {
        "case_id": world["cases"][0],
        "property_id": world["homes"][0],
        "csrf_token": csrf_token(page.text),
    }
    assert (await client.post("/allocation/reservations", data=data)).status_code == 303
    again = await client.post("/allocation/reservations", data={**data, "case_id": world["cases"][1]})
    assert again.status_code == 409
    without_csrf = await client.post("/allocation/reservations", data={"case_id": world["cases"][2]})
    assert without_csrf.status_code == 403


async def test_another_organisations_case_cannot_be_allocated(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    await sign_in(client, world["other"].email)
    assert "LEI-0" not in (await client.get("/allocation")).text
    assert (await client.get(_query(world))).status_code == 404


async def test_market_page_draws_charts_with_tables(client: httpx.AsyncClient, world: dict[str, Any]) -> None:
    await sign_in(client, world["commissioner"].email)
    body = {
        **search_body(location={"places": [{"name": "Truro"}], "max_distance_km": 20}),
        "reference": "FAR-1",
    }
    created = await client.post("/api/v1/cases", json=body, headers=world["commissioner"].headers)
    assert created.status_code == 201, created.text
    page = await client.get("/market")
    assert page.status_code == 200, page.text
    assert page.text.count('role="img"') == 2
    assert "Unmet needs by kind and area" in page.text
    assert "Truro" in page.text
    assert "FAR-1" in page.text
    assert "<table" in page.text
    assert "→" not in page.text  # the change that adds most is in words, not field codes
    # what rules out most is in the search page's words (found from outside: "Outside area (housing)")
    assert "Too far from the places that matter (homes)" in page.text
    assert "(housing)" not in page.text


async def test_admins_see_the_market_unnamed_and_providers_are_refused(
    client: httpx.AsyncClient, world: dict[str, Any], factory: Factory
) -> None:
    admin = await factory.admin()
    await sign_in(client, admin.email)
    page = await client.get("/market")
    assert page.status_code == 200
    assert "LEI-" not in page.text
    assert "NOT-1" not in page.text
    assert (await client.get("/allocation")).status_code == 403
    client.cookies.clear()
    await sign_in(client, world["both"].email)
    assert (await client.get("/market")).status_code == 403
    assert (await client.get("/allocation")).status_code == 403


@pytest.mark.parametrize(
    ("field", "before", "after", "words"),
    [
        ("must_have", "robust_fixtures", "not required", "Robust fixtures not required"),
        ("target_move_date", "2027-03-15", "2027-06-14", "Move on 14 June 2027 instead of 15 March 2027"),
        ("max_distance_km", "30", "45", "Look up to 45 km away instead of 30 km"),
        ("property_types", "cluster_flat, flat", "any",
         "Accept any type of home (not only flat in a small cluster, flat)"),
        ("specialists", "speech_and_language_therapist", "not required",
         "Speech and language therapist not required"),
    ],
)
def test_the_change_that_adds_most_is_said_in_words(field: str, before: str, after: str, words: str) -> None:
    unlock = UnlockOut.model_validate(
        {"change": "", "field": field, "before": before, "after": after,
         "adds": {"care": 0, "housing": 3, "packages": 1}}
    )
    assert change_in_words(unlock) == f"{words}: adds 3 homes, 1 package"


async def test_allocating_with_nobody_ticked_says_so(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    """Found from outside: the form sent with no case ticked came back with no word."""
    await sign_in(client, world["commissioner"].email)
    page = await client.get("/allocation", params={"objective": "most_people_then_score"})
    assert page.status_code == 422
    assert "<title>Error:" in page.text
    assert 'href="#case-1">Select at least one person waiting' in page.text
    assert (await client.get("/allocation")).status_code == 200
