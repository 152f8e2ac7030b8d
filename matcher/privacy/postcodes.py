"""UK postcodes: full ones are identifying, districts are not (they are what matching runs on).

The pattern follows the Royal Mail format rules (which letters may stand in which position), so
"EC1A 1BB", "W1A 0AX" and "GIR 0AA" are found while look-alikes such as "AB1 1CI" are not. The
letters must also name one of the postcode areas that exist, so a case code such as "LEI-ae00ae" is
not read as "AE0 0AE" (there is no AE area).
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import PATTERN, POSTCODE, VALIDATED, Finding, make

_OUTWARD: Final = r"(?:GIR|[A-PR-UWYZ](?:[0-9][0-9A-HJKPS-UW]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?))"
_INWARD: Final = r"(?:[0-9][ABD-HJLNP-UW-Z]{2})"
# "LE11 3TU", "le113tu", and "LE11-3TU", "LE11/3TU", "LE11.3TU" (the two halves joined by one mark, as
# some forms and systems write them)
_FULL_RE: Final = re.compile(
    rf"(?<![A-Za-z0-9])({_OUTWARD})(?:[ \t]*|[-/.])({_INWARD})(?![A-Za-z0-9])", re.IGNORECASE
)
# "LE 11 3TU", "L E11 3TU": a space inside the outward code. The spaces are removed, then the whole is
# matched against the format rules again.
_SPACED_RE: Final = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[ \t]?[0-9][ \t]?[0-9A-Za-z]?)[ \t]{0,2}([0-9][ \t]?[A-Za-z]{2})"
    r"(?![A-Za-z0-9])"
)
# The Royal Mail's postcode areas (England, Scotland, Wales, Northern Ireland, the Channel Islands and the
# Isle of Man) and the non-geographic BF (British Forces) and BX (bulk mail).
_AREAS: Final = frozenset("""
    AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GIR GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL
    LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO
    SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""".split())
_AREA_RE: Final = re.compile(r"[A-Za-z]+")
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


def _is_real_area(outward: str) -> bool:
    """The letters before the first digit ("LE" of "LE11") name an area that exists."""
    letters = _AREA_RE.match(outward)
    return letters is not None and letters.group().upper() in _AREAS


def find_postcodes(text: str) -> list[Finding]:
    """Full postcodes only; each is replaced by its district so the area stays useful to providers."""
    findings: list[Finding] = []
    for m in _FULL_RE.finditer(text):
        if m.group(1).upper() == "GIR" and m.group(2).upper() != "0AA":
            continue
        if _looks_like_ordinal(m.group(1), m.group(2)) or not _is_real_area(m.group(1)):
            continue
        findings.append(make(POSTCODE, text, m.start(), m.end(), m.group(1).upper(), VALIDATED))
    for m in _SPACED_RE.finditer(text):
        if any(f.start <= m.start() < f.end for f in findings):
            continue
        outward = re.sub(r"\s", "", m.group(1))
        inward = re.sub(r"\s", "", m.group(2))
        if not m.group().isupper() or not _WHOLE_FULL_RE.fullmatch(outward + " " + inward) \
                or not _is_real_area(outward):
            continue  # a lower-case "a 1 2 bd" is more likely prose than a spaced-out postcode
        if _FULL_RE.fullmatch(outward + " " + inward) and " " in m.group(1):
            findings.append(make(POSTCODE, text, m.start(), m.end(), outward.upper(), PATTERN))
    return findings
