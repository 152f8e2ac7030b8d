"""NHS numbers: ten digits whose modulus-11 check digit holds.

The check digit is what separates an NHS number from any other ten-digit run (a phone number, a
reference), so python-stdnum's maintained `stdnum.gb.nhs` validator decides, not a pattern alone.
"""

from __future__ import annotations

import re
from typing import Final

from stdnum.gb import nhs as _stdnum_nhs

from ._finding import LIKELY, NHS_NUMBER, VALIDATED, Finding, make

# Ten digits in any grouping ("943 476 5919", "9434 765 919", "94 34 76 59 19", "943  476  5919"), with
# spaces, tabs, hyphens, dots, slashes or brackets between groups ("943.476.5919", "(943) 476 5919");
# the separators are removed and the check digit decides. A run may be glued to letters or punctuation
# ("NHS/9434765919", "ID-9434765919") but not continue a longer number ("12-9434765919", "+44…").
_NHS_RE: Final = re.compile(
    r"(?<![\d+])(?<!\d[\-./])\(?\d(?:[ \t\-./()]{0,3}\d){9}(?![\d])(?![ \t\-./]\d)"
)


def is_valid_nhs_number(value: str) -> bool:
    """True when the digits (spaces/hyphens ignored) form a check-digit-valid NHS number."""
    return bool(_stdnum_nhs.is_valid(value))


def find_nhs_numbers(text: str) -> list[Finding]:
    """Only check-digit-valid runs count: a near-miss is more likely a phone number or a typo."""
    return [make(NHS_NUMBER, text, m.start(), m.end(), confidence=_confidence(text, m.start()))
            for m in _NHS_RE.finditer(text) if is_valid_nhs_number(re.sub(r"\D", "", m.group()))]


_NHS_CUE_RE: Final = re.compile(r"\bNHS\b|health", re.IGNORECASE)


def _confidence(text: str, start: int) -> float:
    """One ten-digit run in eleven passes the check by chance, so "NHS" just before it makes it sure;
    without it a phone detector that saw "call" or "tel" before the digits wins the overlap."""
    return VALIDATED if _NHS_CUE_RE.search(text, max(0, start - 40), start) else LIKELY
