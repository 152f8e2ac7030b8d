"""The index cuts each case's packages to those that can matter in an allocation
(`marketplace.allocation_prefix`) before any Python object is made: the cut never changes the optimum."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from matcher.scoring import Marketplace
from matcher.scoring.allocation import CaseOptions, Option, allocate
from matcher.scoring.marketplace import allocation_prefix
from tests.scoring import factories as f
from tests.scoring.test_allocation import HOMES, PROVIDERS, exhaustive, markets


def _cut(cases: list[CaseOptions], capacities: dict[str, int]) -> list[CaseOptions]:
    out = []
    for case in cases:
        usable = [o for o in case.packages if capacities[o.organisation_id] >= 1]
        provider = np.array([PROVIDERS.index(o.organisation_id) for o in usable], np.int64)
        home = np.array([HOMES.index(o.property_id) for o in usable], np.int64)
        order = np.array(
            sorted(range(len(usable)), key=lambda i: (-usable[i].score, provider[i], home[i])), np.int64
        )
        kept = allocation_prefix(provider, home, order, len(cases))
        out.append(CaseOptions(case.case_id, tuple(usable[int(i)] for i in kept)))
    return out


@settings(max_examples=80, deadline=None)
@given(markets(max_cases=3, max_packages=9, providers=5, homes=6))
def test_cutting_each_case_to_its_allocation_prefix_keeps_the_optimum(market) -> None:
    cases, capacities = market
    cut = _cut(cases, capacities)
    assert all(set(c.packages) <= set(full.packages) for c, full in zip(cut, cases, strict=True))
    assert max(exhaustive(cut, capacities)) == max(exhaustive(cases, capacities))
    top = max(s for _, s in exhaustive(cases, capacities))
    assert max(s for _, s in exhaustive(cut, capacities)) == pytest.approx(top, abs=1e-6)


def test_with_one_case_only_its_best_usable_package_is_kept() -> None:
    provider = np.array([0, 0, 1, 2], np.int64)
    home = np.array([0, 1, 0, 2], np.int64)
    order = np.array([2, 0, 1, 3], np.int64)  # best first
    assert allocation_prefix(provider, home, order, 1).tolist() == [2]


def test_the_index_cut_allocates_as_well_as_every_package() -> None:
    providers = [f.provider(f"care-{i}", new_packages=i % 3) for i in range(6)]
    homes = [f.home(f"home-{i}", bedrooms=2 + i % 2, weekly_rent=150.0 + 15 * i) for i in range(9)]
    market = Marketplace.build(providers, homes)
    queries = [f.query(), f.query(max_distance_km=25.0), f.query(max_distance_km=60.0)]
    capacities = {p.organisation_id: p.new_packages for p in providers}

    def options(cut: bool) -> list[CaseOptions]:
        return [
            CaseOptions(
                f"case-{i}",
                tuple(
                    Option(o, h, k, s)
                    for o, h, k, s in market.candidates(
                        q, today=f.TODAY, allocating_among=len(queries) if cut else None
                    ).packages
                ),
            )
            for i, q in enumerate(queries)
        ]

    every, cut = options(False), options(True)
    assert sum(len(c.packages) for c in cut) < sum(len(c.packages) for c in every)
    for objective in ("most_people_then_score", "total_score"):
        full_result = allocate(every, capacities, objective)
        cut_result = allocate(cut, capacities, objective)
        assert cut_result.people_matched == full_result.people_matched
        assert cut_result.total_score == pytest.approx(full_result.total_score, abs=1e-6)


def _reference_cut(packages, capacities: dict[str, int], n: int):
    """The rules written out plainly over every package in rank order."""
    usable = [p for p in packages if capacities[p[0]] >= 1]
    per_home: dict[str, int] = {}
    per_provider: dict[str, int] = {}
    kept = []
    for p in usable:
        per_home[p[1]] = per_home.get(p[1], 0) + 1
        per_provider[p[0]] = per_provider.get(p[0], 0) + 1
        if per_home[p[1]] <= n and per_provider[p[0]] <= n:
            kept.append(p)
    homes: set[str] = set()
    providers: set[str] = set()
    for j, p in enumerate(kept):
        if p[1] not in homes and p[0] not in providers:
            homes.add(p[1])
            providers.add(p[0])
            if len(homes) == 2 * n - 1:
                return kept[: j + 1]
    return kept


@pytest.mark.parametrize(
    ("n_providers", "n_homes", "cases"),
    # (70, 2, 2): three homes apart are needed and only two exist, so the cut is never reached.
    # (2, 140, 2): identical listings tie, so the first provider's 140 packages rank before any of the
    # second's: the best 128 hold one package apart, and the ranking must grow to find the next.
    [(21, 20, 1), (21, 20, 3), (70, 2, 2), (21, 20, 40), (2, 140, 2)],
)
def test_ranking_only_the_best_few_gives_the_same_cut_as_ranking_all(
    n_providers: int, n_homes: int, cases: int
) -> None:
    providers = [f.provider(f"care-{i:02d}", new_packages=1 + i % 2) for i in range(n_providers)]
    homes = [f.home(f"home-{i:03d}", weekly_rent=150.0 + (i if n_homes < 100 else 0)) for i in range(n_homes)]
    market = Marketplace.build(providers, homes)
    capacities = {p.organisation_id: p.new_packages for p in providers}
    every = market.candidates(f.query(), today=f.TODAY).packages
    assert len(every) > 64 * cases or cases == 40
    cut = market.candidates(f.query(), today=f.TODAY, allocating_among=cases).packages
    assert cut == _reference_cut(every, capacities, cases)
