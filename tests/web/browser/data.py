"""Realistic test data written through the API (the same rules as the pages), for browser journeys."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import Member, care_offer_body, property_body


def case_body(reference: str = "LEI-2027-014", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "reference": reference,
        "identity": {
            "full_name": "Jonathan Example",
            "known_as": "Jonny",
            "family_names": ["Margaret Example"],
        },
        "location": {
            "places": [{"name": "Loughborough", "label": "family", "weight": 1.0}],
            "max_distance_km": 40,
        },
        "target_move_date": "2027-03-01",
        "pen_picture": {
            "age_band": "25-34",
            "gender": "male",
            "client_groups": ["learning_disability", "autism"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 2,
            "restrictive_interventions_in_plan": True,
            "specialists": [],
            "communication": ["makaton"],
            "language": None,
            "narrative": "Loves trains and long walks. Needs a calm, quiet home and a steady team.",
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"],
            "property_types": [],
            "min_bedrooms": 2,
            "must_have": ["staff_bedroom"],
            "nice_to_have": ["quiet_location"],
            "min_accessibility": "G",
            "tenure": [],
            "max_weekly_rent": 250.0,
        },
    }
    body.update(overrides)
    return body


async def api(client: httpx.AsyncClient, method: str, url: str, member: Member, **kwargs: Any) -> Any:
    answer = await client.request(method, f"/api/v1{url}", headers=member.headers, **kwargs)
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else None


async def publish_care_offer(client: httpx.AsyncClient, member: Member, **overrides: Any) -> Any:
    return await api(
        client,
        "PUT",
        f"/organisations/{member.organisation_id}/care-offer",
        member,
        json=care_offer_body(**overrides),
    )


async def list_home(client: httpx.AsyncClient, member: Member, **overrides: Any) -> Any:
    assert member.organisation_id is not None
    return await api(
        client, "POST", "/properties", member, json=property_body(member.organisation_id, **overrides)
    )
