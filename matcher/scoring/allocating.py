"""The packages of one case that can matter when it is allocated together with other cases.

An allocation of n cases needs, per case, only the packages `marketplace.allocation_prefix` keeps (the
solver's own optimum-keeping rules, see `allocation._prune`): in rank order, those among the n best of
their home AND the n best of their care provider, up to the first 2n - 1 of them sharing no home or
provider. Ranking every pair to find them was most of an allocation's time (one bench case has 791,910
pairs and keeps 4,797), so this module finds the same packages without a sort of every pair:

- pairs are made as search makes them (`packages.pair_sources`) for the eligible providers that have a
  place for a new package (the prefix never looks at the others), and duplicates are removed in a dense
  provider x home table instead of a sort (`_distinct`, same rule as `packages.distinct_pairs`);
- "among the n best of its group" is decided per group without sorting the group: totals are counted
  in bins, every pair above the group's boundary bin is in, every pair below is out, and only the few
  pairs in the boundary bin are sorted in rank order (`_among_first`);
- only what is left (a few thousand pairs) is put in rank order, and `allocation_prefix` makes the cut.

Scores are computed exactly as `Marketplace.candidates` computes them (same arrays, same
`weighted_total`), so the answer is the same list, in the same order, with the same scores; the tests
compare it with `candidates` cut by `allocation_prefix` over every pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np

from .allocation import Option
from .columns import F64, I64, B, HomeColumns
from .criteria import home_scores, provider_scores
from .marketplace import Marketplace, allocation_prefix
from .packages import KINDS, Pairs, distinct_pairs, pair_sources
from .types import CaseQuery

#: Largest provider x home table `_distinct` fills (one float and one byte a cell); beyond it, a sort.
DENSE_CELLS = 1 << 22
#: Cells of the per-group histogram `_among_first` counts (groups x bins), and the bins' bounds.
HISTOGRAM_CELLS = 1 << 20
MIN_BINS, MAX_BINS = 16, 256


def allocation_packages(
    market: Marketplace,
    query: CaseQuery,
    cases: int,
    weights: Mapping[str, float] | None = None,
    *,
    today: date | None = None,
) -> list[Option]:
    """`Marketplace.candidates(query, weights, today=today).packages` cut by `allocation_prefix` for an
    allocation among `cases` cases (providers without a place for a new package dropped first), best
    first, as the solver's `Option`s; without ranking the eligible homes, providers or every pair, and
    without exclusion counts."""
    ctx, w, qvec, _, h_fails, _, p_fails, place_dots = market._passes(query, weights, today)
    pcols, hcols = market._p, market._h
    homes = np.flatnonzero(h_fails == 0)
    provs = np.flatnonzero(p_fails == 0)
    usable = provs[pcols.new_packages[provs] >= 1]
    if len(usable) == 0 or len(homes) == 0:
        return []
    pairs, p_at, h_at = _distinct(pair_sources(pcols, hcols, usable, homes), pcols.size, hcols.size, hcols)
    if len(pairs.home) == 0:
        return []
    hs = home_scores(hcols, ctx, homes, market._narrative, pcols.size, qvec)
    ps = provider_scores(pcols, ctx, provs, market._narrative, qvec, place_dots)
    total = market.package_totals(pairs, w, provs, ps, homes, hs)
    keys = (pcols.id_rank[pairs.provider], hcols.id_rank[pairs.home])
    n = max(1, cases)
    maybe = np.flatnonzero(_among_first(p_at, total, keys, n) & _among_first(h_at, total, keys, n))
    order = maybe[np.lexsort((keys[1][maybe], keys[0][maybe], -total[maybe]))]
    kept = allocation_prefix(pairs.provider, pairs.home, order, cases)
    orgs = market.provider_ids(pairs.provider[kept])
    props = market.home_ids(pairs.home[kept])
    kinds = [KINDS[k] for k in pairs.kind[kept].tolist()]
    scores = [round(t, 4) for t in total[kept].tolist()]
    return [Option(*option) for option in zip(orgs, props, kinds, scores, strict=True)]


def _compact(ids: I64, size: int) -> tuple[I64, I64]:
    """(position of each id among the distinct ids, the distinct ids ascending), without a sort."""
    seen = np.zeros(size, np.bool_)
    seen[ids] = True
    position = np.cumsum(seen) - 1
    return position[ids], np.flatnonzero(seen)


def _distinct(found: Pairs, p_size: int, h_size: int, hcols: HomeColumns) -> tuple[Pairs, I64, I64]:
    """`packages.distinct_pairs` (per provider and home: the first kind, then the best fit), through a
    dense table of the providers and homes that occur when it is small enough; with each pair's
    provider and home numbered 0, 1, ... among those that occur."""
    p_at, p_ids = _compact(found.provider, p_size)
    h_at, h_ids = _compact(found.home, h_size)
    cells = len(p_ids) * len(h_ids)
    if cells > DENSE_CELLS:
        pairs = distinct_pairs(hcols, found.provider, found.home, found.kind, found.fit)
        return pairs, _compact(pairs.provider, p_size)[0], _compact(pairs.home, h_size)[0]
    cell = p_at * len(h_ids) + h_at
    kind = np.full(cells, len(KINDS), np.int8)
    np.minimum.at(kind, cell, found.kind.astype(np.int8))
    first_kind = found.kind == kind[cell]
    fit = np.full(cells, -np.inf)
    np.maximum.at(fit, cell[first_kind], found.fit[first_kind])
    present = np.flatnonzero(kind < len(KINDS))
    p_at, h_at = present // len(h_ids), present % len(h_ids)
    pairs = Pairs(
        provider=p_ids[p_at], home=h_ids[h_at], kind=kind[present].astype(np.int64), fit=fit[present]
    )
    return pairs, p_at, h_at


def _among_first(at: I64, total: F64, keys: tuple[I64, I64], n: int) -> B:
    """Whether each pair is among the first n of its group (`at`: 0, 1, ... for the groups that
    occur) in rank order (-total, *keys): the same as `marketplace.occurrence(group[order]) < n` over
    every pair in rank order, without sorting every pair.

    Totals lie in [0, 1]; a pair's bin is floor(total x bins), which never decreases as the total grows.
    Per group, the boundary bin is the highest from which the group has n pairs: pairs in higher bins
    are fewer than n and all in, pairs in lower bins have n better ones and are out, and only the
    boundary bin's pairs are sorted to take the rest of the n."""
    groups = int(at.max()) + 1
    bins = int(np.clip(HISTOGRAM_CELLS // max(1, groups), MIN_BINS, MAX_BINS))
    binned = np.clip((total * bins).astype(np.int64), 0, bins - 1)
    counts = np.bincount(at * bins + binned, minlength=groups * bins).reshape(groups, bins)
    from_bin = np.zeros((groups, bins + 1), np.int64)  # from_bin[g, b]: the group's pairs in bins >= b
    from_bin[:, :bins] = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]
    large = from_bin[:, 0] >= n
    boundary = np.where(large, bins - 1 - np.argmax(from_bin[:, bins - 1 :: -1] >= n, axis=1), -1)
    still = n - from_bin[np.arange(groups), boundary + 1]  # how many the boundary bin gives
    edge = boundary[at]
    out: B = binned > edge
    tied = np.flatnonzero(binned == edge)
    if len(tied):
        tied = tied[np.lexsort((keys[1][tied], keys[0][tied], -total[tied], at[tied]))]
        g = at[tied]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        within = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
        out[tied[within < still[g]]] = True
    return out
