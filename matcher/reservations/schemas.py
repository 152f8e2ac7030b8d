"""Reservation shapes (API.md, "Contacts and reservations")."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ReservationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID


class LetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=5000)


class PropertyStatusOut(BaseModel):
    """A home's status after a reservation change; `case_id` is the case holding it, if any."""

    property_id: uuid.UUID
    title: str
    area: str
    status: str
    case_id: uuid.UUID | None
    updated_at: datetime


class CaseHomeEventOut(BaseModel):
    """One change of a home held for a case, for the case's timeline."""

    property_id: uuid.UUID
    title: str
    area: str
    from_status: str | None
    to_status: str
    at: datetime
