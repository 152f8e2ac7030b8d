"""What makes two organisation names the same name, and which characters a name may not hold.

Names are unique after normalising (Unicode NFKC, case folded, runs of whitespace collapsed), so a
provider cannot take another's name, or the council's, by changing case, spacing or using look-alike
compatibility characters. Control characters and bidirectional overrides (which can make a name display
as something else) are refused outright.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
#: Bidirectional embeddings, overrides and isolates, and the directional marks.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def name_key(name: str) -> str:
    """The form two names are compared in: NFKC, casefold, whitespace collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def forbidden_character(text: str) -> str | None:
    """A description of the first control or bidirectional-override character in `text`, or None."""
    for char in text:
        if char in _BIDI:
            return f"a bidirectional control character (U+{ord(char):04X})"
        if unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r":
            return f"a control character (U+{ord(char):04X})"
    return None


def clean_name(name: str) -> str:
    """The name as stored (whitespace collapsed); ValueError when it holds a forbidden character."""
    found = forbidden_character(name)
    if found:
        raise ValueError(f"must not contain {found}")
    collapsed = _SPACES.sub(" ", name).strip()
    if not collapsed:
        raise ValueError("must not be blank")
    return collapsed
