"""UK postcodes: full ones are identifying, districts are not (they are what matching runs on).

The pattern follows the Royal Mail format rules (which letters may stand in which position), so
"EC1A 1BB", "W1A 0AX" and "GIR 0AA" are found while look-alikes such as "AB1 1CI" are not.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import PATTERN, POSTCODE, VALIDATED, Finding, make

_OUTWARD: Final = r"(?:GIR|[A-PR-UWYZ](?:[0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?))"
_INWARD: Final = r"(?:[0-9][ABD-HJLNP-UW-Z]{2})"
_FULL_RE: Final = re.compile(rf"(?<![A-Za-z0-9])({_OUTWARD})[ \t]*({_INWARD})(?![A-Za-z0-9])", re.IGNORECASE)
# "LE 11 3TU", "L E11 3TU": a space inside the outward code. The spaces are removed, then the whole is
# matched against the format rules again.
_SPACED_RE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[ \t]?[0-9][ \t]?[0-9A-Za-z]?)[ \t]{0,2}([0-9][ \t]?[A-Za-z]{2})"
    r"(?![A-Za-z0-9])"
)
_WHOLE_FULL_RE: Final = re.compile(rf"({_OUTWARD})\s*({_INWARD})", re.IGNORECASE)
_WHOLE_DISTRICT_RE: Final = re.compile(_OUTWARD, re.IGNORECASE)


def normalise_postcode(text: str) -> str | None:
    """Canonical "LE11 3TU" / "LE11" form, so stored postcodes compare equal however they were typed."""
    value = text.strip()
    m = _WHOLE_FULL_RE.fullmatch(value)
    if m:
        if m.group(1).upper() == "GIR" and m.group(2).upper() != "0AA":
            return None
        return f"{m.group(1).upper()} {m.group(2).upper()}"
    if _WHOLE_DISTRICT_RE.fullmatch(value) and value.upper() != "GIR":
        return value.upper()
    return None


def postcode_district(postcode: str) -> str:
    """The outward code: coarse enough to share, fine enough to match people to places."""
    normal = normalise_postcode(postcode)
    if normal is None:
        raise ValueError(f"not a UK postcode: {postcode!r}")
    return normal.split(" ")[0]


def _looks_like_ordinal(outward: str, inward: str) -> bool:
    """"M1 2nd exit": a capitalised road number followed by a lower-case ordinal is not a postcode."""
    return inward.lower() in {"1st", "2nd", "3rd"} and inward.islower() and outward.isupper()


def find_postcodes(text: str) -> list[Finding]:
    """Full postcodes only; each is replaced by its district so the area stays useful to providers."""
    findings: list[Finding] = []
    for m in _FULL_RE.finditer(text):
        if m.group(1).upper() == "GIR" and m.group(2).upper() != "0AA":
            continue
        if _looks_like_ordinal(m.group(1), m.group(2)):
            continue
        findings.append(make(POSTCODE, text, m.start(), m.end(), m.group(1).upper(), VALIDATED))
    for m in _SPACED_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in findings):
            continue
        outward = re.sub(r"\s", "", m.group(1))
        inward = re.sub(r"\s", "", m.group(2))
        if not m.group().isupper() or not _WHOLE_FULL_RE.fullmatch(outward + " " + inward):
            continue  # a lower-case "a 1 2 bd" is more likely prose than a spaced-out postcode
        if _FULL_RE.fullmatch(outward + " " + inward) and " " in m.group(1):
            findings.append(make(POSTCODE, text, m.start(), m.end(), outward.upper(), PATTERN))
    return findings
