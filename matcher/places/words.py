"""The places service's errors in words for people: its messages end with the JSON place forms for API
clients ('...; give one of {"name": "Loughborough"}, ...'), which a page or an import report never shows."""

from __future__ import annotations

import re

#: The list of place forms at the end of a message, with what joins it to the words before (". Or ").
_FORMS_LISTED = re.compile(r"[;:.,]?\s*(?:[Oo]r\s+)?give one of \{.*$", re.DOTALL)
#: Messages that only ask for a place in one of the forms, which a person does not type as JSON.
_ASKS_FOR_A_FORM = ("a place needs", "the name of a UK town")


def place_error_for_people(message: str, asked: str) -> str:
    """A place error as a sentence for people: without the place forms it lists, its closest names asked
    as "Did you mean ...?"; `asked` (the caller's words for what a person may enter) where the message
    only asks for a place in one of the forms. A message that lists no place forms is returned as it is."""
    plain, listed = _FORMS_LISTED.subn("", message)
    if not listed:
        return message
    plain = plain.rstrip()
    if not plain or plain.startswith(_ASKS_FOR_A_FORM):
        return asked
    plain = plain.replace(" closest names: ", " Did you mean ")
    if "Did you mean" in plain:
        plain = plain.rstrip(". ") + "?"
    return plain[:1].upper() + plain[1:]
