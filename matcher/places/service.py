"""One entry point for "a place" in any request: a town name, a postcode, or coordinates.

Callers (properties, care offers, cases, search) hand over the JSON object as given and a field path for
errors; they get back a position plus `area`, the coarse name that may be shown to people who must not
see the exact location (postcode district, or town).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from geopy.distance import geodesic
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.errors import InvalidInput
from matcher.places import repository
from matcher.places.districts import district_position
from matcher.places.gazetteer import PlaceNotFound, get_gazetteer, quote_name
from matcher.places.postcodes import is_district, normalise_postcode, postcode_district

PLACE_FORMS = ('give one of {"name": "Loughborough"}, {"postcode": "LE11 3TU"} or '
               '{"latitude": 52.77, "longitude": -1.21}')
#: Generous UK bounds (Scilly to Shetland, Northern Ireland to Lowestoft); outside is almost always a
#: swapped latitude/longitude or a placeholder 0,0.
LATITUDE_RANGE = (49.0, 61.0)
LONGITUDE_RANGE = (-9.0, 3.0)
_FORM_KEYS = ("name", "postcode", "latitude", "longitude")


@dataclass(frozen=True)
class ResolvedPlace:
    name: str  # what to call it in evidence: "Loughborough", "LE11 3TU", "52.77, -1.21"
    latitude: float
    longitude: float
    area: str  # shareable coarse name: postcode district, town, or the nearest town to coordinates


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic (WGS84 ellipsoid) distance between two (latitude, longitude) points, in km."""
    return float(geodesic(a, b).km)


async def resolve_place(session: AsyncSession, place: Mapping[str, object], field: str) -> ResolvedPlace:
    """The position of `place`; InvalidInput naming `field` (e.g. "location") when it cannot be had.

    Keys other than the three forms ("label", "weight", "radius_km", ...) belong to the caller and are
    ignored here.
    """
    given = [key for key in _FORM_KEYS if place.get(key) is not None]
    name = place.get("name")
    if given == ["name"] and isinstance(name, str) and normalise_postcode(name) is not None:
        # a postcode in the name box, or a place answered as {"name": "LE11 3TU"} and sent back as it came
        # (found from outside: it was refused as an unknown town); no town's name holds a digit
        return await _by_postcode(session, name, field)
    if given == ["name"]:
        return _by_name(place["name"], field)
    if given == ["postcode"]:
        return await _by_postcode(session, place["postcode"], field)
    if given == ["latitude", "longitude"]:
        return _by_coordinates(place["latitude"], place["longitude"], field)
    path = f"{field}.latitude" if given == ["latitude"] else f"{field}.longitude" if given == ["longitude"] \
        else field
    raise InvalidInput.for_field(path, f"a place needs exactly one form: {PLACE_FORMS}")


def _by_name(value: object, field: str) -> ResolvedPlace:
    path = f"{field}.name"
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.for_field(path, f"the name of a UK town or city is expected; {PLACE_FORMS}")
    gazetteer = get_gazetteer()
    try:
        town = gazetteer.resolve(value)
    except PlaceNotFound as exc:
        hint = f"closest names: {', '.join(map(quote_name, exc.suggestions))}. " if exc.suggestions else ""
        raise InvalidInput.for_field(
            path, f"no UK town or city called {value.strip()!r} is known. {hint}Or {PLACE_FORMS}",
            suggestions=exc.suggestions) from None
    return ResolvedPlace(name=town.name, latitude=town.latitude, longitude=town.longitude, area=town.name)


async def _by_postcode(session: AsyncSession, value: object, field: str) -> ResolvedPlace:
    path = f"{field}.postcode"
    postcode = normalise_postcode(value) if isinstance(value, str) else None
    if postcode is None:
        raise InvalidInput.for_field(
            path, f'{value!r} is not a UK postcode (like "LE11 3TU", or the district "LE11"); {PLACE_FORMS}')
    district = postcode_district(postcode)
    found = await repository.find_postcode(session, postcode)
    if found is None and not is_district(postcode):
        found = await repository.find_postcode(session, district)  # a new postcode in a known district
    if found is None:
        found = district_position(district)  # the districts shipped with the package
    if found is None:
        raise InvalidInput.for_field(
            path, f"no UK postcode district is called {district}: check the postcode, or give the town "
                  f"instead; {PLACE_FORMS}")
    return ResolvedPlace(name=postcode, latitude=found[0], longitude=found[1], area=district)


def _by_coordinates(latitude: object, longitude: object, field: str) -> ResolvedPlace:
    values: list[float] = []
    for name, value, (low, high) in (("latitude", latitude, LATITUDE_RANGE),
                                     ("longitude", longitude, LONGITUDE_RANGE)):
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not math.isfinite(number) or not low <= number <= high:
            message = f"{name} must be a number from {low:g} to {high:g} (the UK); {PLACE_FORMS}"
            raise InvalidInput.for_field(f"{field}.{name}", message)
        values.append(float(number))
    lat, lon = values
    town = get_gazetteer().nearest(lat, lon)
    return ResolvedPlace(name=f"{lat:.4f}, {lon:.4f}", latitude=lat, longitude=lon, area=town.name)
