"""The named criteria, each in [0, 1]: vectorised scores to rank on, plain-English evidence to defend them.

Scores are computed for whole candidate arrays (`home_scores`, `provider_scores`); evidence only for the
candidates that are reported. Location is ranked on spherical distances and recomputed from geodesic
distances (`location_from_km`) for every reported candidate, so the figure shown is the geodesic one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from matcher.vocab import ACCESSIBILITY, SPECIALISTS, label

from .columns import F64, I64, HomeColumns, ProviderColumns, mask, popcount
from .constraints import lower_label, when
from .geo import dots as geo_dots
from .geo import dots_to_km
from .narrative import NarrativeIndex, QueryVector
from .query import QueryContext
from .types import CareProvider, Home, Place, ServiceArea

#: Distance at which a place's pull halves; 1 / (1 + (d / s)^2) has no cliff at the search limit.
LOCATION_SCALE_KM = 15.0
#: Ready this many days before the target move scores 1; ready on the day scores READY_ON_THE_DAY.
READY_MARGIN_DAYS = 90
READY_ON_THE_DAY = 0.3
#: With no target date, a wait of this many days halves readiness.
WAIT_HALF_DAYS = 30

PROPERTY_FIT_PARTS = {"nice_to_have": 0.5, "bedrooms": 0.15, "accessibility": 0.15, "rent": 0.2}
NEEDS_PARTS = {"communication": 0.5, "specialists": 0.3, "breadth": 0.2}


def location_from_km(km: F64, place_weight: F64) -> F64:
    """(n, places) distances to one score per candidate: each place's pull, weighted by the place."""
    pull = 1.0 / (1.0 + (km / LOCATION_SCALE_KM) ** 2)
    return np.asarray(pull @ place_weight, dtype=np.float64)


def readiness_from(ready_ord: I64, ctx: QueryContext) -> F64:
    today = ctx.today.toordinal()
    ready = np.maximum(ready_ord, today)
    target = ctx.target_ord
    if target is None:
        return np.asarray(1.0 / (1.0 + (ready - today) / WAIT_HALF_DAYS), dtype=np.float64)
    early = (target - ready).astype(np.float64)
    score = np.clip(READY_ON_THE_DAY + (1 - READY_ON_THE_DAY) * early / READY_MARGIN_DAYS, 0.0, 1.0)
    return np.asarray(np.where(early < 0, 0.0, score), dtype=np.float64)


def _share(hits: I64, wanted: int) -> F64:
    n = int(np.bitwise_count(wanted))
    return np.ones(len(hits)) if n == 0 else hits / n


def home_scores(
    cols: HomeColumns,
    ctx: QueryContext,
    idx: I64,
    narrative: NarrativeIndex,
    row_offset: int,
    qvec: QueryVector,
) -> dict[str, F64]:
    q = ctx.query
    km = dots_to_km(geo_dots(cols.xyz[idx], ctx.place_xyz))
    nice = _share(popcount(cols.feature_bits[idx] & mask(ctx.nice_bits)), ctx.nice_bits)
    spare = np.clip(cols.bedrooms[idx] - max(q.min_bedrooms, 1), 0, 2) / 2.0
    access = (
        np.clip((ctx.min_rank - cols.access_rank[idx]) / ctx.min_rank, 0.0, 1.0)
        if ctx.min_rank
        else np.ones(len(idx))
    )
    if q.max_weekly_rent:
        rent = cols.rent[idx]
        headroom = np.clip((q.max_weekly_rent - rent) / (0.25 * q.max_weekly_rent), 0.0, 1.0)
        rent_part = np.where(np.isnan(rent), 0.5, headroom)
    else:
        rent_part = np.ones(len(idx))
    p = PROPERTY_FIT_PARTS
    fit = (
        p["nice_to_have"] * nice + p["bedrooms"] * spare + p["accessibility"] * access + p["rent"] * rent_part
    )
    return {
        "location": location_from_km(km, ctx.place_weight),
        "property_fit": np.asarray(fit, dtype=np.float64),
        "narrative": narrative.scores(idx + row_offset, qvec),
        "readiness": readiness_from(cols.avail_ord[idx], ctx),
    }


def area_place_dots(cols: ProviderColumns, ctx: QueryContext) -> F64:
    """(areas + 1, places), column-major: each service-area centre's dot product with each case place.

    Computed once per search and shared by the coverage constraint, the location criterion and the
    near-miss gaps. The extra last row is -1 (the pad slot of ProviderColumns.area_pad).
    """
    n = len(cols.area_lat)
    out = np.empty((n + 1, len(ctx.places)), dtype=np.float64, order="F")
    out[n] = -1.0
    x, y, z = cols.area_xyz[:, 0], cols.area_xyz[:, 1], cols.area_xyz[:, 2]
    for j, (px, py, pz) in enumerate(ctx.place_xyz):
        col = out[:n, j]
        np.multiply(x, px, out=col)
        col += y * py
        col += z * pz
    return out


def provider_place_dots(cols: ProviderColumns, ctx: QueryContext, area_dots: F64 | None = None) -> F64:
    """(providers, places): dot product of each place with the provider's nearest area centre."""
    if area_dots is None:
        area_dots = area_place_dots(cols, ctx)
    out = np.empty((cols.size, len(ctx.places)), dtype=np.float64)
    if cols.area_pad is not None:
        # At most a few areas per provider: a gather per slot beats reduceat several times over.
        for j in range(len(ctx.places)):
            col = area_dots[:, j]
            best = col[cols.area_pad[0]]
            for slot in cols.area_pad[1:]:
                np.maximum(best, col[slot], out=best)
            out[:, j] = best
        return out
    out.fill(-1.0)
    dots = area_dots[:-1]
    if len(dots):
        counts = np.diff(cols.area_ptr)
        has = counts > 0
        out[has] = np.maximum.reduceat(dots, cols.area_ptr[:-1][has], axis=0)
    return out


def provider_scores(
    cols: ProviderColumns,
    ctx: QueryContext,
    idx: I64,
    narrative: NarrativeIndex,
    qvec: QueryVector,
    place_dots: F64,
) -> dict[str, F64]:
    comm = _share(popcount(cols.comm_bits[idx] & mask(ctx.comm_bits)), ctx.comm_bits)
    room = len(SPECIALISTS) - int(np.bitwise_count(ctx.specialist_bits))
    extra = (
        popcount(cols.specialist_bits[idx] & ~mask(ctx.specialist_bits)) / room if room else np.ones(len(idx))
    )
    n = NEEDS_PARTS
    needs = n["communication"] * comm + n["specialists"] * extra + n["breadth"] * cols.breadth[idx]
    has_area = cols.area_ptr[idx + 1] > cols.area_ptr[idx]  # not np.diff of every provider's
    location = np.where(has_area, location_from_km(dots_to_km(place_dots[idx]), ctx.place_weight), 0.0)
    return {
        "location": np.asarray(location, dtype=np.float64),
        "pbs": cols.pbs_score[idx],
        "needs": np.asarray(needs, dtype=np.float64),
        "narrative": narrative.scores(idx, qvec),
        "readiness": readiness_from(cols.start_ord[idx], ctx),
    }


# ------------------------------------------------------------------------------------------ evidence


def location_text(
    kms: Sequence[float], places: Sequence[Place], areas: Sequence[ServiceArea] | None = None
) -> str:
    parts = []
    for i, (km, place) in enumerate(zip(kms, places, strict=True)):
        where = f"{km:.1f} km from {place.display}"
        parts.append(f"{areas[i].name} centre {where}" if areas is not None else where)
    return ", ".join(parts)


def property_fit_text(home: Home, ctx: QueryContext) -> str:
    q = ctx.query
    parts: list[str] = []
    if q.nice_to_have:
        have = sorted(q.nice_to_have & (home.features | home.assistive_technology))
        lack = sorted(q.nice_to_have - home.features - home.assistive_technology)
        parts.append(
            f"{len(have)} of {len(q.nice_to_have)} nice-to-haves"
            + (f" (has {', '.join(lower_label(c) for c in have)})" if have else "")
            + (f", lacks {', '.join(lower_label(c) for c in lack)}" if lack else "")
        )
    spare = home.bedrooms - max(q.min_bedrooms, 1)
    parts.append(f"{max(spare, 0)} spare bedroom{'s' if spare != 1 else ''}")
    margin = (
        ACCESSIBILITY.index(q.min_accessibility) - ACCESSIBILITY.index(home.accessibility)
        if home.accessibility in ACCESSIBILITY
        else 0
    )
    if q.min_accessibility != "G" or home.accessibility != "G":
        parts.append(
            f"accessibility {home.accessibility}"
            + (f", {margin} above minimum {q.min_accessibility}" if margin > 0 else "")
        )
    if home.weekly_rent is None:
        parts.append("rent not stated")
    elif q.max_weekly_rent:
        under = (q.max_weekly_rent - home.weekly_rent) / q.max_weekly_rent
        parts.append(f"£{home.weekly_rent:.2f} a week, {max(under, 0) * 100:.0f}% under limit")
    else:
        parts.append(f"£{home.weekly_rent:.2f} a week")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def readiness_text(ready: date | None, ctx: QueryContext, noun: str) -> str:
    target = ctx.query.target_move_date
    if ready is None or ready <= ctx.today:
        head = f"{noun} now"
        ready_day = ctx.today
    else:
        head = f"{noun} from {when(ready)}"
        ready_day = ready
    if target is None:
        return head
    days = (target - ready_day).days
    if days < 0:
        return f"{head}, {-days} days after the target move"
    return f"{head}, {days} days before the target move"


def needs_text(provider: CareProvider, ctx: QueryContext) -> str:
    q = ctx.query
    parts: list[str] = []
    if q.communication:
        met = sorted(q.communication & provider.communication)
        parts.append(
            f"{len(met)} of {len(q.communication)} communication methods"
            + (f" ({', '.join(label(c) for c in met)})" if met else "")
        )
    extra = sorted(provider.specialists - q.specialists)
    if extra:
        parts.append("also offers " + ", ".join(lower_label(c) for c in extra))
    n = len(provider.client_groups)
    parts.append(f"supports {n} client group{'s' if n != 1 else ''}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]
