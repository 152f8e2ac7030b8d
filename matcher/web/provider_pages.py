"""A provider (a registered manager between shifts): the care offer with its derived PBS level and what
would raise it; homes listed, changed and withdrawn; the referrals inbox (see `referral_pages`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.responses import Response

from matcher import vocab
from matcher.auth import Actor
from matcher.contacts import service as contacts
from matcher.db.models import Organisation
from matcher.errors import Forbidden, InvalidInput, NotFound
from matcher.listings import service as listings
from matcher.listings.schemas import CareOfferIn, CareOfferOut, PropertyIn, PropertyOut, PropertyPatch
from matcher.market_calls import service as market_calls
from matcher.organisations import service as organisation_directory
from matcher.organisations import service as organisations
from matcher.places import place_error_for_people, resolve_place
from matcher.scoring.pbs import PBS_LEVEL_NAMES
from matcher.web._forms import (
    ENTER_A_PLACE,
    FormErrors,
    checked,
    date_parts,
    date_values,
    number_or_blank,
    place,
    place_text,
    read_date,
    text,
)
from matcher.web._rendering import render
from matcher.web._routing import PageRoute, ProviderDep, SessionDep, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PBS_EVIDENCE_FLAGS = (
    ("pbs_policy", "We have a PBS policy"),
    (
        "bild_act_certified_training",
        "Our PBS training is certified by the BILD Association of Certified Trainers",
    ),
    (
        "rrn_certified_training",
        "Our restrictive-intervention training is certified against the Restraint "
        "Reduction Network standards",
    ),
    ("pbs_lead", "We employ a qualified PBS practitioner or behaviour specialist (a PBS lead)"),
    ("practice_leadership", "Our managers coach staff on shift (practice leadership)"),
    (
        "restrictive_practice_reduction",
        "We run a restrictive practice reduction programme with published figures",
    ),
)
SERVICE_AREA_ROWS = 3


async def _own_organisation(session: AsyncSession, actor: Actor, kind: str) -> Organisation:
    if actor.organisation_id is None:
        raise Forbidden("Your account is not linked to an organisation.")
    organisation = await organisations.get_organisation(session, actor.organisation_id)
    if kind not in organisation.kinds:
        raise Forbidden(f"{organisation.name} is not listed as a {kind} provider.")
    return organisation


@router.get("/provider")
async def dashboard(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    assert actor.organisation_id is not None
    organisation = await organisations.get_organisation(session, actor.organisation_id)
    offer: CareOfferOut | None = None
    homes: list[PropertyOut] = []
    if "care" in organisation.kinds:
        try:
            offer = await listings.get_care_offer(session, organisation.id)
        except NotFound:
            offer = None
    if "housing" in organisation.kinds:
        homes, _ = await listings.list_properties(
            session, actor, organisation_id=organisation.id, status=None, limit=200, offset=0
        )
    waiting, total = await contacts.count_referrals(session, actor)
    open_calls = await market_calls.count_open_calls(session, actor)
    return render(
        request,
        "provider/dashboard.html",
        organisation=organisation,
        offer=offer,
        homes=homes,
        pbs_names=PBS_LEVEL_NAMES,
        referrals_total=total,
        referrals_waiting=waiting,
        market_calls_open=open_calls,
    )


# --- care offer ----------------------------------------------------------------------------------------


def _care_fields() -> tuple[list[str], dict[str, str]]:
    """The care offer's fields in the page's order (so is its error summary)."""
    labels = {
        "capacity.new_packages": "New packages you could start",
        "capacity.earliest_start": "Earliest start date",
    }
    for row in range(SERVICE_AREA_ROWS):
        labels[f"service_area[{row}].name"] = f"Area {row + 1}: town or postcode district"
        labels[f"service_area[{row}].radius_km"] = f"Distance you travel from area {row + 1}"
    labels |= {
        "service_types": "Services you offer",
        "client_groups": "People you support",
        "staffing.ratios": "Day staffing ratios",
        "staffing.nights": "Night cover",
        "staffing.female_staff_only": "Staff gender",
        "specialists": "Specialists",
        "communication": "Communication methods",
        "languages": "Languages",
        "pbs.pbs_policy": "PBS evidence",
        "pbs.staff_trained_pct": "Percentage of staff trained in PBS",
        "pbs.discharges_supported_3y": "People supported out of hospital in the last 3 years",
        "pbs.placement_breakdowns_3y": "Placement breakdowns in the last 3 years",
        "description": "About your service",
    }
    return list(labels), labels


def _care_values(offer: CareOfferOut | None) -> dict[str, Any]:
    if offer is None:
        return {
            "service_types": [],
            "client_groups": [],
            "staffing.ratios": [],
            "staffing.nights": [],
            "staff_only": [],
            "specialists": [],
            "communication": [],
            "languages": [],
            "pbs_evidence": [],
            "pbs.staff_trained_pct": "",
            "pbs.discharges_supported_3y": "0",
            "pbs.placement_breakdowns_3y": "0",
            "service_area": [],
            "capacity.new_packages": "",
            "capacity.earliest_start": date_values(None),
            "description": "",
        }
    pbs = offer.pbs.model_dump()
    return {
        "service_types": offer.service_types,
        "client_groups": offer.client_groups,
        "staffing.ratios": offer.staffing.ratios,
        "staffing.nights": offer.staffing.nights,
        "staff_only": [
            name for name in ("female_staff_only", "male_staff_only") if getattr(offer.staffing, name)
        ],
        "specialists": offer.specialists,
        "communication": offer.communication,
        "languages": offer.languages,
        "pbs_evidence": [name for name, _ in PBS_EVIDENCE_FLAGS if pbs.get(name)],
        "pbs.staff_trained_pct": str(offer.pbs.staff_trained_pct),
        "pbs.discharges_supported_3y": str(offer.pbs.discharges_supported_3y),
        "pbs.placement_breakdowns_3y": str(offer.pbs.placement_breakdowns_3y),
        "service_area": [{"name": a.name, "radius_km": f"{a.radius_km:g}"} for a in offer.service_area],
        "capacity.new_packages": str(offer.capacity.new_packages),
        "capacity.earliest_start": date_values(offer.capacity.earliest_start),
        "description": offer.description,
    }


def _care_values_from_form(form: FormData) -> dict[str, Any]:
    return {
        "service_types": checked(form, "service_types"),
        "client_groups": checked(form, "client_groups"),
        "staffing.ratios": checked(form, "staffing.ratios"),
        "staffing.nights": checked(form, "staffing.nights"),
        "staff_only": checked(form, "staff_only"),
        "specialists": checked(form, "specialists"),
        "communication": checked(form, "communication"),
        "languages": checked(form, "languages"),
        "pbs_evidence": checked(form, "pbs_evidence"),
        "pbs.staff_trained_pct": text(form, "pbs.staff_trained_pct"),
        "pbs.discharges_supported_3y": text(form, "pbs.discharges_supported_3y"),
        "pbs.placement_breakdowns_3y": text(form, "pbs.placement_breakdowns_3y"),
        "service_area": [
            {
                "name": text(form, f"service_area[{row}].name"),
                "radius_km": text(form, f"service_area[{row}].radius_km"),
            }
            for row in range(SERVICE_AREA_ROWS)
        ],
        "capacity.new_packages": text(form, "capacity.new_packages"),
        "capacity.earliest_start": date_parts(form, "capacity.earliest_start"),
        "description": text(form, "description"),
    }


def _care_body(
    form: FormData, errors: FormErrors, stored: CareOfferOut | None = None
) -> dict[str, Any]:
    """The form as the API's care offer. An area whose name is unchanged is sent with the coordinates
    it was saved at (`ServiceAreaIn.echoed`), so saving the page does not move it to the named town's
    centre."""
    kept = {a.name: a for a in stored.service_area} if stored is not None else {}
    evidence = set(checked(form, "pbs_evidence"))
    staff_only = set(checked(form, "staff_only"))
    areas: list[dict[str, Any]] = []
    for row in range(SERVICE_AREA_ROWS):
        name = text(form, f"service_area[{row}].name")
        radius = number_or_blank(form, f"service_area[{row}].radius_km")
        if name or radius:
            if not name:
                errors.add(
                    f"service_area[{row}].name", f"Area {row + 1}: enter the town or postcode district"
                )
                continue
            if not radius:
                errors.add(
                    f"service_area[{row}].radius_km",
                    f"Enter how far you travel from area {row + 1}, in kilometres",
                )
            # Errors name the row as the service does: service_area[i] of the rows actually sent.
            same = kept.get(name)
            where = place(name) if same is None else {
                "name": same.name, "latitude": same.latitude, "longitude": same.longitude}
            areas.append({**where, "radius_km": radius, "_row": row})
    if not areas and not errors:
        errors.add("service_area[0].name", "Enter at least one town or postcode district you work in")
    return {
        "service_types": checked(form, "service_types"),
        "client_groups": checked(form, "client_groups"),
        "staffing": {
            "ratios": checked(form, "staffing.ratios"),
            "nights": checked(form, "staffing.nights"),
            "female_staff_only": "female_staff_only" in staff_only,
            "male_staff_only": "male_staff_only" in staff_only,
        },
        "specialists": checked(form, "specialists"),
        "communication": checked(form, "communication"),
        "languages": checked(form, "languages"),
        "pbs": {
            **{name: name in evidence for name, _ in PBS_EVIDENCE_FLAGS},
            "staff_trained_pct": number_or_blank(form, "pbs.staff_trained_pct"),
            "discharges_supported_3y": number_or_blank(form, "pbs.discharges_supported_3y") or "0",
            "placement_breakdowns_3y": number_or_blank(form, "pbs.placement_breakdowns_3y") or "0",
        },
        "service_area": areas,
        "capacity": {
            "new_packages": number_or_blank(form, "capacity.new_packages"),
            "earliest_start": read_date(form, "capacity.earliest_start", "Earliest start date", errors),
        },
        "description": text(form, "description"),
    }


def _renumber(path: str, rows: list[int]) -> str:
    """The service's 'service_area[1]' is the second row *sent*; point at that row of the form."""
    for index, row in enumerate(rows):
        prefix = f"service_area[{index}]"
        if path.startswith(prefix):
            return f"service_area[{row}]" + path[len(prefix) :]
    return path


@router.get("/provider/care-offer")
async def care_offer_form(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "care")
    try:
        offer: CareOfferOut | None = await listings.get_care_offer(session, organisation.id)
    except NotFound:
        offer = None
    return _render_care_offer(request, organisation, offer, _care_values(offer), FormErrors(*_care_fields()))


def _render_care_offer(
    request: Request,
    organisation: Organisation,
    offer: CareOfferOut | None,
    values: dict[str, Any],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    areas = list(values["service_area"])
    rows = (areas + [{"name": "", "radius_km": ""}] * SERVICE_AREA_ROWS)[:SERVICE_AREA_ROWS]
    return render(
        request,
        "provider/care_offer.html",
        status_code=status_code,
        organisation=organisation,
        offer=offer,
        values=values,
        area_rows=rows,
        errors=errors,
        pbs_flags=PBS_EVIDENCE_FLAGS,
        pbs_names=PBS_LEVEL_NAMES,
    )


@router.post("/provider/care-offer")
async def save_care_offer(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "care")
    form = await request.form()
    errors = FormErrors(*_care_fields())
    try:
        stored: CareOfferOut | None = await listings.get_care_offer(session, organisation.id)
    except NotFound:
        stored = None
    body = _care_body(form, errors, stored)
    rows = [area.pop("_row") for area in body["service_area"]]
    try:
        valid: CareOfferIn | None = CareOfferIn.model_validate(body)
    except ValidationError as exc:
        valid = None
        errors.add_validation(exc, rename=lambda path: _renumber(path, rows))
    for index, area in enumerate(body["service_area"]):
        if "latitude" in area:
            continue  # an unchanged area, kept where it was
        try:  # every area typed is looked up now, so an unknown town is said with the round's other problems
            await resolve_place(session, area, f"service_area[{index}]")
        except InvalidInput as exc:
            _add_care_refusals(errors, exc, rows)
    if valid is not None and not errors:
        try:
            offer = await listings.put_care_offer(session, actor, organisation.id, valid)
        except InvalidInput as exc:
            _add_care_refusals(errors, exc, rows)
        else:
            flash(
                request,
                f"Your care offer is saved. Your PBS level is {offer.pbs_level} "
                f"({PBS_LEVEL_NAMES[offer.pbs_level]}).",
            )
            return redirect("/provider/care-offer")
    return _render_care_offer(request, organisation, stored, _care_values_from_form(form), errors, 422)


def _add_care_refusals(errors: FormErrors, exc: InvalidInput, rows: list[int]) -> None:
    for field_error in exc.errors:
        path = _renumber(field_error.field, rows)
        errors.add(path, _area_message(path, _place_message(field_error.message)))
    if not exc.errors:
        errors.add("service_types", exc.detail)


def _place_message(message: str) -> str:
    """The service's place errors also speak JSON to API clients; a person needs to know what to type.
    Its other errors start with a capital letter too."""
    plain = place_error_for_people(message, ENTER_A_PLACE)
    return plain[:1].upper() + plain[1:]


def _area_message(path: str, message: str) -> str:
    """"Area 2: ..." so that a person with several service areas knows which one to change."""
    row = re.match(r"service_area\[(\d+)\]", path)
    if row is None or message.startswith("Area "):
        return message
    return f"Area {int(row.group(1)) + 1}: {message[:1].lower() + message[1:]}"


# --- homes ---------------------------------------------------------------------------------------------


def _home_fields() -> tuple[list[str], dict[str, str]]:
    labels = {
        "title": "Short description",
        "location": "Town or postcode",
        "property_type": "Type of home",
        "living_arrangement": "Who lives there",
        "max_occupants": "Most people who can share",
        "bedrooms": "Bedrooms",
        "accessibility": "Accessibility",
        "features": "Features",
        "assistive_technology": "Assistive technology",
        "tenure": "Tenure",
        "weekly_rent": "Weekly rent",
        "available_from": "Available from",
        "status": "Status",
        "care_partners": "Care partners",
        "description": "About the home",
    }
    return list(labels), labels


def _home_values(home: PropertyOut | None, partner_names: list[str]) -> dict[str, Any]:
    if home is None:
        return {
            "title": "",
            "location": "",
            "property_type": None,
            "living_arrangement": "single_occupancy",
            "max_occupants": "1",
            "bedrooms": "",
            "accessibility": "G",
            "features": [],
            "assistive_technology": [],
            "tenure": [],
            "weekly_rent": "",
            "available_from": date_values(None),
            "status": "available",
            "care_partners": "",
            "description": "",
        }
    return {
        "title": home.title,
        "location": place_text(home.location),
        "property_type": home.property_type,
        "living_arrangement": home.living_arrangement,
        "max_occupants": str(home.max_occupants),
        "bedrooms": str(home.bedrooms),
        "accessibility": home.accessibility,
        "features": home.features,
        "assistive_technology": home.assistive_technology,
        "tenure": home.tenure,
        "weekly_rent": "" if home.weekly_rent is None else f"{home.weekly_rent:.2f}",
        "available_from": date_values(home.available_from),
        "status": home.status,
        "care_partners": "\n".join(partner_names),
        "description": home.description,
    }


def _home_values_from_form(form: FormData) -> dict[str, Any]:
    return {
        "title": text(form, "title"),
        "location": text(form, "location"),
        "property_type": text(form, "property_type") or None,
        "living_arrangement": text(form, "living_arrangement") or None,
        "max_occupants": text(form, "max_occupants"),
        "bedrooms": text(form, "bedrooms"),
        "accessibility": text(form, "accessibility") or None,
        "features": checked(form, "features"),
        "assistive_technology": checked(form, "assistive_technology"),
        "tenure": checked(form, "tenure"),
        "weekly_rent": text(form, "weekly_rent"),
        "available_from": date_parts(form, "available_from"),
        "status": text(form, "status") or None,
        "care_partners": text(form, "care_partners"),
        "description": text(form, "description"),
    }


async def _partner_ids(session: AsyncSession, names: str, errors: FormErrors) -> list[uuid.UUID]:
    """Care partners typed by name, one a line: each must name exactly one care provider."""
    ids: list[uuid.UUID] = []
    for name in (line.strip() for line in names.splitlines()):
        if not name:
            continue
        found, _ = await organisation_directory.find_organisations(session, kind="care", text=name)
        exact = [o for o in found if o.name.casefold() == name.casefold()]
        chosen = exact or found
        if len(chosen) == 1:
            ids.append(chosen[0].id)
        elif not chosen:
            errors.add("care_partners", f"No care provider is called ‘{name}’: check the name")
        else:
            names_found = ", ".join(o.name for o in chosen[:5])
            errors.add("care_partners", f"More than one care provider matches ‘{name}’: {names_found}")
    return ids


async def _partner_names(session: AsyncSession, ids: list[uuid.UUID]) -> list[str]:
    names = []
    for partner_id in ids:
        try:
            names.append((await organisations.get_organisation(session, partner_id)).name)
        except NotFound:
            continue
    return names


async def _home_body(session: AsyncSession, form: FormData, errors: FormErrors) -> dict[str, Any]:
    arrangement = text(form, "living_arrangement") or None
    occupants = number_or_blank(form, "max_occupants")
    body: dict[str, Any] = {
        "title": text(form, "title"),
        "property_type": text(form, "property_type") or None,
        "living_arrangement": arrangement,
        "max_occupants": "1" if arrangement == "single_occupancy" and not occupants else occupants,
        "bedrooms": number_or_blank(form, "bedrooms"),
        "accessibility": text(form, "accessibility") or "G",
        "features": checked(form, "features"),
        "assistive_technology": checked(form, "assistive_technology"),
        "tenure": checked(form, "tenure"),
        "weekly_rent": number_or_blank(form, "weekly_rent") or None,
        "available_from": read_date(form, "available_from", "Available from", errors),
        "care_partner_ids": await _partner_ids(session, text(form, "care_partners"), errors),
        "description": text(form, "description"),
    }
    location = text(form, "location")
    if not location:
        errors.add("location", "Enter the town or postcode of the home")
    else:
        body["location"] = place(location)
        try:  # looked up now, so an unknown town is said with the other problems of the round
            await resolve_place(session, body["location"], "location")
        except InvalidInput as exc:
            _home_errors(errors, exc)
    if body["property_type"] is None:
        errors.add("property_type", "Select the type of home")
    if arrangement is None:
        errors.add("living_arrangement", "Select who lives there")
    status = text(form, "status")
    if status:
        body["status"] = status
    return body


#: The one rule across "Who lives there" and "Most people who can live there" (`sharing_problem`), said on
#: the number a person would change.
SHARING_SAID = f"A home for one person on their own has 1 person; a shared home has 2 to {vocab.MAX_SHARING}"


def _home_words(path: str, error: Mapping[str, Any]) -> str | None:
    if path == "max_occupants" and error.get("type") == "field_rule":
        return SHARING_SAID
    return None


def _home_errors(errors: FormErrors, exc: ValidationError | InvalidInput) -> None:
    if isinstance(exc, ValidationError):
        errors.add_validation(exc, words=_home_words)
        return
    for field_error in exc.errors:
        if field_error.field == "max_occupants" and "max_occupants must be" in field_error.message:
            errors.add("max_occupants", SHARING_SAID)  # the same rule, checked against the stored home
            continue
        # The places service names the form it failed on (location.name, location.postcode); the page
        # has one box for all of them.
        if field_error.field == "location" or field_error.field.startswith("location."):
            errors.add("location", _place_message(field_error.message))
            continue
        path = "care_partners" if field_error.field.startswith("care_partner_ids") else field_error.field
        errors.add(path, field_error.message)
    if not exc.errors:
        errors.add("title", exc.detail)


@router.get("/provider/homes")
async def homes(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    items, total = await listings.list_properties(
        session, actor, organisation_id=organisation.id, status=None, limit=200, offset=0
    )
    return render(request, "provider/homes.html", organisation=organisation, homes=items, total=total)


def _render_home_form(
    request: Request,
    organisation: Organisation,
    home: PropertyOut | None,
    values: dict[str, Any],
    errors: FormErrors,
    status_code: int = 200,
) -> Response:
    statuses = [s for s in vocab.PROPERTY_STATUSES if s != "reserved"]
    return render(
        request,
        "provider/home_form.html",
        status_code=status_code,
        organisation=organisation,
        home=home,
        values=values,
        errors=errors,
        statuses=statuses,
    )


@router.get("/provider/homes/new")
async def new_home_form(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    return _render_home_form(request, organisation, None, _home_values(None, []), FormErrors(*_home_fields()))


@router.post("/provider/homes/new")
async def create_home(request: Request, session: SessionDep, actor: ProviderDep) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    form = await request.form()
    errors = FormErrors(*_home_fields())
    body = await _home_body(session, form, errors)
    try:
        valid: PropertyIn | None = PropertyIn.model_validate({**body, "organisation_id": organisation.id})
    except ValidationError as exc:
        valid = None
        _home_errors(errors, exc)
    if valid is not None and not errors:
        try:
            home = await listings.create_property(session, actor, valid)
        except InvalidInput as exc:
            _home_errors(errors, exc)
        else:
            flash(request, f"‘{home.title}’ is listed.")
            return redirect("/provider/homes")
    return _render_home_form(request, organisation, None, _home_values_from_form(form), errors, 422)


async def _own_home(session: AsyncSession, actor: Actor, property_id: uuid.UUID) -> PropertyOut:
    home = await listings.get_property(session, actor, property_id)
    if not actor.belongs_to(home.organisation_id):
        raise Forbidden("Only the home's own landlord can change it.")
    return home


@router.get("/provider/homes/{property_id}/edit")
async def edit_home_form(
    property_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    home = await _own_home(session, actor, property_id)
    values = _home_values(home, await _partner_names(session, home.care_partner_ids))
    return _render_home_form(request, organisation, home, values, FormErrors(*_home_fields()))


@router.post("/provider/homes/{property_id}/edit")
async def update_home(
    property_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    organisation = await _own_organisation(session, actor, "housing")
    home = await _own_home(session, actor, property_id)
    form = await request.form()
    errors = FormErrors(*_home_fields())
    body = await _home_body(session, form, errors)
    if text(form, "location") == place_text(home.location):
        body.pop("location", None)  # unchanged: keep the exact place, not the centre of the town it names
    if home.status == "reserved":
        body.pop("status", None)  # a reservation is released from the case, never by editing the home
    try:
        patch: PropertyPatch | None = PropertyPatch.model_validate(body)
    except ValidationError as exc:
        patch = None
        _home_errors(errors, exc)
    if patch is not None and not errors:
        try:
            saved = await listings.update_property(session, actor, property_id, patch)
        except InvalidInput as exc:
            _home_errors(errors, exc)
        else:
            flash(request, f"Your changes to ‘{saved.title}’ are saved.")
            return redirect("/provider/homes")
    return _render_home_form(request, organisation, home, _home_values_from_form(form), errors, 422)


@router.get("/provider/homes/{property_id}/withdraw")
async def withdraw_home_form(
    property_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    await _own_organisation(session, actor, "housing")
    home = await _own_home(session, actor, property_id)
    return render(request, "provider/withdraw_home.html", home=home)


@router.post("/provider/homes/{property_id}/withdraw")
async def withdraw_home(
    property_id: uuid.UUID, request: Request, session: SessionDep, actor: ProviderDep
) -> Response:
    await _own_organisation(session, actor, "housing")
    await _own_home(session, actor, property_id)
    saved = await listings.update_property(session, actor, property_id, PropertyPatch(status="withdrawn"))
    flash(request, f"‘{saved.title}’ is withdrawn. Commissioners will no longer find it.")
    return redirect("/provider/homes")
