"""Free text from a spreadsheet read as a vocabulary code with rapidfuzz: "Bungalo" is `bungalow`.

Every code is known by its code, its code with spaces ("staff bedroom") and its readable label; the
closest of them wins when it scores at least `FUZZY_THRESHOLD` and no other code scores the same. The
threshold is measured, not guessed: `scripts/measure_fuzzy_threshold.py` generates misspellings at
random and prints precision and recall per threshold (the figure is in docs/readme/i12.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from matcher import vocab

#: rapidfuzz `fuzz.ratio` (0-100) at or above which a typed value is read as a code. Measured by
#: `scripts/measure_fuzzy_threshold.py` (seeded, generated misspellings): see docs/readme/i12.md.
FUZZY_THRESHOLD = 65.0

_SEPARATORS = re.compile(r"[\s_\-/]+")


def _key(text: str) -> str:
    """Case, separators and surrounding space do not matter: 'Staff-Bedroom ' -> 'staff bedroom'."""
    return _SEPARATORS.sub(" ", text.strip().lower()).strip()


@dataclass(frozen=True, slots=True)
class Reading:
    """How a typed value was read: `code` (None when it matches nothing well enough) and why."""

    code: str | None
    score: float
    problem: str | None = None


class Vocabulary:
    """One controlled vocabulary with every spelling a person might type for each code."""

    def __init__(self, codes: tuple[str, ...], threshold: float = FUZZY_THRESHOLD) -> None:
        self.codes = codes
        self.threshold = threshold
        self._names: list[str] = []
        self._code_of: list[str] = []
        for code in codes:
            for name in {_key(code), _key(vocab.label(code))}:
                self._names.append(name)
                self._code_of.append(code)
        self._exact = dict(zip(self._names, self._code_of, strict=True))
        self.read = lru_cache(maxsize=4096)(self._read)

    def _read(self, text: str) -> Reading:
        key = _key(text)
        if not key:
            return Reading(None, 0.0, "is empty")
        if key in self._exact:
            return Reading(self._exact[key], 100.0)
        found = process.extract(key, self._names, scorer=fuzz.ratio, limit=6)
        if not found or found[0][1] < self.threshold:
            return Reading(None, found[0][1] if found else 0.0, self._not_known(text))
        best_code, best_score = self._code_of[found[0][2]], found[0][1]
        rivals = {self._code_of[index] for _, score, index in found if score == best_score}
        if len(rivals) > 1:
            return Reading(None, best_score, f"{text.strip()!r} could be any of {', '.join(sorted(rivals))}")
        return Reading(best_code, best_score)

    def _not_known(self, text: str) -> str:
        return f"{text.strip()!r} is not one of: {', '.join(self.codes)}"


@lru_cache(maxsize=32)
def vocabulary(codes: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(codes)
