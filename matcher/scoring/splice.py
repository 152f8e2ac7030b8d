"""Splicing changed listings into the columns: keep the unchanged rows, append the new ones.

A change to one listing must reach the index in milliseconds, not in a rebuild of 100,000 rows. Every
change is applied as "drop the old row, append the new one": each column becomes `old[keep]` followed by
the columns built for the changed rows only, which is a handful of array copies. Cross references (a
home's own provider, its named care partners) are provider positions, so they go through `remap`, the
new position of every old provider (-1 when it left).

The results do not depend on row order (every ranking breaks ties on ids, see `marketplace.rank`), so a
spliced index answers exactly as one built from scratch with the same rows and vocabulary
(tests/search/test_live_index.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .columns import I64, HomeColumns, ProviderColumns, _area_pad


def merged_ranks(old_rank: I64, keep: I64, old_ids: Sequence[str], new_ids: Sequence[str]) -> I64:
    """Id ranks (positions in sorted id order) of the kept rows followed by `new_ids` (sorted, not among
    the kept ids), without sorting strings again: the kept ranks are compacted, then shifted past the
    insertion points found by binary search over them."""
    kept = old_rank[keep]
    dropped = np.setdiff1d(np.arange(len(old_rank)), keep, assume_unique=True)
    r = kept - np.searchsorted(np.sort(old_rank[dropped]), kept)
    inverse = np.empty(len(kept), dtype=np.int64)
    inverse[r] = np.arange(len(kept), dtype=np.int64)
    points = []
    for new_id in new_ids:
        lo, hi = 0, len(kept)
        while lo < hi:
            mid = (lo + hi) // 2
            if old_ids[int(keep[inverse[mid]])] < new_id:
                lo = mid + 1
            else:
                hi = mid
        points.append(lo)
    at = np.array(points, dtype=np.int64)
    out = np.empty(len(kept) + len(new_ids), dtype=np.int64)
    out[: len(kept)] = r + np.searchsorted(at, r, side="right")
    out[len(kept) :] = at + np.arange(len(new_ids), dtype=np.int64)
    return out


def _cat(old: np.ndarray, keep: I64, new: np.ndarray) -> np.ndarray:
    return np.concatenate([old[keep], new])


def splice_providers(old: ProviderColumns, keep: I64, new: ProviderColumns) -> ProviderColumns:
    """Rows `keep` of `old` followed by every row of `new` (built for the changed providers only)."""
    keep_mask = np.zeros(old.size, dtype=np.bool_)
    keep_mask[keep] = True
    area_keep = np.flatnonzero(keep_mask[old.area_prov])
    counts = np.concatenate([np.diff(old.area_ptr)[keep], np.diff(new.area_ptr)]).astype(np.int64)
    area_ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=area_ptr[1:])
    ids = [old.ids[i] for i in keep.tolist()] + new.ids
    return ProviderColumns(
        ids=ids,
        id_rank=merged_ranks(old.id_rank, keep, old.ids, new.ids),
        client_bits=_cat(old.client_bits, keep, new.client_bits),
        ratio_bits=_cat(old.ratio_bits, keep, new.ratio_bits),
        night_bits=_cat(old.night_bits, keep, new.night_bits),
        female_only=_cat(old.female_only, keep, new.female_only),
        male_only=_cat(old.male_only, keep, new.male_only),
        specialist_bits=_cat(old.specialist_bits, keep, new.specialist_bits),
        comm_bits=_cat(old.comm_bits, keep, new.comm_bits),
        language_bits=_cat(old.language_bits, keep, new.language_bits),
        level=_cat(old.level, keep, new.level),
        pbs_score=_cat(old.pbs_score, keep, new.pbs_score),
        breadth=_cat(old.breadth, keep, new.breadth),
        new_packages=_cat(old.new_packages, keep, new.new_packages),
        start_ord=_cat(old.start_ord, keep, new.start_ord),
        area_ptr=area_ptr,
        area_prov=np.repeat(np.arange(len(counts), dtype=np.int64), counts),
        area_xyz=np.concatenate([old.area_xyz[area_keep], new.area_xyz.reshape(-1, 3)]),
        area_lat=_cat(old.area_lat, area_keep, new.area_lat),
        area_lon=_cat(old.area_lon, area_keep, new.area_lon),
        area_radius=_cat(old.area_radius, area_keep, new.area_radius),
        area_dot_in=_cat(old.area_dot_in, area_keep, new.area_dot_in),
        area_dot_out=_cat(old.area_dot_out, area_keep, new.area_dot_out),
        rrn=_cat(old.rrn, keep, new.rrn),
        area_pad=_area_pad(area_ptr, counts),
    )


def splice_homes(old: HomeColumns, keep: I64, new: HomeColumns, remap: I64 | None) -> HomeColumns:
    """Rows `keep` of `old` (provider references moved through `remap`, dropped where it says -1)
    followed by every row of `new`, whose references are already in the new provider positions."""
    own = old.org_provider[keep]
    partner_counts = np.diff(old.partner_ptr)
    starts = np.repeat(old.partner_ptr[keep], partner_counts[keep])
    offsets = np.arange(len(starts)) - np.repeat(
        np.cumsum(partner_counts[keep]) - partner_counts[keep], partner_counts[keep]
    )
    partners = old.partner_idx[starts + offsets] if len(starts) else np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(keep), dtype=np.int64), partner_counts[keep])
    if remap is not None:
        own = np.where(own >= 0, remap[np.maximum(own, 0)], -1)
        partners = remap[partners]
        alive = partners >= 0
        partners, owner = partners[alive], owner[alive]
    counts = np.concatenate([np.bincount(owner, minlength=len(keep)), np.diff(new.partner_ptr)]).astype(
        np.int64
    )
    partner_ptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=partner_ptr[1:])
    return HomeColumns(
        ids=[old.ids[i] for i in keep.tolist()] + new.ids,
        id_rank=merged_ranks(old.id_rank, keep, old.ids, new.ids),
        org_provider=np.concatenate([own, new.org_provider]).astype(np.int64),
        xyz=np.concatenate([old.xyz[keep], new.xyz.reshape(-1, 3)]),
        lat=_cat(old.lat, keep, new.lat),
        lon=_cat(old.lon, keep, new.lon),
        arrangement=_cat(old.arrangement, keep, new.arrangement),
        ptype=_cat(old.ptype, keep, new.ptype),
        bedrooms=_cat(old.bedrooms, keep, new.bedrooms),
        access_rank=_cat(old.access_rank, keep, new.access_rank),
        feature_bits=_cat(old.feature_bits, keep, new.feature_bits),
        tenure_bits=_cat(old.tenure_bits, keep, new.tenure_bits),
        rent=_cat(old.rent, keep, new.rent),
        avail_ord=_cat(old.avail_ord, keep, new.avail_ord),
        available=_cat(old.available, keep, new.available),
        partner_ptr=partner_ptr,
        partner_idx=np.concatenate([partners, new.partner_idx]).astype(np.int64),
    )
