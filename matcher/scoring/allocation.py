"""Allocation across many waiting people: the optimal assignment of packages, as an integer programme.

Plain data in (per case its eligible packages; per care provider its capacity), the optimal assignment
out. Searching case by case lets the first case take the provider or home that was the only option for
the second; a joint optimum does not.

The programme: one binary variable per (case, eligible package);
    each case takes at most one package;
    each home goes to at most one case;
    each care provider takes at most its `capacity.new_packages` cases.
Solved with `scipy.optimize.milp` (HiGHS) with a zero MIP gap, so the answer is optimal, not "within
0.01 %".

Scores enter the programme as integers in units of SCORE_UNIT (search reports scores to 4 decimals, so
nothing is lost): every objective coefficient is an integer.

The objectives are lexicographic, written as ONE weighted objective that is provably so:
    `most_people_then_score`: maximise sum x * (M + s), with s the score in units and M one more than
                              the sum of each case's best score (so more than any total score): one more
                              person outweighs every possible score difference, and among assignments
                              matching as many people the total score decides;
    `total_score`:            maximise sum x * ((n + 1) * s + 1): one score unit outweighs any
                              difference in people (at most n), and among equal totals the most people
                              win, so a zero-scored package is never left idle.
Scores lie in [0, 1], so coefficients stay near 10**4 * n, far inside the integers a double holds exactly.

How it is solved: first the linear relaxation (a fraction of a second at bench scale). When its optimal
vertex is integral it is optimal for the integer programme too (the relaxation's optimum bounds the
integer one, and this integral point reaches it), which is what assignment-like programmes usually
give. Only otherwise is the integer programme solved by branch and bound.

Before solving, each case's packages are pruned by rules that provably keep an optimum (n = cases):
    per home, only its n best providers (others take at most n - 1 providers' last places);
    per provider, only its n best homes (others hold at most n - 1 homes);
    overall, nothing after the first 2n - 1 packages that share no home and no provider (whatever the
    others take, one of those is free and scores at least as well).
Any package cut is beaten by a kept one that stays free whatever the other cases hold, so swapping to it
never loses a person or score (`_prune`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

OBJECTIVES = ("most_people_then_score", "total_score")

NO_PACKAGE = "no eligible package"
ONLY_OPTIONS_TAKEN = "its only packages went to cases with no other option"

#: Scores are optimised in these units (search rounds scores to 4 decimals).
SCORE_UNIT = 1e-4
#: How close to 0 or 1 a relaxed solution's values must be to count as integral.
INTEGRAL = 1e-6


@dataclass(frozen=True, slots=True)
class Option:
    """One eligible package of one case, as the case's own search scored it."""

    organisation_id: str  # the care provider
    property_id: str
    kind: str
    score: float


@dataclass(frozen=True, slots=True)
class CaseOptions:
    case_id: str
    packages: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Assignment:
    case_id: str
    organisation_id: str
    property_id: str
    kind: str
    score: float
    best_alone_score: float
    regret: float


@dataclass(frozen=True, slots=True)
class Unassigned:
    case_id: str
    reason: str


@dataclass
class Allocation:
    assignments: list[Assignment]
    unassigned: list[Unassigned]
    total_score: float
    people_matched: int
    objective: str
    #: per unassigned case, the cases holding the homes or provider places its packages needed
    blockers: dict[str, list[str]] = field(default_factory=dict)


class InvalidObjective(ValueError):
    pass


def _solve(c: np.ndarray, constraints: list[LinearConstraint], n: int) -> np.ndarray:
    """Maximise c @ x over the binary assignments: the relaxation when it is integral, else the MIP."""
    for integrality in (np.zeros(n), np.ones(n)):
        result = milp(
            c=-c,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(0, 1),
            options={"mip_rel_gap": 0.0},
        )
        if result.x is None:  # all-zero is always feasible, so this is a solver failure: a bug, seen as one
            raise RuntimeError(f"allocation solver failed: {result.message}")
        x = np.asarray(result.x, dtype=np.float64)
        rounded = np.round(x)
        if np.all(np.abs(x - rounded) <= INTEGRAL) and abs(c @ rounded - c @ x) < 0.5:
            return np.asarray(rounded, dtype=np.int64)
    raise RuntimeError("allocation solver answered a fractional assignment")  # pragma: no cover


def allocate(
    cases: Sequence[CaseOptions], capacities: Mapping[str, int], objective: str = "most_people_then_score"
) -> Allocation:
    """The optimal assignment for `objective`; a provider missing from `capacities` takes no one."""
    if objective not in OBJECTIVES:
        raise InvalidObjective(f"objective: unknown {objective!r}; allowed: {', '.join(OBJECTIVES)}")
    var_case: list[int] = []
    var_option: list[Option] = []
    for ci, case in enumerate(cases):
        for option in _prune(case.packages, capacities, len(cases)):
            var_case.append(ci)
            var_option.append(option)
    n = len(var_option)
    chosen = np.zeros(n, np.int64)
    if n:
        chosen = _optimise(var_case, var_option, len(cases), capacities, objective)
    return _describe(cases, var_case, var_option, chosen, capacities, objective)


def _prune(packages: Sequence[Option], capacities: Mapping[str, int], n: int) -> list[Option]:
    """The packages of one case that can matter in some optimum (see the module's docstring)."""
    usable = {
        (o.organisation_id, o.property_id): o for o in packages if capacities.get(o.organisation_id, 0) >= 1
    }
    order = sorted(usable.values(), key=lambda o: (-o.score, o.organisation_id, o.property_id))
    per_home: dict[str, int] = {}
    per_provider: dict[str, int] = {}
    kept: list[Option] = []
    for o in order:
        h = per_home[o.property_id] = per_home.get(o.property_id, 0) + 1
        p = per_provider[o.organisation_id] = per_provider.get(o.organisation_id, 0) + 1
        if h <= n and p <= n:
            kept.append(o)
    homes: set[str] = set()
    providers: set[str] = set()
    for k, o in enumerate(kept):
        if o.property_id not in homes and o.organisation_id not in providers:
            homes.add(o.property_id)
            providers.add(o.organisation_id)
            if len(homes) == 2 * n - 1:
                return kept[: k + 1]
    return kept


def _optimise(
    var_case: list[int],
    var_option: list[Option],
    n_cases: int,
    capacities: Mapping[str, int],
    objective: str,
) -> np.ndarray:
    n = len(var_option)
    homes = {h: i for i, h in enumerate(sorted({o.property_id for o in var_option}))}
    providers = sorted({o.organisation_id for o in var_option})
    prov_row = {p: i for i, p in enumerate(providers)}
    cols = np.arange(n)
    rows = [
        (np.array(var_case), n_cases, np.ones(n_cases)),
        (np.array([homes[o.property_id] for o in var_option]), len(homes), np.ones(len(homes))),
        (
            np.array([prov_row[o.organisation_id] for o in var_option]),
            len(providers),
            np.array([float(capacities[p]) for p in providers]),
        ),
    ]
    constraints = [
        LinearConstraint(coo_array((np.ones(n), (r, cols)), shape=(m, n)).tocsr(), -np.inf, ub)
        for r, m, ub in rows
    ]
    units = np.array([round(o.score / SCORE_UNIT) for o in var_option], dtype=np.float64)
    if objective == "most_people_then_score":
        best: dict[int, float] = {}
        for ci, u in zip(var_case, units.tolist(), strict=True):
            best[ci] = max(best.get(ci, 0.0), u)
        weights = units + (sum(best.values()) + 1)  # M: more than any total score can be
    else:
        weights = units * (n_cases + 1) + 1
    return _solve(weights, constraints, n)


def _describe(
    cases: Sequence[CaseOptions],
    var_case: list[int],
    var_option: list[Option],
    chosen: np.ndarray,
    capacities: Mapping[str, int],
    objective: str,
) -> Allocation:
    taken: dict[int, Option] = {var_case[k]: var_option[k] for k in np.flatnonzero(chosen)}
    home_holder = {o.property_id: cases[ci].case_id for ci, o in taken.items()}
    provider_holders: dict[str, list[str]] = {}
    for ci, o in taken.items():
        provider_holders.setdefault(o.organisation_id, []).append(cases[ci].case_id)
    by_id = {c.case_id: c for c in cases}

    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    blockers: dict[str, list[str]] = {}
    for ci, case in enumerate(cases):
        best_alone = max((o.score for o in case.packages), default=0.0)
        if ci in taken:
            o = taken[ci]
            assignments.append(
                Assignment(
                    case_id=case.case_id,
                    organisation_id=o.organisation_id,
                    property_id=o.property_id,
                    kind=o.kind,
                    score=o.score,
                    best_alone_score=best_alone,
                    regret=round(best_alone - o.score, 4),
                )
            )
            continue
        holders = _holders(case, home_holder, provider_holders, capacities)
        blockers[case.case_id] = sorted(holders)
        unassigned.append(Unassigned(case.case_id, _reason(case, holders, by_id, capacities, objective)))
    return Allocation(
        assignments=assignments,
        unassigned=unassigned,
        total_score=round(sum(a.score for a in assignments), 4),
        people_matched=len(assignments),
        objective=objective,
        blockers=blockers,
    )


def _holders(
    case: CaseOptions,
    home_holder: Mapping[str, str],
    provider_holders: Mapping[str, list[str]],
    capacities: Mapping[str, int],
) -> set[str]:
    """The other cases holding the homes or filling the providers this case's packages need."""
    out: set[str] = set()
    for o in case.packages:
        if o.property_id in home_holder:
            out.add(home_holder[o.property_id])
        held = provider_holders.get(o.organisation_id, [])
        if len(held) >= capacities.get(o.organisation_id, 0):
            out.update(held)
    out.discard(case.case_id)
    return out


def _reason(
    case: CaseOptions,
    holders: set[str],
    by_id: Mapping[str, CaseOptions],
    capacities: Mapping[str, int],
    objective: str,
) -> str:
    if not case.packages:
        return NO_PACKAGE
    if all(capacities.get(o.organisation_id, 0) < 1 for o in case.packages):
        return "its care providers have no capacity for new packages"
    needed = {o.property_id for o in case.packages} | {o.organisation_id for o in case.packages}
    no_other = [
        h
        for h in holders
        if all(o.property_id in needed or o.organisation_id in needed for o in by_id[h].packages)
    ]
    if holders and len(no_other) == len(holders):
        return ONLY_OPTIONS_TAKEN
    n = len(case.packages)
    packages = f"its {n} package{'s' if n != 1 else ''}"
    if objective == "most_people_then_score":
        return (
            f"{packages} use homes or care providers given to {len(holders)} other case"
            f"{'s' if len(holders) != 1 else ''}; matching it would leave another person unmatched"
            " or lower the total score"
        )
    return (
        f"{packages} use homes or care providers given to {len(holders)} other case"
        f"{'s' if len(holders) != 1 else ''}, whose packages score higher in total"
    )
