"""Phone numbers of any country, found by Google's libphonenumber port (`phonenumbers`) and by layout.

A phone number from any country identifies someone, so the matcher runs at VALID leniency over the
regions whose numbers turn up in these texts (an international "+NN" number is found whatever the
region), and layout patterns catch what no numbering plan confirms: "+CC" followed by enough digits,
the North American layouts "(555) 123-4567", "555.123.4567x89", "001-555-…", and a long digit run right
after a word such as "call", "tel" or "mobile".

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

from ._finding import PATTERN, PHONE, VALIDATED, Finding, make
from .nhs import is_valid_nhs_number

_UK_PREFIX_RE: Final = re.compile(r"^(?:\(?0|\+\s*44|00\s*44)")
_FALLBACK_RE: Final = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d[\d \t()/-]{7,14}\d(?!\d)"
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


#: Regions whose national layouts are tried; GB first, as most numbers here are British.
REGIONS: Final = ("GB", "IE", "US", "FR", "DE", "ES", "IT", "NL", "PL", "PT", "NO", "SE", "IN", "AU")
_DIGITS_RE: Final = re.compile(r"\d(?:[\s()./-]{0,3}\d){6,}")
_CANDIDATE_RE: Final = re.compile(r"[+(]?\d(?:[\s().-]{0,3}\d){6,16}")
_DATE_SHAPED_RE: Final = re.compile(
    r"\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{1,2}[-./]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
)
_EXTENSION_RE: Final = re.compile(r"\s*(?:x|ext\.?|extension)\s*\d{1,6}", re.IGNORECASE)
_LAYOUT_RES: Final = (
    # "+47 22 85 81 56", "+33 (0)3 87 17 77 63", "+3152 0459429": a country code and 6-14 more digits
    re.compile(r"(?<![\w+])\+\s?\d{1,4}(?:[\s.()-]{0,3}\d){6,14}(?!\d)"),
    re.compile(r"(?<![\w+])00\s?[1-9]\d{0,3}(?:[\s.()-]{0,3}\d){6,12}(?!\d)"),
    # North American: "(555) 123-4567", "555-123-4567", "555.123.4567", "(747)627-2170"
    re.compile(r"(?<![\w(])(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?!\d)"),
)
_NEAR_CUE_RE: Final = re.compile(
    r"\b(?:call|ring|tel|telephone|phone|mobile|mob|number|contact|reach(?:ed)?|text|on)\b", re.IGNORECASE
)
#: A phone word, then at most three linking words ("her mobile is", "his number is now", "contact
#: them on"), then 9-13 digits in any layout: a number the text itself calls a phone number is one,
#: whichever country's plan it follows or whether any plan accepts it.
_CUE_RE: Final = re.compile(
    r"(?:\b(?:call|ring|tel|telephone|phone|mobile|mob|number|no|contact|reach(?:ed)?\s+(?:\w+\s+){0,3}on"
    r"|on|text)[.:,]?\s*(?:(?:is|was|now|still|on|at|:)[.:,]?\s+){0,3})(\(?\d(?:[\s().-]{0,2}\d){8,12})(?!\d)",
    re.IGNORECASE,
)


def _with_extension(text: str, end: int) -> int:
    m = _EXTENSION_RE.match(text, end)
    return m.end() if m else end


def find_phone_numbers(text: str) -> list[Finding]:
    """Matcher first (it understands formats), layouts second; overlaps are settled by the caller."""
    if not _DIGITS_RE.search(text):
        return []
    findings: list[Finding] = []

    def add(start: int, end: int, confidence: float, cued: bool = False) -> None:
        if _DATE_SHAPED_RE.fullmatch(text[start:end].strip()):
            return  # "31-03-1986", "03/1973": a date's digits, whichever plan they also fit
        international = text[start:end].lstrip("( ").startswith(("+", "00"))
        if not cued and not international and is_valid_nhs_number(re.sub(r"\D", "", text[start:end])):
            return  # an NHS number's check digit holds: the NHS detector reports it (never written "+47")
        if not any(f.start < end and start < f.end for f in findings):
            findings.append(make(PHONE, text, start, _with_extension(text, end), confidence=confidence))

    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        if _UK_PREFIX_RE.match(raw) and phonenumbers.is_valid_number(match.number):
            add(match.start, match.end, VALIDATED)
        elif _UK_PREFIX_RE.match(raw) and _plausible_uk(raw):
            add(match.start, match.end, PATTERN)
    # The other regions' matchers run on each digit run with a little context, not on the whole text:
    # fourteen passes over a pen picture cost more than the rest of detection together.
    for m in _CANDIDATE_RE.finditer(text):
        lo = max(0, m.start() - 4)
        piece = text[lo:m.end() + 8]
        for region in REGIONS[1:]:
            for match in phonenumbers.PhoneNumberMatcher(piece, region, leniency=phonenumbers.Leniency.VALID):
                if match.raw_string.isdigit():
                    continue  # a bare digit run is a reference as often as another country's number
                if not match.raw_string.startswith(("+", "00")) and not _NEAR_CUE_RE.search(
                        text, max(0, lo + match.start - 40), lo + match.start):
                    continue  # another country's national layout counts only where the text says phone
                add(lo + match.start, lo + match.end, VALIDATED)
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID):
        add(match.start, match.end, VALIDATED)
    for m in _FALLBACK_RE.finditer(text):
        raw = m.group().rstrip(" \t-(")
        if _plausible_uk(raw):
            add(m.start(), m.start() + len(raw), PATTERN)
    for pattern in _LAYOUT_RES:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), PATTERN)
    for m in _CUE_RE.finditer(text):
        add(m.start(1), m.end(1), PATTERN, cued=True)
    return findings
