"""Request and answer shapes for users and tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from matcher.codes import code
from matcher.vocab import ROLES


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200)
    role: code(ROLES)  # type: ignore[valid-type]
    organisation_id: uuid.UUID | None = None


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    role: str
    organisation_id: uuid.UUID | None
    created_at: datetime


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
