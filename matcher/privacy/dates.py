"""Dates, chiefly dates of birth: numeric, ISO and written forms.

A bare month ("in May", "March" as a verb) is left alone; a month with a day, or a month and year
introduced by a birth cue ("born in May 1994"), is a date. Numeric dates are checked for a real
day and month so scores and ratios ("2-3-4") are not mistaken for them.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import DATE, Finding, make

_MONTHS: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![a-z]))"
)
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:1[89]\d\d|20\d\d)"
_B: Final = r"(?<![A-Za-z0-9])"
_E: Final = r"(?![A-Za-z0-9])"

_NUMERIC_RE: Final = re.compile(rf"{_B}(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_E}")
_ISO_RE: Final = re.compile(rf"{_B}({_YEAR})-(\d{{1,2}})-(\d{{1,2}}){_E}")
_DAY_MONTH_RE: Final = re.compile(
    rf"{_B}{_DAY}(?:\s+of)?\s+{_MONTHS}(?:,?\s+(?:{_YEAR}|'\d\d))?{_E}", re.IGNORECASE
)
_MONTH_DAY_RE: Final = re.compile(rf"{_B}{_MONTHS}\s+{_DAY}(?:,?\s+{_YEAR})?{_E}", re.IGNORECASE)
_BIRTH_MONTH_YEAR_RE: Final = re.compile(
    rf"(?:\bborn|\bbirth|\bD\.?O\.?B\.?|\bbirthday)\b[^.\n]{{0,20}}?{_B}({_MONTHS}\s*,?\s+{_YEAR}){_E}",
    re.IGNORECASE,
)
_BIRTH_YEAR_RE: Final = re.compile(rf"(?:\bborn|\bD\.?O\.?B\.?:?)\s+(?:in\s+)?({_YEAR}){_E}", re.IGNORECASE)


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


_MONTH_WORD_RE: Final = re.compile(_MONTHS, re.IGNORECASE)
_HAS_YEAR_RE: Final = re.compile(r"(?:\d{4}|'\d\d)$")


def _plausible_written(span: str) -> bool:
    """A lower-case month with no year is usually a word ("1 or 2 may come"), so it needs a capital."""
    month = _MONTH_WORD_RE.search(re.sub(r"^\d+(?:st|nd|rd|th)?", "", span))
    if month is None:
        return False
    return month.group()[:1].isupper() or bool(_HAS_YEAR_RE.search(span))


def find_dates(text: str) -> list[Finding]:
    """Every date-shaped span; overlapping forms are reconciled by the caller, which keeps the longest."""
    findings: list[Finding] = []
    for m in _NUMERIC_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if _valid(a, b) or (m.group(2) == "/" and _valid(b, a)):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _ISO_RE.finditer(text):
        if _valid(int(m.group(3)), int(m.group(2))):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _DAY_MONTH_RE.finditer(text):
        if _plausible_written(m.group()):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _MONTH_DAY_RE.finditer(text):
        if _plausible_written(m.group()):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _BIRTH_MONTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(1), m.end(1)))
    for m in _BIRTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(1), m.end(1)))
    return findings
