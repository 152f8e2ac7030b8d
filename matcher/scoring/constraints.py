"""Hard constraints (DOMAIN.md's table): vectorised masks for decisions, per-candidate text for evidence.

Decisions are only ever taken here, by `home_failures` / `provider_failures`, whether for the whole
marketplace (search) or for one candidate (explain), so the two cannot disagree. Distances near a limit are
decided with the WGS84 geodesic, never with the spherical approximation alone.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matcher.vocab import label

from .columns import F64, I64, B, HomeColumns, ProviderColumns, lacks_any, mask
from .geo import (
    GEO_TOLERANCE,
    band,
    dots_to_km,
    from_places_km,
    geodesic_kms,
    km_to_dot,
    nearest_dot,
    within,
)
from .geo import dots as geo_dots
from .pbs import missing_for_required, pbs_level
from .query import QueryContext
from .types import CareProvider, Home, Place, ServiceArea

HOME_REASONS = (
    "outside_area",
    "arrangement_not_accepted",
    "type_not_accepted",
    "too_few_bedrooms",
    "must_have_missing",
    "accessibility_below_minimum",
    "tenure_not_accepted",
    "rent_over_limit",
    "not_available",
    "not_ready_in_time",
)
CARE_REASONS = (
    "outside_area",
    "not_ready_in_time",
    "no_capacity",
    "pbs_below_required",
    "rrn_training_required",
    "staffing_not_offered",
    "client_group_not_served",
    "specialist_missing",
    "language_not_offered",
)

Index = I64 | slice


def _absolute(idx: Index, positions: I64) -> I64:
    return positions if isinstance(idx, slice) else idx[positions]


def lower_label(code: str) -> str:
    text = label(code)
    return text[0].lower() + text[1:] if text[:2] != text[:2].upper() else text


def when(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# --------------------------------------------------------------------------------------------- homes


def home_outside(cols: HomeColumns, ctx: QueryContext, idx: Index, nearest: F64 | None = None) -> B:
    """Nearest case place farther than max_distance_km; the band near the limit is decided by geodesic.
    `nearest`: `home_nearest_dots` of these homes, when the caller has it already."""
    limit = ctx.query.max_distance_km
    best = home_nearest_dots(cols, ctx, idx) if nearest is None else nearest
    low, high = band(limit)
    outside = best < km_to_dot(high)
    unsure = np.flatnonzero(~outside & (best < km_to_dot(low)))
    if len(unsure):  # every (place, home) pair in one call: the formula's set-up costs more than its sums
        homes = _absolute(idx, unsure)
        n, k = len(unsure), len(ctx.places)
        inside = within(
            np.repeat(ctx.place_lat, n),
            np.repeat(ctx.place_lon, n),
            np.tile(cols.lat[homes], k),
            np.tile(cols.lon[homes], k),
            np.full(n * k, limit),
        )
        outside[unsure] = ~inside.reshape(k, n).any(axis=0)
    return np.asarray(outside, dtype=np.bool_)


def home_nearest_dots(cols: HomeColumns, ctx: QueryContext, idx: Index) -> F64:
    """Per home, the dot product with its nearest case place (a search needs it twice: for the
    constraint and for the near misses)."""
    return nearest_dot(cols.xyz[idx], ctx.place_xyz)


def home_failures(
    cols: HomeColumns, ctx: QueryContext, idx: Index, nearest: F64 | None = None
) -> dict[str, B]:
    """One boolean array per reason, aligned with idx: True where the home breaks that constraint."""
    q = ctx.query
    target = ctx.target_ord
    rent = cols.rent[idx]
    return {
        "outside_area": home_outside(cols, ctx, idx, nearest),
        "arrangement_not_accepted": ~ctx.arrangement_ok[cols.arrangement[idx]],
        "type_not_accepted": (
            ~ctx.type_ok[cols.ptype[idx]] if ctx.type_ok is not None else np.zeros(len(rent), np.bool_)
        ),
        "too_few_bedrooms": cols.bedrooms[idx] < q.min_bedrooms,
        "must_have_missing": lacks_any(cols.feature_bits[idx], ctx.must_bits),
        "accessibility_below_minimum": cols.access_rank[idx] > ctx.min_rank,
        "tenure_not_accepted": (
            (cols.tenure_bits[idx] & mask(ctx.tenure_bits)) == 0
            if ctx.tenure_bits
            else np.zeros(len(rent), np.bool_)
        ),
        "rent_over_limit": (
            rent > q.max_weekly_rent if q.max_weekly_rent is not None else np.zeros(len(rent), np.bool_)
        ),
        "not_available": ~cols.available[idx],
        "not_ready_in_time": (
            cols.avail_ord[idx] > target if target is not None else np.zeros(len(rent), np.bool_)
        ),
    }


def home_place_km(home: Home, places: tuple[Place, ...]) -> list[float]:
    """Geodesic km from the home to each case place, in the places' order."""
    lat, lon = _place_coordinates(places)
    return [
        float(x) for x in from_places_km(lat, lon, np.array([home.latitude]), np.array([home.longitude]))[0]
    ]


def _place_coordinates(places: tuple[Place, ...]) -> tuple[F64, F64]:
    return (
        np.array([p.latitude for p in places], dtype=np.float64),
        np.array([p.longitude for p in places], dtype=np.float64),
    )


def home_evidence(reason: str, home: Home, ctx: QueryContext, kms: list[float] | None = None) -> str:
    q = ctx.query
    if reason == "outside_area":
        kms = kms or home_place_km(home, ctx.places)
        i = int(np.argmin(kms))
        return f"{kms[i]:.1f} km from {ctx.places[i].display}, limit {q.max_distance_km:g} km"
    if reason == "arrangement_not_accepted":
        wanted = ", ".join(lower_label(c) for c in sorted(q.living_arrangement)) or "none"
        return f"{label(home.living_arrangement)}; accepted: {wanted}"
    if reason == "type_not_accepted":
        wanted = ", ".join(lower_label(c) for c in sorted(q.property_types))
        return f"{label(home.property_type)}; accepted: {wanted}"
    if reason == "too_few_bedrooms":
        return f"{home.bedrooms} bedroom{'s' if home.bedrooms != 1 else ''}, {q.min_bedrooms} needed"
    if reason == "must_have_missing":
        missing = sorted(q.must_have - home.features - home.assistive_technology)
        return "Lacks " + ", ".join(lower_label(c) for c in missing)
    if reason == "accessibility_below_minimum":
        return f"Accessibility {home.accessibility}, at least {q.min_accessibility} needed"
    if reason == "tenure_not_accepted":
        offered = ", ".join(lower_label(c) for c in sorted(home.tenure)) or "no tenure stated"
        wanted = ", ".join(lower_label(c) for c in sorted(q.tenure))
        return f"Offers {offered}; accepted: {wanted}"
    if reason == "rent_over_limit":
        return f"£{home.weekly_rent or 0:.2f} a week, limit £{q.max_weekly_rent or 0:.2f}"
    if reason == "not_available":
        return f"Status {label(home.status).lower()}"
    if reason == "not_ready_in_time":
        assert home.available_from is not None
        assert q.target_move_date is not None
        return f"Available from {when(home.available_from)}, target move {when(q.target_move_date)}"
    raise KeyError(reason)


# ----------------------------------------------------------------------------------------- providers


def area_inside(cols: ProviderColumns, ctx: QueryContext, area_dots: F64 | None = None) -> B:
    """Per service area: does any case place lie inside its circle (geodesic at the boundary).

    area_dots: criteria.area_place_dots for this search, if already computed (its last row is a pad).
    """
    dots = geo_dots(cols.area_xyz, ctx.place_xyz) if area_dots is None else area_dots[:-1]
    sure = dots >= cols.area_dot_in[:, None]
    maybe = (dots >= cols.area_dot_out[:, None]) & ~sure
    inside: B = np.asarray(sure.any(axis=1), dtype=np.bool_)
    a, pi = np.nonzero(maybe & ~inside[:, None])
    if len(a):
        plat = np.array([p.latitude for p in ctx.places])[pi]
        plon = np.array([p.longitude for p in ctx.places])[pi]
        ok = within(plat, plon, cols.area_lat[a], cols.area_lon[a], cols.area_radius[a])
        inside[a[ok]] = True
    return inside


def provider_failures(
    cols: ProviderColumns, ctx: QueryContext, idx: Index, area_dots: F64 | None = None
) -> dict[str, B]:
    """One boolean array per reason, aligned with idx: True where the provider breaks that constraint."""
    q = ctx.query
    target = ctx.target_ord
    covered = np.bincount(cols.area_prov[area_inside(cols, ctx, area_dots)], minlength=cols.size) > 0
    n = len(cols.level[idx])
    none = np.zeros(n, np.bool_)
    staffing = lacks_any(cols.ratio_bits[idx], ctx.ratio_bits) | (
        lacks_any(cols.night_bits[idx], ctx.night_bits)
    )
    if q.staff_gender == "female":
        staffing = staffing | ~cols.female_only[idx]
    elif q.staff_gender == "male":
        staffing = staffing | ~cols.male_only[idx]
    return {
        "outside_area": ~covered[idx],
        "not_ready_in_time": cols.start_ord[idx] > target if target is not None else none,
        "no_capacity": cols.new_packages[idx] < 1,
        "pbs_below_required": cols.level[idx] < q.required_pbs_level,
        "rrn_training_required": ~cols.rrn[idx] if q.restrictive_interventions_in_plan else none,
        "staffing_not_offered": staffing,
        "client_group_not_served": lacks_any(cols.client_bits[idx], ctx.client_bits),
        "specialist_missing": lacks_any(cols.specialist_bits[idx], ctx.specialist_bits),
        "language_not_offered": lacks_any(cols.language_bits[idx], ctx.language_bits),
    }


def provider_place_km(provider: CareProvider, places: tuple[Place, ...]) -> list[tuple[float, ServiceArea]]:
    """Per case place, the geodesic km to the provider's nearest service-area centre, and that area
    (ties to the first area)."""
    out: list[tuple[float, ServiceArea]] = []
    areas = provider.service_area
    if not areas:
        return out
    plat, plon = _place_coordinates(places)
    alat = np.array([a.latitude for a in areas], dtype=np.float64)
    alon = np.array([a.longitude for a in areas], dtype=np.float64)
    km = from_places_km(plat, plon, alat, alon)  # (areas, places)
    nearest = np.argmin(km, axis=0).tolist()
    return [(float(km[a, k]), areas[a]) for k, a in enumerate(nearest)]


def _nearest_gap(
    provider: CareProvider, places: tuple[Place, ...]
) -> tuple[float, Place, ServiceArea] | None:
    """The smallest (distance to centre - radius) over places and areas: how far outside it falls."""
    areas = provider.service_area
    if not areas or not places:
        return None
    pairs = [(p, a) for p in places for a in areas]
    gaps = geodesic_kms(
        np.array([p.latitude for p, _ in pairs]),
        np.array([p.longitude for p, _ in pairs]),
        np.array([a.latitude for _, a in pairs]),
        np.array([a.longitude for _, a in pairs]),
    ) - np.array([a.radius_km for _, a in pairs])
    best = int(np.argmin(gaps))
    return float(gaps[best]), *pairs[best]


def provider_evidence(reason: str, provider: CareProvider, ctx: QueryContext) -> str:
    q = ctx.query
    if reason == "outside_area":
        gap = _nearest_gap(provider, ctx.places)
        if gap is None:
            return "No service area stated"
        km, place, area = gap
        return (
            f"{place.display} is {km:.1f} km outside its nearest service area, "
            f"{area.name} (radius {area.radius_km:g} km)"
        )
    if reason == "not_ready_in_time":
        assert provider.earliest_start is not None
        assert q.target_move_date is not None
        return f"Earliest start {when(provider.earliest_start)}, target move {when(q.target_move_date)}"
    if reason == "no_capacity":
        return "No capacity for new packages"
    if reason == "pbs_below_required":
        gaps = missing_for_required(provider.pbs, q.required_pbs_level)
        return f"PBS level {pbs_level(provider.pbs)}, level {q.required_pbs_level} required: " + "; ".join(
            g.replace("use ", "no ", 1) if g.startswith("use ") else "needs to " + g for g in gaps
        )
    if reason == "rrn_training_required":
        return "Plan includes restrictive interventions; no RRN certified training"
    if reason == "staffing_not_offered":
        parts: list[str] = []
        if q.day_ratio and q.day_ratio not in provider.ratios:
            parts.append(f"no {q.day_ratio} day support")
        if q.night and q.night not in provider.nights:
            parts.append(f"no {lower_label(q.night)} cover")
        if q.staff_gender == "female" and not provider.female_staff_only:
            parts.append("no female-only team")
        if q.staff_gender == "male" and not provider.male_staff_only:
            parts.append("no male-only team")
        text = "; ".join(parts)
        return text[0].upper() + text[1:]
    if reason == "client_group_not_served":
        missing = sorted(q.client_groups - provider.client_groups)
        return "Does not support " + ", ".join(lower_label(c) for c in missing)
    if reason == "specialist_missing":
        missing = sorted(q.specialists - provider.specialists)
        return "No " + ", ".join(lower_label(c) for c in missing)
    if reason == "language_not_offered":
        return f"No support in {label(q.language or '')}"
    raise KeyError(reason)


# ------------------------------------------------------------------------------------- near misses


def distance_margin(limit_km: float) -> float:
    """How far past a distance limit still counts as a near miss: 25% or 10 km, whichever is larger."""
    return max(0.25 * limit_km, 10.0)


def home_near_miss_ok(
    cols: HomeColumns, ctx: QueryContext, idx: I64, reason: str, nearest: F64 | None = None
) -> B:
    """For homes failing only `reason`: is the miss small enough to show the commissioner.
    `nearest`: `home_nearest_dots` of every home, when the caller has it."""
    q = ctx.query
    if reason == "outside_area":
        best = home_nearest_dots(cols, ctx, idx) if nearest is None else nearest[idx]
        return np.asarray(
            dots_to_km(best) <= q.max_distance_km + distance_margin(q.max_distance_km), np.bool_
        )
    if reason == "rent_over_limit" and q.max_weekly_rent is not None:
        return np.asarray(cols.rent[idx] <= q.max_weekly_rent * 1.1, np.bool_)
    if reason == "accessibility_below_minimum":
        return np.asarray(cols.access_rank[idx] == ctx.min_rank + 1, np.bool_)
    if reason == "must_have_missing":
        return np.asarray(np.bitwise_count(mask(ctx.must_bits) & ~cols.feature_bits[idx]) == 1, np.bool_)
    if reason == "too_few_bedrooms":
        return np.asarray(cols.bedrooms[idx] == q.min_bedrooms - 1, np.bool_)
    return np.zeros(len(idx), np.bool_)


HOME_NEAR_MISS_REASONS = (
    "outside_area",
    "rent_over_limit",
    "accessibility_below_minimum",
    "must_have_missing",
    "too_few_bedrooms",
)


def home_would_fit_if(reason: str, home: Home, ctx: QueryContext, kms: list[float] | None = None) -> str:
    q = ctx.query
    if reason == "outside_area":
        return f"max_distance_km were {int(np.ceil(round(min(kms or home_place_km(home, ctx.places)), 6)))}"
    if reason == "rent_over_limit":
        return f"max_weekly_rent were {int(np.ceil(round(home.weekly_rent or 0, 6)))}"
    if reason == "accessibility_below_minimum":
        return f"min_accessibility were {home.accessibility}"
    if reason == "must_have_missing":
        (missing,) = sorted(q.must_have - home.features - home.assistive_technology)
        return f"must_have did not include {missing}"
    if reason == "too_few_bedrooms":
        return f"min_bedrooms were {home.bedrooms}"
    raise KeyError(reason)


def provider_near_miss_gap(provider: CareProvider, ctx: QueryContext) -> tuple[float, str] | None:
    """For a provider failing only outside_area: (gap km, would_fit_if) when the gap is small enough."""
    gap = _nearest_gap(provider, ctx.places)
    if gap is None:
        return None
    km, place, area = gap
    if km > distance_margin(area.radius_km):
        return None
    reach = int(np.ceil(round(area.radius_km + km, 6)))
    return (
        km,
        f"its {area.name} service area reached {reach} km (now {area.radius_km:g} km) to cover {place.name}",
    )


def area_gaps(cols: ProviderColumns, ctx: QueryContext, providers: I64, area_dots: F64 | None = None) -> F64:
    """Per provider of `providers`, the smallest spherical (gap to an area's edge - near-miss margin),
    in km; only their areas are measured (a search asks for the few failing on distance alone).

    At most 0 (plus the sphere's tolerance) means a near miss worth confirming geodesically.
    """
    areas, owner = cols.areas_of(providers)
    dots = (
        nearest_dot(cols.area_xyz[areas], ctx.place_xyz)
        if area_dots is None
        else area_dots[areas].max(axis=1)
    )
    km = dots_to_km(dots)
    radius = cols.area_radius[areas]
    excess = km - radius - np.maximum(0.25 * radius, 10.0) - (km * GEO_TOLERANCE + 0.05)
    out = np.full(len(providers), np.inf)
    np.minimum.at(out, owner, excess)
    return out
