"""The one record every detector emits, so redaction and the API never care which detector spoke."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

PERSON: Final = "PERSON"
NHS_NUMBER: Final = "NHS_NUMBER"
POSTCODE: Final = "POSTCODE"
DATE: Final = "DATE"
PHONE: Final = "PHONE"
EMAIL: Final = "EMAIL"
NINO: Final = "NINO"
ADDRESS: Final = "ADDRESS"

#: Every identifier type, in the order used to break ties between overlapping findings of equal length:
#: earlier types are more specific (a check-digit-valid NHS number beats a phone-shaped reading of it).
IDENTIFIER_TYPES: Final = (NHS_NUMBER, NINO, EMAIL, POSTCODE, PHONE, DATE, ADDRESS, PERSON)

#: Bracketed labels keep the redacted sentence readable for a provider: they learn *that* something was
#: there without learning what it was. Postcodes are the exception (they become their district).
LABELS: Final = {
    PERSON: "[name]",
    NHS_NUMBER: "[NHS number]",
    DATE: "[date]",
    PHONE: "[phone number]",
    EMAIL: "[email]",
    NINO: "[NI number]",
    ADDRESS: "[address]",
}

#: How each kind reads in a sentence said to a person ("it holds a name and a phone number").
WORDS: Final = {
    PERSON: "a name",
    NHS_NUMBER: "an NHS number",
    POSTCODE: "a full postcode",
    DATE: "a date",
    PHONE: "a phone number",
    EMAIL: "an email address",
    NINO: "a National Insurance number",
    ADDRESS: "a street address",
}


def in_words(kinds: Sequence[str]) -> str:
    """"a name, a phone number and an NHS number": each kind once, in the order found."""
    said = list(dict.fromkeys(WORDS.get(kind, "an identifier") for kind in kinds))
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"


#: Below this a finding is still redacted, but the page asks the commissioner to check it ("check this"):
#: a detector that is unsure says so instead of staying silent.
CHECK_BELOW: Final = 0.8

#: How sure each kind of evidence makes a detector, so every detector scores on one scale.
VALIDATED: Final = 0.99  # a check digit, a numbering plan or a calendar confirmed it
PATTERN: Final = 0.9  # the shape is unmistakable, nothing could validate it further
LIKELY: Final = 0.85  # two kinds of evidence agree (a name list and the model, a title and a capital)
DOUBTFUL: Final = 0.6  # one weak kind of evidence: shown as "check this"


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier found in free text; offsets let the UI highlight it and the commissioner fix it."""

    type: str
    start: int
    end: int
    text: str
    replacement: str
    confidence: float = PATTERN

    @property
    def doubtful(self) -> bool:
        """Redacted all the same, but worth a human look."""
        return self.confidence < CHECK_BELOW


def make(
    kind: str, text: str, start: int, end: int, replacement: str | None = None, confidence: float = PATTERN
) -> Finding:
    """Build a finding from offsets so the matched text can never drift from the span.

    Patterns that allow an area code in brackets ("(943) 476 5919") start at an optional "(", so they
    also match from the bracket of "(9434765919)". A bracket the span opens but does not close (or
    closes but did not open) belongs to the text around it: it is left out, so it survives redaction.
    """
    if text.startswith("(", start) and ")" not in text[start:end]:
        start += 1
    if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
        end -= 1
    label = LABELS[kind] if replacement is None else replacement
    return Finding(kind, start, end, text[start:end], label, confidence)
