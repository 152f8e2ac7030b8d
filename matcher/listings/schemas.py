"""Care offer and property shapes, exactly as API.md names them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from matcher.codes import code
from matcher.places_schema import PlaceIn, require_one_form
from matcher.validation import field_error, refuse_nulls
from matcher.vocab import (
    ACCESSIBILITY,
    ASSISTIVE_TECHNOLOGY,
    CARE_SERVICE_TYPES,
    CLIENT_GROUPS,
    COMMUNICATION,
    LANGUAGES,
    LIVING_ARRANGEMENTS,
    MAX_SHARING,
    NIGHT_COVER,
    PROPERTY_FEATURES,
    PROPERTY_STATUSES,
    PROPERTY_TYPES,
    SPECIALISTS,
    STAFF_RATIOS,
    TENURES,
)

# mypy cannot see through `code(...)`; pydantic can.
ServiceType = code(CARE_SERVICE_TYPES)
ClientGroup = code(CLIENT_GROUPS)
Ratio = code(STAFF_RATIOS)
Night = code(NIGHT_COVER)
Specialist = code(SPECIALISTS)
Communication = code(COMMUNICATION)
Language = code(LANGUAGES)
PropertyType = code(PROPERTY_TYPES)
Arrangement = code(LIVING_ARRANGEMENTS)
Accessibility = code(ACCESSIBILITY)
Feature = code(PROPERTY_FEATURES)
Technology = code(ASSISTIVE_TECHNOLOGY)
Tenure = code(TENURES)
Status = code(PROPERTY_STATUSES)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Staffing(_Strict):
    ratios: list[Ratio] = Field(default_factory=list)  # type: ignore[valid-type]
    nights: list[Night] = Field(default_factory=list)  # type: ignore[valid-type]
    female_staff_only: bool = False
    male_staff_only: bool = False


class PbsEvidenceIn(_Strict):
    pbs_policy: bool = False
    staff_trained_pct: int = Field(default=0, ge=0, le=100)
    bild_act_certified_training: bool = False
    rrn_certified_training: bool = False
    pbs_lead: bool = False
    practice_leadership: bool = False
    restrictive_practice_reduction: bool = False
    discharges_supported_3y: int = Field(default=0, ge=0, le=10_000)
    placement_breakdowns_3y: int = Field(default=0, ge=0, le=10_000)


class ServiceAreaIn(PlaceIn):
    """One of the three place forms and a radius; or, so that what GET answered can be sent back, the
    name with the coordinates it was found at (the service checks they belong together)."""

    radius_km: float = Field(gt=0, le=300, description="kilometres; greater than 0")

    @model_validator(mode="after")
    def _exactly_one_form(self) -> ServiceAreaIn:
        if not self.echoed:
            require_one_form(self)
        return self

    @property
    def echoed(self) -> bool:
        """Name and coordinates together, as `GET /organisations/{id}/care-offer` answers an area."""
        return self.name is not None and self.postcode is None and None not in (self.latitude, self.longitude)


class Capacity(_Strict):
    new_packages: int = Field(ge=0, le=1000)
    earliest_start: date | None = None


class CareOfferIn(_Strict):
    service_types: list[ServiceType] = Field(default_factory=list)  # type: ignore[valid-type]
    client_groups: list[ClientGroup] = Field(default_factory=list)  # type: ignore[valid-type]
    staffing: Staffing = Field(default_factory=Staffing)
    specialists: list[Specialist] = Field(default_factory=list)  # type: ignore[valid-type]
    communication: list[Communication] = Field(default_factory=list)  # type: ignore[valid-type]
    languages: list[Language] = Field(default_factory=list)  # type: ignore[valid-type]
    pbs: PbsEvidenceIn = Field(default_factory=PbsEvidenceIn)
    service_area: list[ServiceAreaIn] = Field(min_length=1, max_length=20)
    capacity: Capacity
    description: str = Field(default="", max_length=10_000)


class ServiceAreaOut(BaseModel):
    name: str
    radius_km: float
    latitude: float
    longitude: float


class CapacityOut(BaseModel):
    new_packages: int
    earliest_start: date | None
    updated_at: datetime


class CareOfferOut(BaseModel):
    organisation_id: uuid.UUID
    service_types: list[str]
    client_groups: list[str]
    staffing: Staffing
    specialists: list[str]
    communication: list[str]
    languages: list[str]
    pbs: PbsEvidenceIn
    pbs_level: int
    pbs_next_steps: list[str]
    service_area: list[ServiceAreaOut]
    capacity: CapacityOut
    description: str
    updated_at: datetime


EXTERNAL_REF = "the landlord's own key for this home, unique within the organisation (used by imports)"

RESERVE_ELSEWHERE = (
    "a home is reserved for a case with POST /properties/{id}/reservation; "
    "allowed here: available, let, withdrawn"
)


def sharing_problem(arrangement: str | None, occupants: int | None) -> str | None:
    """What is wrong with this living arrangement and occupancy, or None (one rule for create and edit)."""
    if arrangement == "single_occupancy" and occupants not in (None, 1):
        return "max_occupants must be 1 for single_occupancy"
    if arrangement == "shared" and occupants is not None and occupants < 2:
        return f"max_occupants must be 2 to {MAX_SHARING} for a shared home"
    return None


class _PropertyRules(_Strict):
    @model_validator(mode="after")
    def _sharing_rules(self) -> Any:
        problem = sharing_problem(getattr(self, "living_arrangement", None),
                                  getattr(self, "max_occupants", None))
        if problem:
            raise field_error("max_occupants", problem)
        return self


class PropertyIn(_PropertyRules):
    organisation_id: uuid.UUID
    title: str = Field(min_length=3, max_length=200)
    property_type: PropertyType  # type: ignore[valid-type]
    living_arrangement: Arrangement  # type: ignore[valid-type]
    max_occupants: int = Field(
        default=1, ge=1, le=MAX_SHARING, description=f"never more than {MAX_SHARING} sharing one home"
    )
    bedrooms: int = Field(ge=1, le=20)
    accessibility: Accessibility = "G"  # type: ignore[valid-type]
    features: list[Feature] = Field(default_factory=list)  # type: ignore[valid-type]
    assistive_technology: list[Technology] = Field(default_factory=list)  # type: ignore[valid-type]
    tenure: list[Tenure] = Field(default_factory=list)  # type: ignore[valid-type]
    weekly_rent: float | None = Field(default=None, ge=0, le=10_000)
    available_from: date | None = None
    status: Status = "available"  # type: ignore[valid-type]
    location: PlaceIn
    care_partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    description: str = Field(default="", max_length=10_000)
    external_ref: str | None = Field(default=None, min_length=1, max_length=100, description=EXTERNAL_REF)


class PropertyPatch(_PropertyRules):
    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        return refuse_nulls(data, frozenset({"weekly_rent", "available_from"}))

    title: str | None = Field(default=None, min_length=3, max_length=200)
    property_type: PropertyType | None = None  # type: ignore[valid-type]
    living_arrangement: Arrangement | None = None  # type: ignore[valid-type]
    max_occupants: int | None = Field(default=None, ge=1, le=MAX_SHARING)
    bedrooms: int | None = Field(default=None, ge=1, le=20)
    accessibility: Accessibility | None = None  # type: ignore[valid-type]
    features: list[Feature] | None = None  # type: ignore[valid-type]
    assistive_technology: list[Technology] | None = None  # type: ignore[valid-type]
    tenure: list[Tenure] | None = None  # type: ignore[valid-type]
    weekly_rent: float | None = Field(default=None, ge=0, le=10_000)
    available_from: date | None = None
    status: Status | None = None  # type: ignore[valid-type]
    location: PlaceIn | None = None
    care_partner_ids: list[uuid.UUID] | None = None
    description: str | None = Field(default=None, max_length=10_000)
    external_ref: str | None = Field(default=None, min_length=1, max_length=100, description=EXTERNAL_REF)


class PropertyOut(BaseModel):
    """`location` is the place as given for the owner; for everyone else only {"name": area}."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    title: str
    property_type: str
    living_arrangement: str
    max_occupants: int
    bedrooms: int
    accessibility: str
    features: list[str]
    assistive_technology: list[str]
    tenure: list[str]
    weekly_rent: float | None
    available_from: date | None
    status: str
    location: dict[str, Any]
    area: str
    latitude: float | None = None
    longitude: float | None = None
    care_partner_ids: list[uuid.UUID]
    description: str
    external_ref: str | None = None
    created_at: datetime
    updated_at: datetime
