"""A marketplace brought up to date by `Marketplace.apply` answers exactly as one built from scratch.

Random sequences of additions, edits and removals of providers and homes (with owners and named care
partners that come and go) are applied one change at a time; after each, every answer (order, scores,
criteria and their evidence, exclusion counts, near misses) must equal a fresh build from the same
listings with the same fitted vocabulary.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.scoring import CareProvider, Home, Marketplace
from tests.scoring import factories as f

ORGS = [f"org-{i}" for i in range(6)]
HOMES = [f"home-{i}" for i in range(8)]
WORDS = ["garden", "quiet", "makaton", "autism", "bungalow", "town", "sensory", "team", "music", "bus"]


def _provider(org: str, draw: st.DrawFn) -> CareProvider:
    km = draw(st.floats(0, 30))
    return f.provider(
        org,
        description=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
        new_packages=draw(st.integers(0, 3)),
        ratios=frozenset(draw(st.sets(st.sampled_from(["1:1", "2:1"]), min_size=1))),
        pbs=f.pbs(draw(st.integers(0, 3))),
        service_area=(f.area(at=f.offset_north(f.LOUGHBOROUGH, km), radius_km=draw(st.floats(5, 40))),),
    )


def _home(property_id: str, draw: st.DrawFn) -> Home:
    km = draw(st.floats(0, 45))
    lat, lon = f.offset_north(f.LOUGHBOROUGH, km)
    return f.home(
        property_id,
        organisation_id=draw(st.sampled_from(ORGS + ["housing-1"])),
        description=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
        bedrooms=draw(st.integers(1, 4)),
        status=draw(st.sampled_from(["available", "available", "reserved", "let"])),
        weekly_rent=draw(st.sampled_from([None, 150.0, 240.0, 300.0])),
        latitude=lat,
        longitude=lon,
        care_partner_ids=frozenset(draw(st.sets(st.sampled_from(ORGS), max_size=2))),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[CareProvider], list[Home], list[tuple[str, str, object]]]:
    providers = [_provider(o, draw) for o in draw(st.sets(st.sampled_from(ORGS), max_size=4))]
    homes = [_home(h, draw) for h in draw(st.sets(st.sampled_from(HOMES), max_size=5))]
    steps: list[tuple[str, str, object]] = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            org = draw(st.sampled_from(ORGS))
            steps.append(("care", org, None if draw(st.integers(0, 3)) == 0 else _provider(org, draw)))
        else:
            pid = draw(st.sampled_from(HOMES))
            steps.append(("home", pid, None if draw(st.integers(0, 3)) == 0 else _home(pid, draw)))
    return providers, homes, steps


def answers(market: Marketplace) -> list[dict[str, object]]:
    out = []
    for q in (f.query(), f.query(required_pbs_level=0, must_have=frozenset(), min_bedrooms=0)):
        out.append(asdict(market.search(q, limit=3, today=f.TODAY)))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_applied_changes_answer_as_a_fresh_build(
    history: tuple[list[CareProvider], list[Home], list[tuple[str, str, object]]],
) -> None:
    providers, homes, steps = history
    market = Marketplace.build(providers, homes)
    first = market
    live_p = {p.organisation_id: p for p in providers}
    live_h = {h.property_id: h for h in homes}
    for kind, key, value in steps:
        if kind == "care":
            assert value is None or isinstance(value, CareProvider)
            market = market.apply({key: value}, {})
            live_p.pop(key, None)
            if value is not None:
                live_p[key] = value
        else:
            assert value is None or isinstance(value, Home)
            market = market.apply({}, {key: value})
            live_h.pop(key, None)
            if value is not None:
                live_h[key] = value
        fresh = Marketplace.build(list(live_p.values()), list(live_h.values()), vocabulary_of=first)
        assert answers(market) == answers(fresh)


def test_apply_leaves_the_old_marketplace_as_it_was() -> None:
    home = f.home("home-1")
    before = Marketplace.build([f.provider("care-1")], [home])
    answer = asdict(before.search(f.query(), today=f.TODAY))
    after = before.apply({}, {"home-1": replace(home, status="let")})
    assert asdict(before.search(f.query(), today=f.TODAY)) == answer
    assert [h["property_id"] for h in answer["housing"]] == ["home-1"]
    assert asdict(after.search(f.query(), today=f.TODAY))["housing"] == []
