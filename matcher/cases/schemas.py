"""Case shapes, exactly as API.md names them.

`CaseCriteria` (location, target move date, pen picture, housing specification) is what a search
needs; `POST /search` takes it inline and a stored case adds a reference and an identity to it.
The `*Patch` models mirror the full ones with every field optional: a PATCH is a JSON merge patch
(RFC 7396) of each part, where `null` puts a field back to its default.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from matcher.codes import code
from matcher.places_schema import PlaceIn
from matcher.privacy import is_valid_nhs_number
from matcher.validation import field_error
from matcher.vocab import (
    ACCESSIBILITY,
    AGE_BANDS,
    CLIENT_GROUPS,
    COMMUNICATION,
    GENDERS,
    HOME_FEATURE_CODES,
    LANGUAGES,
    LIVING_ARRANGEMENTS,
    NIGHT_COVER,
    PROPERTY_TYPES,
    SPECIALISTS,
    STAFF_GENDERS,
    STAFF_RATIOS,
    TENURES,
)

CASE_STATUSES = ("open", "closed")

# mypy cannot see through `code(...)`; pydantic can.
AgeBand = code(AGE_BANDS)
Gender = code(GENDERS)
StaffGender = code(STAFF_GENDERS)
ClientGroup = code(CLIENT_GROUPS)
Ratio = code(STAFF_RATIOS)
Night = code(NIGHT_COVER)
Specialist = code(SPECIALISTS)
Communication = code(COMMUNICATION)
Language = code(LANGUAGES)
Arrangement = code(LIVING_ARRANGEMENTS)
PropertyType = code(PROPERTY_TYPES)
HomeFeature = code(HOME_FEATURE_CODES)
Accessibility = code(ACCESSIBILITY)
Tenure = code(TENURES)
CaseStatus = code(CASE_STATUSES)

MAX_NARRATIVE = 20_000
MAX_PLACES = 10
MAX_DISTANCE_KM = 500.0


def _distinct(values: list[Any] | None) -> list[Any] | None:
    """Codes are sets: a repeated code is dropped, the order of first mention kept."""
    return None if values is None else list(dict.fromkeys(values))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- location ----------------------------------------------------------------------------------------

class ResolvedPlace(BaseModel):
    """Where a place was found: read-only, filled in by the service."""

    name: str
    latitude: float
    longitude: float
    area: str | None = None


class CasePlaceIn(PlaceIn):
    """A place that matters to the person: one of name / postcode / coordinates, plus why and how much."""

    label: str | None = Field(default=None, max_length=40,
                              description='why the place matters, in a word or two: "family", "day centre"')
    weight: float = Field(default=1.0, gt=0, le=100, description="relative importance; greater than 0")
    resolved: ResolvedPlace | None = Field(
        default=None, description="read-only: answered by the service, ignored when sent back")

    def given(self) -> dict[str, Any]:
        """Only the form the person gave (what `resolve_place` takes)."""
        return self.model_dump(include={"name", "postcode", "latitude", "longitude"}, exclude_none=True)


class CaseLocation(_Strict):
    places: list[CasePlaceIn] = Field(min_length=1, max_length=MAX_PLACES)
    max_distance_km: float = Field(default=40.0, gt=0, le=MAX_DISTANCE_KM,
                                   description="kilometres from the nearest place; greater than 0")


class CaseLocationPatch(_Strict):
    places: list[CasePlaceIn] | None = Field(default=None, min_length=1, max_length=MAX_PLACES)
    max_distance_km: float | None = Field(default=None, gt=0, le=MAX_DISTANCE_KM)


class CasePlaceOut(BaseModel):
    """The place as given (round-trips into a PATCH) and where it was found."""

    name: str | None = None
    postcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    label: str | None
    weight: float
    resolved: ResolvedPlace


class CaseLocationOut(BaseModel):
    places: list[CasePlaceOut]
    max_distance_km: float


# --- pen picture -------------------------------------------------------------------------------------

class CaseStaffing(_Strict):
    day_ratio: Ratio | None = None  # type: ignore[valid-type]
    night: Night | None = None  # type: ignore[valid-type]
    staff_gender: StaffGender | None = Field(default=None,  # type: ignore[valid-type]
                                             description="the staff team the person needs, or null")


class PenPicture(_Strict):
    """What providers see once it is shared: needs, never identity (the narrative is checked)."""

    age_band: AgeBand | None = None  # type: ignore[valid-type]
    gender: Gender = "not_stated"  # type: ignore[valid-type]
    client_groups: list[ClientGroup] = Field(default_factory=list)  # type: ignore[valid-type]
    staffing: CaseStaffing = Field(default_factory=CaseStaffing)
    required_pbs_level: int = Field(default=0, ge=0, le=3)
    restrictive_interventions_in_plan: bool = False
    specialists: list[Specialist] = Field(default_factory=list)  # type: ignore[valid-type]
    communication: list[Communication] = Field(default_factory=list)  # type: ignore[valid-type]
    language: Language | None = None  # type: ignore[valid-type]
    narrative: str = Field(default="", max_length=MAX_NARRATIVE,
                           description="free text; refused (422 with findings) if it holds identifiers")

    _codes_are_sets = field_validator("client_groups", "specialists", "communication")(_distinct)


class CaseStaffingPatch(_Strict):
    day_ratio: Ratio | None = None  # type: ignore[valid-type]
    night: Night | None = None  # type: ignore[valid-type]
    staff_gender: StaffGender | None = None  # type: ignore[valid-type]


class PenPicturePatch(_Strict):
    age_band: AgeBand | None = None  # type: ignore[valid-type]
    gender: Gender | None = None  # type: ignore[valid-type]
    client_groups: list[ClientGroup] | None = None  # type: ignore[valid-type]
    staffing: CaseStaffingPatch | None = None
    required_pbs_level: int | None = Field(default=None, ge=0, le=3)
    restrictive_interventions_in_plan: bool | None = None
    specialists: list[Specialist] | None = None  # type: ignore[valid-type]
    communication: list[Communication] | None = None  # type: ignore[valid-type]
    language: Language | None = None  # type: ignore[valid-type]
    narrative: str | None = Field(default=None, max_length=MAX_NARRATIVE)


# --- housing specification ---------------------------------------------------------------------------

class _HousingRules(_Strict):
    @model_validator(mode="after")
    def _must_and_nice_differ(self) -> Any:
        both = set(getattr(self, "must_have", None) or ()) & set(getattr(self, "nice_to_have", None) or ())
        if both:
            raise field_error("nice_to_have", "a feature is either must_have or nice_to_have, not both: "
                              + ", ".join(sorted(both)))
        return self


class HousingSpec(_HousingRules):
    living_arrangement: list[Arrangement] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["single_occupancy"], min_length=1)
    property_types: list[PropertyType] = Field(  # type: ignore[valid-type]
        default_factory=list, description="empty: any type")
    min_bedrooms: int = Field(default=1, ge=1, le=20)
    must_have: list[HomeFeature] = Field(default_factory=list)  # type: ignore[valid-type]
    nice_to_have: list[HomeFeature] = Field(default_factory=list)  # type: ignore[valid-type]
    min_accessibility: Accessibility = Field(  # type: ignore[valid-type]
        default="G", description="A (best) to G; C admits A, B and C")
    tenure: list[Tenure] = Field(default_factory=list, description="empty: any tenure")  # type: ignore[valid-type]
    max_weekly_rent: float | None = Field(default=None, ge=0, le=10_000)

    _codes_are_sets = field_validator("living_arrangement", "property_types", "must_have", "nice_to_have",
                                      "tenure")(_distinct)


class HousingSpecPatch(_HousingRules):
    living_arrangement: list[Arrangement] | None = Field(default=None, min_length=1)  # type: ignore[valid-type]
    property_types: list[PropertyType] | None = None  # type: ignore[valid-type]
    min_bedrooms: int | None = Field(default=None, ge=1, le=20)
    must_have: list[HomeFeature] | None = None  # type: ignore[valid-type]
    nice_to_have: list[HomeFeature] | None = None  # type: ignore[valid-type]
    min_accessibility: Accessibility | None = None  # type: ignore[valid-type]
    tenure: list[Tenure] | None = None  # type: ignore[valid-type]
    max_weekly_rent: float | None = Field(default=None, ge=0, le=10_000)


# --- identity ----------------------------------------------------------------------------------------

def _nhs_number(value: str | None) -> str | None:
    if value is None:
        return None
    digits = "".join(ch for ch in value if not ch.isspace() and ch != "-")
    if not is_valid_nhs_number(digits):
        raise ValueError("not a valid NHS number (10 digits with a modulus-11 check digit)")
    return digits


def _past_date(value: date | None) -> date | None:
    if value is not None and not date(1900, 1, 1) <= value <= date.today():
        raise ValueError("must be a date between 1900-01-01 and today")
    return value


class Identity(_Strict):
    """Who the person is. Encrypted at rest, shown only to the owning commissioners, never shared."""

    full_name: str = Field(min_length=1, max_length=200)
    known_as: str | None = Field(default=None, max_length=100)
    date_of_birth: date | None = None
    nhs_number: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=500)
    family_names: list[str] = Field(default_factory=list, max_length=30)

    _valid_nhs = field_validator("nhs_number")(_nhs_number)
    _valid_birth = field_validator("date_of_birth")(_past_date)

    @field_validator("family_names")
    @classmethod
    def _names_are_short(cls, names: list[str]) -> list[str]:
        cleaned = [name.strip() for name in names]
        if any(not 1 <= len(name) <= 200 for name in cleaned):
            raise ValueError("each family name must be 1 to 200 characters")
        return list(dict.fromkeys(cleaned))

    def names(self) -> list[str]:
        """Every name a narrative must not hold: the person's and their family's."""
        return [n for n in (self.full_name, self.known_as, *self.family_names) if n]


class IdentityOut(BaseModel):
    """The identity as stored (no input rules: a record written before a rule changed still reads)."""

    full_name: str | None = None
    known_as: str | None = None
    date_of_birth: date | None = None
    nhs_number: str | None = None
    address: str | None = None
    family_names: list[str] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [n for n in (self.full_name, self.known_as, *self.family_names) if n]


class IdentityPatch(_Strict):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    known_as: str | None = Field(default=None, max_length=100)
    date_of_birth: date | None = None
    nhs_number: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=500)
    family_names: list[str] | None = Field(default=None, max_length=30)

    _valid_nhs = field_validator("nhs_number")(_nhs_number)
    _valid_birth = field_validator("date_of_birth")(_past_date)


# --- cases -------------------------------------------------------------------------------------------

class CaseCriteria(_Strict):
    """What a search needs: a stored case's criteria, or `POST /search`'s inline body."""

    location: CaseLocation
    target_move_date: date | None = None
    pen_picture: PenPicture = Field(default_factory=PenPicture)
    housing_spec: HousingSpec = Field(default_factory=HousingSpec)


class CaseIn(CaseCriteria):
    reference: str = Field(min_length=1, max_length=80, description="unique within the organisation")
    identity: Identity | None = None

    @field_validator("reference")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value


class CasePatch(_Strict):
    """Any top-level part; each given part is merged into the stored one (null resets a field)."""

    reference: str | None = Field(default=None, min_length=1, max_length=80)
    identity: IdentityPatch | None = None
    location: CaseLocationPatch | None = None
    target_move_date: date | None = None
    pen_picture: PenPicturePatch | None = None
    housing_spec: HousingSpecPatch | None = None
    status: CaseStatus | None = Field(default=None,  # type: ignore[valid-type]
                                      description='"closed" closes the case, "open" reopens it')

    @model_validator(mode="after")
    def _parts_cannot_be_removed(self) -> CasePatch:
        for name in ("reference", "identity", "location", "pen_picture", "housing_spec", "status"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise field_error(name, f"{name} cannot be null; send the fields to change")
        return self


class FindingOut(BaseModel):
    """An identifier found in free text: where it is and what replaces it, never the text itself."""

    type: str
    start: int
    end: int
    replacement: str
    confidence: float = Field(
        ge=0, le=1, description="how sure the detector is; below 0.8 the page asks a person to check it"
    )


class CaseOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    reference: str
    status: str
    identity: IdentityOut | None = Field(description="only ever answered to the owning commissioners")
    location: CaseLocationOut
    target_move_date: date | None
    pen_picture: PenPicture
    housing_spec: HousingSpec
    created_by: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class CaseSaved(CaseOut):
    """A create or change: the case as stored, and what was redacted from the narrative (if anything)."""

    findings: list[FindingOut] = Field(default_factory=list)


class AnonymiseIn(_Strict):
    text: str = Field(max_length=MAX_NARRATIVE)
    known_names: list[str] = Field(default_factory=list, max_length=30,
                                   description="the person's and family's names, matched loosely")
    known_addresses: list[str] = Field(
        default_factory=list, max_length=5,
        description="the person's address(es) from the identity record: streets matched in any casing",
    )

    @field_validator("known_names")
    @classmethod
    def _short_names(cls, names: list[str]) -> list[str]:
        if any(len(name) > 200 for name in names):
            raise ValueError("each name must be at most 200 characters")
        return names

    @field_validator("known_addresses")
    @classmethod
    def _short_addresses(cls, addresses: list[str]) -> list[str]:
        if any(len(address) > 500 for address in addresses):
            raise ValueError("each address must be at most 500 characters")
        return addresses


class AnonymiseOut(BaseModel):
    redacted_text: str
    findings: list[FindingOut]


class AuditEventOut(BaseModel):
    id: int
    action: str
    at: datetime
    user_id: uuid.UUID | None
    user_email: str | None
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    detail: dict[str, Any]
