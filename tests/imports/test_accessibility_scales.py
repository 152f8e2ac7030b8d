"""Accessibility cells from other councils' spreadsheets: other scales and the categories' words."""

from __future__ import annotations

import httpx
import pytest

from matcher.imports.accessibility import SCALES, read_accessibility
from tests.factories import Factory
from tests.imports.helpers import IMPORT_URL, csv_file, home_row, upload


@pytest.mark.parametrize(
    ("cell", "letter"),
    [
        ("C", "C"), ("category b", "B"), ("C: Lifetime Homes", "C"),
        ("1 of 3", "A"), ("2 of 3", "C"), ("3/3", "E"), ("Mobility 2 of 4", "B"), ("4 out of 4", "E"),
        ("Wheelchair accessible throughout", "A"), ("lifetime homes", "C"), ("Not yet assessed", "G"),
        ("general needs", "F"), ("minimal  steps", "E"),
    ],
)
def test_a_cell_is_read_as_its_letter(cell: str, letter: str) -> None:
    assert read_accessibility(cell).letter == letter


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("2", "'2 of 3' or '2 of 4'"),  # 2 of 3 and 2 of 4 are different homes
        ("5 of 5", "only scales of 1 to 3 and 1 to 4"),
        ("4 of 3", "give 1 to 3"),
        ("wheelchair accessible", "could be category A or B"),
        ("sort of", "is not an accessibility category"),
    ],
)
def test_a_cell_that_cannot_be_read_says_what_would_do(cell: str, said: str) -> None:
    reading = read_accessibility(cell)
    assert reading.letter is None
    assert reading.problem is not None
    assert said in reading.problem


def test_a_shorter_scale_never_reads_as_more_accessible_than_the_longer() -> None:
    """Each step maps to the least accessible letter it can mean: 2 of 3 is no better than 3 of 4."""
    three, four = SCALES[3], SCALES[4]
    assert three[0] == four[0] == "A"
    assert three[1] >= four[2]
    assert three[2] >= four[3]


async def test_the_import_reports_each_reading_and_each_refusal(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    landlord = await factory.provider("housing")
    rows = [home_row("S1", accessibility="2 of 3"), home_row("S2", accessibility="Lifetime Homes"),
            home_row("S3", accessibility="3")]
    answer = await client.post(
        f"{IMPORT_URL}?dry_run=true", headers=landlord.headers, **upload(csv_file(rows))
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert {"row": 1, "field": "accessibility", "from": "2 of 3", "to": "C"} in report["normalised"]
    assert {"row": 2, "field": "accessibility", "from": "Lifetime Homes", "to": "C"} in report["normalised"]
    [error] = report["errors"]
    assert (error["row"], error["field"]) == (3, "accessibility")
    assert "'3 of 3' or '3 of 4'" in error["message"]
