"""Look-alike separators pasted from word processors and clinical systems (found from outside: a
non-breaking space or an en dash took an NHS number, a postcode or a phone number past every check)."""

from __future__ import annotations

import pytest

from matcher.privacy import anonymise
from matcher.privacy.separators import fold_separators


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("NHS 943\u00a0476\u00a05919.", "NHS [NHS number]."),
        ("NHS 943–476–5919.", "NHS [NHS number]."),
        ("NHS 943—476—5919.", "NHS [NHS number]."),
        ("NHS 943−476−5919.", "NHS [NHS number]."),
        ("NHS 943\u2009476\u20095919.", "NHS [NHS number]."),
        ("NHS 943_476_5919.", "NHS [NHS number]."),
        ("Mum is at LE11\u00a03TU.", "Mum is at LE11."),
        ("Mum is at LE11/3TU.", "Mum is at LE11."),
        ("Mum is at LE11.3TU.", "Mum is at LE11."),
        ("Mum is at LE11_3TU.", "Mum is at LE11."),
        ("Mum is at LE1–5WW.", "Mum is at LE1."),
        ("Ring 07700–900–123.", "Ring [phone number]."),
        ("Ring 07700_900_123.", "Ring [phone number]."),
        ("DOB19900101", "DOB[date]"),
        ("born01011990", "born[date]"),
        ("born 01 01 1990", "born [date]"),
        ("DOB: 01–01–1990", "DOB: [date]"),
        ("DoB-01_01_1990", "DoB-[date]"),
        ("01Jan1990", "[date]"),
    ],
)
def test_look_alike_separators_do_not_hide_an_identifier(text: str, redacted: str) -> None:
    assert anonymise(text)[0] == redacted


@pytest.mark.parametrize(
    "text",
    ["Write to sam_smith@example.com", "Version 1.2 of LEI-2027-014", "Needs 2 1 staff", "snake_case words"],
)
def test_folding_keeps_length_and_leaves_other_text_alone(text: str) -> None:
    folded = fold_separators(text)
    assert len(folded) == len(text)
    assert folded == text


def test_an_email_with_an_underscore_is_still_redacted_whole() -> None:
    assert anonymise("Write to sam_1990@example.com today")[0] == "Write to [email] today"
