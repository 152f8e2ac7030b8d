"""What the market lacks for one case: how many candidates each hard constraint removes, and what one
relaxed constraint would add.

No second copy of the rules: every decision here is `constraints.home_failures` /
`constraints.provider_failures` (the code search and explain use), and packages are
`packages.candidate_pairs` over the survivors, ranked for the nearby pairing by the same criteria
totals as search. A relaxation is a changed `CaseQuery` (`dataclasses.replace`); only the side it
touches (homes or care providers) is evaluated again.

Relaxed here: the housing specification (distance, accessibility, bedrooms, each must-have, property
types, tenure, living arrangement, rent), the target move date, the PBS level required, each
specialist asked for. Never relaxed: the person's client groups, staffing, language and the RRN
training a restrictive plan requires: those are needs or safeguards, not preferences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from matcher.vocab import ACCESSIBILITY

from .columns import F64, I64
from .constraints import CARE_REASONS, HOME_REASONS, home_failures, provider_failures
from .criteria import area_place_dots, home_scores, provider_place_dots, provider_scores
from .marketplace import Marketplace, weighted_total
from .packages import candidate_pairs
from .query import QueryContext
from .types import CaseQuery
from .weights import CARE_CRITERIA, HOME_CRITERIA, normalise_weights

#: How far one relaxation goes: distance and rent by half again / a fifth, dates by three months.
DISTANCE_FACTOR = 1.5
RENT_FACTOR = 1.2
MOVE_DATE_DELAY = timedelta(days=91)


@dataclass(frozen=True, slots=True)
class Counts:
    care: int
    housing: int
    packages: int


@dataclass(frozen=True, slots=True)
class Blocking:
    reason: str
    side: str  # "care" | "housing"
    candidates: int  # removed by this constraint (they may break others too)
    only: int  # removed by this constraint alone: relaxing it entirely would admit them


@dataclass(frozen=True, slots=True)
class Unlock:
    field: str
    before: str
    after: str
    adds: Counts

    @property
    def change(self) -> str:
        """ "max_distance_km 30 → 45 adds 4 homes" """
        added = counted(self.adds.housing, self.adds.care, self.adds.packages)
        return f"{self.field} {self.before} → {self.after} adds {added}"


def counted(housing: int, care: int, packages: int) -> str:
    """ "4 homes, 1 package", or "nothing" """
    parts = [
        f"{n} {noun if n == 1 else plural}"
        for n, noun, plural in (
            (housing, "home", "homes"),
            (care, "care provider", "care providers"),
            (packages, "package", "packages"),
        )
        if n > 0
    ]
    return ", ".join(parts) or "nothing"


@dataclass(frozen=True, slots=True)
class Gaps:
    eligible: Counts
    blocking: list[Blocking]
    unlocks: list[Unlock]  # those that add something, most packages first


@dataclass(frozen=True, slots=True)
class _Side:
    eligible: I64
    total: F64
    failures: dict[str, np.ndarray]


def _homes(market: Marketplace, ctx: QueryContext, weights: Mapping[str, float]) -> _Side:
    cols = market._h
    failures = home_failures(cols, ctx, slice(None))
    fails = np.zeros(cols.size, np.uint8)
    for r in HOME_REASONS:
        fails += failures[r]
    idx = np.flatnonzero(fails == 0)
    qvec = market._narrative.query_vector(ctx.query.narrative)
    scores = home_scores(cols, ctx, idx, market._narrative, market._p.size, qvec)
    return _Side(idx, weighted_total(scores, weights, HOME_CRITERIA), failures)


def _providers(market: Marketplace, ctx: QueryContext, weights: Mapping[str, float]) -> _Side:
    cols = market._p
    area_dots = area_place_dots(cols, ctx)
    failures = provider_failures(cols, ctx, slice(None), area_dots)
    fails = np.zeros(cols.size, np.uint8)
    for r in CARE_REASONS:
        fails += failures[r]
    idx = np.flatnonzero(fails == 0)
    qvec = market._narrative.query_vector(ctx.query.narrative)
    scores = provider_scores(
        cols, ctx, idx, market._narrative, qvec, provider_place_dots(cols, ctx, area_dots)
    )
    return _Side(idx, weighted_total(scores, weights, CARE_CRITERIA), failures)


def _package_count(market: Marketplace, ctx: QueryContext, care: _Side, homes: _Side) -> int:
    pairs = candidate_pairs(market._p, market._h, ctx, care.eligible, care.total, homes.eligible, homes.total)
    return len(pairs.home)


def _blocking(side: str, failures: Mapping[str, np.ndarray], reasons: tuple[str, ...]) -> list[Blocking]:
    stack = np.array([failures[r] for r in reasons], dtype=np.bool_)
    alone = stack.sum(axis=0) == 1
    return [
        Blocking(r, side, int(np.count_nonzero(stack[k])), int(np.count_nonzero(stack[k] & alone)))
        for k, r in enumerate(reasons)
        if stack[k].any()
    ]


def _num(value: float) -> str:
    return f"{value:g}"


def relaxations(query: CaseQuery, blocking: list[Blocking]) -> list[tuple[str, str, str, str, CaseQuery]]:
    """(side, field, before, after, relaxed query) for each constraint that removes candidates."""
    removes = {(b.side, b.reason) for b in blocking}
    out: list[tuple[str, str, str, str, CaseQuery]] = []
    q = query
    if ("housing", "outside_area") in removes:
        far = float(round(q.max_distance_km * DISTANCE_FACTOR))
        out.append(
            (
                "housing",
                "max_distance_km",
                _num(q.max_distance_km),
                _num(far),
                replace(q, max_distance_km=far),
            )
        )
    if ("housing", "accessibility_below_minimum") in removes and q.min_accessibility != ACCESSIBILITY[-1]:
        lower = ACCESSIBILITY[ACCESSIBILITY.index(q.min_accessibility) + 1]
        out.append(
            ("housing", "min_accessibility", q.min_accessibility, lower, replace(q, min_accessibility=lower))
        )
    if ("housing", "too_few_bedrooms") in removes and q.min_bedrooms > 0:
        fewer = q.min_bedrooms - 1
        out.append(
            ("housing", "min_bedrooms", str(q.min_bedrooms), str(fewer), replace(q, min_bedrooms=fewer))
        )
    if ("housing", "must_have_missing") in removes:
        for code in sorted(q.must_have):
            out.append(
                ("housing", "must_have", code, "not required", replace(q, must_have=q.must_have - {code}))
            )
    if ("housing", "type_not_accepted") in removes:
        out.append(
            (
                "housing",
                "property_types",
                ", ".join(sorted(q.property_types)),
                "any",
                replace(q, property_types=frozenset()),
            )
        )
    if ("housing", "tenure_not_accepted") in removes:
        out.append(("housing", "tenure", ", ".join(sorted(q.tenure)), "any", replace(q, tenure=frozenset())))
    if ("housing", "arrangement_not_accepted") in removes:
        both = frozenset({"single_occupancy", "shared"})
        out.append(
            (
                "housing",
                "living_arrangement",
                ", ".join(sorted(q.living_arrangement)) or "none",
                "single_occupancy, shared",
                replace(q, living_arrangement=both),
            )
        )
    if ("housing", "rent_over_limit") in removes and q.max_weekly_rent is not None:
        more = float(round(q.max_weekly_rent * RENT_FACTOR))
        out.append(
            (
                "housing",
                "max_weekly_rent",
                _num(q.max_weekly_rent),
                _num(more),
                replace(q, max_weekly_rent=more),
            )
        )
    late = {("housing", "not_ready_in_time"), ("care", "not_ready_in_time")} & removes
    if late and q.target_move_date is not None:
        later: date = q.target_move_date + MOVE_DATE_DELAY
        side = "both" if len(late) == 2 else next(iter(late))[0]
        out.append(
            (
                side,
                "target_move_date",
                q.target_move_date.isoformat(),
                later.isoformat(),
                replace(q, target_move_date=later),
            )
        )
    if ("care", "pbs_below_required") in removes and q.required_pbs_level > 0:
        level = q.required_pbs_level - 1
        out.append(
            (
                "care",
                "required_pbs_level",
                str(q.required_pbs_level),
                str(level),
                replace(q, required_pbs_level=level),
            )
        )
    if ("care", "specialist_missing") in removes:
        for code in sorted(q.specialists):
            out.append(
                ("care", "specialists", code, "not required", replace(q, specialists=q.specialists - {code}))
            )
    return out


def market_gaps(
    market: Marketplace,
    query: CaseQuery,
    weights: Mapping[str, float] | None = None,
    *,
    today: date | None = None,
) -> Gaps:
    """Eligible counts, what each constraint removes, and every single relaxation that adds something."""
    w = normalise_weights(weights)
    day = today or date.today()
    ctx = QueryContext.compile(query, day)
    homes = _homes(market, ctx, w)
    care = _providers(market, ctx, w)
    base = Counts(len(care.eligible), len(homes.eligible), _package_count(market, ctx, care, homes))
    blocking = _blocking("care", care.failures, CARE_REASONS) + _blocking(
        "housing", homes.failures, HOME_REASONS
    )
    unlocks: list[Unlock] = []
    for side, field, before, after, relaxed in relaxations(query, blocking):
        rctx = QueryContext.compile(relaxed, day)
        r_homes = _homes(market, rctx, w) if side in ("housing", "both") else homes
        r_care = _providers(market, rctx, w) if side in ("care", "both") else care
        packages = _package_count(market, rctx, r_care, r_homes)
        adds = Counts(
            len(r_care.eligible) - base.care, len(r_homes.eligible) - base.housing, packages - base.packages
        )
        if adds.care > 0 or adds.housing > 0 or adds.packages > 0:
            unlocks.append(Unlock(field, before, after, adds))
    unlocks.sort(key=lambda u: (-u.adds.packages, -(u.adds.housing + u.adds.care), u.field, u.before))
    blocking.sort(key=lambda b: (-b.candidates, b.side, b.reason))
    return Gaps(base, blocking, unlocks)
