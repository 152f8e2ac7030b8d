"""The plain data the scoring module takes and gives back.

Everything here is a dataclass of built-in types so callers (API, pages, scripts) can build inputs from
whatever they store and serialise outputs with `dataclasses.asdict`, without this package knowing about
either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Place:
    """A place that matters to the person; `weight` says how much it pulls the search towards it."""

    name: str
    label: str | None
    weight: float
    latitude: float
    longitude: float

    @property
    def display(self) -> str:
        """How evidence names the place: "Loughborough (family)"."""
        return f"{self.name} ({self.label})" if self.label else self.name


@dataclass(frozen=True, slots=True)
class ServiceArea:
    name: str
    latitude: float
    longitude: float
    radius_km: float


@dataclass(frozen=True, slots=True)
class PbsEvidence:
    """Facts a commissioner can check; the PBS level is derived from them, never typed in."""

    pbs_policy: bool = False
    staff_trained_pct: int = 0
    bild_act_certified_training: bool = False
    rrn_certified_training: bool = False
    pbs_lead: bool = False
    practice_leadership: bool = False
    restrictive_practice_reduction: bool = False
    discharges_supported_3y: int = 0
    placement_breakdowns_3y: int = 0


@dataclass(frozen=True, slots=True)
class CareProvider:
    organisation_id: str
    name: str
    description: str
    service_types: frozenset[str]
    client_groups: frozenset[str]
    ratios: frozenset[str]
    nights: frozenset[str]
    female_staff_only: bool
    male_staff_only: bool
    specialists: frozenset[str]
    communication: frozenset[str]
    languages: frozenset[str]
    pbs: PbsEvidence
    service_area: tuple[ServiceArea, ...]
    new_packages: int
    earliest_start: date | None
    #: The regulator's rating (admin-set or imported from the CQC directory) and when it was imported.
    cqc_rating: str | None = None
    cqc_imported_at: date | None = None


@dataclass(frozen=True, slots=True)
class Home:
    property_id: str
    organisation_id: str
    title: str
    description: str
    property_type: str
    living_arrangement: str
    max_occupants: int
    bedrooms: int
    accessibility: str
    features: frozenset[str]
    assistive_technology: frozenset[str]
    tenure: frozenset[str]
    weekly_rent: float | None
    available_from: date | None
    status: str
    latitude: float
    longitude: float
    area: str
    care_partner_ids: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseQuery:
    """One case's search: pen picture, housing specification and the places that matter.

    Keyword-only with defaults meaning "no requirement", so a caller names only what the case states.
    """

    places: tuple[Place, ...]
    max_distance_km: float = 40.0
    target_move_date: date | None = None
    client_groups: frozenset[str] = frozenset()
    day_ratio: str | None = None
    night: str | None = None
    staff_gender: str | None = None
    required_pbs_level: int = 0
    restrictive_interventions_in_plan: bool = False
    specialists: frozenset[str] = frozenset()
    communication: frozenset[str] = frozenset()
    language: str | None = None
    narrative: str = ""
    living_arrangement: frozenset[str] = frozenset({"single_occupancy", "shared"})
    property_types: frozenset[str] = frozenset()
    min_bedrooms: int = 0
    must_have: frozenset[str] = frozenset()
    nice_to_have: frozenset[str] = frozenset()
    min_accessibility: str = "G"
    tenure: frozenset[str] = frozenset()
    max_weekly_rent: float | None = None


@dataclass
class CriterionScore:
    criterion: str
    score: float
    weight: float
    evidence: str


@dataclass
class CareResult:
    organisation_id: str
    name: str
    score: float
    distance_km: float
    pbs_level: int
    criteria: list[CriterionScore]


@dataclass
class HomeResult:
    property_id: str
    organisation_id: str
    title: str
    score: float
    distance_km: float
    criteria: list[CriterionScore]


@dataclass
class PackageResult:
    organisation_id: str
    property_id: str
    score: float
    kind: str
    criteria: list[CriterionScore]


@dataclass
class NearMiss:
    reason: str
    evidence: str
    would_fit_if: str
    property_id: str | None = None
    organisation_id: str | None = None


@dataclass
class Failure:
    reason: str
    evidence: str


@dataclass
class SearchOutcome:
    care: list[CareResult]
    housing: list[HomeResult]
    packages: list[PackageResult]
    excluded: dict[str, dict[str, int]]
    near_misses: list[NearMiss]
    weights: dict[str, float]


@dataclass
class Explanation:
    eligible: bool
    failed: list[Failure] = field(default_factory=list)
    criteria: list[CriterionScore] = field(default_factory=list)


@dataclass
class Candidates:
    """Every eligible candidate of one case, best first, with the score it ranks on (spherical
    distances; the reported lists re-score their top few geodesically, which moves a score by less than
    0.001), and the exclusion counts per reason. For allocation, market calls and gap analysis."""

    care: list[tuple[str, float]]  # (organisation_id, score)
    housing: list[tuple[str, float]]  # (property_id, score)
    packages: list[tuple[str, str, str, float]]  # (organisation_id, property_id, kind, score)
    excluded: dict[str, dict[str, int]]
    weights: dict[str, float]
