"""Properties over random small marketplaces: eligibility, dominance, single-criterion order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring import CaseQuery, Marketplace, SearchOutcome
from matcher.vocab import ACCESSIBILITY, CRITERIA, PROPERTY_FEATURES, PROPERTY_TYPES, TENURES
from tests.scoring import factories as f

SETTINGS = settings(max_examples=50, deadline=None)
FEATURES = PROPERTY_FEATURES[:6]


@st.composite
def homes(draw: st.DrawFn) -> list[Any]:
    n = draw(st.integers(0, 8))
    out = []
    for i in range(n):
        out.append(
            f.home(
                f"h{i}",
                organisation_id=draw(st.sampled_from(["care-0", "care-1", "landlord"])),
                latitude=f.LOUGHBOROUGH[0] + draw(st.floats(-0.5, 0.5)),
                longitude=f.LOUGHBOROUGH[1] + draw(st.floats(-0.7, 0.7)),
                bedrooms=draw(st.integers(1, 4)),
                property_type=draw(st.sampled_from(PROPERTY_TYPES[:3])),
                accessibility=draw(st.sampled_from(ACCESSIBILITY)),
                features=frozenset(draw(st.sets(st.sampled_from(FEATURES)))),
                tenure=frozenset(draw(st.sets(st.sampled_from(TENURES[:3]), min_size=1))),
                weekly_rent=draw(st.none() | st.floats(150, 350)),
                available_from=draw(st.none() | st.dates(date(2025, 3, 1), date(2025, 12, 1))),
                status=draw(st.sampled_from(["available", "available", "let"])),
                care_partner_ids=frozenset(draw(st.sets(st.sampled_from(["care-0", "care-1", "care-2"])))),
            )
        )
    return out


@st.composite
def providers(draw: st.DrawFn) -> list[Any]:
    n = draw(st.integers(0, 5))
    return [
        f.provider(
            f"care-{i}",
            pbs=f.pbs(draw(st.integers(0, 3)), placement_breakdowns_3y=draw(st.integers(0, 3))),
            service_area=(
                f.area(
                    "Somewhere",
                    (f.LOUGHBOROUGH[0] + draw(st.floats(-0.5, 0.5)), f.LOUGHBOROUGH[1]),
                    draw(st.floats(5, 60)),
                ),
            ),
            new_packages=draw(st.integers(0, 2)),
            communication=frozenset(draw(st.sets(st.sampled_from(["makaton", "pecs", "bsl"])))),
            specialists=frozenset(
                draw(
                    st.sets(
                        st.sampled_from(
                            ["speech_and_language_therapist", "psychiatrist", "behaviour_specialist"]
                        )
                    )
                )
            ),
            earliest_start=draw(st.none() | st.dates(date(2025, 3, 1), date(2025, 12, 1))),
        )
        for i in range(n)
    ]


@st.composite
def queries(draw: st.DrawFn) -> CaseQuery:
    return f.query(
        max_distance_km=draw(st.floats(5, 60)),
        target_move_date=draw(st.none() | st.just(f.TODAY + timedelta(days=180))),
        min_bedrooms=draw(st.integers(0, 3)),
        property_types=frozenset(draw(st.sets(st.sampled_from(PROPERTY_TYPES[:3])))),
        must_have=frozenset(draw(st.sets(st.sampled_from(FEATURES), max_size=2))),
        nice_to_have=frozenset(draw(st.sets(st.sampled_from(FEATURES), max_size=3))),
        min_accessibility=draw(st.sampled_from(ACCESSIBILITY)),
        tenure=frozenset(draw(st.sets(st.sampled_from(TENURES[:3])))),
        max_weekly_rent=draw(st.none() | st.floats(150, 350)),
        required_pbs_level=draw(st.integers(0, 3)),
        restrictive_interventions_in_plan=draw(st.booleans()),
    )


def _search(market: Marketplace, q: CaseQuery, weights: dict[str, float] | None = None) -> SearchOutcome:
    return market.search(q, weights=weights, limit=100, today=f.TODAY)


@SETTINGS
@given(homes(), providers(), queries())
def test_ranked_results_break_no_constraint_and_every_eligible_candidate_appears(hs, ps, q) -> None:
    market = Marketplace.build(ps, hs)
    outcome = _search(market, q)
    eligible_homes = {
        h.property_id for h in hs if market.explain_home(q, h.property_id, today=f.TODAY).eligible
    }
    eligible_care = {
        p.organisation_id for p in ps if market.explain_provider(q, p.organisation_id, today=f.TODAY).eligible
    }
    assert {r.property_id for r in outcome.housing} == eligible_homes
    assert {r.organisation_id for r in outcome.care} == eligible_care
    for pkg in outcome.packages:
        assert pkg.property_id in eligible_homes
        assert pkg.organisation_id in eligible_care
    assert sum(1 for _ in hs) - len(eligible_homes) <= sum(outcome.excluded["housing"].values())


def _dominates(a: list[float], b: list[float]) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True)) and any(
        x > y + 2e-4 for x, y in zip(a, b, strict=True)
    )


@SETTINGS
@given(homes(), providers(), queries())
def test_a_candidate_dominated_on_every_criterion_never_ranks_above_its_dominator(hs, ps, q) -> None:
    outcome = _search(Marketplace.build(ps, hs), q)
    for results in (outcome.housing, outcome.care, outcome.packages):
        vectors = [[c.score for c in r.criteria] for r in results]
        for i, earlier in enumerate(vectors):
            for later in vectors[i + 1 :]:
                assert not _dominates(later, earlier)


@SETTINGS
@given(homes(), providers(), queries(), st.sampled_from(CRITERIA))
def test_one_weight_at_one_orders_by_that_criterion_alone(hs, ps, q, criterion) -> None:
    outcome = _search(Marketplace.build(ps, hs), q, {criterion: 1.0})
    for results in (outcome.housing, outcome.care, outcome.packages):
        values = [next((c.score for c in r.criteria if c.criterion == criterion), 0.0) for r in results]
        assert values == sorted(values, reverse=True)
        applies = any(c.criterion == criterion for r in results for c in r.criteria)
        if results and applies:
            assert [r.score for r in results] == values


@SETTINGS
@given(homes(), providers(), queries())
def test_same_input_same_answer(hs, ps, q) -> None:
    market = Marketplace.build(ps, hs)
    assert _search(market, q) == _search(Marketplace.build(ps, hs), q)
