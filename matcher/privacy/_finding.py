"""The one record every detector emits, so redaction and the API never care which detector spoke."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

PERSON: Final = "PERSON"
NHS_NUMBER: Final = "NHS_NUMBER"
POSTCODE: Final = "POSTCODE"
DATE: Final = "DATE"
PHONE: Final = "PHONE"
EMAIL: Final = "EMAIL"
NINO: Final = "NINO"
ADDRESS: Final = "ADDRESS"

#: Every identifier type, in the order used to break ties between overlapping findings of equal length:
#: earlier types are more specific (a check-digit-valid NHS number beats a phone-shaped reading of it).
IDENTIFIER_TYPES: Final = (NHS_NUMBER, NINO, EMAIL, POSTCODE, PHONE, DATE, ADDRESS, PERSON)

#: Bracketed labels keep the redacted sentence readable for a provider: they learn *that* something was
#: there without learning what it was. Postcodes are the exception (they become their district).
LABELS: Final = {
    PERSON: "[name]",
    NHS_NUMBER: "[NHS number]",
    DATE: "[date]",
    PHONE: "[phone number]",
    EMAIL: "[email]",
    NINO: "[NI number]",
    ADDRESS: "[address]",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier found in free text; offsets let the UI highlight it and the commissioner fix it."""

    type: str
    start: int
    end: int
    text: str
    replacement: str


def make(kind: str, text: str, start: int, end: int, replacement: str | None = None) -> Finding:
    """Build a finding from offsets so the matched text can never drift from the span."""
    return Finding(kind, start, end, text[start:end], LABELS[kind] if replacement is None else replacement)
