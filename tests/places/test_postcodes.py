"""Postcode text and postcode files: pure, no database."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from matcher.places import (
    ParsedRow,
    Skipped,
    UnknownPostcodeFormat,
    iter_postcode_rows,
    normalise_postcode,
    postcode_district,
)
from matcher.places.postcodes import DistrictCentroids, detect_format, osgb36_to_wgs84

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> tuple[list[ParsedRow], list[Skipped]]:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        items = list(iter_postcode_rows(handle))
    return [i for i in items if isinstance(i, ParsedRow)], [i for i in items if isinstance(i, Skipped)]


@pytest.mark.parametrize(("text", "expected"), [
    ("le113tu", "LE11 3TU"),
    ("LE11 3TU", "LE11 3TU"),
    ("  le11   3tu ", "LE11 3TU"),
    ("le11", "LE11"),
    ("EC1A 1BB", "EC1A 1BB"),
    ("ec1a1bb", "EC1A 1BB"),
    ("W1A 0AX", "W1A 0AX"),
    ("M1 1AE", "M1 1AE"),
    ("B33 8TH", "B33 8TH"),
    ("CR2 6XH", "CR2 6XH"),
    ("DN55 1PT", "DN55 1PT"),
    ("E1W 1AA", "E1W 1AA"),
    ("GIR 0AA", "GIR 0AA"),
    ("M1", "M1"),
    ("EC1A", "EC1A"),
    ("B33", "B33"),
])
def test_normalise_valid(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "LE11 3T", "LE11 3", "LE113TUX", "12345", "QE1 1AA", "LE11 3CU", "LE11 CTU", "1LE 1AA",
    "LOUGHBOROUGH", "L", "LE1 1A!", "ZZ99 9ZZ",
])
def test_normalise_invalid(text: str) -> None:
    assert normalise_postcode(text) is None


def test_postcode_district() -> None:
    assert postcode_district("le113tu") == "LE11"
    assert postcode_district("EC1A 1BB") == "EC1A"
    assert postcode_district("M1") == "M1"
    with pytest.raises(ValueError, match="not a UK postcode"):
        postcode_district("nonsense")


def test_onspd_rows_and_skip_reasons() -> None:
    rows, skipped = _read("onspd_sample.csv")
    assert [r.postcode for r in rows] == ["LE11 3TU", "LE11 3TX", "LE12 9AB"]
    assert {r.kind for r in rows} == {"unit"}
    assert rows[0].latitude == pytest.approx(52.771011)
    assert rows[0].longitude == pytest.approx(-1.211839)
    assert Counter(s.reason for s in skipped) == {
        "terminated": 1, "no_location": 1, "invalid_postcode": 1, "bad_number": 1}
    terminated = next(s for s in skipped if s.reason == "terminated")
    assert (terminated.line, terminated.value) == (4, "LE11 2AA")


def test_codepoint_rows_are_converted_from_the_national_grid() -> None:
    rows, skipped = _read("codepoint_sample.csv")
    assert [r.postcode for r in rows] == ["LE11 3TU", "LE11 3TX", "CF10 1AA"]
    assert rows[0].latitude == pytest.approx(52.7711, abs=2e-4)  # 453893 E, 319575 N: Loughborough
    assert rows[0].longitude == pytest.approx(-1.2026, abs=2e-4)
    assert rows[2].latitude == pytest.approx(51.48, abs=0.01)
    assert rows[2].longitude == pytest.approx(-3.18, abs=0.01)
    assert Counter(s.reason for s in skipped) == {"no_location": 1, "invalid_postcode": 1, "bad_number": 1}


def test_simple_district_file() -> None:
    rows, skipped = _read("districts_sample.csv")
    assert [(r.postcode, r.kind) for r in rows] == [("LE11", "district"), ("LE12", "district")]
    assert Counter(s.reason for s in skipped) == {"invalid_postcode": 1, "bad_number": 1, "no_location": 1}


def test_simple_postcode_file_mixes_units_and_districts() -> None:
    lines = ["\ufeffPostcode,Latitude,Longitude\r\n", "le113tu,52.771,-1.2118\r\n", "LE11,52.77,-1.21\r\n",
             "\r\n", ",,\r\n", "garbage\r\n"]
    items = list(iter_postcode_rows(lines))
    assert items[:2] == [ParsedRow("LE11 3TU", "unit", 52.771, -1.2118),
                         ParsedRow("LE11", "district", 52.77, -1.21)]
    # Blank rows are not data; a row too short to hold the numbers is "bad_number".
    assert items[2:] == [Skipped("bad_number", 6, "garbage")]


def test_osgb36_conversion_matches_the_ordnance_survey_worked_example() -> None:
    """OS "A guide to coordinate systems in Great Britain": 651409.903 E, 313177.270 N is
    52°39'27.2531"N 1°43'4.5177"E on OSGB36; WGS84 differs from that by well under 0.002 degrees."""
    latitude, longitude = osgb36_to_wgs84()(651409.903, 313177.270)
    assert latitude == pytest.approx(52.657570, abs=2e-3)
    assert longitude == pytest.approx(1.717922, abs=2e-3)


def test_format_detection() -> None:
    assert detect_format(["pcd", "pcd2", "pcds", "doterm", "lat", "long"]) == "onspd"
    assert detect_format(["PCDS", "LAT", "LONG"]) == "onspd"
    assert detect_format(["postcode", "latitude", "longitude"]) == "simple"
    assert detect_format(["district", "latitude", "longitude"]) == "simple"
    assert detect_format(["AB101AA", "10", "394251", "806376", "S92000003"]) == "codepoint"
    with pytest.raises(UnknownPostcodeFormat, match="Code-Point Open"):
        detect_format(["name", "lat", "lon"])
    with (FIXTURES / "unknown_format.csv").open() as handle, pytest.raises(UnknownPostcodeFormat):
        list(iter_postcode_rows(handle))
    assert list(iter_postcode_rows([])) == []


def test_district_centroids_are_means_of_units() -> None:
    centroids = DistrictCentroids()
    for row in (ParsedRow("LE11 3TU", "unit", 52.0, -1.0), ParsedRow("LE11 3TX", "unit", 53.0, -2.0),
                ParsedRow("LE12 9AB", "unit", 52.5, -1.5), ParsedRow("LE67", "district", 1.0, 1.0)):
        centroids.add(row)
    assert centroids.rows() == [ParsedRow("LE11", "district", 52.5, -1.5),
                                ParsedRow("LE12", "district", 52.5, -1.5)]
    assert len(centroids) == 2
