"""The public calls: ordering, overlap resolution, redaction (speed: scripts/bench_anonymiser.py)."""

from __future__ import annotations

import pytest

from matcher.privacy import (
    ADDRESS,
    DATE,
    NHS_NUMBER,
    PERSON,
    POSTCODE,
    Finding,
    anonymise,
    find_identifiers,
    redact,
)

PEN_PICTURE = (
    "Jonathan (Jonny) Smith is 30. NHS 943 476 5919. Lives at Flat 2, 33 Kings Court, Loughborough "
    "LE11 3TU. Born 2nd May 1994. Mum (Janet) visits on Sundays; her brother Callum visits too. "
    "He will go to the market in May. Call 07700 900123 or email jon.smith@example.org. "
)


def test_findings_sorted_and_non_overlapping() -> None:
    findings = find_identifiers(PEN_PICTURE, ["Jonathan Smith", "Janet Smith"])
    assert findings == sorted(findings, key=lambda f: f.start)
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start
    for f in findings:
        assert PEN_PICTURE[f.start:f.end] == f.text


def test_anonymise_end_to_end() -> None:
    redacted, findings = anonymise(PEN_PICTURE, ["Jonathan Smith", "Janet Smith"])
    assert redacted == (
        "[name] ([name]) [name] is 30. NHS [NHS number]. Lives at [address] "
        "LE11. Born [date]. Mum ([name]) visits on Sundays; her brother [name] visits too. "
        "He will go to the market in May. Call [phone number] or email [email]. "
    )
    assert {f.type for f in findings} >= {PERSON, NHS_NUMBER, ADDRESS, POSTCODE, DATE}


def test_overlaps_keep_the_longer_finding() -> None:
    text = "He lives at 14 Ashby Road."
    _, findings = anonymise(text, ["Ashby Jones"])
    assert [(f.type, f.text) for f in findings] == [(ADDRESS, "14 Ashby Road")]


def test_redact_tolerates_unsorted_and_overlapping_input() -> None:
    text = "Jon at LE11 3TU"
    findings = [
        Finding(POSTCODE, 7, 15, "LE11 3TU", "LE11"),
        Finding(PERSON, 0, 3, "Jon", "[name]"),
        Finding(PERSON, 7, 9, "LE", "[name]"),
    ]
    assert redact(text, findings) == "[name] at LE11"


def test_empty_text() -> None:
    assert anonymise("") == ("", [])


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("(9434765919)", "([NHS number])"),
        ("NHS (943 476 5919) on file", "NHS ([NHS number]) on file"),
        ("[9434765919]", "[[NHS number]]"),
        ('"9434765919"', '"[NHS number]"'),
        ("Call (07700900123) after 5", "Call ([phone number]) after 5"),
        ("NHS (943) 476 5919.", "NHS [NHS number]."),  # the bracket closes inside: an area-code layout
    ],
)
def test_a_bracket_around_an_identifier_is_kept_and_left_out_of_its_offsets(text: str, redacted: str) -> None:
    """Found by an outside tester: "(9434765919)" was redacted to "[NHS number])", the "(" swallowed."""
    result, findings = anonymise(text)
    assert result == redacted
    for f in findings:
        assert f.text == text[f.start:f.end]
        assert f.text.count("(") == f.text.count(")")
