"""A commissioner's search for a case: care providers, homes and combined packages side by side, each
score broken into criteria with evidence; why others were excluded; "why not this one?"; weights that
re-rank; shortlist, contact and reserve; and a map that is also a list."""

from __future__ import annotations

import math
import uuid
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from matcher import vocab
from matcher.api.deps import get_app_settings, marketplace_index
from matcher.auth import Actor
from matcher.cases import service as cases
from matcher.contacts import service as contacts
from matcher.contacts.schemas import ContactIn, ContactOut, ContactPatch
from matcher.contacts.transitions import OPEN_STATUSES
from matcher.errors import InvalidInput, NotFound
from matcher.listings import service as listings
from matcher.organisations import service as organisation_directory
from matcher.organisations import service as organisations
from matcher.places import resolve_place
from matcher.reservations import service as reservations
from matcher.scoring import DEFAULT_WEIGHTS
from matcher.search import service as search
from matcher.search.schemas import ExplainAnswer, SearchAnswer
from matcher.web import _words as words
from matcher.web._forms import FormErrors, place, text
from matcher.web._map import Point, draw
from matcher.web._rendering import render
from matcher.web._routing import CommissionerDep, PageRoute, SessionDep, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

RESULTS = 10
#: Larger weights say nothing more (they are shared out to 100%) and only risk overflow.
MAX_WEIGHT = 1000.0
CRITERIA_HINTS = {
    "location": "Near the places that matter",
    "property_fit": "The home's features, space and rent",
    "pbs": "Positive behaviour support competence",
    "needs": "Communication, needs and specialists",
    "narrative": "The provider's or home's own words against the pen picture",
    "readiness": "Ready before the move date",
    "package_fit": "Care and home from one organisation or partners",
}


WEIGHT_ALLOWED = "a number of 0 or more, such as 2"


def _weights(request: Request, errors: FormErrors) -> tuple[dict[str, float] | None, dict[str, str]]:
    """`?w_location=3&w_pbs=1…` as the search's weights (None: the defaults), and the values as typed.
    A bad value is an error beside its field (in `errors`), never a dead end: the page searches with the
    usual weights meanwhile and keeps what was typed."""
    given = {c: request.query_params.get(f"w_{c}", "").strip() for c in vocab.CRITERIA}
    if not any(given.values()):
        return None, given
    weights: dict[str, float] = {}
    for criterion, value in given.items():
        try:
            number = float(value.replace(",", "")) if value else 0.0
        except ValueError:
            errors.add(f"w_{criterion}", f"{vocab.label(criterion)} must be {WEIGHT_ALLOWED}")
            continue
        if not math.isfinite(number) or number < 0 or number > MAX_WEIGHT:
            errors.add(
                f"w_{criterion}",
                f"{vocab.label(criterion)} must be {WEIGHT_ALLOWED}, and at most {MAX_WEIGHT:g}",
            )
            continue
        weights[criterion] = number
    if not errors and not any(weights.values()):
        errors.add(f"w_{vocab.CRITERIA[0]}", "Give at least one weight a number above 0, such as 1")
    return (None if errors else weights), given


def _weight_errors() -> FormErrors:
    fields = [f"w_{c}" for c in vocab.CRITERIA]
    return FormErrors(fields, {f"w_{c}": vocab.label(c) for c in vocab.CRITERIA})


def _safe_back(value: str, case_id: uuid.UUID) -> str:
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith(f"/cases/{case_id}"):
        return f"/cases/{case_id}/search"
    return value


async def _names(
    session: AsyncSession, actor: Actor, answer: SearchAnswer
) -> tuple[dict[str, str], dict[str, Any]]:
    organisation_names = {r.organisation_id: r.name for r in answer.care}
    homes: dict[str, Any] = {}
    for home in answer.housing:
        homes[home.property_id] = {"title": home.title, "organisation_id": home.organisation_id}
    for package in answer.packages:
        if package.organisation_id not in organisation_names:
            try:
                organisation = await organisations.get_organisation(
                    session, uuid.UUID(package.organisation_id)
                )
                organisation_names[package.organisation_id] = organisation.name
            except NotFound:
                organisation_names[package.organisation_id] = "A provider no longer listed"
        if package.property_id not in homes:
            try:
                found = await listings.get_property(session, actor, uuid.UUID(package.property_id))
                homes[package.property_id] = {
                    "title": found.title,
                    "organisation_id": str(found.organisation_id),
                }
            except NotFound:
                homes[package.property_id] = {"title": "A home no longer listed", "organisation_id": None}
    for home in homes.values():
        owner = home.get("organisation_id")
        if owner and owner not in organisation_names:
            try:
                organisation_names[owner] = (
                    await organisations.get_organisation(session, uuid.UUID(owner))
                ).name
            except NotFound:
                organisation_names[owner] = "A landlord no longer listed"
    return organisation_names, homes


async def _map_points(session: AsyncSession, actor: Actor, case: Any, answer: SearchAnswer) -> list[Point]:
    """Places at their resolved position; each provider's service areas; each home at its town or
    postcode district (never closer: others see a home's location to that level only)."""
    points = [
        Point(
            "place",
            p.resolved.name + (f" ({p.label})" if p.label else ""),
            p.resolved.latitude,
            p.resolved.longitude,
        )
        for p in case.location.places
    ]
    for result in answer.care:
        try:
            offer = await listings.get_care_offer(session, uuid.UUID(result.organisation_id))
        except NotFound:
            continue
        for area in offer.service_area:
            points.append(
                Point(
                    "area",
                    f"{result.name}: {area.radius_km:g} km around {area.name}",
                    area.latitude,
                    area.longitude,
                    area.radius_km,
                )
            )
    for home in answer.housing:
        try:
            found = await listings.get_property(session, actor, uuid.UUID(home.property_id))
            where = await resolve_place(session, place(found.area), "area")
        except (NotFound, InvalidInput):
            continue
        points.append(Point("home", words.home_name(home.title, found.area), where.latitude, where.longitude))
    return points


async def _open_contacts(
    session: AsyncSession, actor: Actor, case_id: uuid.UUID
) -> dict[tuple[str, str], ContactOut]:
    """The case's open contacts by (organisation, home): a card shows its state, and Contact stays on a
    shortlisted one."""
    items, _ = await contacts.list_case_contacts(session, actor, case_id, limit=200, offset=0)
    return {
        (str(c.organisation_id), str(c.property.id) if c.property else ""): c
        for c in items
        if c.status in OPEN_STATUSES
    }


async def _near_miss_sentences(
    session: AsyncSession, actor: Actor, answer: SearchAnswer
) -> list[dict[str, Any]]:
    """Each near miss as one sentence naming the home or provider, in words (`_words.near_miss`)."""
    out = []
    for miss in answer.near_misses:
        name = "A provider or home"
        try:
            if miss.property_id:
                home = await listings.get_property(session, actor, uuid.UUID(miss.property_id))
                name = words.home_name(home.title, home.area)
            elif miss.organisation_id:
                name = (await organisations.get_organisation(session, uuid.UUID(miss.organisation_id))).name
        except NotFound:
            pass
        out.append(
            {
                "sentence": words.near_miss(name, miss.evidence, miss.would_fit_if),
                "reason": words.exclusion(miss.reason),
                "property_id": miss.property_id,
                "name": name,
            }
        )
    return out


@router.get("/cases/{case_id}/search")
async def search_page(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    weight_errors = _weight_errors()
    weights, typed = _weights(request, weight_errors)
    answer = SearchAnswer.model_validate(
        await search.search_case(session, marketplace_index(request), actor, case_id, weights, RESULTS),
        from_attributes=True,  # the results are the scoring module's dataclasses
    )
    organisation_names, homes = await _names(session, actor, answer)
    points = await _map_points(session, actor, case, answer)
    shown_weights = weights or dict(DEFAULT_WEIGHTS)
    shown = {c: f"{shown_weights.get(c, 0) * (1 if weights else 100):g}" for c in vocab.CRITERIA}
    if weight_errors:
        shown = typed
    back = request.url.path + (f"?{request.url.query}" if request.url.query and not weight_errors else "")
    return render(
        request,
        "commissioner/search.html",
        status_code=422 if weight_errors else 200,
        errors=weight_errors,
        near_misses=await _near_miss_sentences(session, actor, answer),
        exclusion=words.exclusion,
        home_name=words.home_name,
        held=await reservations.held_for_case(session, actor, case_id),
        case=case,
        answer=answer,
        names=organisation_names,
        homes=homes,
        picture=draw(points),
        points=points,
        open_contacts=await _open_contacts(session, actor, case_id),
        weights=shown,
        criteria=vocab.CRITERIA,
        hints=CRITERIA_HINTS,
        back=back,
    )


@router.get("/cases/{case_id}/why-not")
async def why_not(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """One named candidate against the case: every hard constraint it breaks, and its scores."""
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    provider = request.query_params.get("provider", "").strip()
    property_id = request.query_params.get("property_id", "").strip()
    query = await search.stored_case_query(session, actor, case_id)
    explained: list[tuple[str, ExplainAnswer]] = []
    message = None
    # "Explain" pressed with the box empty (found from outside: the page came back with no word)
    blank = "provider" in request.query_params and not provider and not property_id
    if property_id:
        try:
            home = await listings.get_property(session, actor, uuid.UUID(property_id))
        except ValueError as exc:
            raise NotFound("No property with that id.") from exc
        explained.append(
            (
                words.home_name(home.title, home.area),
                await search.explain(session, marketplace_index(request), actor, query, None, home.id, None),
            )
        )
    elif provider:
        found, _ = await organisation_directory.find_organisations(
            session, kind="care", text=provider, limit=5
        )
        for organisation in found:
            try:
                answer = await search.explain(
                    session, marketplace_index(request), actor, query, organisation.id, None, None
                )
            except NotFound:
                continue
            explained.append((organisation.name, answer))
        if not explained:
            message = f"No care provider with a published care offer is called ‘{provider}’."
    return render(
        request,
        "commissioner/why_not.html",
        exclusion=words.exclusion,
        case=case,
        provider=provider,
        explained=explained,
        message=message,
        blank=blank,
        status_code=422 if blank else (404 if message else 200),
    )


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError as exc:
        raise InvalidInput("Choose a provider or a home from the results.") from exc


@router.get("/cases/{case_id}/contacts/confirm")
async def confirm_contact(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Contacting shares the pen picture, which cannot be taken back: say with whom, and ask first."""
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    organisation_id = _uuid_or_none(request.query_params.get("organisation_id", "").strip())
    property_id = _uuid_or_none(request.query_params.get("property_id", "").strip())
    if organisation_id is None:
        raise InvalidInput("Choose a provider or a home from the results.")
    organisation = await organisations.get_organisation(session, organisation_id)
    home = await listings.get_property(session, actor, property_id) if property_id else None
    open_contact = (await _open_contacts(session, actor, case_id)).get(
        (str(organisation_id), str(property_id) if property_id else "")
    )
    return render(
        request,
        "commissioner/contact_confirm.html",
        case=case,
        organisation=organisation,
        home_name=words.home_name(home.title, home.area) if home else None,
        property_id=str(property_id) if property_id else "",
        contact=open_contact,
        back=_safe_back(request.query_params.get("back", ""), case_id),
    )


@router.post("/cases/{case_id}/contacts")
async def contact(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    contact_id = _uuid_or_none(text(form, "contact_id"))
    if contact_id is not None:
        # Contacting one already shortlisted moves that contact on (the shortlist keeps its history).
        try:
            patch = ContactPatch.model_validate(
                {"status": "contacted", "version": text(form, "version") or None}
            )
        except ValidationError as exc:
            raise InvalidInput("Choose a provider or a home from the results.") from exc
        moved = await contacts.update_contact(session, actor, contact_id, patch,
                                              identity_key=get_app_settings(request).identity_key)
        if not isinstance(moved, ContactOut) or moved.case_id != case_id:
            raise NotFound("No contact with that id for this case.")
        made = moved
    else:
        try:
            body = ContactIn.model_validate(
                {
                    "organisation_id": text(form, "organisation_id"),
                    "property_id": text(form, "property_id") or None,
                    "status": text(form, "status") or "contacted",
                }
            )
        except ValidationError as exc:
            raise InvalidInput("Choose a provider or a home from the results.") from exc
        made = await contacts.create_contact(session, actor, case_id, body,
                                             identity_key=get_app_settings(request).identity_key)
    what = f"{made.organisation_name}" + (f" about {made.property.title}" if made.property else "")
    flash(
        request,
        f"{what} is shortlisted."
        if made.status == "shortlisted"
        else f"The pen picture is shared with {what}.",
    )
    return redirect(_safe_back(text(form, "back"), case_id))


@router.post("/cases/{case_id}/reservations")
async def reserve(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    try:
        property_id = uuid.UUID(text(form, "property_id"))
    except ValueError as exc:
        raise InvalidInput("Choose a home from the results.") from exc
    held = await reservations.reserve(session, actor, property_id, case_id)
    flash(request, f"{held.title} is reserved for this case. No other case can reserve it.")
    return redirect(_safe_back(text(form, "back"), case_id))
