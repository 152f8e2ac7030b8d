"""The built-in gazetteer: UK towns and cities by name, offline.

The data (`data/gb_towns.tsv`, from GeoNames via `scripts/build_gazetteer.py`) is read once per process.
People type town names loosely ("Loughboro", "stoke", "Newport, Wales"), so resolution goes in tiers,
each only consulted when the one before finds nothing:

1. the primary name, where "Newcastle" also covers "Newcastle upon Tyne" (people drop the "upon Tyne"),
2. a GeoNames alternate name ("Caerdydd", "Hull"),
3. the beginning of a name ("Loughboro", "Melton" for Melton Mowbray),
4. a fuzzy match (rapidfuzz) above a score cutoff ("Leicster", "Oxfrod").

Within a tier the largest place wins, unless the query is qualified by country or county after a comma
("Newport, Wales", "Newport, Isle of Wight"). Nothing here touches the database or HTTP: callers turn
`PlaceNotFound` into whatever error their layer speaks.
"""

from __future__ import annotations

import bisect
import csv
import functools
import importlib.resources
import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler

#: Below this score (0-100, see `Gazetteer._scored`) a name is not the one meant; set from typo cases.
FUZZY_CUTOFF = 90.0
#: A query this long that begins a name is taken as that name cut short ("Loughboro").
MIN_PREFIX = 5
#: Suggestions may be looser than matches: they are only offered, never taken.
SUGGEST_CUTOFF = 60.0

_CONNECTORS = ("upon", "on", "under", "super", "sub", "in", "by", "le", "cum")
_COUNTRY_ALIASES = {
    "england": "England", "eng": "England",
    "wales": "Wales", "cymru": "Wales",
    "scotland": "Scotland", "alba": "Scotland",
    "northern ireland": "Northern Ireland", "ni": "Northern Ireland", "n ireland": "Northern Ireland",
    "ulster": "Northern Ireland",
}
#: Qualifiers that say nothing beyond "in the UK", which every place here is.
_NO_QUALIFIER = {"uk", "gb", "united kingdom", "great britain", "britain"}
_COUNTY_NOISE = re.compile(r"\b(county borough|county|co|district|city and borough of|city of|borough of|"
                           r"royal borough of|london borough of|metropolitan borough of|the)\b")


def quote_name(name: str) -> str:
    """Names in a list are quoted, since "Newport, Wales" itself has a comma."""
    return f'"{name}"'


class PlaceNotFound(LookupError):
    """No town is close enough to the query; `suggestions` are the nearest names, best first."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(map(quote_name, suggestions))}?" if suggestions else ""
        super().__init__(f"no UK town or city matches {query!r}{hint}")
        self.query = query
        self.suggestions = suggestions


@dataclass(frozen=True)
class Town:
    name: str
    qualifier: str  # the UK country: England, Wales, Scotland or Northern Ireland
    county: str  # county or unitary authority as GeoNames has it; "" where unknown
    latitude: float
    longitude: float
    population: int  # 0 where GeoNames does not know it


def name_key(text: str) -> str:
    """The form names are compared in: case, punctuation and "Saint"/"St." differences do not count."""
    words = re.sub(r"[^a-z0-9]+", " ", text.casefold()).split()
    return " ".join("st" if w == "saint" else w for w in words)


def _county_key(text: str) -> str:
    return " ".join(_COUNTY_NOISE.sub(" ", name_key(text)).split())


def _split_query(query: str) -> tuple[str, list[str]]:
    """"Newport, Wales" and "Newport (Wales)" -> ("newport", ["wales"])."""
    text = re.sub(r"\(([^)]*)\)", r",\1", query)
    name, *qualifiers = text.split(",")
    keys = (name_key(part) for part in qualifiers)
    return name_key(name), [q for q in keys if q and q not in _NO_QUALIFIER]


def _fit(town: Town, qualifier: str) -> int:
    """How well `qualifier` describes the town: 2 exactly (country or county), 1 loosely, 0 not at all."""
    if _COUNTRY_ALIASES.get(qualifier) == town.qualifier:
        return 2
    if not town.county:
        return 0
    county = _county_key(town.county)
    wanted = _county_key(qualifier)
    if not wanted:
        return 0
    if wanted == county:
        return 2
    # "Down" names "North Down District"; "Leicestershre" is a typo. Loose, so an exact county wins:
    # "Kingswood, Gloucestershire" is not the Kingswood in South Gloucestershire.
    return 1 if f" {wanted} " in f" {county} " or fuzz.ratio(wanted, county) >= 90 else 0


def _best_fits(towns: Iterable[Town], qualifiers: list[str]) -> list[Town]:
    """The towns that fit every qualifier, keeping only the best-fitting ones."""
    fits = [(min((_fit(t, q) for q in qualifiers), default=2), t) for t in towns]
    best = max((fit for fit, _ in fits), default=0)
    return [t for fit, t in fits if fit == best] if best else []


class Gazetteer:
    """Every town, with indexes by name key; immutable once built, so one is shared per process."""

    def __init__(self, towns: Iterable[Town], alternates: Iterable[tuple[str, Town]] = ()) -> None:
        self.towns: tuple[Town, ...] = tuple(towns)
        self._by_key: dict[str, list[Town]] = {}
        for town in self.towns:
            self._by_key.setdefault(name_key(town.name), []).append(town)
        self._by_alternate: dict[str, list[Town]] = {}
        for alt, town in alternates:
            key = name_key(alt)
            if key and town not in self._by_alternate.get(key, []):
                self._by_alternate.setdefault(key, []).append(town)
        self._keys = list(self._by_key)
        self._sorted_keys = sorted(self._keys)
        self._long_forms: dict[str, list[str]] = {}  # "stoke" -> ["stoke on trent", ...]
        for key in self._keys:
            words = key.split(" ")
            for i in range(1, len(words) - 1):
                if words[i] in _CONNECTORS:
                    self._long_forms.setdefault(" ".join(words[:i]), []).append(key)
                    break
        self._lat = np.radians(np.array([t.latitude for t in self.towns], dtype=np.float64))
        self._lon = np.radians(np.array([t.longitude for t in self.towns], dtype=np.float64))
        self._population = np.array([t.population for t in self.towns], dtype=np.int64)
        #: Unit vectors: the nearest town is the one with the largest dot product (no trigonometry per
        #: town on every search that names its places by coordinates).
        self._xyz = np.stack(
            [np.cos(self._lat) * np.cos(self._lon), np.cos(self._lat) * np.sin(self._lon), np.sin(self._lat)]
        )

    def __len__(self) -> int:
        return len(self.towns)

    # -- by name -------------------------------------------------------------------------------------

    def resolve(self, query: str) -> Town:
        """The town meant by `query`, or PlaceNotFound with the closest names."""
        key, qualifiers = _split_query(query)
        if name_key(query) in self._by_key:  # GeoNames has a few names with commas: "Church End, Eversholt"
            key, qualifiers = name_key(query), []
        if key:
            tiers: tuple[Callable[[str], list[Town]], ...] = (
                self._primary, lambda k: self._by_alternate.get(k, []), self._prefixed)
            for tier in tiers:
                chosen = _best_fits(tier(key), qualifiers)
                if chosen:
                    return max(chosen, key=lambda t: t.population)  # max keeps the first of equals
            candidates = self._scored(key, FUZZY_CUTOFF, fuzz.ratio)
            fitting = {id(t) for t in _best_fits((t for _, t in candidates), qualifiers)}
            scored = [(score, t) for score, t in candidates if id(t) in fitting]
            if scored:
                return max(scored, key=lambda st: (st[0], st[1].population))[1]
        raise PlaceNotFound(query, self.suggest(query))

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        """Names to offer when a query fails, each written so that it resolves to that very town."""
        key, _ = _split_query(query)
        if not key or limit <= 0:
            return []
        # A known name with a wrong qualifier ("Newport, Kent") first offers that name's places.
        ranked = [(101.0, t) for t in self._primary(key) or self._by_alternate.get(key, [])]
        ranked += self._scored(key, SUGGEST_CUTOFF, fuzz.WRatio, limit=limit * 3)
        ranked.sort(key=lambda st: (-st[0], -st[1].population))
        labels: list[str] = []
        for _, town in ranked:
            label = self.label(town)
            if label not in labels:
                labels.append(label)
            if len(labels) == limit:
                break
        return labels

    def label(self, town: Town) -> str:
        """The town's name, qualified by county (or country) only where the name alone is ambiguous."""
        if len(self._primary(name_key(town.name))) <= 1:
            return town.name
        county = town.county if town.county and _county_key(town.county) != name_key(town.name) else ""
        return f"{town.name}, {county or town.qualifier}"

    def towns_named(self, name: str) -> list[Town]:
        return list(self._by_key.get(name_key(name), []))

    def _primary(self, key: str) -> list[Town]:
        """Exact name, plus the long forms people shorten: "Stoke" for "Stoke-on-Trent"."""
        found = list(self._by_key.get(key, []))
        for other in self._long_forms.get(key, ()):
            found.extend(self._by_key[other])
        return found

    def _prefixed(self, key: str) -> list[Town]:
        """Names the query begins: whole words ("Melton" for Melton Mowbray) or 5+ letters ("Loughboro")."""
        start = bisect.bisect_left(self._sorted_keys, key)
        found: list[Town] = []
        for other in itertools.islice(self._sorted_keys, start, None):
            if not other.startswith(key):
                break
            if other != key and (len(key) >= MIN_PREFIX or other[len(key)] == " "):
                found.extend(self._by_key[other])
        return found

    def _scored(self, key: str, cutoff: float, scorer: Callable[..., float],
                limit: int = 20) -> list[tuple[float, Town]]:
        """Towns whose names score at least `cutoff` by the better of `scorer` and Jaro-Winkler.

        Jaro-Winkler forgives transposed letters ("Oxfrod") and rewards a right beginning; fuzz.ratio
        (for matching) ignores partial overlaps, so "Whitwick" does not become "Wick"; fuzz.WRatio (for
        suggestions) does not, which is what a list of hints wants.
        """
        best: dict[str, float] = {}
        for match, score, _ in process.extract(key, self._keys, scorer=JaroWinkler.normalized_similarity,
                                               limit=limit, score_cutoff=cutoff / 100):
            best[match] = max(best.get(match, 0.0), score * 100)
        for match, score, _ in process.extract(key, self._keys, scorer=scorer, limit=limit,
                                               score_cutoff=cutoff):
            best[match] = max(best.get(match, 0.0), score)
        return [(score, t) for match, score in best.items() for t in self._by_key[match]]

    # -- by position ---------------------------------------------------------------------------------

    def nearest(self, latitude: float, longitude: float, min_population: int = 0) -> Town:
        """The nearest town, to name the area a coordinate is in (great-circle, numpy over all towns)."""
        lat, lon = math.radians(latitude), math.radians(longitude)
        point = np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])
        dots = point @ self._xyz
        if min_population > 0:
            dots = np.where(self._population >= min_population, dots, -np.inf)
        return self.towns[int(np.argmax(dots))]


def _read_rows(lines: Iterable[str]) -> tuple[list[Town], list[tuple[str, Town]]]:
    towns: list[Town] = []
    alternates: list[tuple[str, Town]] = []
    for row in csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        town = Town(name=row["name"], qualifier=row["country"], county=row["county"],
                    latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                    population=int(row["population"]))
        towns.append(town)
        alternates.extend((alt, town) for alt in row["alternates"].split("|") if alt)
    return towns, alternates


def load_gazetteer(lines: Sequence[str] | None = None) -> Gazetteer:
    """A gazetteer from TSV lines (tests pass a few), by default the packaged data file."""
    if lines is None:
        data = importlib.resources.files("matcher.places.data") / "gb_towns.tsv"
        with data.open(encoding="utf-8") as handle:
            return Gazetteer(*_read_rows(handle))
    return Gazetteer(*_read_rows(lines))


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read on first use (about 6,000 places; some tens of milliseconds)."""
    return load_gazetteer()
