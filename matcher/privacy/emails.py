"""Email addresses: a plain pattern is enough because the risk is missing one, not parsing it.

Domains may be international ("münchen.de", "例え.jp") or their punycode form ("xn--mnchen-3ya.de"),
and people write addresses out to dodge spam filters: "john at gmail.com", "john dot smith at outlook
dot com". The written-out form needs a domain that ends in a real-looking top-level domain, so "meet
him at home.Then" is not one.
"""

from __future__ import annotations

import re
from typing import Final

from ._finding import EMAIL, LIKELY, PATTERN, Finding, make

_LOCAL: Final = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_LABEL: Final = r"(?:xn--)?[^\W_](?:[\w-]*[^\W_])?"
_TLD: Final = r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{2,59})"
_EMAIL_RE: Final = re.compile(rf"(?<![\w.+-]){_LOCAL}@(?:{_LABEL}\.)+{_TLD}(?![\w-])")
# Written out: "name at domain.tld" or "name at domain dot tld"; the local part is one token.
_COMMON_TLDS: Final = (
    r"(?:com|co\.uk|org\.uk|org|net|uk|ie|de|fr|es|it|nl|pl|pt|no|se|in|au|ca|us|io|info|me|gov\.uk|nhs\.uk"
    r"|ac\.uk|co|eu)"
)
_DOT: Final = r"(?:\.|\s+dot\s+|\s*\(dot\)\s*|\s*\[dot\]\s*)"
_AT: Final = r"(?:\s+at\s+|\s*\(at\)\s*|\s*\[at\]\s*)"
_WRITTEN_RE: Final = re.compile(
    rf"(?<![\w.+-])[A-Za-z0-9][\w.+-]*(?:{_DOT}[\w+-]+)*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*?{_DOT}"
    rf"{_COMMON_TLDS}(?![\w-])",
    re.IGNORECASE,
)


def find_emails(text: str) -> list[Finding]:
    """Any address-shaped token is flagged; a pen picture has no reason to hold one."""
    found = [make(EMAIL, text, m.start(), m.end(), confidence=PATTERN) for m in _EMAIL_RE.finditer(text)]
    for m in _WRITTEN_RE.finditer(text):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            found.append(make(EMAIL, text, m.start(), m.end(), confidence=LIKELY))
    return found
