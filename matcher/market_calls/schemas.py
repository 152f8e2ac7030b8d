"""Market call shapes (API.md, "Market calls")."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from matcher.contacts.schemas import PlaceOut
from matcher.validation import refuse_nulls


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MarketCallIn(_Strict):
    closes_at: datetime = Field(
        description="When offers stop being accepted (the database clock decides); "
        "must be in the future and carry a time zone"
    )
    note: str = Field(
        default="",
        max_length=5000,
        description="Read by every recipient: screened for identifiers like a pen picture",
    )
    exclude_organisation_ids: list[uuid.UUID] = Field(default_factory=list, max_length=500)

    @field_validator("closes_at")
    @classmethod
    def _zoned(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2027-01-10T17:00:00Z")
        return value


class RecipientCounts(BaseModel):
    care: int
    housing: int


class MarketCallOut(BaseModel):
    """The commissioner's view of a call."""

    id: uuid.UUID
    case_id: uuid.UUID
    status: str = Field(description="open, closed (early or at closes_at) or awarded")
    closes_at: datetime
    closed_at: datetime | None
    note: str
    recipients: RecipientCounts
    offers: int
    excluded_organisation_ids: list[uuid.UUID]
    awarded_offer_id: uuid.UUID | None
    created_at: datetime


class EligibleHomeOut(BaseModel):
    property_id: uuid.UUID
    title: str
    score: float


class OwnOfferOut(BaseModel):
    """A provider's own offer; it never sees anyone else's."""

    id: uuid.UUID
    property_id: uuid.UUID | None
    kind: str
    weekly_cost: float
    earliest_start: date | None
    note: str
    status: str
    submitted_at: datetime


class OfferHistoryOut(BaseModel):
    """One of the provider's own offers with where its call stands, so a provider learns the outcome
    without the pen picture being read again (no audited read: nothing about the person is in it)."""

    id: uuid.UUID
    call_id: uuid.UUID
    call_status: str = Field(description="open, closed (early or at closes_at) or awarded")
    closes_at: datetime
    closed_at: datetime | None
    commissioner_organisation: str
    property_id: uuid.UUID | None
    kind: str
    weekly_cost: float
    earliest_start: date | None
    status: str = Field(description="submitted, accepted or not_selected")
    submitted_at: datetime


class ProviderCallOut(BaseModel):
    """What a recipient sees of a call: the anonymised requirement, never the identity or other offers."""

    id: uuid.UUID
    status: str
    closes_at: datetime
    closed_at: datetime | None = Field(
        description="When it stopped taking offers: closed early, or closes_at once passed; null while open"
    )
    note: str
    commissioner_organisation: str
    pen_picture: dict[str, Any]
    housing_spec: dict[str, Any]
    places: list[PlaceOut]
    max_distance_km: float | None
    target_move_date: date | None
    care_eligible: bool = Field(description="Its care offer fits: it may offer care")
    eligible_homes: list[EligibleHomeOut] = Field(description="Its homes that fit (a landlord's)")
    offer: OwnOfferOut | None


class OfferIn(_Strict):
    weekly_cost: Decimal = Field(
        gt=0, le=Decimal("1000000"), max_digits=10, decimal_places=2, description="Pounds a week"
    )
    earliest_start: date | None = None
    property_id: uuid.UUID | None = Field(
        default=None, description="One of its eligible homes, when it offers housing"
    )
    note: str = Field(default="", max_length=5000)
    includes_care: bool | None = Field(
        default=None,
        description="With a home: whether care comes with it (default: when your care offer fits)",
    )


class OfferPatch(_Strict):
    """Only the fields that change. `earliest_start`, `property_id` and `includes_care` may be null (no
    date, no home, the default); a null cost or note is refused rather than silently kept."""

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        return refuse_nulls(data, frozenset({"earliest_start", "property_id", "includes_care"}))

    weekly_cost: Decimal | None = Field(
        default=None, gt=0, le=Decimal("1000000"), max_digits=10, decimal_places=2
    )
    earliest_start: date | None = None
    property_id: uuid.UUID | None = None
    note: str | None = Field(default=None, max_length=5000)
    includes_care: bool | None = None


class CriterionOut(BaseModel):
    criterion: str
    score: float
    weight: float
    evidence: str


class BenchmarkOut(BaseModel):
    median_weekly_cost: float
    offers_compared: int
    difference_pct: float
    evidence: str


class RankedOfferOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    property_id: uuid.UUID | None
    property_title: str | None
    kind: str
    weekly_cost: float
    earliest_start: date | None
    note: str
    status: str
    score: float
    match_score: float
    criteria: list[CriterionOut]
    benchmark: BenchmarkOut | None


class RankedOffers(BaseModel):
    items: list[RankedOfferOut]
    total: int
    quality: float
    cost: float


class AwardIn(_Strict):
    offer_id: uuid.UUID
