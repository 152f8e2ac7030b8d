"""The place a request names: a town, a postcode, or coordinates (exactly one of them)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

PLACE_FORMS = (
    'give one of {"name": "Loughborough"}, {"postcode": "LE11 3TU"} '
    'or {"latitude": 52.77, "longitude": -1.21}'
)


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    postcode: str | None = Field(default=None, min_length=2, max_length=10)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _exactly_one_form(self) -> PlaceIn:
        forms = [
            self.name is not None,
            self.postcode is not None,
            self.latitude is not None or self.longitude is not None,
        ]
        if sum(forms) != 1 or ((self.latitude is None) != (self.longitude is None)):
            raise ValueError(PLACE_FORMS)
        return self

    def as_query(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)
