"""`nearby` packages are found among ALL eligible providers and homes, not the best few of each.

Issue 9: they were sought among the top 60 providers times the top 60 homes, so a valid nearby package
of two lower-ranked candidates never appeared. Here 80 providers and 80 homes are all eligible, and
every pair whose home lies inside one of the provider's circles must be proposed.
"""

from __future__ import annotations

import random

from matcher.scoring import Marketplace
from matcher.scoring.geo import geodesic_km
from tests.scoring import factories as f


def test_every_eligible_nearby_pair_is_a_package() -> None:
    rng = random.Random(3)
    providers = []
    for i in range(80):
        north = rng.uniform(-25, 25)  # every circle still covers Loughborough, the case's place
        area = f.area(at=f.offset_north(f.LOUGHBOROUGH, north), radius_km=abs(north) + rng.uniform(2, 8))
        providers.append(f.provider(f"care-{i:02d}", service_area=(area,), pbs=f.pbs(rng.choice([2, 3]))))
    homes = []
    for i in range(80):
        lat, lon = f.offset_north(f.LOUGHBOROUGH, rng.uniform(-35, 35))
        homes.append(f.home(f"home-{i:02d}", latitude=lat, longitude=lon, bedrooms=rng.choice([2, 3])))
    market = Marketplace.build(providers, homes)
    query = f.query()
    outcome = market.search(query, limit=10_000, today=f.TODAY)
    eligible_p = {c.organisation_id for c in outcome.care}
    eligible_h = {h.property_id for h in outcome.housing}
    assert len(eligible_p) > 60
    assert len(eligible_h) > 60
    expected = {
        (p.organisation_id, h.property_id)
        for p in providers
        if p.organisation_id in eligible_p
        for h in homes
        if h.property_id in eligible_h
        and any(
            geodesic_km(a.latitude, a.longitude, h.latitude, h.longitude) <= a.radius_km
            for a in p.service_area
        )
    }
    found = {(p.organisation_id, p.property_id) for p in outcome.packages if p.kind == "nearby"}
    assert found == expected
    worst_care = outcome.care[-1].organisation_id
    worst_home = outcome.housing[-1].property_id
    # the pairs of the lowest-ranked candidates, which the old top-60 rule never looked at
    assert any(o == worst_care or h == worst_home for o, h in found)
