"""The person's own NHS number and date of birth, found as digits however they are written around.

The detectors look for the shapes of identifiers, and a shape can be missed: "NHS/9434765919" glued to a
word, "DOB:01011990" with no separators. When the identity record gives the values, any run of digits
in a text that spells one of them is that identifier, whatever surrounds or splits it ("943-476-5919",
"04.05.1996", "ZZ-PAGE-04/05/1996"). Like known names, this is a second net under the detectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from ._finding import DATE, NHS_NUMBER, VALIDATED, Finding, make
from .separators import fold_separators

#: Digits with at most one separator between any two: a space, a hyphen, a full stop or a slash.
_DIGIT_RUN: Final = re.compile(r"(?<!\d)\d(?:[ \t\-./]?\d)+(?!\d)")
_SHORTEST: Final = 6  # ddmmyy


def _written_forms(birth_date: date) -> list[str]:
    """A date of birth as digits alone: 04051996, 19960504 and 040596."""
    return [f"{birth_date:%d%m%Y}", f"{birth_date:%Y%m%d}", f"{birth_date:%d%m%y}"]


def find_known_numbers(
    text: str, nhs_numbers: Sequence[str] = (), birth_dates: Sequence[date] = ()
) -> list[Finding]:
    """Each run of digits that spells the person's NHS number or date of birth. A ten- or eight-digit
    value counts inside a longer run too; a six-digit date only as the whole run, since six digits turn
    up inside longer numbers by chance."""
    wanted: list[tuple[str, str]] = [
        (NHS_NUMBER, digits) for digits in (re.sub(r"\D", "", n) for n in nhs_numbers) if len(digits) == 10
    ]
    wanted += [(DATE, form) for d in birth_dates for form in _written_forms(d)]
    if not wanted or not text:
        return []
    text = fold_separators(text)  # "943\u00a0476\u00a05919", "04_05_1996"; same length, same offsets
    findings: list[Finding] = []
    for run in _DIGIT_RUN.finditer(text):
        positions = [run.start() + i for i, c in enumerate(run.group()) if c.isdigit()]
        if len(positions) < _SHORTEST:
            continue
        digits = "".join(text[p] for p in positions)
        for kind, value in wanted:
            at = digits.find(value) if len(value) >= 8 else (0 if digits == value else -1)
            if at >= 0:
                findings.append(make(kind, text, positions[at], positions[at + len(value) - 1] + 1,
                                     confidence=VALIDATED))
                break
    return findings
