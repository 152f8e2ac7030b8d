"""Allocation and market-gap rules: who may ask, which cases count, how answers are shaped.

Allocation reads a case's candidates through ONE function, `eligible_packages` (the index's
all-eligible pass, cut to what can matter in the allocation). Nothing here reserves anything: the
commissioner reserves homes through `matcher.reservations` afterwards.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.allocation import repository
from matcher.allocation.schemas import (
    AllocationAnswer,
    AreaSupplyOut,
    AssignmentOut,
    BlockingOut,
    CaseGapsOut,
    CountsOut,
    MarketGapsAnswer,
    Objective,
    UnassignedOut,
    UnlockOut,
    UnmetNeedOut,
)
from matcher.auth import Actor
from matcher.cases.service import CaseForSearch, search_form
from matcher.db.models import Case
from matcher.errors import Forbidden, InvalidInput, NotFound
from matcher.places.gazetteer import get_gazetteer
from matcher.privacy.postcodes import normalise_postcode, postcode_district
from matcher.scoring import CaseQuery, InvalidQuery, Marketplace
from matcher.scoring.allocating import allocation_packages
from matcher.scoring.allocation import CaseOptions, Option, allocate
from matcher.scoring.constraints import lower_label
from matcher.scoring.relaxation import Gaps, market_gaps
from matcher.search.index import MarketplaceIndex
from matcher.search.service import case_query

NO_OPEN_CASE = "No open case with that id."


def require_commissioner(actor: Actor) -> uuid.UUID:
    if actor.role != "commissioner" or actor.organisation_id is None:
        raise Forbidden("Only commissioners of a commissioning organisation allocate their cases.")
    return actor.organisation_id


def _query(form: CaseForSearch) -> CaseQuery:
    return case_query(
        form.places, form.max_distance_km, form.target_move_date, form.pen_picture, form.housing_spec
    )


def eligible_packages(marketplace: Marketplace, query: CaseQuery, cases: int | None = None) -> list[Option]:
    """Every eligible package of one case, scored as that case's own search ranks it (default weights),
    from the index's all-eligible pass: no evidence is written, so fifty cases cost what a few searches
    do. With `cases` (how many are being allocated together), only the packages that can be in an
    optimum of that allocation (`scoring.marketplace.allocation_prefix`, found without ranking every
    pair by `scoring.allocating.allocation_packages`). Runs in a worker thread."""
    if cases is not None:
        return allocation_packages(marketplace, query, cases)
    return [
        Option(org, home, kind, score) for org, home, kind, score in marketplace.candidates(query).packages
    ]


async def _marketplace(session: AsyncSession, index: MarketplaceIndex) -> Marketplace:
    return (await index.current(session)).marketplace


async def _options(marketplace: Marketplace, forms: Sequence[CaseForSearch]) -> list[CaseOptions]:
    out = []
    for form in forms:
        try:
            packages = await asyncio.to_thread(eligible_packages, marketplace, _query(form), len(forms))
        except InvalidQuery as exc:  # a stored case the vocabulary no longer accepts: say which
            raise InvalidInput(f"Case {form.reference}: {exc}") from exc
        out.append(CaseOptions(str(form.id), tuple(packages)))
    return out


async def allocate_cases(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    case_ids: Sequence[uuid.UUID],
    objective: Objective,
) -> AllocationAnswer:
    """The optimal assignment of packages to the given open cases of the caller's organisation."""
    organisation_id = require_commissioner(actor)
    started = time.perf_counter()
    found = {c.id: c for c in await repository.open_cases_of(session, organisation_id, case_ids)}
    missing = [i for i, case_id in enumerate(case_ids) if case_id not in found]
    if missing:
        raise NotFound(NO_OPEN_CASE, case_ids=[str(case_ids[i]) for i in missing])
    forms = [search_form(found[case_id]) for case_id in case_ids]
    marketplace = await _marketplace(session, index)
    options = await _options(marketplace, forms)
    providers = {o.organisation_id for c in options for o in c.packages}
    capacities = await repository.capacities(session, providers)
    result = await asyncio.to_thread(allocate, options, capacities, objective)
    reference = {str(f.id): f.reference for f in forms}
    return AllocationAnswer(
        assignments=[
            AssignmentOut(
                case_id=uuid.UUID(a.case_id),
                reference=reference[a.case_id],
                organisation_id=a.organisation_id,
                property_id=a.property_id,
                kind=a.kind,
                score=a.score,
                best_alone_score=a.best_alone_score,
                regret=a.regret,
            )
            for a in result.assignments
        ],
        unassigned=[
            UnassignedOut(case_id=uuid.UUID(u.case_id), reference=reference[u.case_id], reason=u.reason)
            for u in result.unassigned
        ],
        total_score=result.total_score,
        people_matched=result.people_matched,
        objective=objective,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
    )


# --- market gaps -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CaseGaps:
    form: CaseForSearch
    query: CaseQuery
    area: str
    gaps: Gaps


def case_area(form: CaseForSearch) -> str:
    """The district or town of the case's first place: never a full postcode or a point."""
    if not form.places:
        return "No place given"
    place = form.places[0]
    if place.get("area"):
        return str(place["area"])
    name = str(place.get("name") or "")
    if normalise_postcode(name):
        return postcode_district(name)
    given = place.get("given") or {}
    if given.get("name") and name == given["name"]:
        return name
    lat, lon = place.get("latitude"), place.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        # A place stored without its area (cases written before areas were kept, or by the seed):
        # the nearest town, as `resolve_place` gives for coordinates.
        return get_gazetteer().nearest(float(lat), float(lon)).name
    return "Unknown area"


def _either(codes: Sequence[str]) -> str:
    words = [lower_label(c) for c in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _all(codes: Sequence[str]) -> str:
    words = [lower_label(c) for c in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def housing_need(query: CaseQuery, area: str) -> str:
    """ "a bungalow with a staff bedroom within 30 km of Loughborough" """
    kind = _either(sorted(query.property_types)) if query.property_types else "home"
    article = "an" if kind[:1] in "aeiou" else "a"
    parts = [f"{article} {kind}"]
    if query.must_have:
        parts.append(f"with {_all(sorted(query.must_have))}")
    parts.append(f"within {query.max_distance_km:g} km of {area}")
    return " ".join(parts)


def care_need(query: CaseQuery, area: str) -> str:
    """ "care for autism and learning disability, 2:1 by day, waking night, PBS level 3, in Leicester" """
    parts = [f"care for {_all(sorted(query.client_groups))}" if query.client_groups else "care"]
    if query.day_ratio:
        parts.append(f"{query.day_ratio} by day")
    if query.night:
        parts.append(lower_label(query.night))
    if query.required_pbs_level:
        parts.append(f"PBS level {query.required_pbs_level}")
    if query.language:
        parts.append(f"in {lower_label(query.language)}")
    return ", ".join(parts) + f", in {area}"


def _unmet(rows: Sequence[_CaseGaps]) -> list[UnmetNeedOut]:
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        e = row.gaps.eligible
        if e.housing == 0:
            counts[(housing_need(row.query, row.area), "housing", row.area)] += 1
        if e.care == 0:
            counts[(care_need(row.query, row.area), "care", row.area)] += 1
        if e.care and e.housing and e.packages == 0:
            counts[(f"a care provider and a home that come together in {row.area}", "package", row.area)] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0]))
    return [UnmetNeedOut(need=need, kind=kind, area=area, cases=n) for (need, kind, area), n in ordered]


async def _areas(session: AsyncSession, rows: Sequence[_CaseGaps]) -> list[AreaSupplyOut]:
    waiting: Counter[str] = Counter(r.area for r in rows)
    without: dict[str, int] = defaultdict(int)
    for r in rows:
        without[r.area] += r.gaps.eligible.packages == 0
    homes = await repository.available_homes_by_area(session, list(waiting))
    out = []
    for area in sorted(waiting, key=lambda a: (-waiting[a], a)):
        out.append(
            AreaSupplyOut(
                area=area,
                waiting=waiting[area],
                without_package=without[area],
                available_homes=homes.get(area, 0),
                care_with_capacity=await repository.care_with_capacity_naming(session, area),
            )
        )
    return out


def _case_out(row: _CaseGaps, identified: bool) -> CaseGapsOut:
    g = row.gaps
    return CaseGapsOut(
        case_id=row.form.id if identified else None,
        reference=row.form.reference if identified else None,
        area=row.area,
        eligible=CountsOut(care=g.eligible.care, housing=g.eligible.housing, packages=g.eligible.packages),
        blocking=[
            BlockingOut(reason=b.reason, kind=b.side, candidates=b.candidates, only_this=b.only)
            for b in g.blocking
        ],
        unlocks=[
            UnlockOut(
                change=u.change,
                field=u.field,
                before=u.before,
                after=u.after,
                adds=CountsOut(care=u.adds.care, housing=u.adds.housing, packages=u.adds.packages),
            )
            for u in g.unlocks
        ],
    )


async def gaps(session: AsyncSession, index: MarketplaceIndex, actor: Actor) -> MarketGapsAnswer:
    """A commissioner: its organisation's open cases. An admin: every organisation's, never identified."""
    if actor.is_admin:
        organisation_id: uuid.UUID | None = None
    else:
        organisation_id = require_commissioner(actor)
    started = time.perf_counter()
    cases: list[Case] = await repository.open_cases(session, organisation_id)
    marketplace = await _marketplace(session, index)
    rows: list[_CaseGaps] = []
    for case in cases:
        form = search_form(case)
        query = _query(form)
        try:
            found = await asyncio.to_thread(market_gaps, marketplace, query)
        except InvalidQuery:  # an old case the vocabulary no longer accepts: it cannot be searched either
            continue
        rows.append(_CaseGaps(form, query, case_area(form), found))
    identified = not actor.is_admin
    shown = rows if identified else sorted(rows, key=lambda r: (r.area, r.gaps.eligible.packages))
    return MarketGapsAnswer(
        cases=[_case_out(r, identified) for r in shown],
        unmet_needs=_unmet(rows),
        areas=await _areas(session, rows),
        took_ms=round((time.perf_counter() - started) * 1000, 2),
    )


# --- for the pages -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WaitingCase:
    id: uuid.UUID
    reference: str
    area: str
    reserved_home: str | None


async def waiting_cases(session: AsyncSession, actor: Actor) -> list[WaitingCase]:
    """The caller's open cases, oldest first, each with the home it already holds (if any)."""
    organisation_id = require_commissioner(actor)
    found = await repository.open_cases(session, organisation_id)
    held = await repository.reserved_homes(session, [c.id for c in found])
    return [WaitingCase(c.id, c.reference, case_area(search_form(c)), held.get(c.id)) for c in found]


async def display_names(
    session: AsyncSession, answer: AllocationAnswer
) -> tuple[dict[str, str], dict[str, str]]:
    """Provider names and home titles for the assignments of an answer."""
    return await repository.names(
        session, {a.organisation_id for a in answer.assignments}, {a.property_id for a in answer.assignments}
    )
