"""The allocation is optimal: checked against exhaustive search over every assignment of small markets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring.allocation import (
    NO_PACKAGE,
    ONLY_OPTIONS_TAKEN,
    CaseOptions,
    InvalidObjective,
    Option,
    _prune,
    _prune_all,
    _Variables,
    allocate,
)

PROVIDERS = ("care-a", "care-b", "care-c", "care-d", "care-e")
HOMES = ("home-1", "home-2", "home-3", "home-4", "home-5", "home-6")


@st.composite
def markets(
    draw: st.DrawFn, max_cases: int = 5, max_packages: int = 4, providers: int = 3, homes: int = 4
) -> tuple[list[CaseOptions], dict[str, int]]:
    n_cases = draw(st.integers(1, max_cases))
    cases = []
    for c in range(n_cases):
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(PROVIDERS[:providers]), st.sampled_from(HOMES[:homes])),
                max_size=max_packages,
                unique=True,
            )
        )
        scores = draw(st.lists(st.integers(0, 100), min_size=len(pairs), max_size=len(pairs)))
        cases.append(
            CaseOptions(
                f"case-{c}",
                tuple(Option(p, h, "nearby", s / 100) for (p, h), s in zip(pairs, scores, strict=True)),
            )
        )
    capacities = {p: draw(st.integers(0, 2)) for p in PROVIDERS}
    return cases, capacities


def exhaustive(cases: list[CaseOptions], capacities: dict[str, int]) -> set[tuple[int, float]]:
    """(people, total score) of every feasible assignment."""
    out = set()
    for choice in itertools.product(*[[None, *c.packages] for c in cases]):
        picked = [o for o in choice if o is not None]
        homes = [o.property_id for o in picked]
        if len(homes) != len(set(homes)):
            continue
        if any(sum(o.organisation_id == p for o in picked) > capacities[p] for p in PROVIDERS):
            continue
        out.add((len(picked), round(sum(o.score for o in picked), 6)))
    return out


def feasible(cases: list[CaseOptions], capacities: dict[str, int], result) -> None:
    eligible = {c.case_id: set(c.packages) for c in cases}
    homes = [a.property_id for a in result.assignments]
    assert len(homes) == len(set(homes))
    for p in PROVIDERS:
        assert sum(a.organisation_id == p for a in result.assignments) <= capacities[p]
    for a in result.assignments:
        assert Option(a.organisation_id, a.property_id, a.kind, a.score) in eligible[a.case_id]
    assert {a.case_id for a in result.assignments} | {u.case_id for u in result.unassigned} == set(eligible)
    assert len(result.assignments) + len(result.unassigned) == len(cases)


@settings(max_examples=60, deadline=None)
@given(markets())
def test_most_people_then_score_is_the_exhaustive_optimum(market) -> None:
    cases, capacities = market
    result = allocate(cases, capacities, "most_people_then_score")
    feasible(cases, capacities, result)
    best = max(exhaustive(cases, capacities))
    assert result.people_matched == best[0]
    assert result.total_score == pytest.approx(best[1], abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(markets())
def test_total_score_is_the_exhaustive_optimum(market) -> None:
    cases, capacities = market
    result = allocate(cases, capacities, "total_score")
    feasible(cases, capacities, result)
    outcomes = exhaustive(cases, capacities)
    top = max(s for _, s in outcomes)
    assert result.total_score == pytest.approx(top, abs=1e-6)
    assert result.people_matched == max(n for n, s in outcomes if abs(s - top) <= 1e-6)


@settings(max_examples=60, deadline=None)
@given(markets(max_cases=2, max_packages=9, providers=5, homes=6))
def test_pruning_keeps_the_optimum_when_few_cases_have_many_packages(market) -> None:
    """With one or two cases the pruning cuts most packages (n best per home and provider, 2n - 1 apart)."""
    cases, capacities = market
    for objective in ("most_people_then_score", "total_score"):
        result = allocate(cases, capacities, objective)
        feasible(cases, capacities, result)
        outcomes = exhaustive(cases, capacities)
        if objective == "most_people_then_score":
            best = max(outcomes)
            assert result.people_matched == best[0]
            assert result.total_score == pytest.approx(best[1], abs=1e-6)
        else:
            assert result.total_score == pytest.approx(max(s for _, s in outcomes), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(markets())
def test_regret_is_the_best_alone_minus_the_score_given(market) -> None:
    cases, capacities = market
    result = allocate(cases, capacities)
    for a in result.assignments:
        alone = max(o.score for c in cases if c.case_id == a.case_id for o in c.packages)
        assert a.best_alone_score == alone
        assert a.regret == pytest.approx(alone - a.score, abs=1e-4)
        assert a.regret >= 0


def test_a_greedy_first_come_choice_is_not_what_it_does() -> None:
    """Case 1 alone would take the shared home; case 2 has no other option, so both are matched."""
    first = CaseOptions(
        "c1", (Option("care-a", "home-1", "nearby", 0.9), Option("care-a", "home-2", "nearby", 0.5))
    )
    second = CaseOptions("c2", (Option("care-a", "home-1", "nearby", 0.6),))
    result = allocate([first, second], {"care-a": 2})
    assert result.people_matched == 2
    by_case = {a.case_id: a for a in result.assignments}
    assert by_case["c1"].property_id == "home-2"
    assert by_case["c1"].regret == pytest.approx(0.4)
    assert by_case["c2"].property_id == "home-1"


def test_most_people_beats_a_higher_total_score() -> None:
    """X alone scores most, but blocks both Y (its home) and Z (its provider's one place)."""
    x = CaseOptions("x", (Option("care-a", "home-1", "nearby", 1.0),))
    y = CaseOptions("y", (Option("care-b", "home-1", "nearby", 0.3),))
    z = CaseOptions("z", (Option("care-a", "home-2", "nearby", 0.3),))
    capacities = {"care-a": 1, "care-b": 1}
    people = allocate([x, y, z], capacities, "most_people_then_score")
    score = allocate([x, y, z], capacities, "total_score")
    assert people.people_matched == 2
    assert people.total_score == pytest.approx(0.6)
    assert score.people_matched == 1
    assert score.total_score == pytest.approx(1.0)


def test_every_case_left_out_says_why() -> None:
    lonely = CaseOptions("none", ())
    holder = CaseOptions("holder", (Option("care-a", "home-1", "single_organisation", 0.7),))
    loser = CaseOptions("loser", (Option("care-a", "home-1", "single_organisation", 0.9),))
    full = CaseOptions("full", (Option("care-z", "home-9", "nearby", 0.9),))
    result = allocate([lonely, holder, loser, full], {"care-a": 1, "care-z": 0})
    reasons = {u.case_id: u.reason for u in result.unassigned}
    assert reasons["none"] == NO_PACKAGE
    assert reasons["full"] == "its care providers have no capacity for new packages"
    assert reasons["holder"] == ONLY_OPTIONS_TAKEN  # the higher-scored "loser" took home-1
    assert result.people_matched == 1
    assert len(reasons) == 3


def test_only_options_taken_names_the_case_with_no_alternative() -> None:
    a = CaseOptions("a", (Option("care-a", "home-1", "nearby", 0.5),))
    b = CaseOptions("b", (Option("care-a", "home-1", "nearby", 0.4),))
    result = allocate([a, b], {"care-a": 5})
    (u,) = result.unassigned
    assert u.case_id == "b"
    assert u.reason == ONLY_OPTIONS_TAKEN
    assert result.blockers["b"] == ["a"]


def test_an_unknown_objective_is_refused() -> None:
    with pytest.raises(InvalidObjective, match="allowed: most_people_then_score, total_score"):
        allocate([], {}, "fairest")


def test_pruning_cuts_what_cannot_matter() -> None:
    """One case alone needs only its best package; two cases need at most three that share nothing."""
    packages = tuple(
        Option(f"care-{p}", f"home-{h}", "nearby", round(0.9 - 0.01 * (p * 6 + h), 2))
        for p in range(5)
        for h in range(6)
    )
    capacities = {f"care-{p}": 1 for p in range(5)}
    assert _prune(packages, capacities, 1) == [packages[0]]
    kept = _prune(packages, capacities, 2)
    assert len(kept) < len(packages)
    assert kept[0] == packages[0]
    assert all(sum(o.property_id == k.property_id for o in kept) <= 2 for k in kept)


@settings(max_examples=60, deadline=None)
@given(markets(max_cases=4, max_packages=7, providers=5, homes=6))
def test_pruning_by_competitors_keeps_the_optimum(market) -> None:
    """Each case is pruned with n = 1 + the cases sharing a home or provider with it, repeated: with
    four cases over five providers and six homes, some compete with every other and some with none."""
    cases, capacities = market
    outcomes = exhaustive(cases, capacities)
    for objective in ("most_people_then_score", "total_score"):
        result = allocate(cases, capacities, objective)
        feasible(cases, capacities, result)
        if objective == "most_people_then_score":
            assert (result.people_matched, result.total_score) == pytest.approx(max(outcomes), abs=1e-6)
        else:
            assert result.total_score == pytest.approx(max(s for _, s in outcomes), abs=1e-6)


def test_a_case_no_other_case_competes_with_keeps_only_its_best_package() -> None:
    """Three cases; two share care-a, the third has its own providers and homes: it needs only its best
    package, where n = 3 cases keeps all six."""
    shared = [
        CaseOptions(
            f"c{i}", tuple(Option("care-a", f"home-{i}{k}", "nearby", 0.5 - 0.1 * k) for k in range(3))
        )
        for i in range(2)
    ]
    alone = CaseOptions(
        "alone",
        tuple(
            Option(f"care-{p}", f"home-x{h}", "nearby", 0.9 - 0.1 * k - 0.01 * h)
            for k, p in enumerate("yz")
            for h in range(3)
        ),
    )
    cases = [*shared, alone]
    capacities = {"care-a": 1, "care-y": 1, "care-z": 1}
    found = _Variables.of(cases, capacities)
    kept = [found.options[k] for k in _prune_all(found, len(cases)).tolist()]
    assert [o for o in kept if o in alone.packages] == [alone.packages[0]]
    assert len(_prune(alone.packages, capacities, len(cases))) == 6
    assert {o.property_id for o in kept if o.organisation_id == "care-a"} >= {"home-00", "home-10"}
    result = allocate(cases, capacities)
    assert result.people_matched == 2
    assert {a.case_id: a.property_id for a in result.assignments}["alone"] == "home-x0"
