"""Dates, chiefly dates of birth: numeric, ISO and written forms.

A bare month ("in May", "March" as a verb) is left alone; a month with a day, or a month and year
introduced by a birth cue ("born in May 1994"), is a date. Numeric dates are checked for a real
day and month so scores and ratios ("2-3-4") are not mistaken for them; so are eight digits written
together ("01011990", "19900101"), which count only when the calendar reads them as a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from dateutil import parser as dateutil_parser

from ._finding import DATE, LIKELY, VALIDATED, Finding, make

_MONTHS: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![a-z]))"
)
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:1[89]\d\d|20\d\d)"
_B: Final = r"(?<![A-Za-z0-9])"
_E: Final = r"(?![A-Za-z0-9])"

_NUMERIC_RE: Final = re.compile(rf"{_B}(\d{{1,2}})([/.-])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_E}")
# "01 01 1990" (as "01_01_1990" reads once its underscores are spaces): single spaces and a full year
_SPACED_NUMERIC_RE: Final = re.compile(rf"{_B}(\d{{1,2}}) (\d{{1,2}}) ({_YEAR}){_E}")
# "1994-05-02", "1990/01/01", "1990.01.01": year first, with one separator throughout
_ISO_RE: Final = re.compile(rf"{_B}({_YEAR})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_E}")
# "01011990" (ddmmyyyy) or "19900101" (yyyymmdd): eight digits alone, not a piece of a longer number
# ("born01011990", "DOB19900101": glued to a birth cue too)
_COMPACT_RE: Final = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=[Bb][Oo][Rr][Nn])|(?<=[Dd][Oo][Bb]))(?<!\d[-./,])\d{8}(?![A-Za-z0-9])(?![-./,]\d)"
)
_BIRTH_CUE_RE: Final = re.compile(r"\b(?:born|birth|birthday|D\.?O\.?B)\b", re.IGNORECASE)
# "first", "twenty-first", "thirtieth": a day of the month written in words
_UNITS: Final = "first second third fourth fifth sixth seventh eighth ninth".split()
_DAY_WORDS: Final = {word: day for day, word in enumerate(
    _UNITS + "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
    "nineteenth twentieth".split() + [f"twenty-{unit}" for unit in _UNITS] + ["thirtieth", "thirty-first"],
    start=1,
)}
_DAY_WORD: Final = "(?:" + "|".join(
    word.replace("-", "[- ]?") for word in sorted(_DAY_WORDS, key=len, reverse=True)) + ")"
# Every date form has a digit but "the first of May": a text with neither is skipped at once
_DIGIT_OR_DAY_WORD_RE: Final = re.compile(rf"\d|{_DAY_WORD}", re.IGNORECASE)
_DAY_MONTH_RE: Final = re.compile(
    rf"{_B}{_DAY}(?:\s+of)?\s+{_MONTHS}(?:,?\s+(?:{_YEAR}|'\d\d))?{_E}", re.IGNORECASE
)
# "22-nov-1972", "5-MAY-2021", "05/Jun/1990": a day, a month word and a year joined by hyphens or slashes
_JOINED_RE: Final = re.compile(rf"{_B}{_DAY}([-/.]?){_MONTHS}\1(?:{_YEAR}|\d\d){_E}", re.IGNORECASE)
# "May-2021", "Nov 1972", "MAY 2021": a month and a year are a date too (a DOB written loosely)
_MONTH_YEAR_RE: Final = re.compile(rf"{_B}{_MONTHS}[-/]{_YEAR}{_E}", re.IGNORECASE)
# "on September 2019", "DOB: Nov 1972"; but "in September 2019" is a period of time, not a date to hide
_SPACED_MONTH_YEAR_RE: Final = re.compile(
    rf"(?<!\bin )(?<!\bsince )(?<!\bfrom )(?<!\buntil )(?<!\bduring )(?<!\bby )(?<!\bof )(?<!\bIn )"
    rf"{_B}{_MONTHS},?\s+{_YEAR}{_E}",
    re.IGNORECASE,
)
# "05/2021", "5-2021": a month number and a four-digit year
_NUMERIC_MONTH_YEAR_RE: Final = re.compile(rf"(?<![A-Za-z0-9/.-])(0?[1-9]|1[0-2])([/.-]){_YEAR}{_E}")
# "first of January 1990", "twenty-first March 2001": a day in words needs "of" or a year, as "his first
# March in the home" is no date
_WORD_DAY_MONTH_RE: Final = re.compile(
    rf"{_B}{_DAY_WORD}(?:\s+of\s+{_MONTHS}(?:,?\s+(?:{_YEAR}|'\d\d))?|\s+{_MONTHS},?\s+{_YEAR}){_E}",
    re.IGNORECASE,
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
    day = rf"^(?:\d+(?:st|nd|rd|th)?|{_DAY_WORD})"
    month = _MONTH_WORD_RE.search(re.sub(day, "", span, flags=re.IGNORECASE))
    if month is None:
        return False
    return month.group()[:1].isupper() or bool(_HAS_YEAR_RE.search(span))


def _parses(span: str) -> bool:
    """python-dateutil has the last word: "31/02/1990" or "30 February" is not a date."""
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\b|'", " ", span, flags=re.IGNORECASE)
    for dayfirst in (True, False):
        try:
            dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=_DEFAULT_DAY)
            return True
        except (ValueError, OverflowError):
            continue
    return False


_DEFAULT_DAY: Final = datetime(2000, 1, 1)


def find_dates(text: str) -> list[Finding]:
    """Every date-shaped span; overlapping forms are reconciled by the caller, which keeps the longest."""
    if not _DIGIT_OR_DAY_WORD_RE.search(text):
        return []
    findings: list[Finding] = []
    for m in _NUMERIC_RE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if _valid(a, b) or _valid(b, a):  # day first (British) or month first (American "5-20-2021")
            findings.append(make(DATE, text, m.start(), m.end(), confidence=VALIDATED))
    for m in _SPACED_NUMERIC_RE.finditer(text):
        if _valid(int(m.group(1)), int(m.group(2))):
            findings.append(make(DATE, text, m.start(), m.end(), confidence=LIKELY))
    for m in _JOINED_RE.finditer(text):
        findings.append(make(DATE, text, m.start(), m.end(), confidence=VALIDATED))
    for m in _MONTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(), m.end(), confidence=LIKELY))
    for m in _SPACED_MONTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(), m.end(), confidence=LIKELY))
    for m in _NUMERIC_MONTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(), m.end(), confidence=LIKELY))
    for m in _ISO_RE.finditer(text):
        if _valid(int(m.group(4)), int(m.group(3))):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _DAY_MONTH_RE.finditer(text):
        if _plausible_written(m.group()):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _WORD_DAY_MONTH_RE.finditer(text):
        if _plausible_written(m.group()):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _MONTH_DAY_RE.finditer(text):
        if _plausible_written(m.group()):
            findings.append(make(DATE, text, m.start(), m.end()))
    for m in _BIRTH_MONTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(1), m.end(1)))
    for m in _BIRTH_YEAR_RE.finditer(text):
        findings.append(make(DATE, text, m.start(1), m.end(1)))
    return [f for f in findings if f.confidence < VALIDATED or _parses(f.text)] + _compact_dates(text)


def _compact_dates(text: str) -> list[Finding]:
    """Eight digits that the calendar reads as a date of 1900-2099, day first or year first; sure after a
    birth cue ("DOB:01011990"), likely elsewhere, since a reference number can be date-shaped too."""
    findings: list[Finding] = []
    for m in _COMPACT_RE.finditer(text):
        if _compact_reading(m.group()) is not None:
            cued = _BIRTH_CUE_RE.search(text, max(0, m.start() - 30), m.start()) is not None
            findings.append(make(DATE, text, m.start(), m.end(), confidence=VALIDATED if cued else LIKELY))
    return findings


def _compact_reading(digits: str) -> date | None:
    """"01011990" as 1 January 1990 (ddmmyyyy), "19900101" likewise (yyyymmdd); no eight digits are both,
    since a ddmmyyyy year starts 19 or 20 where a yyyymmdd month would have to be."""
    for day, month, year in ((digits[:2], digits[2:4], digits[4:]), (digits[6:], digits[4:6], digits[:4])):
        if year[:2] in ("19", "20"):
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def _for_parsing(span: str) -> str:
    """A found date as python-dateutil reads it: "01011990" spelt "01/01/1990", a day in words as a number."""
    compact = _compact_reading(span) if span.isdigit() and len(span) == 8 else None
    if compact is not None:
        return f"{compact.day:02d}/{compact.month:02d}/{compact.year}"
    return re.sub(
        rf"\b{_DAY_WORD}\b", lambda m: str(_day_number(m.group())), span, count=1, flags=re.IGNORECASE
    )


def _day_number(word: str) -> int:
    """"twenty-first", "Twenty first" and "twentyfirst" are all 21."""
    return _DAY_WORDS[re.sub(r"^(twenty|thirty)[- ]?", r"\1-", word.lower())]


def could_be(span: str, wanted: date) -> bool:
    """Whether a date found in a text may be `wanted` (a person's date of birth): read day first and
    month first, a two-digit year by its last two digits, and a date written without a year by its day
    and month, since a birthday beside an age band is nearly as telling."""
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\b|'", " ", _for_parsing(span), flags=re.IGNORECASE)
    for dayfirst in (True, False):
        try:
            one = dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=datetime(1, 1, 1))
            two = dateutil_parser.parse(cleaned, dayfirst=dayfirst, default=datetime(2, 2, 2))
        except (ValueError, OverflowError):
            continue
        if (one.day, one.month) != (wanted.day, wanted.month) or (two.day, two.month) != (one.day, one.month):
            continue  # another day, or no day given at all ("February 2006")
        if one.year != two.year and one.year == 1:
            return True  # no year written
        two_digit_year = re.search(r"\b\d{2}\s*$", cleaned) is not None
        if one.year == wanted.year or (two_digit_year and one.year % 100 == wanted.year % 100):
            return True
    return False

