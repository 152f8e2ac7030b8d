"""A search looks for nearby packages only among the homes and providers that can reach its top few
(`packages.best_pairs`); it must report exactly what looking at every pair reports."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring import CareProvider, CaseQuery, Home, Marketplace, packages
from matcher.scoring import marketplace as marketplace_module
from matcher.vocab import CRITERIA
from tests.scoring import factories as f


def _market(seed: int) -> Marketplace:
    """Providers and homes scattered around Leicestershire, with owners, partners and varied fit."""
    rng = random.Random(seed)
    providers: list[CareProvider] = []
    for i in range(rng.randint(5, 30)):
        providers.append(
            f.provider(
                f"care-{i}",
                pbs=f.pbs(rng.randint(2, 3), staff_trained_pct=rng.randint(80, 100)),
                service_area=tuple(
                    f.area(
                        f"area-{i}-{k}",
                        (f.LEICESTER[0] + rng.uniform(-0.4, 0.4), f.LEICESTER[1] + rng.uniform(-0.5, 0.5)),
                        rng.uniform(5, 40),
                    )
                    for k in range(rng.randint(1, 3))
                ),
                communication=frozenset(rng.sample(["makaton", "easy_read", "pecs"], rng.randint(1, 3))),
                earliest_start=rng.choice([None, f.TODAY + timedelta(days=rng.randint(0, 300))]),
                description=rng.choice(
                    ["Gardening, quiet homes and Makaton.", "Consistent team for autistic adults.", "Music."]
                ),
            )
        )
    homes: list[Home] = []
    for j in range(rng.randint(10, 120)):
        homes.append(
            f.home(
                f"home-{j}",
                organisation_id=rng.choice(
                    ["housing-1", "housing-2", *(p.organisation_id for p in providers[:3])]
                ),
                latitude=f.LOUGHBOROUGH[0] + rng.uniform(-0.4, 0.4),
                longitude=f.LOUGHBOROUGH[1] + rng.uniform(-0.5, 0.5),
                weekly_rent=rng.uniform(150, 250),
                features=frozenset(
                    {"staff_bedroom", "enclosed_garden"}
                    | set(rng.sample(["quiet_location", "level_access", "wet_room"], rng.randint(0, 3)))
                ),
                available_from=rng.choice([None, f.TODAY + timedelta(days=rng.randint(0, 300))]),
                care_partner_ids=frozenset(
                    rng.sample([p.organisation_id for p in providers], min(len(providers), rng.randint(0, 2)))
                ),
                description=rng.choice(
                    ["Quiet bungalow with a garden.", "Near the town centre.", "Music room."]
                ),
            )
        )
    return Marketplace.build(providers, homes)


@contextmanager
def every_round() -> Iterator[None]:
    """Start from one home and one provider, so the small markets here go through several rounds."""
    saved = packages.BEST_PAIRS_START
    packages.BEST_PAIRS_START = 1
    try:
        yield
    finally:
        packages.BEST_PAIRS_START = saved


def _search_over_every_pair(
    market: Marketplace, query: CaseQuery, weights: dict[str, float] | None, limit: int
):
    original = marketplace_module.Marketplace._best_pairs

    def every_pair(self, w, provs, ps, homes, hs, k):
        return packages.candidate_pairs(self._p, self._h, None, provs, ps["pbs"], homes, hs["location"])

    marketplace_module.Marketplace._best_pairs = every_pair  # type: ignore[method-assign]
    try:
        return market.search(query, weights, limit, today=f.TODAY)
    finally:
        marketplace_module.Marketplace._best_pairs = original  # type: ignore[method-assign]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    weights=st.none() | st.fixed_dictionaries({c: st.sampled_from([0.0, 0.5, 1.0, 3.0]) for c in CRITERIA}),
    limit=st.integers(1, 12),
    distance=st.sampled_from([10.0, 25.0, 60.0]),
)
def test_search_reports_the_packages_every_pair_would(
    seed: int, weights: dict[str, float] | None, limit: int, distance: float
) -> None:
    if weights is not None and sum(weights.values()) == 0:
        weights = {**weights, "package_fit": 1.0}
    market = _market(seed)
    query = f.query(max_distance_km=distance, min_accessibility="G", target_move_date=date(2025, 9, 1))
    with every_round():
        fast = market.search(query, weights, limit, today=f.TODAY)
    full = _search_over_every_pair(market, query, weights, limit)
    assert fast.packages == full.packages
    assert fast == full


def test_the_bound_prunes_a_wide_market() -> None:
    """On a market where many nearby pairs exist, fewer pairs than all are looked at."""
    market = _market(7)
    query = f.query(max_distance_km=60.0, min_accessibility="G")
    seen: list[int] = []
    original = packages.nearby_pairs

    def counting(pcols, hcols, providers, homes):
        out = original(pcols, hcols, providers, homes)
        seen.append(sum(len(p) for p, _, _ in out))
        return out

    packages.nearby_pairs = counting
    try:
        with every_round():
            market.search(query, None, 3, today=f.TODAY)
    finally:
        packages.nearby_pairs = original
    every = market.candidates(query, None, today=f.TODAY)
    nearby_total = sum(1 for _, _, kind, _ in every.packages if kind == "nearby")
    assert nearby_total > 50
    assert seen
    assert seen[-1] < nearby_total
