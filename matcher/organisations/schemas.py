"""Organisation shapes, exactly as API.md names them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, HttpUrl, field_validator, model_validator

from matcher.codes import code
from matcher.organisations.names import clean_name
from matcher.places_schema import PlaceIn
from matcher.validation import refuse_nulls
from matcher.vocab import CQC_RATINGS, ORGANISATION_KINDS

Kind = code(ORGANISATION_KINDS)
Rating = code(CQC_RATINGS)


class Office(PlaceIn):
    """A place like any other (API.md, "Places, everywhere"): {"name"}, {"postcode"} or
    {"latitude", "longitude"}, resolved by the service; the answer adds `resolved`, which may be sent
    back with the rest of a GET's answer and is ignored (the service resolves the place again)."""

    resolved: dict[str, Any] | None = Field(
        default=None, description="read-only: answered by the service, ignored when sent back"
    )


class OrganisationFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(default="", max_length=5000)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=40)
    website: HttpUrl | None = None
    registered_provider: bool = False
    cqc_location_ids: list[str] = Field(default_factory=list, max_length=50)
    cqc_rating: Rating | None = None
    office: Office | None = None


class OrganisationCreate(OrganisationFields):
    name: str = Field(min_length=1, max_length=200)
    kinds: list[Kind] = Field(min_length=1)

    @field_validator("kinds")
    @classmethod
    def _distinct(cls, kinds: list[str]) -> list[str]:
        return sorted(set(kinds), key=ORGANISATION_KINDS.index)

    @field_validator("name")
    @classmethod
    def _clean_name(cls, name: str) -> str:
        return clean_name(name)


class OrganisationPatch(BaseModel):
    """Every field optional; only those sent change."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        return refuse_nulls(data, frozenset({"email", "phone", "website", "cqc_rating", "office"}))

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kinds: list[Kind] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=5000)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=40)
    website: HttpUrl | None = None
    registered_provider: bool | None = None
    cqc_location_ids: list[str] | None = None
    cqc_rating: Rating | None = None
    office: Office | None = None

    @field_validator("name")
    @classmethod
    def _clean_name(cls, name: str | None) -> str | None:
        return None if name is None else clean_name(name)


class OrganisationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kinds: list[str]
    description: str
    email: str | None
    phone: str | None
    website: str | None
    registered_provider: bool
    cqc_location_ids: list[str]
    cqc_rating: str | None
    cqc_imported_at: datetime | None = None  # i12: when `matcher import-cqc` last set the CQC facts
    office: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    deactivated_at: datetime | None = Field(
        default=None, description="Set when the organisation was deactivated (DELETE): kept for its history."
    )
