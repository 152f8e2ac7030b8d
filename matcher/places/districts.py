"""Postcode districts shipped with the package, so "LE11 3TU" has a position on a fresh install.

`data/postcode_districts.tsv` holds one position per outward code (about 3,000), the mean of its
postcodes in the ONS Postcode Directory (Open Government Licence; see `data/LICENCE.txt` and
`scripts/build_postcode_districts.py`). It is the fallback when imported postcode data cannot answer:
a full postcode is then placed at its district, which is also the level of detail others may see.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources


@functools.cache
def _districts() -> dict[str, tuple[float, float]]:
    text = importlib.resources.files("matcher.places.data").joinpath("postcode_districts.tsv") \
        .read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {row["district"]: (float(row["latitude"]), float(row["longitude"])) for row in rows}


def district_position(district: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a normalised outward code ("LE11"), or None if no such district."""
    return _districts().get(district)


def district_count() -> int:
    return len(_districts())
