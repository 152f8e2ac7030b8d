"""The synthetic marketplace generator: deterministic, in the vocabularies, realistic, and private."""

from __future__ import annotations

import json
import math
import os
import re
import uuid
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

import pytest

from matcher import vocab
from seed import BASE_DATE, DEMO_PASSWORD, Marketplace, generate, iter_generate
from seed.towns import TOWNS, TOWNS_BY_NAME

Record = dict[str, Any]


@pytest.fixture(scope="module")
def demo() -> Marketplace:
    return generate("demo")


@pytest.fixture(scope="module")
def bench_small() -> Marketplace:
    return generate("bench", providers=2000, properties=10000)


def dump(market: Marketplace) -> str:
    return json.dumps(asdict(market))


def level(pbs: Record) -> int:
    """DOMAIN.md's PBS level, written out again here so the generator is checked against the rules."""
    if not pbs["pbs_policy"] or pbs["staff_trained_pct"] < 50:
        return 0
    if (pbs["staff_trained_pct"] < 80 or not pbs["bild_act_certified_training"]
            or not pbs["rrn_certified_training"]):
        return 1
    if (not pbs["pbs_lead"] or not pbs["practice_leadership"] or not pbs["restrictive_practice_reduction"]
            or pbs["discharges_supported_3y"] < 1):
        return 2
    return 3


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# ------------------------------------------------------------------------------------------ determinism


def test_same_arguments_give_the_same_bytes() -> None:
    assert dump(generate("demo")) == dump(generate("demo"))
    assert dump(generate("bench", providers=300, properties=1500)) == dump(
        generate("bench", providers=300, properties=1500))
    assert dump(generate("demo", seed=7)) == dump(generate("demo", seed=7))


def test_different_seeds_differ() -> None:
    a, b = generate("demo", seed=1), generate("demo", seed=2)
    assert dump(a) != dump(b)
    assert {o["id"] for o in a.organisations}.isdisjoint(o["id"] for o in b.organisations)
    assert [p["description"] for p in a.properties] != [p["description"] for p in b.properties]


def test_streaming_gives_exactly_what_generate_gives() -> None:
    market = generate("bench", providers=200, properties=1234)
    streamed = Marketplace()
    parts = []
    for part, records in iter_generate("bench", providers=200, properties=1234, chunk_size=100):
        parts.append(part)
        getattr(streamed, part).extend(records)
        assert len(records) <= 100 or part != "properties"
    assert dump(streamed) == dump(market)
    assert parts[:2] == ["organisations", "care_offers"]
    assert parts[-2:] == ["users", "cases"]
    assert parts.count("properties") == 13


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        generate("huge")
    with pytest.raises(ValueError, match="providers"):
        iter_generate("bench", providers=0)


def test_callers_cannot_change_the_next_marketplace() -> None:
    before = dump(generate("demo"))
    first = generate("demo")
    first.cases[0]["pen_picture"]["client_groups"].append("dementia")
    first.cases[0]["identity"]["family_names"].clear()
    assert dump(generate("demo")) == before


# ------------------------------------------------------------------------------------------ sizes and users


def test_demo_sizes(demo: Marketplace) -> None:
    kinds = [tuple(o["kinds"]) for o in demo.organisations]
    assert kinds.count(("care",)) + kinds.count(("care", "housing")) == 60
    assert kinds.count(("care", "housing")) == 10
    assert kinds.count(("housing",)) == 15
    assert kinds.count(("commissioner",)) == 2
    assert len(demo.care_offers) == 60
    assert len(demo.properties) == 300
    assert len(demo.cases) == 5
    landlords = [o for o in demo.organisations if o["kinds"] == ["housing"]]
    assert any(o["registered_provider"] for o in landlords)
    assert not all(o["registered_provider"] for o in landlords)


def test_demo_users(demo: Marketplace) -> None:
    by_email = {u["email"]: u for u in demo.users}
    assert set(by_email) == {"admin@demo.example", "commissioner@demo.example", "commissioner2@demo.example",
                             "care@demo.example", "housing@demo.example"}
    assert all(u["password"] == DEMO_PASSWORD for u in demo.users)
    orgs = {o["id"]: o for o in demo.organisations}
    assert by_email["admin@demo.example"]["role"] == "admin"
    assert by_email["admin@demo.example"]["organisation_id"] is None
    council = orgs[by_email["commissioner@demo.example"]["organisation_id"]]
    assert council["name"] == "Leicestershire County Council (demo)"
    second = orgs[by_email["commissioner2@demo.example"]["organisation_id"]]
    assert second["kinds"] == ["commissioner"]
    assert second["id"] != council["id"]
    first_care = next(o for o in demo.organisations if "care" in o["kinds"])
    first_landlord = next(o for o in demo.organisations if o["kinds"] == ["housing"])
    assert by_email["care@demo.example"] == {**by_email["care@demo.example"], "role": "provider",
                                             "organisation_id": first_care["id"]}
    assert by_email["housing@demo.example"]["organisation_id"] == first_landlord["id"]
    assert all(u["role"] in vocab.ROLES and u["role"] != "family" for u in demo.users)
    assert all(c["organisation_id"] == council["id"] for c in demo.cases)


def test_bench_small_generation_completes(bench_small: Marketplace) -> None:
    assert len(bench_small.care_offers) == 2000
    assert len(bench_small.properties) == 10000
    assert len(bench_small.cases) == 5
    assert len(bench_small.users) == 5
    # Spread over the whole country, not the demo's East Midlands.
    areas = {p["area"] for p in bench_small.properties}
    assert len(areas) > 0.9 * len(TOWNS)
    regions = {TOWNS_BY_NAME[a].region for a in areas}
    assert {"wales", "london", "north_east", "south_west", "east_midlands"} <= regions


@pytest.mark.skipif(not os.environ.get("SEED_FULL_BENCH"), reason="set SEED_FULL_BENCH=1 for 20,000/100,000")
def test_bench_full_size_completes() -> None:
    counts = {"organisations": 0, "care_offers": 0, "properties": 0}
    for part, records in iter_generate("bench"):
        if part in counts:
            counts[part] += len(records)
    assert counts["care_offers"] == 20000
    assert counts["properties"] == 100000


# ------------------------------------------------------------------------------------------ integrity


def markets() -> list[str]:
    return ["demo", "bench_small"]


@pytest.fixture(params=markets())
def market(request: pytest.FixtureRequest) -> Marketplace:
    result: Marketplace = request.getfixturevalue(request.param)
    return result


def test_ids_are_unique_uuid4_and_references_resolve(market: Marketplace) -> None:
    ids = ([o["id"] for o in market.organisations] + [p["id"] for p in market.properties]
           + [u["id"] for u in market.users] + [c["id"] for c in market.cases])
    assert len(ids) == len(set(ids))
    assert all(uuid.UUID(i).version == 4 for i in ids)
    orgs = {o["id"]: o for o in market.organisations}
    assert len({o["name"] for o in market.organisations}) == len(market.organisations)
    offered = [c["organisation_id"] for c in market.care_offers]
    assert len(offered) == len(set(offered))
    assert set(offered) == {o["id"] for o in market.organisations if "care" in o["kinds"]}
    for p in market.properties:
        assert "housing" in orgs[p["organisation_id"]]["kinds"]
        assert all("care" in orgs[i]["kinds"] for i in p["care_partner_ids"])
    for u in market.users:
        assert u["organisation_id"] is None or u["organisation_id"] in orgs
    assert any(p["care_partner_ids"] for p in market.properties)
    assert any("care" in orgs[p["organisation_id"]]["kinds"] for p in market.properties)


def test_every_code_is_in_the_vocabularies(market: Marketplace) -> None:
    def within(values: list[str], allowed: tuple[str, ...]) -> None:
        assert set(values) <= set(allowed), set(values) - set(allowed)
        assert len(values) == len(set(values))

    for o in market.organisations:
        within(o["kinds"], vocab.ORGANISATION_KINDS)
        assert o["cqc_rating"] is None or o["cqc_rating"] in vocab.CQC_RATINGS
        assert o["office"]["name"] in TOWNS_BY_NAME
    for c in market.care_offers:
        within(c["service_types"], vocab.CARE_SERVICE_TYPES)
        within(c["client_groups"], vocab.CLIENT_GROUPS)
        within(c["staffing"]["ratios"], vocab.STAFF_RATIOS)
        within(c["staffing"]["nights"], vocab.NIGHT_COVER)
        within(c["specialists"], vocab.SPECIALISTS)
        within(c["communication"], vocab.COMMUNICATION)
        within(c["languages"], vocab.LANGUAGES)
        assert c["service_types"]
        assert c["client_groups"]
        assert c["staffing"]["ratios"]
    for p in market.properties:
        assert p["property_type"] in vocab.PROPERTY_TYPES
        assert p["living_arrangement"] in vocab.LIVING_ARRANGEMENTS
        assert p["accessibility"] in vocab.ACCESSIBILITY
        within(p["features"], vocab.PROPERTY_FEATURES)
        within(p["assistive_technology"], vocab.ASSISTIVE_TECHNOLOGY)
        within(p["tenure"], vocab.TENURES)
        assert p["tenure"]
        assert p["status"] in {"available", "let", "withdrawn"}  # "reserved" needs a case
    for case in market.cases:
        pen, spec = case["pen_picture"], case["housing_spec"]
        assert pen["age_band"] in vocab.AGE_BANDS
        assert pen["gender"] in vocab.GENDERS
        within(pen["client_groups"], vocab.CLIENT_GROUPS)
        within(pen["specialists"], vocab.SPECIALISTS)
        within(pen["communication"], vocab.COMMUNICATION)
        assert pen["language"] is None or pen["language"] in vocab.LANGUAGES
        assert pen["staffing"]["day_ratio"] in (None, *vocab.STAFF_RATIOS)
        assert pen["staffing"]["night"] in (None, *vocab.NIGHT_COVER)
        assert pen["staffing"]["staff_gender"] in (None, *vocab.STAFF_GENDERS)
        assert pen["required_pbs_level"] in (0, 1, 2, 3)
        within(spec["living_arrangement"], vocab.LIVING_ARRANGEMENTS)
        within(spec["property_types"], vocab.PROPERTY_TYPES)
        within(spec["must_have"], vocab.HOME_FEATURE_CODES)
        within(spec["nice_to_have"], vocab.HOME_FEATURE_CODES)
        within(spec["tenure"], vocab.TENURES)
        assert spec["min_accessibility"] in vocab.ACCESSIBILITY


def test_homes_are_realistic(market: Marketplace) -> None:
    for p in market.properties:
        assert 1 <= p["bedrooms"] <= 4
        assert 120 <= p["weekly_rent"] <= 450
        if p["living_arrangement"] == "shared":
            assert 2 <= p["max_occupants"] <= min(vocab.MAX_SHARING, p["bedrooms"])
        else:
            assert p["max_occupants"] == 1
        assert p["property_type"] != "shared_house" or p["living_arrangement"] == "shared"
        assert p["area"] == p["location_name"] == p["location"]["name"]
        town = TOWNS_BY_NAME[p["area"]]
        assert km(town.latitude, town.longitude, p["location"]["latitude"], p["location"]["longitude"]) < 25
        assert 49.8 < p["location"]["latitude"] < 55.9
        assert -6.0 < p["location"]["longitude"] < 1.9
        date.fromisoformat(p["available_from"])
        sentences = p["description"].count(". ") + 1
        assert 2 <= sentences <= 4, p["description"]
        assert p["title"].endswith(f", {p['area']}")
    statuses = {p["status"] for p in market.properties}
    assert statuses == {"available", "let", "withdrawn"}
    available = sum(p["status"] == "available" for p in market.properties)
    assert available > 0.7 * len(market.properties)
    shared = sum(p["living_arrangement"] == "shared" for p in market.properties)
    assert 0.05 * len(market.properties) < shared < 0.35 * len(market.properties)
    assert {p["accessibility"] for p in market.properties} == set(vocab.ACCESSIBILITY)
    assert {p["property_type"] for p in market.properties} == set(vocab.PROPERTY_TYPES)


def test_descriptions_name_their_features_in_plain_english(demo: Marketplace) -> None:
    quiet = [p for p in demo.properties if "quiet" in p["description"] or "peaceful" in p["description"]]
    assert quiet
    assert all("quiet_location" in p["features"] for p in quiet)
    sensory = [p for p in demo.properties if "sensory" in p["description"]]
    assert all("sensory_room" in p["features"] for p in sensory)
    assert len({p["description"] for p in demo.properties}) == len(demo.properties)


def test_care_offers_are_realistic(market: Marketplace) -> None:
    six_months = BASE_DATE + timedelta(days=182)
    for c in market.care_offers:
        assert 1 <= len(c["service_area"]) <= 3
        for area in c["service_area"]:
            assert 15 <= area["radius_km"] <= 60
            town = TOWNS_BY_NAME[area["name"]]
            assert (area["latitude"], area["longitude"]) == (town.latitude, town.longitude)
        assert 0 <= c["capacity"]["new_packages"] <= 3
        assert BASE_DATE <= date.fromisoformat(c["capacity"]["earliest_start"]) <= six_months
        assert 0 <= c["pbs"]["staff_trained_pct"] <= 100
        assert 2 <= c["description"].count(". ") + 1 <= 5
    assert {c["capacity"]["new_packages"] for c in market.care_offers} == {0, 1, 2, 3}


def test_pbs_levels_all_occur_in_roughly_the_planned_shares(market: Marketplace) -> None:
    levels = [level(c["pbs"]) for c in market.care_offers]
    shares = {n: levels.count(n) / len(levels) for n in range(4)}
    assert all(shares[n] > 0 for n in range(4))
    for n, target in ((0, 0.15), (1, 0.30), (2, 0.35), (3, 0.20)):
        assert abs(shares[n] - target) < 0.06, shares


def test_contact_details_are_fictional(market: Marketplace) -> None:
    phone = re.compile(r"^(0116 496 0|0115 496 0|0121 496 0|0113 496 0|0114 496 0|0117 496 0|0118 496 0"
                       r"|0161 496 0|0151 496 0|0191 498 0|020 7946 0|029 2018 0)\d{3}$|^01632 960\d{3}$"
                       r"|^07700 900\d{3}$")
    for o in market.organisations:
        assert o["email"].endswith(".example")
        assert o["website"].endswith(".example")
        assert phone.match(o["phone"]), o["phone"]
    assert all(u["email"].endswith("@demo.example") for u in market.users)


def test_welsh_is_offered_mostly_in_wales(bench_small: Marketplace) -> None:
    welsh = [c for c in bench_small.care_offers if c["languages"] == ["welsh"]]
    in_wales = [c for c in welsh if TOWNS_BY_NAME[c["service_area"][0]["name"]].region == "wales"]
    assert welsh
    assert len(in_wales) > len(welsh) / 2


def test_demo_homes_are_denser_in_the_east_midlands(demo: Marketplace) -> None:
    regions = [TOWNS_BY_NAME[p["area"]].region for p in demo.properties]
    assert regions.count("east_midlands") > 0.4 * len(regions)
    assert len(set(regions)) >= 5


# ------------------------------------------------------------------------------------------ cases


def test_case_narratives_hold_no_identifiers(market: Marketplace) -> None:
    from matcher.privacy import find_identifiers

    for case in market.cases:
        narrative = case["pen_picture"]["narrative"]
        assert not re.search(r"\d", narrative), "no dates, phone numbers or other digit sequences"
        identity = case["identity"]
        names = [identity["full_name"], identity["known_as"], *identity["family_names"]]
        for part in {w for n in names for w in n.split()}:
            assert not re.search(rf"\b{re.escape(part)}\b", narrative, re.IGNORECASE), part
        for section in ("About me", "What matters to me", "What good support looks like", "Known triggers"):
            assert section in narrative
        assert find_identifiers(narrative, names) == [], case["reference"]


def test_case_shapes(demo: Marketplace) -> None:
    references = [c["reference"] for c in demo.cases]
    assert len(set(references)) == 5
    for case in demo.cases:
        assert set(case["identity"]) == {"full_name", "known_as", "date_of_birth", "nhs_number", "address",
                                         "family_names"}
        places = case["location"]["places"]
        assert places
        assert all(p["name"] in TOWNS_BY_NAME and p["label"] and 0 < p["weight"] <= 1 for p in places)
        assert all((p["latitude"], p["longitude"]) == TOWNS_BY_NAME[p["name"]][1:3] for p in places)
        assert date.fromisoformat(case["target_move_date"]) > BASE_DATE
        nhs = case["identity"]["nhs_number"].replace(" ", "")
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(nhs[:9])) % 11
        assert nhs.startswith("999")
        assert int(nhs[9]) == (0 if check == 11 else check)


def test_case_places_are_stored_as_the_api_stores_them(demo: Marketplace) -> None:
    """What GET answers for a seeded case's place can be PATCHed back, and each place has its area."""
    from matcher.cases.schemas import CasePlaceIn
    from matcher.cases.service import _place_out

    for case in demo.cases:
        for place in case["location"]["places"]:
            shown = _place_out(place)
            assert shown.resolved.area == place["name"]
            sent_back = CasePlaceIn.model_validate(shown.model_dump(exclude_none=True))
            assert sent_back.given() == {"name": place["name"]}


def home_fits(home: Record, case: Record) -> bool:
    spec, target = case["housing_spec"], date.fromisoformat(case["target_move_date"])
    places = case["location"]["places"]
    access = vocab.ACCESSIBILITY
    loc = home["location"]
    near = min(km(p["latitude"], p["longitude"], loc["latitude"], loc["longitude"]) for p in places)
    return (near <= case["location"]["max_distance_km"]
            and home["living_arrangement"] in spec["living_arrangement"]
            and (not spec["property_types"] or home["property_type"] in spec["property_types"])
            and home["bedrooms"] >= spec["min_bedrooms"]
            and set(spec["must_have"]) <= set(home["features"]) | set(home["assistive_technology"])
            and access.index(home["accessibility"]) <= access.index(spec["min_accessibility"])
            and (not spec["tenure"] or bool(set(spec["tenure"]) & set(home["tenure"])))
            and (spec["max_weekly_rent"] is None or home["weekly_rent"] <= spec["max_weekly_rent"])
            and home["status"] == "available"
            and date.fromisoformat(home["available_from"]) <= target)


def provider_fits(offer: Record, case: Record) -> bool:
    pen, target = case["pen_picture"], date.fromisoformat(case["target_move_date"])
    staffing, want = offer["staffing"], pen["staffing"]
    inside = any(km(p["latitude"], p["longitude"], a["latitude"], a["longitude"]) <= a["radius_km"]
                 for p in case["location"]["places"] for a in offer["service_area"])
    return (inside
            and date.fromisoformat(offer["capacity"]["earliest_start"]) <= target
            and offer["capacity"]["new_packages"] >= 1
            and level(offer["pbs"]) >= pen["required_pbs_level"]
            and (not pen["restrictive_interventions_in_plan"] or offer["pbs"]["rrn_certified_training"])
            and (want["day_ratio"] is None or want["day_ratio"] in staffing["ratios"])
            and (want["night"] is None or want["night"] in staffing["nights"])
            and (want["staff_gender"] is None or staffing[f"{want['staff_gender']}_staff_only"])
            and set(pen["client_groups"]) <= set(offer["client_groups"])
            and set(pen["specialists"]) <= set(offer["specialists"])
            and (pen["language"] is None or pen["language"] in offer["languages"]))


def test_every_demo_case_has_choice_of_care_homes_and_packages(demo: Marketplace) -> None:
    for case in demo.cases:
        care = [o for o in demo.care_offers if provider_fits(o, case)]
        homes = [p for p in demo.properties if home_fits(p, case)]
        assert len(care) >= 4, case["reference"]
        assert len(homes) >= 5, case["reference"]
        care_ids = {o["organisation_id"] for o in care}
        assert any(h["organisation_id"] in care_ids for h in homes), "a one-organisation package"
        assert any(care_ids & set(h["care_partner_ids"]) for h in homes), "a partnership package"
        # Not only the homes made for it: the wider marketplace also offers near misses and real choice.
        near = [p for p in demo.properties if p["status"] == "available" and min(
            km(pl["latitude"], pl["longitude"], p["location"]["latitude"], p["location"]["longitude"])
            for pl in case["location"]["places"]) <= case["location"]["max_distance_km"]]
        assert len(near) >= 20, case["reference"]
