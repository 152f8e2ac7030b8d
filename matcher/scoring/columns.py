"""The marketplace as columns: one numpy array per attribute, sets as int64 bitmasks.

A search tests every candidate against every hard constraint (the answer counts exclusions by reason),
so the per-candidate cost must be a handful of vector operations; Python objects are only touched for the
few candidates that are reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matcher.vocab import (
    ACCESSIBILITY,
    CLIENT_GROUPS,
    COMMUNICATION,
    HOME_FEATURE_CODES,
    LANGUAGES,
    LIVING_ARRANGEMENTS,
    NIGHT_COVER,
    PROPERTY_TYPES,
    SPECIALISTS,
    STAFF_RATIOS,
    TENURES,
)

from .geo import band, km_to_dot, unit_vectors
from .pbs import pbs_level, pbs_score
from .types import CareProvider, Home

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

#: Ordinal standing for "no date": ready now, never after a target date.
NO_DATE = -(1 << 40)


class InvalidQuery(ValueError):
    """A query code outside the controlled vocabularies; the message names the field and the code."""


def _index(codes: Sequence[str]) -> dict[str, int]:
    return {c: i for i, c in enumerate(codes)}


FEATURE_BIT = _index(HOME_FEATURE_CODES)
TENURE_BIT = _index(TENURES)
CLIENT_BIT = _index(CLIENT_GROUPS)
RATIO_BIT = _index(STAFF_RATIOS)
NIGHT_BIT = _index(NIGHT_COVER)
SPECIALIST_BIT = _index(SPECIALISTS)
COMM_BIT = _index(COMMUNICATION)
LANGUAGE_BIT = _index(LANGUAGES)
ARRANGEMENT_CODE = _index(LIVING_ARRANGEMENTS)
TYPE_CODE = _index(PROPERTY_TYPES)
ACCESS_RANK = _index(ACCESSIBILITY)


def listing_bits(codes: Iterable[str], index: Mapping[str, int]) -> int:
    """Bitmask of a listing's codes; codes outside the vocabulary are ignored (imports report them)."""
    out = 0
    for c in codes:
        if c in index:
            out |= 1 << index[c]
    return out


def query_bits(field: str, codes: Iterable[str], index: Mapping[str, int]) -> int:
    """Bitmask of a query's codes; an unknown code would silently match nothing, so it is refused."""
    out = 0
    for c in codes:
        if c not in index:
            raise InvalidQuery(f"{field}: unknown code {c!r}; allowed: {', '.join(index)}")
        out |= 1 << index[c]
    return out


def mask(bits: int) -> np.int64:
    """A query bitmask as a numpy scalar: a Python int operand sends numpy's bitwise ops down a path
    about ten times slower over 100,000 homes."""
    return np.int64(bits)


def lacks_any(listing_bits: I64, wanted: int) -> B:
    """Per listing: is any of the wanted codes missing from its bitmask."""
    w = mask(wanted)
    return np.asarray((listing_bits & w) != w, dtype=np.bool_)


def decode_bits(mask: int, codes: Sequence[str]) -> list[str]:
    return [c for i, c in enumerate(codes) if mask >> i & 1]


def ordinal(d: date | None) -> int:
    return NO_DATE if d is None else d.toordinal()


def popcount(a: I64) -> I64:
    return np.bitwise_count(a).astype(np.int64)


def id_ranks(ids: Sequence[str]) -> I64:
    """Each id's position in sorted order, so ties break on id with integer sorts."""
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = np.arange(len(ids), dtype=np.int64)
    return ranks


@dataclass(frozen=True, slots=True)
class ProviderColumns:
    id_rank: I64
    client_bits: I64
    ratio_bits: I64
    night_bits: I64
    female_only: B
    male_only: B
    specialist_bits: I64
    comm_bits: I64
    language_bits: I64
    level: I64
    pbs_score: F64
    breadth: F64
    new_packages: I64
    start_ord: I64
    #: Service areas flattened: provider i owns areas area_ptr[i]:area_ptr[i+1].
    area_ptr: I64
    area_prov: I64
    area_xyz: F64
    area_lat: F64
    area_lon: F64
    area_radius: F64
    area_dot_in: F64  # a place with a dot product at least this is surely inside the circle
    area_dot_out: F64  # below this surely outside; in between geodesic decides
    rrn: B
    #: (slots, providers) area indices, padded with len(areas) (a row of -1 dots), when no provider has
    #: more than PAD_MAX_AREAS areas; None otherwise (reduceat is used instead).
    area_pad: I64 | None

    @property
    def size(self) -> int:
        return len(self.id_rank)

    def areas_of(self, providers: I64) -> tuple[I64, I64]:
        """The service areas of these providers (area indices) and, per area, the position in
        `providers` of the provider owning it; without a Python loop."""
        starts = self.area_ptr[providers]
        counts = self.area_ptr[providers + 1] - starts
        owner = np.repeat(np.arange(len(providers), dtype=np.int64), counts)
        return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(len(owner)), owner

    @classmethod
    def build(cls, providers: Sequence[CareProvider]) -> ProviderColumns:
        n = len(providers)
        counts = np.array([len(p.service_area) for p in providers], dtype=np.int64)
        area_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=area_ptr[1:])
        areas = [a for p in providers for a in p.service_area]
        lat = np.array([a.latitude for a in areas], dtype=np.float64)
        lon = np.array([a.longitude for a in areas], dtype=np.float64)

        def ints(values: Iterable[int]) -> I64:
            return np.fromiter(values, dtype=np.int64, count=n)

        return cls(
            id_rank=id_ranks([p.organisation_id for p in providers]),
            client_bits=ints(listing_bits(p.client_groups, CLIENT_BIT) for p in providers),
            ratio_bits=ints(listing_bits(p.ratios, RATIO_BIT) for p in providers),
            night_bits=ints(listing_bits(p.nights, NIGHT_BIT) for p in providers),
            female_only=np.array([p.female_staff_only for p in providers], dtype=np.bool_),
            male_only=np.array([p.male_staff_only for p in providers], dtype=np.bool_),
            specialist_bits=ints(listing_bits(p.specialists, SPECIALIST_BIT) for p in providers),
            comm_bits=ints(listing_bits(p.communication, COMM_BIT) for p in providers),
            language_bits=ints(listing_bits(p.languages, LANGUAGE_BIT) for p in providers),
            level=ints(pbs_level(p.pbs) for p in providers),
            pbs_score=np.fromiter((pbs_score(p.pbs) for p in providers), dtype=np.float64, count=n),
            breadth=np.fromiter(
                (len(p.client_groups & set(CLIENT_GROUPS)) / len(CLIENT_GROUPS) for p in providers),
                dtype=np.float64,
                count=n,
            ),
            new_packages=ints(p.new_packages for p in providers),
            start_ord=ints(ordinal(p.earliest_start) for p in providers),
            area_ptr=area_ptr,
            area_prov=np.repeat(np.arange(n, dtype=np.int64), counts),
            area_xyz=unit_vectors(lat, lon) if areas else np.zeros((0, 3), dtype=np.float64),
            area_lat=lat,
            area_lon=lon,
            area_radius=np.array([a.radius_km for a in areas], dtype=np.float64),
            area_dot_in=np.array([km_to_dot(band(a.radius_km)[0]) for a in areas], dtype=np.float64),
            area_dot_out=np.array([km_to_dot(band(a.radius_km)[1]) for a in areas], dtype=np.float64),
            rrn=np.array([p.pbs.rrn_certified_training for p in providers], dtype=np.bool_),
            area_pad=_area_pad(area_ptr, counts),
        )


#: Beyond this many areas for one provider the padded layout wastes more than it saves.
PAD_MAX_AREAS = 8


def _area_pad(area_ptr: I64, counts: I64) -> I64 | None:
    slots = int(counts.max()) if len(counts) else 0
    if slots == 0 or slots > PAD_MAX_AREAS:
        return None
    pad = np.full((slots, len(counts)), int(area_ptr[-1]), dtype=np.int64)
    for k in range(slots):
        has = counts > k
        pad[k, has] = area_ptr[:-1][has] + k
    return pad


@dataclass(frozen=True, slots=True)
class HomeColumns:
    id_rank: I64
    org_provider: I64  # index of the care provider of the same organisation, -1 when none
    xyz: F64
    lat: F64
    lon: F64
    arrangement: I64
    ptype: I64
    bedrooms: I64
    access_rank: I64
    feature_bits: I64  # features and assistive technology together: must_have may name either
    tenure_bits: I64
    rent: F64  # NaN when not stated
    avail_ord: I64
    available: B
    #: Named care partners, as provider indices: home i's are partner_idx[partner_ptr[i]:partner_ptr[i+1]].
    partner_ptr: I64
    partner_idx: I64

    @property
    def size(self) -> int:
        return len(self.id_rank)

    @classmethod
    def build(cls, homes: Sequence[Home], provider_index: Mapping[str, int]) -> HomeColumns:
        n = len(homes)

        def ints(values: Iterable[int]) -> I64:
            return np.fromiter(values, dtype=np.int64, count=n)

        lat = np.array([h.latitude for h in homes], dtype=np.float64)
        lon = np.array([h.longitude for h in homes], dtype=np.float64)
        partners = [
            sorted(provider_index[o] for o in h.care_partner_ids if o in provider_index) for h in homes
        ]
        partner_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum([len(p) for p in partners], out=partner_ptr[1:])
        return cls(
            id_rank=id_ranks([h.property_id for h in homes]),
            org_provider=ints(provider_index.get(h.organisation_id, -1) for h in homes),
            xyz=unit_vectors(lat, lon) if homes else np.zeros((0, 3), dtype=np.float64),
            lat=lat,
            lon=lon,
            arrangement=ints(ARRANGEMENT_CODE.get(h.living_arrangement, -1) for h in homes),
            ptype=ints(TYPE_CODE.get(h.property_type, -1) for h in homes),
            bedrooms=ints(h.bedrooms for h in homes),
            access_rank=ints(ACCESS_RANK.get(h.accessibility, len(ACCESSIBILITY) - 1) for h in homes),
            feature_bits=ints(listing_bits(h.features | h.assistive_technology, FEATURE_BIT) for h in homes),
            tenure_bits=ints(listing_bits(h.tenure, TENURE_BIT) for h in homes),
            rent=np.array(
                [np.nan if h.weekly_rent is None else h.weekly_rent for h in homes], dtype=np.float64
            ),
            avail_ord=ints(ordinal(h.available_from) for h in homes),
            available=np.array([h.status == "available" for h in homes], dtype=np.bool_),
            partner_ptr=partner_ptr,
            partner_idx=np.array([i for p in partners for i in p], dtype=np.int64),
        )
