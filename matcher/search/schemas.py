"""Search request and answer shapes (API.md, Search)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from matcher.cases.schemas import CaseCriteria
from matcher.scoring import SearchOutcome
from matcher.validation import field_error


class SearchOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float] | None = Field(
        default=None,
        description="criterion -> weight (>= 0); missing criteria weigh 0; normalised to sum to 1",
    )
    limit: int = Field(default=10, ge=1, le=100)


class InlineSearch(CaseCriteria, SearchOptions):
    """`POST /search`: the case's criteria inline, nothing stored."""


class ExplainTarget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation_id: uuid.UUID | None = None
    property_id: uuid.UUID | None = None
    weights: dict[str, float] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ExplainTarget:
        if (self.organisation_id is None) == (self.property_id is None):
            raise field_error("organisation_id", "give exactly one of organisation_id or property_id")
        return self


class InlineExplain(CaseCriteria, ExplainTarget):
    """`POST /search/explain`: the case inline plus one candidate."""


class CriterionOut(BaseModel):
    criterion: str
    score: float
    weight: float
    evidence: str


class CareResultOut(BaseModel):
    organisation_id: str
    name: str
    score: float
    distance_km: float
    pbs_level: int
    criteria: list[CriterionOut]


class HomeResultOut(BaseModel):
    property_id: str
    organisation_id: str
    title: str
    score: float
    distance_km: float
    criteria: list[CriterionOut]


class PackageResultOut(BaseModel):
    organisation_id: str
    property_id: str
    score: float
    kind: str
    criteria: list[CriterionOut]


class NearMissOut(BaseModel):
    reason: str
    evidence: str
    would_fit_if: str
    property_id: str | None = None
    organisation_id: str | None = None


class SearchAnswer(BaseModel):
    care: list[CareResultOut]
    housing: list[HomeResultOut]
    packages: list[PackageResultOut]
    excluded: dict[str, dict[str, int]]
    near_misses: list[NearMissOut]
    weights: dict[str, float]
    took_ms: float
    search_id: uuid.UUID | None = None


@dataclass
class SearchAnswerData(SearchOutcome):
    """What a search answers, as written on the wire (`SearchAnswer` documents the same shape): the
    scoring module's outcome as it is, since its fields are the answer's, plus the timing and the
    record's id, written by pydantic-core from a schema known in advance (`SEARCH_ANSWER_JSON`).
    Copying the results into dicts and writing those had been the largest part of the HTTP layer's cost."""

    #: A NaN or an infinity is written as such, for `FastJSONResponse` to refuse (not turned into null).
    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(ser_json_inf_nan="constants")

    took_ms: float
    search_id: str | None


SEARCH_ANSWER_JSON: TypeAdapter[SearchAnswerData] = TypeAdapter(SearchAnswerData)


class FailureOut(BaseModel):
    reason: str
    evidence: str


class ExplainAnswer(BaseModel):
    eligible: bool
    failed: list[FailureOut]
    criteria: list[CriterionOut]


class SearchRecordOut(BaseModel):
    """What a search showed on the day: ranked ids with scores, the weights, who ran it and when."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    user_id: uuid.UUID | None
    at: datetime
    weights: dict[str, float]
    results: dict[str, Any]
    took_ms: float
