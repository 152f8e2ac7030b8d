"""National Insurance numbers.

python-stdnum (2.2) has no `stdnum.gb.nino`, so the HMRC prefix rules are written out here: a
pattern that accepted any two letters would flag ordinary text such as "GB 12 34 56 A" references.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import NINO, VALIDATED, Finding, make

_FIRST: Final = "A-CEGHJ-PR-TW-Z"  # not D, F, I, Q, U, V
_SECOND: Final = "A-CEGHJ-NPR-TW-Z"  # not D, F, I, O, Q, U, V
_INVALID_PREFIXES: Final = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_SEP: Final = r"[ \t-]{0,2}"
_NINO_RE: Final = re.compile(
    rf"(?<![A-Za-z0-9])([{_FIRST}][{_SECOND}]){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}([A-D])"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def is_valid_nino(value: str) -> bool:
    """True for a whole string that is one well-formed NI number (spacing and case ignored)."""
    m = _NINO_RE.fullmatch(value.strip())
    return m is not None and m.group(1).upper() not in _INVALID_PREFIXES


def find_ninos(text: str) -> list[Finding]:
    """Prefix rules are applied after the match because Python's re cannot exclude letter pairs cheaply."""
    return [make(NINO, text, m.start(), m.end(), confidence=VALIDATED) for m in _NINO_RE.finditer(text)
            if m.group(1).upper() not in _INVALID_PREFIXES]
