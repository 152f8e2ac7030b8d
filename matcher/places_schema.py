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
        require_one_form(self)
        return self

    def as_query(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)


def require_one_form(place: PlaceIn) -> None:
    """Raise ValueError (a 422 naming the place) unless exactly one of the three forms is given."""
    forms = [
        place.name is not None,
        place.postcode is not None,
        place.latitude is not None or place.longitude is not None,
    ]
    if sum(forms) != 1 or ((place.latitude is None) != (place.longitude is None)):
        raise ValueError(PLACE_FORMS)
