"""A family member (maybe an anxious parent on a phone): accept the invitation, then see in plain words
which providers were contacted and what they said, which homes were considered, and suggest another."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from matcher.api.deps import client_address, sign_in_throttle
from matcher.auth import repository as users
from matcher.errors import InvalidInput
from matcher.families import service as families
from matcher.families.schemas import AcceptIn, FamilyViewOut, SuggestionIn
from matcher.privacy import in_words
from matcher.screening import identifiers_in
from matcher.web import _session
from matcher.web import _words as words
from matcher.web._forms import FormErrors, text
from matcher.web._rendering import render
from matcher.web._routing import (
    CommissionerDep,
    FamilyDep,
    OptionalActorDep,
    PageRoute,
    SessionDep,
    flash,
    redirect,
)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: Contact statuses as a family reads them.
PLAIN_STATUS = {
    "contacted": "Asked, waiting for an answer",
    "interested": "Interested",
    "declined": "Said no",
    "more_info_requested": "Asked for more information",
    "assessment": "Meeting your relative to see if they can help",
    "offered": "Offered support",
    "accepted": "Chosen",
    "withdrawn": "No longer being considered",
    "shortlisted": "On the list to ask",
    "reserved": "Held for your relative",
    "let": "Let to your relative",
    "released": "No longer held",
    # a market call: the requirement sent to every provider that fits, who may make an offer
    "offer_made": "Made an offer",
    "offer_accepted": "Offer chosen",
    "not_selected": "Made an offer; another was chosen",
    "no_reply": "Did not make an offer",
    "organisation_left": "No longer on the service",
}
PLAIN_REASON = {
    "no_capacity": "they have no space for new people at the moment",
    "outside_area": "they do not work in that area",
    "needs_not_met": "they cannot meet your relative's needs",
    "risk_too_high": "they felt they could not support your relative safely",
    "no_suitable_staff": "they do not have the right staff available",
    "other": "another reason",
}


#: A link that no longer works is said so at once, with the status code that says it too.
_DEAD_LINK_STATUS = {"used": 409, "expired": 410, "unknown": 404}


async def _accept_page(request: Request, session: SessionDep, token: str, errors: FormErrors,
                       status_code: int = 200) -> Response:
    """The password form, naming the email the family will sign in with; or, for a used, expired or
    unknown link, what happened and what to do, before anyone types a password."""
    invitation = await families.invitation_state(session, token)
    if invitation.state != "open":
        return render(request, "family/accept_dead.html", status_code=_DEAD_LINK_STATUS[invitation.state],
                      invitation=invitation)
    return render(request, "family/accept.html", status_code=status_code, token=token, errors=errors,
                  invitation=invitation)


@router.get("/family/accept/{token}")
async def accept_form(token: str, request: Request, session: SessionDep, actor: OptionalActorDep) -> Response:
    return await _accept_page(request, session, token, FormErrors(["password", "confirm"]))


@router.post("/family/accept/{token}")
async def accept(token: str, request: Request, session: SessionDep) -> Response:
    form = await request.form()
    password, confirm = str(form.get("password") or ""), str(form.get("confirm") or "")
    errors = FormErrors(["password", "confirm"], {"password": "Password", "confirm": "Password again"})
    if len(password) < 10:
        errors.add("password", "Choose a password of 10 characters or more")
    elif password != confirm:
        errors.add("confirm", "The two passwords are not the same")
    if errors:
        return await _accept_page(request, session, token, errors, 422)
    try:
        body = AcceptIn(password=password)
    except ValidationError:
        errors.add("password", "Choose a password of 10 to 200 characters")
        return await _accept_page(request, session, token, errors, 422)
    try:
        accepted = await families.accept(
            session, token, body, sign_in_throttle(request), client_address(request)
        )
    except InvalidInput as exc:
        await session.rollback()  # the invitation claimed above stays unused
        errors.add("password", f"Choose a password that {exc.errors[0].message.removeprefix('password ')}"
                   if exc.errors else exc.detail)
        return await _accept_page(request, session, token, errors, 422)
    _session.load(request).sign_in(str(accepted.user_id))
    flash(request, "Your account is ready. You can sign in again with your email and this password.")
    return redirect(f"/family/cases/{accepted.case_id}")


@router.get("/family")
async def family_home(request: Request, session: SessionDep, actor: FamilyDep) -> Response:
    case_ids = await users.family_case_ids(session, actor.user_id)
    if len(case_ids) == 1:
        return redirect(f"/family/cases/{case_ids[0]}")
    views = [(case_id, await families.family_view(session, actor, case_id)) for case_id in case_ids]
    return render(request, "family/home.html", views=views)


def _render_case(
    request: Request,
    case_id: uuid.UUID,
    view: FamilyViewOut,
    errors: FormErrors,
    values: dict[str, str],
    status_code: int = 200,
    *,
    preview: bool = False,
) -> Response:
    return render(
        request,
        "family/case.html",
        status_code=status_code,
        case_id=case_id,
        view=view,
        plain_status=PLAIN_STATUS,
        plain_reason=PLAIN_REASON,
        home_name=words.home_name,
        errors=errors,
        values=values,
        preview=preview,
    )


@router.get("/cases/{case_id}/family-view")
async def family_case_preview(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """The family's page as the case's commissioners see it, read-only: market-call recipients are
    listed there too, so the family may read of more providers than the case page's contacts."""
    view = await families.family_view(session, actor, case_id)
    return _render_case(request, case_id, view, FormErrors(["provider_name", "note"]), {}, preview=True)


@router.get("/family/cases/{case_id}")
async def family_case(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: FamilyDep
) -> Response:
    view = await families.family_view(session, actor, case_id)
    return _render_case(request, case_id, view, FormErrors(["provider_name", "note"]), {})


@router.post("/family/cases/{case_id}/suggestions")
async def suggest(case_id: uuid.UUID, request: Request, session: SessionDep, actor: FamilyDep) -> Response:
    form = await request.form()
    values = {"provider_name": text(form, "provider_name"), "note": text(form, "note")}
    errors = FormErrors(["provider_name", "note"], {"provider_name": "Name of the provider", "note": "Why"})
    body: SuggestionIn | None = None
    try:
        body = SuggestionIn.model_validate(values)
    except ValidationError as exc:
        if not values["provider_name"]:
            errors.add("provider_name", "Enter the name of the provider you would like them to ask")
        errors.add_validation(exc)
    # The service's screening of the note, said with the round's other problems (found from outside: a
    # bare error page, then a round later); the detector's answer is cached for the save below.
    found = [f.type for f in await identifiers_in(values["note"])]
    if found:
        errors.add("note", f"Take out {in_words(found)}: the care co-ordinator may pass what you write to "
                           "providers, who must not learn who your relative is")
    if not errors and body is not None:
        await families.suggest(session, actor, case_id, body)
    if errors or body is None:
        view = await families.family_view(session, actor, case_id)
        return _render_case(request, case_id, view, errors, values, 422)
    flash(request, f"Thank you. The care co-ordinator can now see your suggestion of {body.provider_name}.")
    return redirect(f"/family/cases/{case_id}")
