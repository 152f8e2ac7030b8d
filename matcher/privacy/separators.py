"""Separators as the detectors expect them, character for character, so offsets stay the text's own.

Text pasted from a word processor or a clinical system holds look-alike separators: a non-breaking or
thin space (U+00A0, U+2009), an en or em dash, a minus sign, an underscore between digits. "943–476–5919"
and "LE11\u00a03TU" read as an NHS number and a postcode to a person, so they must to the detectors too.
Each look-alike becomes the plain separator it stands for; nothing is added or removed, so a finding's
offsets point into the original text and redaction applies to it unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_DIGIT_UNDERSCORE_DIGIT: Final = re.compile(r"(?<=\d)_(?=\d)")


def _plain(character: str) -> str:
    if character in "\n\t\r":
        return character
    category = unicodedata.category(character)
    if category == "Zs":
        return " "
    if category == "Pd" or character == "\u2212":  # dashes and hyphens, and the minus sign
        return "-"
    return character


def fold_separators(text: str) -> str:
    """`text` with look-alike spaces and dashes made plain, and an underscore between digits a space."""
    if text.isascii():
        folded = text
    else:
        folded = "".join(_plain(c) if not c.isascii() else c for c in text)
    return _DIGIT_UNDERSCORE_DIGIT.sub(" ", folded) if "_" in folded else folded
