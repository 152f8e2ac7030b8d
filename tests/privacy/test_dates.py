"""Dates: numeric and written forms; ordinary month words are left alone."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.privacy import DATE, could_be, find_dates, find_identifiers


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 02/05/94.", "02/05/94"),
        ("DOB 2/5/1994.", "2/5/1994"),
        ("born 2-5-1994 in Leicester", "2-5-1994"),
        ("Born 1994-05-02.", "1994-05-02"),
        ("born on 2 May 1994.", "2 May 1994"),
        ("born on 2nd May 1994.", "2nd May 1994"),
        ("since May 2, 1994.", "May 2, 1994"),
        ("He was born in May 1994.", "May 1994"),
        ("His birthday is 2nd May.", "2nd May"),
        ("born on the 3rd of March 2001", "3rd of March 2001"),
        ("DOB: 30.06.1955", "30.06.1955"),
        ("He was born in 1987.", "1987"),
        ("Born 1990/01/01.", "1990/01/01"),  # year first with slashes: one finding, not "[date]/01/01"
        ("Born 1990.01.01.", "1990.01.01"),
        ("He was born on the first of January 1990.", "first of January 1990"),
        ("born on the twenty-first of March 2001", "twenty-first of March 2001"),
        ("born Twenty first March 2001", "Twenty first March 2001"),
        ("His birthday is the thirtieth of June.", "thirtieth of June"),
    ],
)
def test_dates_found(text: str, date: str) -> None:
    assert [(f.type, f.text, f.replacement) for f in find_identifiers(text)] == [(DATE, date, "[date]")]


@pytest.mark.parametrize(
    "text",
    [
        "He went to Skegness in May.",
        "He may be tired.",
        "Staff march at his pace.",
        "He likes March because of his birthday.",
        "1 or 2 may come to the review.",
        "He scored 3-1 and needs 2-3 hours to settle.",
        "He scored 8/10 and needs 2:1 support.",
        "Invalid 45/13/2020 is not a date.",
        "He started at the day centre in September 2019.",
        "Invalid 1990/13/01 is not a date.",
        "It was his first March in the home.",
        "The second of may be enough.",
        "He is in Year 10 and sleeps 10 to 12 hours.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ("03/02/2006", True), ("3 February 2006", True), ("3rd of Feb 2006", True), ("2006-02-03", True),
        ("3/2/06", True), ("03.02.2006", True), ("3 February", True),  # a birthday without the year
        ("2006/02/03", True), ("third of February 2006", True), ("03022006", True), ("20060203", True),
        ("02/03/2006", True),  # month first, as an American form writes it: still possibly the date
        ("February 2006", False), ("4 February 2006", False), ("3 Feb 2007", False), ("2006", False),
    ],
)
def test_a_date_found_could_be_the_persons_date_of_birth(span: str, expected: bool) -> None:
    assert could_be(span, date(2006, 2, 3)) is expected


@pytest.mark.parametrize(
    ("text", "date"),
    [("DOB:01011990", "01011990"), ("Date of birth 31121985.", "31121985"), ("born 19900101", "19900101"),
     ("D.O.B. 29021992", "29021992")],
)
def test_eight_digits_after_a_birth_cue_are_a_date(text: str, date: str) -> None:
    """Found by an outside tester: "DOB:01011990" reached providers."""
    assert [(f.type, f.text, f.doubtful) for f in find_identifiers(text)] == [(DATE, date, False)]


def test_eight_digits_that_are_a_valid_date_are_one_without_a_cue() -> None:
    assert [f.text for f in find_dates("Reviewed 19900101 and again 15031990.")] == ["19900101", "15031990"]


@pytest.mark.parametrize(
    "text",
    ["Invoice 45139087 is paid.", "Invoice 12345678 is paid.", "Order 20231301 came.", "DOB 29021991",
     "Code 00000000.", "Paid 1234.01011990 in total.", "Ref 12-01011990.", "Call 07700900 now."],
)
def test_eight_digits_that_are_no_date_are_left_alone(text: str) -> None:
    assert [f for f in find_identifiers(text) if f.type == DATE] == []
