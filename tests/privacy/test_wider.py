"""The kinds of identifier the first detector missed on text nobody here wrote (issue 10)."""

from __future__ import annotations

import pytest

from matcher.privacy import CHECK_BELOW, find_identifiers

KINDS = [
    ("Mrs Okonkwo visits on Tuesdays.", "PERSON", "Mrs Okonkwo"),
    ("Her key worker, Siobhan O'Neill, calls every week.", "PERSON", "Siobhan O'Neill"),
    ("Her friend Jean-Pierre Dubois came.", "PERSON", "Jean-Pierre Dubois"),
    ("She stays at Studio 35, Toby Squares during the week.", "ADDRESS", "Studio 35, Toby Squares"),
    ("He lives at 4471 Kim Branch with mum.", "ADDRESS", "4471 Kim Branch"),
    ("Her address is Flat 98R, 12 Maple Views.", "ADDRESS", "Flat 98R, 12 Maple Views"),
    ("Born 22-nov-1972.", "DATE", "22-nov-1972"),
    ("DOB 5-MAY-2021", "DATE", "5-MAY-2021"),
    ("Moved May-2021.", "DATE", "May-2021"),
    ("Date of birth: 05/2021.", "DATE", "05/2021"),
    ("Born 5-20-2021.", "DATE", "5-20-2021"),
    ("Call +47 22 85 81 56 today.", "PHONE", "+47 22 85 81 56"),
    ("Ring +33 (0)3 87 17 77 63 today.", "PHONE", "+33 (0)3 87 17 77 63"),
    ("Tel: (747)627-2170x50632", "PHONE", "(747)627-2170x50632"),
    ("Email tcunha@bücher.example now.", "EMAIL", "tcunha@bücher.example"),
    ("Email a@xn--mnchen-3ya.de now.", "EMAIL", "a@xn--mnchen-3ya.de"),
    ("Write to john at gmail.com please.", "EMAIL", "john at gmail.com"),
    ("NHS 94 34 76 59 19.", "NHS_NUMBER", "94 34 76 59 19"),
    ("NI no. ab 12 34 56 c.", "NINO", "ab 12 34 56 c"),
    ("Postcode LE 11 3TU.", "POSTCODE", "LE 11 3TU"),
]


@pytest.mark.parametrize(("text", "kind", "value"), KINDS)
def test_found(text: str, kind: str, value: str) -> None:
    found = [(f.type, f.text) for f in find_identifiers(text)]
    assert (kind, value) in found, found


@pytest.mark.parametrize("text", [
    "He will go to the market in May.", "Bill the electricity bill monthly.", "Grace before meals matters.",
    "She has 24/7 support and 2:1 in the community.", "He went to Crewe to watch trains.",
    "She enjoys walks in Abbey Park.", "He likes watching Match of the Day.",
])
def test_hard_negatives(text: str) -> None:
    assert find_identifiers(text) == []


def test_every_finding_has_a_confidence_and_validated_ones_are_sure() -> None:
    findings = find_identifiers("NHS 943 476 5919, call 07700 900123, Mrs Okonkwo.")
    assert all(0 < f.confidence <= 1 for f in findings)
    nhs = next(f for f in findings if f.type == "NHS_NUMBER")
    assert nhs.confidence >= CHECK_BELOW
    assert not nhs.doubtful
