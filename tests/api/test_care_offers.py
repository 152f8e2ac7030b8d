"""Care offers: PBS level derived, capacity confirmed with its own time, only the owner changes it."""

from __future__ import annotations

import httpx

from tests.factories import Factory, care_offer_body


async def test_provider_publishes_its_offer_with_derived_pbs_level(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    answer = await client.put(url, json=care_offer_body(), headers=provider.headers)
    assert answer.status_code == 200, answer.text
    offer = answer.json()
    assert offer["pbs_level"] == 3
    assert offer["service_area"][0]["name"] == "Leicester"
    assert 52.5 < offer["service_area"][0]["latitude"] < 52.7
    assert offer["capacity"]["new_packages"] == 2
    assert offer["capacity"]["updated_at"]
    assert offer["updated_at"]
    reader = await factory.commissioner()
    read = await client.get(url, headers=reader.headers)
    assert read.status_code == 200
    assert read.json()["pbs_level"] == 3


async def test_pbs_level_follows_the_evidence(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    weak = {"pbs_policy": True, "staff_trained_pct": 60}
    answer = await client.put(url, json=care_offer_body(pbs=weak), headers=provider.headers)
    assert answer.json()["pbs_level"] == 1
    assert answer.json()["pbs_next_steps"], "a provider is told what would raise its level"


async def test_a_second_put_moves_the_capacity_time(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    first = (await client.put(url, json=care_offer_body(), headers=provider.headers)).json()
    second = (
        await client.put(url, json=care_offer_body(capacity={"new_packages": 0}), headers=provider.headers)
    ).json()
    assert second["capacity"]["new_packages"] == 0
    assert second["capacity"]["updated_at"] > first["capacity"]["updated_at"]


async def test_another_provider_cannot_change_it(client: httpx.AsyncClient, factory: Factory) -> None:
    owner = await factory.provider("care")
    other = await factory.provider("care")
    commissioner = await factory.commissioner()
    url = f"/api/v1/organisations/{owner.organisation_id}/care-offer"
    assert (await client.put(url, json=care_offer_body(), headers=other.headers)).status_code == 403
    assert (await client.put(url, json=care_offer_body(), headers=commissioner.headers)).status_code == 403
    admin = await factory.admin()
    assert (await client.put(url, json=care_offer_body(), headers=admin.headers)).status_code == 200


async def test_housing_only_organisation_has_no_care_offer(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    url = f"/api/v1/organisations/{landlord.organisation_id}/care-offer"
    assert (await client.put(url, json=care_offer_body(), headers=landlord.headers)).status_code == 409
    assert (await client.get(url, headers=landlord.headers)).status_code == 404


async def test_validation_names_each_field(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    body = care_offer_body(
        client_groups=["autism", "autistic"], service_area=[{"name": "Leicester", "radius_km": 0}]
    )
    body["pbs"] = {**body["pbs"], "staff_trained_pct": 120}
    answer = await client.put(url, json=body, headers=provider.headers)
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"client_groups[1]", "service_area[0].radius_km", "pbs.staff_trained_pct"} <= fields


async def test_unknown_place_is_422_with_suggestions(client: httpx.AsyncClient, factory: Factory) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    answer = await client.put(
        url,
        json=care_offer_body(service_area=[{"name": "Xyzzyplace", "radius_km": 10}]),
        headers=provider.headers,
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].startswith("service_area[0]")
    fuzzy = await client.put(
        url,
        json=care_offer_body(service_area=[{"name": "Loughboro", "radius_km": 10}]),
        headers=provider.headers,
    )
    assert fuzzy.status_code == 200
    assert fuzzy.json()["service_area"][0]["name"] == "Loughborough"


async def test_what_get_answers_can_be_put_back(client: httpx.AsyncClient, factory: Factory) -> None:
    """GET-modify-PUT: each area comes back with its name and coordinates, whatever form it was given in."""
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    body = care_offer_body()
    body["service_area"] = [
        {"name": "Leicester", "radius_km": 20},
        {"postcode": "LE11 3TU", "radius_km": 10},
        {"latitude": 52.7721, "longitude": -1.2062, "radius_km": 5},
    ]
    first = await client.put(url, json=body, headers=provider.headers)
    assert first.status_code == 200, first.text
    read = (await client.get(url, headers=provider.headers)).json()
    changed = {key: read[key] for key in body if key != "capacity"}
    changed["capacity"] = {"new_packages": 4, "earliest_start": read["capacity"]["earliest_start"]}
    again = await client.put(url, json=changed, headers=provider.headers)
    assert again.status_code == 200, again.text
    assert again.json()["service_area"] == read["service_area"]
    assert again.json()["capacity"]["new_packages"] == 4


async def test_a_name_and_coordinates_that_disagree_are_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    provider = await factory.provider("care")
    url = f"/api/v1/organisations/{provider.organisation_id}/care-offer"
    body = care_offer_body()
    body["service_area"] = [{"name": "Leicester", "latitude": 50.26, "longitude": -5.05, "radius_km": 20}]
    answer = await client.put(url, json=body, headers=provider.headers)
    assert answer.status_code == 422
    error = answer.json()["errors"][0]
    assert error["field"] == "service_area[0]"
    assert "not both" in error["message"]
