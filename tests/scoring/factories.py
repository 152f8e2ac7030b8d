"""Realistic providers, homes and cases around Leicestershire, each overridable by keyword."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from matcher.scoring import CareProvider, CaseQuery, Home, PbsEvidence, Place, ServiceArea

TODAY = date(2025, 3, 1)
LEICESTER = (52.6369, -1.1398)
LOUGHBOROUGH = (52.7721, -1.2062)
HINCKLEY = (52.5413, -1.3733)
MELTON = (52.7661, -0.8866)
NOTTINGHAM = (52.9548, -1.1581)


def place(
    name: str = "Loughborough",
    label: str | None = "family",
    weight: float = 1.0,
    at: tuple[float, float] = LOUGHBOROUGH,
) -> Place:
    return Place(name=name, label=label, weight=weight, latitude=at[0], longitude=at[1])


def area(
    name: str = "Leicester", at: tuple[float, float] = LEICESTER, radius_km: float = 30.0
) -> ServiceArea:
    return ServiceArea(name=name, latitude=at[0], longitude=at[1], radius_km=radius_km)


def pbs(level: int = 3, **overrides: Any) -> PbsEvidence:
    """Evidence that makes exactly `level`, the minimum for it."""
    fields: dict[str, Any] = {}
    if level >= 1:
        fields.update(pbs_policy=True, staff_trained_pct=50)
    if level >= 2:
        fields.update(staff_trained_pct=80, bild_act_certified_training=True, rrn_certified_training=True)
    if level >= 3:
        fields.update(
            pbs_lead=True,
            practice_leadership=True,
            restrictive_practice_reduction=True,
            discharges_supported_3y=1,
        )
    fields.update(overrides)
    return PbsEvidence(**fields)


def provider(organisation_id: str = "care-1", **overrides: Any) -> CareProvider:
    base = CareProvider(
        organisation_id=organisation_id,
        name=f"Provider {organisation_id}",
        description="Supported living for autistic adults and people with a learning disability. "
        "Positive behaviour support, consistent small teams, Makaton and easy read.",
        service_types=frozenset({"supported_living"}),
        client_groups=frozenset({"learning_disability", "autism"}),
        ratios=frozenset({"1:1", "2:1"}),
        nights=frozenset({"waking_night", "sleep_in"}),
        female_staff_only=False,
        male_staff_only=False,
        specialists=frozenset({"speech_and_language_therapist", "behaviour_specialist"}),
        communication=frozenset({"makaton", "easy_read"}),
        languages=frozenset(),
        pbs=pbs(3),
        service_area=(area(),),
        new_packages=2,
        earliest_start=None,
    )
    return replace(base, **overrides)


def home(property_id: str = "home-1", **overrides: Any) -> Home:
    base = Home(
        property_id=property_id,
        organisation_id="housing-1",
        title=f"Bungalow {property_id}",
        description="Detached bungalow with an enclosed garden on a quiet street, staff bedroom.",
        property_type="bungalow",
        living_arrangement="single_occupancy",
        max_occupants=1,
        bedrooms=2,
        accessibility="C",
        features=frozenset({"enclosed_garden", "staff_bedroom", "quiet_location", "level_access"}),
        assistive_technology=frozenset({"door_sensors"}),
        tenure=frozenset({"social_rent"}),
        weekly_rent=200.0,
        available_from=None,
        status="available",
        latitude=LOUGHBOROUGH[0] + 0.02,
        longitude=LOUGHBOROUGH[1],
        area="Loughborough",
        care_partner_ids=frozenset(),
    )
    return replace(base, **overrides)


def query(**overrides: Any) -> CaseQuery:
    base = CaseQuery(
        places=(place(),),
        max_distance_km=40.0,
        target_move_date=date(2025, 9, 1),
        client_groups=frozenset({"learning_disability", "autism"}),
        day_ratio="2:1",
        night="waking_night",
        staff_gender=None,
        required_pbs_level=2,
        restrictive_interventions_in_plan=True,
        specialists=frozenset({"speech_and_language_therapist"}),
        communication=frozenset({"makaton"}),
        language=None,
        narrative="Autistic man who loves gardening and quiet places; needs a consistent team and Makaton.",
        living_arrangement=frozenset({"single_occupancy"}),
        property_types=frozenset({"bungalow", "detached_house"}),
        min_bedrooms=2,
        must_have=frozenset({"staff_bedroom", "enclosed_garden"}),
        nice_to_have=frozenset({"quiet_location"}),
        min_accessibility="D",
        tenure=frozenset({"social_rent", "supported_exempt"}),
        max_weekly_rent=250.0,
    )
    return replace(base, **overrides)


def offset_north(origin: tuple[float, float], km: float) -> tuple[float, float]:
    """A point `km` geodesic kilometres due north of origin (via geopy, the same measure as scoring)."""
    from geopy.distance import geodesic

    p = geodesic(kilometers=km).destination(origin, bearing=0)
    return (p.latitude, p.longitude)
