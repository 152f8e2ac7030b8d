"""A commissioner's allocation page (pick waiting cases, see the optimal proposal beside each case's best
alone, reserve the homes from there) and the market gaps page (charts that are also tables).

The selection lives in the address (`?case=…&case=…&objective=…`), so the proposal can be bookmarked and
a reservation returns to it. Reserving goes through `matcher.reservations`, its rules unchanged.
"""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from matcher.allocation import service as allocation
from matcher.allocation.schemas import AllocationAnswer, Objective
from matcher.api.deps import marketplace_index
from matcher.auth import Actor
from matcher.errors import InvalidInput
from matcher.reservations import service as reservations
from matcher.web._charts import unmet_by_area, waiting_against_supply
from matcher.web._forms import text
from matcher.web._rendering import render
from matcher.web._routing import CommissionerDep, PageRoute, SessionDep, flash, redirect, role
from matcher.web.change_words import change_in_words

router = APIRouter(route_class=PageRoute, include_in_schema=False)

OBJECTIVES: dict[Objective, str] = {
    "most_people_then_score": "Match as many people as possible, then the best total score",
    "total_score": "The best total score, even if fewer people are matched",
}
CommissionerOrAdminDep = Annotated[Actor, Depends(role("commissioner", "admin"))]


def _selection(request: Request) -> tuple[list[uuid.UUID], Objective]:
    ids: list[uuid.UUID] = []
    for value in request.query_params.getlist("case"):
        try:
            ids.append(uuid.UUID(value))
        except ValueError as exc:
            raise InvalidInput.for_field("case", "Choose cases from the list.") from exc
    given = request.query_params.get("objective") or "most_people_then_score"
    objective = next((o for o in OBJECTIVES if o == given), None)
    if objective is None:
        raise InvalidInput.for_field("objective", "Choose one of the two aims shown.")
    return list(dict.fromkeys(ids)), objective


@router.get("/allocation")
async def allocation_page(request: Request, session: SessionDep, actor: CommissionerDep) -> Response:
    waiting = await allocation.waiting_cases(session, actor)
    chosen, objective = _selection(request)
    holding = {c.id: c.reserved_home for c in waiting if c.reserved_home}
    to_allocate = [i for i in chosen if i not in holding]
    answer: AllocationAnswer | None = None
    providers: dict[str, str] = {}
    homes: dict[str, str] = {}
    if to_allocate:
        answer = await allocation.allocate_cases(
            session, marketplace_index(request), actor, to_allocate, objective
        )
        providers, homes = await allocation.display_names(session, answer)
    # the form sent with nobody ticked (found from outside: the page came back with no word)
    no_case = "objective" in request.query_params and not chosen and bool(waiting)
    back = "/allocation?" + urlencode([("case", str(i)) for i in chosen] + [("objective", objective)])
    return render(
        request,
        "allocation/allocation.html",
        waiting=waiting,
        chosen=set(chosen),
        objective=objective,
        objectives=OBJECTIVES,
        answer=answer,
        providers=providers,
        homes=homes,
        held=[c for c in waiting if c.id in holding and c.id in set(chosen)],
        back=back,
        asked=bool(chosen),
        no_case=no_case,
        status_code=422 if no_case else 200,
    )


@router.post("/allocation/reservations")
async def reserve_from_allocation(request: Request, session: SessionDep, actor: CommissionerDep) -> Response:
    form = await request.form()
    try:
        case_id = uuid.UUID(text(form, "case_id"))
        property_id = uuid.UUID(text(form, "property_id"))
    except ValueError as exc:
        raise InvalidInput("Choose a home from the proposed allocation.") from exc
    held = await reservations.reserve(session, actor, property_id, case_id)
    flash(request, f"{held.title} is reserved. No other case can reserve it.")
    back = text(form, "back")
    return redirect(back if back.startswith("/allocation?") or back == "/allocation" else "/allocation")


@router.get("/market")
async def market_gaps_page(request: Request, session: SessionDep, actor: CommissionerOrAdminDep) -> Response:
    answer = await allocation.gaps(session, marketplace_index(request), actor)
    return render(
        request,
        "allocation/market.html",
        answer=answer,
        change_in_words=change_in_words,
        needs_chart=unmet_by_area([(n.area, n.kind, n.cases) for n in answer.unmet_needs]),
        supply_chart=waiting_against_supply(
            [
                (a.area, a.waiting, a.without_package, a.available_homes, a.care_with_capacity)
                for a in answer.areas
            ]
        ),
        is_admin=actor.is_admin,
    )
