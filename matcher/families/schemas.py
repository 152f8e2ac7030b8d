"""Family shapes (API.md, "Families"): what a family member sees is deliberately small."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InvitationIn(_Strict):
    email: EmailStr


class InvitationOut(BaseModel):
    """The token is shown once, to the inviting commissioner, so the invitation works without email."""

    token: str
    expires_at: datetime
    email: str
    accept_url: str


class AcceptIn(_Strict):
    password: str = Field(min_length=10, max_length=200)


class AcceptOut(BaseModel):
    user_id: uuid.UUID
    email: str
    case_id: uuid.UUID
    created: bool = Field(description="False when an existing family account was given access to this case.")


class ProviderContactedOut(BaseModel):
    name: str
    contacted_on: date | None
    status: str
    reason: str | None


class HousingOptionOut(BaseModel):
    title: str
    area: str
    #: A contact status, or `reserved` / `let` / `released` once the home was held for this case.
    status: str


class SuggestionIn(_Strict):
    provider_name: str = Field(min_length=2, max_length=200)
    note: str = Field(default="", max_length=5000)


class SuggestionOut(BaseModel):
    id: uuid.UUID
    provider_name: str
    note: str
    created_at: datetime


class FamilyViewOut(BaseModel):
    reference: str
    providers_contacted: list[ProviderContactedOut]
    housing_options: list[HousingOptionOut]
    suggestions: list[SuggestionOut]


class InvitationSummaryOut(BaseModel):
    """An invitation as its case's commissioners see it later: never the token (it was shown once)."""

    id: uuid.UUID
    email: str
    #: `sent` (waiting), `accepted`, `expired`, or `removed` (accepted, then the family member's access
    #: to the case was removed).
    state: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    access_removed_at: datetime | None = None
