"""UK phone numbers, found by Google's libphonenumber port (`phonenumbers`), which knows the numbering plan.

VALID leniency misses Ofcom's drama ranges and numbers not yet allocated, yet a care co-ordinator's
typo'd or fictional number is still a number to hide; so POSSIBLE matches are kept when they are
unmistakably written as UK numbers (leading 0, +44 or 0044). Nobody writes a UK phone number without
its trunk 0 or a +, so such matches (often references) are dropped. A small fallback pattern catches
what the matcher declines, such as numbers split by unusual spacing.
"""

from __future__ import annotations

import re
from typing import Final

import phonenumbers

from ._finding import PHONE, Finding, make

_UK_PREFIX_RE: Final = re.compile(r"^(?:\(?0|\+\s*44|00\s*44)")
_FALLBACK_RE: Final = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d \t()-]{7,14}\d(?!\d)"
)


def _plausible_uk(raw: str) -> bool:
    """A UK number has 10 national digits after the trunk 0 (9 for a few old areas)."""
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("0044"):
        digits = digits[4:]
    elif raw.lstrip().startswith("+"):
        if not digits.startswith("44"):
            return False
        digits = digits[2:]
    digits = digits.removeprefix("0")
    return 9 <= len(digits) <= 10


def find_phone_numbers(text: str) -> list[Finding]:
    """Matcher first (it understands formats), fallback second; overlaps are settled by the caller."""
    findings: list[Finding] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        if _UK_PREFIX_RE.match(raw) and (phonenumbers.is_valid_number(match.number) or _plausible_uk(raw)):
            findings.append(make(PHONE, text, match.start, match.end))
    for m in _FALLBACK_RE.finditer(text):
        raw = m.group().rstrip(" \t-(")
        if _plausible_uk(raw) and not any(f.start <= m.start() < f.end for f in findings):
            findings.append(make(PHONE, text, m.start(), m.start() + len(raw)))
    return findings
