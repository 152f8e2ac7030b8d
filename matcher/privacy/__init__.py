"""Pen-picture anonymiser: finds the identifiers DOMAIN.md's privacy rules forbid in shareable text.

Pure Python (no web or database imports) so the API, scripts and tests can all call it directly.
"""

from __future__ import annotations

from ._finding import (
    ADDRESS,
    CHECK_BELOW,
    DATE,
    EMAIL,
    IDENTIFIER_TYPES,
    LABELS,
    NHS_NUMBER,
    NINO,
    PERSON,
    PHONE,
    POSTCODE,
    WORDS,
    Finding,
    in_words,
)
from .addresses import find_addresses
from .core import anonymise, anonymise_async, detect_identifiers, find_identifiers, redact
from .dates import could_be, find_dates
from .emails import find_emails
from .known_numbers import find_known_numbers
from .names import find_names, known_name_parts
from .nhs import find_nhs_numbers, is_valid_nhs_number
from .nino import find_ninos, is_valid_nino
from .phones import find_phone_numbers
from .postcodes import find_postcodes, normalise_postcode, postcode_district

__all__ = [
    "ADDRESS",
    "CHECK_BELOW",
    "DATE",
    "EMAIL",
    "IDENTIFIER_TYPES",
    "LABELS",
    "NHS_NUMBER",
    "NINO",
    "PERSON",
    "PHONE",
    "POSTCODE",
    "WORDS",
    "Finding",
    "anonymise",
    "anonymise_async",
    "detect_identifiers",
    "find_addresses",
    "could_be",
    "find_dates",
    "find_emails",
    "find_identifiers",
    "find_known_numbers",
    "find_names",
    "find_nhs_numbers",
    "find_ninos",
    "in_words",
    "find_phone_numbers",
    "find_postcodes",
    "is_valid_nhs_number",
    "is_valid_nino",
    "known_name_parts",
    "normalise_postcode",
    "postcode_district",
    "redact",
]
