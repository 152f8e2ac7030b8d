"""A commissioner (a busy care co-ordinator): their cases with each one's progress, the "new case" form
(pen picture checked for identifiers as they write, the redaction offered), and the case page with the
contact timeline, family suggestions and the family invitation. The search page is `search_pages`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.responses import Response

from matcher import vocab
from matcher.api.deps import get_app_settings
from matcher.auth import Actor
from matcher.cases import service as cases
from matcher.cases.schemas import AnonymiseIn, CaseIn, CaseOut, CasePatch
from matcher.contacts import service as contacts
from matcher.contacts.schemas import ContactPatch
from matcher.errors import Conflict, InvalidInput, NotFound
from matcher.families import service as families
from matcher.families.schemas import InvitationIn
from matcher.places import resolve_place
from matcher.privacy import CHECK_BELOW, PERSON, WORDS, Finding, anonymise_async, redact
from matcher.reservations import service as reservations
from matcher.screening import identifiers_in, with_known_numbers
from matcher.web import _words as words
from matcher.web._forms import (
    FormErrors,
    checked,
    date_parts,
    date_values,
    field_id,
    number_or_blank,
    place,
    read_date,
    text,
)
from matcher.web._rendering import render
from matcher.web._routing import CommissionerDep, PageRoute, SessionDep, changed_meanwhile, flash, redirect

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PLACE_ROWS = 3
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



def _saved_message(reference: str, done: str, removed: int) -> str:
    """The flash after a save: "Case C-12 is saved. 2 identifiers were taken out of the pen picture."."""
    taken = f" {removed} identifier{'s were' if removed > 1 else ' was'} taken out of the pen picture."
    return f"Case {reference} is {done}." + (taken if removed else "")

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


# --- new case and changing one ------------------------------------------------------------------------

#: The new-case journey's steps (GOV.UK "question pages", then "check your answers").
STEPS = {1: "The person and where", 2: "Pen picture", 3: "The home"}
CHECK_STEP = 4
#: Where the journey is, carried as hidden fields: `return_to` "check" once a step is changed from the
#: check page (its Continue goes back there); `refused` "yes" after a save was refused (the check page and
#: a step changed from it say their problems); `taken_out`, identifiers taken out by an accepted redaction.
JOURNEY_FIELDS = ("return_to", "refused", "taken_out")


def _case_fields(rows: int = PLACE_ROWS) -> tuple[list[str], dict[str, str]]:
    labels = {
        "reference": "Case reference",
        "identity.full_name": "Full name",
        "identity.known_as": "Known as",
        "identity.date_of_birth": "Date of birth",
        "identity.nhs_number": "NHS number",
        "identity.family_names": "Family members' names",
        "identity.address": "Home address",
    }
    for row in range(rows):
        labels[f"location.places[{row}].name"] = f"Place {row + 1}"
        labels[f"location.places[{row}].label"] = f"Why place {row + 1} matters"
        labels[f"location.places[{row}].weight"] = f"How much place {row + 1} matters"
    labels |= {
        "location.max_distance_km": "Furthest distance from these places",
        "target_move_date": "Hoped-for move date",
        "pen_picture.age_band": "Age",
        "pen_picture.gender": "Gender",
        "pen_picture.client_groups": "Support needs",
        "confirm_no_needs": "None of these needs",
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
    "pen_picture.language",
    "housing_spec.living_arrangement",
    "housing_spec.property_types",
    "housing_spec.must_have",
    "housing_spec.nice_to_have",
    "housing_spec.tenure",
)


#: What the number fields take, in plain words, for their error messages.
ALLOWED = {
    "location.max_distance_km": "a distance in kilometres, such as 40",
    "housing_spec.min_bedrooms": "a whole number of bedrooms, such as 2",
    "housing_spec.max_weekly_rent": "an amount in pounds a week, such as 250, or blank for no limit",
}
PLACE_WEIGHT_ALLOWED = "a number more than 0 and up to 100, such as 1 or 0.5, or blank for 1"

#: The form's date fields (GOV.UK date inputs: day, month and year boxes).
DATE_FIELDS = ("identity.date_of_birth", "target_move_date")


def _errors(rows: int = PLACE_ROWS) -> FormErrors:
    weights = {f"location.places[{row}].weight": PLACE_WEIGHT_ALLOWED for row in range(rows)}
    return FormErrors(*_case_fields(rows), allowed=ALLOWED | weights)


def section_of(name: str) -> int:
    """Which step a form field belongs to (1 the person and where, 2 the pen picture, 3 the home)."""
    if name.startswith("pen_picture.") or name == "confirm_no_needs":
        return 2
    if name.startswith("housing_spec."):
        return 3
    return 1


def _place_rows(form: FormData | None, stored: int = 0) -> int:
    sent = (
        int(text(form, "place_rows") or 0) if form is not None and text(form, "place_rows").isdigit() else 0
    )
    return max(PLACE_ROWS, min(max(sent, stored), 10))


def _blank_values(rows: int = PLACE_ROWS) -> dict[str, Any]:
    values: dict[str, Any] = {name: "" for name in _case_fields(rows)[0]}
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
        "identity.date_of_birth": date_parts_blank(),
        "places": [{"name": "", "label": "", "weight": ""} for _ in range(rows)],
        "place_rows": str(rows),
    }
    return values | dict.fromkeys(JOURNEY_FIELDS, "")


def date_parts_blank() -> dict[str, str]:
    return {"day": "", "month": "", "year": ""}


def _place_name(form: FormData, row: int) -> str:
    """The town typed, or the suggestion chosen in its place."""
    return text(form, f"location.places[{row}].suggestion") or text(form, f"location.places[{row}].name")


def _values_from_form(form: FormData) -> dict[str, Any]:
    rows = _place_rows(form)
    values: dict[str, Any] = {name: text(form, name) for name in _case_fields(rows)[0]}
    values["pen_picture.narrative"] = str(form.get("pen_picture.narrative") or "").strip()
    values["identity.family_names"] = str(form.get("identity.family_names") or "").strip()
    values |= {name: checked(form, name) for name in _LIST_FIELDS}
    values |= {name: date_parts(form, name) for name in DATE_FIELDS}
    values["places"] = []
    for row in range(rows):
        values[f"location.places[{row}].name"] = _place_name(form, row)
        values["places"].append(
            {
                "name": _place_name(form, row),
                "label": text(form, f"location.places[{row}].label"),
                "weight": text(form, f"location.places[{row}].weight"),
            }
        )
    values["place_rows"] = str(rows)
    values |= {name: text(form, name) for name in JOURNEY_FIELDS}
    return values


def _values_from_case(case: CaseOut) -> dict[str, Any]:
    """A stored case as the form's values (the identity only ever reaches its owning commissioners)."""
    rows = _place_rows(None, len(case.location.places))
    values = _blank_values(rows)
    if case.identity:
        values["identity.full_name"] = case.identity.full_name or ""
        values["identity.known_as"] = case.identity.known_as or ""
        values["identity.date_of_birth"] = date_values(case.identity.date_of_birth)
        values["identity.nhs_number"] = case.identity.nhs_number or ""
        values["identity.family_names"] = "\n".join(case.identity.family_names)
        values["identity.address"] = case.identity.address or ""
    values["reference"] = case.reference
    for row, given in enumerate(case.location.places):
        name = given.name or given.postcode or given.resolved.name
        values[f"location.places[{row}].name"] = name
        values[f"location.places[{row}].label"] = given.label or ""
        weight = "" if given.weight == 1.0 else f"{given.weight:g}"
        values[f"location.places[{row}].weight"] = weight
        values["places"][row] = {"name": name, "label": given.label or "", "weight": weight}
    values["location.max_distance_km"] = f"{case.location.max_distance_km:g}"
    values["target_move_date"] = date_values(case.target_move_date)
    pen = case.pen_picture
    values |= {
        "pen_picture.age_band": pen.age_band or "",
        "pen_picture.gender": pen.gender,
        "pen_picture.client_groups": list(pen.client_groups),
        "pen_picture.staffing.day_ratio": pen.staffing.day_ratio or "",
        "pen_picture.staffing.night": pen.staffing.night or "",
        "pen_picture.staffing.staff_gender": pen.staffing.staff_gender or "",
        "pen_picture.required_pbs_level": str(pen.required_pbs_level),
        "pen_picture.restrictive_interventions_in_plan": "yes"
        if pen.restrictive_interventions_in_plan
        else "no",
        "pen_picture.specialists": list(pen.specialists),
        "pen_picture.communication": list(pen.communication),
        "pen_picture.language": [pen.language] if pen.language else [],
        "pen_picture.narrative": pen.narrative,
        "confirm_no_needs": "" if pen.client_groups else "yes",
    }
    spec = case.housing_spec
    values |= {
        "housing_spec.living_arrangement": list(spec.living_arrangement),
        "housing_spec.property_types": list(spec.property_types),
        "housing_spec.min_bedrooms": str(spec.min_bedrooms),
        "housing_spec.must_have": list(spec.must_have),
        "housing_spec.nice_to_have": list(spec.nice_to_have),
        "housing_spec.min_accessibility": spec.min_accessibility,
        "housing_spec.tenure": list(spec.tenure),
        "housing_spec.max_weekly_rent": f"{spec.max_weekly_rent:g}"
        if spec.max_weekly_rent is not None
        else "",
    }
    return values


def _pairs(values: dict[str, Any], skip_section: int | None = None) -> list[tuple[str, str]]:
    """The values as (name, value) form fields, for hidden inputs that carry the other steps' answers."""
    rows = int(values.get("place_rows") or PLACE_ROWS)
    pairs: list[tuple[str, str]] = [("place_rows", str(rows))]
    pairs += [(name, str(values[name])) for name in JOURNEY_FIELDS if values.get(name)]
    for name in _case_fields(rows)[0]:
        if skip_section is not None and section_of(name) == skip_section:
            continue
        value = values.get(name, "")
        if name in DATE_FIELDS:
            pairs += [(f"{name}-{part}", str(value.get(part, ""))) for part in ("day", "month", "year")]
        elif isinstance(value, list):
            pairs += [(name, str(item)) for item in value]
        elif value:
            pairs.append((name, str(value)))
    return pairs


def _or_none(value: str) -> str | None:
    return value or None


def _case_body(form: FormData, errors: FormErrors) -> tuple[dict[str, Any], list[int]]:
    """The form as the API's case body, and which form row each sent place came from."""
    places, rows = [], []
    for row in range(_place_rows(form)):
        name, label = _place_name(form, row), text(form, f"location.places[{row}].label")
        if name:
            weight = number_or_blank(form, f"location.places[{row}].weight") or "1"
            places.append({**place(name), "label": label or None, "weight": weight})
            rows.append(row)
        elif label:
            errors.add(f"location.places[{row}].name", f"Enter the town or postcode of place {row + 1}")
    if not places and not errors.get("location.places[0].name"):
        errors.add("location.places[0].name", "Enter at least one place that matters to the person")
    full_name = text(form, "identity.full_name")
    family = [line.strip() for line in text(form, "identity.family_names").splitlines() if line.strip()]
    identity = None
    address = _or_none(text(form, "identity.address"))
    born = read_date(form, "identity.date_of_birth", "Date of birth", errors, example="21 11 1988")
    nhs_number = _or_none(text(form, "identity.nhs_number"))
    if full_name or text(form, "identity.known_as") or family or address or born or nhs_number:
        identity = {
            "full_name": full_name,
            "known_as": _or_none(text(form, "identity.known_as")),
            "date_of_birth": born,
            "nhs_number": nhs_number,
            "family_names": family,
            "address": address,
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
    if not checked(form, "pen_picture.client_groups") and text(form, "confirm_no_needs") != "yes":
        errors.add(
            "pen_picture.client_groups",
            "Tick the support needs the person has, or tick ‘The person has none of these needs’",
        )
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
    kinds = list(dict.fromkeys(WORDS.get(str(f.get("type")), "an identifier") for f in findings))
    return _and(kinds) or "an identifier"


PLACE_ALLOWED = "a UK town or city (like Loughborough) or a postcode district (like LE11)"


def _known(form: FormData) -> tuple[list[str], list[str], list[str]]:
    """The person's own names, their family's, and their address: what no shared text may hold."""
    own = [name for name in (text(form, "identity.full_name"), text(form, "identity.known_as")) if name]
    family = [line.strip() for line in text(form, "identity.family_names").splitlines() if line.strip()]
    address = text(form, "identity.address")
    return own, family, [address] if address else []


def _words_of(name: str) -> set[str]:
    return {word for word in re.split(r"[^\w']+", name.casefold()) if word}


def _identifier_words(found: Sequence[tuple[str, str]], own: Sequence[str], family: Sequence[str]) -> str:
    """(type, text found) as a person says it: 'the person's name and a phone number'."""
    own_words = set().union(*map(_words_of, own)) if own else set()
    family_words = set().union(*map(_words_of, family)) if family else set()
    said: list[str] = []
    for kind, found_text in found:
        if kind == PERSON and _words_of(found_text) & own_words:
            said.append("the person's name")
        elif kind == PERSON and _words_of(found_text) & family_words:
            said.append("a family member's name")
        else:
            said.append(WORDS.get(kind, "an identifier"))
    return _and(list(dict.fromkeys(said))) or "an identifier"


def _reference_message(said: str) -> str:
    return (
        f"The case reference must not contain {said}: providers and families see it. "
        "Use your own code, like LEI-2027-014"
    )


def _label_message(row: int, said: str) -> str:
    return (
        f"Why place {row + 1} matters must not contain {said} or other identifiers: write who or what "
        "the place is, like family"
    )


def _narrative_message(said: str, count: int) -> str:
    them = "them" if count > 1 else "it"
    return f"The pen picture contains {said}: remove {them}, or use the version with {them} taken out"


async def _identifiers(
    value: str, names: Sequence[str], addresses: Sequence[str], born: date | None, nhs: str
) -> list[tuple[str, str]]:
    """The service's rule for a reference and a place's label (`screening.identifiers_in`)."""
    found = await identifiers_in(value, names, addresses, [born] if born else [], [nhs] if nhs else [])
    return [(f.type, f.text) for f in found]


async def _screen(form: FormData, errors: FormErrors, *, narrative: bool) -> dict[str, Any] | None:
    """The identifier checks the service makes when the case is saved, made here so that each is said
    with every other problem of the round (the service stops at its first): the reference and the places'
    labels (short, so checked when step 1 is continued) and, with `narrative`, the pen picture, whose
    redacted version is returned to offer."""
    own, family, addresses = _known(form)
    names = own + family
    born = read_date(form, "identity.date_of_birth", "Date of birth", FormErrors([]))  # said elsewhere
    nhs = text(form, "identity.nhs_number")
    reference = text(form, "reference")
    if reference and not errors.get("reference"):
        found = await _identifiers(reference, names, addresses, born, nhs)
        if found:
            errors.add("reference", _reference_message(_identifier_words(found, own, family)))
    for row in range(_place_rows(form)):
        field = f"location.places[{row}].label"
        label = text(form, field)
        if label and not errors.get(field):
            found = await _identifiers(label, names, addresses, born, nhs)
            if found:
                errors.add(field, _label_message(row, _identifier_words(found, own, family)))
    told = str(form.get("pen_picture.narrative") or "").strip()
    if not narrative or not told or errors.get("pen_picture.narrative"):
        return None
    findings = await _narrative_findings(form)
    if not findings:
        return None
    redacted = redact(told, findings)
    said = _identifier_words([(f.type, f.text) for f in findings], own, family)
    errors.add("pen_picture.narrative", _narrative_message(said, len(findings)))
    return {"text": redacted, "count": len(findings), "what": said}


async def _narrative_findings(form: FormData) -> list[Finding]:
    """The service's rule for the pen picture: the detectors, and the person's own date of birth and NHS
    number as bare digits."""
    own, family, addresses = _known(form)
    told = str(form.get("pen_picture.narrative") or "").strip()
    born = read_date(form, "identity.date_of_birth", "Date of birth", FormErrors([]))  # said elsewhere
    nhs = text(form, "identity.nhs_number")
    _, found = await anonymise_async(told, tuple(own + family), tuple(addresses))
    return with_known_numbers(told, found, [nhs] if nhs else [], [born] if born else [])


async def _with_redaction(form: FormData) -> tuple[FormData, int]:
    """The form with its pen picture replaced by the redacted version ("Use this version"), so that the
    choice is carried in the form's values and a later step cannot undo it; and how many were taken out."""
    told = str(form.get("pen_picture.narrative") or "").strip()
    findings = await _narrative_findings(form)
    redacted = redact(told, findings)
    items = [(k, v) for k, v in form.multi_items() if k != "pen_picture.narrative"]
    return FormData([*items, ("pen_picture.narrative", redacted)]), len(findings)


async def _check_places(
    session: AsyncSession, form: FormData, errors: FormErrors, suggestions: dict[int, list[str]]
) -> None:
    """Every place typed, looked up now, so an unknown town is reported with the other errors of the same
    round, its nearest names offered as choices (`suggestions`, by form row)."""
    for row in range(_place_rows(form)):
        name = _place_name(form, row)
        if not name or errors.get(f"location.places[{row}].name"):
            continue
        try:
            await resolve_place(session, place(name), f"location.places[{row}]")
        except InvalidInput as exc:
            found = [str(s) for s in exc.extra.get("suggestions") or []]
            if found:
                suggestions[row] = found
                errors.add(
                    f"location.places[{row}].name",
                    f"Place {row + 1}: no UK town called ‘{name}’ is known. Choose one of the nearest names, "
                    f"or enter {PLACE_ALLOWED}",
                )
            else:
                errors.add(f"location.places[{row}].name", f"Place {row + 1}: enter {PLACE_ALLOWED}")


def _service_errors(
    exc: InvalidInput, rows: list[int], errors: FormErrors, form: FormData
) -> dict[str, Any] | None:
    """The service's refusal as form errors; the redaction offered when the pen picture had identifiers."""
    redaction: dict[str, Any] | None = None
    own, family, _ = _known(form)
    findings = list(exc.extra.get("findings") or [])
    for field_error in exc.errors:
        path = _renumber_places(field_error.field, rows)
        if path == "pen_picture.narrative" and "redacted_narrative" in exc.extra:
            told = str(form.get("pen_picture.narrative") or "").strip()
            said = _identifier_words(_found_in(told, findings), own, family)
            redaction = {"text": exc.extra["redacted_narrative"], "count": len(findings), "what": said}
            errors.add(path, _narrative_message(said, len(findings)))
        elif path == "reference" and findings:
            said = _identifier_words(_found_in(text(form, "reference"), findings), own, family)
            errors.add(path, _reference_message(said))
        elif (label := re.fullmatch(r"location\.places\[(\d+)\]\.label", path)) and findings:
            said = _identifier_words(_found_in(text(form, path), findings), own, family)
            errors.add(path, _label_message(int(label.group(1)), said))
        elif path.startswith("location.places"):
            errors.add(path, f"Enter {PLACE_ALLOWED}")
        else:
            errors.add(path, field_error.message)
    if not exc.errors:
        errors.add("reference", exc.detail)
    return redaction


def _found_in(value: str, findings: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The service's findings ({type, start, end}) as (type, text found) in the text sent."""
    return [(str(f.get("type")), value[int(f.get("start") or 0) : int(f.get("end") or 0)]) for f in findings]


def _render_case_form(
    request: Request,
    values: dict[str, Any],
    errors: FormErrors,
    *,
    step: int,
    case: CaseOut | None = None,
    redaction: dict[str, Any] | None = None,
    suggestions: dict[int, list[str]] | None = None,
    status_code: int = 200,
) -> Response:
    """One step of the new-case journey (the other steps' answers carried as hidden fields), the check
    page, or (with `case`) the change page for one part of a saved case."""
    template = "commissioner/check_case.html" if step == CHECK_STEP else "commissioner/new_case.html"
    check_summary, row_errors = _check_problems(errors)
    return render(
        request,
        template,
        status_code=status_code,
        values=values,
        errors=errors,
        redaction=redaction,
        suggestions={row: [(name, name) for name in names] for row, names in (suggestions or {}).items()},
        feature_choices=vocab.HOME_FEATURE_CODES,
        step=step,
        steps=STEPS,
        case=case,
        carried=_pairs(values, skip_section=None if step == CHECK_STEP else step),
        age_choices=list(words.AGE_BAND_WORDS.items()),
        gender_choices=list(words.GENDER_WORDS.items()),
        age_words=words.AGE_BAND_WORDS,
        gender_words=words.GENDER_WORDS,
        check_summary=check_summary,
        row_errors=row_errors,
    )


def _answer_row(name: str) -> str:
    """The check page's row that shows a field's answer (and so its error)."""
    if name in ("identity.date_of_birth", "identity.nhs_number"):
        return "born"
    if name.startswith("identity."):
        return "person"
    if name.startswith("location.places"):
        return "places"
    if name == "confirm_no_needs":
        return "pen_picture.client_groups"
    return name


def _check_problems(errors: FormErrors) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """The check page's error summary (message, the answer row's id) and each row's messages: every
    step's problems at once, each beside the answer it is about and its Change button."""
    summary: list[tuple[str, str]] = []
    by_row: dict[str, list[str]] = {}
    for error in errors.summary:
        row = _answer_row(error.field)
        summary.append((error.message, f"answer-{field_id(row)}"))
        by_row.setdefault(row, []).append(error.message)
    return summary, by_row


def _first_section(errors: FormErrors) -> int:
    return min((section_of(e.field) for e in errors.summary), default=1)


def _only_up_to(errors: FormErrors, step: int, rows: int, *, only_step: bool = False) -> FormErrors:
    """The errors of the steps up to `step` (or, `only_step`, of that step alone)."""
    kept = _errors(rows)
    for name, message in errors.by_field.items():
        if section_of(name) == step or (section_of(name) < step and not only_step):
            kept.by_field[name] = message
    return kept


@router.get("/cases/new")
async def new_case_form(request: Request, actor: CommissionerDep) -> Response:
    return _render_case_form(request, _blank_values(), _errors(), step=1)


async def _validated(
    session: AsyncSession, form: FormData, stored_move_date: date | None = None
) -> tuple[CaseIn | None, FormErrors, list[int], dict[int, list[str]]]:
    errors = _errors(_place_rows(form))
    body, rows = _case_body(form, errors)
    moving = body["target_move_date"]
    if isinstance(moving, date) and moving < date.today() and moving != stored_move_date:
        # said at step 1 with the rest, as the service refuses it (found from outside: only at the end)
        errors.add("target_move_date", "The hoped-for move date must be today or later; leave it blank if "
                                       "it is not known")
    suggestions: dict[int, list[str]] = {}
    await _check_places(session, form, errors, suggestions)
    try:
        valid: CaseIn | None = CaseIn.model_validate(body)
    except ValidationError as exc:
        valid = None
        errors.add_validation(
            exc,
            rename=lambda path: _renumber_places(path, rows),
            words=lambda path, error: _case_words(form, path, error),
        )
    return valid, errors, rows, suggestions


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _case_words(form: FormData, path: str, error: Mapping[str, Any]) -> str | None:
    """The case form's own words for the rules the API words for programmers."""
    if path == "housing_spec.nice_to_have" and error.get("type") == "field_rule":
        both = [code for code in checked(form, "housing_spec.nice_to_have")
                if code in checked(form, "housing_spec.must_have")]
        features = _and([vocab.label(code) for code in both]) or "A feature"
        if len(both) > 1:
            return f"{features} are ticked as must-haves, so untick them here"
        return f"{features} is ticked as a must-have, so untick it here"
    if path == "identity.date_of_birth" and error.get("type") == "value_error":
        born = error.get("input")
        if isinstance(born, date) and born.year < 1900:
            return "Date of birth must be after 1900"
        return "Date of birth must be in the past"
    return None


def _reference_error(errors: FormErrors, reference: str) -> None:
    errors.add(
        "reference",
        f"Your organisation already has a case with the reference ‘{reference}’. Enter a different reference",
    )


async def _check_reference_free(
    session: AsyncSession,
    actor: Actor,
    form: FormData,
    errors: FormErrors,
    case_id: uuid.UUID | None = None,
) -> None:
    reference = text(form, "reference")
    if reference and not errors.get("reference"):
        if await cases.reference_in_use(session, actor, reference, case_id):
            _reference_error(errors, reference)


async def _all_problems(
    session: AsyncSession, actor: Actor, form: FormData, *, narrative: bool = True
) -> tuple[CaseIn | None, FormErrors, list[int], dict[int, list[str]], dict[str, Any] | None]:
    """Every check a save makes, each problem said in the one round."""
    valid, errors, place_rows, suggestions = await _validated(session, form)
    await _check_reference_free(session, actor, form, errors)
    redaction = await _screen(form, errors, narrative=narrative)
    return valid, errors, place_rows, suggestions, redaction


@router.post("/cases/new")
async def create_case(request: Request, session: SessionDep, actor: CommissionerDep) -> Response:
    """Steps 1 to 3 ask; "Continue" checks that step's answers (and those before it); the check page
    shows them all, each with Change (whose step's Continue comes back to it); "Save the case" saves.
    Nothing is stored before that. A refused save is said on the check page, every problem at once."""
    typed = await request.form()
    form, taken = typed, 0
    redact = text(typed, "redact") == "yes"
    if redact:  # "use this version": from now on the form carries the redacted pen picture
        form, taken = await _with_redaction(typed)
    values = _values_from_form(form)
    rows = _place_rows(form)
    refused = values["refused"] == "yes"
    if text(form, "goto") in ("1", "2", "3"):  # "Change" on the check page
        step = int(text(form, "goto"))
        values["return_to"] = "check"
        if not refused:
            return _render_case_form(request, values, _errors(rows), step=step)
        _, errors, _, suggestions, redaction = await _all_problems(session, actor, form, narrative=step == 2)
        shown = _only_up_to(errors, step, rows, only_step=True)
        return _render_case_form(
            request, values, shown, step=step, suggestions=suggestions, redaction=redaction
        )
    step = int(text(form, "step")) if text(form, "step") in ("1", "2", "3") else CHECK_STEP
    if redact:  # "use this version and save": the answers were checked already
        step = CHECK_STEP
    if step < CHECK_STEP:
        valid, errors, place_rows, suggestions, _ = await _all_problems(session, actor, form, narrative=False)
        shown = _only_up_to(errors, step, rows)
        if shown:
            return _render_case_form(
                request, values, shown, step=_first_section(shown), suggestions=suggestions, status_code=422
            )
        if values["return_to"] != "check":
            return _render_case_form(request, values, shown, step=step + 1)
        if not refused:
            return _render_case_form(request, values, shown, step=CHECK_STEP)
        # Back to the check page of a refused save: what is still to put right, said there.
        valid, errors, place_rows, suggestions, redaction = await _all_problems(session, actor, form)
        values["refused"] = "yes" if errors else ""
        return _render_case_form(
            request, values, errors, step=CHECK_STEP, redaction=redaction, status_code=422 if errors else 200
        )
    valid, errors, place_rows, suggestions, redaction = await _all_problems(
        session, actor, form, narrative=not redact
    )
    if valid is not None and not errors:
        if redact:  # saved as typed with redact: the service takes the identifiers out and audits it
            typed_narrative = str(typed.get("pen_picture.narrative") or "").strip()
            valid = valid.model_copy(
                update={"pen_picture": valid.pen_picture.model_copy(update={"narrative": typed_narrative})}
            )
        try:
            saved = await cases.create_case(
                session, actor, valid, identity_key=get_app_settings(request).identity_key, redact=redact
            )
        except cases.ReferenceTaken:  # taken since the first step, by a colleague
            _reference_error(errors, text(form, "reference"))
        except InvalidInput as exc:
            redaction = _service_errors(exc, place_rows, errors, form)
        else:
            before = int(text(typed, "taken_out")) if text(typed, "taken_out").isdigit() else 0
            flash(request, _saved_message(saved.reference, "saved", before + len(saved.findings)))
            await session.commit()
            return redirect(f"/cases/{saved.id}")
    if taken:
        before = int(values["taken_out"]) if values["taken_out"].isdigit() else 0
        values["taken_out"] = str(before + taken)
    values["refused"] = "yes"
    return _render_case_form(
        request,
        values,
        errors,
        step=CHECK_STEP,
        redaction=redaction,
        suggestions=suggestions,
        status_code=422,
    )


@router.get("/cases/{case_id}/edit")
async def edit_case_form(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Change one part of a saved case (`?part=1|2|3`); the others are carried unchanged."""
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    part = request.query_params.get("part", "1")
    step = int(part) if part in ("1", "2", "3") else 1
    values = _values_from_case(case)
    return _render_case_form(request, values, _errors(int(values["place_rows"])), step=step, case=case)


@router.post("/cases/{case_id}/edit")
async def edit_case(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """The same checks as a new case (identifiers in the pen picture, places, every rule), then PATCH
    semantics through the cases service, which records the fields changed in the audit trail."""
    identity_key = get_app_settings(request).identity_key
    case = await cases.get_case(session, actor, case_id, identity_key=identity_key)
    form = await request.form()
    values = _values_from_form(form)
    step = int(text(form, "step")) if text(form, "step") in ("1", "2", "3") else 1
    valid, errors, place_rows, suggestions = await _validated(session, form, case.target_move_date)
    await _check_reference_free(session, actor, form, errors, case_id)
    if step == 1:  # the reference and the places' labels, said with the part's other problems
        await _screen(form, errors, narrative=False)
    redaction: dict[str, Any] | None = None
    if valid is not None and not errors:
        patch = valid.model_dump(mode="json", exclude={"identity"} if valid.identity is None else set())
        try:
            saved = await cases.update_case(
                session,
                actor,
                case_id,
                CasePatch.model_validate(patch),
                identity_key=identity_key,
                redact=text(form, "redact") == "yes",
            )
        except cases.ReferenceTaken:
            _reference_error(errors, text(form, "reference"))
        except InvalidInput as exc:
            redaction = _service_errors(exc, place_rows, errors, form)
        else:
            flash(request, _saved_message(saved.reference, "changed", len(saved.findings)))
            # Committed before the redirect: the case page that follows must show the change.
            await session.commit()
            return redirect(f"/cases/{case_id}")
    return _render_case_form(
        request,
        values,
        errors,
        step=_first_section(errors) if errors else step,
        case=case,
        redaction=redaction,
        suggestions=suggestions,
        status_code=422,
    )


@router.post("/cases/check-narrative")
async def check_narrative(request: Request, actor: CommissionerDep) -> Response:
    """For the new-case page's script: the identifiers in the text as written so far (nothing stored)."""
    form = await request.form()
    narrative = str(form.get("text") or "")[:20_000]
    names = [line.strip() for line in str(form.get("known_names") or "").splitlines() if line.strip()][:30]
    addresses = [line.strip()[:500] for line in str(form.get("known_addresses") or "").splitlines()
                 if line.strip()][:5]
    checked_text = await cases.anonymise_text(
        AnonymiseIn(text=narrative, known_names=names, known_addresses=addresses)
    )
    # (text, what it is or None, whether the checker is unsure): unsure ones read "check this".
    segments: list[tuple[str, str | None, bool]] = []
    position = 0
    for finding in sorted(checked_text.findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        segments.append((narrative[position : finding.start], None, False))
        segments.append(
            (narrative[finding.start : finding.end], WORDS.get(finding.type, "an identifier"),
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


#: How a home's change for the case reads in the timeline.
HOME_EVENT_WORDS = {
    "reserved": "Reserved for this case",
    "available": "Reservation released",
    "let": "Let to the person",
}


@router.get("/cases/{case_id}")
async def case_page(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    case = await cases.get_case(session, actor, case_id, identity_key=get_app_settings(request).identity_key)
    contact_items, _ = await contacts.list_case_contacts(session, actor, case_id, limit=200, offset=0)
    suggestions, _ = await families.list_suggestions(session, actor, case_id, limit=200, offset=0)
    view = await families.family_view(session, actor, case_id)
    timeline: list[dict[str, Any]] = []
    for c in contact_items:
        home = words.home_name(c.property.title or "", c.property.area) if c.property else None
        for event in c.history:
            timeline.append(
                {
                    "at": event.at,
                    "heading": f"{c.organisation_name}{f' ({home})' if home else ''}: "
                    f"{vocab.label(event.to_status)}",
                    "event": event,
                }
            )
    for change in await reservations.case_home_events(session, actor, case_id):
        timeline.append(
            {
                "at": change.at,
                "heading": f"{words.home_name(change.title, change.area)}: "
                f"{HOME_EVENT_WORDS.get(change.to_status, vocab.label(change.to_status))}",
                "event": None,
            }
        )
    # Newest first. Steps written in one transaction share a time (an award walks a contact through
    # several), so among equals the later-written comes first: histories are listed oldest first.
    order = {id(item): n for n, item in enumerate(timeline)}
    timeline.sort(key=lambda item: (item["at"], order[id(item)]), reverse=True)
    held = await reservations.held_for_case(session, actor, case_id)
    held_titles = {(h.title, h.area) for h in held}
    return render(
        request,
        "commissioner/case.html",
        case=case,
        contacts=contact_items,
        timeline=timeline,
        suggestions=suggestions,
        held=held,
        housing_options=[h for h in view.housing_options if (h.title, h.area) not in held_titles],
        invitations=await families.list_invitations(session, actor, case_id),
        home_name=words.home_name,
        move_labels=MOVE_LABELS,
        invitation=None,
    )


@router.post("/cases/{case_id}/reservations/{property_id}/release")
async def release_home(
    case_id: uuid.UUID, property_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Release a home this case holds (only this case's: the home is looked up among them)."""
    held = {h.property_id: h for h in await reservations.held_for_case(session, actor, case_id)}
    if property_id not in held:
        raise NotFound("This case does not hold that home.")
    released = await reservations.release(session, actor, property_id)
    flash(
        request, f"{words.home_name(released.title, released.area)} is released: other cases can reserve it."
    )
    await session.commit()
    return redirect(f"/cases/{case_id}#homes")


@router.post("/cases/{case_id}/family-invitations/{invitation_id}/withdraw")
async def withdraw_invitation(
    case_id: uuid.UUID,
    invitation_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    actor: CommissionerDep,
) -> Response:
    invitations = {i.id: i for i in await families.list_invitations(session, actor, case_id)}
    await families.withdraw_unused_invitation(session, actor, case_id, invitation_id)
    withdrawn = invitations.get(invitation_id)
    flash(
        request,
        f"The invitation to {withdrawn.email if withdrawn else 'the family member'} is withdrawn: "
        "its link no longer works.",
    )
    await session.commit()
    return redirect(f"/cases/{case_id}#invitations")


@router.get("/cases/{case_id}/family-invitations/{invitation_id}/remove-access")
async def remove_access_form(
    case_id: uuid.UUID,
    invitation_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    actor: CommissionerDep,
) -> Response:
    """Ask first: removing a family member's access cannot be undone (only a new invitation gives it back)."""
    case = await cases.case_for_search(session, actor, case_id)  # the reference: no identity needed
    invitation = next(
        (i for i in await families.list_invitations(session, actor, case_id) if i.id == invitation_id), None
    )
    if invitation is None or invitation.state != "accepted":
        raise NotFound("No family member with access from that invitation.")
    return render(request, "commissioner/remove_access.html", case=case, invitation=invitation)


@router.post("/cases/{case_id}/family-invitations/{invitation_id}/remove-access")
async def remove_access(
    case_id: uuid.UUID,
    invitation_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    actor: CommissionerDep,
) -> Response:
    email = await families.remove_family_access(session, actor, case_id, invitation_id)
    flash(request, f"{email} can no longer see this case.")
    await session.commit()
    return redirect(f"/cases/{case_id}#invitations")


@router.get("/cases/{case_id}/close")
async def close_case_page(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Closing asks first, and says which homes the case still holds (they stay reserved)."""
    case = await cases.case_for_search(session, actor, case_id)  # the reference: no identity needed
    held = await reservations.held_for_case(session, actor, case_id)
    return render(request, "commissioner/close_case.html", case=case, held=held, home_name=words.home_name)


@router.post("/cases/{case_id}/status")
async def set_case_status(
    case_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Close or reopen a case from its page (before, only the API could, found from outside)."""
    form = await request.form()
    wanted = text(form, "status")
    if wanted not in ("open", "closed"):
        raise InvalidInput.for_field("status", "choose open or closed")
    await cases.update_case(session, actor, case_id, CasePatch(status=wanted),
                            identity_key=get_app_settings(request).identity_key)
    flash(request, "The case is closed." if wanted == "closed" else "The case is open again.")
    return redirect(f"/cases/{case_id}")


@router.post("/cases/{case_id}/contacts/{contact_id}")
async def move_contact(
    case_id: uuid.UUID, contact_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    withdrawing = text(form, "status") == "withdrawn"
    errors = FormErrors(["note"], {"note": "Why you are withdrawing"})
    if withdrawing and text(form, "confirm") != "yes":
        # It ends the provider's view of the pen picture and cannot be undone: ask once more, and why
        # (found from outside: one click withdrew).
        return await _withdraw_page(request, session, actor, case_id, contact_id, errors, "")
    try:
        body = ContactPatch.model_validate(
            {
                "status": text(form, "status"),
                "note": text(form, "note") or None,
                "version": text(form, "version") or None,
            }
        )
    except ValidationError as exc:
        if not withdrawing:
            raise InvalidInput("Choose what happened next.") from exc
        errors.add_validation(exc)
        return await _withdraw_page(request, session, actor, case_id, contact_id, errors, text(form, "note"))
    try:
        moved = await contacts.update_contact(session, actor, contact_id, body,
                                              identity_key=get_app_settings(request).identity_key)
    except InvalidInput as exc:
        if not withdrawing:
            raise
        errors.add_all(exc.errors)
        return await _withdraw_page(request, session, actor, case_id, contact_id, errors, text(form, "note"))
    flash(request, f"Contact moved to ‘{vocab.label(moved.status)}’.")
    return redirect(f"/cases/{case_id}#contacts")


async def _withdraw_page(
    request: Request, session: AsyncSession, actor: Actor, case_id: uuid.UUID, contact_id: uuid.UUID,
    errors: FormErrors, note: str,
) -> Response:
    case = await cases.case_for_search(session, actor, case_id)  # the reference: no identity needed
    contact = await contacts.get_case_contact(session, actor, case_id, contact_id)
    return render(request, "commissioner/withdraw_confirm.html", status_code=422 if errors else 200,
                  case=case, contact=contact, errors=errors, note=note)


def _answer_errors() -> FormErrors:
    return FormErrors(["note"], {"note": "Your answer"})


async def _render_answer(
    request: Request, session: AsyncSession, actor: Actor, case_id: uuid.UUID, contact_id: uuid.UUID,
    *, errors: FormErrors, answer: str = "", status_code: int = 200,
) -> Response:
    """The provider's question (its latest note asking for more) beside the box for the answer."""
    case = await cases.case_for_search(session, actor, case_id)  # the reference: no identity needed
    contact = await contacts.get_case_contact(session, actor, case_id, contact_id)
    asked = next((e for e in reversed(contact.history) if e.to_status == "more_info_requested"), None)
    return render(request, "commissioner/answer.html", status_code=status_code, case=case, contact=contact,
                  question=asked, answer=answer, errors=errors, home_name=words.home_name)


@router.get("/cases/{case_id}/contacts/{contact_id}/answer")
async def answer_form(
    case_id: uuid.UUID, contact_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    """Answer a provider's request for more information: the one commissioner note the provider reads."""
    return await _render_answer(request, session, actor, case_id, contact_id, errors=_answer_errors())


@router.post("/cases/{case_id}/contacts/{contact_id}/answer")
async def send_answer(
    case_id: uuid.UUID, contact_id: uuid.UUID, request: Request, session: SessionDep, actor: CommissionerDep
) -> Response:
    form = await request.form()
    answer = text(form, "note")
    errors = _answer_errors()
    if not answer:
        errors.add("note", "Write your answer to their question")
    else:
        contact = await contacts.get_case_contact(session, actor, case_id, contact_id)
        try:
            body = ContactPatch.model_validate(
                {"status": "contacted", "note": answer, "version": text(form, "version") or None})
            await contacts.update_contact(session, actor, contact.id, body,
                                          identity_key=get_app_settings(request).identity_key)
        except ValidationError as exc:
            errors.add_validation(exc)
        except InvalidInput as exc:
            errors.add_all(exc.errors)
        except Conflict as exc:  # the provider answered, or a colleague withdrew, while this page was open
            said = changed_meanwhile(exc, "This contact") or exc.detail
            errors.add("note", f"{said}. Your answer is not sent")
        else:
            flash(request, f"Your answer is sent to {contact.organisation_name}. The contact is back to "
                           "‘Contacted’ until they answer.")
            return redirect(f"/cases/{case_id}#contacts")
    return await _render_answer(request, session, actor, case_id, contact_id, errors=errors, answer=answer,
                                status_code=422)


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
        email_queued=bool(get_app_settings(request).smtp_host),
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
