"""Market gaps for one case: counts agree with search, and a single relaxation says what it adds."""

from __future__ import annotations

from matcher.scoring import Marketplace
from matcher.scoring.relaxation import market_gaps
from tests.scoring import factories as f


def _market() -> Marketplace:
    providers = [
        f.provider("housing-1"),
        f.provider("care-2", client_groups=frozenset({"dementia"})),
        f.provider("care-3", pbs=f.pbs(1, rrn_certified_training=True)),
    ]
    homes = [
        f.home("near"),
        f.home("far", latitude=f.offset_north(f.LOUGHBOROUGH, 50)[0]),
        f.home("no-garden", features=frozenset({"staff_bedroom"})),
        f.home("let", status="let"),
    ]
    return Marketplace.build(providers, homes)


def test_counts_and_blocking_agree_with_search() -> None:
    market = _market()
    query = f.query()
    gaps = market_gaps(market, query, today=f.TODAY)
    outcome = market.search(query, limit=1000, today=f.TODAY)
    assert gaps.eligible.care == len(outcome.care)
    assert gaps.eligible.housing == len(outcome.housing)
    assert gaps.eligible.packages == len(outcome.packages)
    removed = {(b.side, b.reason): b.candidates for b in gaps.blocking}
    for side, counts in outcome.excluded.items():
        for reason, n in counts.items():
            assert removed[(side, reason)] == n


def test_a_wider_distance_adds_the_home_just_outside() -> None:
    gaps = market_gaps(_market(), f.query(), today=f.TODAY)
    unlock = next(u for u in gaps.unlocks if u.field == "max_distance_km")
    assert (unlock.before, unlock.after) == ("40", "60")
    assert unlock.adds.housing == 1
    assert unlock.change.startswith("max_distance_km 40 → 60 adds 1 home")


def test_dropping_one_must_have_is_offered_and_ranked_by_packages() -> None:
    gaps = market_gaps(_market(), f.query(), today=f.TODAY)
    garden = next(u for u in gaps.unlocks if u.field == "must_have" and u.before == "enclosed_garden")
    assert garden.adds.housing == 1
    assert garden.change == "must_have enclosed_garden → not required adds 1 home, 1 package"
    packages = [u.adds.packages for u in gaps.unlocks]
    assert packages == sorted(packages, reverse=True)


def test_the_persons_needs_are_never_relaxed() -> None:
    gaps = market_gaps(_market(), f.query(), today=f.TODAY)
    reasons = {(b.side, b.reason) for b in gaps.blocking}
    assert ("care", "client_group_not_served") in reasons
    assert all(u.field not in ("client_groups", "day_ratio", "night", "language") for u in gaps.unlocks)
    pbs = next(u for u in gaps.unlocks if u.field == "required_pbs_level")
    assert (pbs.before, pbs.after) == ("2", "1")
    assert pbs.adds.care == 1


def test_only_counts_candidates_that_break_nothing_else() -> None:
    gaps = market_gaps(_market(), f.query(), today=f.TODAY)
    by_reason = {(b.side, b.reason): b for b in gaps.blocking}
    assert by_reason[("housing", "not_available")].only == 1
    assert all(b.only <= b.candidates for b in gaps.blocking)
