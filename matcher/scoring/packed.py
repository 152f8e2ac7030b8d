"""Listings kept as bytes, not as Python objects, once the index's columns are built from them.

Why: a pre-forked worker that merely *reads* a Python object writes its reference count, and the page
holding it stops being shared with the other workers (copy-on-write). A search reports some 30 listings,
so over a day every worker ended up with its own copy of most of the 120,000 listing objects. Here each
listing is one `marshal` record inside a few large `bytes` chunks that nobody ever writes; a search
decodes the handful it reports (about 15 µs each, memoised per snapshot), and only those copies are
private.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Collection, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from .types import CareProvider, Home, PbsEvidence, ServiceArea

T = TypeVar("T")
I64 = npt.NDArray[np.int64]
#: Listings decoded per snapshot and kept: more than a search reports many times over.
DECODED_CACHE_SIZE = 4096


def _day(d: date | None) -> int | None:
    return None if d is None else d.toordinal()


def _date(n: int | None) -> date | None:
    return None if n is None else date.fromordinal(n)


def pack_home(h: Home) -> bytes:
    return marshal.dumps(
        (
            h.property_id,
            h.organisation_id,
            h.title,
            h.description,
            h.property_type,
            h.living_arrangement,
            h.max_occupants,
            h.bedrooms,
            h.accessibility,
            h.features,
            h.assistive_technology,
            h.tenure,
            h.weekly_rent,
            _day(h.available_from),
            h.status,
            h.latitude,
            h.longitude,
            h.area,
            h.care_partner_ids,
        )
    )


def unpack_home(data: bytes | memoryview) -> Home:
    f = list(marshal.loads(data))
    f[13] = _date(f[13])
    return Home(*f)


def pack_provider(p: CareProvider) -> bytes:
    return marshal.dumps(
        (
            p.organisation_id,
            p.name,
            p.description,
            p.service_types,
            p.client_groups,
            p.ratios,
            p.nights,
            p.female_staff_only,
            p.male_staff_only,
            p.specialists,
            p.communication,
            p.languages,
            (
                p.pbs.pbs_policy,
                p.pbs.staff_trained_pct,
                p.pbs.bild_act_certified_training,
                p.pbs.rrn_certified_training,
                p.pbs.pbs_lead,
                p.pbs.practice_leadership,
                p.pbs.restrictive_practice_reduction,
                p.pbs.discharges_supported_3y,
                p.pbs.placement_breakdowns_3y,
            ),
            tuple((a.name, a.latitude, a.longitude, a.radius_km) for a in p.service_area),
            p.new_packages,
            _day(p.earliest_start),
            p.cqc_rating,
            _day(p.cqc_imported_at),
        )
    )


def unpack_provider(data: bytes | memoryview) -> CareProvider:
    f = list(marshal.loads(data))
    f[12] = PbsEvidence(*f[12])
    f[13] = tuple(ServiceArea(*a) for a in f[13])
    f[15] = _date(f[15])
    f[17] = _date(f[17])
    return CareProvider(*f)


class Codec(Generic[T]):
    def __init__(self, pack: Callable[[T], bytes], unpack: Callable[[bytes | memoryview], T]) -> None:
        self.pack = pack
        self.unpack = unpack


HOMES: Codec[Home] = Codec(pack_home, unpack_home)
PROVIDERS: Codec[CareProvider] = Codec(pack_provider, unpack_provider)


class PackedStore(Generic[T]):
    """Append-only records in chunks of bytes: slot s is chunk[chunk_of[s]][start[s]:end[s]].

    Successive snapshots share one store, each holding the slots it uses, so an update appends the
    changed listings as one more chunk and older snapshots stay valid. The slot arrays are replaced
    (never written in place) as one tuple, so a reader on another thread sees a consistent set."""

    def __init__(self, codec: Codec[T]) -> None:
        self.codec = codec
        self._chunks: list[bytes] = []
        self._slots: tuple[I64, I64, I64] = (np.zeros(0, np.int64),) * 3
        self.get: Callable[[int], T] = lru_cache(maxsize=DECODED_CACHE_SIZE)(self._decode)

    def __len__(self) -> int:
        return len(self._slots[0])

    def extend(self, items: Sequence[T]) -> I64:
        """Store `items` as one more chunk; their slots."""
        records = [self.codec.pack(item) for item in items]
        lengths = np.fromiter((len(r) for r in records), np.int64, len(records))
        ends = np.cumsum(lengths)
        chunk_of, start, end = self._slots
        first = len(chunk_of)
        self._chunks.append(b"".join(records))
        self._slots = (
            np.concatenate([chunk_of, np.full(len(records), len(self._chunks) - 1, np.int64)]),
            np.concatenate([start, ends - lengths]),
            np.concatenate([end, ends]),
        )
        return np.arange(first, first + len(records), dtype=np.int64)

    def _decode(self, slot: int) -> T:
        chunk_of, start, end = self._slots
        return self.codec.unpack(memoryview(self._chunks[int(chunk_of[slot])])[start[slot] : end[slot]])

    def slots_mentioning(self, words: Collection[str]) -> I64:
        """Slots whose record contains any of these ASCII words verbatim (ids, say): a fast superset
        to check by decoding, instead of decoding every record."""
        if not words:
            return np.zeros(0, np.int64)
        chunk_of, start, _ = self._slots
        pattern = re.compile(b"|".join(re.escape(w.encode("ascii")) for w in words))
        found: list[int] = []
        for c, chunk in enumerate(self._chunks):
            offsets = [m.start() for m in pattern.finditer(chunk)]
            if offsets:
                in_chunk = np.flatnonzero(chunk_of == c)
                at = np.searchsorted(start[in_chunk], np.array(offsets, np.int64), side="right") - 1
                found.extend(in_chunk[at].tolist())
        return np.unique(np.array(found, np.int64))


def stored(items: Sequence[Any], codec: Codec[T]) -> tuple[PackedStore[T], I64]:
    store: PackedStore[T] = PackedStore(codec)
    return store, store.extend(items)
