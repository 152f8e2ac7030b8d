"""NHS numbers: ten digits whose modulus-11 check digit holds.

The check digit is what separates an NHS number from any other ten-digit run (a phone number, a
reference), so python-stdnum's maintained `stdnum.gb.nhs` validator decides, not a pattern alone.
"""

from __future__ import annotations

import re
from typing import Final

from stdnum.gb import nhs as _stdnum_nhs

from ._finding import NHS_NUMBER, Finding, make

# 3-3-4 with one consistent separator (space or hyphen), or ten digits run together.
_NHS_RE: Final = re.compile(r"(?<![\d+])(?:\d{3}([ -]?)\d{3}\1\d{4})(?![\d])")


def is_valid_nhs_number(value: str) -> bool:
    """True when the digits (spaces/hyphens ignored) form a check-digit-valid NHS number."""
    return bool(_stdnum_nhs.is_valid(value))


def find_nhs_numbers(text: str) -> list[Finding]:
    """Only check-digit-valid runs count: a near-miss is more likely a phone number or a typo."""
    return [make(NHS_NUMBER, text, m.start(), m.end()) for m in _NHS_RE.finditer(text)
            if is_valid_nhs_number(m.group())]
