"""The authenticated person as services see it: role and organisation, nothing web-specific."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: uuid.UUID
    role: str
    organisation_id: uuid.UUID | None
    email: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def belongs_to(self, organisation_id: uuid.UUID | None) -> bool:
        return organisation_id is not None and self.organisation_id == organisation_id


@dataclass(frozen=True, slots=True)
class Identity:
    """An active user as an API request finds them, and when they last signed out (Unix time)."""

    actor: Actor
    signed_out_at: float | None

    def admits(self, issued_at: float) -> bool:
        """Signing out refuses every token issued before it, as it does every page session."""
        return self.signed_out_at is None or issued_at >= self.signed_out_at
