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
never loses a person or score (`_prune`). Only a case's competitors (the cases with a package sharing a
home or a provider with one of its packages) can hold what its packages need, so n can be 1 + their
count, per case; fewer packages mean fewer competitors, so the pruning is repeated until it cuts nothing
(`_prune_all`, in arrays). At bench scale (50 cases) this leaves 18,785 of 86,018 packages, and HiGHS
takes a tenth of the time. When several optima tie exactly, which one the solver returns is its choice.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array

from .marketplace import occurrence

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
    found = _Variables.of(cases, capacities)
    alive = _prune_all(found, len(cases))
    taken: dict[int, Option] = {}
    if len(alive):
        chosen = alive[np.flatnonzero(_optimise(found, alive, len(cases), capacities, objective))]
        taken = {int(found.case[k]): found.options[k] for k in chosen.tolist()}
    return _describe(cases, taken, capacities, objective)


def _prune(packages: Sequence[Option], capacities: Mapping[str, int], n: int) -> list[Option]:
    """The packages of one case that can matter in some optimum among n cases, the rules written out
    plainly (see the module's docstring); `_prune_all` applies them to every case at once, in arrays."""
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


@dataclass(frozen=True, slots=True)
class _Variables:
    """Every usable package of every case, one per (case, provider, home) (the last given, as `_prune`
    keeps it), in each case's rank order (-score, provider id, home id), as arrays."""

    case: np.ndarray
    provider: np.ndarray  # index into `providers` (sorted ids, so index order is id order)
    home: np.ndarray  # index into `homes`
    score: np.ndarray
    options: list[Option]
    providers: list[str]
    homes: list[str]

    @classmethod
    def of(cls, cases: Sequence[CaseOptions], capacities: Mapping[str, int]) -> _Variables:
        options: list[Option] = []
        counts: list[int] = []
        for one in cases:
            usable = [o for o in one.packages if capacities.get(o.organisation_id, 0) >= 1]
            options += usable
            counts.append(len(usable))
        orgs = list(map(attrgetter("organisation_id"), options))
        props = list(map(attrgetter("property_id"), options))
        providers = sorted(dict.fromkeys(orgs))
        homes = sorted(dict.fromkeys(props))
        p_index = {p: i for i, p in enumerate(providers)}
        h_index = {h: i for i, h in enumerate(homes)}
        case = np.repeat(np.arange(len(cases), dtype=np.int64), counts)
        provider = np.array(list(map(p_index.__getitem__, orgs)), dtype=np.int64)
        home = np.array(list(map(h_index.__getitem__, props)), dtype=np.int64)
        score = np.array(list(map(attrgetter("score"), options)), dtype=np.float64)
        key = (case * max(1, len(providers)) + provider) * max(1, len(homes)) + home
        last_first = np.lexsort((-np.arange(len(options)), key))
        distinct = np.ones(len(options), np.bool_)
        distinct[1:] = key[last_first][1:] != key[last_first][:-1]
        pick = last_first[distinct]
        pick = pick[np.lexsort((home[pick], provider[pick], -score[pick], case[pick]))]
        chosen = [options[i] for i in pick.tolist()]
        return cls(case[pick], provider[pick], home[pick], score[pick], chosen, providers, homes)


def _competitors(v: _Variables, alive: np.ndarray, n_cases: int) -> np.ndarray:
    """Per case, 1 + how many other cases have a package sharing a home or a provider with one of its
    packages (only those can take what its packages need)."""
    c = v.case[alive]
    ones = np.ones(len(alive))
    by_home = csr_array((ones, (c, v.home[alive])), shape=(n_cases, max(1, len(v.homes))))
    by_provider = csr_array((ones, (c, v.provider[alive])), shape=(n_cases, max(1, len(v.providers))))
    shared = (by_home @ by_home.T + by_provider @ by_provider.T).tocsr()
    shared.eliminate_zeros()
    return np.asarray(np.maximum(np.diff(shared.indptr), 1), dtype=np.int64)


def _prune_all(v: _Variables, n_cases: int) -> np.ndarray:
    """Positions of the packages that can matter, every case pruned by `_prune`'s rules with n the case
    and its competitors (`_competitors`) instead of every case, repeated until nothing more is cut.

    Why n can be the competitors: the cases that hold a home or a provider place a case's packages
    need are among its competitors, so the argument of the module's docstring holds with their count.
    Why it may be repeated: each round keeps an optimum of the packages left by the one before, and
    fewer packages mean fewer competitors."""
    alive = np.arange(len(v.case))
    while len(alive):
        c, p, h = v.case[alive], v.provider[alive], v.home[alive]
        n = _competitors(v, alive, n_cases)
        limit = n[c]
        keep = np.flatnonzero(
            (occurrence(c * len(v.homes) + h) < limit) & (occurrence(c * len(v.providers) + p) < limit)
        )
        kept = keep[_first_apart(c[keep], p[keep], h[keep], 2 * n - 1)]
        if len(kept) == len(alive):
            break
        alive = alive[kept]
    return alive


def _first_apart(case: np.ndarray, provider: np.ndarray, home: np.ndarray, apart: np.ndarray) -> np.ndarray:
    """Positions (grouped by case, in rank order) up to each case's `apart[case]`-th package sharing no
    home and no provider with the ones before it; all of a case's when it has fewer."""
    cs, ps, hs = case.tolist(), provider.tolist(), home.tolist()
    bounds = np.flatnonzero(np.r_[True, case[1:] != case[:-1]]).tolist() + [len(cs)]
    out: list[np.ndarray] = []
    for start, end in itertools.pairwise(bounds):
        need = int(apart[cs[start]])
        homes: set[int] = set()
        providers: set[int] = set()
        stop = end
        for i in range(start, end):
            if hs[i] not in homes and ps[i] not in providers:
                homes.add(hs[i])
                providers.add(ps[i])
                if len(homes) == need:
                    stop = i + 1
                    break
        out.append(np.arange(start, stop))
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _optimise(
    v: _Variables, alive: np.ndarray, n_cases: int, capacities: Mapping[str, int], objective: str
) -> np.ndarray:
    n = len(alive)
    case = v.case[alive]
    homes, home_row = np.unique(v.home[alive], return_inverse=True)
    providers, provider_row = np.unique(v.provider[alive], return_inverse=True)
    cols = np.arange(n)
    rows = [
        (case, n_cases, np.ones(n_cases)),
        (home_row, len(homes), np.ones(len(homes))),
        (
            provider_row,
            len(providers),
            np.array([float(capacities[v.providers[i]]) for i in providers.tolist()]),
        ),
    ]
    constraints = [
        LinearConstraint(coo_array((np.ones(n), (r, cols)), shape=(m, n)).tocsr(), -np.inf, ub)
        for r, m, ub in rows
    ]
    units = np.rint(v.score[alive] / SCORE_UNIT)  # as round(): to the nearest, halves to even
    if objective == "most_people_then_score":
        best = np.zeros(n_cases)
        np.maximum.at(best, case, units)
        weights = units + (best.sum() + 1)  # M: more than any total score can be
    else:
        weights = units * (n_cases + 1) + 1
    return _solve(np.asarray(weights, dtype=np.float64), constraints, n)


def _describe(
    cases: Sequence[CaseOptions], taken: Mapping[int, Option], capacities: Mapping[str, int], objective: str
) -> Allocation:
    home_holder = {o.property_id: cases[ci].case_id for ci, o in taken.items()}
    provider_holders: dict[str, list[str]] = {}
    for ci, o in taken.items():
        provider_holders.setdefault(o.organisation_id, []).append(cases[ci].case_id)
    by_id = {c.case_id: c for c in cases}

    assignments: list[Assignment] = []
    unassigned: list[Unassigned] = []
    blockers: dict[str, list[str]] = {}
    for ci, case in enumerate(cases):
        best_alone = max(map(attrgetter("score"), case.packages), default=0.0)
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
