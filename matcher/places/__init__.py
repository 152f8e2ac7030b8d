"""Places: UK towns by name (built-in gazetteer), postcodes (imported data), coordinates, distances."""

from matcher.places.gazetteer import Gazetteer, PlaceNotFound, Town, get_gazetteer, load_gazetteer
from matcher.places.importer import ImportReport, import_postcodes
from matcher.places.postcodes import (
    ParsedRow,
    Skipped,
    UnknownPostcodeFormat,
    iter_postcode_rows,
    normalise_postcode,
    postcode_district,
)
from matcher.places.service import PLACE_FORMS, ResolvedPlace, distance_km, resolve_place
from matcher.places.words import place_error_for_people

__all__ = [
    "PLACE_FORMS",
    "Gazetteer",
    "ImportReport",
    "ParsedRow",
    "PlaceNotFound",
    "ResolvedPlace",
    "Skipped",
    "Town",
    "UnknownPostcodeFormat",
    "distance_km",
    "get_gazetteer",
    "import_postcodes",
    "iter_postcode_rows",
    "load_gazetteer",
    "normalise_postcode",
    "place_error_for_people",
    "postcode_district",
    "resolve_place",
]
