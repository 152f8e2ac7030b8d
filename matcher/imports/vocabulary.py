"""Free text from a spreadsheet read as a vocabulary code with rapidfuzz: "Bungalo" is `bungalow`.

Every code is known by its code, its code with spaces ("staff bedroom"), its readable label and the words
the site's own forms show for it (`vocab.FORM_WORDS`); the
closest of them wins when it scores at least `FUZZY_THRESHOLD` and no other code scores the same. The
threshold is measured, not guessed: `scripts/measure_fuzzy_threshold.py` generates misspellings at
random and prints precision and recall per threshold (the figure is in docs/readme/i12.md).

A close spelling is not a close meaning when one side is negated: "no garden" scores well against
"enclosed garden", and "shared walls" against "no shared walls", yet each says the opposite. So a fuzzy
match whose text and name differ in negation (`differ_in_negation`) is no reading but a problem, said in
words; an exact name that is negative itself ("No shared walls") still reads as its code.
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
_WORDS = re.compile(r"[a-z]+")
#: Words that turn what follows into its opposite ("isn't" is read without its apostrophe).
NEGATIONS = frozenset({"no", "not", "without", "non", "none", "never", "nor", "lacks", "lacking",
                       "cannot", "cant", "isnt", "doesnt", "hasnt", "havent", "arent", "dont"})


def _key(text: str) -> str:
    """Case, separators and surrounding space do not matter: 'Staff-Bedroom ' -> 'staff bedroom'."""
    return _SEPARATORS.sub(" ", text.strip().lower()).strip()


def _negative(words: list[str], other: set[str]) -> bool:
    """A negation word, or a word that is a word of `other` behind "un" or "non" ("unshared")."""
    return any(word in NEGATIONS or (word.startswith("un") and word[2:] in other)
               or (word.startswith("non") and word[3:] in other) for word in words)


def negated(text: str) -> bool:
    """Whether a phrase says no, not, without, ... ('No shared walls')."""
    return _negative(_WORDS.findall(text.lower().replace("'", "").replace("\u2019", "")), set())


def differ_in_negation(text: str, name: str) -> bool:
    """Whether one of two phrases is negated and the other is not: 'no garden' and 'enclosed garden',
    'shared walls' and 'no shared walls' (but not 'no shared wall' and 'no shared walls')."""
    said = _WORDS.findall(text.lower().replace("'", "").replace("’", ""))
    named = _WORDS.findall(name.lower().replace("'", "").replace("’", ""))
    return _negative(said, set(named)) != _negative(named, set(said))


@dataclass(frozen=True, slots=True)
class Reading:
    """How a typed value was read: `code` (None when it matches nothing well enough) and why, in codes
    for API clients (`problem`) and in readable labels for pages (`words`). `opposite` is the code the
    text was closest to but says the opposite of."""

    code: str | None
    score: float
    problem: str | None = None
    words: str | None = None
    opposite: str | None = None


class Vocabulary:
    """One controlled vocabulary with every spelling a person might type for each code."""

    def __init__(self, codes: tuple[str, ...], threshold: float = FUZZY_THRESHOLD) -> None:
        self.codes = codes
        self.threshold = threshold
        self._names: list[str] = []
        self._code_of: list[str] = []
        for code in codes:
            for name in {_key(code), _key(vocab.label(code)), *map(_key, vocab.FORM_WORDS.get(code, ()))}:
                self._names.append(name)
                self._code_of.append(code)
        self._exact = dict(zip(self._names, self._code_of, strict=True))
        self.read = lru_cache(maxsize=4096)(self._read)

    def _read(self, text: str) -> Reading:
        key = _key(text)
        if not key:
            return Reading(None, 0.0, "is empty", "is empty")
        if key in self._exact:
            return Reading(self._exact[key], 100.0)
        found = process.extract(key, self._names, scorer=fuzz.ratio, limit=6)
        typed = repr(text.strip())
        if not found or found[0][1] < self.threshold:
            return Reading(None, found[0][1] if found else 0.0,
                           f"{typed} is not one of: {', '.join(self.codes)}",
                           f"{typed} is not one of: {', '.join(self.labels(self.codes))}")
        best_name, best_score, best_index = found[0]
        best_code = self._code_of[best_index]
        if differ_in_negation(key, best_name):
            return Reading(None, best_score, f"{typed} says the opposite of {best_code}",
                           f"{typed} says the opposite of {vocab.label(best_code)!r}", opposite=best_code)
        rivals = sorted({self._code_of[index] for _, score, index in found if score == best_score})
        if len(rivals) > 1:
            return Reading(None, best_score, f"{typed} could be any of {', '.join(rivals)}",
                           f"{typed} could be any of {', '.join(self.labels(rivals))}")
        return Reading(best_code, best_score)

    @staticmethod
    def labels(codes: tuple[str, ...] | list[str]) -> list[str]:
        return [vocab.label(code) for code in codes]


@lru_cache(maxsize=32)
def vocabulary(codes: tuple[str, ...]) -> Vocabulary:
    return Vocabulary(codes)
