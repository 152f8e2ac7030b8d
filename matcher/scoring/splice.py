"""Splicing changed listings into the next snapshot without touching the unchanged ones.

A change to one listing must reach the index in milliseconds, not through a rebuild of 100,000 rows, and
must not write to the memory the unchanged listings share between pre-forked workers (copy-on-write).
So a splice is planned as a `gather`: the new snapshot's row i is row gather[i] of the old rows followed
by the rows built for the changed listings only ("part"). An edit replaces its row in place, a removal
moves the last row into the hole, an addition is appended, so positions barely move and every column
is a couple of array copies. Nothing here iterates over Python objects per listing:

* listings live as bytes in an append-only store (`packed.PackedStore`) shared by successive
  snapshots, each snapshot holding only an int array of store slots;
* ids are found through `IdIndex` (sorted fixed-width strings and their positions), not a dict;
* cross references (a home's own provider, its named partners) are provider positions moved through a
  remap array; -1 means "none" and is harmless to every reader (it lands on a False sentinel).

The results do not depend on row order (every ranking breaks ties on ids, see `marketplace.rank`), so a
spliced snapshot answers exactly as one built from scratch with the same rows and vocabulary
(tests/scoring/test_splice.py, tests/api/test_live_index.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
import numpy.typing as npt

from .columns import I64, HomeColumns, ProviderColumns, _area_pad
from .packed import Codec, PackedStore, stored

T = TypeVar("T")
S = npt.NDArray[np.str_]


class Rows(Generic[T]):
    """One snapshot's listings: position i is the record in store slot at[i] (`packed.PackedStore`,
    bytes, decoded on access). The store only grows, so an older snapshot stays valid while a newer one
    appends, and no unchanged listing is touched by an update."""

    __slots__ = ("at", "store")

    def __init__(self, store: PackedStore[T], at: I64) -> None:
        self.store = store
        self.at = at

    @classmethod
    def of(cls, items: Sequence[T], codec: Codec[T]) -> Rows[T]:
        store, slots = stored(items, codec)
        return cls(store, slots)

    def __len__(self) -> int:
        return len(self.at)

    def __getitem__(self, i: int) -> T:
        return self.store.get(int(self.at[i]))

    def __iter__(self) -> Iterator[T]:
        for k in self.at.tolist():
            yield self.store.get(k)

    def mentioning(self, words: Collection[str]) -> I64:
        """Positions whose listing may contain one of these ids (a superset: check what they say)."""
        slots = self.store.slots_mentioning(words)
        if len(slots) == 0:
            return np.zeros(0, np.int64)
        position = np.full(len(self.store), -1, np.int64)
        position[self.at] = np.arange(len(self.at), dtype=np.int64)
        found = position[slots]
        return np.asarray(found[found >= 0], np.int64)

    @property
    def stale(self) -> int:
        """Store slots no longer used by this snapshot (older versions of changed listings)."""
        return len(self.store) - len(self.at)


@dataclass(frozen=True, slots=True)
class IdIndex:
    """Ids in sorted order with each one's position: lookup by binary search, ranks for tie-breaks."""

    ids: S
    pos: I64

    @classmethod
    def build(cls, ids: Sequence[str]) -> IdIndex:
        arr = np.array(ids, dtype=str) if ids else np.zeros(0, dtype="U1")
        order = np.argsort(arr, kind="stable").astype(np.int64)
        return cls(arr[order], order)

    def position(self, key: str) -> int | None:
        k = int(np.searchsorted(self.ids, key))
        if k < len(self.ids) and self.ids[k] == key:
            return int(self.pos[k])
        return None

    def ranks(self) -> I64:
        """Each position's rank in id order."""
        out = np.empty(len(self.pos), dtype=np.int64)
        out[self.pos] = np.arange(len(self.pos), dtype=np.int64)
        return out


@dataclass(frozen=True, slots=True)
class Plan:
    """How the next snapshot's rows come from the old rows (< n_old) and the part (>= n_old)."""

    n_old: int
    gather: I64
    part_ids: list[str]
    index: IdIndex
    #: New position of each old row, -1 when it left (an edited row maps to its replacement).
    moved: I64
    #: Rows removed (moving others); without removals rows only change in place or are appended.
    removals: int
    #: Positions edited in place and the part rows that replace them; part rows appended after them.
    edit_at: I64
    edit_part: I64
    appended: I64

    @property
    def identity(self) -> bool:
        return not self.part_ids and len(self.gather) == self.n_old


def plan(index: IdIndex, n_old: int, changes: Mapping[str, object | None]) -> Plan:
    """Edits in place, removals by moving the last row into the hole, additions at the end."""
    gather = np.arange(n_old, dtype=np.int64)
    part_ids: list[str] = []
    removed: list[int] = []
    added: list[str] = []
    for key in sorted(changes):
        at = index.position(key)
        if changes[key] is None:
            if at is not None:
                removed.append(at)
        elif at is not None:
            gather[at] = n_old + len(part_ids)
            part_ids.append(key)
        else:
            added.append(key)
    length = n_old
    for at in sorted(removed, reverse=True):
        length -= 1
        gather[at] = gather[length]
    gather = gather[:length]
    if added:
        gather = np.concatenate([gather, n_old + len(part_ids) + np.arange(len(added), dtype=np.int64)])
        part_ids += added
    n_new = len(gather)
    inverse = np.full(n_old + len(part_ids), -1, dtype=np.int64)
    inverse[gather] = np.arange(n_new, dtype=np.int64)
    moved = inverse[:n_old].copy()
    # the sorted ids: drop the removed, re-point the edited, insert the added
    sorted_pos = inverse[index.pos]
    keep = sorted_pos >= 0
    edited = {k: n_old + j for j, k in enumerate(part_ids) if k not in added}
    if edited:
        for key, source in edited.items():
            k = int(np.searchsorted(index.ids, key))
            moved[index.pos[k]] = inverse[source]
            sorted_pos[k] = inverse[source]
            keep[k] = True
    ids, pos = index.ids[keep], sorted_pos[keep]
    if added:
        new = np.array(sorted(added), dtype=str)
        where = np.searchsorted(ids, new)
        sources = [n_old + part_ids.index(k) for k in new.tolist()]
        width = max(ids.dtype.itemsize, new.dtype.itemsize) // 4
        ids = np.insert(ids.astype(f"U{max(width, 1)}"), where, new)
        pos = np.insert(pos, where, inverse[sources])
    n_edits = len(part_ids) - len(added)
    return Plan(
        n_old,
        gather,
        part_ids,
        IdIndex(ids, pos),
        moved,
        len(removed),
        np.array([index.position(k) for k in part_ids[:n_edits]], dtype=np.int64),
        np.arange(n_edits, dtype=np.int64),
        np.arange(n_edits, len(part_ids), dtype=np.int64),
    )


def take(old: np.ndarray, part: np.ndarray, p: Plan) -> np.ndarray:
    """Rows of old followed by part, in the plan's order: without removals a copy with the edited rows
    overwritten and the added appended (memcpy speed), otherwise a gather."""
    if p.removals:
        return np.concatenate([old, part])[p.gather] if len(part) else old[p.gather]
    out = np.concatenate([old, part[p.appended]]) if len(p.appended) else old.copy()
    if len(p.edit_at):
        out[p.edit_at] = part[p.edit_part]
    return out


def take_ragged(old_ptr: I64, part_ptr: I64, old_total: int, gather: I64) -> tuple[I64, I64]:
    """For ragged rows (row i owns elements ptr[i]:ptr[i+1]), the new ptr and, per new element, its
    element index in old elements followed by part elements."""
    counts = np.concatenate([np.diff(old_ptr), np.diff(part_ptr)]).astype(np.int64)
    starts = np.concatenate([old_ptr[:-1], part_ptr[:-1] + old_total]).astype(np.int64)
    new_counts = counts[gather]
    ptr = np.zeros(len(gather) + 1, dtype=np.int64)
    np.cumsum(new_counts, out=ptr[1:])
    total = int(ptr[-1])
    element = np.repeat(starts[gather] - ptr[:-1], new_counts) + np.arange(total, dtype=np.int64)
    return ptr, element


def rows_of(rows: Rows[T], part: Sequence[T], gather: I64) -> Rows[T]:
    """The next snapshot's listings: the part appended to the shared store, slots gathered."""
    slots = np.concatenate([rows.at, rows.store.extend(part)])
    return Rows(rows.store, slots[gather])


def splice_providers(old: ProviderColumns, part: ProviderColumns, p: Plan) -> ProviderColumns:
    g = p.gather
    area_ptr, element = take_ragged(old.area_ptr, part.area_ptr, len(old.area_lat), g)
    counts = np.diff(area_ptr)

    def area(o: np.ndarray, n: np.ndarray) -> np.ndarray:
        return np.concatenate([o, n])[element]

    return ProviderColumns(
        id_rank=p.index.ranks(),
        client_bits=take(old.client_bits, part.client_bits, p),
        ratio_bits=take(old.ratio_bits, part.ratio_bits, p),
        night_bits=take(old.night_bits, part.night_bits, p),
        female_only=take(old.female_only, part.female_only, p),
        male_only=take(old.male_only, part.male_only, p),
        specialist_bits=take(old.specialist_bits, part.specialist_bits, p),
        comm_bits=take(old.comm_bits, part.comm_bits, p),
        language_bits=take(old.language_bits, part.language_bits, p),
        level=take(old.level, part.level, p),
        pbs_score=take(old.pbs_score, part.pbs_score, p),
        breadth=take(old.breadth, part.breadth, p),
        new_packages=take(old.new_packages, part.new_packages, p),
        start_ord=take(old.start_ord, part.start_ord, p),
        area_ptr=area_ptr,
        area_prov=np.repeat(np.arange(len(g), dtype=np.int64), counts),
        area_xyz=area(old.area_xyz, part.area_xyz.reshape(-1, 3)),
        area_lat=area(old.area_lat, part.area_lat),
        area_lon=area(old.area_lon, part.area_lon),
        area_radius=area(old.area_radius, part.area_radius),
        area_dot_in=area(old.area_dot_in, part.area_dot_in),
        area_dot_out=area(old.area_dot_out, part.area_dot_out),
        rrn=take(old.rrn, part.rrn, p),
        area_pad=_area_pad(area_ptr, counts),
    )


def _moved(refs: I64, remap: I64 | None) -> I64:
    if remap is None:
        return refs
    return np.append(remap, -1)[refs].astype(np.int64)  # -1 picks the appended -1


def splice_homes(old: HomeColumns, part: HomeColumns, p: Plan, remap: I64 | None) -> HomeColumns:
    """Provider references of the old rows move through `remap` (-1: the provider left); the part's
    references are already in the new provider positions."""
    g = p.gather
    partner_ptr, element = take_ragged(old.partner_ptr, part.partner_ptr, len(old.partner_idx), g)
    return HomeColumns(
        id_rank=p.index.ranks(),
        org_provider=take(_moved(old.org_provider, remap), part.org_provider, p),
        xyz=take(old.xyz, part.xyz.reshape(-1, 3), p),
        lat=take(old.lat, part.lat, p),
        lon=take(old.lon, part.lon, p),
        arrangement=take(old.arrangement, part.arrangement, p),
        ptype=take(old.ptype, part.ptype, p),
        bedrooms=take(old.bedrooms, part.bedrooms, p),
        access_rank=take(old.access_rank, part.access_rank, p),
        feature_bits=take(old.feature_bits, part.feature_bits, p),
        tenure_bits=take(old.tenure_bits, part.tenure_bits, p),
        rent=take(old.rent, part.rent, p),
        avail_ord=take(old.avail_ord, part.avail_ord, p),
        available=take(old.available, part.available, p),
        partner_ptr=partner_ptr,
        partner_idx=np.concatenate([_moved(old.partner_idx, remap), part.partner_idx])[element].astype(
            np.int64
        ),
    )
