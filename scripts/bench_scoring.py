"""Time the scoring module on a synthetic marketplace of 20,000 care providers and 100,000 homes.

Deterministic (numpy RNG seeded), clustered around real English and Welsh towns. Prints build time,
p50/p95/max per search over >= 500 varied searches, and peak RSS.

    /tmp/venv/bin/python scripts/bench_scoring.py [--providers 20000] [--homes 100000] [--searches 500]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.scoring import (  # noqa: E402
    CareProvider,
    CaseQuery,
    Home,
    Marketplace,
    PbsEvidence,
    Place,
    ServiceArea,
)
from matcher.vocab import (  # noqa: E402
    ACCESSIBILITY,
    ASSISTIVE_TECHNOLOGY,
    CARE_SERVICE_TYPES,
    CLIENT_GROUPS,
    COMMUNICATION,
    PROPERTY_FEATURES,
    PROPERTY_TYPES,
    SPECIALISTS,
    TENURES,
)

TOWNS = [
    ("Leicester", 52.6369, -1.1398),
    ("Loughborough", 52.7721, -1.2062),
    ("Nottingham", 52.9548, -1.1581),
    ("Derby", 52.9225, -1.4746),
    ("Birmingham", 52.4862, -1.8904),
    ("Coventry", 52.4068, -1.5197),
    ("Manchester", 53.4808, -2.2426),
    ("Liverpool", 53.4084, -2.9916),
    ("Leeds", 53.8008, -1.5491),
    ("Sheffield", 53.3811, -1.4701),
    ("Bristol", 51.4545, -2.5879),
    ("Cardiff", 51.4816, -3.1791),
    ("Swansea", 51.6214, -3.9436),
    ("Newport", 51.5842, -2.9977),
    ("Wrexham", 53.0466, -2.9925),
    ("Bangor", 53.2274, -4.1293),
    ("Aberystwyth", 52.4153, -4.0829),
    ("London", 51.5072, -0.1276),
    ("Croydon", 51.3762, -0.0982),
    ("Reading", 51.4543, -0.9781),
    ("Oxford", 51.7520, -1.2577),
    ("Cambridge", 52.2053, 0.1218),
    ("Norwich", 52.6309, 1.2974),
    ("Ipswich", 52.0567, 1.1482),
    ("Peterborough", 52.5695, -0.2405),
    ("Northampton", 52.2405, -0.9027),
    ("Lincoln", 53.2307, -0.5406),
    ("Hull", 53.7676, -0.3274),
    ("York", 53.9600, -1.0873),
    ("Newcastle", 54.9783, -1.6178),
    ("Sunderland", 54.9069, -1.3838),
    ("Carlisle", 54.8925, -2.9329),
    ("Preston", 53.7632, -2.7031),
    ("Stoke-on-Trent", 53.0027, -2.1794),
    ("Shrewsbury", 52.7073, -2.7553),
    ("Worcester", 52.1936, -2.2216),
    ("Gloucester", 51.8642, -2.2382),
    ("Exeter", 50.7184, -3.5339),
    ("Plymouth", 50.3755, -4.1427),
    ("Southampton", 50.9097, -1.4044),
    ("Brighton", 50.8225, -0.1372),
    ("Canterbury", 51.2802, 1.0789),
]
WORDS = (
    "autism learning disability positive behaviour support consistent team garden quiet sensory routine "
    "makaton communication community walks music swimming animals cooking independence family visits "
    "transition hospital discharge forensic epilepsy mental health waking night sleep in bungalow flat "
    "enclosed robust fixtures soundproofing rural town shops bus countryside calm space outdoor art "
    "structure predictable low arousal trauma informed skilled experienced small detached parking"
).split()


def pick(rng: np.random.Generator, codes: tuple[str, ...], lo: int, hi: int) -> frozenset[str]:
    k = int(rng.integers(lo, hi + 1))
    return frozenset(rng.choice(codes, size=min(k, len(codes)), replace=False).tolist())


def text(rng: np.random.Generator, n: int) -> str:
    return " ".join(rng.choice(WORDS, size=n).tolist())


def synth(n_providers: int, n_homes: int, seed: int = 7) -> tuple[list[CareProvider], list[Home]]:
    rng = np.random.default_rng(seed)
    today = date(2025, 3, 1)
    providers = []
    for i in range(n_providers):
        areas = []
        for _ in range(int(rng.integers(1, 4))):
            name, lat, lon = TOWNS[int(rng.integers(len(TOWNS)))]
            areas.append(
                ServiceArea(
                    name,
                    lat + rng.normal(0, 0.05),
                    lon + rng.normal(0, 0.08),
                    float(rng.choice([10, 15, 20, 30, 40, 50])),
                )
            )
        level = int(rng.integers(0, 4))
        providers.append(
            CareProvider(
                organisation_id=f"org-{i:06d}",
                name=f"Care provider {i}",
                description=text(rng, 25),
                service_types=pick(rng, CARE_SERVICE_TYPES, 1, 3),
                client_groups=pick(rng, CLIENT_GROUPS, 1, 6),
                ratios=pick(rng, ("1:1", "2:1", "3:1"), 1, 3),
                nights=pick(rng, ("waking_night", "sleep_in"), 0, 2),
                female_staff_only=bool(rng.random() < 0.05),
                male_staff_only=bool(rng.random() < 0.05),
                specialists=pick(rng, SPECIALISTS, 0, 4),
                communication=pick(rng, COMMUNICATION, 0, 4),
                languages=frozenset({"welsh"}) if rng.random() < 0.1 else frozenset(),
                pbs=PbsEvidence(
                    pbs_policy=level >= 1,
                    staff_trained_pct=int(rng.integers(0, 101)),
                    bild_act_certified_training=level >= 2,
                    rrn_certified_training=level >= 2 or rng.random() < 0.3,
                    pbs_lead=level >= 3,
                    practice_leadership=level >= 3,
                    restrictive_practice_reduction=level >= 3,
                    discharges_supported_3y=int(rng.integers(0, 8)),
                    placement_breakdowns_3y=int(rng.integers(0, 3)),
                ),
                service_area=tuple(areas),
                new_packages=int(rng.integers(0, 4)),
                earliest_start=None if rng.random() < 0.5 else today + timedelta(int(rng.integers(0, 300))),
            )
        )
    homes = []
    for i in range(n_homes):
        name, lat, lon = TOWNS[int(rng.integers(len(TOWNS)))]
        owner = int(rng.integers(n_providers * 2))  # half the landlords also provide care
        homes.append(
            Home(
                property_id=f"prop-{i:07d}",
                organisation_id=f"org-{owner:06d}",
                title=f"Home {i}",
                description=text(rng, 20),
                property_type=str(rng.choice(PROPERTY_TYPES)),
                living_arrangement="shared" if rng.random() < 0.3 else "single_occupancy",
                max_occupants=int(rng.integers(1, 5)),
                bedrooms=int(rng.integers(1, 5)),
                accessibility=str(rng.choice(ACCESSIBILITY)),
                features=pick(rng, PROPERTY_FEATURES, 2, 10),
                assistive_technology=pick(rng, ASSISTIVE_TECHNOLOGY, 0, 4),
                tenure=pick(rng, TENURES, 1, 2),
                weekly_rent=None if rng.random() < 0.1 else float(rng.integers(120, 400)),
                available_from=None if rng.random() < 0.5 else today + timedelta(int(rng.integers(0, 300))),
                status="available" if rng.random() < 0.8 else "let",
                latitude=lat + rng.normal(0, 0.12),
                longitude=lon + rng.normal(0, 0.18),
                area=name,
                care_partner_ids=frozenset(
                    f"org-{int(x):06d}" for x in rng.integers(n_providers, size=int(rng.integers(0, 3)))
                ),
            )
        )
    return providers, homes


def queries(n: int, seed: int = 11) -> list[CaseQuery]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        places = []
        name, lat, lon = TOWNS[int(rng.integers(len(TOWNS)))]  # the places that matter cluster in one town
        for j in range(int(rng.integers(1, 4))):
            places.append(
                Place(
                    name,
                    ("family", "home area", "day service")[j],
                    float(rng.choice([1, 0.5])),
                    lat + rng.normal(0, 0.05),
                    lon + rng.normal(0, 0.05),
                )
            )
        out.append(
            CaseQuery(
                places=tuple(places),
                max_distance_km=float(rng.choice([20, 30, 40, 60])),
                target_move_date=None
                if rng.random() < 0.3
                else date(2025, 3, 1) + timedelta(int(rng.integers(30, 365))),
                client_groups=pick(rng, ("learning_disability", "autism", "mental_health", "epilepsy"), 1, 2),
                day_ratio=str(rng.choice(["1:1", "2:1"])),
                night=None if rng.random() < 0.5 else "waking_night",
                required_pbs_level=int(rng.integers(0, 4)),
                restrictive_interventions_in_plan=bool(rng.random() < 0.4),
                specialists=pick(rng, SPECIALISTS, 0, 1),
                communication=pick(rng, COMMUNICATION, 0, 2),
                narrative=text(rng, 60),
                property_types=pick(rng, PROPERTY_TYPES, 0, 3),
                min_bedrooms=int(rng.integers(1, 3)),
                must_have=pick(rng, PROPERTY_FEATURES, 0, 2),
                nice_to_have=pick(rng, PROPERTY_FEATURES, 0, 4),
                min_accessibility=str(rng.choice(["G", "G", "E", "C"])),
                tenure=pick(rng, TENURES, 0, 3),
                max_weekly_rent=None if rng.random() < 0.3 else float(rng.integers(200, 400)),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=20_000)
    parser.add_argument("--homes", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=500)
    args = parser.parse_args()

    t = time.perf_counter()
    providers, homes = synth(args.providers, args.homes)
    print(f"synthesised {len(providers)} providers, {len(homes)} homes in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    market = Marketplace.build(providers, homes)
    print(f"Marketplace.build: {time.perf_counter() - t:.2f} s")

    qs = queries(args.searches)
    today = date(2025, 3, 1)
    for q in qs[:5]:  # warm-up
        market.search(q, today=today)
    times = []
    returned = 0
    for i, q in enumerate(qs):
        weights = None if i % 4 else {"location": 1.0, "pbs": float(i % 3), "package_fit": 1.0}
        t = time.perf_counter()
        outcome = market.search(q, weights=weights, today=today)
        times.append((time.perf_counter() - t) * 1000)
        returned += len(outcome.care) + len(outcome.housing) + len(outcome.packages)
    ms = np.array(times)
    print(f"searches: {len(ms)}, mean results per search {returned / len(ms):.1f}")
    print(f"search ms: p50 {np.percentile(ms, 50):.1f}  p95 {np.percentile(ms, 95):.1f}  max {ms.max():.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    # Applying one listing change (matcher.search.index splices it into the next snapshot)
    from dataclasses import replace

    rng = np.random.default_rng(5)
    for label, changes in (
        ("care offer edit", [({p.organisation_id: replace(p, new_packages=p.new_packages + 1)}, {})
                             for p in (providers[int(i)] for i in rng.integers(0, len(providers), 20))]),
        ("home edit", [({}, {h.property_id: replace(h, status="let")})
                       for h in (homes[int(i)] for i in rng.integers(0, len(homes), 20))]),
        ("home added", [({}, {f"new-{k}": replace(homes[k], property_id=f"new-{k}")}) for k in range(20)]),
    ):
        spent = []
        for care, listed in changes:
            t = time.perf_counter()
            market.apply(care, listed)
            spent.append((time.perf_counter() - t) * 1000)
        print(f"apply one {label}: p50 {np.percentile(spent, 50):.1f} ms  max {max(spent):.1f} ms")


if __name__ == "__main__":
    main()
