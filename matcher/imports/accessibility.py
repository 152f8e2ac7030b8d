"""An accessibility cell from any council's spreadsheet, read as a London Accessible Housing Register letter.

DOMAIN.md: "Other councils use other scales (1 to 3, 1 to 4): imports map them here." A cell may hold
- the letter, with or without "Category" ("C", "category c", "C: Lifetime Homes");
- a number on another scale, with its scale ("2 of 4", "2/4", "Mobility 2 of 3"): 1 is the most
  accessible, as on the mobility scales councils use. A bare "2" is refused, because 2 of 3 and 2 of 4
  are different homes;
- the category's words, typed loosely ("Wheelchair accessible throughout", "lifetime homes", "not yet
  assessed"), read with rapidfuzz; words that fit two categories equally ("wheelchair accessible") are
  refused rather than guessed, and so are words that say the opposite of the category they are closest
  to ("not wheelchair accessible throughout" is not A; "not yet assessed" is G).

Each step of a shorter scale maps to the least accessible letter it can mean, so a home never claims more
than it has: on 1 to 3, 1 is A, 2 is C, 3 is E; on 1 to 4, 1 is A, 2 is B, 3 is C, 4 is E. The import
report shows every reading ("2 of 3" to C), so the landlord sees what was stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz, process

from matcher.imports.vocabulary import differ_in_negation
from matcher.vocab import ACCESSIBILITY, ACCESSIBILITY_LABELS

#: Position on a shorter scale (1 first) to the letter it is read as.
SCALES: Final[dict[int, str]] = {3: "ACE", 4: "ABCE"}
#: rapidfuzz token_set_ratio (0-100) at or above which words are read as a category's description.
WORDS_THRESHOLD: Final = 85.0

_LETTER_RE: Final = re.compile(r"^(?:category\s+)?([A-G])(?:\b|:|$)", re.IGNORECASE)
_ON_SCALE_RE: Final = re.compile(
    r"^(?:(?:mobility|category|cat\.?|level|band|group)\s*)?(\d+)\s*(?:of|/|out\s+of)\s*(\d+)$",
    re.IGNORECASE,
)
_NUMBER_RE: Final = re.compile(r"^(?:(?:mobility|category|cat\.?|level|band|group)\s*)?(\d+)$", re.IGNORECASE)
_DESCRIPTIONS: Final = {
    letter: ACCESSIBILITY_LABELS[letter].split(": ", 1)[1].lower() for letter in ACCESSIBILITY
}


@dataclass(frozen=True, slots=True)
class AccessibilityReading:
    """The letter read (None when the cell cannot be read), or why not."""

    letter: str | None
    problem: str | None = None


def _scales_hint(number: int) -> str:
    return " or ".join(f"'{number} of {size}'" for size in SCALES if 1 <= number <= size)


def read_accessibility(text: str) -> AccessibilityReading:
    cell = " ".join(text.split())
    letters = ", ".join(ACCESSIBILITY)
    letter = _LETTER_RE.match(cell)
    if letter:
        return AccessibilityReading(letter.group(1).upper())
    on_scale = _ON_SCALE_RE.match(cell)
    if on_scale:
        position, size = int(on_scale.group(1)), int(on_scale.group(2))
        if size not in SCALES:
            return AccessibilityReading(None, f"{cell!r}: only scales of 1 to 3 and 1 to 4 are known; "
                                              f"give one letter of {letters}")
        if not 1 <= position <= size:
            return AccessibilityReading(None, f"{cell!r}: on a scale of 1 to {size}, give 1 to {size}")
        return AccessibilityReading(SCALES[size][position - 1])
    number = _NUMBER_RE.match(cell)
    if number:
        hint = _scales_hint(int(number.group(1)))
        said = f" write it with its scale, as {hint}, or" if hint else ""
        return AccessibilityReading(None, f"{cell!r} is a number on some other scale:{said} give one letter "
                                          f"of {letters}")
    found = process.extract(cell.lower(), _DESCRIPTIONS, scorer=fuzz.token_set_ratio, limit=3)
    if found and found[0][1] >= WORDS_THRESHOLD:
        best = found[0][1]
        rivals = sorted(key for _, score, key in found if score == best)
        if len(rivals) == 1 and differ_in_negation(cell, _DESCRIPTIONS[rivals[0]]):
            return AccessibilityReading(None, f"{cell!r} says the opposite of category {rivals[0]} "
                                              f"({_DESCRIPTIONS[rivals[0]]}): give the letter the home is, "
                                              f"one of {letters}")
        if len(rivals) == 1:
            return AccessibilityReading(rivals[0])
        either = " or ".join(rivals)
        return AccessibilityReading(None, f"{cell!r} could be category {either}: give the letter")
    return AccessibilityReading(None, f"{cell!r} is not an accessibility category: give one letter of "
                                      f"{letters}, a number with its scale ('2 of 4') or the category's "
                                      "words")
