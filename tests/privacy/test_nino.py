"""National Insurance numbers: HMRC's prefix rules and a suffix A-D."""

from __future__ import annotations

import pytest

from matcher.privacy import NINO, find_ninos, is_valid_nino


@pytest.mark.parametrize(
    "text", ["AB 12 34 56 C", "AB123456C", "ab 123456 c", "JG 10 37 58 A", "CE-00-00-00-A"]
)
def test_valid_ninos_found(text: str) -> None:
    findings = find_ninos(f"NI number {text}.")
    assert [(f.type, f.text, f.replacement) for f in findings] == [(NINO, text, "[NI number]")]


@pytest.mark.parametrize(
    "text",
    [
        "DA 12 34 56 C",  # first letter D
        "QQ 12 34 56 C",  # Q in either place
        "AO 12 34 56 C",  # second letter O
        "BG 12 34 56 A",  # reserved prefixes
        "GB 12 34 56 A",
        "NK 12 34 56 A",
        "TN 12 34 56 A",
        "ZZ 12 34 56 A",
        "AB 12 34 56 E",  # suffix beyond D
        "AB 12 34 5 C",  # too few digits
    ],
)
def test_invalid_ninos_not_found(text: str) -> None:
    assert find_ninos(f"ref {text}.") == []
    assert not is_valid_nino(text)
