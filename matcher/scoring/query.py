"""A case query compiled once per search into masks and thresholds the columns can be tested against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from matcher.vocab import ACCESSIBILITY, LIVING_ARRANGEMENTS, PROPERTY_TYPES

from .columns import (
    ACCESS_RANK,
    ARRANGEMENT_CODE,
    CLIENT_BIT,
    COMM_BIT,
    F64,
    FEATURE_BIT,
    LANGUAGE_BIT,
    NIGHT_BIT,
    RATIO_BIT,
    SPECIALIST_BIT,
    TENURE_BIT,
    TYPE_CODE,
    B,
    InvalidQuery,
    query_bits,
)
from .geo import unit_vectors
from .types import CaseQuery, Place


def _allowed(field: str, codes: frozenset[str], index: dict[str, int], size: int) -> B:
    """Lookup table by code index; the extra last slot (index -1) is a listing's unknown code."""
    table = np.zeros(size + 1, dtype=np.bool_)
    for c in codes:
        if c not in index:
            raise InvalidQuery(f"{field}: unknown code {c!r}; allowed: {', '.join(index)}")
        table[index[c]] = True
    return table


@dataclass(frozen=True, slots=True)
class QueryContext:
    query: CaseQuery
    today: date
    places: tuple[Place, ...]
    place_xyz: F64  # (P, 3)
    place_weight: F64  # sums to 1
    place_lat: F64
    place_lon: F64
    arrangement_ok: B
    type_ok: B | None  # None: any type
    must_bits: int
    nice_bits: int
    min_rank: int
    tenure_bits: int  # 0: any tenure
    client_bits: int
    ratio_bits: int
    night_bits: int
    specialist_bits: int
    comm_bits: int
    language_bits: int

    @property
    def target_ord(self) -> int | None:
        t = self.query.target_move_date
        return None if t is None else t.toordinal()

    @classmethod
    def compile(cls, query: CaseQuery, today: date) -> QueryContext:
        if not query.places:
            raise InvalidQuery("places: at least one place that matters is needed")
        if query.min_accessibility not in ACCESS_RANK:
            raise InvalidQuery(
                f"min_accessibility: unknown code {query.min_accessibility!r}; "
                f"allowed: {', '.join(ACCESSIBILITY)}"
            )
        if query.staff_gender not in (None, "female", "male"):
            raise InvalidQuery(f"staff_gender: unknown code {query.staff_gender!r}; allowed: female, male")
        weights = np.array([max(p.weight, 0.0) for p in query.places], dtype=np.float64)
        weights = weights / weights.sum() if weights.sum() > 0 else np.full(len(weights), 1 / len(weights))
        return cls(
            query=query,
            today=today,
            places=query.places,
            place_xyz=unit_vectors(
                np.array([p.latitude for p in query.places], dtype=np.float64),
                np.array([p.longitude for p in query.places], dtype=np.float64),
            ),
            place_weight=weights,
            place_lat=np.array([p.latitude for p in query.places], dtype=np.float64),
            place_lon=np.array([p.longitude for p in query.places], dtype=np.float64),
            arrangement_ok=_allowed(
                "living_arrangement", query.living_arrangement, ARRANGEMENT_CODE, len(LIVING_ARRANGEMENTS)
            ),
            type_ok=_allowed("property_types", query.property_types, TYPE_CODE, len(PROPERTY_TYPES))
            if query.property_types
            else None,
            must_bits=query_bits("must_have", query.must_have, FEATURE_BIT),
            nice_bits=query_bits("nice_to_have", query.nice_to_have, FEATURE_BIT),
            min_rank=ACCESS_RANK[query.min_accessibility],
            tenure_bits=query_bits("tenure", query.tenure, TENURE_BIT),
            client_bits=query_bits("client_groups", query.client_groups, CLIENT_BIT),
            ratio_bits=query_bits("day_ratio", [query.day_ratio] if query.day_ratio else [], RATIO_BIT),
            night_bits=query_bits("night", [query.night] if query.night else [], NIGHT_BIT),
            specialist_bits=query_bits("specialists", query.specialists, SPECIALIST_BIT),
            comm_bits=query_bits("communication", query.communication, COMM_BIT),
            language_bits=query_bits("language", [query.language] if query.language else [], LANGUAGE_BIT),
        )
