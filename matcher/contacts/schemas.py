"""Contact and referral shapes (API.md, "Contacts and reservations")."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matcher.codes import code
from matcher.contacts.transitions import INITIAL_STATUSES
from matcher.vocab import CONTACT_STATUSES, DECLINE_REASONS

ContactStatus = code(CONTACT_STATUSES)
InitialStatus = code(INITIAL_STATUSES)
DeclineReason = code(DECLINE_REASONS)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactIn(_Strict):
    organisation_id: uuid.UUID
    property_id: uuid.UUID | None = None
    status: InitialStatus = "contacted"  # type: ignore[valid-type]
    note: str | None = Field(default=None, max_length=5000)


class ContactPatch(_Strict):
    status: ContactStatus  # type: ignore[valid-type]
    reason: DeclineReason | None = None  # type: ignore[valid-type]
    note: str | None = Field(default=None, max_length=5000, description=(
        "A provider's note is seen by the commissioner; a commissioner's note is internal (never shown to "
        "the provider), except its answer to a request for more information (the move from "
        "`more_info_requested` back to `contacted`), which the provider reads. Families see no notes. "
        "Screened for identifiers, the case's known names and address among them."))
    version: int | None = Field(default=None, ge=1, description=(
        "The version you last saw; when given, the change is refused (409) if the contact changed since."))


class ContactEventOut(BaseModel):
    from_status: str | None
    to_status: str
    reason: str | None
    note: str | None
    by_role: str | None
    #: The user who made the change; shown to the case's commissioners only.
    by_user_id: uuid.UUID | None
    at: datetime


class PropertyRef(BaseModel):
    id: uuid.UUID
    title: str | None
    area: str | None


class ContactOut(BaseModel):
    """The commissioner's view of one contact."""

    id: uuid.UUID
    case_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation_name: str
    #: Deactivated since: it can no longer answer, and its homes are off the market.
    organisation_active: bool = True
    property: PropertyRef | None
    status: str
    reason: str | None
    shared_at: datetime | None
    version: int
    #: What this caller may move the contact to now (transitions.TRANSITIONS).
    allowed_transitions: list[str]
    history: list[ContactEventOut]
    created_at: datetime
    updated_at: datetime


class PlaceOut(BaseModel):
    name: str
    label: str | None = None


class ReferralOut(BaseModel):
    """What a provider sees of a case shared with it: the anonymised pen picture, the case's reference
    (screened when saved: it never names the person, so both sides can quote it) and what it needs to
    judge it; never the identity record or other providers' answers."""

    id: uuid.UUID = Field(description="The referral id: the contact's id.")
    reference: str = Field(description="The case's reference, to quote to the commissioner.")
    commissioner_organisation: str
    property: PropertyRef | None
    status: str
    reason: str | None
    shared_at: datetime | None
    version: int
    allowed_transitions: list[str]
    #: None (with no places, distance or move date) once the contact is withdrawn or declined.
    pen_picture: dict[str, Any] | None
    housing_spec: dict[str, Any] | None
    places: list[PlaceOut]
    max_distance_km: float | None
    target_move_date: date | None
    history: list[ContactEventOut]
