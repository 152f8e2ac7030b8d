"""Load the labelled scenarios and measure how far the scorer agrees with the commissioner's ranking.

Two measures per list: precision@k (how many of the expected top k the scorer also puts in its top k)
and pairwise agreement (of the pairs of expected candidates the commissioner ordered, the share the
scorer orders the same way; a candidate the scorer does not return counts as ranked last).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from matcher.scoring import CareProvider, CaseQuery, Home, Marketplace, PbsEvidence, Place, ServiceArea

SCENARIOS = Path(__file__).with_name("scenarios.json")
TODAY = date(2025, 3, 1)


def _pbs(p: dict[str, Any]) -> PbsEvidence:
    level = p["pbs"]
    return PbsEvidence(
        pbs_policy=level >= 1,
        staff_trained_pct=p["trained"],
        bild_act_certified_training=level >= 2,
        rrn_certified_training=level >= 2,
        pbs_lead=level >= 3,
        practice_leadership=level >= 3,
        restrictive_practice_reduction=level >= 3,
        discharges_supported_3y=p["discharges"],
        placement_breakdowns_3y=p["breakdowns"],
    )


def _provider(p: dict[str, Any]) -> CareProvider:
    return CareProvider(
        organisation_id=p["organisation_id"],
        name=p["name"],
        description=p["description"],
        service_types=frozenset({"supported_living"}),
        client_groups=frozenset(p["client_groups"]),
        ratios=frozenset(p["ratios"]),
        nights=frozenset(p["nights"]),
        female_staff_only=p.get("female_only", False),
        male_staff_only=False,
        specialists=frozenset(p["specialists"]),
        communication=frozenset(p["communication"]),
        languages=frozenset(p.get("languages", [])),
        pbs=_pbs(p),
        service_area=tuple(ServiceArea(n, lat, lon, r) for n, lat, lon, r in p["areas"]),
        new_packages=p["new_packages"],
        earliest_start=None,
    )


def _home(h: dict[str, Any]) -> Home:
    return Home(
        property_id=h["property_id"],
        organisation_id=h["organisation_id"],
        title=h["title"],
        description=h["description"],
        property_type=h["property_type"],
        living_arrangement="single_occupancy",
        max_occupants=1,
        bedrooms=h["bedrooms"],
        accessibility=h["accessibility"],
        features=frozenset(h["features"]),
        assistive_technology=frozenset(h["tech"]),
        tenure=frozenset(h["tenure"]),
        weekly_rent=float(h["rent"]),
        available_from=None,
        status="available",
        latitude=h["lat"],
        longitude=h["lon"],
        area=h["title"].split(", ")[-1],
        care_partner_ids=frozenset(h["partners"]),
    )


def _query(q: dict[str, Any]) -> CaseQuery:
    sets = (
        "client_groups",
        "specialists",
        "communication",
        "property_types",
        "must_have",
        "nice_to_have",
        "tenure",
    )
    fields: dict[str, Any] = {k: frozenset(v) if k in sets else v for k, v in q.items() if k != "places"}
    fields["places"] = tuple(Place(n, lab, w, lat, lon) for n, lab, w, lat, lon in q["places"])
    fields.setdefault("living_arrangement", frozenset({"single_occupancy"}))
    return CaseQuery(**fields)


@dataclass
class Agreement:
    case: str
    kind: str
    expected: list[str]
    got: list[str]
    precision: float
    pairwise: float


def _pairwise(expected: list[str], got: list[str]) -> float:
    pos = {x: i for i, x in enumerate(got)}
    last = len(got)
    pairs = [(a, b) for i, a in enumerate(expected) for b in expected[i + 1 :]]
    if not pairs:
        return 1.0 if not expected or expected[0] in pos else 0.0
    return sum(pos.get(a, last) < pos.get(b, last + 1) for a, b in pairs) / len(pairs)


def measure(path: Path = SCENARIOS) -> list[Agreement]:
    data = json.loads(path.read_text())
    market = Marketplace.build([_provider(p) for p in data["providers"]], [_home(h) for h in data["homes"]])
    out = []
    for case in data["cases"]:
        outcome = market.search(_query(case["query"]), today=TODAY)
        got = {
            "care": [r.organisation_id for r in outcome.care],
            "housing": [r.property_id for r in outcome.housing],
        }
        for kind in ("care", "housing"):
            expected = case["expected"][kind]
            k = len(expected[:3])
            precision = len(set(expected[:3]) & set(got[kind][:k])) / k if k else 1.0
            out.append(
                Agreement(case["id"], kind, expected, got[kind], precision, _pairwise(expected, got[kind]))
            )
    return out
