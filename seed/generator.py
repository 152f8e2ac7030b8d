"""The synthetic marketplace: fictional organisations, care offers, homes, demo users and example cases.

Pure and deterministic: the same arguments give the same data, byte for byte. Every random choice comes
from a `random.Random` seeded from the `seed` argument and the name of the part being generated (so the
homes do not shift when a phrase bank for care offers grows), every id is a UUID built from that stream,
and every date counts from the fixed `BASE_DATE`, never from today.

Shapes follow docs/API.md: organisations, care offers (one per care organisation), properties (plus
`id`, coordinates in `location`, and the town in `area` and `location_name`), users (with the shared demo
password) and cases (with a fictional identity record). `iter_generate` streams the same records in chunks
for bench scale; `generate` collects them.
"""

from __future__ import annotations

import copy
import math
import random
import re
import uuid
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Any, Final

from matcher.vocab import (
    ACCESSIBILITY,
    ASSISTIVE_TECHNOLOGY,
    CARE_SERVICE_TYPES,
    CLIENT_GROUPS,
    COMMUNICATION,
    MAX_SHARING,
    NIGHT_COVER,
    PROPERTY_FEATURES,
    SPECIALISTS,
    STAFF_RATIOS,
    TENURES,
)

from .towns import EAST_MIDLANDS, LEICESTERSHIRE, TOWNS, TOWNS_BY_NAME, WALES, Town

Record = dict[str, Any]

#: Every date in the marketplace counts from here (never from today), so the data never changes.
BASE_DATE: Final = date(2027, 1, 1)
#: One shared password for every demo login: it is a demo, and the README says so.
DEMO_PASSWORD: Final = "demo-password-1"
#: Default (care providers, homes) per size.
SIZES: Final[dict[str, tuple[int, int]]] = {"demo": (60, 300), "bench": (20_000, 100_000)}
DEFAULT_SEED: Final = 20271
CHUNK: Final = 5_000
#: In the demo, per example case: care providers and homes shaped so the case has real choice.
ANCHOR_CARE: Final = 4
ANCHOR_HOMES: Final = 5

COMMISSIONER_NAME: Final = "Leicestershire County Council (demo)"
COMMISSIONER2_NAME: Final = "East Midlands Commissioning Hub (demo)"


@dataclass
class Marketplace:
    organisations: list[Record] = field(default_factory=list)
    care_offers: list[Record] = field(default_factory=list)
    properties: list[Record] = field(default_factory=list)
    users: list[Record] = field(default_factory=list)
    cases: list[Record] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ helpers


def _rng(seed: int, part: str) -> random.Random:
    """An independent, reproducible stream per part (str seeds hash with SHA-512, not PYTHONHASHSEED)."""
    return random.Random(f"matcher-seed/{seed}/{part}")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@lru_cache(maxsize=64)
def _cumulative(weighted: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], list[float]]:
    return tuple(v for v, _ in weighted), list(accumulate(w for _, w in weighted))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    """One value, drawn in proportion to its weight (one `rng.random()` per draw)."""
    values, cum = _cumulative(weighted)
    return values[min(bisect_right(cum, rng.random() * cum[-1]), len(values) - 1)]


def _ordered(chosen: set[str], vocabulary: Sequence[str]) -> list[str]:
    """Codes in the vocabulary's own order, so output never depends on set iteration."""
    return [c for c in vocabulary if c in chosen]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def pbs_level_of(pbs: Record) -> int:
    """DOMAIN.md's PBS level from the nine evidence fields (the scoring module owns the real one)."""
    if not (pbs["pbs_policy"] and pbs["staff_trained_pct"] >= 50):
        return 0
    if not (pbs["staff_trained_pct"] >= 80 and pbs["bild_act_certified_training"]
            and pbs["rrn_certified_training"]):
        return 1
    if not (pbs["pbs_lead"] and pbs["practice_leadership"] and pbs["restrictive_practice_reduction"]
            and pbs["discharges_supported_3y"] >= 1):
        return 2
    return 3


class _TownPicker:
    """Towns drawn in proportion to softened size, optionally boosted by region."""

    def __init__(self, towns: Sequence[Town], boost: dict[str, float] | None = None) -> None:
        boost = boost or {}
        self.towns = list(towns)
        weights = [t.weight ** 0.6 * boost.get(t.name, boost.get(t.region, 1.0)) for t in self.towns]
        self.cum = list(accumulate(weights))

    def pick(self, rng: random.Random) -> Town:
        i = bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.towns[min(i, len(self.towns) - 1)]


def _neighbours(limit_km: float) -> dict[str, list[Town]]:
    """For each town, the other towns within `limit_km`, nearest first (ties on name)."""
    out: dict[str, list[Town]] = {}
    for t in TOWNS:
        near = [(_km(t.latitude, t.longitude, o.latitude, o.longitude), o.name,
                 o) for o in TOWNS if o is not t]
        out[t.name] = [o for d, _, o in sorted(near) if d <= limit_km]
    return out


NEIGHBOURS_80: Final = _neighbours(80.0)


def _towns_within(town: Town, limit_km: float) -> list[Town]:
    """The town itself and its neighbours within `limit_km`, nearest first."""
    return [town, *(t for t in NEIGHBOURS_80[town.name]
                     if _km(town.latitude, town.longitude, t.latitude, t.longitude) <= limit_km)]


NEIGHBOURS_50: Final = _neighbours(50.0)


def _scatter(rng: random.Random, town: Town, spread_km: float | None = None) -> tuple[float, float]:
    """A point around the town centre: gaussian, clipped at 2.5 standard deviations."""
    sigma = town.spread_km if spread_km is None else spread_km
    dx = max(-2.5, min(2.5, rng.gauss(0.0, 1.0))) * sigma
    dy = max(-2.5, min(2.5, rng.gauss(0.0, 1.0))) * sigma
    lat = town.latitude + dy / 111.2
    lon = town.longitude + dx / (111.2 * math.cos(math.radians(town.latitude)))
    return round(lat, 5), round(lon, 5)


# Ofcom's numbers reserved for drama (never allocated to a real line).
_DRAMA_AREA: Final[dict[str, str]] = {
    **dict.fromkeys(["Leicester", "Wigston", "Loughborough", "Shepshed", "Coalville", "Hinckley",
                     "Melton Mowbray", "Market Harborough", "Lutterworth", "Oakham", "Ashby-de-la-Zouch"],
                    "0116 496 0"),
    **dict.fromkeys(["Nottingham", "Mansfield", "Newark-on-Trent"], "0115 496 0"),
    **dict.fromkeys(["Birmingham", "Wolverhampton"], "0121 496 0"),
    **dict.fromkeys(["Leeds", "Bradford", "Huddersfield", "Harrogate"], "0113 496 0"),
    **dict.fromkeys(["Sheffield", "Doncaster", "Chesterfield"], "0114 496 0"),
    **dict.fromkeys(["Bristol", "Bath"], "0117 496 0"),
    **dict.fromkeys(["Reading"], "0118 496 0"),
    **dict.fromkeys(["Manchester", "Bolton"], "0161 496 0"),
    **dict.fromkeys(["Liverpool", "Chester"], "0151 496 0"),
    **dict.fromkeys(["Newcastle upon Tyne", "Sunderland", "Durham"], "0191 498 0"),
    **dict.fromkeys(["Camden", "Hackney", "Tower Hamlets", "Lewisham", "Croydon", "Ealing", "Barnet",
                     "Enfield"], "020 7946 0"),
    **dict.fromkeys(["Cardiff", "Newport", "Bridgend", "Merthyr Tydfil"], "029 2018 0"),
}


def _phone(rng: random.Random, town: Town) -> str:
    if rng.random() < 0.15:
        return f"07700 900{rng.randrange(1000):03d}"
    prefix = _DRAMA_AREA.get(town.name)
    if prefix is None:
        return f"01632 960{rng.randrange(1000):03d}"
    return f"{prefix}{rng.randrange(1000):03d}"


# ------------------------------------------------------------------------------------------ names

_FIRST: Final = (
    "Oakfield", "Brightwater", "Meadowbank", "Willowmere", "Beacon", "Harbourlight", "Larkspur", "Rowan",
    "Heron", "Ashgrove", "Fernlea", "Juniper", "Maplewood", "Riverside", "Hollybrook", "Sandpiper",
    "Skylark", "Foxglove", "Cedar", "Linden", "Birchwood", "Greenacre", "Summerhill", "Clearwater",
    "Evergreen", "Bluebell", "Primrose", "Kingfisher", "Wren", "Hawthorn", "Lavender", "Marigold",
    "Silverdale", "Stonebridge", "Westbrook", "Alder", "Amberleigh", "Bramble", "Cherrytree", "Daisyfield",
    "Goldcrest", "Hazelwood", "Lantern", "Northlight", "Orchard", "Pebblebrook", "Redwing", "Saffron",
    "Thistledown", "Upland", "Kestrel", "Moorhen", "Swallowtail", "Campion", "Teasel", "Sorrel", "Yarrow",
    "Elderflower", "Waterside", "Fieldfare",
)
_SECOND: Final = ("", "", "", "", "Lane", "Vale", "House", "Grove", "Fields", "Brook", "Park", "Hill",
                  "Meadow", "Bridge", "Gate", "Path", "Court", "Green")
_CARE_SUFFIX: Final = ("Support", "Care", "Support Services", "Care Partnership", "Community Support",
                       "Lives",
                       "Supported Living", "Pathways", "Futures", "Care Collective")
_DUAL_SUFFIX: Final = ("Care and Housing", "Homes and Support", "Living", "Support and Homes", "Care Homes",
                       "Housing and Care")
_HA_SUFFIX: Final = ("Housing Association", "Homes", "Housing Trust", "Housing Group", "Community Housing")
_PRIVATE_SUFFIX: Final = ("Lettings", "Property Services", "Estates", "Residential", "Properties")
_COUNCIL_SUFFIX: Final = ("Vale District Council", "Borough Council", "District Council")


class _Names:
    """Unique fictional organisation names: composed from word lists, a counter when they run out."""

    def __init__(self) -> None:
        self.used: set[str] = {COMMISSIONER_NAME, COMMISSIONER2_NAME}

    def make(self, rng: random.Random, suffixes: Sequence[str], second: bool = True) -> str:
        for _ in range(4):
            parts = [rng.choice(_FIRST), rng.choice(_SECOND) if second else "", rng.choice(suffixes)]
            name = " ".join(p for p in parts if p)
            if name not in self.used:
                self.used.add(name)
                return name
        n = 2
        while f"{name} {n}" in self.used:
            n += 1
        name = f"{name} {n}"
        self.used.add(name)
        return name


# ------------------------------------------------------------------------------------------ PBS


_LEVEL_SHARES: Final = ((0, 0.15), (1, 0.30), (2, 0.35), (3, 0.20))


def _level_plan(rng: random.Random, n: int) -> list[int]:
    """Exactly the target share of each PBS level (so every level occurs), in a shuffled order."""
    counts = [int(n * share) for _, share in _LEVEL_SHARES]
    i = 0
    while sum(counts) < n:
        counts[(2, 1, 3, 0)[i % 4]] += 1
        i += 1
    levels = [level for (level, _), c in zip(_LEVEL_SHARES, counts, strict=True) for _ in range(c)]
    rng.shuffle(levels)
    return levels


def _pbs(rng: random.Random, level: int) -> Record:
    """Evidence that makes exactly `level`, varied in how it falls short of the next one."""
    r = rng.random
    if level == 0:
        policy = r() < 0.5
        trained = rng.randint(0, 49) if policy else rng.randint(0, 70)
        bild, rrn, lead, leadership, reduction = r() < 0.1, r() < 0.3, r() < 0.05, r() < 0.1, r() < 0.05
        discharges = 0 if r() < 0.8 else 1
    elif level == 1:
        policy = True
        k = 1 if r() < 0.6 else rng.randint(1, 3)
        fails = set(rng.sample(["trained", "bild", "rrn"], k))
        trained = rng.randint(50, 79) if "trained" in fails else rng.randint(80, 100)
        bild, rrn = "bild" not in fails, "rrn" not in fails
        lead, leadership, reduction = r() < 0.15, r() < 0.3, r() < 0.1
        discharges = rng.choice([0, 0, 0, 1, 1, 2])
    elif level == 2:
        policy, bild, rrn = True, True, True
        trained = rng.randint(80, 100)
        k = 1 if r() < 0.6 else rng.randint(1, 4)
        fails = set(rng.sample(["lead", "leadership", "reduction", "discharges"], k))
        lead, leadership, reduction = ("lead" not in fails, "leadership" not in fails,
                                       "reduction" not in fails)
        discharges = 0 if "discharges" in fails else rng.randint(1, 5)
    else:
        policy, bild, rrn, lead, leadership, reduction = True, True, True, True, True, True
        trained = rng.randint(85, 100)
        discharges = rng.randint(1, 12)
    breakdowns = rng.choice([0, 0, 0, 1, 1, 2, 3] if level < 2 else [0, 0, 0, 0, 1, 1, 2])
    return {"pbs_policy": policy, "staff_trained_pct": trained, "bild_act_certified_training": bild,
            "rrn_certified_training": rrn, "pbs_lead": lead, "practice_leadership": leadership,
            "restrictive_practice_reduction": reduction, "discharges_supported_3y": discharges,
            "placement_breakdowns_3y": breakdowns}


# ------------------------------------------------------------------------------------------ phrase banks

_SERVICE_TEXT: Final = {
    "supported_living": "supported living", "residential_care": "small residential homes",
    "domiciliary_outreach": "outreach support at home",
    "crisis_intensive_support": "intensive support at times of crisis",
    "short_breaks": "short breaks", "day_opportunities": "day opportunities",
}
_GROUP_TEXT: Final = {
    "learning_disability": "people with a learning disability", "autism": "autistic adults",
    "mental_health": "people with mental health needs", "forensic": "people with a forensic history",
    "epilepsy": "people with epilepsy", "pmld": "people with profound and multiple learning disabilities",
    "physical_disability": "people with physical disabilities",
    "sensory_impairment": "people with sensory impairments",
    "dementia": "people living with dementia",
    "acquired_brain_injury": "people with an acquired brain injury",
    "young_adults_transition": "young adults moving on from children's services",
}
_SPECIALIST_TEXT: Final = {
    "clinical_psychologist": "a clinical psychologist", "psychiatrist": "a consultant psychiatrist",
    "speech_and_language_therapist": "a speech and language therapist",
    "occupational_therapist": "an occupational therapist",
    "learning_disability_nurse": "learning disability nurses",
    "behaviour_specialist": "behaviour specialists", "physiotherapist": "a physiotherapist",
}
_COMMUNICATION_TEXT: Final = {
    "makaton": "Makaton", "bsl": "British Sign Language", "pecs": "picture exchange (PECS)",
    "talking_mats": "Talking Mats", "easy_read": "easy read information",
    "objects_of_reference": "objects of reference",
}
_PBS_TEXT: Final = {
    0: ("We are building our approach to positive behaviour support and keep routines consistent.",
        "Our teams focus on getting to know each person and keeping days predictable.",
        "Support is friendly and practical, led by a small and stable staff team."),
    1: ("Every service follows our positive behaviour support policy, and most of our staff are trained "
        "in PBS.",
        "We work to a PBS policy, with most of the team trained in positive behaviour support.",
        "Positive behaviour support guides our practice, and most staff have completed PBS training."),
    2: ("Our PBS training is certified by the BILD Association of Certified Trainers and our "
        "restrictive intervention training meets Restraint Reduction Network standards.",
        "Staff complete BILD ACT certified positive behaviour support training and RRN certified training "
        "in safe, least restrictive intervention.",
        "Nearly the whole team is trained in PBS through certified courses, with restraint reduction "
        "built in."),
    3: ("A qualified PBS lead coaches managers on shift, we publish our restrictive practice figures, and we "
        "have helped people leave hospital for homes of their own.",
        "Practice leadership is part of every shift: our PBS lead and managers coach staff, and a "
        "restrictive practice reduction programme keeps us honest.",
        "We specialise in supporting people out of assessment and treatment units, with a PBS lead, practice "
        "leadership and published reductions in restrictive practice."),
}
_CARE_FLAVOUR: Final = (
    "We recruit a team around each person, matching interests as well as skills.",
    "Families are involved from the first meeting and kept informed throughout.",
    "We help people find work, volunteering, friendships and hobbies in their community.",
    "Transitions are planned slowly, with staff meeting the person many times before the move.",
    "Our managers are on call around the clock and know every person by their routines.",
    "We value low staff turnover and consistent faces over agency cover.",
    "Person-centred plans are written with the person, in their words, and reviewed often.",
    "Active support means people take part in cooking, shopping and cleaning in their own home.",
    "We are proud of our work with autistic people who find busy environments hard.",
    "Sensory assessments shape how we set up each home and each day.",
)

_TYPE_TEXT: Final = {
    "flat": "flat", "bungalow": "bungalow", "detached_house": "detached house",
    "semi_detached_house": "semi-detached house", "terraced_house": "terraced house",
    "maisonette": "maisonette",
    "cluster_flat": "self-contained flat in a small cluster", "shared_house": "shared house",
}
_TITLE_TYPE: Final = {**_TYPE_TEXT, "cluster_flat": "cluster flat"}
_NUMBER_WORDS: Final = ("No", "One", "Two", "Three", "Four", "Five")
_SETTING_TEXT: Final = {
    "quiet_location": ("in a quiet cul-de-sac", "on a peaceful residential street",
                       "in a quiet spot away from busy roads"),
    "rural_setting": ("in a rural setting with open countryside views",
                      "on the edge of a village surrounded by fields",
                      "with countryside on the doorstep"),
    "near_public_transport": ("close to a bus route", "a short walk from the bus stop and railway station",
                              "with good public transport links"),
    "near_shops": ("near local shops", "a few minutes from a supermarket and cafe",
                   "within walking distance of the high street"),
}
_FEATURE_TEXT: Final = {
    "ground_floor_bedroom": ("a bedroom on the ground floor", "a downstairs bedroom",
                             "ground-floor sleeping space"),
    "level_access": ("level access from the street", "step-free access throughout",
                     "a level threshold at the front door"),
    "wet_room": ("a wet room", "a level-access shower room", "an accessible wet room"),
    "hoist_tracking": ("ceiling hoist tracking", "overhead hoist tracks between bedroom and bathroom"),
    "wide_doorways": ("wide doorways", "wider doors and corridors", "generous door widths for a wheelchair"),
    "private_garden": ("a private garden", "its own garden", "a small private garden with a patio"),
    "enclosed_garden": ("a secure enclosed garden", "a fully fenced garden",
                        "an enclosed back garden with a locked gate"),
    "off_street_parking": ("off-street parking", "a driveway for the staff car", "parking for two cars"),
    "staff_bedroom": ("a sleep-in room for staff", "a separate staff bedroom", "a staff sleep-in room"),
    "staff_office": ("a small staff office", "an office for records and handovers", "a staff office"),
    "separate_staff_entrance": ("a separate staff entrance",
                                "its own entrance for staff so shift changes stay calm"),
    "robust_fixtures": ("robust fixtures and fittings", "reinforced walls and doors",
                        "durable, tamper-resistant fittings"),
    "soundproofing": ("good soundproofing", "acoustic insulation between rooms", "sound-insulated walls"),
    "no_shared_walls": ("no shared walls with neighbours", "a detached layout with nobody through the wall"),
    "sensory_room": ("a sensory room", "a calm sensory space with adjustable lighting",
                     "a room set up for sensory regulation"),
    "secure_windows": ("secure windows with restrictors", "toughened glass and window restrictors"),
    "fire_sprinklers": ("fire sprinklers", "a sprinkler system"),
    "space_for_two_staff": ("space for two staff in every room", "rooms large enough for two-to-one support"),
}
_AT_TEXT: Final = {
    "door_sensors": "door sensors", "bed_sensor": "a bed sensor", "epilepsy_monitor": "an epilepsy monitor",
    "motion_sensor_lighting": "motion-sensor lighting", "telecare": "telecare",
    "call_system": "a staff call system",
    "smart_home_controls": "smart controls for lights and heating",
}
_ACCESS_TEXT: Final = {
    "A": ("It is wheelchair accessible throughout.", "Fully wheelchair accessible, inside and out."),
    "B": ("The kitchen, bathroom and bedroom are wheelchair accessible.",
          "Wheelchair accessible in the essential rooms."),
    "C": ("Built to the Lifetime Homes standard, with room for a stairlift.",
          "Designed to the Lifetime Homes standard with wider halls."),
    "D": ("Easy access, with a level approach to the front door.", "There is easy access from the pavement."),
    "E": ("There are a couple of steps up to the entrance.", "Minimal steps to the front door."),
    "F": ("A general needs home, not adapted.",),
    "G": ("",),
}
_ADJECTIVES: Final = ("well-kept", "bright", "spacious", "recently refurbished", "modern", "homely",
                      "newly built",
                      "light and airy", "cosy", "freshly decorated")
_HOME_FLAVOUR: Final = (
    "Neutral decor and plenty of natural light.",
    "It is near the park and a short walk from a canal towpath.",
    "The open-plan kitchen and lounge make shared cooking easy.",
    "Autism-friendly design: calm colours, simple layouts and low-glare lighting.",
    "A leisure centre with a swimming pool is nearby.", "The landlord responds quickly to repairs.",
    "Neighbours are mostly older couples and families.", "There is a community centre and library close by.",
    "Ideal for someone who loves being outdoors.", "It suits a person who needs a calm, low-arousal home.",
    "Recently redecorated with hard-wearing flooring.", "There is a garden shed for bikes and hobbies.",
)


def _care_description(rng: random.Random, name: str, offer: Record, towns: Sequence[str]) -> str:
    services = [_SERVICE_TEXT[s] for s in offer["service_types"]][:3]
    groups = [_GROUP_TEXT[g] for g in offer["client_groups"]][:3]
    sentences = [f"{name} provides {_join(services)} for {_join(groups)} in and around {_join(list(towns))}."]
    sentences.append(rng.choice(_PBS_TEXT[pbs_level_of(offer["pbs"])]))
    team: list[str] = []
    specialists = [_SPECIALIST_TEXT[s] for s in offer["specialists"]]
    if specialists:
        team.append(f"Our multidisciplinary team includes {_join(specialists[:3])}.")
    communication = [_COMMUNICATION_TEXT[c] for c in offer["communication"]]
    if communication and rng.random() < 0.7:
        team.append(f"Staff use {_join(communication[:3])}.")
    if offer["languages"]:
        team.append("Care and support are available through the medium of Welsh.")
    sentences.extend(team[:2])
    if len(sentences) < 4 and rng.random() < 0.6:
        sentences.append(rng.choice(_CARE_FLAVOUR))
    return " ".join(sentences)


def _home_description(rng: random.Random, home: Record, town: str) -> str:
    features: list[str] = home["features"]
    settings = [f for f in features if f in _SETTING_TEXT]
    inside = [f for f in features if f in _FEATURE_TEXT]
    rng.shuffle(inside)
    bedrooms = _NUMBER_WORDS[home["bedrooms"]].lower() if home["bedrooms"] < len(_NUMBER_WORDS) else "large"
    kind = _TYPE_TEXT[home["property_type"]]
    setting = f" {rng.choice(_SETTING_TEXT[rng.choice(settings)])}" if settings else ""
    adjective = rng.choice(_ADJECTIVES)
    article = "An" if adjective[0] in "aeiou" else "A"
    sentences = [f"{article} {adjective} {bedrooms}-bedroom {kind}{setting} in {town}."]
    if home["living_arrangement"] == "shared":
        sharing = _NUMBER_WORDS[home["max_occupants"]].lower()
        sentences[0] = sentences[0][:-1] + f", shared by up to {sharing} people."
    if inside:
        phrases = [rng.choice(_FEATURE_TEXT[f]) for f in inside[:3]]
        lead = rng.choice(("It has", "Features include", "Inside there is", "The home offers"))
        sentences.append(f"{lead} {_join(phrases)}.")
    at = [_AT_TEXT[a] for a in home["assistive_technology"]]
    if at:
        sentences.append(f"{rng.choice(('Assistive technology includes', 'Fitted with'))} {_join(at[:3])}.")
    access = rng.choice(_ACCESS_TEXT[home["accessibility"]])
    if access and len(sentences) < 4:
        sentences.append(access)
    if len(sentences) < 4 and (len(sentences) < 2 or rng.random() < 0.5):
        sentences.append(rng.choice(_HOME_FLAVOUR))
    if len(sentences) < 2:
        sentences.append(rng.choice(_HOME_FLAVOUR))
    return " ".join(sentences)


def _home_title(home: Record, town: str) -> str:
    bedrooms = _NUMBER_WORDS[home["bedrooms"]] if home["bedrooms"] < len(_NUMBER_WORDS) else "Large"
    title = f"{bedrooms}-bedroom {_TITLE_TYPE[home['property_type']]}"
    if home["living_arrangement"] == "shared" and home["property_type"] != "shared_house":
        title += f" (shared, up to {home['max_occupants']})"
    elif home["property_type"] == "shared_house":
        title = f"Shared house for {_NUMBER_WORDS[home['max_occupants']].lower()}"
    return f"{title}, {town}"


# ------------------------------------------------------------------------------------------ example cases


def _nhs_number(rng: random.Random) -> str:
    """A fictional NHS number in the 999 range reserved for testing, with a valid modulus 11 check digit."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            text = "".join(map(str, digits + [check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def _paragraphs(text: str) -> str:
    """Indented, wrapped source text to prose: lines joined by spaces, paragraphs by a blank line."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def _place(name: str, label: str, weight: float) -> Record:
    """A case place stored as `cases.resolve_case_places` stores one: found, and the form given (a town's
    name), so GET answers what a PATCH takes back and every place has its area."""
    t = TOWNS_BY_NAME[name]
    return {"name": name, "label": label, "weight": weight, "latitude": t.latitude, "longitude": t.longitude,
            "area": name, "given": {"name": name}}


_CASES: Final[tuple[Record, ...]] = (
    {
        "identity": {"full_name": "Daniel Peter Ashworth", "known_as": "Danny", "date_of_birth": "1996-07-14",
                     "address": "12 Sample Lane, Loughborough", "family_names": ["Karen Ashworth",
                                                                                 "Liam Ashworth"]},
        "places": [("Loughborough", "family", 1.0), ("Shepshed", "day service", 0.5)],
        "max_distance_km": 40, "target_move_date": "2027-04-01",
        "pen_picture": {
            "age_band": "25-34", "gender": "male", "client_groups": ["learning_disability", "autism"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 2, "restrictive_interventions_in_plan": True,
            "specialists": ["speech_and_language_therapist"], "communication": ["makaton"], "language": None,
            "narrative": _paragraphs("""
            About me: I am a young man who loves trains, buses and anything with wheels. I have
            lived on an assessment and treatment unit for a long time and I am ready to leave. I
            like my own space, my music loud in my room and a brisk walk every morning before
            breakfast. I understand more than I can say, and I use signs and a handful of words
            to tell people what I want.

            What matters to me: seeing my mum and my brother every week, going back to the day
            service I used to love, and having a garden where I can pace, bounce on a trampoline
            and be outside whenever I need to.

            What good support looks like: a small, steady team who know my signs, keep to my
            visual timetable and tell me about changes early. Two staff are with me during the
            day, especially when I am out in the community, and someone is awake at night. Staff
            stay calm, give me time and space, and always use the least restrictive approach. A
            speech and language therapist should help the team learn how I communicate.

            Known triggers: sudden loud noises, being rushed, busy waiting rooms and people
            standing too close to me. When I am anxious I may hit out at walls or at people;
            staff who spot the early signs, such as pacing and humming, can usually help me
            settle before that happens.
            """),
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"],
            "property_types": ["bungalow", "detached_house", "semi_detached_house"], "min_bedrooms": 2,
            "must_have": ["staff_bedroom", "enclosed_garden"],
            "nice_to_have": ["quiet_location", "no_shared_walls", "robust_fixtures"],
            "min_accessibility": "G", "tenure": ["social_rent", "affordable_rent", "supported_exempt"],
            "max_weekly_rent": 320.0},
    },
    {
        "identity": {"full_name": "Chloe Marie Brennan", "known_as": "Chlo", "date_of_birth": "2006-02-03",
                     "address": "Flat 4, Example Court, Leicester", "family_names": ["Siobhan Brennan"]},
        "places": [("Leicester", "family", 1.0), ("Wigston", "college", 0.6)],
        "max_distance_km": 30, "target_move_date": "2027-05-03",
        "pen_picture": {
            "age_band": "18-24", "gender": "female", "client_groups": ["autism", "young_adults_transition"],
            "staffing": {"day_ratio": "1:1", "night": "sleep_in", "staff_gender": "female"},
            "required_pbs_level": 1, "restrictive_interventions_in_plan": False,
            "specialists": [], "communication": ["pecs", "easy_read"], "language": None,
            "narrative": _paragraphs("""
            About me: I am a young woman leaving a children's mental health unit and moving into
            adult life. I am funny, creative and kind. I love drawing, baking and nature
            programmes, and I know a great deal about birds. I talk well when I am relaxed, but
            when I am stressed I use picture cards, and easy read plans help me understand what
            is happening.

            What matters to me: finishing my college course, living close enough to my family to
            go home for dinner at the weekend, and one day having a cat of my own.

            What good support looks like: women staff only, because of things that happened in
            the past. Staff who are patient, who knock and wait, and who help me plan my week on
            a whiteboard. I need someone with me in the day and someone sleeping in at night,
            but I want to learn to cook, shop and travel on my own.

            Known triggers: unexpected visitors, strong smells, shouting, being touched without
            warning, and crowded buses at school times. When overwhelmed I may hurt myself, and
            I need a quiet place to go and a familiar person nearby.
            """),
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"],
            "property_types": ["flat", "cluster_flat", "maisonette", "terraced_house"], "min_bedrooms": 2,
            "must_have": ["staff_bedroom"], "nice_to_have": ["soundproofing", "near_public_transport",
                                                             "sensory_room"],
            "min_accessibility": "G", "tenure": [], "max_weekly_rent": 260.0},
    },
    {
        "identity": {"full_name": "Marcus James Okafor", "known_as": "Marcus", "date_of_birth": "1988-11-21",
                     "address": "3 Placeholder Road, Coalville", "family_names": ["Grace Okafor"]},
        "places": [("Coalville", "family", 1.0)],
        "max_distance_km": 50, "target_move_date": "2027-06-01",
        "pen_picture": {
            "age_band": "35-44", "gender": "male",
            "client_groups": ["learning_disability", "forensic", "mental_health"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": "male"},
            "required_pbs_level": 3, "restrictive_interventions_in_plan": True,
            "specialists": ["clinical_psychologist", "psychiatrist"], "communication": ["easy_read"],
            "language": None,
            "narrative": _paragraphs("""
            About me: I am a man in my late thirties who has spent much of my adult life in
            secure hospitals. I am practical and proud of it: I enjoy fishing, fixing bikes and
            cooking big meals for other people. I have a dry sense of humour and I like to be
            treated as an equal.

            What matters to me: a home of my own, ideally somewhere quiet with countryside
            nearby; regular video calls with my sister; getting back to fishing; and one day a
            part-time job, perhaps in a bike workshop.

            What good support looks like: a male team with clear, fair boundaries and a
            structured day. I want to keep working with a psychologist I trust, and my
            psychiatrist reviews my medication. Staff must be trained in positive behaviour
            support and in safe, least restrictive ways to keep everyone safe, and two staff are
            with me when I am out.

            Known triggers: feeling disrespected or talked down to, noise through the walls,
            losing my routine, and people around me drinking alcohol. When I feel threatened I
            can become verbally and physically aggressive, so staff need to notice early signs
            and give me space.
            """),
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"], "property_types": ["detached_house", "bungalow"],
            "min_bedrooms": 2, "must_have": ["robust_fixtures", "no_shared_walls"],
            "nice_to_have": ["rural_setting", "secure_windows", "space_for_two_staff",
                             "separate_staff_entrance"],
            "min_accessibility": "G", "tenure": ["supported_exempt", "lease_to_provider", "private_rent"],
            "max_weekly_rent": 420.0},
    },
    {
        "identity": {"full_name": "Janet Elizabeth Cooper", "known_as": "Jan", "date_of_birth": "1978-04-09",
                     "address": "27 Fictional Avenue, Hinckley", "family_names": ["Robert Cooper",
                                                                                  "Susan Cooper"]},
        "places": [("Hinckley", "family", 1.0), ("Nuneaton", "friends", 0.4)],
        "max_distance_km": 35, "target_move_date": "2027-05-17",
        "pen_picture": {
            "age_band": "45-54", "gender": "female",
            "client_groups": ["learning_disability", "pmld", "epilepsy", "physical_disability"],
            "staffing": {"day_ratio": "2:1", "night": "waking_night", "staff_gender": None},
            "required_pbs_level": 1, "restrictive_interventions_in_plan": False,
            "specialists": ["occupational_therapist", "physiotherapist", "learning_disability_nurse"],
            "communication": ["objects_of_reference"], "language": None,
            "narrative": _paragraphs("""
            About me: I am a warm, sociable woman with a big laugh. I have profound and multiple
            learning disabilities, I use a wheelchair and I have epilepsy. I do not use words; I
            communicate with my face, my voice and objects of reference, and people who know me
            well understand me brilliantly.

            What matters to me: staying close to my parents and my sister, who visit often;
            music, especially brass bands; the feel of water in a hydrotherapy pool; and being
            in the middle of whatever is going on.

            What good support looks like: two staff for all moving and handling, a ceiling hoist
            and a wet room, and staff who follow my epilepsy protocol and watch over me at
            night. Nurses, an occupational therapist and a physiotherapist should guide my
            posture, eating and drinking plans. I need staff who slow down and offer me real
            choices.

            Known triggers: pain and discomfort I cannot tell you about, being cold, long waits
            with nothing to do, and strangers handling me. Signs of distress include crying out,
            biting my hand and turning away; please look for a physical cause first.
            """),
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy"], "property_types": ["bungalow"], "min_bedrooms": 2,
            "must_have": ["level_access", "wet_room", "hoist_tracking"],
            "nice_to_have": ["epilepsy_monitor", "sensory_room", "enclosed_garden", "wide_doorways"],
            "min_accessibility": "B", "tenure": ["social_rent", "affordable_rent", "supported_exempt"],
            "max_weekly_rent": 340.0},
    },
    {
        "identity": {"full_name": "Kevin Arthur Mills", "known_as": "Kev", "date_of_birth": "1965-09-30",
                     "address": "8 Example Gardens, Melton Mowbray", "family_names": ["Pauline Mills"]},
        "places": [("Melton Mowbray", "family", 1.0), ("Oakham", "friends", 0.5)],
        "max_distance_km": 30, "target_move_date": "2027-03-15",
        "pen_picture": {
            "age_band": "55-64", "gender": "male", "client_groups": ["learning_disability", "dementia"],
            "staffing": {"day_ratio": "1:1", "night": "sleep_in", "staff_gender": None},
            "required_pbs_level": 1, "restrictive_interventions_in_plan": False,
            "specialists": ["learning_disability_nurse"], "communication": ["talking_mats", "easy_read"],
            "language": None,
            "narrative": _paragraphs("""
            About me: I am a gentle, chatty man with a learning disability who was diagnosed
            with dementia recently. I went into hospital after a crisis when my care at home
            broke down. I love football on the radio, old westerns, dominoes and a strong cup of
            tea with two sugars.

            What matters to me: living near my sister and my friends from the social club,
            keeping my own things around me, and going to the same cafe for breakfast each week.

            What good support looks like: the same faces every day, staff who use talking mats
            to ask me what I want, and a calm home on one level so I do not fall on the stairs.
            I would be happy sharing with one or two other older men if it is quiet. A learning
            disability nurse should keep an eye on my health as my dementia changes.

            Known triggers: noise and rushing, being corrected or told I am wrong, losing
            things, and evenings when I become confused and want to go home. Reassurance, old
            photographs and a familiar routine help me feel safe.
            """),
        },
        "housing_spec": {
            "living_arrangement": ["single_occupancy", "shared"], "property_types": ["bungalow",
                                                                                     "shared_house"],
            "min_bedrooms": 1, "must_have": ["ground_floor_bedroom"],
            "nice_to_have": ["staff_bedroom", "quiet_location", "level_access", "near_shops"],
            "min_accessibility": "D", "tenure": [], "max_weekly_rent": 240.0},
    },
)


def _cases(seed: int, organisation_id: str) -> list[Record]:
    rng = _rng(seed, "cases")
    out: list[Record] = []
    for i, spec in enumerate(copy.deepcopy(_CASES), start=1):
        identity = {**spec["identity"], "nhs_number": _nhs_number(rng)}
        out.append({
            "id": _uuid(rng), "organisation_id": organisation_id, "reference": f"LEI-2027-{i:03d}",
            "identity": {k: identity[k] for k in ("full_name", "known_as", "date_of_birth", "nhs_number",
                                                  "address", "family_names")},
            "location": {"places": [_place(*p) for p in spec["places"]],
                         "max_distance_km": spec["max_distance_km"]},
            "target_move_date": spec["target_move_date"],
            "pen_picture": spec["pen_picture"],
            "housing_spec": spec["housing_spec"],
        })
    return out


# ------------------------------------------------------------------------------------------ care offers


def _chance(rng: random.Random, table: Sequence[tuple[str, float]]) -> set[str]:
    return {code for code, p in table if rng.random() < p}


def _care_offer(rng: random.Random, org_id: str, home: Town, level: int) -> Record:
    boost = 0.2 if level >= 2 else 0.0
    services = _chance(rng, [("supported_living", 0.85), ("residential_care", 0.12), ("domiciliary_outreach",
                                                                                      0.35),
                             ("crisis_intensive_support", 0.1 + boost), ("short_breaks", 0.2),
                             ("day_opportunities", 0.25)])
    if not services:
        services = {rng.choice(CARE_SERVICE_TYPES)}
    groups = _chance(rng, [("learning_disability", 0.92), ("autism", 0.85), ("mental_health", 0.35),
                           ("forensic", 0.1 + boost), ("epilepsy", 0.4), ("pmld", 0.15),
                           ("physical_disability", 0.25), ("sensory_impairment", 0.12), ("dementia", 0.12),
                           ("acquired_brain_injury", 0.08), ("young_adults_transition", 0.25)])
    if not groups & {"learning_disability", "autism"}:
        groups.add(rng.choice(["learning_disability", "autism"]))
    ratios = _chance(rng, [("1:1", 0.95), ("2:1", 0.5 + boost), ("3:1", 0.08 + boost / 2)]) or {"1:1"}
    nights = _chance(rng, [("waking_night", 0.75), ("sleep_in", 0.7)]) or {rng.choice(NIGHT_COVER)}
    specialists = _chance(rng, [("clinical_psychologist", 0.25 + boost), ("psychiatrist", 0.12),
                                ("speech_and_language_therapist", 0.3), ("occupational_therapist", 0.2),
                                ("learning_disability_nurse", 0.3), ("behaviour_specialist", 0.3 + 2 * boost),
                                ("physiotherapist", 0.1)])
    communication = _chance(rng, [("makaton", 0.6), ("bsl", 0.12), ("pecs", 0.45), ("talking_mats", 0.25),
                                  ("easy_read", 0.7), ("objects_of_reference", 0.3)])
    languages = ["welsh"] if rng.random() < (0.7 if home.region == WALES else 0.02) else []
    areas = [home]
    candidates = list(NEIGHBOURS_80[home.name])
    for _ in range(int(_pick(rng, (("0", 0.5), ("1", 0.35), ("2", 0.15))))):
        if not candidates:
            break
        areas.append(candidates.pop(rng.randrange(len(candidates))))
    radii = [15, 20, 25, 30, 30, 35, 40, 40, 50, 60]
    new_packages = int(_pick(rng, (("0", 0.2), ("1", 0.35), ("2", 0.3), ("3", 0.15))))
    return {
        "organisation_id": org_id,
        "service_types": _ordered(services, CARE_SERVICE_TYPES),
        "client_groups": _ordered(groups, CLIENT_GROUPS),
        "staffing": {"ratios": _ordered(ratios, STAFF_RATIOS), "nights": _ordered(nights, NIGHT_COVER),
                     "female_staff_only": rng.random() < 0.45, "male_staff_only": rng.random() < 0.3},
        "specialists": _ordered(specialists, SPECIALISTS),
        "communication": _ordered(communication, COMMUNICATION),
        "languages": languages,
        "pbs": _pbs(rng, level),
        "service_area": [{"name": t.name, "radius_km": rng.choice(radii), "latitude": t.latitude,
                          "longitude": t.longitude} for t in areas],
        "capacity": {"new_packages": new_packages,
                     "earliest_start": (BASE_DATE + timedelta(days=rng.randint(0, 181))).isoformat()},
        "description": "",
    }


def _fit_offer_to_case(rng: random.Random, offer: Record, case: Record, centre: Town) -> None:
    """Make a generated offer able to take the case (the demo's guarantee that every case has choice)."""
    pen = case["pen_picture"]
    place = case["location"]["places"][0]
    offer["client_groups"] = _ordered(set(offer["client_groups"]) | set(pen["client_groups"]), CLIENT_GROUPS)
    staffing = offer["staffing"]
    want = pen["staffing"]
    if want["day_ratio"]:
        staffing["ratios"] = _ordered(set(staffing["ratios"]) | {want["day_ratio"]}, STAFF_RATIOS)
    if want["night"]:
        staffing["nights"] = _ordered(set(staffing["nights"]) | {want["night"]}, NIGHT_COVER)
    if want["staff_gender"]:
        staffing[f"{want['staff_gender']}_staff_only"] = True
    offer["specialists"] = _ordered(set(offer["specialists"]) | set(pen["specialists"]), SPECIALISTS)
    offer["communication"] = _ordered(set(offer["communication"]) | set(pen["communication"]), COMMUNICATION)
    if pbs_level_of(offer["pbs"]) < pen["required_pbs_level"]:
        offer["pbs"] = _pbs(rng, max(pen["required_pbs_level"], rng.choice([2, 3])))
    if pen["restrictive_interventions_in_plan"] and not offer["pbs"]["rrn_certified_training"]:
        offer["pbs"] = _pbs(rng, max(2, pen["required_pbs_level"]))
    # The first circle is centred on `centre` and made wide enough to hold the case's first place.
    gap = _km(centre.latitude, centre.longitude, place["latitude"], place["longitude"])
    radius = max(30 if gap < 1 else 15, offer["service_area"][0]["radius_km"], 5 * math.ceil((gap + 8) / 5))
    offer["service_area"][0] = {"name": centre.name, "radius_km": min(60, radius),
                                "latitude": centre.latitude, "longitude": centre.longitude}
    target = date.fromisoformat(case["target_move_date"])
    offer["capacity"] = {"new_packages": max(1, offer["capacity"]["new_packages"]),
                         "earliest_start": (BASE_DATE + timedelta(
                             days=rng.randint(0, max(0, (target - BASE_DATE).days - 14)))).isoformat()}


# ------------------------------------------------------------------------------------------ homes

_TYPE_WEIGHTS: Final = (("flat", 22), ("bungalow", 18), ("detached_house", 8), ("semi_detached_house", 16),
                        ("terraced_house", 12), ("maisonette", 5), ("cluster_flat", 12), ("shared_house", 7))
_BEDROOMS: Final[dict[str, tuple[int, ...]]] = {
    "flat": (1, 1, 1, 2, 2), "cluster_flat": (1, 1, 1, 2), "maisonette": (1, 2, 2, 3), "bungalow": (1, 2, 2,
                                                                                                    2, 3),
    "detached_house": (2, 3, 3, 4), "semi_detached_house": (2, 2, 3, 3, 4), "terraced_house": (2, 2, 3, 3),
    "shared_house": (3, 4, 4),
}
_ACCESS_WEIGHTS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "bungalow": (("A", 12), ("B", 18), ("C", 25), ("D", 28), ("E", 10), ("F", 4), ("G", 3)),
    "flat": (("A", 5), ("B", 8), ("C", 20), ("D", 25), ("E", 15), ("F", 17), ("G", 10)),
    "house": (("A", 2), ("B", 4), ("C", 14), ("D", 20), ("E", 20), ("F", 30), ("G", 10)),
}
_AT_CHANCE: Final = (("door_sensors", 0.35), ("bed_sensor", 0.2), ("epilepsy_monitor", 0.15),
                     ("motion_sensor_lighting", 0.3), ("telecare", 0.45), ("call_system", 0.2),
                     ("smart_home_controls", 0.15))
_TENURE_WEIGHTS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "housing_association": (("social_rent", 40), ("affordable_rent", 30), ("supported_exempt", 25),
                            ("shared_ownership", 5)),
    "council": (("social_rent", 70), ("supported_exempt", 20), ("affordable_rent", 10)),
    "private": (("private_rent", 70), ("lease_to_provider", 30)),
    "dual": (("supported_exempt", 50), ("lease_to_provider", 30), ("private_rent", 20)),
}
_RENT_RANGE: Final = {"social_rent": (120, 190), "affordable_rent": (150, 250), "private_rent": (200, 400),
                      "shared_ownership": (130, 230), "supported_exempt": (180, 380),
                      "lease_to_provider": (200, 400)}
_FLATS: Final = frozenset({"flat", "cluster_flat", "maisonette"})
_DETACHED: Final = frozenset({"detached_house", "bungalow"})


def _home_attributes(rng: random.Random, owner_kind: str, town: Town) -> Record:
    r = rng.random
    ptype = _pick(rng, _TYPE_WEIGHTS)
    bedrooms = rng.choice(_BEDROOMS[ptype])
    if ptype == "shared_house":
        arrangement = "shared"
    else:
        arrangement = "shared" if bedrooms >= 2 and r() < 0.12 else "single_occupancy"
    occupants = rng.randint(2, min(MAX_SHARING, bedrooms)) if arrangement == "shared" else 1
    family = "bungalow" if ptype == "bungalow" else ("flat" if ptype in _FLATS else "house")
    access = _pick(rng, _ACCESS_WEIGHTS[family])
    accessible = access in "ABCD"
    garden = ptype not in _FLATS
    rural = r() < (0.2 if town.weight < 40 else 0.06)
    chance: list[tuple[str, float]] = [
        ("ground_floor_bedroom",
         0.95 if ptype == "bungalow" else 0.35 if ptype in {"flat", "cluster_flat"} else 0.15),
        ("level_access", 0.9 if accessible else 0.0 if access == "E" else 0.05),
        ("wet_room", 0.85 if access in "AB" else 0.4 if access == "C" else 0.08),
        ("hoist_tracking", 0.5 if access == "A" else 0.3 if access == "B" else 0.02),
        ("wide_doorways", 0.95 if access in "AB" else 0.6 if access == "C" else 0.08),
        ("private_garden", 0.6 if garden else 0.1),
        ("enclosed_garden", 0.45 if garden else 0.04),
        ("off_street_parking", 0.5 if garden else 0.25),
        ("staff_bedroom", (0.7 if arrangement == "shared" else 0.55) if bedrooms >= 2 else 0.0),
        ("staff_office", 0.5 if arrangement == "shared" else 0.15),
        ("separate_staff_entrance", 0.08),
        ("robust_fixtures", 0.2),
        ("soundproofing", 0.3 if ptype in _FLATS else 0.15),
        ("no_shared_walls", 0.8 if ptype in _DETACHED else 0.0),
        ("sensory_room", 0.2 if bedrooms >= 3 else 0.08),
        ("secure_windows", 0.25),
        ("fire_sprinklers", 0.6 if arrangement == "shared" else 0.25),
        ("quiet_location", 0.45),
        ("near_public_transport", 0.1 if rural else 0.55),
        ("near_shops", 0.1 if rural else 0.5),
        ("space_for_two_staff", 0.25 if bedrooms >= 3 else 0.12),
    ]
    features = _chance(rng, chance)
    if rural:
        features.add("rural_setting")
    technology = _chance(rng, _AT_CHANCE)
    tenures = {_pick(rng, _TENURE_WEIGHTS[owner_kind])}
    if r() < 0.25:
        tenures.add(_pick(rng, _TENURE_WEIGHTS[owner_kind]))
    low, high = _RENT_RANGE[_ordered(tenures, TENURES)[0]]
    rent = rng.uniform(low, high) + 15 * (bedrooms - 1)
    rent = float(min(450, max(120, 5 * round(rent / 5))))
    status = _pick(rng, (("available", 80), ("let", 13), ("withdrawn", 7)))
    days = rng.randint(-45, 180) if status == "available" else rng.randint(60, 300)
    return {
        "property_type": ptype, "living_arrangement": arrangement, "max_occupants": occupants,
        "bedrooms": bedrooms, "accessibility": access,
        "features": _ordered(features, PROPERTY_FEATURES),
        "assistive_technology": _ordered(technology, ASSISTIVE_TECHNOLOGY),
        "tenure": _ordered(tenures, TENURES), "weekly_rent": rent,
        "available_from": (BASE_DATE + timedelta(days=days)).isoformat(), "status": status,
    }


def _fit_home_to_case(rng: random.Random, home: Record, case: Record) -> None:
    spec = case["housing_spec"]
    home["living_arrangement"] = rng.choice(spec["living_arrangement"])
    if spec["property_types"]:
        home["property_type"] = rng.choice(spec["property_types"])
    if home["property_type"] == "shared_house":
        home["living_arrangement"] = "shared"
    home["bedrooms"] = max(home["bedrooms"], spec["min_bedrooms"],
                           2 if home["living_arrangement"] == "shared" else 1)
    home["bedrooms"] = min(home["bedrooms"], 4)
    home["max_occupants"] = (rng.randint(2, min(MAX_SHARING, home["bedrooms"]))
                             if home["living_arrangement"] == "shared" else 1)
    must = set(spec["must_have"]) | set(rng.sample(spec["nice_to_have"], min(2, len(spec["nice_to_have"]))))
    if home["property_type"] in _FLATS or home["property_type"] in {"semi_detached_house", "terraced_house"}:
        must.discard("no_shared_walls")
    if "rural_setting" in must:
        must -= {"near_shops", "near_public_transport"}
    features = set(home["features"]) | (must & set(PROPERTY_FEATURES))
    technology = set(home["assistive_technology"]) | (must & set(ASSISTIVE_TECHNOLOGY))
    home["features"] = _ordered(features, PROPERTY_FEATURES)
    home["assistive_technology"] = _ordered(technology, ASSISTIVE_TECHNOLOGY)
    worst = ACCESSIBILITY.index(spec["min_accessibility"])
    if ACCESSIBILITY.index(home["accessibility"]) > worst:
        home["accessibility"] = ACCESSIBILITY[rng.randint(0, worst)]
    if spec["tenure"] and not set(home["tenure"]) & set(spec["tenure"]):
        home["tenure"] = [rng.choice(spec["tenure"])]
    limit = spec["max_weekly_rent"]
    if limit is not None and home["weekly_rent"] > limit:
        home["weekly_rent"] = float(5 * round(rng.uniform(max(120, limit - 80), limit) / 5 - 0.5))
    home["status"] = "available"
    target = date.fromisoformat(case["target_move_date"])
    home["available_from"] = (BASE_DATE + timedelta(days=rng.randint(-30,
                                                                     (target - BASE_DATE).days))).isoformat()


# ------------------------------------------------------------------------------------------ generation


@dataclass
class _HousingOrg:
    id: str
    kind: str  # housing_association | council | private | dual
    patch: list[Town]
    partners: list[str]
    weight: float


def _organisation(rng: random.Random, org_id: str, name: str, kinds: list[str], description: str,
                  office: Town, email_user: str, registered: bool, cqc: bool) -> Record:
    slug = _slug(name)
    rating = _pick(rng, (("outstanding", 8), ("good", 70), ("requires_improvement", 18), ("inadequate", 4)))
    return {
        "id": org_id, "name": name, "kinds": kinds, "description": description,
        "email": f"{email_user}@{slug}.example", "phone": _phone(rng, office),
        "website": f"https://{slug}.example",
        "registered_provider": registered,
        "cqc_location_ids": [f"1-000{rng.randrange(10**7):07d}" for _ in range(rng.randint(1, 3) * cqc)],
        "cqc_rating": rating if cqc else None,
        "office": {"name": office.name},
    }


def _resolve_size(size: str, providers: int | None, properties: int | None) -> tuple[int, int]:
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    default_providers, default_properties = SIZES[size]
    n_care = default_providers if providers is None else providers
    n_homes = default_properties if properties is None else properties
    if n_care < 1 or n_homes < 0:
        raise ValueError("providers must be at least 1 and properties at least 0")
    return n_care, n_homes


def iter_generate(size: str = "demo", providers: int | None = None, properties: int | None = None,
                  seed: int = DEFAULT_SEED, chunk_size: int = CHUNK) -> Iterator[tuple[str, list[Record]]]:
    """The marketplace as (part, records) chunks, in load order: organisations, care_offers, properties
    (in chunks of `chunk_size`), users, cases. Exactly the records `generate` returns, but only one
    chunk of homes need be in memory at a time. Bad arguments raise ValueError at once."""
    n_care, n_homes = _resolve_size(size, providers, properties)
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    return _stream(size == "demo", n_care, n_homes, seed, chunk_size)


def _stream(demo: bool, n_care: int, n_homes: int, seed: int, chunk_size: int
            ) -> Iterator[tuple[str, list[Record]]]:
    picker = _TownPicker(TOWNS, {EAST_MIDLANDS: 4.0, **dict.fromkeys(LEICESTERSHIRE, 8.0)} if demo else None)
    names = _Names()
    org_rng = _rng(seed, "organisations")
    offer_rng = _rng(seed, "care_offers")
    text_rng = _rng(seed, "descriptions")

    # Commissioners.
    leicester, nottingham = TOWNS_BY_NAME["Leicester"], TOWNS_BY_NAME["Nottingham"]
    commissioner_id, commissioner2_id = _uuid(org_rng), _uuid(org_rng)
    organisations: list[Record] = [
        _organisation(org_rng, commissioner_id, COMMISSIONER_NAME, ["commissioner"],
                      "A fictional county council for demonstrations: it holds the example cases.",
                      leicester, "commissioning", True, False),
        _organisation(org_rng, commissioner2_id, COMMISSIONER2_NAME, ["commissioner"],
                      "A second fictional commissioning organisation: it cannot see the council's cases.",
                      nottingham, "commissioning", False, False),
    ]
    cases = _cases(seed, commissioner_id)
    case: Record | None

    # Care organisations: who is also a landlord, who is shaped to fit an example case.
    n_dual = round(n_care / 6)
    # anchors: care index -> (case, role). Role 0 (care only) partners a landlord with a home for the case,
    # role 1 is also a landlord with a home for it, roles 2 and 3 work from a town near the case.
    anchors: dict[int, tuple[Record, int]] = {}
    dual: set[int] = set()
    if demo and n_care >= ANCHOR_CARE * len(cases) and n_dual >= len(cases):
        positions = [0, *org_rng.sample(range(1, n_care), ANCHOR_CARE * len(cases) - 1)]
        for k, example in enumerate(cases):
            for role in range(ANCHOR_CARE):
                anchors[positions[ANCHOR_CARE * k + role]] = (example, role)
            dual.add(positions[ANCHOR_CARE * k + 1])
    rest = [i for i in range(1, n_care) if i not in dual and i not in anchors]
    dual |= set(org_rng.sample(rest, max(0, min(len(rest), n_dual - len(dual)))))
    levels = _level_plan(offer_rng, n_care)
    # An anchor swaps its planned PBS level with another provider's when it needs a higher one, so the
    # shares of each level stay exactly as planned.
    others = [j for j in range(n_care) if j not in anchors]
    offer_rng.shuffle(others)
    for i, (example, _) in sorted(anchors.items()):
        pen = example["pen_picture"]
        need = max(pen["required_pbs_level"], 2 if pen["restrictive_interventions_in_plan"] else 0)
        if levels[i] < need:
            j = next((j for j in others if levels[j] >= need), None)
            if j is not None:
                levels[i], levels[j] = levels[j], levels[i]

    care_offers: list[Record] = []
    housing: list[_HousingOrg] = []
    care_by_town: dict[str, list[str]] = {}
    anchor_ids: dict[str, list[str]] = {c["reference"]: [""] * ANCHOR_CARE for c in cases}
    first_care: Record | None = None
    for i in range(n_care):
        case, role = None, 0
        if i in anchors:
            case, role = anchors[i]
        office = picker.pick(org_rng)
        if case is not None:
            office = TOWNS_BY_NAME[case["location"]["places"][0]["name"]]
            if role >= 2:
                office = org_rng.choice(_towns_within(office, 30.0))
        is_dual = i in dual
        org_id = _uuid(org_rng)
        name = names.make(org_rng, _DUAL_SUFFIX if is_dual else _CARE_SUFFIX)
        offer = _care_offer(offer_rng, org_id, office, levels[i])
        if case is not None:
            _fit_offer_to_case(offer_rng, offer, case, office)
            anchor_ids[case["reference"]][role] = org_id
        area_names = [a["name"] for a in offer["service_area"]]
        offer["description"] = _care_description(text_rng, name, offer, area_names)
        what = "care and housing provider" if is_dual else "care provider"
        in_wales = office.region == WALES
        org = _organisation(
            org_rng, org_id, name, ["care", "housing"] if is_dual else ["care"],
            f"{name} is an independent {what} based in {office.name}. " + text_rng.choice(_CARE_FLAVOUR),
            office, "referrals", is_dual and org_rng.random() < 0.5, not in_wales)
        organisations.append(org)
        care_offers.append(offer)
        first_care = first_care or org
        care_by_town.setdefault(area_names[0], []).append(org_id)
        if is_dual:
            patch = [TOWNS_BY_NAME[n] for n in area_names]
            housing.append(_HousingOrg(org_id, "dual", patch, [], 0.8))

    # Landlords, some naming care partners that work near them.
    n_landlords = max(3, round(n_care / 4))
    first_landlord: Record | None = None
    for i in range(n_landlords):
        office = picker.pick(org_rng) if not (i == 0 and demo) else leicester
        kind = "housing_association" if i == 0 else _pick(
            org_rng, (("housing_association", 55), ("council", 15), ("private", 30)))
        suffixes = {"housing_association": _HA_SUFFIX, "council": _COUNCIL_SUFFIX,
                    "private": _PRIVATE_SUFFIX}[kind]
        name = names.make(org_rng, suffixes, second=kind != "council")
        org_id = _uuid(org_rng)
        near = NEIGHBOURS_50[office.name]
        patch = [office, *org_rng.sample(near, min(len(near), org_rng.randint(0, 3)))]
        candidates = [c for t in [office, *NEIGHBOURS_50[office.name]] for c in care_by_town.get(t.name, [])]
        partners = (org_rng.sample(candidates, min(len(candidates), org_rng.randint(1, 3)))
                    if candidates and org_rng.random() < 0.5 else [])
        what = {"housing_association": "a housing association", "council": "a council landlord",
                "private": "a private landlord"}[kind]
        description = (f"{name} is {what} with homes in {_join([t.name for t in patch])}. "
                       + ("We work closely with named local care partners. " if partners else "")
                       + text_rng.choice(("We adapt homes for people with complex needs.",
                                          "We let homes to people with support needs and their providers.",
                                          "We specialise in robust, adapted homes for supported living.",
                                          "Our lettings team works closely with commissioners.")))
        org = _organisation(org_rng, org_id, name, ["housing"], description, office,
                            "lettings" if kind == "private" else "homes", kind != "private", False)
        organisations.append(org)
        first_landlord = first_landlord or org
        weight = {"housing_association": 1.5, "council": 1.2, "private": 0.5}[kind]
        housing.append(_HousingOrg(org_id, kind, patch, partners, weight))

    yield "organisations", organisations
    yield "care_offers", care_offers

    # Homes: first those shaped for the example cases (one organisation, partnership, nearby), then the rest.
    home_rng = _rng(seed, "properties")
    landlords = [h for h in housing if h.kind != "dual"]
    by_id = {h.id: h for h in housing}
    plan: list[tuple[_HousingOrg, Town, Record | None, list[str] | None]] = []
    if anchors and n_homes >= ANCHOR_HOMES * len(cases):
        for example in cases:
            town = TOWNS_BY_NAME[example["location"]["places"][0]["name"]]
            care_a, care_b = anchor_ids[example["reference"]][:2]
            nearby = _towns_within(town, example["location"]["max_distance_km"] - 10.0)
            partner_landlord = landlords[home_rng.randrange(len(landlords))]
            if care_a not in partner_landlord.partners:
                partner_landlord.partners.append(care_a)
            plan.append((by_id[care_b], town, example, []))
            plan.append((partner_landlord, town, example, [care_a]))
            for _ in range(ANCHOR_HOMES - 2):
                landlord = landlords[home_rng.randrange(len(landlords))]
                plan.append((landlord, home_rng.choice(nearby), example, None))
    cum = list(accumulate(h.weight for h in housing))
    chunk: list[Record] = []
    for n in range(n_homes):
        case = None
        home_partners: list[str] | None = None
        if n < len(plan):
            owner, town, case, home_partners = plan[n]
        else:
            owner = housing[min(bisect_right(cum, home_rng.random() * cum[-1]), len(housing) - 1)]
            town = owner.patch[0] if home_rng.random() < 0.5 else home_rng.choice(owner.patch)
        home_id = _uuid(home_rng)
        attrs = _home_attributes(home_rng, owner.kind, town)
        if case is not None:
            _fit_home_to_case(home_rng, attrs, case)
        if home_partners is None:
            home_partners = (home_rng.sample(owner.partners, home_rng.randint(1, len(owner.partners)))
                             if owner.partners and home_rng.random() < 0.8 else [])
        lat, lon = _scatter(home_rng, town, min(town.spread_km, 2.0) if case is not None else None)
        chunk.append({
            "id": home_id, "organisation_id": owner.id, "title": _home_title(attrs, town.name), **attrs,
            "location": {"name": town.name, "latitude": lat, "longitude": lon},
            "area": town.name, "location_name": town.name,
            "care_partner_ids": home_partners,
            "description": _home_description(text_rng, attrs, town.name),
        })
        if len(chunk) >= chunk_size:
            yield "properties", chunk
            chunk = []
    if chunk:
        yield "properties", chunk

    user_rng = _rng(seed, "users")
    if first_care is None or first_landlord is None:
        raise RuntimeError("a marketplace needs at least one care organisation and one landlord")
    users = [{"id": _uuid(user_rng), "email": email, "role": role, "organisation_id": org_id,
              "password": DEMO_PASSWORD}
             for email, role, org_id in (
                 ("admin@demo.example", "admin", None),
                 ("commissioner@demo.example", "commissioner", commissioner_id),
                 ("commissioner2@demo.example", "commissioner", commissioner2_id),
                 ("care@demo.example", "provider", first_care["id"]),
                 ("housing@demo.example", "provider", first_landlord["id"]))]
    yield "users", users
    yield "cases", cases


def generate(size: str = "demo", providers: int | None = None, properties: int | None = None,
             seed: int = DEFAULT_SEED) -> Marketplace:
    """The whole marketplace in memory. `size` is "demo" (60 care providers, 300 homes, East Midlands
    heavy, with homes and providers shaped so each example case has choice) or "bench" (20,000 and
    100,000 spread over every town); `providers` and `properties` override the counts."""
    market = Marketplace()
    for part, records in iter_generate(size, providers, properties, seed):
        getattr(market, part).extend(records)
    return market
