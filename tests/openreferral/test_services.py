"""GET /openreferral/services: the care offers as HSDS-UK 3.0, public and paginated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema

from tests.factories import Factory, care_offer_body

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "hsds_uk_3_0_service_page.schema.json").read_text())
URL = "/api/v1/openreferral/services"


def _validate(page: dict[str, Any]) -> None:
    jsonschema.validate(page, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


async def _offer(client: httpx.AsyncClient, factory: Factory, name: str, **overrides) -> str:
    organisation = await factory.organisation("care", name=name, description=f"{name} supports adults.",
                                              cqc_rating="good", cqc_location_ids=["1-000000001"])
    provider = await factory.user("provider", organisation)
    answer = await client.put(f"/api/v1/organisations/{organisation}/care-offer",
                              json=care_offer_body(**overrides), headers=provider.headers)
    assert answer.status_code == 200, answer.text
    return str(organisation)


async def test_anyone_reads_care_offers_as_valid_hsds_uk(client: httpx.AsyncClient, factory: Factory) -> None:
    first = await _offer(client, factory, "Alder Support")
    await _offer(client, factory, "Birch Care", capacity={"new_packages": 0})
    answer = await client.get(URL)  # no token: public
    assert answer.status_code == 200
    page = answer.json()
    _validate(page)
    assert (page["total_items"], page["size"], page["first_page"], page["last_page"]) == (2, 2, True, True)
    alder, birch = page["contents"]
    assert alder["organization"]["id"] == first
    assert alder["organization_id"] == first
    assert alder["status"] == "active"
    assert birch["status"] == "inactive"  # no capacity now
    assert alder["service_areas"][0]["name"] == "Leicester"
    assert "CQC rating: Good" in alder["accreditations"]
    assert "PBS" in alder["description"] or "Positive Behaviour Support" in alder["description"]


async def test_pages_walk_the_offers_without_repeats(client: httpx.AsyncClient, factory: Factory) -> None:
    for name in ("Ash", "Beech", "Cedar"):
        await _offer(client, factory, f"{name} Support")
    seen = []
    for number in (1, 2):
        page = (await client.get(URL, params={"page": number, "per_page": 2})).json()
        _validate(page)
        assert page["total_pages"] == 2
        assert page["page_number"] == number
        assert page["last_page"] is (number == 2)
        seen += [service["id"] for service in page["contents"]]
    assert len(seen) == len(set(seen)) == 3
    empty = (await client.get(URL, params={"page": 3, "per_page": 2})).json()
    _validate(empty)
    assert empty["contents"] == []
    assert empty["empty"] is True  # found from outside: a page past the end said it was not empty
    assert (await client.get(URL, params={"per_page": 500})).status_code == 422


async def test_an_empty_directory_is_a_valid_empty_page(client: httpx.AsyncClient) -> None:
    page = (await client.get(URL)).json()
    _validate(page)
    assert page["empty"] is True


async def test_a_page_past_the_paging_bound_is_a_422_naming_it(client: httpx.AsyncClient) -> None:
    answer = await client.get(URL, params={"page": 318099313994199138140421968})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["page"]
