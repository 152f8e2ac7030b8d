"""The person's own address, from the identity record, wherever it turns up in a text, in any casing.

The street-address detector needs a house number and capitalised street words, because in general
prose "3 times round the park" must stay. The person's own street is different: the record says
which street it is, so "14 elm grove", "14 ELM GROVE" or "still visits Elm Grove" can be matched as
that street however it is typed, with or without the house number.

Only the street line is matched: the town stays (a pen picture may say "near Loughborough") and the
postcode has its own detector, which turns it into its district.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from ._finding import ADDRESS, PATTERN, Finding, make
from .addresses import STREET_TYPES

#: A street type and the abbreviations people type for it ("Rd", "St"), each way round.
_ABBREVIATED: Final = {
    "road": ("rd",), "street": ("st",), "avenue": ("ave", "av"), "lane": ("ln",), "close": ("cl",),
    "drive": ("dr",), "crescent": ("cres",), "court": ("ct",), "gardens": ("gdns",), "place": ("pl",),
    "terrace": ("ter", "terr"), "square": ("sq",),
}
_SPELLED: Final = {short: full for full, shorts in _ABBREVIATED.items() for short in shorts}

#: A street named only by these first words ("High Street", "Station Road") is on every map: without the
#: house number beside it, it says nothing about where this person lives and is left alone.
_COMMON_FIRST_WORDS: Final = frozenset({
    "high", "church", "station", "main", "park", "mill", "school", "london", "victoria", "green",
    "the", "new", "north", "south", "east", "west", "market", "chapel", "manor", "queens", "kings",
})

_FLAT: Final = r"(?:(?:flat|apartment|apt\.?|unit|studio|suite)\s*\d{1,4}[a-z]?\s*,?\s*)"
_PARTS_RE: Final = re.compile(r"[,\n;]+")
_LINE_RE: Final = re.compile(
    rf"^\s*{_FLAT}?(?P<number>\d{{1,5}}[a-z]?)?\s*,?\s*(?P<street>[^\d].*?)\s*$", re.IGNORECASE
)


def _street_type_words(word: str) -> str:
    """The regex for a street type word as typed: "road" or "rd" (a full stop after it stays)."""
    full = _SPELLED.get(word, word)
    return "(?:" + "|".join(re.escape(f) for f in (full, *_ABBREVIATED.get(full, ()))) + ")"


def _street_pattern(number: str | None, words: list[str]) -> str | None:
    """The street, with its house number where the record has one; None for a common street named
    without its number (nothing to match it by)."""
    *name, kind = words
    street = r"[\s\-]+".join([*(re.escape(w) for w in name), _street_type_words(kind)])
    common = name[0] in _COMMON_FIRST_WORDS
    if number is None:
        return None if common else street
    numbered = rf"(?:{_FLAT}?(?:(?:number|no\.?)\s*)?{re.escape(number)}\s*,?\s*)"
    return rf"{numbered}{street}" if common else rf"{numbered}?{street}"


@lru_cache(maxsize=256)
def _address_pattern(address: str) -> re.Pattern[str] | None:
    """One pattern for every street line of a recorded address; None when it has none."""
    alternatives: list[str] = []
    for part in _PARTS_RE.split(address.lower()):
        line = _LINE_RE.match(part)
        if line is None:
            continue
        words = re.findall(r"[a-z'’]+", line["street"])
        if len(words) < 2 or _SPELLED.get(words[-1], words[-1]) not in STREET_TYPES:
            continue  # a town, a house name or a county: not a street line
        pattern = _street_pattern(line["number"], words)
        if pattern is not None:
            alternatives.append(pattern)
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w£$€])(?:{'|'.join(alternatives)})(?![\w'’])", re.IGNORECASE)


def find_known_addresses(text: str, addresses: Sequence[str]) -> list[Finding]:
    """Every mention of one of these recorded addresses' streets, as an ADDRESS finding."""
    findings: list[Finding] = []
    for address in addresses:
        pattern = _address_pattern(address.strip())
        if pattern is not None:
            findings.extend(
                make(ADDRESS, text, m.start(), m.end(), confidence=PATTERN) for m in pattern.finditer(text)
            )
    return findings
