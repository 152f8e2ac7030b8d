"""Street addresses: a house number, capitalised street words and a street suffix.

Requiring both the number and a capitalised suffix keeps "3 times round the park" and "Victoria Park"
out, at the cost of missing addresses typed all in lower case.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import ADDRESS, Finding, make

_SUFFIXES: Final = (
    "Road", "Rd", "Street", "St", "Avenue", "Ave", "Lane", "Ln", "Close", "Cl", "Drive", "Dr", "Way",
    "Crescent", "Cres", "Court", "Ct", "Gardens", "Gdns", "Place", "Pl", "Terrace", "Ter", "Terr", "Grove",
    "Walk", "Row", "Hill", "Park", "View", "Square", "Sq", "Mews", "Rise", "Green", "Parade", "Vale",
    "Wharf", "Yard", "Chase", "Croft", "Fold", "Gate", "Meadow", "Meadows", "Mount", "Approach",
    "Boulevard", "Circus", "Crossing", "Field", "Fields", "Glade", "Heights", "Hollow", "Leys", "Orchard",
    "Paddock", "Passage", "Ride", "Spinney", "Villas", "Wynd", "Brow", "Bank", "Embankment",
)
_ABBREVIATIONS: Final = frozenset(
    {"Rd", "St", "Ave", "Ln", "Cl", "Dr", "Cres", "Ct", "Gdns", "Pl", "Ter", "Terr", "Sq"}
)
_SUFFIX: Final = (
    "(?:" + "|".join(sorted((s for s in _SUFFIXES if s not in _ABBREVIATIONS), key=len, reverse=True))
    + "|(?:" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")(?:\.(?=,|\s+[a-z0-9]))?)"
)
_STREET_WORD: Final = r"(?:St\.?\s+)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_FLAT: Final = r"(?:(?:Flat|Apartment|Apt\.?|Unit|Room)\s+\d+[A-Za-z]?,?\s+)"
_HOUSE_NUMBER: Final = r"\d{1,4}[A-Za-z]?(?:\s*[-–]\s*\d{1,4})?"
_ADDRESS_RE: Final = re.compile(
    rf"(?<![\w£$€.,/])(?:{_FLAT}?{_HOUSE_NUMBER},?\s+(?:{_STREET_WORD}\s+){{1,3}}{_SUFFIX})"
    r"(?![A-Za-z0-9])"
)


def find_addresses(text: str) -> list[Finding]:
    """Street lines only; the postcode and town that may follow are handled as postcode and left as area."""
    return [make(ADDRESS, text, m.start(), m.end()) for m in _ADDRESS_RE.finditer(text)]
