"""A provider's referrals inbox: pen pictures shared with it, read and answered (interested, declined
with a reason, or a request for more information). Every read is audited by the contacts service."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from matcher.api.deps import get_app_settings
from matcher.contacts import service as contacts
from matcher.contacts.schemas import ContactPatch, ReferralOut
from matcher.errors import Conflict, InvalidInput
from matcher.vocab import DECLINE_REASONS
from matcher.web import _words as words
from matcher.web._forms import FormErrors, text
from matcher.web._rendering import render
from matcher.web._routing import PageRoute, ProviderDep, SessionDep, changed_meanwhile, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ANSWER_LABELS = {
    "interested": "We are interested",
    "more_info_requested": "We need more information before we can say",
    "declined": "We cannot offer support",
}


def referral_reference(contact_id: uuid.UUID) -> str:
    """A short reference to the referral itself ("R-3F9A1C"), shown beside the case's reference (screened
    when the case is saved): one case may be referred to a provider more than once."""
    return "R-" + contact_id.hex[:6].upper()


def _answer_fields() -> tuple[list[str], dict[str, str]]:
    labels = {"status": "Your answer", "reason": "Why you cannot offer support", "note": "Message"}
    return list(labels), labels


def _render(
    request: Request,
    referral: ReferralOut,
    errors: FormErrors,
    values: dict[str, str],
    status_code: int = 200,
) -> Response:
    # A landlord answers about its home, not about support (found from outside: care words on a home's).
    labels = ANSWER_LABELS
    if referral.property:
        labels = {**ANSWER_LABELS, "declined": "We cannot offer this home"}
    answers = [(status, labels.get(status, status)) for status in referral.allowed_transitions]
    return render(
        request,
        "provider/referral.html",
        status_code=status_code,
        referral=referral,
        reference=referral_reference(referral.id),
        answers=answers,
        reasons=[r for r in DECLINE_REASONS if r != "no_suitable_staff"] if referral.property
        else DECLINE_REASONS,
        errors=errors,
        values=values,
        home_name=words.home_name,
    )


@router.get("/provider/referrals")
async def inbox(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    referrals, total = await contacts.list_referrals(session, actor, limit=200, offset=0)
    waiting = [r for r in referrals if r.allowed_transitions and r.status in ("contacted",)]
    return render(request, "provider/referrals.html", referrals=referrals, total=total, waiting=len(waiting),
                  references={r.id: referral_reference(r.id) for r in referrals})


@router.get("/provider/referrals/{contact_id}")
async def referral(
    contact_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    found = await contacts.get_referral(session, actor, contact_id)
    return _render(request, found, FormErrors(*_answer_fields()), {})


@router.post("/provider/referrals/{contact_id}")
async def answer(
    contact_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    form = await request.form()
    errors = FormErrors(*_answer_fields())
    values = {"status": text(form, "status"), "reason": text(form, "reason"), "note": text(form, "note")}
    if not values["status"]:
        errors.add("status", "Select your answer")
    elif values["status"] == "declined" and not values["reason"]:
        errors.add("reason", "Select why you cannot offer support")
    if text(form, "confirm") == "back":  # from the confirmation: the answer shown again, as it was chosen
        found = await contacts.get_referral(session, actor, contact_id)
        return _render(request, found, errors, values)
    if not errors and values["status"] == "declined" and text(form, "confirm") != "yes":
        # Declining ends the referral and the pen picture stops being shared: ask once more.
        found = await contacts.get_referral(session, actor, contact_id)
        return render(request, "provider/decline_confirm.html", referral=found,
                      reference=referral_reference(found.id), values=values, version=text(form, "version"))
    if not errors:
        try:
            body = ContactPatch.model_validate(
                {
                    "status": values["status"],
                    "note": values["note"] or None,
                    "reason": values["reason"] if values["status"] == "declined" else None,
                    "version": text(form, "version") or None,
                }
            )
            await contacts.update_contact(session, actor, contact_id, body,
                                          identity_key=get_app_settings(request).identity_key)
        except ValidationError as exc:
            errors.add_validation(exc)
        except InvalidInput as exc:
            errors.add_all(exc.errors)
        except Conflict as exc:  # answered meanwhile, in another tab or by a colleague: nothing changed
            said = changed_meanwhile(exc, "This referral") or "This referral changed while you had it open"
            errors.add("status", f"{said}. Check it below, then send your answer again")
        else:
            flash(
                request,
                f"Your answer is sent: {ANSWER_LABELS.get(values['status'], values['status']).lower()}.",
            )
            return redirect(f"/provider/referrals/{contact_id}")
    found = await contacts.get_referral(session, actor, contact_id)
    return _render(request, found, errors, values, 422)
