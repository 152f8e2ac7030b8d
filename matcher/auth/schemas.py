"""Request and answer shapes for users and tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from matcher.auth.policy import password_problem
from matcher.codes import code
from matcher.validation import field_error
from matcher.vocab import ROLES


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Field(min_length=10, max_length=200)
    role: code(ROLES)  # type: ignore[valid-type]
    organisation_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _strong_password(self) -> UserCreate:
        problem = password_problem(self.password, email=str(self.email))
        if problem:
            raise field_error("password", f"password {problem}")
        return self


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
