"""Search rules: who may search, how a case becomes a scoring query, what gets recorded."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from matcher.auth import Actor
from matcher.cases import service as cases
from matcher.cases.schemas import CaseCriteria
from matcher.errors import Forbidden, InvalidInput, NotFound
from matcher.scoring import (
    CaseQuery,
    Explanation,
    InvalidQuery,
    InvalidWeights,
    Place,
    SearchOutcome,
)
from matcher.search import repository
from matcher.search.index import MarketplaceIndex
from matcher.search.schemas import ExplainAnswer, SearchAnswerData, SearchRecordOut
from matcher.search.thread import in_search_thread


def require_commissioner(actor: Actor) -> None:
    if actor.role not in ("commissioner", "admin"):
        raise Forbidden("Only commissioners search the marketplace.")


def case_query(
    places: Sequence[Mapping[str, Any]],
    max_distance_km: float,
    target_move_date: date | None,
    pen_picture: Mapping[str, Any],
    housing_spec: Mapping[str, Any],
) -> CaseQuery:
    """A stored or inline case (plain JSON-shaped dicts, places already resolved) as a scoring query.
    A move date that has passed is searched as today ("as soon as possible"): as given, it would find
    nobody ready in time."""
    staffing = pen_picture.get("staffing") or {}
    if target_move_date is not None:
        target_move_date = max(target_move_date, date.today())
    return CaseQuery(
        places=tuple(
            Place(p["name"], p.get("label"), float(p.get("weight", 1.0)), p["latitude"], p["longitude"])
            for p in places
        ),
        max_distance_km=float(max_distance_km),
        target_move_date=target_move_date,
        client_groups=frozenset(pen_picture.get("client_groups") or ()),
        day_ratio=staffing.get("day_ratio"),
        night=staffing.get("night"),
        staff_gender=staffing.get("staff_gender"),
        required_pbs_level=int(pen_picture.get("required_pbs_level") or 0),
        restrictive_interventions_in_plan=bool(pen_picture.get("restrictive_interventions_in_plan")),
        specialists=frozenset(pen_picture.get("specialists") or ()),
        communication=frozenset(pen_picture.get("communication") or ()),
        language=pen_picture.get("language"),
        narrative=pen_picture.get("narrative") or "",
        living_arrangement=frozenset(
            housing_spec.get("living_arrangement") or ("single_occupancy", "shared")
        ),
        property_types=frozenset(housing_spec.get("property_types") or ()),
        min_bedrooms=int(housing_spec.get("min_bedrooms") or 0),
        must_have=frozenset(housing_spec.get("must_have") or ()),
        nice_to_have=frozenset(housing_spec.get("nice_to_have") or ()),
        min_accessibility=housing_spec.get("min_accessibility") or "G",
        tenure=frozenset(housing_spec.get("tenure") or ()),
        max_weekly_rent=housing_spec.get("max_weekly_rent"),
    )


async def query_from_criteria(session: AsyncSession, criteria: CaseCriteria) -> CaseQuery:
    places = await cases.resolve_case_places(session, criteria.location)
    return case_query(
        places,
        criteria.location.max_distance_km,
        criteria.target_move_date,
        criteria.pen_picture.model_dump(),
        criteria.housing_spec.model_dump(),
    )


async def _run(
    index: MarketplaceIndex,
    session: AsyncSession,
    query: CaseQuery,
    weights: Mapping[str, float] | None,
    limit: int,
) -> tuple[SearchOutcome, float]:
    snapshot = await index.current(session)
    started = time.perf_counter()
    try:
        outcome = await in_search_thread(snapshot.marketplace.search, query, weights, limit)
    except InvalidWeights as exc:
        raise InvalidInput.for_field("weights", str(exc)) from exc
    except InvalidQuery as exc:
        raise InvalidInput(str(exc)) from exc
    return outcome, round((time.perf_counter() - started) * 1000, 2)


def search_answer(
    outcome: SearchOutcome, took_ms: float, search_id: uuid.UUID | None = None
) -> SearchAnswerData:
    return SearchAnswerData(
        **vars(outcome), took_ms=took_ms, search_id=None if search_id is None else str(search_id)
    )


async def search_inline(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    criteria: CaseCriteria,
    weights: Mapping[str, float] | None,
    limit: int,
) -> SearchAnswerData:
    require_commissioner(actor)
    outcome, took_ms = await _run(
        index, session, await query_from_criteria(session, criteria), weights, limit
    )
    return search_answer(outcome, took_ms)


async def search_case(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    case_id: uuid.UUID,
    weights: Mapping[str, float] | None,
    limit: int,
) -> SearchAnswerData:
    """Also records what the search showed, so a commissioner can show a panel what they saw that day."""
    require_commissioner(actor)
    query = await stored_case_query(session, actor, case_id)
    outcome, took_ms = await _run(index, session, query, weights, limit)
    results = {
        "care": [[r.organisation_id, r.score] for r in outcome.care],
        "housing": [[r.property_id, r.score] for r in outcome.housing],
        "packages": [[r.organisation_id, r.property_id, r.kind, r.score] for r in outcome.packages],
        "excluded": outcome.excluded,
    }
    search_id = await repository.record_search(
        session,
        case_id=case_id,
        user_id=actor.user_id,
        weights=outcome.weights,
        results=results,
        took_ms=took_ms,
    )
    return search_answer(outcome, took_ms, search_id)


async def stored_case_query(session: AsyncSession, actor: Actor, case_id: uuid.UUID) -> CaseQuery:
    case = await cases.case_for_search(session, actor, case_id)
    return case_query(
        case.places, case.max_distance_km, case.target_move_date, case.pen_picture, case.housing_spec
    )


async def explain(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    query: CaseQuery,
    organisation_id: uuid.UUID | None,
    property_id: uuid.UUID | None,
    weights: Mapping[str, float] | None,
) -> ExplainAnswer:
    require_commissioner(actor)
    snapshot = await index.current(session)
    marketplace = snapshot.marketplace
    try:
        if property_id is not None:
            explanation: Explanation = await in_search_thread(
                marketplace.explain_home, query, str(property_id), weights
            )
        else:
            explanation = await in_search_thread(
                marketplace.explain_provider, query, str(organisation_id), weights
            )
    except KeyError as exc:
        what = "property" if property_id is not None else "care provider with a published care offer"
        raise NotFound(f"No {what} with that id.") from exc
    except InvalidWeights as exc:
        raise InvalidInput.for_field("weights", str(exc)) from exc
    return ExplainAnswer.model_validate(asdict(explanation))


async def explain_inline(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    criteria: CaseCriteria,
    organisation_id: uuid.UUID | None,
    property_id: uuid.UUID | None,
    weights: Mapping[str, float] | None,
) -> ExplainAnswer:
    require_commissioner(actor)  # before resolving places: a provider gets 403, not a place error
    query = await query_from_criteria(session, criteria)
    return await explain(session, index, actor, query, organisation_id, property_id, weights)


async def explain_case(
    session: AsyncSession,
    index: MarketplaceIndex,
    actor: Actor,
    case_id: uuid.UUID,
    organisation_id: uuid.UUID | None,
    property_id: uuid.UUID | None,
    weights: Mapping[str, float] | None,
) -> ExplainAnswer:
    query = await stored_case_query(session, actor, case_id)
    return await explain(session, index, actor, query, organisation_id, property_id, weights)


async def search_history(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID, limit: int, offset: int
) -> tuple[list[SearchRecordOut], int]:
    """The searches run for a case, newest first, for the owning commissioners only."""
    await cases.owned_case(session, actor, case_id)
    records, total = await repository.list_search_records(session, case_id, limit, offset)
    return [SearchRecordOut.model_validate(r) for r in records], total
