"""Request and answer shapes (API.md: "Allocation" and "Market gaps")."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Objective = Literal["most_people_then_score", "total_score"]


class AllocationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_ids: list[uuid.UUID] = Field(
        min_length=1, max_length=200, description="open cases of your organisation"
    )
    objective: Objective = "most_people_then_score"

    @field_validator("case_ids")
    @classmethod
    def _distinct(cls, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(ids)) != len(ids):
            raise ValueError("each case may be given once")
        return ids


class AssignmentOut(BaseModel):
    case_id: uuid.UUID
    reference: str
    organisation_id: str
    property_id: str
    kind: str
    score: float
    best_alone_score: float
    regret: float


class UnassignedOut(BaseModel):
    case_id: uuid.UUID
    reference: str
    reason: str


class AllocationAnswer(BaseModel):
    assignments: list[AssignmentOut]
    unassigned: list[UnassignedOut]
    total_score: float
    people_matched: int
    objective: Objective
    took_ms: float


class CountsOut(BaseModel):
    care: int
    housing: int
    packages: int


class BlockingOut(BaseModel):
    reason: str
    kind: str = Field(description="care or housing: which candidates the constraint removes")
    candidates: int = Field(description="removed by this constraint (they may break others too)")
    only_this: int = Field(description="removed by this constraint alone")


class UnlockOut(BaseModel):
    change: str = Field(description='readable: "max_distance_km 30 → 45 adds 4 homes"')
    field: str
    before: str = Field(serialization_alias="from")
    after: str = Field(serialization_alias="to")
    adds: CountsOut


class CaseGapsOut(BaseModel):
    case_id: uuid.UUID | None = Field(
        description="null for admins: cases are shown aggregated, never identified"
    )
    reference: str | None
    area: str = Field(description="the district or town of the case's first place")
    eligible: CountsOut
    blocking: list[BlockingOut]
    unlocks: list[UnlockOut]


class UnmetNeedOut(BaseModel):
    need: str = Field(description='"a bungalow with a staff bedroom within 30 km of Loughborough"')
    kind: str = Field(description="care, housing or package")
    area: str
    cases: int


class AreaSupplyOut(BaseModel):
    area: str
    waiting: int = Field(description="open cases whose first place is here")
    without_package: int
    available_homes: int = Field(description="available homes listed in this area")
    care_with_capacity: int = Field(
        description="care providers with capacity naming this area in their service area"
    )


class MarketGapsAnswer(BaseModel):
    cases: list[CaseGapsOut]
    unmet_needs: list[UnmetNeedOut]
    areas: list[AreaSupplyOut]
    took_ms: float
