"""Screening of short free texts that providers or families can read: a case place's label, a contact's
note, a family's suggestion. Like the pen picture's narrative they must not identify the person, so each
is checked with the privacy detector (`matcher.privacy.detect_identifiers`: the shared detection worker
when one runs, else a thread) and a finding is a 422 naming the field and the kinds of identifier found
(never the text itself).

Dates are allowed, as in a case reference: "can start 1 February" is a plan, not an identifier; except
the person's own date of birth, in any format, when the identity record gives it. The person's own NHS
number and date of birth are also looked for as bare digits (`privacy.find_known_numbers`), under the
detectors, which can miss a shape ("NHS/9434765919", "DOB:01011990").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from matcher.errors import InvalidInput
from matcher.privacy import DATE, Finding, could_be, detect_identifiers, find_known_numbers, in_words


async def identifiers_in(
    text: str,
    names: Sequence[str] = (),
    addresses: Sequence[str] = (),
    birth_dates: Sequence[date] = (),
    nhs_numbers: Sequence[str] = (),
) -> list[Finding]:
    """What a short text others read must not hold: every identifier but a date, and the person's own
    date of birth and NHS number however they are written. The one rule for these texts, whether a page
    checks a step early or the service checks at saving."""
    if not text or not text.strip():
        return []
    findings = await detect_identifiers(text, tuple(names), tuple(addresses))
    kept = [f for f in findings if f.type != DATE or any(could_be(f.text, d) for d in birth_dates)]
    return with_known_numbers(text, kept, nhs_numbers, birth_dates)


def with_known_numbers(
    text: str, findings: Sequence[Finding], nhs_numbers: Sequence[str], birth_dates: Sequence[date]
) -> list[Finding]:
    """The findings and, where none of them already covers it, each digit run spelling the person's own
    NHS number or date of birth."""
    known = [
        k for k in find_known_numbers(text, nhs_numbers, birth_dates)
        if not any(f.start < k.end and k.start < f.end for f in findings)
    ]
    return sorted([*findings, *known], key=lambda f: f.start)


async def screen_free_text(
    field: str,
    text: str | None,
    names: Sequence[str] = (),
    addresses: Sequence[str] = (),
    birth_dates: Sequence[date] = (),
    nhs_numbers: Sequence[str] = (),
) -> None:
    """Raise InvalidInput naming `field` when `text` holds an identifier (never on the event loop).

    `names`, `addresses`, `birth_dates` and `nhs_numbers`: the person's, from the identity record (names
    and addresses matched in any casing, the date of birth and NHS number however they are written)."""
    found = await identifiers_in(text or "", names, addresses, birth_dates, nhs_numbers)
    births = [f for f in found if f.type == DATE]
    if births:
        raise InvalidInput.for_field(
            field,
            "must not hold the person's date of birth: providers read it; give their age band instead",
            findings=[{"type": f.type, "start": f.start, "end": f.end} for f in births],
        )
    if found:
        raise InvalidInput.for_field(
            field,
            f"holds {in_words([f.type for f in found])}: others read it, and must not learn who the "
            "person is; describe without names, addresses, numbers or contact details",
            findings=[{"type": f.type, "start": f.start, "end": f.end} for f in found],
        )
