"""Email addresses: a plain pattern is enough because the risk is missing one, not parsing it."""

from __future__ import annotations

import re
from typing import Final

from ._finding import EMAIL, Finding, make

_EMAIL_RE: Final = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])"
)


def find_emails(text: str) -> list[Finding]:
    """Any address-shaped token is flagged; a pen picture has no reason to hold one."""
    return [make(EMAIL, text, m.start(), m.end()) for m in _EMAIL_RE.finditer(text)]
