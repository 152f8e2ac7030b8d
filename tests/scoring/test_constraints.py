"""Each exclusion reason on both sides of its threshold, for homes and for care providers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from matcher.scoring import CaseQuery, Marketplace
from tests.scoring import factories as f


def home_reasons(q: CaseQuery, **home: Any) -> list[str]:
    m = Marketplace.build([], [f.home("h", **home)])
    explanation = m.explain_home(q, "h", today=f.TODAY)
    outcome = m.search(q, today=f.TODAY)
    reasons = [x.reason for x in explanation.failed]
    assert explanation.eligible == (not reasons)
    assert outcome.excluded["housing"] == {r: 1 for r in reasons}  # search and explain agree
    assert [r.property_id for r in outcome.housing] == ([] if reasons else ["h"])
    return reasons


def provider_reasons(q: CaseQuery, **provider: Any) -> list[str]:
    m = Marketplace.build([f.provider("p", **provider)], [])
    explanation = m.explain_provider(q, "p", today=f.TODAY)
    outcome = m.search(q, today=f.TODAY)
    reasons = [x.reason for x in explanation.failed]
    assert outcome.excluded["care"] == {r: 1 for r in reasons}
    assert [r.organisation_id for r in outcome.care] == ([] if reasons else ["p"])
    return reasons


def test_the_factory_home_and_provider_fit_the_factory_case() -> None:
    assert home_reasons(f.query()) == []
    assert provider_reasons(f.query()) == []


# ------------------------------------------------------------------------------------------- homes


@pytest.mark.parametrize(("km", "excluded"), [(39.95, False), (40.0, False), (40.05, True)])
def test_home_distance_is_geodesic_at_the_limit(km: float, excluded: bool) -> None:
    lat, lon = f.offset_north(f.LOUGHBOROUGH, km)
    assert home_reasons(f.query(), latitude=lat, longitude=lon) == (["outside_area"] if excluded else [])


def test_home_distance_is_to_the_nearest_place() -> None:
    lat, lon = f.offset_north(f.LOUGHBOROUGH, 45)
    q = f.query(places=(f.place(), f.place("Nottingham", "work", 0.2, f.NOTTINGHAM)))
    assert home_reasons(q, latitude=lat, longitude=lon) == []


def test_home_outside_area_evidence_names_place_and_limit() -> None:
    lat, lon = f.offset_north(f.LOUGHBOROUGH, 42.1)
    m = Marketplace.build([], [f.home("h", latitude=lat, longitude=lon)])
    (failure,) = m.explain_home(f.query(), "h", today=f.TODAY).failed
    assert failure.evidence == "42.1 km from Loughborough (family), limit 40 km"


def test_home_arrangement() -> None:
    assert home_reasons(f.query(), living_arrangement="shared") == ["arrangement_not_accepted"]
    q = f.query(living_arrangement=frozenset({"single_occupancy", "shared"}))
    assert home_reasons(q, living_arrangement="shared") == []


def test_home_type_any_when_none_listed() -> None:
    assert home_reasons(f.query(), property_type="flat") == ["type_not_accepted"]
    assert home_reasons(f.query(property_types=frozenset()), property_type="flat") == []


@pytest.mark.parametrize(("bedrooms", "excluded"), [(3, False), (2, True)])
def test_home_bedrooms(bedrooms: int, excluded: bool) -> None:
    reasons = home_reasons(f.query(min_bedrooms=3), bedrooms=bedrooms)
    assert reasons == (["too_few_bedrooms"] if excluded else [])


def test_home_must_have_may_be_a_feature_or_assistive_technology() -> None:
    q = f.query(must_have=frozenset({"enclosed_garden", "door_sensors"}))
    assert home_reasons(q) == []
    assert home_reasons(q, assistive_technology=frozenset()) == ["must_have_missing"]
    m = Marketplace.build([], [f.home("h", features=frozenset({"staff_bedroom"}))])
    (failure,) = m.explain_home(f.query(), "h", today=f.TODAY).failed
    assert failure.evidence == "Lacks enclosed garden"


@pytest.mark.parametrize(("category", "excluded"), [("A", False), ("C", False), ("D", True), ("G", True)])
def test_home_accessibility_order_a_best(category: str, excluded: bool) -> None:
    reasons = home_reasons(f.query(min_accessibility="C"), accessibility=category)
    assert reasons == (["accessibility_below_minimum"] if excluded else [])


def test_home_accessibility_default_g_admits_all() -> None:
    assert home_reasons(f.query(min_accessibility="G"), accessibility="G") == []


def test_home_tenure_any_overlap() -> None:
    assert home_reasons(f.query(), tenure=frozenset({"private_rent"})) == ["tenure_not_accepted"]
    assert home_reasons(f.query(), tenure=frozenset({"private_rent", "supported_exempt"})) == []
    assert home_reasons(f.query(tenure=frozenset()), tenure=frozenset({"private_rent"})) == []


@pytest.mark.parametrize(("rent", "excluded"), [(250.0, False), (250.01, True), (None, False)])
def test_home_rent_equal_to_limit_passes(rent: float | None, excluded: bool) -> None:
    assert home_reasons(f.query(), weekly_rent=rent) == (["rent_over_limit"] if excluded else [])


def test_home_rent_evidence() -> None:
    m = Marketplace.build([], [f.home("h", weekly_rent=260.0)])
    (failure,) = m.explain_home(f.query(), "h", today=f.TODAY).failed
    assert failure.evidence == "£260.00 a week, limit £250.00"


@pytest.mark.parametrize("status", ["reserved", "let", "withdrawn"])
def test_home_not_available(status: str) -> None:
    assert home_reasons(f.query(), status=status) == ["not_available"]


@pytest.mark.parametrize(("days_after", "excluded"), [(0, False), (1, True)])
def test_home_ready_in_time(days_after: int, excluded: bool) -> None:
    target = date(2025, 9, 1)
    reasons = home_reasons(f.query(target_move_date=target), available_from=target + timedelta(days_after))
    assert reasons == (["not_ready_in_time"] if excluded else [])


def test_home_readiness_not_checked_without_target() -> None:
    assert home_reasons(f.query(target_move_date=None), available_from=date(2030, 1, 1)) == []


def test_explain_lists_every_broken_home_constraint() -> None:
    reasons = home_reasons(f.query(), bedrooms=1, weekly_rent=400.0, status="let", property_type="flat")
    assert reasons == ["type_not_accepted", "too_few_bedrooms", "rent_over_limit", "not_available"]


# --------------------------------------------------------------------------------------- providers


@pytest.mark.parametrize(("radius", "excluded"), [(15.0, False), (14.0, True)])
def test_provider_service_area_must_cover_a_place(radius: float, excluded: bool) -> None:
    centre = f.offset_north(f.LOUGHBOROUGH, 14.9)
    reasons = provider_reasons(f.query(), service_area=(f.area("North", centre, radius),))
    assert reasons == (["outside_area"] if excluded else [])


def test_provider_boundary_decided_geodesically() -> None:
    centre = f.offset_north(f.LOUGHBOROUGH, 30.0)
    assert provider_reasons(f.query(), service_area=(f.area("N", centre, 30.01),)) == []
    assert provider_reasons(f.query(), service_area=(f.area("N", centre, 29.99),)) == ["outside_area"]


def test_provider_any_place_in_any_area() -> None:
    q = f.query(places=(f.place(), f.place("Nottingham", "work", 0.5, f.NOTTINGHAM)))
    areas = (f.area("Far", (51.5, -0.1), 10), f.area("Notts", f.NOTTINGHAM, 5))
    assert provider_reasons(q, service_area=areas) == []
    assert provider_reasons(q, service_area=()) == ["outside_area"]


@pytest.mark.parametrize(("packages", "excluded"), [(1, False), (0, True)])
def test_provider_capacity(packages: int, excluded: bool) -> None:
    assert provider_reasons(f.query(), new_packages=packages) == (["no_capacity"] if excluded else [])


@pytest.mark.parametrize(("days_after", "excluded"), [(0, False), (1, True)])
def test_provider_ready_in_time(days_after: int, excluded: bool) -> None:
    target = date(2025, 9, 1)
    reasons = provider_reasons(
        f.query(target_move_date=target), earliest_start=target + timedelta(days_after)
    )
    assert reasons == (["not_ready_in_time"] if excluded else [])


@pytest.mark.parametrize(("level", "excluded"), [(2, False), (3, False), (1, True)])
def test_provider_pbs_level(level: int, excluded: bool) -> None:
    q = f.query(required_pbs_level=2, restrictive_interventions_in_plan=False)
    assert provider_reasons(q, pbs=f.pbs(level)) == (["pbs_below_required"] if excluded else [])


def test_provider_pbs_evidence_names_the_gap() -> None:
    m = Marketplace.build(
        [f.provider("p", pbs=f.pbs(1, staff_trained_pct=85, rrn_certified_training=True))], []
    )
    (failure,) = m.explain_provider(f.query(), "p", today=f.TODAY).failed
    assert failure.evidence == "PBS level 1, level 2 required: no BILD ACT certified training"


def test_provider_rrn_training_only_when_plan_has_restrictive_interventions() -> None:
    evidence = f.pbs(1, rrn_certified_training=False)
    q = f.query(required_pbs_level=1)
    assert provider_reasons(q, pbs=evidence) == ["rrn_training_required"]
    assert (
        provider_reasons(f.query(required_pbs_level=1, restrictive_interventions_in_plan=False), pbs=evidence)
        == []
    )


@pytest.mark.parametrize(
    ("query", "provider", "excluded"),
    [
        ({"day_ratio": "2:1"}, {"ratios": frozenset({"1:1"})}, True),
        ({"day_ratio": "1:1"}, {"ratios": frozenset({"1:1"})}, False),
        ({"night": "waking_night"}, {"nights": frozenset({"sleep_in"})}, True),
        ({"night": None}, {"nights": frozenset()}, False),
        ({"staff_gender": "female"}, {"female_staff_only": False}, True),
        ({"staff_gender": "female"}, {"female_staff_only": True}, False),
        ({"staff_gender": "male"}, {"male_staff_only": False}, True),
        ({"staff_gender": "male"}, {"male_staff_only": True}, False),
    ],
)
def test_provider_staffing(query: dict[str, Any], provider: dict[str, Any], excluded: bool) -> None:
    assert provider_reasons(f.query(**query), **provider) == (["staffing_not_offered"] if excluded else [])


def test_provider_client_groups_all_needed() -> None:
    q = f.query(client_groups=frozenset({"autism", "forensic"}))
    assert provider_reasons(q) == ["client_group_not_served"]
    assert provider_reasons(q, client_groups=frozenset({"autism", "forensic", "epilepsy"})) == []


def test_provider_specialists_all_needed() -> None:
    q = f.query(specialists=frozenset({"psychiatrist"}))
    assert provider_reasons(q) == ["specialist_missing"]
    assert provider_reasons(q, specialists=frozenset({"psychiatrist"})) == []


def test_provider_language() -> None:
    q = f.query(language="welsh")
    assert provider_reasons(q) == ["language_not_offered"]
    assert provider_reasons(q, languages=frozenset({"welsh"})) == []


def test_explain_lists_every_broken_provider_constraint() -> None:
    reasons = provider_reasons(
        f.query(language="welsh"),
        new_packages=0,
        pbs=f.pbs(0),
        client_groups=frozenset({"autism"}),
    )
    assert reasons == [
        "no_capacity",
        "pbs_below_required",
        "rrn_training_required",
        "client_group_not_served",
        "language_not_offered",
    ]


def test_excluded_counts_a_candidate_under_each_reason_it_breaks() -> None:
    homes = [f.home("a", bedrooms=1), f.home("b", bedrooms=1, status="let"), f.home("c")]
    outcome = Marketplace.build([], homes).search(f.query(), today=f.TODAY)
    assert outcome.excluded["housing"] == {"too_few_bedrooms": 2, "not_available": 1}
    assert outcome.excluded["care"] == {}
