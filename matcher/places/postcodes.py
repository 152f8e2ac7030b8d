"""UK postcodes as text: normalising them, and reading postcode files row by row.

Three file layouts are recognised from their first line, because people download whichever is at hand:

* the ONS Postcode Directory (ONSPD) CSV: a header with `pcds` (or `pcd`/`pcd2`/`pcd7`/`pcd8`), `lat`,
  `long` and `doterm`; terminated postcodes and those without a location (lat 99.999999) are skipped;
* Code-Point Open CSV: no header; Postcode, Positional_quality_indicator, Eastings, Northings, ...
  in OSGB36 British National Grid metres, converted to WGS84 with pyproj; quality 90 has no position;
* a plain CSV with a header `postcode,latitude,longitude` or `district,latitude,longitude`.

Everything here is pure, so it is tested without a database; `importer.py` does the writing.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

#: The outward code: area letters, district digit(s), and an optional letter (EC1A, W1A, M1, B33, DN55).
_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
#: The inward code: sector digit and two unit letters (never C, I, K, M, O or V).
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL = re.compile(rf"({_OUTWARD})({_INWARD})|(GIR)(0AA)")
_DISTRICT = re.compile(rf"{_OUTWARD}|GIR")

SkipReason = Literal["invalid_postcode", "no_location", "terminated", "bad_number"]
Kind = Literal["unit", "district"]
FileFormat = Literal["onspd", "codepoint", "simple"]

#: ONSPD writes this latitude (and 0 longitude) for a postcode it cannot place.
_NO_LATITUDE = 99.999999
#: Code-Point Open's positional quality for "no coordinates".
_CODEPOINT_NO_POSITION = "90"
#: The British National Grid's extent in metres; beyond it a number is a typo, not a place.
_MAX_EASTINGS, _MAX_NORTHINGS = 800_000, 1_400_000


class UnknownPostcodeFormat(ValueError):
    """The file is none of the layouts this module reads; the message says which ones it does."""


@dataclass(frozen=True, slots=True)
class ParsedRow:
    postcode: str  # normalised: "LE11 3TU" for a unit, "LE11" for a district
    kind: Kind
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Skipped:
    reason: SkipReason
    line: int  # 1-based physical row of the file, header included
    value: str = ""


def normalise_postcode(text: str) -> str | None:
    """"le113tu" -> "LE11 3TU", " le11 " -> "LE11"; anything not shaped like a UK postcode -> None."""
    compact = re.sub(r"\s+", "", text).upper()
    full = _FULL.fullmatch(compact)
    if full:
        outward, inward = (full.group(1), full.group(2)) if full.group(1) else (full.group(3), full.group(4))
        return f"{outward} {inward}"
    if _DISTRICT.fullmatch(compact):
        return compact
    return None


def is_district(postcode: str) -> bool:
    """True for a normalised outward code ("LE11"), False for a full postcode ("LE11 3TU")."""
    return " " not in postcode


def postcode_district(postcode: str) -> str:
    """The outward code (postcode district) of a full postcode or district, in any spacing or case."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValueError(f"not a UK postcode: {postcode!r}")
    return normalised.split(" ", 1)[0]


# -- reading files ----------------------------------------------------------------------------------

def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _first(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def detect_format(first_row: list[str]) -> FileFormat:
    header = [cell.strip().lower() for cell in first_row]
    if _first(header, ("pcds", "pcd", "pcd2", "pcd7", "pcd8")) is not None and "lat" in header \
            and ("long" in header or "lon" in header):
        return "onspd"
    if _first(header, ("postcode", "district")) is not None and {"latitude", "longitude"} <= set(header):
        return "simple"
    if len(first_row) >= 4 and normalise_postcode(first_row[0]) is not None \
            and _number(first_row[2]) is not None and _number(first_row[3]) is not None:
        return "codepoint"
    raise UnknownPostcodeFormat(
        "not a postcode file this importer reads: expected an ONS Postcode Directory CSV (header with pcds, "
        "lat, long), a Code-Point Open CSV (no header; Postcode, quality, Eastings, Northings, ...), or a "
        "CSV with a header postcode,latitude,longitude or district,latitude,longitude"
    )


def _parsed(postcode: str, latitude: float, longitude: float) -> ParsedRow:
    return ParsedRow(postcode, "district" if is_district(postcode) else "unit", latitude, longitude)


def _onspd(rows: Iterator[tuple[int, list[str]]], header: list[str]) -> Iterator[ParsedRow | Skipped]:
    pc = _first(header, ("pcds", "pcd", "pcd2", "pcd7", "pcd8"))
    lat, lon = header.index("lat"), _first(header, ("long", "lon"))
    doterm = _first(header, ("doterm",))
    assert pc is not None
    assert lon is not None
    width = max(pc, lat, lon, doterm or 0)
    for line, row in rows:
        if len(row) <= width:
            yield Skipped("bad_number", line, ",".join(row)[:40])
            continue
        postcode = normalise_postcode(row[pc])
        if postcode is None or is_district(postcode):
            yield Skipped("invalid_postcode", line, row[pc])
        elif doterm is not None and row[doterm].strip():
            yield Skipped("terminated", line, postcode)
        else:
            latitude, longitude = _number(row[lat]), _number(row[lon])
            if latitude is None or longitude is None:
                yield Skipped("bad_number", line, postcode)
            elif latitude >= _NO_LATITUDE - 1e-6 or not _in_range(latitude, longitude):
                yield Skipped("no_location", line, postcode)
            else:
                yield _parsed(postcode, latitude, longitude)


def _simple(rows: Iterator[tuple[int, list[str]]], header: list[str]) -> Iterator[ParsedRow | Skipped]:
    pc = _first(header, ("postcode", "district"))
    lat, lon = header.index("latitude"), header.index("longitude")
    assert pc is not None
    width = max(pc, lat, lon)
    for line, row in rows:
        if len(row) <= width:
            yield Skipped("bad_number", line, ",".join(row)[:40])
            continue
        postcode = normalise_postcode(row[pc])
        latitude, longitude = _number(row[lat]), _number(row[lon])
        if postcode is None:
            yield Skipped("invalid_postcode", line, row[pc])
        elif latitude is None or longitude is None:
            yield Skipped("bad_number", line, postcode)
        elif not _in_range(latitude, longitude):
            yield Skipped("no_location", line, postcode)
        else:
            yield _parsed(postcode, latitude, longitude)


def osgb36_to_wgs84() -> Callable[[float, float], tuple[float, float]]:
    """(eastings, northings) in British National Grid metres -> (latitude, longitude) in WGS84."""
    try:
        from pyproj import Transformer
    except ImportError as exc:  # pragma: no cover - pyproj is a dependency; this is for broken installs
        raise UnknownPostcodeFormat("reading Code-Point Open needs the 'pyproj' package "
                                    "(eastings/northings to latitude/longitude)") from exc
    transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)

    def convert(eastings: float, northings: float) -> tuple[float, float]:
        longitude, latitude = transformer.transform(eastings, northings)
        return float(latitude), float(longitude)

    return convert


def _codepoint(rows: Iterator[tuple[int, list[str]]]) -> Iterator[ParsedRow | Skipped]:
    convert = osgb36_to_wgs84()
    for line, row in rows:
        if len(row) < 4:
            yield Skipped("bad_number", line, ",".join(row)[:40])
            continue
        postcode = normalise_postcode(row[0])
        if postcode is None or is_district(postcode):
            yield Skipped("invalid_postcode", line, row[0])
            continue
        eastings, northings = _number(row[2]), _number(row[3])
        if row[1].strip() == _CODEPOINT_NO_POSITION or (eastings == 0 and northings == 0):
            yield Skipped("no_location", line, postcode)
        elif eastings is None or northings is None or not (0 <= eastings <= _MAX_EASTINGS
                                                             and 0 <= northings <= _MAX_NORTHINGS):
            yield Skipped("bad_number", line, postcode)
        else:
            latitude, longitude = convert(eastings, northings)
            yield _parsed(postcode, round(latitude, 6), round(longitude, 6))


def _in_range(latitude: float, longitude: float) -> bool:
    """Inside the UK, Channel Islands and Isle of Man, generously: anything else is a placeholder."""
    return 49.0 <= latitude <= 61.5 and -9.0 <= longitude <= 3.0


def iter_postcode_rows(lines: Iterable[str]) -> Iterator[ParsedRow | Skipped]:
    """Every data row of a postcode file as a ParsedRow or a Skipped, lazily: files run to gigabytes.

    Raises UnknownPostcodeFormat when the first line matches no known layout; an empty input yields
    nothing.
    """
    reader = csv.reader(lines)
    numbered = ((reader.line_num, row) for row in reader if any(cell.strip() for cell in row))
    first = next(numbered, None)
    if first is None:
        return
    line, row = first
    if row and row[0].startswith("\ufeff"):  # a byte-order mark that survived decoding
        row = [row[0][1:], *row[1:]]
    kind = detect_format(row)
    header = [cell.strip().lower() for cell in row]
    if kind == "onspd":
        yield from _onspd(numbered, header)
    elif kind == "simple":
        yield from _simple(numbered, header)
    else:
        yield from _codepoint(_chain_first((line, row), numbered))


def _chain_first(first: tuple[int, list[str]],
                 rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


class DistrictCentroids:
    """Running means of unit postcodes per district, so "LE11" resolves after importing full postcodes."""

    def __init__(self) -> None:
        self._sums: dict[str, list[float]] = {}

    def add(self, row: ParsedRow) -> None:
        if row.kind != "unit":
            return
        sums = self._sums.setdefault(postcode_district(row.postcode), [0.0, 0.0, 0.0])
        sums[0] += row.latitude
        sums[1] += row.longitude
        sums[2] += 1

    def __len__(self) -> int:
        return len(self._sums)

    def rows(self) -> list[ParsedRow]:
        return [ParsedRow(d, "district", round(s[0] / s[2], 6), round(s[1] / s[2], 6))
                for d, s in sorted(self._sums.items())]
