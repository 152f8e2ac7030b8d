"""`allocating.allocation_packages` finds, without ranking every pair, exactly the packages of
`Marketplace.candidates` that `allocation_prefix` keeps: same packages, same order, same scores."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring import Marketplace
from matcher.scoring import allocating as alloc
from matcher.scoring.allocating import allocation_packages
from tests.scoring import factories as f
from tests.scoring.test_allocation_prefix import _reference_cut

LEICESTER, LOUGHBOROUGH = f.LEICESTER, f.LOUGHBOROUGH
SAYS = (frozenset({"makaton"}), frozenset({"makaton", "easy_read"}))


def _as_tuples(market: Marketplace, query, cases: int) -> list[tuple[str, str, str, float]]:
    return [
        (o.organisation_id, o.property_id, o.kind, o.score)
        for o in allocation_packages(market, query, cases, today=f.TODAY)
    ]


def _expected(market: Marketplace, query, capacities: dict[str, int], cases: int):
    return _reference_cut(market.candidates(query, today=f.TODAY).packages, capacities, cases)


def _market(n_providers: int, n_homes: int, *, ties: bool) -> tuple[Marketplace, dict[str, int]]:
    """Providers with one to three overlapping service areas (a home inside two circles of one provider
    is one package), some owning homes or named as partners (single_organisation, partnership), some
    without capacity; with `ties`, listings identical but for their ids."""
    providers = [
        f.provider(
            f"care-{i:02d}",
            new_packages=i % 3,
            service_area=tuple(
                f.area(f"area-{k}", at=(LEICESTER[0] + 0.05 * k, LEICESTER[1]), radius_km=30.0 + 5 * k)
                for k in range(1 + i % 3)
            ),
            communication=frozenset({"makaton"} if ties or i % 2 else {"makaton", "easy_read"}),
        )
        for i in range(n_providers)
    ]
    homes = [
        f.home(
            f"home-{i:03d}",
            organisation_id=f"care-{i % n_providers:02d}" if i % 4 == 0 else "housing-1",
            care_partner_ids=frozenset({f"care-{(i + 1) % n_providers:02d}"}) if i % 5 == 1 else frozenset(),
            weekly_rent=200.0 if ties else 150.0 + 3 * i,
            latitude=LOUGHBOROUGH[0] + (0.02 if ties else 0.01 * (i % 7)),
        )
        for i in range(n_homes)
    ]
    return Marketplace.build(providers, homes), {p.organisation_id: p.new_packages for p in providers}


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("cases", [1, 2, 5, 40])
@pytest.mark.parametrize(
    ("dense_cells", "bins"),
    # the dense table and the sort that removes duplicates; one bin (every pair on a group's boundary),
    # a few, many (boundaries of a pair or two)
    [(1 << 22, (16, 256)), (0, (16, 256)), (1 << 22, (1, 1)), (1 << 22, (3, 3)), (1 << 22, (4096, 4096))],
)
def test_the_packages_are_those_every_pair_ranked_and_cut_gives(
    monkeypatch: pytest.MonkeyPatch, ties: bool, cases: int, dense_cells: int, bins: tuple[int, int]
) -> None:
    monkeypatch.setattr(alloc, "DENSE_CELLS", dense_cells)
    monkeypatch.setattr(alloc, "MIN_BINS", bins[0])
    monkeypatch.setattr(alloc, "MAX_BINS", bins[1])
    market, capacities = _market(12, 60, ties=ties)
    query = f.query(max_distance_km=60.0)
    expected = _expected(market, query, capacities, cases)
    kinds = {k for _, _, k, _ in market.candidates(query, today=f.TODAY).packages}
    assert kinds == {"single_organisation", "partnership", "nearby"}
    assert 0 < len(expected)
    assert _as_tuples(market, query, cases) == expected


def test_the_index_answers_the_same_in_allocating_mode() -> None:
    market, capacities = _market(8, 30, ties=False)
    query = f.query()
    every = market.candidates(query, today=f.TODAY)
    cut = market.candidates(query, today=f.TODAY, allocating_among=3)
    assert cut.packages == _reference_cut(every.packages, capacities, 3)
    assert (cut.care, cut.housing, cut.excluded) == (every.care, every.housing, every.excluded)


def test_no_eligible_home_or_provider_gives_no_package() -> None:
    market, _ = _market(4, 10, ties=False)
    assert allocation_packages(market, f.query(client_groups=frozenset({"dementia"})), 3, today=f.TODAY) == []
    assert allocation_packages(market, f.query(max_weekly_rent=10.0), 3, today=f.TODAY) == []


@st.composite
def listings(draw: st.DrawFn) -> tuple[Marketplace, dict[str, int], int]:
    n_p = draw(st.integers(1, 6))
    n_h = draw(st.integers(1, 12))
    providers = [
        f.provider(
            f"care-{i}",
            new_packages=draw(st.integers(0, 2)),
            service_area=tuple(
                f.area(
                    f"a{k}",
                    at=(LEICESTER[0] + draw(st.sampled_from([0.0, 0.1, 0.2])), LEICESTER[1]),
                    radius_km=draw(st.sampled_from([20.0, 30.0, 45.0])),
                )
                for k in range(draw(st.integers(1, 3)))
            ),
            communication=draw(st.sampled_from(SAYS)),
        )
        for i in range(n_p)
    ]
    homes = [
        f.home(
            f"home-{i}",
            organisation_id=draw(st.sampled_from(["housing-1", *(p.organisation_id for p in providers)])),
            care_partner_ids=frozenset(
                draw(st.lists(st.sampled_from([p.organisation_id for p in providers]), max_size=2))
            ),
            weekly_rent=draw(st.sampled_from([150.0, 200.0, 240.0])),
            bedrooms=draw(st.integers(2, 4)),
            latitude=LOUGHBOROUGH[0] + draw(st.sampled_from([0.0, 0.02, 0.1, 0.3])),
        )
        for i in range(n_h)
    ]
    return (
        Marketplace.build(providers, homes),
        {p.organisation_id: p.new_packages for p in providers},
        draw(st.integers(1, 4)),
    )


@settings(max_examples=60, deadline=None)
@given(listings(), st.sampled_from([(1, 1), (2, 2), (16, 256)]))
def test_on_random_markets_the_packages_are_the_ranked_cut(market, bins: tuple[int, int]) -> None:
    marketplace, capacities, cases = market
    query = f.query(max_distance_km=50.0)
    old = alloc.MIN_BINS, alloc.MAX_BINS
    alloc.MIN_BINS, alloc.MAX_BINS = bins  # hypothesis runs many examples per test: no monkeypatch fixture
    try:
        found = _as_tuples(marketplace, query, cases)
    finally:
        alloc.MIN_BINS, alloc.MAX_BINS = old
    assert found == _expected(marketplace, query, capacities, cases)
