"""Combined offerings: which eligible care provider and eligible home come together, and how well.

Pairs are found three ways, in priority order: one organisation (`single_organisation`), the home naming
the provider as a care partner (`partnership`), or the home inside one of the provider's service-area
circles (`nearby`). Every pair of an eligible provider and an eligible home is considered: nearby pairs
are found among ALL eligible providers' service areas times ALL eligible homes, as dot products of unit
vectors computed in blocks of at most NEARBY_BLOCK (so memory stays bounded however many are eligible).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .columns import F64, I64, B, HomeColumns, ProviderColumns
from .geo import EARTH_RADIUS_KM, dots_to_km, geodesic_kms, within
from .query import QueryContext
from .types import CareProvider, Home, ServiceArea

#: Dot products per block when looking for nearby pairs (8 bytes each, a few arrays of it at once): 2 MB
#: blocks stay in cache, and measured faster than 8 MB ones on the allocation bench.
NEARBY_BLOCK = 1 << 18
KINDS = ("single_organisation", "partnership", "nearby")
PARTNERSHIP_FIT = 0.8
#: A nearby home scores NEARBY_MAX at a service area's centre, falling linearly to NEARBY_MIN at its edge.
NEARBY_MIN, NEARBY_MAX = 0.3, 0.6


def nearby_fit(km: F64, radius: F64) -> F64:
    return np.asarray(NEARBY_MIN + (NEARBY_MAX - NEARBY_MIN) * np.clip(1 - km / radius, 0, 1), np.float64)


@dataclass(frozen=True, slots=True)
class Pairs:
    provider: I64  # absolute provider index
    home: I64  # absolute home index
    kind: I64  # index into KINDS
    fit: F64  # package_fit (spherical distances for nearby; recomputed geodesically when reported)


def candidate_pairs(
    pcols: ProviderColumns,
    hcols: HomeColumns,
    ctx: QueryContext | None,
    providers: I64,
    provider_total: F64,
    homes: I64,
    home_total: F64,
) -> Pairs:
    """Every package of an eligible provider and an eligible home (what market gaps need)."""
    del ctx, provider_total, home_total  # the pairing rules depend only on who is eligible
    found = pair_sources(pcols, hcols, providers, homes)
    return distinct_pairs(hcols, found.provider, found.home, found.kind, found.fit)


def pair_sources(pcols: ProviderColumns, hcols: HomeColumns, providers: I64, homes: I64) -> Pairs:
    """Every (provider, home) pair each way finds; a home inside several service areas of one provider
    comes once per area (`distinct_pairs` keeps one)."""
    ok = _eligible_mask(pcols, providers)
    return _joined([_fixed_pairs(hcols, ok, homes), *_nearby(nearby_pairs(pcols, hcols, providers, homes))])


def distinct_pairs(hcols: HomeColumns, P: I64, H: I64, K: I64, F: F64) -> Pairs:
    """One pair per (provider, home), in (provider, home) order: the first kind in KINDS order, then
    the best fit."""
    key = P * hcols.size + H
    order = np.lexsort((-F, K, key))
    first = np.ones(len(order), np.bool_)
    first[1:] = key[order][1:] != key[order][:-1]
    sel = order[first]
    return Pairs(provider=P[sel], home=H[sel], kind=K[sel], fit=F[sel])


def best_pairs(
    pcols: ProviderColumns,
    hcols: HomeColumns,
    providers: I64,
    provider_bound: F64,
    homes: I64,
    home_bound: F64,
    nearby_bound: float,
    score: Callable[[Pairs], F64],
    k: int,
) -> Pairs:
    """A subset of the packages that surely holds the best `k` of `candidate_pairs` by `score`, without
    looking at every nearby pair (a search reports 15 packages; a wide case has 800,000 nearby pairs).

    Owned and partnership pairs are few and all kept. A nearby pair scores at most home_bound[h] +
    provider_bound[p] + nearby_bound (the caller's separable upper bound, in `score`'s units), so nearby
    pairs are looked for only among the homes and providers with the highest bounds; the sets grow until
    the k-th best score found beats every pair left out (else they end as everything)."""
    fixed = _fixed_pairs(hcols, _eligible_mask(pcols, providers), homes)
    if len(homes) == 0 or len(providers) == 0:
        return fixed
    fixed_keys = np.sort(fixed.provider * hcols.size + fixed.home)
    fixed_scores = score(fixed)
    h_order = homes[np.argsort(-home_bound, kind="stable")]
    h_sorted = np.sort(home_bound)[::-1]
    p_order = providers[np.argsort(-provider_bound, kind="stable")]
    p_sorted = np.sort(provider_bound)[::-1]
    n_h, n_p = min(len(homes), BEST_PAIRS_START), min(len(providers), BEST_PAIRS_START)
    while True:
        found = _joined(_nearby(nearby_pairs(pcols, hcols, p_order[:n_p], h_order[:n_h])))
        near = distinct_pairs(hcols, found.provider, found.home, found.kind, found.fit)
        keys = near.provider * hcols.size + near.home
        at = np.minimum(np.searchsorted(fixed_keys, keys), max(len(fixed_keys) - 1, 0))
        new = ~(fixed_keys[at] == keys) if len(fixed_keys) else np.ones(len(keys), np.bool_)
        near = Pairs(near.provider[new], near.home[new], near.kind[new], near.fit[new])
        pairs = _joined([fixed, near])
        if n_h == len(homes) and n_p == len(providers):
            return pairs
        totals = np.concatenate([fixed_scores, score(near)])
        kth = -np.inf if len(totals) < k else float(np.partition(-totals, k - 1)[k - 1]) * -1.0
        left_home = h_sorted[n_h] + p_sorted[0] if n_h < len(homes) else -np.inf
        left_provider = p_sorted[n_p] + h_sorted[0] if n_p < len(providers) else -np.inf
        if kth > max(left_home, left_provider) + nearby_bound + BOUND_SLACK:
            return pairs
        if left_home >= left_provider:
            n_h = min(len(homes), n_h * 2)
        else:
            n_p = min(len(providers), n_p * 2)


#: Homes and providers `best_pairs` starts from; each round doubles the side whose bound binds.
BEST_PAIRS_START = 16
#: Float rounding between the separable bound and the score's own sum.
BOUND_SLACK = 1e-9


def _eligible_mask(pcols: ProviderColumns, providers: I64) -> B:
    ok: B = np.zeros(pcols.size + 1, np.bool_)  # the extra last slot answers "no provider" (-1): False
    ok[providers] = True
    return ok


def _fixed_pairs(hcols: HomeColumns, ok: B, homes: I64) -> Pairs:
    """The owned (one organisation) and partnership pairs of these homes with eligible providers: no
    pair twice (one owner per home, a home's partners are a set)."""
    own = hcols.org_provider[homes]
    h = homes[ok[own]]
    parts = [Pairs(hcols.org_provider[h], h, np.zeros(len(h), np.int64), np.ones(len(h)))]
    counts = hcols.partner_ptr[homes + 1] - hcols.partner_ptr[homes]  # not np.diff of every home's
    total = int(counts.sum())
    if total:
        starts = np.repeat(hcols.partner_ptr[homes], counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        p = hcols.partner_idx[starts + offsets]
        hh = np.repeat(homes, counts)
        keep = ok[p] & (p != hcols.org_provider[hh])  # an owner naming itself is already an owned pair
        n = int(keep.sum())
        parts.append(Pairs(p[keep], hh[keep], np.ones(n, np.int64), np.full(n, PARTNERSHIP_FIT)))
    return _joined(parts)


def _nearby(found: list[tuple[I64, I64, F64]]) -> list[Pairs]:
    return [Pairs(p, h, np.full(len(p), 2, np.int64), f) for p, h, f in found]


def _joined(parts: list[Pairs]) -> Pairs:
    if not parts:
        return Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    return Pairs(
        provider=np.concatenate([x.provider for x in parts]).astype(np.int64),
        home=np.concatenate([x.home for x in parts]).astype(np.int64),
        kind=np.concatenate([x.kind for x in parts]).astype(np.int64),
        fit=np.concatenate([x.fit for x in parts]).astype(np.float64),
    )


def nearby_pairs(
    pcols: ProviderColumns, hcols: HomeColumns, providers: I64, homes: I64
) -> list[tuple[I64, I64, F64]]:
    """(provider, home, spherical package_fit) for every one of these homes inside a circle of one of
    these providers. Their areas in index order: found from the providers, not by a pass over every
    area (`best_pairs` asks with a few dozen providers, several times a search)."""
    areas = np.unique(pcols.areas_of(np.asarray(providers, np.int64))[0])
    if len(areas) == 0 or len(homes) == 0:
        return []
    hxyz = hcols.xyz[homes].T.copy()
    width = len(homes)
    step = max(1, NEARBY_BLOCK // width)
    out = []
    for start in range(0, len(areas), step):
        block = areas[start : start + step]
        dots = pcols.area_xyz[block] @ hxyz
        sure = dots >= pcols.area_dot_in[block, None]
        # flat positions (area row * width + home column), row-major as np.nonzero gives them, cheaper
        maybe = np.flatnonzero((dots >= pcols.area_dot_out[block, None]) & ~sure)
        if len(maybe):
            ai, hi = block[maybe // width], homes[maybe % width]
            np.put(
                sure,
                maybe,
                within(
                    pcols.area_lat[ai],
                    pcols.area_lon[ai],
                    hcols.lat[hi],
                    hcols.lon[hi],
                    pcols.area_radius[ai],
                ),
            )
        flat = np.flatnonzero(sure)
        if len(flat):
            ai = block[flat // width]
            out.append(
                (
                    pcols.area_prov[ai],
                    homes[flat % width],
                    nearby_fit(dots_to_km(dots.ravel()[flat]), pcols.area_radius[ai]),
                )
            )
    return out


def nearby_fit_km(pcols: ProviderColumns, hcols: HomeColumns, providers: I64, homes: I64) -> F64:
    """Nearby package_fit on the geodesic: the best over the provider's circles that hold the home."""
    out = np.full(len(providers), NEARBY_MIN)
    if len(providers) == 0:
        return out
    area, pair = pcols.areas_of(providers)
    h = homes[pair]
    km = geodesic_kms(pcols.area_lat[area], pcols.area_lon[area], hcols.lat[h], hcols.lon[h])
    inside = km <= pcols.area_radius[area]
    np.maximum.at(out, pair[inside], nearby_fit(km[inside], pcols.area_radius[area][inside]))
    return out


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    """geo.unit_vectors for one point, without the array round trip."""
    la, lo = math.radians(lat), math.radians(lon)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def package_fit_details(packages: Sequence[tuple[int, CareProvider, Home]]) -> list[tuple[float, str]]:
    """The reported package_fit and its evidence for each (kind, provider, home); nearby distances are
    geodesic here, one call for the lot."""
    out: list[tuple[float, str]] = []
    nearby: list[tuple[int, ServiceArea, Home]] = []
    for kind, provider, home in packages:
        if kind == 0:
            out.append((1.0, f"{provider.name} provides both the care and the home"))
        elif kind == 1:
            out.append((PARTNERSHIP_FIT, f"The landlord names {provider.name} as a care partner"))
        else:
            out.append((NEARBY_MIN, ""))  # filled in below
            nearby.append((len(out) - 1, _nearest_circle(provider, home), home))
    if nearby:
        km = geodesic_kms(
            np.array([a.latitude for _, a, _ in nearby]),
            np.array([a.longitude for _, a, _ in nearby]),
            np.array([h.latitude for _, _, h in nearby]),
            np.array([h.longitude for _, _, h in nearby]),
        )
        fit = nearby_fit(km, np.array([a.radius_km for _, a, _ in nearby]))
        for (at, a, _), geo_km, f in zip(nearby, km.tolist(), fit.tolist(), strict=True):
            out[at] = (
                f,
                f"Home is {geo_km:.1f} km from the centre of its {a.name} service area "
                f"(radius {a.radius_km:g} km)",
            )
    return out


def _nearest_circle(provider: CareProvider, home: Home) -> ServiceArea:
    """The service area a nearby package is shown through: on the sphere (as candidate_pairs chose it,
    in plain floats: a handful of areas), the circle with the best fit."""
    areas = provider.service_area
    hxyz = _unit(home.latitude, home.longitude)
    best, best_fit = 0, -1.0
    for k, area in enumerate(areas):
        axyz = _unit(area.latitude, area.longitude)
        dot = axyz[0] * hxyz[0] + axyz[1] * hxyz[1] + axyz[2] * hxyz[2]
        chord = math.sqrt(min(max(2.0 - 2.0 * dot, 0.0), 4.0))
        km = 2.0 * EARTH_RADIUS_KM * math.asin(min(chord / 2.0, 1.0))
        if km <= area.radius_km:
            fit_k = NEARBY_MIN + (NEARBY_MAX - NEARBY_MIN) * min(max(1 - km / area.radius_km, 0.0), 1.0)
            if fit_k > best_fit:
                best, best_fit = k, fit_k
    return areas[best]
