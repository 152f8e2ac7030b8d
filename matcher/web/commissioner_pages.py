"""A commissioner (a busy care co-ordinator): their cases with each one's progress, the "new case" form
(pen picture checked for identifiers as they write, the redaction offered), and the case page with the
contact timeline, family suggestions and the family invitation. The search page is `search_pages`."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from matcher import vocab
from matcher.api.deps import get_app_settings
from matcher.cases import service as cases
from matcher.cases.schemas import AnonymiseIn, CaseIn
from matcher.contacts import service as contacts
from matcher.contacts.schemas import ContactPatch
from matcher.errors import InvalidInput
from matcher.families import service as families
from matcher.families.schemas import InvitationIn
from matcher.privacy import CHECK_BELOW
from matcher.web._forms import FormErrors, checked, date_parts, number_or_blank, place, read_date, text
from matcher.web._rendering import render
from matcher.web._routing import CommissionerDep, PageRoute, SessionDep, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PLACE_ROWS = 3
#: How the privacy checker's finding types read in a sentence.
FINDING_WORDS = {
    "PERSON": "a name",
    "NHS_NUMBER": "an NHS number",
    "POSTCODE": "a full postcode",
    "DATE": "a date",
    "PHONE": "a phone number",
    "EMAIL": "an email address",
    "NINO": "a National Insurance number",
    "ADDRESS": "a street address",
}
INTERESTED = frozenset({"interested", "assessment", "offered", "accepted"})
#: What a commissioner's move on a contact is called on a button.
MOVE_LABELS = {
    "contacted": "Share the pen picture (contact)",
    "assessment": "Start an assessment",
    "offered": "Record an offer",
    "accepted": "Record the offer as accepted",
    "withdrawn": "Withdraw",
}


# --- cases list ----------------------------------------------------------------------------------------


@router.get("/cases")
async def case_list(request: Request, session: SessionDep, actor: CommissionerDep) -> Response:
    items, total = await cases.list_cases(
        session, actor, status=None, limit=100, offset=0, identity_key=get_app_settings(request).identity_key
    )
    rows = []
    for case in items:
        view = await families.family_view(session, actor, case.id)
        rows.append(
            {
                "case": case,
                "contacted": len(view.providers_contacted),
                "interested": sum(1 for p in view.providers_contacted if p.status in INTERESTED),
                "declined": sum(1 for p in view.providers_contacted if p.status == "declined"),
                "reserved": [h for h in view.housing_options if h.status == "reserved"],
            }
        )
    return render(request, "commissioner/cases.html", rows=rows, total=total)


# --- new case ------------------------------------------------------------------------------------------


def _case_fields() -> tuple[list[str], dict[str, str]]:
    labels = {
        "reference": "Case reference",
        "identity.full_name": "Full name",
        "identity.known_as": "Known as",
        "identity.family_names": "Family members' names",
    }
    for row in range(PLACE_ROWS):
        labels[f"location.places[{row}].name"] = f"Place {row + 1}"
        labels[f"location.places[{row}].label"] = f"Why place {row + 1} matters"
    labels |= {
        "location.max_distance_km": "Furthest distance from these places",
        "target_move_date": "Hoped-for move date",
        "pen_picture.age_band": "Age",
        "pen_picture.gender": "Gender",
        "pen_picture.client_groups": "Support needs",
        "pen_picture.staffing.day_ratio": "Staffing in the day",
        "pen_picture.staffing.night": "Night cover",
        "pen_picture.staffing.staff_gender": "Staff team",
        "pen_picture.required_pbs_level": "PBS level needed",
        "pen_picture.restrictive_interventions_in_plan": "Restrictive interventions",
        "pen_picture.specialists": "Specialists needed",
        "pen_picture.communication": "Communication",
        "pen_picture.language": "Language",
        "pen_picture.narrative": "Pen picture",
        "housing_spec.living_arrangement": "Living arrangement",
        "housing_spec.property_types": "Types of home",
        "housing_spec.min_bedrooms": "Bedrooms needed",
        "housing_spec.must_have": "Must have",
        "housing_spec.nice_to_have": "Nice to have",
        "housing_spec.min_accessibility": "Accessibility needed",
        "housing_spec.tenure": "Tenure",
        "housing_spec.max_weekly_rent": "Highest weekly rent",
    }
    return list(labels), labels


_LIST_FIELDS = (
    "pen_picture.client_groups",
    "pen_picture.specialists",
    "pen_picture.communication",
    "housing_spec.living_arrangement",
    "housing_spec.property_types",
    "housing_spec.must_have",
    "housing_spec.nice_to_have",
    "housing_spec.tenure",
)


def _blank_values() -> dict[str, Any]:
    values: dict[str, Any] = {name: "" for name in _case_fields()[0]}
    values |= {name: [] for name in _LIST_FIELDS}
    values |= {
        "housing_spec.living_arrangement": ["single_occupancy"],
        "location.max_distance_km": "40",
        "housing_spec.min_bedrooms": "1",
        "housing_spec.min_accessibility": "G",
        "pen_picture.gender": "not_stated",
        "pen_picture.required_pbs_level": "0",
        "pen_picture.restrictive_interventions_in_plan": "no",
        "target_move_date": date_parts_blank(),
        "places": [{"name": "", "label": ""} for _ in range(PLACE_ROWS)],
    }
    return values


def date_parts_blank() -> dict[str, str]:
    return {"day": "", "month": "", "year": ""}


def _values_from_form(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: text(form, name) for name in _case_fields()[0]}
    values |= {name: checked(form, name) for name in _LIST_FIELDS}
    values["target_move_date"] = date_parts(form, "target_move_date")
    values["places"] = [
        {
            "name": text(form, f"location.places[{row}].name"),
            "label": text(form, f"location.places[{row}].label"),
        }
        for row in range(PLACE_ROWS)
    ]
    return values


def _or_none(value: str) -> str | None:
    return value or None


def _case_body(form: FormData, errors: FormErrors) -> tuple[dict[str, Any], list[int]]:
    """The form as the API's case body, and which form row each sent place came from."""
    places, rows = [], []
    for row in range(PLACE_ROWS):
        name, label = text(form, f"location.places[{row}].name"), text(form, f"location.places[{row}].label")
        if name:
            places.append({**place(name), "label": label or None})
            rows.append(row)
        elif label:
            errors.add(f"location.places[{row}].name", f"Enter the town or postcode of place {row + 1}")
    if not places and not errors.get("location.places[0].name"):
        errors.add("location.places[0].name", "Enter at least one place that matters to the person")
    full_name = text(form, "identity.full_name")
    family = [line.strip() for line in text(form, "identity.family_names").splitlines() if line.strip()]
    identity = None
    if full_name or text(form, "identity.known_as") or family:
        identity = {
            "full_name": full_name,
            "known_as": _or_none(text(form, "identity.known_as")),
            "family_names": family,
        }
        if not full_name:
            errors.add(
                "identity.full_name", "Enter the person's full name, or leave all of their details blank"
            )
    language = checked(form, "pen_picture.language")
    body = {
        "reference": text(form, "reference"),
        "identity": identity,
        "location": {
            "places": places,
            "max_distance_km": number_or_blank(form, "location.max_distance_km") or "40",
        },
        "target_move_date": read_date(form, "target_move_date", "Hoped-for move date", errors),
        "pen_picture": {
            "age_band": _or_none(text(form, "pen_picture.age_band")),
            "gender": text(form, "pen_picture.gender") or "not_stated",
            "client_groups": checked(form, "pen_picture.client_groups"),
            "staffing": {
                "day_ratio": _or_none(text(form, "pen_picture.staffing.day_ratio")),
                "night": _or_none(text(form, "pen_picture.staffing.night")),
                "staff_gender": _or_none(text(form, "pen_picture.staffing.staff_gender")),
            },
            "required_pbs_level": text(form, "pen_picture.required_pbs_level") or "0",
            "restrictive_interventions_in_plan": text(form, "pen_picture.restrictive_interventions_in_plan")
            == "yes",
            "specialists": checked(form, "pen_picture.specialists"),
            "communication": checked(form, "pen_picture.communication"),
            "language": language[0] if language else None,
            "narrative": str(form.get("pen_picture.narrative") or "").strip(),
        },
        "housing_spec": {
            "living_arrangement": checked(form, "housing_spec.living_arrangement"),
            "property_types": checked(form, "housing_spec.property_types"),
            "min_bedrooms": number_or_blank(form, "housing_spec.min_bedrooms") or "1",
            "must_have": checked(form, "housing_spec.must_have"),
            "nice_to_have": checked(form, "housing_spec.nice_to_have"),
            "min_accessibility": text(form, "housing_spec.min_accessibility") or "G",
            "tenure": checked(form, "housing_spec.tenure"),
            "max_weekly_rent": number_or_blank(form, "housing_spec.max_weekly_rent") or None,
        },
    }
    if not checked(form, "housing_spec.living_arrangement"):
        errors.add("housing_spec.living_arrangement", "Select at least one living arrangement")
    return body, rows


def _renumber_places(path: str, rows: list[int]) -> str:
    for index, row in enumerate(rows):
        prefix = f"location.places[{index}]"
        if path.startswith(prefix):
            return f"location.places[{row}]" + path[len(prefix) :]
    return path


def _findings_sentence(findings: list[dict[str, Any]]) -> str:
    kinds = list(dict.fromkeys(FINDING_WORDS.get(str(f.get("type")), "an identifier") for f in findings))
    if len(kinds) > 1:
        return ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return kinds[0] if kinds else "an identifier"


def _render_new_case(
    request: Request,
    values: dict[str, Any],
    errors: FormErrors,
    redaction: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "commissioner/new_case.html",
        status_code=status_code,
        values=values,
        errors=errors,
        redaction=redaction,
        feature_choices=vocab.HOME_FEATURE_CODES,
    )


@router.get("/cases/new")
async def new_case_form(request: Request, actor: CommissionerDep) -> Response:
    return _render_new_case(request, _blank_values(), FormErrors(*_case_fields()))


@router.post("/cases/new")
async def create_case(request: Request, session: SessionDep, actor: CommissionerDep) -> Response:
    form = await request.form()
    errors = FormErrors(*_case_fields())
    body, rows = _case_body(form, errors)
    redaction: dict[str, Any] | None = None
    try:
        valid: CaseIn | None = CaseIn.model_validate(body)
    except ValidationError as exc:
        valid = None
        errors.add_validation(exc, rename=lambda path: _renumber_places(path, rows))
    if valid is not None and not errors:
        try:
            saved = await cases.create_case(
                session,
                actor,
                valid,
                identity_key=get_app_settings(request).identity_key,
                redact=text(form, "redact") == "yes",
            )
        except InvalidInput as exc:
            for field_error in exc.errors:
                path = _renumber_places(field_error.field, rows)
                if path == "pen_picture.narrative" and "redacted_narrative" in exc.extra:
                    findings = list(exc.extra.get("findings") or [])
                    redaction = {
                        "text": exc.extra["redacted_narrative"],
                        "count": len(findings),
                        "what": _findings_sentence(findings),
                    }
                    errors.add(
                        path,
                        f"The pen picture contains {_findings_sentence(findings)}: remove "
                        "them, or use the version with them taken out",
                    )
                elif path.startswith("location.places"):
                    errors.add(
                        path, "Enter a UK town or city (like Loughborough) or a postcode district (like LE11)"
                    )
                else:
                    errors.add(path, field_error.message)
            if not exc.errors:
                errors.add("reference", exc.detail)
        else:
            removed = len(saved.findings)
            flash(
                request,
                f"Case {saved.reference} is saved."
                + (
                    f" {removed} identifier{'s were' if removed > 1 else ' was'} taken out of the "
                    "pen picture."
                    if removed
                    else ""
                ),
            )
            return redirect(f"/cases/{saved.id}")
    return _render_new_case(request, _values_from_form(form), errors, redaction, 422)


@router.post("/cases/check-narrative")
async def check_narrative(request: Request, actor: CommissionerDep) -> Response:
    """For the new-case page's script: the identifiers in the text as written so far (nothing stored)."""
    form = await request.form()
    narrative = str(form.get("text") or "")[:20_000]
    names = [line.strip() for line in str(form.get("known_names") or "").splitlines() if line.strip()][:30]
    checked_text = await cases.anonymise_text(AnonymiseIn(text=narrative, known_names=names))
    # (text, what it is or None, whether the checker is unsure): unsure ones read "check this".
    segments: list[tuple[str, str | None, bool]] = []
    position = 0
    for finding in sorted(checked_text.findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        segments.append((narrative[position : finding.start], None, False))
        segments.append(
            (narrative[finding.start : finding.end], FINDING_WORDS.get(finding.type, "an identifier"),
             finding.confidence < CHECK_BELOW)
        )
        position = finding.end
    segments.append((narrative[position:], None, False))
    findings = [f.model_dump() for f in checked_text.findings]
    return render(
        request,
        "commissioner/_narrative_check.html",
        segments=segments,
        count=len(findings),
        doubtful=sum(1 for f in checked_text.findings if f.confidence < CHECK_BELOW),
        what=_findings_sentence(findings) if findings else "",
    )


# --- one case ------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}")
async def case_page(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    contact_items, _ = await contacts.list_case_contacts(session, actor, case_id, limit=200, offset=0)
    suggestions, _ = await families.list_suggestions(session, actor, case_id, limit=200, offset=0)
    view = await families.family_view(session, actor, case_id)
    events = [(event, c.organisation_name, c.property.title if c.property else None)
              for c in contact_items for event in c.history]
    events.sort(key=lambda item: item[0].at, reverse=True)
    timeline = [{"at": event.at, "organisation": organisation, "home": home, "event": event}
                for event, organisation, home in events]
    return render(
        request,
        "commissioner/case.html",
        case=case,
        contacts=contact_items,
        timeline=timeline,
        suggestions=suggestions,
        housing_options=view.housing_options,
        move_labels=MOVE_LABELS,
        invitation=None,
    )


@router.post("/cases/{case_id}/contacts/{contact_id}")
async def move_contact(
    case_id: uuid.UUID, contact_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    try:
        body = ContactPatch.model_validate(
            {
                "status": text(form, "status"),
                "note": text(form, "note") or None,
                "version": text(form, "version") or None,
            }
        )
    except ValidationError as exc:
        raise InvalidInput("Choose what happened next.") from exc
    moved = await contacts.update_contact(session, actor, contact_id, body)
    flash(request, f"Contact moved to ‘{vocab.label(moved.status)}’.")
    return redirect(f"/cases/{case_id}#contacts")


@router.post("/cases/{case_id}/family-invitations")
async def invite_family(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    email = text(form, "email")
    try:
        body = InvitationIn.model_validate({"email": email})
    except ValidationError:
        errors = FormErrors(["email"], {"email": "Email address"})
        errors.add("email", "Enter an email address in the correct format, like name@example.com")
        identity_key = get_app_settings(request).identity_key
        case = await cases.get_case(session, actor, case_id, identity_key=identity_key)
        return render(
            request,
            "commissioner/invite.html",
            status_code=422,
            case=case,
            errors=errors,
            values={"email": email},
            invitation=None,
        )
    invitation = await families.invite(session, actor, case_id, body, get_app_settings(request))
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    # The link is shown once, here, so the invitation works even where no email is sent.
    return render(
        request,
        "commissioner/invite.html",
        status_code=201,
        case=case,
        invitation=invitation,
        errors=FormErrors(["email"]),
        values={},
    )


@router.get("/cases/{case_id}/family-invitations")
async def invite_family_form(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    return render(
        request,
        "commissioner/invite.html",
        case=case,
        invitation=None,
        errors=FormErrors(["email"]),
        values={},
    )
