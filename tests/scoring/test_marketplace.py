"""Search as a whole: packages, near misses, ordering, determinism, explain agreeing with search."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.scoring import InvalidQuery, InvalidWeights, Marketplace
from tests.scoring import factories as f


def test_package_kinds_and_their_priority() -> None:
    providers = [f.provider("both"), f.provider("partner"), f.provider("local")]
    homes = [
        f.home("own", organisation_id="both", care_partner_ids=frozenset({"partner"})),
        f.home("named", care_partner_ids=frozenset({"partner"})),
    ]
    outcome = Marketplace.build(providers, homes).search(f.query(), limit=20, today=f.TODAY)
    kinds = {(p.organisation_id, p.property_id): p.kind for p in outcome.packages}
    assert kinds[("both", "own")] == "single_organisation"
    assert kinds[("partner", "own")] == "partnership"  # partnership beats nearby
    assert kinds[("partner", "named")] == "partnership"
    assert kinds[("local", "named")] == "nearby"
    fit = {(p.organisation_id, p.property_id): p.criteria[-1].score for p in outcome.packages}
    assert fit[("both", "own")] == 1.0
    assert fit[("partner", "named")] == 0.8
    assert 0.3 <= fit[("local", "named")] <= 0.6
    assert [c.criterion for c in outcome.packages[0].criteria] == [
        "location",
        "property_fit",
        "pbs",
        "needs",
        "narrative",
        "readiness",
        "package_fit",
    ]


def test_a_home_outside_every_circle_and_unconnected_makes_no_package() -> None:
    far = f.provider("far", service_area=(f.area("Loughborough", f.LOUGHBOROUGH, 5),))
    home = f.home("h", latitude=f.LOUGHBOROUGH[0] + 0.2)  # ~22 km north, within the case's 40 km
    outcome = Marketplace.build([far], [home]).search(f.query(), today=f.TODAY)
    assert [r.property_id for r in outcome.housing] == ["h"]
    assert [r.organisation_id for r in outcome.care] == ["far"]
    assert outcome.packages == []


def test_ineligible_candidates_never_make_packages() -> None:
    providers = [f.provider("both", new_packages=0)]
    homes = [f.home("own", organisation_id="both")]
    assert Marketplace.build(providers, homes).search(f.query(), today=f.TODAY).packages == []


def test_near_misses_name_what_would_let_them_in() -> None:
    lat, lon = f.offset_north(f.LOUGHBOROUGH, 42.1)
    homes = [
        f.home("far", latitude=lat, longitude=lon),
        f.home("dear", weekly_rent=264.5),
        f.home("steps", accessibility="E"),
        f.home("wet", features=frozenset({"enclosed_garden"})),
        f.home("small", bedrooms=1),
        f.home("much-too-dear", weekly_rent=400.0),
        f.home("two-misses", bedrooms=1, weekly_rent=260.0),
    ]
    outcome = Marketplace.build([], homes).search(f.query(), today=f.TODAY)
    fits = {m.property_id: (m.reason, m.would_fit_if) for m in outcome.near_misses}
    assert fits == {
        "far": ("outside_area", "max_distance_km were 43"),
        "dear": ("rent_over_limit", "max_weekly_rent were 265"),
        "steps": ("accessibility_below_minimum", "min_accessibility were E"),
        "wet": ("must_have_missing", "must_have did not include staff_bedroom"),
        "small": ("too_few_bedrooms", "min_bedrooms were 1"),
    }
    far = next(m for m in outcome.near_misses if m.property_id == "far")
    assert far.evidence == "42.1 km from Loughborough (family), limit 40 km"


def test_provider_just_outside_its_area_is_a_near_miss() -> None:
    centre = f.offset_north(f.LOUGHBOROUGH, 35)
    providers = [
        f.provider("near", service_area=(f.area("North", centre, 30),)),
        f.provider("far", service_area=(f.area("North", centre, 10),)),
    ]
    outcome = Marketplace.build(providers, []).search(f.query(), today=f.TODAY)
    (miss,) = outcome.near_misses
    assert miss.organisation_id == "near"
    assert miss.reason == "outside_area"
    assert "5.0 km outside" in miss.evidence
    assert miss.would_fit_if.startswith("its North service area reached 35 km")


def test_ties_break_on_id_and_the_same_input_gives_the_same_order() -> None:
    homes = [f.home(pid) for pid in ("c", "a", "b")]
    market = Marketplace.build([f.provider(o) for o in ("z", "x", "y")], homes)
    first = market.search(f.query(), today=f.TODAY)
    assert [r.property_id for r in first.housing] == ["a", "b", "c"]
    assert [r.organisation_id for r in first.care] == ["x", "y", "z"]
    assert market.search(f.query(), today=f.TODAY) == first


def test_scores_are_rounded_and_weights_echoed() -> None:
    market = Marketplace.build([f.provider()], [f.home()])
    outcome = market.search(f.query(), weights={"location": 2, "pbs": 2}, today=f.TODAY)
    assert outcome.weights["location"] == 0.5
    assert sum(outcome.weights.values()) == pytest.approx(1)
    (care,) = outcome.care
    assert care.score == round(care.score, 4)
    assert [c.criterion for c in care.criteria] == ["location", "pbs", "needs", "narrative", "readiness"]
    assert care.score == pytest.approx(
        sum(c.score * c.weight for c in care.criteria) / sum(c.weight for c in care.criteria), abs=1e-4
    )
    (home,) = outcome.housing
    assert home.score == pytest.approx(home.criteria[0].score, abs=1e-4)  # only location weighs for homes


def test_a_list_whose_criteria_all_weigh_zero_scores_zero() -> None:
    market = Marketplace.build([f.provider()], [f.home()])
    outcome = market.search(f.query(), weights={"pbs": 1}, today=f.TODAY)
    assert outcome.housing[0].score == 0.0
    assert outcome.care[0].score > 0


def test_location_decays_smoothly_without_a_cliff() -> None:
    homes = [
        f.home(
            f"h{km:02d}",
            latitude=f.offset_north(f.LOUGHBOROUGH, km)[0],
            longitude=f.offset_north(f.LOUGHBOROUGH, km)[1],
        )
        for km in (1, 10, 20, 30, 39)
    ]
    outcome = Marketplace.build([], homes).search(f.query(), weights={"location": 1}, today=f.TODAY)
    scores = [r.score for r in outcome.housing]
    assert [r.property_id for r in outcome.housing] == ["h01", "h10", "h20", "h30", "h39"]
    assert all(a > b for a, b in zip(scores, scores[1:], strict=False))
    assert scores[-1] > 0.1
    assert outcome.housing[1].criteria[0].evidence == "10.0 km from Loughborough (family)"
    assert outcome.housing[1].distance_km == 10.0


def test_readiness_prefers_ready_well_before_target_and_ready_now_without_one() -> None:
    homes = [
        f.home("now"),
        f.home("soon", available_from=date(2025, 8, 25)),
        f.home("later", available_from=date(2025, 12, 1)),
    ]
    market = Marketplace.build([], homes)
    outcome = market.search(f.query(), weights={"readiness": 1}, today=f.TODAY)
    assert [r.property_id for r in outcome.housing] == ["now", "soon"]
    no_target = market.search(f.query(target_move_date=None), weights={"readiness": 1}, today=f.TODAY)
    assert [r.property_id for r in no_target.housing] == ["now", "soon", "later"]


def test_explain_agrees_with_search_on_criteria() -> None:
    providers = [f.provider("p1"), f.provider("p2", pbs=f.pbs(2), communication=frozenset())]
    homes = [f.home("h1"), f.home("h2", bedrooms=3, latitude=52.7)]
    market = Marketplace.build(providers, homes)
    outcome = market.search(f.query(), today=f.TODAY)
    for r in outcome.housing:
        assert market.explain_home(f.query(), r.property_id, today=f.TODAY).criteria == r.criteria
    for c in outcome.care:
        assert market.explain_provider(f.query(), c.organisation_id, today=f.TODAY).criteria == c.criteria


def test_unknown_ids_and_bad_input_are_refused() -> None:
    market = Marketplace.build([f.provider()], [f.home()])
    with pytest.raises(KeyError):
        market.explain_home(f.query(), "nope")
    with pytest.raises(KeyError):
        market.explain_provider(f.query(), "nope")
    with pytest.raises(InvalidWeights, match="colour"):
        market.search(f.query(), weights={"colour": 1})
    with pytest.raises(InvalidQuery, match="must_have"):
        market.search(f.query(must_have=frozenset({"moat"})))


def test_empty_marketplace_answers_empty_lists() -> None:
    outcome = Marketplace.build([], []).search(f.query(), today=f.TODAY)
    assert (outcome.care, outcome.housing, outcome.packages, outcome.near_misses) == ([], [], [], [])
    assert outcome.excluded == {"care": {}, "housing": {}}
