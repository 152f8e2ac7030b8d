"""Every eligible candidate of a case (for allocation), through the same passes as search."""

from __future__ import annotations

import pytest

from matcher.scoring import Marketplace
from tests.scoring import factories as f


def _market() -> Marketplace:
    providers = [f.provider(f"care-{i}", new_packages=i % 3) for i in range(6)]
    homes = [f.home(f"home-{i}", bedrooms=2 + i % 2, weekly_rent=150.0 + 15 * i) for i in range(9)]
    return Marketplace.build(providers, homes)


def test_candidates_are_every_eligible_one_in_search_order() -> None:
    market = _market()
    outcome = market.search(f.query(), limit=100, today=f.TODAY)
    every = market.candidates(f.query(), today=f.TODAY)
    assert [c for c, _ in every.care] == [c.organisation_id for c in outcome.care]
    assert [h for h, _ in every.housing] == [h.property_id for h in outcome.housing]
    assert {(o, p, k) for o, p, k, _ in every.packages} == {
        (p.organisation_id, p.property_id, p.kind) for p in outcome.packages
    }
    assert every.excluded == outcome.excluded
    for (_, score), shown in zip(every.housing, outcome.housing, strict=True):
        assert score == pytest.approx(shown.score, abs=1e-3)
    assert len(every.housing) > 3  # more than a default page would hold once limit is small
    assert len(market.search(f.query(), limit=3, today=f.TODAY).housing) == 3
