"""The marketplace index: built once from every listing, then searched many times.

A search runs in three passes: every constraint as a vector operation over all candidates (so exclusions
can be counted by reason), every criterion over the survivors, then evidence and geodesic distances for
the few candidates actually reported. Reported candidates are re-scored with geodesic distances and
re-sorted before the list is cut, so a score shown is always the score ranked on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from .columns import F64, I64, HomeColumns, ProviderColumns
from .constraints import (
    CARE_REASONS,
    HOME_NEAR_MISS_REASONS,
    HOME_REASONS,
    area_gaps,
    distance_margin,
    home_evidence,
    home_failures,
    home_near_miss_ok,
    home_nearest_dots,
    home_would_fit_if,
    provider_evidence,
    provider_failures,
    provider_near_miss_gap,
)
from .criteria import area_place_dots, home_scores, location_from_km, provider_place_dots, provider_scores
from .explain import Evidence
from .geo import place_km
from .narrative import NarrativeIndex, QueryVector
from .packages import (
    KINDS,
    NEARBY_MAX,
    Pairs,
    best_pairs,
    candidate_pairs,
    nearby_fit_km,
    package_fit_details,
)
from .packed import HOMES, PROVIDERS
from .query import QueryContext
from .splice import IdIndex, Rows, plan, rows_of, splice_homes, splice_providers
from .types import (
    Candidates,
    CareProvider,
    CareResult,
    CaseQuery,
    Explanation,
    Failure,
    Home,
    HomeResult,
    NearMiss,
    PackageResult,
    SearchOutcome,
)
from .weights import CARE_CRITERIA, HOME_CRITERIA, PACKAGE_CRITERIA, normalise_weights, used_weights

#: Candidates beyond `limit` that are re-scored geodesically, so a near tie cut by the sphere is not lost.
REFINE_MARGIN = 5
NEAR_MISS_LIMIT = 10

Scores = dict[str, F64]
U8 = npt.NDArray[np.uint8]


def weighted_total(scores: Mapping[str, F64], weights: Mapping[str, float], criteria: tuple[str, ...]) -> F64:
    """sum(w * s) / sum(w) over the criteria that apply to the list; 0 when none of them weighs.

    Each weight is divided by the sum before it multiplies (`used_weights`, as the results show them):
    a list whose only weights are tiny (1e-310) would otherwise underflow to a score of 0 while its
    shown weights say 1."""
    total = np.zeros(len(next(iter(scores.values()))))
    for c, weight in used_weights(criteria, weights).items():
        total = total + weight * scores[c]
    return total


def occurrence(groups: I64) -> I64:
    """For each position, how many earlier positions hold the same group (0 for the first)."""
    if len(groups) == 0:
        return np.zeros(0, np.int64)
    idx = np.argsort(groups, kind="stable")
    ordered = groups[idx]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    lengths = np.diff(np.r_[starts, len(ordered)])
    within = np.arange(len(ordered)) - np.repeat(starts, lengths)
    out = np.empty(len(groups), np.int64)
    out[idx] = within
    return out


@overload
def allocation_prefix(provider: I64, home: I64, order: I64, cases: int) -> I64: ...


@overload
def allocation_prefix(
    provider: I64, home: I64, order: I64, cases: int, *, with_completeness: Literal[True]
) -> tuple[I64, bool]: ...


def allocation_prefix(
    provider: I64, home: I64, order: I64, cases: int, *, with_completeness: bool = False
) -> I64 | tuple[I64, bool]:
    """The packages (positions in `order`, best first) that can be this case's in some optimal allocation
    among `cases` cases; the same rules as `allocation._prune`, in arrays. With the n - 1 other cases
    holding at most n - 1 homes and n - 1 provider places: per home only its n best providers matter and
    per provider its n best homes; and once 2n - 1 packages sharing no home or provider are seen, one of
    them is always free, so nothing after it matters. `with_completeness` also says whether that cut was
    reached (else every package of `order` may still matter)."""
    n = max(1, cases)
    keep = (occurrence(home[order]) < n) & (occurrence(provider[order]) < n)
    kept = order[keep]
    homes: set[int] = set()
    providers: set[int] = set()
    for j, position in enumerate(kept.tolist()):
        h, p = int(home[position]), int(provider[position])
        if h not in homes and p not in providers:
            homes.add(h)
            providers.add(p)
            if len(homes) == 2 * n - 1:
                return (kept[: j + 1], True) if with_completeness else kept[: j + 1]
    return (kept, False) if with_completeness else kept


def rank(total: F64, keys: Sequence[I64], k: int) -> I64:
    """Positions of the best k, ordered by (-total, *keys): stable and tie-broken on ids."""
    n = len(total)
    if k <= 0 or n == 0:
        return np.zeros(0, np.int64)
    if n > k:
        kth = np.partition(-total, k - 1)[k - 1]
        cand = np.flatnonzero(-total <= kth)
    else:
        cand = np.arange(n)
    order = np.lexsort(tuple(key[cand] for key in reversed(keys)) + (-total[cand],))
    return np.asarray(cand[order][:k], dtype=np.int64)


def _fail_counts(failures: Mapping[str, np.ndarray], reasons: tuple[str, ...], n: int) -> U8:
    """Per candidate, how many constraints it breaks (at most len(reasons) < 256)."""
    out = np.zeros(n, np.uint8)
    for r in reasons:
        out += failures[r]
    return out


def _rounded(scores: F64) -> list[float]:
    """Scores as shown: Python's round (correctly rounded; numpy's can differ in the last digit)."""
    return [round(x, 4) for x in scores.tolist()]


def _split(scores: Scores, n: int) -> tuple[Scores, Scores]:
    """Criteria of one scoring pass as its first n rows and the rest (views)."""
    return {c: v[:n] for c, v in scores.items()}, {c: v[n:] for c, v in scores.items()}


def _counts(failures: Mapping[str, np.ndarray], reasons: tuple[str, ...]) -> dict[str, int]:
    return {r: int(np.count_nonzero(failures[r])) for r in reasons if np.count_nonzero(failures[r])}


class Marketplace:
    def __init__(
        self,
        providers: Rows[CareProvider],
        homes: Rows[Home],
        pcols: ProviderColumns,
        hcols: HomeColumns,
        narrative: NarrativeIndex,
        provider_ids: IdIndex,
        home_ids: IdIndex,
    ) -> None:
        self._providers = providers
        self._homes = homes
        self._p = pcols
        self._h = hcols
        self._narrative = narrative
        self._provider_ids = provider_ids
        self._home_ids = home_ids

    @classmethod
    def build(
        cls,
        providers: Sequence[CareProvider],
        homes: Sequence[Home],
        *,
        vocabulary_of: Marketplace | None = None,
    ) -> Marketplace:
        """Columns and the TF-IDF, fitted on these listings or reusing the vocabulary of `vocabulary_of`;
        ids must be unique (a care listing per organisation)."""
        providers = tuple(providers)
        homes = tuple(homes)
        index = {p.organisation_id: i for i, p in enumerate(providers)}
        if len(index) != len(providers):
            raise ValueError("two care providers share an organisation_id")
        if len({h.property_id for h in homes}) != len(homes):
            raise ValueError("two homes share a property_id")
        narrative = NarrativeIndex(
            [p.description for p in providers] + [h.description for h in homes],
            fitted_on=None if vocabulary_of is None else vocabulary_of._narrative,
        )
        return cls(
            Rows.of(providers, PROVIDERS),
            Rows.of(homes, HOMES),
            ProviderColumns.build(providers),
            HomeColumns.build(homes, index),
            narrative,
            IdIndex.build([p.organisation_id for p in providers]),
            IdIndex.build([h.property_id for h in homes]),
        )

    def apply(
        self,
        providers: Mapping[str, CareProvider | None],
        homes: Mapping[str, Home | None],
    ) -> Marketplace:
        """A new marketplace with these listings replaced, added (a value) or removed (None), keeping the
        fitted vocabulary; this one is left untouched for the searches still using it (`splice`).

        A care provider new to the index can be the owner or a named partner of homes already listed,
        so those homes are re-added too (the one case that looks at every home).
        """
        arrived = {
            k for k, v in providers.items() if v is not None and self._provider_ids.position(k) is None
        }
        h_changes: dict[str, Home | None] = dict(homes)
        if arrived:
            for i in self._homes.mentioning(arrived).tolist():
                home = self._homes[i]
                if home.property_id not in h_changes and (
                    home.organisation_id in arrived or not arrived.isdisjoint(home.care_partner_ids)
                ):
                    h_changes[home.property_id] = home
        pp = plan(self._provider_ids, self._p.size, providers)
        hp = plan(self._home_ids, self._h.size, h_changes)
        p_part = [p for k in pp.part_ids if (p := providers[k]) is not None]
        h_part = [h for k in hp.part_ids if (h := h_changes[k]) is not None]

        remap = pp.moved if pp.removals else None  # edits stay in place, additions go at the end
        pcols = self._p if pp.identity else splice_providers(self._p, ProviderColumns.build(p_part), pp)
        provider_pos = {
            ref: at
            for h in h_part
            for ref in (h.organisation_id, *h.care_partner_ids)
            if (at := pp.index.position(ref)) is not None
        }
        hcols = (
            self._h
            if hp.identity and remap is None
            else splice_homes(self._h, HomeColumns.build(h_part, provider_pos), hp, remap)
        )
        n_p, n_h = self._p.size, self._h.size
        old_rows = n_p + n_h
        g_p, g_h = pp.gather, hp.gather
        gather = np.concatenate(
            [
                np.where(g_p < n_p, g_p, old_rows + g_p - n_p),
                np.where(g_h < n_h, n_p + g_h, old_rows + len(p_part) + g_h - n_h),
            ]
        ).astype(np.int64)
        narrative = self._narrative.spliced(
            [p.description for p in p_part] + [h.description for h in h_part], gather
        )
        return Marketplace(
            self._providers if pp.identity else rows_of(self._providers, p_part, g_p),
            self._homes if hp.identity else rows_of(self._homes, h_part, g_h),
            pcols,
            hcols,
            narrative,
            pp.index,
            hp.index,
        )

    @property
    def transformed_since_fit(self) -> int:
        """Descriptions transformed with a vocabulary fitted without them: a refit is due when large."""
        return self._narrative.transformed_since_fit

    @property
    def provider_count(self) -> int:
        return self._p.size

    @property
    def home_count(self) -> int:
        return self._h.size

    # ------------------------------------------------------------------------------------ search

    def search(
        self,
        query: CaseQuery,
        weights: Mapping[str, float] | None = None,
        limit: int = 10,
        *,
        today: date | None = None,
    ) -> SearchOutcome:
        w = normalise_weights(weights)
        ctx = QueryContext.compile(query, today or date.today())
        qvec = self._narrative.query_vector(query.narrative)
        everything = slice(None)
        area_dots = area_place_dots(self._p, ctx)
        nearest = home_nearest_dots(self._h, ctx, everything)
        hf = home_failures(self._h, ctx, everything, nearest)
        pf = provider_failures(self._p, ctx, everything, area_dots)
        h_fails = _fail_counts(hf, HOME_REASONS, self._h.size)
        p_fails = _fail_counts(pf, CARE_REASONS, self._p.size)
        homes = np.flatnonzero(h_fails == 0)
        provs = np.flatnonzero(p_fails == 0)
        place_dots = provider_place_dots(self._p, ctx, area_dots)
        # Near misses are scored in the same pass as the eligible: one call each for homes and care.
        missed_homes = self._near_miss_homes(ctx, hf, h_fails, nearest)
        missed_provs = self._near_miss_providers(ctx, pf, p_fails, area_dots)
        hs, missed_hs = _split(
            home_scores(
                self._h,
                ctx,
                np.concatenate([homes, *(cand for _, cand in missed_homes)]),
                self._narrative,
                self._p.size,
                qvec,
            ),
            len(homes),
        )
        ps, missed_ps = _split(
            provider_scores(
                self._p, ctx, np.concatenate([provs, missed_provs]), self._narrative, qvec, place_dots
            ),
            len(provs),
        )
        h_total = weighted_total(hs, w, HOME_CRITERIA)
        p_total = weighted_total(ps, w, CARE_CRITERIA)
        missed = (
            missed_homes,
            weighted_total(missed_hs, w, HOME_CRITERIA),
            missed_provs,
            weighted_total(missed_ps, w, CARE_CRITERIA),
        )

        said = self._evidence(ctx, w, qvec)
        housing = self._report_homes(said, w, homes, hs, h_total, limit)
        care = self._report_providers(said, w, provs, ps, p_total, limit)
        pairs = self._best_pairs(w, provs, ps, homes, hs, limit + REFINE_MARGIN)
        packages = self._report_packages(said, w, pairs, provs, ps, homes, hs, limit)
        near = self._near_misses(said, *missed)
        return SearchOutcome(
            care=care,
            housing=housing,
            packages=packages,
            excluded={"care": _counts(pf, CARE_REASONS), "housing": _counts(hf, HOME_REASONS)},
            near_misses=near,
            weights=w,
        )

    # ------------------------------------------------------------------------ every candidate

    def _passes(
        self, query: CaseQuery, weights: Mapping[str, float] | None, today: date | None
    ) -> tuple[
        QueryContext, dict[str, float], QueryVector, dict[str, np.ndarray], U8, dict[str, np.ndarray], U8, F64
    ]:
        w = normalise_weights(weights)
        ctx = QueryContext.compile(query, today or date.today())
        qvec = self._narrative.query_vector(query.narrative)
        area_dots = area_place_dots(self._p, ctx)
        hf = home_failures(self._h, ctx, slice(None))
        pf = provider_failures(self._p, ctx, slice(None), area_dots)
        h_fails = _fail_counts(hf, HOME_REASONS, self._h.size)
        p_fails = _fail_counts(pf, CARE_REASONS, self._p.size)
        return ctx, w, qvec, hf, h_fails, pf, p_fails, provider_place_dots(self._p, ctx, area_dots)

    def candidates(
        self,
        query: CaseQuery,
        weights: Mapping[str, float] | None = None,
        *,
        today: date | None = None,
        allocating_among: int | None = None,
    ) -> Candidates:
        """ALL eligible care providers, homes and packages with their scores, not only the top `limit`.

        With `allocating_among=n`, `packages` holds only those that can be in an optimal allocation of
        this case among n cases (`allocation_prefix`, found by `allocating.allocation_packages`, which
        the allocation service calls directly: it needs no care or housing lists)."""
        if allocating_among is not None:
            from .allocating import allocation_packages  # which imports this module, and scipy

            cut = allocation_packages(self, query, allocating_among, weights, today=today)
            every = self.candidates(query, weights, today=today)
            return replace(every, packages=[(o.organisation_id, o.property_id, o.kind, o.score) for o in cut])
        ctx, w, qvec, hf, h_fails, pf, p_fails, place_dots = self._passes(query, weights, today)
        homes = np.flatnonzero(h_fails == 0)
        provs = np.flatnonzero(p_fails == 0)
        hs = home_scores(self._h, ctx, homes, self._narrative, self._p.size, qvec)
        ps = provider_scores(self._p, ctx, provs, self._narrative, qvec, place_dots)
        h_total = weighted_total(hs, w, HOME_CRITERIA)
        p_total = weighted_total(ps, w, CARE_CRITERIA)
        pairs = candidate_pairs(self._p, self._h, ctx, provs, p_total, homes, h_total)
        k_total = self.package_totals(pairs, w, provs, ps, homes, hs)
        h_order = rank(h_total, [self._h.id_rank[homes]], len(homes))
        p_order = rank(p_total, [self._p.id_rank[provs]], len(provs))
        k_keys = [self._p.id_rank[pairs.provider], self._h.id_rank[pairs.home]]
        k_order = rank(k_total, k_keys, len(k_total))
        return Candidates(
            care=list(zip(self.provider_ids(provs[p_order]), _rounded(p_total[p_order]), strict=True)),
            housing=list(zip(self.home_ids(homes[h_order]), _rounded(h_total[h_order]), strict=True)),
            packages=list(
                zip(
                    self.provider_ids(pairs.provider[k_order]),
                    self.home_ids(pairs.home[k_order]),
                    [KINDS[k] for k in pairs.kind[k_order].tolist()],
                    _rounded(k_total[k_order]),
                    strict=True,
                )
            ),
            excluded={"care": _counts(pf, CARE_REASONS), "housing": _counts(hf, HOME_REASONS)},
            weights=w,
        )

    def _package_scores(
        self, pairs: Pairs, provs: I64, ps: Scores, homes: I64, hs: Scores
    ) -> tuple[I64, I64, Scores]:
        """Each pair's positions among the eligible homes and providers, and its criteria (fresh arrays,
        which the report overwrites for its top few)."""
        h_pos = np.full(self._h.size, -1, np.int64)
        h_pos[homes] = np.arange(len(homes))
        p_pos = np.full(self._p.size, -1, np.int64)
        p_pos[provs] = np.arange(len(provs))
        hp, pp = h_pos[pairs.home], p_pos[pairs.provider]
        crit: Scores = {
            "location": hs["location"][hp],
            "property_fit": hs["property_fit"][hp],
            "pbs": ps["pbs"][pp],
            "needs": ps["needs"][pp],
            "narrative": (hs["narrative"][hp] + ps["narrative"][pp]) / 2,
            "readiness": np.minimum(hs["readiness"][hp], ps["readiness"][pp]),
            "package_fit": pairs.fit.copy(),
        }
        return hp, pp, crit

    def package_totals(
        self, pairs: Pairs, w: Mapping[str, float], provs: I64, ps: Scores, homes: I64, hs: Scores
    ) -> F64:
        """Each pair's package score from its home's and provider's criteria (the eligible `homes` and
        `provs` with their `hs` and `ps`)."""
        if len(pairs.home) == 0:
            return np.zeros(0)
        return weighted_total(self._package_scores(pairs, provs, ps, homes, hs)[2], w, PACKAGE_CRITERIA)

    def _best_pairs(
        self, w: Mapping[str, float], provs: I64, ps: Scores, homes: I64, hs: Scores, k: int
    ) -> Pairs:
        """`packages.best_pairs` with the package score's separable bound: readiness, the minimum of the
        home's and the provider's, is at most their mean; a nearby pair's fit at most NEARBY_MAX."""
        u = used_weights(PACKAGE_CRITERIA, w)  # as `weighted_total` scores; no weight: all bounds 0
        home_bound = (
            u["location"] * hs["location"]
            + u["property_fit"] * hs["property_fit"]
            + (u["narrative"] * hs["narrative"] + u["readiness"] * hs["readiness"]) / 2
        )
        provider_bound = (
            u["pbs"] * ps["pbs"]
            + u["needs"] * ps["needs"]
            + (u["narrative"] * ps["narrative"] + u["readiness"] * ps["readiness"]) / 2
        )

        def score(pairs: Pairs) -> F64:
            return self.package_totals(pairs, w, provs, ps, homes, hs)

        return best_pairs(
            self._p,
            self._h,
            provs,
            np.asarray(provider_bound, np.float64),
            homes,
            np.asarray(home_bound, np.float64),
            u["package_fit"] * NEARBY_MAX,
            score,
            k,
        )

    def _home_id(self, i: int) -> str:
        """A home's id from the id arrays: no listing to decode (see `Rows`)."""
        return str(self._home_ids.ids[self._h.id_rank[i]])

    def _provider_id(self, i: int) -> str:
        return str(self._provider_ids.ids[self._p.id_rank[i]])

    def home_ids(self, positions: I64) -> list[str]:
        """The ids of the homes at these positions, from the id arrays."""
        return [str(x) for x in self._home_ids.ids[self._h.id_rank[positions]].tolist()]

    def provider_ids(self, positions: I64) -> list[str]:
        return [str(x) for x in self._provider_ids.ids[self._p.id_rank[positions]].tolist()]

    def _refine_home_location(self, homes: I64, ctx: QueryContext, location: F64, positions: I64) -> None:
        """Re-score location on the ellipsoid for the few candidates near the top, before the cut."""
        km = place_km(self._h.lat[homes], self._h.lon[homes], ctx.place_lat, ctx.place_lon)
        location[positions] = location_from_km(km, ctx.place_weight)

    def _geo_location(self, kms: Sequence[float], ctx: QueryContext) -> float:
        if not kms:
            return 0.0
        return float(location_from_km(np.array([kms], dtype=np.float64), ctx.place_weight)[0])

    def _evidence(self, ctx: QueryContext, w: Mapping[str, float], qvec: QueryVector) -> Evidence:
        return Evidence(ctx, w, self._narrative, qvec, self._providers, self._homes)

    def _report_homes(
        self, said: Evidence, w: dict[str, float], homes: I64, hs: Scores, total: F64, limit: int
    ) -> list[HomeResult]:
        keys = [self._h.id_rank[homes]]
        top = rank(total, keys, limit + REFINE_MARGIN)
        self._refine_home_location(homes[top], said.ctx, hs["location"], top)
        total[top] = weighted_total({c: hs[c][top] for c in HOME_CRITERIA}, w, HOME_CRITERIA)
        final = top[np.lexsort((keys[0][top], -total[top]))][:limit].tolist()
        shown = homes[final].tolist()
        said.measure_homes(shown)
        out = []
        for pos, i in zip(final, shown, strict=True):
            home = said.home(i)
            out.append(
                HomeResult(
                    property_id=home.property_id,
                    organisation_id=home.organisation_id,
                    title=home.title,
                    score=round(float(total[pos]), 4),
                    distance_km=round(min(said.home_km(i)), 1),
                    criteria=said.home_criteria(i, {c: float(hs[c][pos]) for c in HOME_CRITERIA}),
                )
            )
        return out

    def _report_providers(
        self, said: Evidence, w: dict[str, float], provs: I64, ps: Scores, total: F64, limit: int
    ) -> list[CareResult]:
        ctx = said.ctx
        keys = [self._p.id_rank[provs]]
        top = rank(total, keys, limit + REFINE_MARGIN)
        if len(top):
            areas, _ = self._p.areas_of(provs[top])
            km = place_km(self._p.area_lat[areas], self._p.area_lon[areas], ctx.place_lat, ctx.place_lon)
            nearest = np.full((self._p.size, len(ctx.places)), np.inf)
            np.minimum.at(nearest, self._p.area_prov[areas], km)
            ps["location"][top] = location_from_km(nearest[provs[top]], ctx.place_weight)
        total[top] = weighted_total({c: ps[c][top] for c in CARE_CRITERIA}, w, CARE_CRITERIA)
        final = top[np.lexsort((keys[0][top], -total[top]))][:limit].tolist()
        shown = provs[final].tolist()
        said.measure_providers(shown)
        out = []
        for pos, j in zip(final, shown, strict=True):
            provider = said.provider(j)
            out.append(
                CareResult(
                    organisation_id=provider.organisation_id,
                    name=provider.name,
                    score=round(float(total[pos]), 4),
                    distance_km=round(min(km for km, _ in said.provider_km(j)), 1),
                    pbs_level=int(self._p.level[j]),
                    criteria=said.provider_criteria(j, {c: float(ps[c][pos]) for c in CARE_CRITERIA}),
                )
            )
        return out

    def _report_packages(
        self,
        said: Evidence,
        w: dict[str, float],
        pairs: Pairs,
        provs: I64,
        ps: Scores,
        homes: I64,
        hs: Scores,
        limit: int,
    ) -> list[PackageResult]:
        if len(pairs.home) == 0:
            return []
        hp, pp, crit = self._package_scores(pairs, provs, ps, homes, hs)
        total = weighted_total(crit, w, PACKAGE_CRITERIA)
        keys = [self._p.id_rank[pairs.provider], self._h.id_rank[pairs.home]]
        top = rank(total, keys, limit + REFINE_MARGIN)
        self._refine_home_location(pairs.home[top], said.ctx, crit["location"], top)
        nearby = top[pairs.kind[top] == 2]
        crit["package_fit"][nearby] = nearby_fit_km(
            self._p, self._h, pairs.provider[nearby], pairs.home[nearby]
        )
        total[top] = weighted_total({c: crit[c][top] for c in PACKAGE_CRITERIA}, w, PACKAGE_CRITERIA)
        final = top[np.lexsort((keys[1][top], keys[0][top], -total[top]))][:limit]
        shown_homes = pairs.home[final].tolist()
        shown_provs = pairs.provider[final].tolist()
        kinds = pairs.kind[final].tolist()
        said.measure_homes(shown_homes)
        details = package_fit_details(
            [
                (kind, said.provider(j), said.home(i))
                for kind, j, i in zip(kinds, shown_provs, shown_homes, strict=True)
            ]
        )
        out = []
        for pos, i, j, kind, hpos, ppos, (fit, fit_text) in zip(
            final.tolist(),
            shown_homes,
            shown_provs,
            kinds,
            hp[final].tolist(),
            pp[final].tolist(),
            details,
            strict=True,
        ):
            provider, home = said.provider(j), said.home(i)
            crit["package_fit"][pos] = fit
            out.append(
                PackageResult(
                    organisation_id=provider.organisation_id,
                    property_id=home.property_id,
                    score=round(float(total[pos]), 4),
                    kind=KINDS[kind],
                    criteria=said.package_criteria(
                        j,
                        i,
                        {c: float(crit[c][pos]) for c in PACKAGE_CRITERIA},
                        fit_text,
                        parts={
                            "care_narrative": float(ps["narrative"][ppos]),
                            "home_narrative": float(hs["narrative"][hpos]),
                            "care_readiness": float(ps["readiness"][ppos]),
                            "home_readiness": float(hs["readiness"][hpos]),
                        },
                    ),
                )
            )
        return out

    # ------------------------------------------------------------------------------- near misses

    def _near_miss_homes(
        self, ctx: QueryContext, hf: Mapping[str, np.ndarray], h_fails: U8, nearest: F64
    ) -> list[tuple[str, I64]]:
        """Per reason, the homes failing only it, by a small margin (a home failing once fails one
        reason only, so no home is in two lists)."""
        single = h_fails == 1
        by_reason: list[tuple[str, I64]] = []
        for reason in HOME_NEAR_MISS_REASONS:
            cand = np.flatnonzero(hf[reason] & single)
            if len(cand):
                cand = cand[home_near_miss_ok(self._h, ctx, cand, reason, nearest)]
            if len(cand):
                by_reason.append((reason, cand))
        return by_reason

    def _near_miss_providers(
        self, ctx: QueryContext, pf: Mapping[str, np.ndarray], p_fails: U8, area_dots: F64
    ) -> I64:
        """Care providers failing only `outside_area`, with a service area reaching the limit's margin."""
        cand = np.flatnonzero(pf["outside_area"] & (p_fails == 1))
        if len(cand):
            cand = cand[area_gaps(self._p, ctx, cand, area_dots) <= 0]
        return np.asarray(cand, np.int64)

    def _near_misses(
        self,
        said: Evidence,
        homes: list[tuple[str, I64]],
        home_totals: F64,
        providers: I64,
        provider_totals: F64,
    ) -> list[NearMiss]:
        """Candidates failing exactly one constraint by a small margin, best would-be score first
        (`homes` and `providers` as found by `_near_miss_*`, with their would-be scores)."""
        ctx = said.ctx
        # (would-be score, id, is_home, index, reason): cheap to gather; evidence only for the best.
        found: list[tuple[float, str, bool, int, str]] = []
        start = 0
        for reason, cand in homes:
            total = home_totals[start : start + len(cand)]
            start += len(cand)
            for pos in rank(total, [self._h.id_rank[cand]], NEAR_MISS_LIMIT * 2):
                i = int(cand[pos])
                found.append((float(total[pos]), self._home_id(i), True, i, reason))
        if len(providers):
            for pos in rank(provider_totals, [self._p.id_rank[providers]], NEAR_MISS_LIMIT * 2):
                i = int(providers[pos])
                found.append((float(provider_totals[pos]), self._provider_id(i), False, i, "outside_area"))
        found.sort(key=lambda t: (-t[0], t[1]))
        out: list[NearMiss] = []
        limit_km = ctx.query.max_distance_km
        for _, _, is_home, i, reason in found:
            if len(out) == NEAR_MISS_LIMIT:
                break
            if is_home:
                home = said.home(i)
                kms = said.home_km(i) if reason == "outside_area" else None
                if kms is not None and min(kms) > limit_km + distance_margin(limit_km):
                    continue
                out.append(
                    NearMiss(
                        reason=reason,
                        evidence=home_evidence(reason, home, ctx, kms),
                        would_fit_if=home_would_fit_if(reason, home, ctx, kms),
                        property_id=home.property_id,
                        organisation_id=home.organisation_id,
                    )
                )
            else:
                provider = said.provider(i)
                gap = provider_near_miss_gap(provider, ctx)
                if gap is not None:
                    out.append(
                        NearMiss(
                            reason=reason,
                            evidence=provider_evidence(reason, provider, ctx),
                            would_fit_if=gap[1],
                            organisation_id=provider.organisation_id,
                        )
                    )
        return out

    # ----------------------------------------------------------------------------------- explain

    def explain_home(
        self,
        query: CaseQuery,
        property_id: str,
        weights: Mapping[str, float] | None = None,
        *,
        today: date | None = None,
    ) -> Explanation:
        """Every constraint the home breaks, and its criteria, through the code search uses."""
        i = self._home_ids.position(property_id)
        if i is None:
            raise KeyError(property_id)
        w = normalise_weights(weights)
        ctx = QueryContext.compile(query, today or date.today())
        qvec = self._narrative.query_vector(query.narrative)
        idx = np.array([i], dtype=np.int64)
        fails = home_failures(self._h, ctx, idx)
        said = self._evidence(ctx, w, qvec)
        home = said.home(i)
        failed = [Failure(r, home_evidence(r, home, ctx)) for r in HOME_REASONS if fails[r][0]]
        scores = home_scores(self._h, ctx, idx, self._narrative, self._p.size, qvec)
        values = {c: float(scores[c][0]) for c in HOME_CRITERIA}
        values["location"] = self._geo_location(said.home_km(i), ctx)
        return Explanation(eligible=not failed, failed=failed, criteria=said.home_criteria(i, values))

    def explain_provider(
        self,
        query: CaseQuery,
        organisation_id: str,
        weights: Mapping[str, float] | None = None,
        *,
        today: date | None = None,
    ) -> Explanation:
        """Every constraint the provider breaks, and its criteria, through the code search uses."""
        i = self._provider_ids.position(organisation_id)
        if i is None:
            raise KeyError(organisation_id)
        w = normalise_weights(weights)
        ctx = QueryContext.compile(query, today or date.today())
        qvec = self._narrative.query_vector(query.narrative)
        idx = np.array([i], dtype=np.int64)
        fails = provider_failures(self._p, ctx, idx)
        said = self._evidence(ctx, w, qvec)
        provider = said.provider(i)
        failed = [Failure(r, provider_evidence(r, provider, ctx)) for r in CARE_REASONS if fails[r][0]]
        scores = provider_scores(self._p, ctx, idx, self._narrative, qvec, provider_place_dots(self._p, ctx))
        values = {c: float(scores[c][0]) for c in CARE_CRITERIA}
        values["location"] = self._geo_location([km for km, _ in said.provider_km(i)], ctx)
        return Explanation(eligible=not failed, failed=failed, criteria=said.provider_criteria(i, values))
