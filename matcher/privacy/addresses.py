"""Street addresses: a house or flat number, capitalised street words and a street type.

Requiring both the number and a capitalised street type keeps "3 times round the park" and "Victoria
Park" out. A street typed all in one case ("22 kingsway road") is caught by a narrower rule: a number,
one or two words that are not quantities or function words, and a street type rarely used otherwise.
The street types are the British ones below plus the USPS list that `pyap` ships ("Branch", "Views",
"Keys", "Mall", "Overpass"…); pyap's own parser then adds whole British, US and Canadian addresses
(street, town, postcode or ZIP), keeping only those that start with a house or flat number, as its
looser matches include ordinary prose.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import ADDRESS, PATTERN, Finding, make

_SUFFIXES: tuple[str, ...] = (
    "Road", "Rd", "Street", "St", "Avenue", "Ave", "Lane", "Ln", "Close", "Cl", "Drive", "Dr", "Way",
    "Crescent", "Cres", "Court", "Ct", "Gardens", "Gdns", "Place", "Pl", "Terrace", "Ter", "Terr", "Grove",
    "Walk", "Row", "Hill", "Park", "View", "Square", "Sq", "Mews", "Rise", "Green", "Parade", "Vale",
    "Wharf", "Yard", "Chase", "Croft", "Fold", "Gate", "Meadow", "Meadows", "Mount", "Approach",
    "Boulevard", "Circus", "Crossing", "Field", "Fields", "Glade", "Heights", "Hollow", "Leys", "Orchard",
    "Paddock", "Passage", "Ride", "Spinney", "Villas", "Wynd", "Brow", "Bank", "Embankment",
)

def _usps_street_types() -> tuple[str, ...]:
    """pyap's USPS street types that are whole words (its list also holds regex fragments)."""
    from pyap.source_US.data import street_type_list

    return tuple(t for t in street_type_list if t.isalpha() and len(t) >= 3 and t[0].isupper())


_SUFFIXES = tuple(dict.fromkeys(_SUFFIXES + _usps_street_types()))
#: Every street type, lower-cased: a capitalised word beside one is part of a street or place name.
STREET_TYPES: Final = frozenset(t.lower() for t in _SUFFIXES)
_ABBREVIATIONS: Final = frozenset(
    {"Rd", "St", "Ave", "Ln", "Cl", "Dr", "Cres", "Ct", "Gdns", "Pl", "Ter", "Terr", "Sq"}
)
_SUFFIX: Final = (
    "(?:" + "|".join(sorted((s for s in _SUFFIXES if s not in _ABBREVIATIONS), key=len, reverse=True))
    + "|(?:" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")(?:\.(?=,|\s+[a-z0-9]))?)"
)
# "Ashby", "St Peter's", "McCafferky", "MacAloon", "O'Hagan", "de Courcey", "Ashby-de-la-Zouch"
_STREET_WORD: Final = (
    r"(?:St\.?\s+|(?:de|van|von|la|le|du|da|di)\s+)?(?:Mc|Mac|O['’])?[A-Z][a-z'’]+(?:-[A-Za-z][a-z'’]+)*"
)
_FLAT: Final = r"(?:(?:Flat|Apartment|Apt\.?|Unit|Room|Studio|Suite)\s+\d+[A-Za-z]?,?\s+)"
# "Flat 98R, Toby Squares", "Studio 35, Toby Squares": a flat number can stand in for the house number.
_FLAT_ONLY: Final = r"(?:(?:Flat|Apartment|Apt\.?|Unit|Studio)\s+\d+[A-Za-z]{0,2})"
_UNIT_AFTER: Final = r"(?:,?\s+(?:Apt\.?|Suite|Flat|Unit)\s+\d+[A-Za-z]?)?"
_HOUSE_NUMBER: Final = r"\d{1,5}[A-Za-z]?(?:\s*[-–]\s*\d{1,4})?"
_ADDRESS_RE: Final = re.compile(
    rf"(?<![\w£$€.,/])(?:(?:{_FLAT}?{_HOUSE_NUMBER}|{_FLAT_ONLY}),?\s+(?:{_STREET_WORD}\s+){{1,3}}{_SUFFIX}"
    rf"{_UNIT_AFTER})(?![A-Za-z0-9])(?:,\s*(?!(?:Mum|Dad|Nan|He|She|They|His|Her|The)\b)(?:Mc|Mac|O['’])?[A-Z][a-z'’-]+"
    r"(?:\s[A-Z][a-z'’-]+)?\b)?"
)
_STARTS_WITH_NUMBER_RE: Final = re.compile(r"^(?:\d|(?:Flat|Apartment|Apt|Unit|Studio|Suite)\b)",
                                           re.IGNORECASE)
_PYAP_COUNTRIES: Final = ("GB", "US")
#: pyap's looser matches run on into the prose ("1996 in Leicester. The flat is at", "2058 She lives
#: near"): an address does not cross the end of a sentence, end on a lower-case word or hold a
#: pronoun or a form of "to be".
_PROSE_RE: Final = re.compile(
    r"[a-z]{2}\.\s+[A-Z]|(?<![\w'’-])[a-z]+[\s,.]*$|\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|is|are|was|were)\b"
)


def _windows(text: str, found: list[Finding]) -> list[tuple[int, int]]:
    """Stretches of text that could hold an address (a number, then a capitalised word), merged.

    pyap's patterns are slow over a whole pen picture (about 80 ms for 2,000 characters), and an
    address that starts with a number can only start at one of these places.
    """
    spans: list[tuple[int, int]] = []
    for m in _CANDIDATE_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue  # the street pattern already has this one
        start, end = m.start(), min(len(text), m.start() + _WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


_CANDIDATE_RE: Final = re.compile(
    r"(?<![\w£$€.,/])(?<!\d )"
    r"(?:\d{1,5}[A-Za-z]?|(?:Flat|Apartment|Apt|Unit|Studio|Suite)\s+\d{1,4}[A-Za-z]{0,2}),?\s+[A-Z]"
)
_WINDOW: Final = 160


def _pyap_addresses(text: str, found: list[Finding]) -> list[Finding]:
    import pyap

    findings: list[Finding] = []
    for lo, hi in _windows(text, found):
        window = text[lo:hi]
        for country in _PYAP_COUNTRIES:
            for address in pyap.parse(window, country=country):
                start, end = address.match_start, address.match_end
                if start is None or end is None:
                    continue
                span = window[start:end]
                stripped = span.lstrip(" ,\n")
                start += len(span) - len(stripped)
                own_start = start == 0 or not window[start - 1].isalnum()
                if _STARTS_WITH_NUMBER_RE.match(stripped) and own_start and not _PROSE_RE.search(stripped):
                    findings.append(make(ADDRESS, text, lo + start, lo + end, confidence=PATTERN))
    return findings


#: Street lines typed in one case ("22 kingsway road", "14 ELM GROVE"): a house number, one or two words
#: and a street type that is rarely anything else in prose. Quantities ("a 10 minute drive", "2 miles down
#: the lane") and function words may not be the street's words.
_PLAIN_TYPES: Final = (
    "road", "street", "avenue", "lane", "close", "drive", "crescent", "gardens", "terrace", "grove", "mews",
    "square",
)
_NOT_STREET_WORDS: Final = (
    "the", "a", "an", "in", "on", "at", "of", "to", "from", "down", "up", "along", "into", "by", "for",
    "with", "and", "or", "his", "her", "their", "my", "our", "your", "its", "this", "that", "is", "was",
    "are", "were", "per", "each", "every", "more", "less", "than", "minute", "minutes", "min", "mins",
    "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months", "year", "years",
    "time", "times", "mile", "miles", "km", "kilometres", "metre", "metres", "yard", "yards", "step",
    "steps", "staff", "people", "night", "nights", "session", "sessions", "visit", "visits", "bed",
    "beds", "bedroom", "bedrooms", "room", "rooms", "floor", "floors", "storey", "pounds", "percent",
    "car", "cars", "bus", "buses", "door", "doors", "house", "houses", "hospital", "am", "pm",
)
_WORD_NOT_OF_PROSE: Final = rf"(?!(?:{'|'.join(_NOT_STREET_WORDS)})\b)[a-z][a-z'’-]+"
_ONE_CASE_STREET_RE: Final = re.compile(
    rf"(?<![\w£$€.,/:])\d{{1,4}}[a-z]?,?\s+{_WORD_NOT_OF_PROSE}(?:\s+{_WORD_NOT_OF_PROSE})?"
    rf"\s+(?:{'|'.join(_PLAIN_TYPES)})(?![\w'’-])",
    re.IGNORECASE,
)


def find_addresses(text: str) -> list[Finding]:
    """Street lines, and whole addresses pyap recognises; the caller keeps the longest of overlaps."""
    if not _DIGIT_RE.search(text):
        return []
    found = [make(ADDRESS, text, m.start(), m.end(), confidence=PATTERN) for m in _ADDRESS_RE.finditer(text)]
    found += [
        make(ADDRESS, text, m.start(), m.end(), confidence=PATTERN)
        for m in _ONE_CASE_STREET_RE.finditer(text)
        if not any(f.start <= m.start() < f.end for f in found)
    ]
    return found + _pyap_addresses(text, found)


_DIGIT_RE: Final = re.compile(r"\d")
